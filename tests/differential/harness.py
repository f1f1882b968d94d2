"""The differential execution tester: run a notebook, make each edit, run again, compare.

For every code cell (or block of consecutive code cells) that the analysis extracts, the cells are
replaced by the extraction's one new cell and the notebook is run again from the same state; what
every cell shows must be the same. A difference is shrunk to the fewest cells that still show it.
The analysis is the real one, `node lib/cli.js`, exactly as users get it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .generate import notebooks, shaped_notebooks
from .outputs import merged, same

ROOT = Path(__file__).resolve().parent.parent.parent
CLI = ROOT / "lib" / "cli.js"


def notebook_json(cells: list[str]) -> dict:
    return {
        "cells": [
            {
                "cell_type": "code",
                "source": s,
                "metadata": {},
                "outputs": [],
                "execution_count": None,
            }
            for s in cells
        ],
        "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def analyze(notebooks: list[list[str]]) -> list[list[dict]]:
    """The CLI's `extract` answer for every code cell of each notebook (code cells only)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, cells in enumerate(notebooks):
            path = Path(folder) / f"n{i}.ipynb"
            path.write_text(json.dumps(notebook_json(cells)))
            paths.append(str(path))
        out = []
        # Batches keep the command line short.
        for at in range(0, len(paths), 500):
            result = subprocess.run(
                ["node", str(CLI), "analyze", *paths[at : at + 500]],
                check=True,
                capture_output=True,
                text=True,
            )
            out += [
                [c["extract"] for c in nb["cells"]] for nb in json.loads(result.stdout)["notebooks"]
            ]
        return out


def plan_blocks(
    notebooks: list[tuple[list[str], list[tuple[int, int]]]], literals: bool = False
) -> list[list[dict]]:
    """Block plans, many notebooks in one node process: [(cells, [(start, stop), ...]), ...].
    With `literals`, the blocks are single cells planned with their values as keyword
    parameters, as the dialog makes them."""
    request = [
        {"cells": c, "blocks": [[a, b - 1] for a, b in blocks], "literals": literals}
        for c, blocks in notebooks
    ]
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "differential" / "plan_blocks.mjs")],
        input=json.dumps(request),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def extract_block(cells: list[str], start: int, stop: int) -> dict:
    """The CLI's `extract --cells` answer for cells [start, stop)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "block.ipynb"
        path.write_text(json.dumps(notebook_json(cells)))
        indexes = ",".join(str(i) for i in range(start, stop))
        result = subprocess.run(
            ["node", str(CLI), "extract", str(path), "--cells", indexes],
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout)


class Worker:
    """One IPython worker process; requests are answered one at a time."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.differential.worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self._lock = threading.Lock()

    def run(
        self, cells: list[str], variants: list[dict], timeout: float = 10.0, alone: bool = False
    ) -> dict:
        """The notebook and its variants; `alone`: each variant runs while the base waits, as a
        second opinion free of the load of the others."""
        request = {"cells": cells, "variants": variants, "timeout": timeout}
        return self._ask({**request, "flights": 0} if alone else request)

    def run_paths(self, cells: list[str], paths: list[list[int]], timeout: float = 10.0) -> dict:
        """Each path of cell indexes run as in a fresh shell (common prefixes run once)."""
        return self._ask({"cells": cells, "paths": paths, "timeout": timeout})

    def _ask(self, request: dict) -> dict:
        line = json.dumps(request)
        with self._lock:
            self._process.stdin.write(line + "\n")
            self._process.stdin.flush()
            answer = self._process.stdout.readline()
        if not answer:
            raise RuntimeError("the IPython worker died")
        return json.loads(answer)

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait(timeout=30)


@dataclass
class Change:
    """An edit after which some cell showed something else."""

    cells: list[str]
    start: int
    stop: int
    source: str
    at: int
    want: dict
    got: dict
    literals: bool = False

    def describe(self) -> str:
        lines = [f"extracting code cells {self.start}..{self.stop - 1} changed cell {self.at}:"]
        for i, cell in enumerate(self.cells):
            mark = " <- extracted" if self.start <= i < self.stop else ""
            if len(self.cells) <= 30 or mark or i == self.at:
                lines.append(f"--- cell {i}{mark}\n{cell}")
        lines += [
            f"--- the new cell\n{self.source}",
            f"--- before: {self.want}",
            f"--- after:  {self.got}",
        ]
        return "\n".join(lines)


