"""Each code cell runs after only the cells its slice names as it runs in a full run.

The slice tester (tests/differential/slices.py) runs every corpus notebook that runs offline in a
fresh IPython shell, then, for each code cell I, runs only slice(I) and I in another fresh shell
and compares what I shows with the full run's. To stay within a few minutes on two cores this
test takes at most SANE_SLICE_CELLS cells per notebook (default 4, spread evenly, the last one
always in); `python -m tests.differential --corpus DIR --slice` runs every cell.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .differential.harness import CLI, Worker
from .differential.slices import run_slices

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("SANE_CORPUS", ROOT.parent / "shared" / "corpus"))
REPORT = ROOT / ".build" / "slice.txt"
CELLS = int(os.environ.get("SANE_SLICE_CELLS", "4"))

pytestmark = [
    pytest.mark.skipif(not CLI.is_file(), reason="lib/ is not built: run `jlpm build:lib`"),
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}"),
]


def test_corpus_cells_run_the_same_after_their_slice_only(capsys):
    workers = [Worker() for _ in range(min(2, os.cpu_count() or 1))]
    try:
        tally = run_slices(workers, CORPUS, limit=CELLS)
    finally:
        for worker in workers:
            worker.close()
    lines = [f"{tally.summary()} (at most {CELLS} cells per notebook)"]
    lines += [f"  skipped {name}: {why}" for name, why in tally.skipped]
    lines += [d.describe() for d in tally.different[:20]]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert tally.notebooks > 0
    assert tally.failed == []
    assert tally.different == [], "\n\n".join(d.describe() for d in tally.different[:5])
