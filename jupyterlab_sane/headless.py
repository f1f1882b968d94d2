"""`jupyter sane test NOTEBOOK.ipynb`: a notebook's test cells, run headless in a fresh kernel.

The notebook's other code cells run first, in order, as "Run all" would; then the runner (the
same ``testrunner.py`` the frontend sends) runs each test cell and reports every test as a
display message of its own MIME type, read back from the outputs, never from printed text.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from . import testrunner
from .testcells import find_test_cells

RUNNER_FILE = "<jupyterlab-sane runner>"
SETUP_TIMEOUT = 600.0
RUN_TIMEOUT = 3600.0
# Beyond a test cell's own budget (its tests' timeouts): for the kernel to answer at all.
GRACE_S = 2.0
PROBLEM_LIMIT = 2_000
_TEST_DEF = re.compile(r"^(?:async\s+)?def\s+test_\w*\s*\(", re.M)


class BadInput(ValueError):
    """A notebook or an option the runner cannot work with: exit 2, one line on stderr."""


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


def run_code(source, cell_id, timeout):
    return (
        f"__import__({testrunner.MODULE!r}).run_published("
        f"{source!r}, {cell_id!r}, timeout={timeout!r})"
    )


@dataclass
class Report:
    """What a headless run found: one dict per test, as the runner reported it."""

    notebook: str
    results: list = field(default_factory=list)
    problem: str | None = None
    seconds: float = 0.0

    def count(self, outcome):
        return sum(1 for r in self.results if r["outcome"] == outcome)

    @property
    def ok(self):
        return self.problem is None and all(r["outcome"] == "passed" for r in self.results)


def _events(cell):
    for output in cell.get("outputs", []):
        event = output.get("data", {}).get(testrunner.MIME)
        if output.get("output_type") == "display_data" and isinstance(event, dict):
            yield event


def _run_extra(client, work, code, cell=None):
    """Runs code of the runner's as a cell appended to the client's copy, then removes it.

    `cell`: the cell to run it in, which keeps the outputs that arrived if it fails.
    """
    import nbformat

    if cell is None:
        cell = nbformat.v4.new_code_cell(code)
    work.cells.append(cell)
    try:
        client.execute_cell(cell, len(work.cells) - 1, store_history=False)
    finally:
        work.cells.pop()
    return cell


def _planned(cell):
    for event in _events(cell):
        if event.get("kind") == "plan":
            return list(event.get("tests") or [])
    return []


def _short(text, limit=PROBLEM_LIMIT):
    return testrunner.truncate(str(text), limit)


def _capped(result):
    """A result as the report keeps it: long texts cut with a note, whoever sent them."""
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


def _label(index, cell):
    return f"cell {index + 1}" + (f" ({cell['id']})" if cell.get("id") else "")


def run_notebook(
    path, timeout=60.0, kernel_name=None, setup_timeout=SETUP_TIMEOUT, run_timeout=RUN_TIMEOUT
):
    """Runs the notebook's non-test cells, then its tests, in a fresh kernel; always ends.

    `timeout`: seconds per test (in the kernel: a BaseException raised again until the test
    ends). `setup_timeout`: seconds per set-up cell. `run_timeout`: seconds for the whole run.
    Beside the in-kernel timeout, a test cell that overruns its tests' time is interrupted
    from here and its unfinished tests are errors, so the run ends whatever the test does.
    """
    import nbformat
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    for name, value in (("timeout", timeout), ("setup timeout", setup_timeout)):
        if not value or value <= 0:
            raise BadInput(f"the {name} must be a positive number of seconds")
    if not run_timeout or run_timeout <= 0:
        raise BadInput("the run timeout must be a positive number of seconds")
    started = time.perf_counter()
    deadline = time.monotonic() + run_timeout
    notebook = load_notebook(path)
    try:
        tests = find_test_cells(notebook)
    except (RecursionError, MemoryError) as error:
        raise BadInput(f"a cell is too deeply nested to analyse ({type(error).__name__})") from None
    report = Report(notebook=str(path))
    # The client runs a copy: the runner's own cells are appended to it, never to the file.
    work = nbformat.from_dict(notebook)
    options = {"timeout": None, "allow_errors": False, "shutdown_kernel": "immediate"}
    if kernel_name:
        options["kernel_name"] = kernel_name
    resources = {"metadata": {"path": str(Path(path).resolve().parent)}}
    client = NotebookClient(work, resources=resources, **options)
    pending = list(tests)

    def not_run(reason):
        for index in pending:
            cell = notebook.cells[index]
            report.results.append(
                {
                    "cell": _label(index, cell),
                    "name": "cell",
                    "outcome": "notrun",
                    "message": reason,
                }
            )
        pending.clear()

    def budget(own):
        """Seconds the next step may take: its own limit, within what is left of the run."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise _RunTimedOut
        # nbclient counts whole seconds.
        return max(1, math.ceil(min(own, left))), own >= left

    def run_out():
        report.problem = f"the run took longer than its {run_timeout:g} s"
        not_run(f"not run: the run took longer than {run_timeout:g} s")

    setup = client.setup_kernel()
    try:
        setup.__enter__()
    except NoSuchKernel as error:
        raise BadInput(f"no such kernel: {error.args[0] if error.args else kernel_name}") from None
    except Exception as error:  # the kernel failed to start: nothing ran, nothing to report
        raise BadInput(f"the kernel did not start ({type(error).__name__}: {error})") from None
    try:
        index = None
        try:
            client.interrupt_on_timeout = False
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type == "code" and index not in tests:
                    client.timeout, by_run = budget(setup_timeout)
                    client.execute_cell(work.cells[index], index)
            index = None
            client.timeout, by_run = budget(setup_timeout)
            _run_extra(client, work, install_code(runner_source()))
        except _RunTimedOut:
            run_out()
        except CellTimeoutError:
            if by_run:
                run_out()
            else:
                where = f"cell {index + 1}" if index is not None else "the runner's set-up"
                report.problem = f"{where} ran longer than the set-up timeout ({setup_timeout:g} s)"
                not_run("not run: set-up timed out")
        except CellExecutionError as error:
            report.problem = _short(
                f"a cell before the tests failed: {error.ename}: {error.evalue}"
            )
            not_run("not run: set-up failed")
        except DeadKernelError:
            report.problem = "the kernel died before the tests"
            not_run("not run: kernel died")
        while pending and report.problem is None:
            index = pending[0]
            cell = notebook.cells[index]
            label = _label(index, cell)
            count = max(1, len(_TEST_DEF.findall(cell.source)))
            try:
                limit, by_run = budget(timeout * (count + 1) + max(GRACE_S, timeout))
            except _RunTimedOut:
                run_out()
                break
            # On overrun: interrupt the kernel, answer with this error at once.
            client.timeout = limit
            client.interrupt_on_timeout = True
            client.error_on_timeout = {
                "ename": "TimedOut",
                "evalue": f"the test cell ran longer than {limit:g} s",
                "traceback": [],
            }
            code = run_code(cell.source, label, timeout)
            probe = nbformat.v4.new_code_cell(code)
            try:
                _run_extra(client, work, code, probe)
                failure = None
            except CellExecutionError as error:
                failure = error
            except DeadKernelError:
                report.problem = "the kernel died during the tests"
                not_run("not run: kernel died")
                break
            finally:
                client.error_on_timeout = None
            pending.pop(0)
            results = [e for e in _events(probe) if e.get("kind") == "result"]
            report.results += [_capped(r) for r in results]
            if failure is not None:
                _unfinished(report, probe, label, results, failure, limit)
                if by_run:
                    run_out()
    finally:
        setup.__exit__(None, None, None)
    report.seconds = time.perf_counter() - started
    return report