@dataclass
class Tally:
    notebooks: int = 0
    cells: int = 0
    extracted: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    errored: int = 0
    unstable: int = 0
    changed: list[Change] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    # The same figures for the edits of several cells: tried, extracted and run, refused.
    blocks: list[int] = field(default_factory=lambda: [0, 0, 0])

    def merge(self, other: Tally) -> None:
        self.blocks = [a + b for a, b in zip(self.blocks, other.blocks, strict=True)]
        self.notebooks += other.notebooks
        self.cells += other.cells
        self.extracted += other.extracted
        self.errored += other.errored
        self.unstable += other.unstable
        self.changed += other.changed
        self.failed += other.failed
        for reason, count in other.refused.items():
            self.refused[reason] = self.refused.get(reason, 0) + count

    def refuse(self, reason: str) -> None:
        self.refused[reason] = self.refused.get(reason, 0) + 1

    def summary(self, label: str) -> str:
        refused = sum(self.refused.values())
        return (
            f"{label}: {self.notebooks} notebooks, {self.cells} edits tried, {self.extracted} "
            f"extracted and run, {refused} refused, {self.errored} not reached or raising in the "
            f"original run, {len(self.changed)} changed outputs, {len(self.failed)} runs failed, "
            f"{self.unstable} cells left out that vary between two runs of the same notebook"
            + self._blocks_summary()
        )

    def _blocks_summary(self) -> str:
        tried, run, refused = self.blocks
        if not tried:
            return ""
        changed = sum(1 for c in self.changed if c.stop - c.start > 1)
        return (
            f"; of these, blocks of 2 and 3 cells: {tried} tried, {run} extracted and run, "
            f"{refused} refused, {changed} changed outputs"
        )


def compare(base, start, stop, result, unstable=frozenset()) -> tuple[int, dict, dict] | None:
    """The first cell whose output differs after the edit, or None. Cells whose output differs
    between two runs of the unchanged notebook (threads racing, clocks) are not compared."""
    if isinstance(result, dict):
        return (start, {"run": "ok"}, {"run": result.get("failed", "failed")})
    want = [merged(base[start:stop]), *base[stop:]]
    at = [start, *range(stop, len(base))]
    for k, (w, g) in enumerate(zip(want, result, strict=False)):
        if at[k] not in unstable and not same(w, g):
            return (at[k], w, g)
    if len(result) != len(want):
        return (start + len(result), {"cells": len(want)}, {"cells": len(result)})
    return None


def check(
    worker: Worker,
    cells: list[str],
    edits: list[tuple[int, int, dict]],
    tally: Tally,
    literals: bool = False,
):
    """Runs one notebook with its edits; records every change in the tally."""
    tally.notebooks += 1
    # The control: the unchanged notebook run again, to find the cells that vary by themselves.
    variants = [(0, 1, cells[0])] if cells else []
    for start, stop, plan in edits:
        tally.cells += 1
        block = int(stop - start > 1)
        tally.blocks[0] += block
        if plan["ok"]:
            variants.append((start, stop, plan["source"]))
        else:
            tally.refuse(plan["reason"])
            tally.blocks[2] += block
    answer = worker.run(cells, [{"start": a, "stop": b, "source": s} for a, b, s in variants])
    if "failed" in answer:
        tally.failed.append(answer["failed"])
        return
    base = answer["base"]
    results = answer["variants"]
    unstable = set()
    if variants and isinstance(results[0], list):
        unstable = {
            i for i, (a, b) in enumerate(zip(base, results[0], strict=False)) if not same(a, b)
        }
        tally.unstable += len(unstable)
    for (start, stop, source), result in zip(variants[1:], results[1:], strict=True):
        if result is None or stop > len(base) or any(o["error"] for o in base[start:stop]):
            tally.errored += 1
            continue
        tally.extracted += 1
        tally.blocks[1] += int(stop - start > 1)
        diff = compare(base, start, stop, result, unstable)
        if diff is not None and not _reproduces(worker, cells, start, stop, source):
            # Threads racing under load: the same edit run again shows what the notebook did.
            tally.unstable += 1
        elif diff is not None:
            at, want, got = diff
            tally.changed.append(Change(cells, start, stop, source, at, want, got, literals))


