"""Stale marks proven by running (tests/differential/stale.py).

Every corpus notebook that runs offline, and seeded generated notebooks (names that alias and
names that can't, calls the analysis must know the effects of, views), run top to bottom in a
fresh IPython shell: after that clean run no cell may be marked stale. Then each chosen cell runs
once more, and every other cell re-runs after it in a fork of its own: a cell whose output changed
must be marked (else it is under-marked: a failure); a marked cell whose output stayed the same is
over-marked, counted in the figures (.build/stale.txt). The generated notebooks also run each cell
after only its slice: it must show what the full run showed.

SANE_STALE_PAIRS caps the (re-run cell, judged cell) pairs per corpus notebook (both spread
evenly, the last cell always in: at least two cells re-run in every notebook, and every cell
judged after each where the budget allows). SANE_STALE_NOTEBOOKS sets how many generated notebooks
run: all of them, however long they take, so that every run checks the same notebooks (a time
budget made the set depend on the machine's speed). SANE_STALE_SECONDS, for local runs only,
leaves out those not started within the seconds (never the first 50).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .differential.harness import CLI, Worker
from .differential.stale import StaleTally, run_generated_stale, run_notebooks_stale, run_stale

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("SANE_CORPUS", ROOT.parent / "shared" / "corpus"))
REPORT = ROOT / ".build" / "stale.txt"
PAIRS = int(os.environ.get("SANE_STALE_PAIRS", "200"))
GENERATED = int(os.environ.get("SANE_STALE_NOTEBOOKS", "250"))
SECONDS = float(os.environ["SANE_STALE_SECONDS"]) if "SANE_STALE_SECONDS" in os.environ else None
# The generated notebooks always checked, however long they take (the first ones, by seed).
LEAST = min(GENERATED, 50)

pytestmark = [
    pytest.mark.skipif(not CLI.is_file(), reason="lib/ is not built: run `jlpm build:lib`"),
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
]


def _record(lines: list[str]) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a") as out:
        out.write("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def workers():
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("")  # this run's figures only
    started = [Worker() for _ in range(min(2, os.cpu_count() or 1))]
    yield started
    for worker in started:
        worker.close()


@pytest.fixture(scope="module")
def corpus(workers) -> StaleTally:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    tally = run_stale(workers, CORPUS, pairs=PAIRS)
    lines = [tally.summary("stale, corpus") + f" (at most {PAIRS} pairs per notebook)"]
    lines += [f"  skipped {name}: {why}" for name, why in tally.skipped]
    lines += [f"  {m.describe()}" for m in tally.clean_marks[:20]]
    lines += [m.describe() for m in tally.missed[:10]]
    _record(lines)
    return tally


@pytest.fixture(scope="module")
def generated(workers):
    tally = run_generated_stale(workers, GENERATED, seed=0, seconds=SECONDS, least=LEAST)
    lines = [tally.summary("stale and slices, generated")]
    lines += [f"  {m.describe()}" for m in tally.clean_marks[:10]]
    lines += [m.describe() for m in tally.missed[:5]]
    lines += tally.slice_different[:5]
    _record(lines)
    return tally


def test_corpus_marks_miss_no_cell_whose_output_changes(workers, corpus, capsys):
    with capsys.disabled():
        print(f"\n{corpus.summary('stale, corpus')} (at most {PAIRS} pairs per notebook)")
    assert corpus.notebooks > 0
    assert corpus.checks > 0
    assert corpus.failed == []
    assert corpus.missed == [], "\n\n".join(
        m.shrunk(workers[0]).describe() for m in corpus.missed[:3]
    )


def test_corpus_has_no_stale_mark_after_a_clean_run(corpus):
    assert corpus.notebooks > 0
    assert corpus.clean_marks == [], "\n".join(m.describe() for m in corpus.clean_marks[:20])


def test_generated_cells_run_the_same_after_their_slice(generated, capsys):
    with capsys.disabled():
        print(f"\n{generated.summary('stale and slices, generated')}")
    assert generated.notebooks >= LEAST
    assert generated.raised == 0
    assert generated.failed == []
    assert generated.slice_different == [], "\n\n".join(generated.slice_different[:3])


def test_generated_marks_miss_no_cell_whose_output_changes(workers, generated):
    assert generated.checks > 0
    assert generated.missed == [], "\n\n".join(
        m.shrunk(workers[0]).describe() for m in generated.missed[:3]
    )


def test_generated_have_no_stale_mark_after_a_clean_run(generated):
    assert generated.notebooks > 0
    assert generated.clean_marks == [], "\n".join(m.describe() for m in generated.clean_marks[:20])


# The issue's own cases: a training notebook (re-running the training cell changes `w` and `b`,
# which the evaluation reads), the four cells of `np.zeros`/`np.ones`, a view written through.
EXAMPLES = {
    "training": [
        "import numpy as np\nrng = np.random.default_rng(0)\nX = rng.normal(size=(20, 2))\n"
        "y = X @ np.array([1.5, -2.0]) + 0.5",
        "def predict(X, w, b):\n    return X @ w + b",
        "w = np.zeros(2)\nb = 0.0\nfor _ in range(200):\n    err = predict(X, w, b) - y\n"
        "    w -= 0.1 * X.T @ err / len(y)\n    b -= 0.1 * err.mean()\nprint(w.round(2))",
        "mse = ((predict(X, w, b) - y) ** 2).mean()\nprint(round(mse, 4))",
        "w = w + 1\nprint(X.shape, np.zeros(3))",
    ],
    "zeros and ones": ["import numpy as np", "a = np.zeros(3)", "b = np.ones(3)", "print(a)"],
    "view": [
        "import numpy as np\ng = np.arange(6)",
        "g",
        "g2 = g.reshape(2, 3)",
        "g2[0] += 1",
        "print(g.min(), g2.sum())",
    ],
}


@pytest.mark.parametrize("cells", list(EXAMPLES.values()), ids=list(EXAMPLES))
def test_the_issue_examples_mark_what_changes(workers, cells):
    tally = run_notebooks_stale(workers[:1], [cells])
    assert tally.notebooks == 1
    assert tally.slice_different == [], tally.slice_different[0]
    assert tally.checks == len(cells) * (len(cells) - 1)
    assert tally.missed == [], tally.missed[0].describe()


@pytest.mark.parametrize("cells", list(EXAMPLES.values()), ids=list(EXAMPLES))
def test_the_issue_examples_have_no_stale_mark_after_a_clean_run(workers, cells):
    tally = run_notebooks_stale(workers[:1], [cells])
    assert tally.clean_marks == [], "\n".join(m.describe() for m in tally.clean_marks)
