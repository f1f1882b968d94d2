"""The slice tester: each code cell run after only the earlier cells its slice names.

For every corpus notebook that runs offline, the notebook is run in full in a fresh IPython shell;
then for each code cell I (up to a limit per notebook, spread evenly), only slice(I) and then I
run in another fresh shell, and I's output must be the one of the full run. Cells whose output
varies between two full runs (clocks, threads) are left out, as in the differential tester.
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import code_cells, known_reason, unrunnable
from .harness import ROOT, Worker, over_workers
from .outputs import same


def ask_node(script: Path, request: object):
    """A planner's answer: `node script` with the request as JSON on stdin, JSON on stdout."""
    result = subprocess.run(
        ["node", str(script)],
        input=json.dumps(request),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def plan_slices(notebooks: list[list[str]]) -> list[list[list[int]]]:
    """slice(I) for every code cell of each notebook, from the built analysis."""
    return ask_node(ROOT / "tests" / "differential" / "plan_slices.mjs", notebooks)


@dataclass
class SliceDiff:
    notebook: str
    cell: int
    needs: list[int]
    want: dict
    got: dict

    def describe(self) -> str:
        return (
            f"{self.notebook} cell {self.cell} (code cells, needs {self.needs}):\n"
            f"  full run: {self.want}\n  slice:    {self.got}"
        )


@dataclass
class SliceTally:
    notebooks: int = 0
    cells: int = 0
    unstable: int = 0
    timed_out: int = 0
    shares: list[float] = field(default_factory=list)
    # Each notebook's shares, to tell which notebooks the mean owes most to.
    by_notebook: dict[str, list[float]] = field(default_factory=dict)
    different: list[SliceDiff] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def merge(self, other: SliceTally) -> None:
        self.notebooks += other.notebooks
        self.cells += other.cells
        self.unstable += other.unstable
        self.timed_out += other.timed_out
        self.shares += other.shares
        for name, shares in other.by_notebook.items():
            self.by_notebook.setdefault(name, []).extend(shares)
        self.different += other.different
        self.failed += other.failed
        self.skipped += other.skipped

    def summary(self) -> str:
        mean, median, p90 = share_figures(self.shares)
        return (
            f"slice: {self.notebooks} notebooks, {self.cells} cells run after their slice only, "
            f"{len(self.different)} different, share of earlier cells re-run: mean "
            f"{100 * mean:.1f}%, median {100 * median:.1f}%, 90th percentile {100 * p90:.1f}%, "
            f"{self.unstable} cells left out that vary between two full "
            f"runs, {self.timed_out} whose slice run timed out twice, {len(self.failed)} runs "
            f"failed, {len(self.skipped)} notebooks skipped"
        )

    def heaviest(self, count: int = 8) -> list[str]:
        """The notebooks that lift the mean most: each one's mean share and its cells' part of
        the overall mean above 50%, heaviest first."""
        total = len(self.shares)
        weights = [
            (sum(s - 0.5 for s in shares) / total, name, shares)
            for name, shares in self.by_notebook.items()
            if shares
        ]
        weights.sort(key=lambda w: -w[0])
        return [
            f"  {name}: {len(shares)} cells, mean {100 * sum(shares) / len(shares):.1f}%, "
            f"{100 * weight:+.1f} points on the mean above 50%"
            for weight, name, shares in weights[:count]
        ]


def share_figures(shares: list[float]) -> tuple[float, float, float]:
    """Mean, median and 90th percentile (nearest rank: the share 90% of slices stay within)."""
    if not shares:
        return 0.0, 0.0, 0.0
    ordered = sorted(shares)
    return (
        sum(ordered) / len(ordered),
        statistics.median(ordered),
        ordered[math.ceil(0.9 * len(ordered)) - 1],
    )


def spread(count: int, limit: int | None) -> list[int]:
    """Up to `limit` of range(count), evenly spread, the last one always in."""
    if limit is None or count <= limit:
        return list(range(count))
    return sorted(
        {round(k * (count - 1) / (limit - 1)) for k in range(limit)} if limit > 1 else {count - 1}
    )


def _last(outputs: list[dict] | dict, needs: list[int]) -> dict:
    """What the slice's own cell showed, from a path's outputs; why not when it wasn't reached."""
    if isinstance(outputs, dict):
        return {"text": "", "shown": [], "error": f"run failed: {outputs['failed'][:200]}"}
    if len(outputs) <= len(needs):
        return {"text": "", "shown": [], "error": f"slice stopped: {outputs[-1]['error']}"}
    return outputs[-1]


def _slice_output(worker: Worker, cells: list[str], needs: list[int], at: int) -> dict:
    """What cell `at` shows after only its slice ran in a fresh shell, on its own."""
    answer = worker.run([cells[j] for j in needs] + [cells[at]], [])
    return _last(answer if "failed" in answer else answer["base"], needs)


def _slice_outputs(worker: Worker, cells, slices, chosen: list[int]) -> dict[int, dict]:
    """What each chosen cell shows after only its slice: one request, shared prefixes once."""
    answer = worker.run_paths(cells, [[*slices[at], at] for at in chosen])
    if "failed" in answer:
        return {at: _last(answer, slices[at]) for at in chosen}
    return {at: _last(out, slices[at]) for at, out in zip(chosen, answer["paths"], strict=True)}


def _reproducible(worker: Worker, cells: list[str], base: list[dict], at: int) -> bool:
    """Whether a second full run of the notebook shows what the first showed at cell `at`."""
    answer = worker.run(cells, [])
    if "failed" in answer or at >= len(answer["base"]):
        return False
    return same(base[at], answer["base"][at])


def _timed_out(output: dict) -> bool:
    return bool(output.get("timeout")) or "Timeout" in (output.get("error") or "")


def check_notebook(worker: Worker, name: str, cells, slices, limit, tally: SliceTally) -> None:
    known = known_reason(name, cells)
    if known:
        tally.skipped.append((name, known))
        return
    answer = worker.run(cells, [{"start": 0, "stop": 1, "source": cells[0]}] if cells else [])
    if "failed" in answer:
        tally.skipped.append((name, "the run failed"))
        return
    base = answer["base"]
    reason = unrunnable(name, cells, base)
    if reason:
        tally.skipped.append((name, reason))
        return
    control = answer["variants"][0] if cells else []
    unstable = {
        i
        for i, out in enumerate(base)
        if not isinstance(control, list) or i >= len(control) or not same(out, control[i])
    }
    tally.notebooks += 1
    chosen = [at for at in spread(len(base), limit) if at not in unstable]
    tally.unstable += len(spread(len(base), limit)) - len(chosen)
    outputs = _slice_outputs(worker, cells, slices, chosen)
    for at in chosen:
        tally.cells += 1
        needs = slices[at]
        if at > 0:
            tally.shares.append(len(needs) / at)
            tally.by_notebook.setdefault(name, []).append(len(needs) / at)
        got = outputs[at]
        if not same(base[at], got):
            # Threads racing under load: a second run tells a real difference from chance; so
            # does a second full run (a generator seeded anew in each run, numpy's at import).
            again = _slice_output(worker, cells, needs, at)
            if same(base[at], again) or not _reproducible(worker, cells, base, at):
                tally.unstable += 1
            elif _timed_out(got) and _timed_out(again):
                # The full run ran it within the limit: a loaded machine, not a missing cell.
                tally.timed_out += 1
            else:
                tally.different.append(SliceDiff(name, at, needs, base[at], got))


def run_slices(
    workers: list[Worker], folder: Path, limit: int | None = None, only: list[str] | None = None
) -> SliceTally:
    """Runs the slice test on the notebooks under `folder` (`only`: names as `dir/file.ipynb`),
    at most `limit` cells per notebook, spread over the workers."""
    paths = sorted(folder.glob("*/*.ipynb"))
    if only is not None:
        paths = [p for p in paths if f"{p.parent.name}/{p.name}" in only]
    all_cells = [code_cells(p) for p in paths]
    jobs = list(zip(paths, all_cells, plan_slices(all_cells), strict=True))
    jobs.sort(key=lambda job: -len(job[1]))

    def run(worker: Worker, job, tally: SliceTally) -> None:
        path, cells, slices = job
        name = f"{path.parent.name}/{path.name}"
        started = time.monotonic()
        check_notebook(worker, name, cells, slices, limit, tally)
        print(f"slice: {name} {time.monotonic() - started:.0f} s", file=sys.stderr)

    total = over_workers(workers, jobs, run, SliceTally)
    total.skipped.sort()
    return total
