"""`jupyter sane test NOTEBOOK.ipynb`: a notebook's test cells, run headless in a fresh kernel.

A thin layer over ``notebookrun.NotebookSession`` (which the pytest plugin runs too): the
notebook's other code cells run first, in order, as "Run all" would, then each test cell; this
module turns what the runner reported into the summary lines and the JUnit XML.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from .notebookrun import (
    RUN_TIMEOUT,
    SETUP_TIMEOUT,
    BadInput,
    NotebookSession,
    Stop,
    capped,
    short,
)

__all__ = ["BadInput", "Report", "junit_xml", "run_notebook", "summary"]


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


def run_notebook(
    path, timeout=60.0, kernel_name=None, setup_timeout=SETUP_TIMEOUT, run_timeout=RUN_TIMEOUT
):
    """Runs the notebook's non-test cells, then its tests, in a fresh kernel; always ends.

    The options are `NotebookSession`'s. BadInput for a notebook or a kernel it cannot use.
    """
    started = time.perf_counter()
    session = NotebookSession(path, timeout, kernel_name, setup_timeout, run_timeout)
    report = Report(notebook=str(path))
    pending = list(session.tests)
    with session:
        try:
            session.run_setup()
            while pending:
                report.results += session.run_tests(pending[0])
                pending.pop(0)
        except Stop as stop:
            if stop.results is not None:
                report.results += stop.results
                pending.pop(0)
            report.problem = stop.problem
            report.results += [
                {
                    "cell": session.label(index),
                    "name": "cell",
                    "outcome": "notrun",
                    "message": stop.reason,
                }
                for index in pending
            ]
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
        r = capped(r)
        if tag:
            detail = ElementTree.SubElement(case, tag, message=r.get("message", ""))
            detail.text = r.get("traceback", "")
        if r.get("output"):
            ElementTree.SubElement(case, "system-out").text = r["output"]
    if report.problem:
        case = ElementTree.SubElement(suite, "testcase", classname=name, name="set-up")
        ElementTree.SubElement(case, "error", message=short(report.problem))
    root = ElementTree.Element("testsuites")
    root.append(suite)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True)
