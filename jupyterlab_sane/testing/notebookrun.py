"""A notebook's test cells in a fresh kernel: its other code cells first, then each test cell.

Shared by `jupyter sane test` (``headless.py``) and the pytest plugin (``pytest_plugin.py``):
both start a `NotebookSession`, run its set-up, then hand it test cells one at a time. The
runner (the same ``testrunner.py`` the frontend sends) reports every test as a display message
of its own MIME type, read back from the outputs, never from printed text.
"""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path

from . import testrunner
from .testcells import find_test_cells

RUNNER_FILE = "<jupyterlab-sane runner>"
SETUP_TIMEOUT = 600.0
RUN_TIMEOUT = 3600.0
# Beyond a test cell's own budget (its tests' timeouts): for the kernel to answer at all.
GRACE_S = 2.0
PROBLEM_LIMIT = 2_000
_TEST_DEF = re.compile(r"^(?:async\s+)?def\s+test_\w*\s*\(", re.M)
# Runs only some of a cell's tests (pytest's -k): the runner finds them through this function.
_SELECTED = (
    "m = __import__(module)\n"
    "find = m.callable_tests\n"
    "m.callable_tests = lambda tree: [n for n in find(tree) if n in only]\n"
    "try:\n"
    "    m.run_published(source, cell, timeout=timeout)\n"
    "finally:\n"
    "    m.callable_tests = find\n"
)


class BadInput(ValueError):
    """A notebook or an option the runner cannot work with: exit 2, one line on stderr."""


class Stop(Exception):
    """The run cannot go on.

    `problem`: what went wrong, for the report; `reason`: why the remaining tests did not run;
    `results`: what the test cell being run reported before it stopped (None: it did not run);
    `cell`: the index of the set-up cell that failed; `detail`: its traceback, if any.
    """

    def __init__(self, problem, reason, results=None, cell=None, detail=None):
        super().__init__(problem)
        self.problem = problem
        self.reason = reason
        self.results = results
        self.cell = cell
        self.detail = detail


def load_notebook(path):
    """The notebook at `path`, checked enough that nothing later trips over its shape."""
    import nbformat

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"cannot read it ({type(error).__name__}: {error})") from None
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BadInput(f"not JSON ({str(error)[:200]})") from None
    if not isinstance(raw, dict):
        raise BadInput(f"not a notebook (a JSON {type(raw).__name__}, not an object)")
    cells = raw.get("cells")
    if not isinstance(cells, list):
        raise BadInput('not a notebook (no "cells" list)')
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise BadInput(f"cell {index + 1} is not an object")
        source = cell.get("source")
        if not isinstance(cell.get("cell_type"), str) or not (
            isinstance(source, str)
            or (isinstance(source, list) and all(isinstance(s, str) for s in source))
        ):
            raise BadInput(f'cell {index + 1} has no valid "cell_type" or "source"')
        if not isinstance(cell.get("metadata", {}), dict):
            raise BadInput(f'cell {index + 1} has a "metadata" that is not an object')
    if not isinstance(raw.get("metadata", {}), dict):
        raise BadInput('not a notebook ("metadata" is not an object)')
    raw.setdefault("metadata", {})
    raw.setdefault("nbformat", 4)
    raw.setdefault("nbformat_minor", 5)
    try:
        return nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as error:  # nbformat's own complaints, whatever their class
        raise BadInput(f"not a notebook ({type(error).__name__}: {str(error)[:200]})") from None


def runner_source():
    return Path(testrunner.__file__).read_text(encoding="utf-8")


def install_code(source):
    """Code that loads the runner as a module in the kernel and binds nothing in its namespace."""
    boot = (
        "import sys, types\n"
        f"m = types.ModuleType({testrunner.MODULE!r})\n"
        f"m.__file__ = {RUNNER_FILE!r}\n"
        f"exec(compile({source!r}, m.__file__, 'exec'), m.__dict__)\n"
        "sys.modules[m.__name__] = m\n"
    )
    return f"exec({boot!r}, {{}})"


