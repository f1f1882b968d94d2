"""The differential tester learns moves to a module: for each cell (and block of 2 and 3 cells)
that defines functions or classes, the move is planned by the real analysis
(plan_moves.mjs), the module (and its tests) written into the run's own copy of the folder, the
cells replaced by the import cell, the notebook run again from the same state, and every cell's
output compared. One rewrite is allowed, and only this one: the module's name where `__main__`
stood before a moved class or function (`<moved_mod.Square object>` for
`<__main__.Square object>`). The moved tests must pass under `pytest` in the copy.
"""

from __future__ import annotations

import json
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .harness import ROOT, Worker, over_workers
from .outputs import same

MODULE = "moved_mod.py"
MODULE_NAME = "moved_mod"

DEFINITIONS = [
    "def sq(a):\n    return a * a",
    "def norm(a, b):\n    return math.sqrt(sq(a) + sq(b))",
    "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)",
    "def scaled(a):\n    return a * SCALE",
    "def with_rate(a):\n    return a * rate",
    "class Shape:\n    sides = 0\n    def area(self):\n        return 0\n"
    "    def __repr__(self):\n        return f'{type(self).__name__}({self.sides})'",
    "class Square(Shape):\n    sides = 4\n    def __init__(self, s=SCALE):\n        self.s = s\n"
    "    def area(self):\n        return sq(self.s)",
    "def twice(fn):\n    def inner(*a):\n        return 2 * fn(*a)\n    return inner",
    "@twice\ndef dbl(a):\n    return a + 1",
    "def pad(a, width=SCALE):\n    return str(a).rjust(width)",
    "class Point:\n    def __init__(self, x):\n        self.x = x",
]
# A cell that does something only as a script: it stays, refused.
MAIN = "def run():\n    return 4\nif __name__ == '__main__':\n    print(run())"

USES = [
    lambda r: f"print(norm({r.randint(0, 5)}, 4))",
    lambda r: f"fact({r.randint(0, 6)})",
    lambda r: "scaled(2)",
    lambda r: "Square",
    lambda r: "Square()",
    lambda r: "type(Square(2)), Point(1)",
    lambda r: "s0 = Square(3)\ns0.area()",
    lambda r: "pickle.loads(pickle.dumps(Square(3))).area()",
    lambda r: "pickle.loads(pickle.dumps(sq))(3)",
    lambda r: "isinstance(Square(), Shape)",
    lambda r: "dbl(2)",
    lambda r: f"pad({r.randint(0, 99)})",
    lambda r: f"rate = {r.randint(0, 4)}",
    lambda r: "print(with_rate(3))",
    lambda r: "sq",
    lambda r: "assert sq(3) == 9\nassert fact(3) == 6",
    lambda r: "def test_norm():\n    assert norm(3, 4) == 5.0\ntest_norm()",
    lambda r: r.choice(DEFINITIONS) if r.random() < 0.3 else "sq(2)",
]


def notebook(seed: int) -> list[str]:
    """A notebook of helpers that call each other across cells, classes and subclasses,
    decorators, defaults, recursion, constants, globals rebound later, pickling, tests."""
    r = random.Random(seed)
    cells = ["import math\nimport pickle", f"SCALE = {r.randint(1, 4)}\nrate = {r.randint(0, 3)}"]
    # In their order (a base before its subclass, a decorator before its use), mostly.
    defs = [d for d in DEFINITIONS if r.random() < 0.97]
    if r.random() < 0.1:
        r.shuffle(defs)
    while defs:
        take = r.choice([1, 1, 2])
        cells.append("\n".join(defs[:take]))
        defs = defs[take:]
        if r.random() < 0.3:
            cells.append(f"rate = {r.randint(0, 4)}")
    if r.random() < 0.2:
        cells.append(MAIN)
    cells += [r.choice(USES)(r) for _ in range(r.randint(3, 8))]
    return cells


def defines(source: str) -> bool:
    return any(line.startswith(("def ", "class ", "@")) for line in source.splitlines())


def selections(cells: list[str], blocks: bool = True) -> list[list[int]]:
    """Each cell that defines, and each block of 2 and 3 consecutive cells that all do."""
    out = [[i] for i, c in enumerate(cells) if defines(c)]
    if blocks:
        for size in (2, 3):
            out += [
                list(range(i, i + size))
                for i in range(len(cells) - size + 1)
                if all(defines(c) for c in cells[i : i + size])
            ]
    return out


