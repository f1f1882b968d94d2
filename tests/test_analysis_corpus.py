"""The TypeScript analysis against the CPython reference, on every notebook of the corpus.

Runs `node lib/cli.js analyze` over ../shared/corpus once, then per code cell compares the
extraction with tests/analysis_reference.py: refusals, parameters and results. Every generated
cell must parse under CPython after IPython's own transformation.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

from .analysis_reference import expected_extractions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CLI = ROOT / "lib" / "cli.js"
REPORT = ROOT / ".build" / "analysis-agreement.txt"

pytestmark = [
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}"),
    pytest.mark.skipif(not CLI.is_file(), reason="lib/cli.js is not built: run `jlpm build:lib`"),
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
]


def _sources(path: Path) -> list[str]:
    cells = json.loads(path.read_text())["cells"]
    out = []
    for cell in cells:
        if cell["cell_type"] == "code":
            source = cell["source"]
            out.append("".join(source) if isinstance(source, list) else source)
    return out


@pytest.fixture(scope="module")
def comparison():
    notebooks = sorted(CORPUS.glob("*/*.ipynb"))
    result = subprocess.run(
        ["node", str(CLI), "analyze", *map(str, notebooks)],
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stdout)
    rows = []
    for notebook in report["notebooks"]:
        expected = expected_extractions(_sources(Path(notebook["path"])))
        assert len(expected) == len(notebook["cells"])
        rows += [
            (notebook["path"], cell, want)
            for cell, want in zip(notebook["cells"], expected, strict=True)
        ]
    return report, rows


def test_no_cell_that_must_be_refused_is_extracted(comparison):
    _, rows = comparison
    wrong = [
        (path, cell["index"], want.refusal)
        for path, cell, want in rows
        if want.refusal and cell["extract"]["ok"]
    ]
    assert wrong == []


def test_every_generated_cell_parses_under_cpython(comparison):
    _, rows = comparison
    transformer = TransformerManager()
    failures = []
    for path, cell, _ in rows:
        if cell["extract"]["ok"]:
            try:
                ast.parse(transformer.transform_cell(cell["extract"]["source"]))
            except SyntaxError as error:
                failures.append((path, cell["index"], str(error)))
    assert failures == []


def test_params_and_results_agree_with_cpython(comparison):
    report, rows = comparison
    extractable = [(p, c, w) for p, c, w in rows if w.refusal is None]
    same = [
        (p, c, w)
        for p, c, w in extractable
        if c["extract"]["ok"]
        and set(c["extract"]["params"]) == set(w.params)
        and set(c["extract"]["returns"]) == set(w.returns)
    ]
    in_order = [
        1
        for _, c, w in same
        if c["extract"]["params"] == w.params and c["extract"]["returns"] == w.returns
    ]
    share = len(same) / len(extractable)
    lines = [
        f"code cells: {len(rows)}",
        f"extractable (CPython reference): {len(extractable)}",
        f"params and returns equal: {len(same)} ({share:.2%}); in the same order: {len(in_order)}",
        f"test cells: {sum(1 for _, c, _ in rows if c['test'])}",
        f"clone groups: {len(report['clones'])}",
    ]
    disagreements = [
        f"{Path(p).name} cell {c['index']}: ours {c['extract'].get('params')} -> "
        f"{c['extract'].get('returns')} {c['extract'].get('reason', '')}; "
        f"CPython {w.params} -> {w.returns}"
        for p, c, w in extractable
        if (p, c, w) not in same
    ]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join([*lines, "", *disagreements]) + "\n")
    print("\n".join(lines))
    assert share >= 0.99, "\n".join(disagreements[:20])