def run_code(source, cell_id, timeout, only=None):
    """Code that runs a test cell's tests (`only`: just these ``test_*`` functions)."""
    if only is None:
        return (
            f"__import__({testrunner.MODULE!r}).run_published("
            f"{source!r}, {cell_id!r}, timeout={timeout!r})"
        )
    names = {
        "module": testrunner.MODULE,
        "source": source,
        "cell": cell_id,
        "timeout": timeout,
        "only": sorted(only),
    }
    return f"exec({_SELECTED!r}, {names!r})"


def label(index, cell):
    return f"cell {index + 1}" + (f" ({cell['id']})" if cell.get("id") else "")


def short(text, limit=PROBLEM_LIMIT):
    return testrunner.truncate(str(text), limit)


def capped(result):
    """A result as reports keep it: long texts cut with a note, whoever sent them."""
    out = dict(result)
    for key, limit in (
        ("message", testrunner.MESSAGE_LIMIT),
        ("traceback", testrunner.TRACEBACK_LIMIT),
        ("output", testrunner.OUTPUT_LIMIT),
    ):
        if isinstance(out.get(key), str):
            # The slack keeps a note the kernel added from being cut and noted again.
            out[key] = testrunner.truncate(out[key], limit + 200)
    return out


def _events(cell):
    for output in cell.get("outputs", []):
        event = output.get("data", {}).get(testrunner.MIME)
        if output.get("output_type") == "display_data" and isinstance(event, dict):
            yield event


def _planned(cell):
    for event in _events(cell):
        if event.get("kind") == "plan":
            return list(event.get("tests") or [])
    return []


def _unfinished(probe, name, results, failure, limit):
    """The tests of a test cell that did not report: errors, with why."""
    done = {r["name"] for r in results}
    if failure.ename == "TimedOut":
        message = f"TimedOut: the test cell ran longer than {limit:g} s: the kernel was interrupted"
    else:
        message = short(f"the runner failed: {failure.ename}: {failure.evalue}")
    return [
        {"cell": name, "name": test, "outcome": "error", "message": message}
        for test in _planned(probe) or ["cell"]
        if test not in done
    ]


class _RunTimedOut(Exception):
    """The whole run's time is up."""