def plan_moves(requests: list[tuple[list[str], list[list[int]]]]) -> list[list[dict]]:
    """Move plans by the real analysis, many notebooks in one node process."""
    payload = [{"cells": c, "selections": s, "module": MODULE, "tests": True} for c, s in requests]
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "differential" / "plan_moves.mjs")],
        input=json.dumps(payload),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


@dataclass
class MoveTally:
    notebooks: int = 0
    tried: int = 0
    done: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    errored: int = 0
    unstable: int = 0
    with_tests: int = 0
    # Moves done with a global made a keyword parameter, every call passing it.
    parameters: int = 0
    changed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def merge(self, other: MoveTally) -> None:
        for name in (
            "notebooks",
            "tried",
            "done",
            "errored",
            "unstable",
            "with_tests",
            "parameters",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.changed += other.changed
        self.failed += other.failed
        for code, n in other.refused.items():
            self.refused[code] = self.refused.get(code, 0) + n

    def summary(self, label: str) -> str:
        by_count = sorted(self.refused.items(), key=lambda x: -x[1])
        refused = ", ".join(f"{c} {n}" for c, n in by_count)
        return (
            f"{label}: {self.notebooks} notebooks, {self.tried} moves tried, {self.done} moved "
            f"and run ({self.with_tests} with tests run by pytest, {self.parameters} with a "
            "global made a keyword parameter), "
            f"{sum(self.refused.values())} refused ({refused}), {self.errored} not reached or "
            f"raising in the original run, {len(self.changed)} changed outputs, "
            f"{len(self.failed)} runs failed, {self.unstable} cells that vary by themselves"
        )


def rewrite(text: str | None, names: list[str]) -> str | None:
    """The one documented rewrite: `moved_mod.Name` back to `__main__.Name`."""
    if text is None:
        return None
    for name in names:
        text = text.replace(f"{MODULE_NAME}.{name}", f"__main__.{name}")
    return text


def _rewritten(output: dict, names: list[str]) -> dict:
    return {
        "text": rewrite(output["text"], names),
        "shown": [rewrite(s, names) for s in output.get("shown", [])],
        "error": rewrite(output["error"], names),
    }


def _empty(output: dict) -> bool:
    return not output["text"] and not output.get("shown") and not output["error"]


def compare_move(base: list[dict], plan: dict, result, unstable: set[int]) -> str | None:
    """What changed after a move, or None."""
    if isinstance(result, dict):
        return f"the run failed: {result.get('failed')}"
    outputs = [o for o in result if not o.get("pytest")]
    pytest = [o for o in result if o.get("pytest")]
    start, drop = plan["cells"]["replace"], set(plan["cells"]["remove"])
    for i in sorted(drop):
        if i < len(base) and not _empty(base[i]):
            return f"cell {i} leaves the notebook but showed {base[i]}"
    at = [start, *[i for i in range(start + 1, len(base)) if i not in drop]]
    if not _empty(base[start]):
        return f"cell {start} becomes the import but showed {base[start]}"
    for k, (i, got) in enumerate(zip(at, outputs, strict=False)):
        want = {"text": "", "shown": [], "error": None} if k == 0 else base[i]
        if i not in unstable and not same(want, _rewritten(got, plan["names"])):
            return f"cell {i}: before {want}, after {got}"
    if len(outputs) != len(at):
        return f"{len(at)} cells ran before, {len(outputs)} after"
    if pytest and pytest[0]["error"]:
        return pytest[0]["error"]
    return None


def check_moves(worker: Worker, cells: list[str], plans: list[dict], tally: MoveTally) -> None:
    tally.notebooks += 1
    if not cells:
        return
    variants = [{"start": 0, "stop": 1, "source": cells[0]}]
    done = []
    for plan in plans:
        tally.tried += 1
        if not plan["ok"]:
            tally.refused[plan["code"]] = tally.refused.get(plan["code"], 0) + 1
            continue
        cells_plan = plan["cells"]
        files = {MODULE: plan["moduleSource"]}
        variant = {
            "start": cells_plan["replace"],
            "stop": cells_plan["replace"] + 1,
            "source": cells_plan["source"],
            "drop": cells_plan["remove"],
            "files": files,
        }
        if plan["tests"]:
            files[plan["tests"]["path"]] = plan["tests"]["source"]
            variant["pytest"] = plan["tests"]["path"]
        edits = {e["index"]: e["source"] for e in plan.get("edits", [])}
        if any(i < cells_plan["replace"] for i in edits):
            # A call above the import cell ran before the variant starts: nothing to compare.
            tally.refused["call-above"] = tally.refused.get("call-above", 0) + 1
            continue
        if edits:
            variant["sources"] = edits
        variants.append(variant)
        done.append(plan)
    answer = worker.run(cells, variants)
    if "failed" in answer:
        tally.failed.append(answer["failed"])
        return
    base, results = answer["base"], answer["variants"]
    unstable = set()
    if isinstance(results[0], list):
        pairs = enumerate(zip(base, results[0], strict=False))
        unstable = {i for i, (a, b) in pairs if not same(a, b)}
        tally.unstable += len(unstable)
    for plan, result in zip(done, results[1:], strict=True):
        moved = [plan["cells"]["replace"], *plan["cells"]["remove"]]
        if result is None or any(i >= len(base) or base[i]["error"] for i in moved):
            tally.errored += 1
            continue
        tally.done += 1
        tally.with_tests += bool(plan["tests"])
        tally.parameters += bool(plan.get("edits"))
        diff = compare_move(base, plan, result, unstable)
        if diff is not None:
            tally.changed.append(_describe(cells, plan, diff))


def _describe(cells: list[str], plan: dict, diff: str) -> str:
    lines = [f"moving {plan['names']} changed: {diff}"]
    lines += [f"--- cell {i}\n{c}" for i, c in enumerate(cells)]
    lines += [f"--- module\n{plan['moduleSource']}", f"--- new cell\n{plan['cells']}"]
    return "\n".join(lines)


def run_moves(workers: list[Worker], notebooks: list[list[str]], blocks: bool = True) -> MoveTally:
    requests = [(cells, selections(cells, blocks)) for cells in notebooks]
    plans_of = plan_moves(requests)
    jobs = [(cells, plans) for (cells, _), plans in zip(requests, plans_of, strict=True)]

    def run(worker: Worker, job, tally: MoveTally) -> None:
        check_moves(worker, job[0], job[1], tally)

    return over_workers(workers, jobs, run, MoveTally)


def generated(count: int, seed: int = 0) -> list[list[str]]:
    return [notebook(seed * 1_000_003 + i) for i in range(count)]


def run_corpus_moves(
    workers: list[Worker], folder: Path, blocks: bool = True
) -> tuple[MoveTally, list[tuple[str, str]]]:
    """Moves on the corpus notebooks that run offline here; the others are skipped with why."""
    from .corpus import code_cells, why_not

    paths = sorted(folder.glob("*/*.ipynb"))
    runnable: list[list[str]] = []
    skipped: list[tuple[str, str]] = []
    for path in paths:
        cells = code_cells(path)
        probe = workers[0].run(cells, [])
        reason = "the run failed" if "failed" in probe else why_not(probe["base"])
        if reason:
            skipped.append((f"{path.parent.name}/{path.name}", reason))
        else:
            runnable.append(cells)
    return run_moves(workers, runnable, blocks), skipped


def main() -> int:
    """`python -m tests.differential.moves [--generated N] [--seed S] [--corpus DIR]`: the
    figures (and the first changes); exit 1 when an output changed."""
    import argparse
    import os

    parser = argparse.ArgumentParser(prog="python -m tests.differential.moves")
    parser.add_argument("--generated", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    workers = [Worker() for _ in range(min(2, os.cpu_count() or 1))]
    ok = True
    try:
        if args.generated:
            tally = run_moves(workers, generated(args.generated, args.seed))
            print(tally.summary("generated moves"))
            print("\n".join(tally.changed[:5]))
            ok &= not tally.changed
        if args.corpus:
            tally, skipped = run_corpus_moves(workers, args.corpus)
            for name, why in skipped:
                print(f"  skipped {name}: {why}")
            print(tally.summary("corpus moves"))
            print("\n".join(tally.changed[:5]))
            ok &= not tally.changed
    finally:
        for w in workers:
            w.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
