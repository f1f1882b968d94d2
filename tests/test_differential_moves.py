"""Every move to a module leaves what the notebook computes as it was, proven by running it.

For each cell (and block of 2 and 3 cells) that defines functions or classes, the move is planned
by the real analysis, the module and its tests written into the run's copy of the folder, the
cells replaced by the import cell and the notebook run again from the same state; every cell's
output must be the same (up to the module's name where `__main__` stood in a moved class's
repr), and the moved tests must pass under pytest (tests/differential/moves.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .differential.harness import CLI, Worker
from .differential.moves import MoveTally, generated, run_moves

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / ".build" / "differential-moves.txt"
# Each notebook tries about 17 moves (blocks included), some with pytest runs: a dozen or two
# notebooks keep make test's added time near a minute; `python -m tests.differential.moves
# --generated N` runs more.
GENERATED = int(os.environ.get("SANE_DIFFERENTIAL_MOVE_NOTEBOOKS", "16"))

pytestmark = [
    pytest.mark.skipif(not CLI.is_file(), reason="lib/cli.js is not built: run `jlpm build:lib`"),
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
]


@pytest.fixture(scope="module")
def workers():
    started = [Worker() for _ in range(min(2, os.cpu_count() or 1))]
    yield started
    for worker in started:
        worker.close()


def _record(label: str, tally: MoveTally) -> str:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a") as out:
        out.write(tally.summary(label) + "\n")
    return tally.summary(label)


TRAINING = [
    "import numpy as np\nimport pickle",
    "EPS = 1e-9\ndevice = 'cpu'",
    "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))",
    "def predict(w, X):\n    return sigmoid(X @ w) > 0.5 + EPS",
    "class Net:\n    def __init__(self, n):\n        self.w = np.ones(n)\n"
    "    def __call__(self, X):\n        return predict(self.w, X)",
    "def train(X):\n    return Net(X.shape[1]), device",
    "net = Net(2)\nprint(net(np.ones((3, 2))), type(net).__name__, Net)",
    "pickle.loads(pickle.dumps(net))(np.ones((1, 2)))",
    "device = 'cuda'\ntrain(np.ones((1, 2)))[1]",
    "assert sigmoid(0) == 0.5\nassert predict(np.ones(1), np.ones((1, 1)))[0]",
]


def test_the_training_notebook_computes_the_same(workers):
    tally = run_moves(workers[:1], [TRAINING])
    assert tally.done >= 4, tally.summary("training")
    assert tally.with_tests >= 1
    # `train` reads `device`, which a later cell rebinds: refused, then moved with the offer
    # taken (`device` a keyword parameter, `train(..., device=device)` at every call).
    assert tally.parameters >= 1
    assert tally.changed == [], tally.changed[0]


def test_generated_moves_compute_the_same(workers, capsys):
    tally = run_moves(workers, generated(GENERATED))
    with capsys.disabled():
        print("\n" + _record("differential, generated moves to a module", tally))
    assert tally.failed == []
    assert tally.done > GENERATED * 4
    assert tally.with_tests > 0
    assert tally.changed == [], tally.changed[0]
