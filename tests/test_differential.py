"""Every extraction leaves what the notebook computes as it was, proven by running it.

The differential tester (tests/differential/) runs a notebook in a fresh IPython shell, replaces
each cell the analysis extracts by the extraction's new cell, runs again from the same state and
compares what every cell shows. On the issue's own examples, on a seeded generator of small
notebooks and on the corpus notebooks that run offline here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .differential.corpus import known_reason, run_corpus, unrunnable
from .differential.harness import CLI, Tally, Worker, analyze, check, run_generated, shrink

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
REPORT = ROOT / ".build" / "differential.txt"
GENERATED = int(os.environ.get("SANE_DIFFERENTIAL_NOTEBOOKS", "2000"))
# Blocks of 2 and 3 cells: several times the edits per notebook, so fewer notebooks.
BLOCKS = int(os.environ.get("SANE_DIFFERENTIAL_BLOCK_NOTEBOOKS", "500"))
# Blocks of the corpus notebooks: every block of 2 and of 3 consecutive code cells; a number
# here caps them to that many of each size per notebook, spread evenly.
CORPUS_BLOCKS = (
    int(os.environ["SANE_DIFFERENTIAL_CORPUS_BLOCKS"])
    if os.environ.get("SANE_DIFFERENTIAL_CORPUS_BLOCKS")
    else None
)
LITERALS = int(os.environ.get("SANE_DIFFERENTIAL_LITERAL_NOTEBOOKS", "500"))
# The generated notebooks again, every cell re-typed in source shapes (issue #34): fewer, since
# the plain ones already cover what the cells do.
SHAPES = int(os.environ.get("SANE_DIFFERENTIAL_SHAPE_NOTEBOOKS", "60"))
SHAPE_BLOCKS = int(os.environ.get("SANE_DIFFERENTIAL_SHAPE_BLOCK_NOTEBOOKS", "20"))

pytestmark = [
    pytest.mark.skipif(not CLI.is_file(), reason="lib/cli.js is not built: run `jlpm build:lib`"),
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
]


@pytest.fixture(scope="module")
def workers():
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("")  # this run's figures only
    started = [Worker() for _ in range(min(2, os.cpu_count() or 1))]
    yield started
    for worker in started:
        worker.close()


def _record(label: str, tally: Tally, extra: list[str] = ()) -> str:
    """The tester's figures, kept in .build/ and printed: they go in the closing notes."""
    lines = [tally.summary(label), *extra]
    lines += [
        f"  refused {n}x: {why}" for why, n in sorted(tally.refused.items(), key=lambda x: -x[1])
    ]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a") as out:
        out.write("\n".join(lines) + "\n")
    return "\n".join(lines)


def _changes(worker: Worker, tally: Tally) -> str:
    return "\n\n".join(shrink(worker, c).describe() for c in tally.changed[:5])


def _run(worker: Worker, cells: list[str]) -> Tally:
    tally = Tally()
    plans = analyze([cells])[0]
    check(worker, cells, [(i, i + 1, p) for i, p in enumerate(plans)], tally)
    return tally


@pytest.mark.parametrize(
    "cells",
    [
        # A function reads `k` when called: extracting a cell must neither freeze it (cell 1)
        # nor hide the rebinding from it (cell 2).
        ["k = 2", "def f(a):\n    return a * k\nf(1)", "k = 10", "f(3)"],
        # The training loop: `evaluate` reads the `w` the cell binds, while the cell runs.
        [
            "X_test = [1, 2]",
            "def evaluate():\n    return sum(x * w for x in X_test)",
            "lr = 2\nw = lr * 3\nprint(evaluate())",
            "w = 0\nprint(evaluate())",
        ],
        # handson-ml3 chapter 16: `translate` reads the globals `model` and `max_length`.
        [
            "max_length = 3\nmodel = lambda s: s.upper()",
            "def translate(sentence):\n    return model(sentence)[:max_length]\n"
            "translate('abcdef')",
            "model = lambda s: s[::-1]",
            "translate('abcdef')",
        ],
        # `x = ...; x` as the last line, a `global` statement, `del` of a notebook name.
        ["k = 1", "x = k * 2; x", "global k\nk = k + 1\nk", "del x\nk"],
        # `%time`/`%timeit` of an expression inside the function, with its local names.
        ["data = [3, 1, 2]", "s = sorted(data)\n%timeit -n1 -r1 sorted(s)\n%time len(s)", "s"],
        # Issue #34: cells typed with one space before the code, as IPython accepts them.
        [
            "from IPython.display import Image",
            " Image(url='https://example.org/02_04.png', width=600) ",
            " Image(url='https://example.org/02_05.png', width=600) ",
            " Image(url='https://example.org/02_06.png', width=600) ",
            "\fy = 1\r\nif y:\r\n\tz = y + 1\r\nz",
        ],
    ],
    ids=[
        "closure over k",
        "training loop",
        "translate",
        "display, global, del",
        "magics",
        "leading indentation",
    ],
)
def test_the_issue_examples_compute_the_same(workers, cells):
    tally = _run(workers[0], cells)
    assert tally.extracted >= 2
    assert tally.changed == [], _changes(workers[0], tally)


