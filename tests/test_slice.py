"""Each code cell runs after only the cells its slice names as it runs in a full run.

The slice tester (tests/differential/slices.py) runs every corpus notebook that runs offline in a
fresh IPython shell, then, for each code cell I, runs only slice(I) and I in another fresh shell
and compares what I shows with the full run's, for every code cell (SANE_SLICE_CELLS caps the cells
per notebook, spread evenly, the last one always in). The slices of a notebook run as one tree:
a prefix they share runs once, and each branch forks from it (tests/differential/worker.py), so
all of them take well under a minute here.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from .differential.generate import prepare_state_folder, state_notebooks
from .differential.harness import CLI, Worker, notebook_json
from .differential.slices import SliceTally, run_slices

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("SANE_CORPUS", ROOT.parent / "shared" / "corpus"))
REPORT = ROOT / ".build" / "slice.txt"
CELLS = int(os.environ["SANE_SLICE_CELLS"]) if os.environ.get("SANE_SLICE_CELLS") else None
STATE_NOTEBOOKS = int(os.environ.get("SANE_SLICE_STATE_NOTEBOOKS", "40"))

pytestmark = [
    pytest.mark.skipif(not CLI.is_file(), reason="lib/ is not built: run `jlpm build:lib`"),
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
]


@pytest.fixture
def workers():
    started = [Worker() for _ in range(min(2, os.cpu_count() or 1))]
    yield started
    for worker in started:
        worker.close()


def test_interpreter_state_cells_run_the_same_after_their_slice_only(tmp_path, workers, capsys):
    """Generated notebooks that change sys.path, the directory and the environment (#35): a
    helper module beside the notebook or in a folder put on sys.path, os.chdir or %cd before a
    relative read, an environment variable a module reads at import, warning filters, seeds."""
    prepare_state_folder(tmp_path)
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for i, cells in enumerate(state_notebooks(STATE_NOTEBOOKS, str(tmp_path))):
        (folder / f"state{i:03}.ipynb").write_text(json.dumps(notebook_json(cells)))
    tally = run_slices(workers, tmp_path)
    line = tally.summary().replace("slice:", "slice (interpreter state):", 1)
    with capsys.disabled():
        print("\n" + line)
    assert tally.notebooks == STATE_NOTEBOOKS, tally.skipped[:5]
    assert tally.failed == []
    assert tally.different == [], "\n\n".join(d.describe() for d in tally.different[:5])


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")
def test_corpus_cells_run_the_same_after_their_slice_only(capsys):
    workers = [Worker() for _ in range(min(2, os.cpu_count() or 1))]
    try:
        tally = run_slices(workers, CORPUS, limit=CELLS)
    finally:
        for worker in workers:
            worker.close()
    lines = [tally.summary() + (f" (at most {CELLS} cells per notebook)" if CELLS else "")]
    lines += ["notebooks the mean share owes most to:", *tally.heaviest()]
    lines += [f"  skipped {name}: {why}" for name, why in tally.skipped]
    lines += [d.describe() for d in tally.different[:20]]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert tally.notebooks > 0
    assert tally.failed == []
    assert tally.different == [], "\n\n".join(d.describe() for d in tally.different[:5])


def test_slice_summary_gives_mean_median_and_90th_percentile():
    tally = SliceTally(shares=[0.1 * k for k in range(1, 11)] + [0.0])
    summary = tally.summary()
    assert "mean 50.0%" in summary
    assert "median 50.0%" in summary
    assert "90th percentile 90.0%" in summary


def test_slice_report_names_the_notebooks_that_lift_the_mean():
    tally = SliceTally(
        shares=[1.0, 1.0, 0.0, 0.5],
        by_notebook={"a/long.ipynb": [1.0, 1.0], "a/short.ipynb": [0.0], "b/mid.ipynb": [0.5]},
    )
    lines = tally.heaviest(2)
    assert lines[0] == "  a/long.ipynb: 2 cells, mean 100.0%, +25.0 points on the mean above 50%"
    assert lines[1].startswith("  b/mid.ipynb: 1 cells, mean 50.0%, +0.0 points")
    assert len(lines) == 2
