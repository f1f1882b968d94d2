"""The differential tester on real notebooks: those of the corpus that run offline here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .harness import Tally, Worker, analyze, check, extract_block

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


def blocks(count: int, sizes=(2, 3)) -> list[tuple[int, int]]:
    return [(i, i + size) for size in sizes for i in range(count - size + 1)]


def run_corpus(worker: Worker, folder: Path, blocks_too: bool = False, **kw):
    """Runs every notebook under `folder`; returns the tally and the skipped ones with why."""
    tally = Tally()
    skipped: list[tuple[str, str]] = []
    paths = sorted(folder.glob("*/*.ipynb"))
    all_cells = [code_cells(p) for p in paths]
    plans_of = analyze(all_cells)
    for path, cells, plans in zip(paths, all_cells, plans_of, strict=True):
        name = f"{path.parent.name}/{path.name}"
        print(f"differential: {name}", file=sys.stderr, flush=True)
        probe = worker.run(cells, [])
        reason = "the run failed" if "failed" in probe else why_not(probe["base"])
        if reason:
            skipped.append((name, reason))
            continue
        edits = [(i, i + 1, p) for i, p in enumerate(plans)]
        if blocks_too or kw.get("blocks"):
            edits += [(a, b, extract_block(cells, a, b)) for a, b in blocks(len(cells))]
        check(worker, cells, edits, tally)
    return tally, skipped
