"""The differential tester on real notebooks: those of the corpus that run offline here."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from .harness import Tally, Worker, analyze, check, consecutive, over_workers, plan_blocks

# A first error of these kinds means the notebook needs what this machine does not have.
_MISSING = {
    "ModuleNotFoundError": "needs a package the test environment does not have",
    "ImportError": "needs a package the test environment does not have",
    "URLError": "needs the network",
    "HTTPError": "needs the network",
    "ConnectionError": "needs the network",
    "gaierror": "needs the network",
    "Timeout": "a cell ran longer than the tester's limit",
}


def code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text())["cells"]
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "code"
    ]


def why_not(base: list[dict]) -> str | None:
    """Why a notebook can't be run here, from its original run; None when it can."""
    for output in base:
        kind = (output["error"] or "").split(":")[0]
        if kind in _MISSING:
            return f"{_MISSING[kind]} ({output['error'][:80]})"
    return None


# What the first tester of this pytest session found about each corpus notebook that can't run
# here: the testers after it (differential, then slices, then stale) skip it at once instead of
# running it again up to the same missing package or the same cell past the time limit (10 to
# 20 s per notebook per tester). Keyed by the cells, so an edited notebook is run again.
_FOUND: dict[tuple[str, int], str] = {}


def _key(name: str, cells: list[str]) -> tuple[str, int]:
    return name, hash(tuple(cells))


def known_reason(name: str, cells: list[str]) -> str | None:
    """Why an earlier tester of this session could not run the notebook, if one could not."""
    found = _FOUND.get(_key(name, cells))
    return f"{found} (found by an earlier tester)" if found else None


def unrunnable(name: str, cells: list[str], base: list[dict]) -> str | None:
    """`why_not` for a corpus notebook's run, remembered for the testers after this one."""
    reason = why_not(base)
    if reason:
        _FOUND.setdefault(_key(name, cells), reason)
    return reason


def blocks(count: int, limit: int | None = None) -> list[tuple[int, int]]:
    """Blocks of 2 and 3 consecutive code cells; with `limit`, that many of each size at
    most, spread evenly over the notebook (make test's budget), always with the last."""
    out = []
    for spans in (consecutive(count, (2,)), consecutive(count, (3,))):
        if limit is not None and len(spans) > limit:
            step = (len(spans) - 1) / (limit - 1) if limit > 1 else 0
            spans = [spans[round(k * step)] for k in range(limit)]
        out += spans
    return out


def run_corpus(
    workers: list[Worker],
    folder: Path,
    blocks_too: bool = False,
    block_limit: int | None = None,
):
    """Runs every notebook under `folder`, spread over the workers; returns the tally and the
    skipped notebooks with why."""
    paths = sorted(folder.glob("*/*.ipynb"))
    all_cells = [code_cells(p) for p in paths]
    jobs = list(zip(paths, all_cells, analyze(all_cells), strict=True))
    # The cost of a notebook grows with the square of its cells: the longest go first.
    jobs.sort(key=lambda job: -len(job[1]))
    skipped: list[tuple[str, str]] = []

    def run(worker: Worker, job, tally: Tally) -> None:
        path, cells, plans = job
        name = f"{path.parent.name}/{path.name}"
        started = time.monotonic()
        reason = known_reason(name, cells)
        if reason:
            skipped.append((name, reason))
            return
        probe = worker.run(cells, [])
        reason = "the run failed" if "failed" in probe else unrunnable(name, cells, probe["base"])
        if reason:
            skipped.append((name, reason))
            return
        edits = [(i, i + 1, p) for i, p in enumerate(plans)]
        if blocks_too:
            spans = blocks(len(cells), block_limit)
            planned = plan_blocks([(cells, spans)])[0]
            edits += [(a, b, p) for (a, b), p in zip(spans, planned, strict=True)]
        check(worker, cells, edits, tally)
        print(f"differential: {name} {time.monotonic() - started:.0f} s", file=sys.stderr)

    return over_workers(workers, jobs, run, Tally), sorted(skipped)
