"""`jupyter sane test NOTEBOOK.ipynb`: a notebook's test cells, run headless in a fresh kernel.

The notebook's other code cells run first, in order, as "Run all" would; then the runner (the
same ``testrunner.py`` the frontend sends) runs each test cell and reports every test as a
display message of its own MIME type, read back from the outputs, never from printed text.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from . import testrunner
from .testcells import find_test_cells

RUNNER_FILE = "<jupyterlab-sane runner>"


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


def _run_extra(client, work, code):
    """Runs code of the runner's as a cell appended to the client's copy, then removes it."""
    import nbformat

    cell = nbformat.v4.new_code_cell(code)
    work.cells.append(cell)
    try:
        client.execute_cell(cell, len(work.cells) - 1, store_history=False)
    finally:
        work.cells.pop()
    return cell


def _label(index, cell):
    return f"cell {index + 1}" + (f" ({cell['id']})" if cell.get("id") else "")


def run_notebook(path, timeout=60.0, kernel_name=None):
    """Runs the notebook's non-test cells, then its tests, in a fresh kernel."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    started = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    tests = find_test_cells(notebook)
    report = Report(notebook=str(path))
    # The client runs a copy: the runner's own cells are appended to it, never to the file.
    work = nbformat.from_dict(notebook)
    options = {"timeout": None, "allow_errors": False}
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

    with client.setup_kernel():
        try:
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type == "code" and index not in tests:
                    client.execute_cell(work.cells[index], index)
            _run_extra(client, work, install_code(runner_source()))
        except CellExecutionError as error:
            report.problem = f"a cell before the tests failed: {error.ename}: {error.evalue}"
            not_run("not run: set-up failed")
        except DeadKernelError:
            report.problem = "the kernel died before the tests"
            not_run("not run: kernel died")
        while pending and report.problem is None:
            index = pending[0]
            cell = notebook.cells[index]
            try:
                probe = _run_extra(
                    client, work, run_code(cell.source, _label(index, cell), timeout)
                )
            except DeadKernelError:
                report.problem = "the kernel died during the tests"
                not_run("not run: kernel died")
                break
            pending.pop(0)
            report.results += [e for e in _events(probe) if e.get("kind") == "result"]
    report.seconds = time.perf_counter() - started
    return report


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
        if tag:
            detail = ElementTree.SubElement(case, tag, message=r.get("message", ""))
            detail.text = r.get("traceback", "")
        if r.get("output"):
            ElementTree.SubElement(case, "system-out").text = r["output"]
    if report.problem:
        case = ElementTree.SubElement(suite, "testcase", classname=name, name="set-up")
        ElementTree.SubElement(case, "error", message=report.problem)
    root = ElementTree.Element("testsuites")
    root.append(suite)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True)