def test_generated_notebooks_compute_the_same(workers, capsys):
    tally = run_generated(workers, GENERATED, seed=0)
    with capsys.disabled():
        print("\n" + _record("differential, generated", tally))
    assert tally.failed == []
    assert tally.extracted > GENERATED
    assert tally.changed == [], _changes(workers[0], tally)


def test_generated_blocks_of_cells_compute_the_same(workers, capsys):
    tally = run_generated(workers, BLOCKS, seed=0, blocks=True)
    with capsys.disabled():
        print("\n" + _record("differential, generated blocks of 2 and 3 cells", tally))
    assert tally.failed == []
    assert tally.extracted > BLOCKS
    assert tally.changed == [], _changes(workers[0], tally)


def test_generated_keyword_parameters_compute_the_same(workers, capsys):
    """The dialog's values as keyword parameters (a re-run flag's `lr=0.5`), all of them."""
    tally = run_generated(workers, LITERALS, seed=0, literals=True)
    with capsys.disabled():
        print("\n" + _record("differential, generated values as keyword parameters", tally))
    assert tally.failed == []
    assert tally.extracted > LITERALS
    assert tally.changed == [], _changes(workers[0], tally)


def _shapes_line(shapes: dict[str, int]) -> list[str]:
    return ["  cells per shape: " + ", ".join(f"{k} {v}" for k, v in sorted(shapes.items()))]


def test_generated_source_shapes_compute_the_same(workers, capsys):
    """Indentation IPython removes, CRLF and lone CR, form feeds, trailing blanks, final
    newlines, `;` and `\\`: each cell's extraction keeps every output."""
    shapes: dict[str, int] = {}
    tally = run_generated(workers, SHAPES, seed=34, shapes=shapes)
    with capsys.disabled():
        label = "differential, generated in source shapes"
        print("\n" + _record(label, tally, _shapes_line(shapes)))
    assert tally.failed == []
    assert tally.extracted > SHAPES
    assert tally.changed == [], _changes(workers[0], tally)


def test_generated_source_shapes_in_blocks_compute_the_same(workers, capsys):
    shapes: dict[str, int] = {}
    tally = run_generated(workers, SHAPE_BLOCKS, seed=34, blocks=True, shapes=shapes)
    label = "differential, generated in source shapes, blocks of 2 and 3 cells"
    with capsys.disabled():
        print("\n" + _record(label, tally, _shapes_line(shapes)))
    assert tally.failed == []
    assert tally.extracted > SHAPE_BLOCKS
    assert tally.changed == [], _changes(workers[0], tally)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")
def test_corpus_notebooks_compute_the_same(workers, capsys):
    tally, skipped = run_corpus(workers, CORPUS, blocks_too=True, block_limit=CORPUS_BLOCKS)
    extra = [f"  ran {tally.notebooks} notebooks; skipped {len(skipped)}:"]
    extra += [f"    {name}: {why}" for name, why in skipped]
    with capsys.disabled():
        print(
            "\n"
            + _record("differential, corpus: each cell, and blocks of 2 and 3 cells", tally, extra)
        )
    assert tally.notebooks > 0
    assert tally.failed == []
    assert tally.changed == [], _changes(workers[0], tally)


def test_a_notebook_that_cannot_run_here_is_run_by_one_tester_only():
    cells = ["import not_installed_anywhere", "print(1)"]
    base = [{"error": "ModuleNotFoundError: No module named 'not_installed_anywhere'"}]
    assert known_reason("x/once.ipynb", cells) is None
    assert unrunnable("x/once.ipynb", cells, base).startswith("needs a package")
    assert known_reason("x/once.ipynb", cells).endswith("(found by an earlier tester)")
    # An edited notebook is run again.
    assert known_reason("x/once.ipynb", [*cells, "print(2)"]) is None
    assert unrunnable("x/runs.ipynb", ["1"], [{"error": None}]) is None
    assert known_reason("x/runs.ipynb", ["1"]) is None


def test_an_edit_that_changes_an_output_is_caught(workers):
    """The tester is not blind: a wrong "extraction" is a change, confirmed in every re-run."""
    tally = Tally()
    wrong = {"ok": True, "source": "x = 2"}
    check(workers[0], ["x = 1", "print(x)"], [(0, 1, wrong)], tally)
    assert [(c.at, c.want["text"], c.got["text"]) for c in tally.changed] == [(1, "1\n", "2\n")]


def test_a_block_gets_the_time_of_the_cells_it_replaces(workers):
    cells = ["import time\ntime.sleep(0.6)", "time.sleep(0.6)\nprint('done')"]
    block = "import time\ntime.sleep(0.6)\ntime.sleep(0.6)\nprint('done')"
    answer = workers[0].run(cells, [{"start": 0, "stop": 2, "source": block}], timeout=1.0)
    assert [o["error"] for o in answer["base"]] == [None, None]
    assert answer["variants"][0][0]["error"] is None
    assert answer["variants"][0][0]["text"] == "done\n"