class _RunTimedOut(Exception):
    """The whole run's time is up."""


def _unfinished(report, probe, label, results, failure, limit):
    """The tests of a test cell that did not report: errors, with why."""
    done = {r["name"] for r in results}
    planned = _planned(probe) or ["cell"]
    if failure.ename == "TimedOut":
        message = f"TimedOut: the test cell ran longer than {limit:g} s: the kernel was interrupted"
    else:
        message = _short(f"the runner failed: {failure.ename}: {failure.evalue}")
    for name in planned:
        if name not in done:
            report.results.append(
                {"cell": label, "name": name, "outcome": "error", "message": message}
            )


def summary(report):
    """The lines printed after a run: one per test that did not pass, then the counts."""
    lines = []
    for r in report.results:
        if r["outcome"] != "passed":
            message = (r.get("message") or "").splitlines()
            first = message[0] if message else ""
            lines.append(f"{r['outcome'].upper():7} {r['cell']} {r['name']}: {first}")
    if report.problem:
        lines.append(f"PROBLEM {report.problem}")
    counts = ", ".join(
        f"{report.count(o)} {word}"
        for o, word in (("passed", "passed"), ("failed", "failed"), ("error", "errors"))
    )
    skipped = report.count("notrun")
    if skipped:
        counts += f", {skipped} not run"
    total = len(report.results)
    lines.append(
        f"{os.path.basename(report.notebook)}: {total} tests, {counts} in {report.seconds:.2f} s"
    )
    return lines


def junit_xml(report):
    """The report as JUnit XML, the format CI systems read."""
    name = Path(report.notebook).stem
    suite = ElementTree.Element(
        "testsuite",
        name=name,
        tests=str(len(report.results)),
        failures=str(report.count("failed")),
        errors=str(report.count("error") + (1 if report.problem else 0)),
        skipped=str(report.count("notrun")),
        time=f"{report.seconds:.3f}",
    )
    for r in report.results:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=f"{name}.{r['cell']}",
            name=r["name"],
            time=f"{r.get('duration', 0):.6f}",
        )
        tag = {"failed": "failure", "error": "error", "notrun": "skipped"}.get(r["outcome"])
        r = _capped(r)
        if tag:
            detail = ElementTree.SubElement(case, tag, message=r.get("message", ""))
            detail.text = r.get("traceback", "")
        if r.get("output"):
            ElementTree.SubElement(case, "system-out").text = r["output"]
    if report.problem:
        case = ElementTree.SubElement(suite, "testcase", classname=name, name="set-up")
        ElementTree.SubElement(case, "error", message=_short(report.problem))
    root = ElementTree.Element("testsuites")
    root.append(suite)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True)
