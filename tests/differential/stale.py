"""The stale tester: stale marks checked by running.

A notebook runs top to bottom in a fresh IPython shell; the analysis (`staleCells`, the function
the extension draws its markers with, through tests/differential/plan_stale.mjs) must find no
stale cell after that clean run. Then each cell C (all, or spread evenly within a budget of
pairs per notebook) runs once more, and the analysis says which cells that made stale. Each other
cell D re-runs after that, in a fork of its own, and is compared with D re-run in a fork of the
post-run shell without C's second run: D's own baseline (a cell like `n += 1` shows something new
on every run by itself). An unmarked D whose output changed is under-marked, a failure, once a
second run confirms it: D re-run alone must show the same again (not a clock, not threads
racing), and so after a cell that only draws from the random generators (not chance, which no
mark can be right about). A marked D whose output stayed the same is over-marked, counted (a
static analysis may be conservative).

The worker walks all of a notebook's paths as one tree (tests/differential/worker.py): the full
run once, then a fork per re-run cell, and from it a fork per judged cell.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

from .corpus import code_cells, known_reason, unrunnable
from .generate_stale import notebooks
from .harness import ROOT, Worker, over_workers
from .outputs import same
from .slices import ask_node, plan_slices, spread

PLANNER = ROOT / "tests" / "differential" / "plan_stale.mjs"


def plan_stale(requests: list[tuple[list[str], list[list[int]]]]) -> list[list[list[dict]]]:
    """The stale marks after each log of each notebook: [(cells, [log, ...]), ...] ->
    [[[{"cell", "name", "by"}, ...] per log] per notebook]."""
    return ask_node(PLANNER, [{"cells": c, "logs": logs} for c, logs in requests])


@dataclass
class StaleMiss:
    """A cell the analysis left unmarked whose output changed after `rerun` ran again."""

    notebook: str
    cells: list[str]
    rerun: int
    at: int
    marks: list[dict]
    want: dict
    got: dict

    def describe(self) -> str:
        lines = [
            f"{self.notebook}: after re-running code cell {self.rerun}, cell {self.at} shows "
            f"something else but is not marked stale (marks: {self.marks}):"
        ]
        for i, cell in enumerate(self.cells):
            tag = " <- re-run" if i == self.rerun else " <- not marked" if i == self.at else ""
            if len(self.cells) <= 30 or tag:
                lines.append(f"--- cell {i}{tag}\n{cell}")
        lines += [f"--- re-run alone:      {self.want}", f"--- re-run after it: {self.got}"]
        return "\n".join(lines)

    def shrunk(self, worker: Worker, attempts: int = 60) -> StaleMiss:
        """The miss in as few cells as still show it: chunks of cells dropped, halving."""
        best = self
        chunk = max(1, len(best.cells) // 2)
        while chunk >= 1 and attempts > 0:
            i = 0
            while i < len(best.cells) and attempts > 0:
                stop = min(i + chunk, len(best.cells))
                drop = [k for k in range(i, stop) if k not in (best.rerun, best.at)]
                attempts -= 1
                found = _still_missed(worker, best, drop) if drop else None
                if found is not None:
                    best = found
                else:
                    i += chunk
            chunk //= 2
        return best


@dataclass
class CleanMark:
    """A stale mark found right after a clean top-to-bottom run."""

    notebook: str
    mark: dict

    def describe(self) -> str:
        m = self.mark
        return (
            f"{self.notebook}: code cell {m['cell']} stale after a clean run (code cell "
            f"{m['by']} changed `{m['name']}`)"
        )


@dataclass
class StaleTally:
    notebooks: int = 0
    cells: int = 0
    reruns: int = 0
    checks: int = 0
    marked: int = 0
    changed: int = 0
    over: int = 0
    unstable: int = 0
    rerun_raised: int = 0
    clean_marks: list[CleanMark] = field(default_factory=list)
    missed: list[StaleMiss] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def merge(self, other: StaleTally) -> None:
        """Adds the other's figures and lists to these (every field is a count or a list)."""
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def summary(self, label: str = "stale") -> str:
        return (
            f"{label}: {self.notebooks} notebooks, {self.cells} cells, "
            f"{len(self.clean_marks)} marked stale after the clean run; "
            f"{self.reruns} cells re-run, {self.checks} cells re-run after each "
            f"({self.changed} showed something else), {self.marked} marked, "
            f"{len(self.missed)} under-marked, {self.over} over-marked; "
            f"{self.unstable} changes left out that a second run showed to be clocks, threads or "
            f"chance, {self.rerun_raised} re-runs "
            f"raised, {len(self.failed)} runs failed, {len(self.skipped)} notebooks skipped"
        )