class NotebookSession:
    """One notebook's kernel: `start`, `run_setup`, then `run_tests` per test cell, `close`.

    `timeout`: seconds per test (in the kernel: a BaseException raised again until the test
    ends). `setup_timeout`: seconds per set-up cell. `run_timeout`: seconds for the whole run,
    counted from `start`. Beside the in-kernel timeout, a test cell that overruns its tests' time
    is interrupted from here and its unfinished tests are errors, so a run always ends.
    """

    def __init__(
        self,
        path,
        timeout=60.0,
        kernel_name=None,
        setup_timeout=SETUP_TIMEOUT,
        run_timeout=RUN_TIMEOUT,
    ):
        for name, value in (
            ("timeout", timeout),
            ("setup timeout", setup_timeout),
            ("run timeout", run_timeout),
        ):
            if not value or value <= 0:
                raise BadInput(f"the {name} must be a positive number of seconds")
        self.deadline = None
        self.path = Path(path)
        self.timeout = timeout
        self.kernel_name = kernel_name
        self.setup_timeout = setup_timeout
        self.run_timeout = run_timeout
        self.notebook = load_notebook(path)
        try:
            self.tests = find_test_cells(self.notebook)
        except (RecursionError, MemoryError) as error:
            message = f"a cell is too deeply nested to analyse ({type(error).__name__})"
            raise BadInput(message) from None
        self._client = self._work = self._kernel = None

    def label(self, index):
        return label(index, self.notebook.cells[index])

    def start(self):
        """Starts the kernel; BadInput when it cannot (no such kernel, it did not start)."""
        import nbformat
        from jupyter_client.kernelspec import NoSuchKernel
        from nbclient import NotebookClient

        # The run's time counts from here: pytest makes every session when it collects.
        self.deadline = time.monotonic() + self.run_timeout
        # The client runs a copy: the runner's own cells are appended to it, never to the file.
        self._work = nbformat.from_dict(self.notebook)
        options = {"timeout": None, "allow_errors": False, "shutdown_kernel": "immediate"}
        if self.kernel_name:
            options["kernel_name"] = self.kernel_name
        resources = {"metadata": {"path": str(self.path.resolve().parent)}}
        self._client = NotebookClient(self._work, resources=resources, **options)
        kernel = self._client.setup_kernel()
        try:
            kernel.__enter__()
        except NoSuchKernel as error:
            name = error.args[0] if error.args else self.kernel_name
            raise BadInput(f"no such kernel: {name}") from None
        except Exception as error:  # the kernel failed to start: nothing ran
            raise BadInput(f"the kernel did not start ({type(error).__name__}: {error})") from None
        self._kernel = kernel

    def close(self):
        kernel, self._kernel = self._kernel, None
        if kernel is not None:
            kernel.__exit__(None, None, None)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def _budget(self, own):
        """Seconds the next step may take: its own limit, within what is left of the run."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _RunTimedOut
        # nbclient counts whole seconds.
        return max(1, math.ceil(min(own, left))), own >= left

    def _run_out(self, results=None):
        return Stop(
            f"the run took longer than its {self.run_timeout:g} s",
            f"not run: the run took longer than {self.run_timeout:g} s",
            results,
        )

    def _execute(self, cell, index=None):
        """Runs a cell of the copy (`index`), or a cell of ours appended to it, then removed."""
        if index is not None:
            self._client.execute_cell(cell, index)
            return
        self._work.cells.append(cell)
        try:
            self._client.execute_cell(cell, len(self._work.cells) - 1, store_history=False)
        finally:
            self._work.cells.pop()

    def run_setup(self):
        """Runs every code cell but the test cells, in order, then loads the runner; or Stop."""
        import nbformat
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        client = self._client
        client.interrupt_on_timeout = False
        index = by_run = None
        try:
            for index, cell in enumerate(self.notebook.cells):
                if cell.cell_type == "code" and index not in self.tests:
                    client.timeout, by_run = self._budget(self.setup_timeout)
                    self._execute(self._work.cells[index], index)
            index = None
            client.timeout, by_run = self._budget(self.setup_timeout)
            self._execute(nbformat.v4.new_code_cell(install_code(runner_source())))
        except _RunTimedOut:
            raise self._run_out() from None
        except CellTimeoutError:
            if by_run:
                raise self._run_out() from None
            where = f"cell {index + 1}" if index is not None else "the runner's set-up"
            problem = f"{where} ran longer than the set-up timeout ({self.setup_timeout:g} s)"
            raise Stop(problem, "not run: set-up timed out", cell=index) from None
        except CellExecutionError as error:
            problem = short(f"a cell before the tests failed: {error.ename}: {error.evalue}")
            raise Stop(problem, "not run: set-up failed", cell=index, detail=str(error)) from None
        except DeadKernelError:
            raise Stop(
                "the kernel died before the tests", "not run: kernel died", cell=index
            ) from None

    def run_tests(self, index, only=None):
        """Runs the test cell at `index` (`only`: these of its tests); its results, or Stop."""
        import nbformat
        from nbclient.exceptions import CellExecutionError, DeadKernelError

        client = self._client
        cell = self.notebook.cells[index]
        name = self.label(index)
        count = len(only) if only is not None else len(_TEST_DEF.findall(cell.source))
        try:
            limit, by_run = self._budget(
                self.timeout * (max(1, count) + 1) + max(GRACE_S, self.timeout)
            )
        except _RunTimedOut:
            raise self._run_out() from None
        # On overrun: interrupt the kernel, answer with this error at once.
        client.timeout = limit
        client.interrupt_on_timeout = True
        client.error_on_timeout = {
            "ename": "TimedOut",
            "evalue": f"the test cell ran longer than {limit:g} s",
            "traceback": [],
        }
        probe = nbformat.v4.new_code_cell(run_code(cell.source, name, self.timeout, only))
        try:
            self._execute(probe)
            failure = None
        except CellExecutionError as error:
            failure = error
        except DeadKernelError:
            raise Stop("the kernel died during the tests", "not run: kernel died") from None
        finally:
            client.error_on_timeout = None
        results = [capped(e) for e in _events(probe) if e.get("kind") == "result"]
        if failure is not None:
            results += _unfinished(probe, name, results, failure, limit)
            if by_run:
                raise self._run_out(results)
        return results