def _reproduces(worker: Worker, cells: list[str], start: int, stop: int, source: str) -> bool:
    """Whether an edit changes an output again, in a second run of the notebook and the edit."""
    answer = worker.run(cells, [{"start": start, "stop": stop, "source": source}], alone=True)
    if "failed" in answer or answer["variants"][0] is None:
        return True
    return compare(answer["base"], start, stop, answer["variants"][0]) is not None


def still_changes(
    worker: Worker, cells: list[str], start: int, stop: int, literals: bool = False
) -> Change | None:
    if literals:
        plan = plan_blocks([(cells, [(start, stop)])], literals=True)[0][0]
    elif stop == start + 1:
        plan = analyze([cells])[0][start]
    else:
        plan = extract_block(cells, start, stop)
    if not plan["ok"]:
        return None
    tally = Tally()
    check(worker, cells, [(start, stop, plan)], tally, literals)
    return tally.changed[0] if tally.changed else None


def shrink(worker: Worker, change: Change, limit: int = 30) -> Change:
    """Drops cells one at a time while the edit still changes an output (small notebooks)."""
    best = change
    if len(best.cells) > limit:
        return best
    i = 0
    while i < len(best.cells):
        if best.start <= i < best.stop:
            i += 1
            continue
        cells = best.cells[:i] + best.cells[i + 1 :]
        shift = 1 if i < best.start else 0
        found = still_changes(worker, cells, best.start - shift, best.stop - shift, best.literals)
        if found is not None:
            best = found
        else:
            i += 1
    return best


def consecutive(count: int, sizes=(2, 3)) -> list[tuple[int, int]]:
    """Every block of 2 and of 3 consecutive cells, as (start, stop)."""
    return [(i, i + size) for size in sizes for i in range(count - size + 1)]


def run_generated(
    workers: list[Worker],
    count: int,
    seed: int,
    blocks: bool = False,
    literals: bool = False,
    shapes: dict[str, int] | None = None,
) -> Tally:
    """Generated notebooks spread over the workers (one per core), each with its own tally.
    With `blocks`, the edits are blocks of 2 and 3 consecutive cells instead of single cells;
    with `literals`, single cells whose values all become keyword parameters. With `shapes` (a
    dict, filled with how many cells got each), the cells are re-typed in source shapes."""
    if shapes is None:
        cells_of = notebooks(count, seed)
    else:
        cells_of, counts = shaped_notebooks(count, seed)
        shapes.update(counts)
    if literals:
        spans = [[(i, i + 1) for i in range(len(c))] for c in cells_of]
        plans_of = plan_blocks(list(zip(cells_of, spans, strict=True)), literals=True)
        edits_of = [
            [(a, b, p) for (a, b), p in zip(s, plans, strict=True)]
            for s, plans in zip(spans, plans_of, strict=True)
        ]
    elif blocks:
        spans = [consecutive(len(c)) for c in cells_of]
        plans_of = plan_blocks(list(zip(cells_of, spans, strict=True)))
        edits_of = [
            [(a, b, p) for (a, b), p in zip(s, plans, strict=True)]
            for s, plans in zip(spans, plans_of, strict=True)
        ]
    else:
        edits_of = [[(i, i + 1, p) for i, p in enumerate(plans)] for plans in analyze(cells_of)]
    jobs = list(zip(cells_of, edits_of, strict=True))

    def run(worker: Worker, job, tally: Tally) -> None:
        check(worker, job[0], job[1], tally, literals)

    return over_workers(workers, jobs, run, Tally)


def over_workers(workers: list[Worker], jobs: list, work, make_tally):
    """Runs `work(worker, job, tally)` for every job: each worker takes the next job as soon as
    it is free (a fixed share per worker left one idle while the other ran the long notebooks),
    so `jobs` go longest first. One tally per worker, merged at the end."""
    queue = iter(jobs)
    lock = threading.Lock()
    tallies = [make_tally() for _ in workers]
    done = object()

    def run(k: int) -> None:
        while True:
            with lock:
                job = next(queue, done)
            if job is done:
                return
            work(workers[k], job, tallies[k])

    with ThreadPoolExecutor(len(workers)) as pool:
        list(pool.map(run, range(len(workers))))
    total = make_tally()
    for tally in tallies:
        total.merge(tally)
    return total