def _timed_out(output: dict) -> bool:
    return bool(output.get("timeout")) or "Timeout" in (output.get("error") or "")


# A cell that only draws from `random`'s and numpy's generators, binding no name: a cell whose
# output changes after it shows what chance gives, which no stale mark can be right about (the
# forks of the worker restore the generators, so two full runs agree on such a cell).
SHAKE = (
    "exec('import random, sys\\nrandom.random()\\nnp = sys.modules.get(\\'numpy\\')\\n"
    "if np is not None: np.random.random()', {})"
)


def _paths(n: int, reruns: list[int], judged: list[int]) -> list[list[int]]:
    """The full run then each judged cell; the full run, each re-run cell, each judged cell."""
    full = list(range(n))
    return [[*full, d] for d in judged] + [[*full, c, d] for c in reruns for d in judged if d != c]


def _judge_paths(worker, name, cells, reruns, judged, marks, paths, tally: StaleTally) -> None:
    """Judges the outputs of `_paths(len(cells), reruns, judged)`; `marks[c]`: the analysis's
    marks after c's second run."""
    n = len(cells)
    outputs = iter(paths)
    alone = {d: next(outputs) for d in judged}
    for c in reruns:
        tally.reruns += 1
        after = {d: next(outputs) for d in judged if d != c}
        if any(isinstance(out, dict) or len(out) <= n + 1 for out in after.values()):
            # C raised on its second run (or the run broke): Run All would stop; nothing judged.
            tally.rerun_raised += 1
            continue
        marked = {m["cell"] for m in marks[c]}
        for d, out in after.items():
            base = alone[d]
            if isinstance(base, dict) or len(base) <= n or _timed_out(base[-1]):
                continue
            want, got = base[-1], out[-1]
            if _timed_out(got):
                continue
            tally.checks += 1
            differs = not same(want, got)
            tally.changed += int(differs)
            tally.marked += int(d in marked)
            if d in marked:
                tally.over += int(not differs)
            elif differs and not _confirmed(worker, cells, c, d, want):
                tally.unstable += 1
            elif differs:
                tally.missed.append(StaleMiss(name, cells, c, d, marks[c], want, got))


def _confirmed(worker: Worker, cells: list[str], c: int, d: int, want: dict) -> bool:
    """Whether d re-run after c shows something else again in a second run, while d re-run
    alone shows what it did in the first (not a clock, not threads racing) and after a cell
    that only draws from the generators too (not chance)."""
    n = len(cells)
    full = list(range(n))
    answer = worker.run_paths([*cells, SHAKE], [[*full, d], [*full, c, d], [*full, n, d]])
    if "failed" in answer or any(isinstance(out, dict) for out in answer["paths"]):
        return False
    alone, after, drawn = answer["paths"]
    if len(alone) <= n or len(after) <= n + 1 or len(drawn) <= n + 1:
        return False
    return same(want, alone[-1]) and same(want, drawn[-1]) and not same(alone[-1], after[-1])


