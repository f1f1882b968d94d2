"""pytest's view of a notebook: the file, its test cells, and one item per test.

``NB.ipynb::cell_3::test_add`` is the ``test_add`` function the third cell defines;
``NB.ipynb::cell_5`` is a cell of asserts, one test. The notebook's kernel starts, and its
other code cells run, in the file's ``setup`` (pytest's SetupState fails every item of the file
with the same error if that fails), and it shuts down once the last of its items has run.
A cell with ``test_*`` functions runs once, in its own ``setup``, for the items selected.
"""

from __future__ import annotations

import ast
import re

import pytest

from . import testrunner
from .notebookrun import BadInput, NotebookSession, Stop
from .testcells import plain_python

# The session's options, from pytest's command line.
OPTIONS = pytest.StashKey[dict]()
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Cells longer than this show the lines around the failing one only.
_SHOWN_LINES = 40
_AROUND = 8


def planned_tests(source):
    """The ``test_*`` functions the runner will call, read without running the cell."""
    lines = source.splitlines(True)
    if lines and lines[0].lstrip().startswith("%%ipytest"):
        source = "".join(lines[1:])
    try:
        tree = ast.parse(plain_python(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []  # one item for the cell: the kernel reports why it does not run
    return testrunner.callable_tests(tree)


class ResultFailed(Exception):
    """A test the runner reported as failed, an error or not run: `text` says how."""

    def __init__(self, text):
        super().__init__(text)
        self.text = text


def _numbered(source, mark):
    lines = source.splitlines() or [""]
    first, last = 1, len(lines)
    if len(lines) > _SHOWN_LINES:
        centre = mark or 1
        first, last = max(1, centre - _AROUND), min(len(lines), centre + _AROUND)
    width = len(str(last))
    return "\n".join(
        f"{'>' if n == mark else ' '} {n:>{width}} | {lines[n - 1]}" for n in range(first, last + 1)
    )


def describe(session, index, result):
    """What a user reads about a test that did not pass: the cell, the line, the error."""
    cell = session.notebook.cells[index]
    name = session.label(index)
    traceback = result.get("traceback") or ""
    lines = re.findall(rf'File "<test cell {re.escape(name)}>", line (\d+)', traceback)
    mark = int(lines[-1]) if lines else None
    if mark and cell.source.lstrip().startswith("%%ipytest"):
        mark += 1  # the runner drops the magic's line before it compiles the cell
    message = result.get("message") or result["outcome"]
    # The first line is what pytest's short summary shows.
    where = f"{session.path.name}, {name}, {result['name']}: {result['outcome']}"
    head = f"{message.splitlines()[0]}\n{where}"
    body = traceback.rstrip() if traceback else message
    return f"{head}\n\n{_numbered(cell.source, mark)}\n\n{body}"


def _setup_text(session, stop):
    head = f"{session.path.name}: {stop.problem}"
    if stop.cell is None:
        return head
    detail = _ANSI.sub("", stop.detail) if stop.detail else session.notebook.cells[stop.cell].source
    return f"{head}\n{session.label(stop.cell)}:\n\n{detail.strip()}"


class NotebookFile(pytest.File):
    """A notebook: its test cells are collected; its kernel lives while its items run."""

    def collect(self):
        try:
            self.notebook_session = NotebookSession(self.path, **self.config.stash[OPTIONS])
        except BadInput as error:
            raise self.CollectError(f"{self.path.name}: {error}") from None
        self.stopped = None
        for index in self.notebook_session.tests:
            cell = self.notebook_session.notebook.cells[index]
            names = planned_tests(cell.source)
            name = f"cell_{index + 1}"
            if names:
                yield CellTests.from_parent(self, name=name, index=index, names=names)
            else:
                yield CellItem.from_parent(self, name=name, index=index)

    def setup(self):
        session = self.notebook_session
        try:
            session.start()
            session.run_setup()
        except BadInput as error:
            text = f"{self.path.name}: {error}"
        except Stop as stop:
            self.stopped = stop
            text = _setup_text(session, stop)
        else:
            return
        # Raised outside the handler: pytest shows this, not the exception it replaces.
        pytest.fail(text, pytrace=False)

    def teardown(self):
        self.notebook_session.close()

    def check_running(self):
        """Fails at once when an earlier test cell stopped the run (the kernel died)."""
        if self.stopped is not None:
            stop = self.stopped
            pytest.fail(f"{self.path.name}: {stop.reason} ({stop.problem})", pytrace=False)

    def run(self, index, only=None):
        """The results of the test cell at `index` (`only`: these of its tests)."""
        self.check_running()
        try:
            return self.notebook_session.run_tests(index, only)
        except Stop as stop:
            self.stopped = stop
            if stop.results is not None:
                return stop.results
        label = self.notebook_session.label(index)
        pytest.fail(f"{self.path.name}, {label}: {self.stopped.problem}", pytrace=False)


def _raise_unless_passed(item, results):
    for result in results:
        if result.get("output"):
            item.add_report_section("call", "stdout", result["output"])
    failed = [r for r in results if r["outcome"] != "passed"]
    if failed:
        session = item.notebook.notebook_session
        texts = [describe(session, item.index, r) for r in failed]
        raise ResultFailed("\n\n".join(texts))


class _ResultItem(pytest.Item):
    @property
    def notebook(self):
        return self.getparent(NotebookFile)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ResultFailed):
            return excinfo.value.text
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, self.nodeid.split("::", 1)[-1]


class CellItem(_ResultItem):
    """A cell of asserts: one test, the cell itself."""

    def __init__(self, *, index, **kwargs):
        super().__init__(**kwargs)
        self.index = index

    def setup(self):
        self.notebook.check_running()

    def runtest(self):
        _raise_unless_passed(self, self.notebook.run(self.index))


class CellTests(pytest.Collector):
    """A cell that defines ``test_*`` functions: it runs once, for the items selected."""

    def __init__(self, *, index, names, **kwargs):
        super().__init__(**kwargs)
        self.index = index
        self.names = names
        self.results = {}

    def collect(self):
        for name in self.names:
            yield FunctionItem.from_parent(self, name=name)

    def setup(self):
        selected = [item.name for item in self.session.items if item.parent is self]
        results = self.parent.run(self.index, selected or self.names)
        self.results = {r["name"]: r for r in results}
        body = self.results.get("cell (set-up)")
        if body is not None and body["outcome"] != "passed":
            # The cell itself failed before its tests: each of them is an error, with why.
            session = self.parent.notebook_session
            pytest.fail(describe(session, self.index, body), pytrace=False)


class FunctionItem(_ResultItem):
    """A ``test_*`` function of a test cell."""

    @property
    def index(self):
        return self.parent.index

    def runtest(self):
        result = self.parent.results.get(self.name)
        if result is None:
            # The kernel read the cell otherwise (a syntax error it alone sees, say).
            result = self.parent.results.get("cell") or {
                "name": self.name,
                "outcome": "error",
                "message": f"the kernel ran no test named {self.name} in this cell",
            }
        _raise_unless_passed(self, [result])
