"""Test-cell detection in Python (for the headless command) agrees with the frontend's."""

import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from jupyterlab_sane.testing.testcells import find_test_cells, reason_for

ROOT = Path(__file__).resolve().parent.parent
FASTCORE = ROOT.parent / "shared" / "corpus" / "fastcore"
CLI = ROOT / "lib" / "cli.js"


@pytest.mark.parametrize(
    "source, tags, reason",
    [
        ("x = 1", ["test"], "tag"),
        ("%%ipytest -qq\ndef test_x():\n    assert 1", [], "ipytest"),
        ("def test_shape():\n    assert True", [], "test-functions"),
        ("def test_eq(a, b):\n    assert a == b", [], None),
        ("assert f(1) == 2\nassert f(2) == 4", [], "asserts"),
        ("test_eq(f(1), 2)\ny = 3", [], "asserts"),
        ("np.testing.assert_allclose(a, b)", [], "asserts"),
        ("x = 1\ny = 2\nassert x", [], None),
        ("%%time\nassert 1", [], None),
        ("def f(:", [], None),
        ("%matplotlib inline\nassert 1 == 1", [], "asserts"),
    ],
)
def test_rules(source, tags, reason):
    assert reason_for(source, tags) == reason


@pytest.mark.skipif(not FASTCORE.is_dir(), reason="no corpus")
@pytest.mark.skipif(not CLI.is_file() or shutil.which("node") is None, reason="no built CLI")
def test_agrees_with_the_frontend_analysis_on_fastcore():
    notebooks = sorted(FASTCORE.glob("*.ipynb"))
    report = json.loads(
        subprocess.run(
            ["node", str(CLI), "analyze", *map(str, notebooks)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    found = total = 0
    for path, analysed in zip(notebooks, report["notebooks"]):
        ours = set(find_test_cells(nbformat.read(path, as_version=4)))
        theirs = {cell["index"] for cell in analysed["cells"] if cell["test"]}
        assert ours == theirs, path.name
        found += len(ours)
        total += len(analysed["cells"])
    assert found > 50 and found < total