def _still_missed(worker: Worker, miss: StaleMiss, drop: list[int]) -> StaleMiss | None:
    """The miss again without the cells `drop`, or None when it goes away."""
    keep = [k for k in range(len(miss.cells)) if k not in set(drop)]
    cells = [miss.cells[k] for k in keep]
    c, d, n = keep.index(miss.rerun), keep.index(miss.at), len(keep)
    marks = plan_stale([(cells, logs_for(n, [c]))])[0][1]
    if d in {m["cell"] for m in marks}:
        return None
    full = list(range(n))
    answer = worker.run_paths(cells, [[*full, d], [*full, c, d]])
    if "failed" in answer:
        return None
    alone, after = answer["paths"]
    if len(alone) <= n or len(after) <= n + 1 or any(o["error"] for o in alone[:n]):
        return None
    if same(alone[-1], after[-1]):
        return None
    return StaleMiss(miss.notebook, cells, c, d, marks, alone[-1], after[-1])


def chosen(n: int, pairs: int | None) -> tuple[list[int], list[int]]:
    """The cells re-run and the cells judged after each, in a notebook of n cells: all, or
    spread evenly (the last always in) so that about `pairs` pairs are checked: at least two
    re-run, and every cell judged where the budget allows."""
    if pairs is None:
        return list(range(n)), list(range(n))
    reruns = spread(n, max(2, pairs // max(n, 1)))
    return reruns, spread(n, max(2, pairs // len(reruns)))


def logs_for(n: int, reruns: list[int]) -> list[list[int]]:
    """The execution logs: the clean run, then the clean run and each re-run."""
    full = list(range(n))
    return [full] + [[*full, c] for c in reruns]


def _full_run(
    worker: Worker, name: str, cells: list[str], pairs: int | None
) -> tuple[int, dict] | str:
    """Runs every path of the notebook; (cells that ran, the answer), or why not. A raising
    cell ends the notebook there (Run All stops): the paths run again without it."""
    n = len(cells)
    for _ in range(2):
        if n == 0:
            return "its first code cell raises"
        answer = worker.run_paths(cells[:n], _paths(n, *chosen(n, pairs)))
        first = answer.get("paths", [answer])[0]
        if "failed" in answer or isinstance(first, dict):
            return "the run failed"
        full = first[:n]
        if len(full) == n and not any(o["error"] for o in full):
            return n, answer
        reason = unrunnable(name, cells, full)
        if reason:
            return reason
        n = next(i for i, o in enumerate(full) if o["error"])
    return "a cell raised in one run and not in another"


def check_notebook(
    worker: Worker, name: str, cells: list[str], pairs: int | None, tally: StaleTally
) -> None:
    """The clean run's marks and every chosen re-run, for one notebook."""
    ran = known_reason(name, cells) or (
        _full_run(worker, name, cells, pairs) if cells else "no code cells"
    )
    if isinstance(ran, str):
        tally.skipped.append((name, ran))
        return
    n, answer = ran
    cells = cells[:n]
    tally.notebooks += 1
    tally.cells += n
    reruns, judged = chosen(n, pairs)
    clean, *after = plan_stale([(cells, logs_for(n, reruns))])[0]
    tally.clean_marks += [CleanMark(name, m) for m in clean]
    marks = dict(zip(reruns, after, strict=True))
    _judge_paths(worker, name, cells, reruns, judged, marks, answer["paths"], tally)


def run_stale(
    workers: list[Worker], folder: Path, pairs: int | None = None, only: list[str] | None = None
) -> StaleTally:
    """The stale tester on the notebooks under `folder` (`only`: names as `dir/file.ipynb`),
    about `pairs` (re-run cell, judged cell) pairs per notebook at most (`chosen`), over the
    workers."""
    paths = sorted(folder.glob("*/*.ipynb"))
    if only is not None:
        paths = [p for p in paths if f"{p.parent.name}/{p.name}" in only]
    jobs = sorted(((p, code_cells(p)) for p in paths), key=lambda job: -len(job[1]))

    def run(worker: Worker, job, tally: StaleTally) -> None:
        path, cells = job
        name = f"{path.parent.name}/{path.name}"
        started = time.monotonic()
        check_notebook(worker, name, cells, pairs, tally)
        print(f"stale: {name} {time.monotonic() - started:.0f} s", file=sys.stderr)

    total = over_workers(workers, jobs, run, StaleTally)
    total.skipped.sort()
    return total


@dataclass
class GeneratedTally(StaleTally):
    """The stale figures, and the slice tester's for the same generated notebooks."""

    sliced: int = 0
    slice_different: list[str] = field(default_factory=list)
    raised: int = 0
    not_reached: int = 0

    def summary(self, label: str = "stale, generated") -> str:
        return (
            f"{super().summary(label)}; slices: {self.sliced} cells run after their slice "
            f"only, {len(self.slice_different)} different; {self.raised} notebooks left out "
            f"that raise, {self.not_reached} not reached in the time given"
        )


def _describe_slice(cells: list[str], at: int, needs: list[int], want, got) -> str:
    listing = "\n".join(f"--- cell {i}\n{c}" for i, c in enumerate(cells))
    return (
        f"generated: cell {at} after its slice {needs} shows something else:\n{listing}\n"
        f"--- full run: {want}\n--- slice:    {got}"
    )


def check_generated(worker: Worker, cells, slices, marks, tally: GeneratedTally) -> None:
    """One generated notebook: each cell after only its slice, then the stale checks, in one
    request (the full run is the prefix the stale paths share)."""
    n = len(cells)
    slice_paths = [[*slices[at], at] for at in range(n)]
    stale_paths = _paths(n, list(range(n)), list(range(n)))
    answer = worker.run_paths(cells, slice_paths + stale_paths)
    if "failed" in answer:
        tally.failed.append(answer["failed"][:300])
        return
    first = answer["paths"][n]
    if isinstance(first, dict) or any(o["error"] for o in first[:n]):
        tally.raised += 1
        return
    base = first[:n]
    tally.notebooks += 1
    tally.cells += n
    tally.clean_marks += [CleanMark("generated", m) for m in marks[0]]
    for at, out in enumerate(answer["paths"][:n]):
        tally.sliced += 1
        got = out[-1] if isinstance(out, list) and len(out) == len(slice_paths[at]) else out
        if not isinstance(got, dict) or "text" not in got or not same(base[at], got):
            tally.slice_different.append(_describe_slice(cells, at, slices[at], base[at], got))
    every = list(range(n))
    reruns = dict(zip(every, marks[1:], strict=True))
    _judge_paths(worker, "generated", cells, every, every, reruns, answer["paths"][n:], tally)


def run_generated_stale(
    workers: list[Worker],
    count: int,
    seed: int,
    seconds: float | None = None,
    least: int = 0,
) -> GeneratedTally:
    """`count` generated notebooks (tests/differential/generate_stale.py), each sliced and
    stale-checked, over the workers; with `seconds`, notebooks after the first `least` that
    are not started by then are left out (counted as not reached)."""
    return run_notebooks_stale(workers, notebooks(count, seed), seconds, least)


def run_notebooks_stale(
    workers: list[Worker],
    all_cells: list[list[str]],
    seconds: float | None = None,
    least: int = 0,
) -> GeneratedTally:
    """Small notebooks (code cells), each sliced and stale-checked with every cell re-run."""
    slices = plan_slices(all_cells)
    marks = plan_stale([(c, logs_for(len(c), list(range(len(c))))) for c in all_cells])
    deadline = None if seconds is None else time.monotonic() + seconds
    jobs = list(enumerate(zip(all_cells, slices, marks, strict=True)))

    def run(worker: Worker, job, tally: GeneratedTally) -> None:
        number, (cells, sliced, marked) = job
        if number >= least and deadline is not None and time.monotonic() > deadline:
            tally.not_reached += 1
            return
        check_generated(worker, cells, sliced, marked, tally)

    return over_workers(workers, jobs, run, GeneratedTally)
