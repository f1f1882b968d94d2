"""`python -m tests.differential [--generated N] [--seed S] [--corpus DIR] [--blocks]
[--literals] [--slice]`.

Prints the tester's figures (and every change, shrunk); exits 1 when an output changed.
`make bench` runs a larger generated set than `make test`. `--slice` with `--corpus` runs the
slice tester on every code cell of the corpus notebooks that run offline (tests/test_slice.py
runs a part of it).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .corpus import run_corpus
from .harness import Tally, Worker, run_generated, shrink
from .slices import run_slices


def report(tally: Tally, label: str, worker: Worker) -> bool:
    print(tally.summary(label))
    for reason, count in sorted(tally.refused.items(), key=lambda kv: -kv[1]):
        print(f"  refused {count}x: {reason}")
    for failure in tally.failed[:5]:
        print(f"  run failed: {failure}")
    for change in tally.changed[:20]:
        print(shrink(worker, change).describe())
    return not tally.changed


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.differential")
    parser.add_argument("--generated", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--blocks", action="store_true")
    parser.add_argument(
        "--literals", action="store_true", help="also every value as a keyword parameter"
    )
    parser.add_argument("--slice", action="store_true")
    args = parser.parse_args()
    workers = [Worker() for _ in range(min(2, os.cpu_count() or 1))]
    worker = workers[0]
    ok = True
    try:
        if args.generated:
            tally = run_generated(workers, args.generated, args.seed)
            ok &= report(tally, "generated", worker)
            if args.blocks:
                tally = run_generated(workers, args.generated, args.seed, blocks=True)
                ok &= report(tally, "generated blocks", worker)
            if args.literals:
                tally = run_generated(workers, args.generated, args.seed, literals=True)
                ok &= report(tally, "generated keyword parameters", worker)
        if args.corpus and args.slice:
            sliced = run_slices(workers, args.corpus)
            print(sliced.summary())
            for name, why in sliced.skipped:
                print(f"  skipped {name}: {why}")
            for diff in sliced.different[:20]:
                print(diff.describe())
            ok &= not sliced.different
        elif args.corpus:
            tally, skipped = run_corpus(workers, args.corpus, blocks_too=args.blocks)
            for name, why in skipped:
                print(f"  skipped {name}: {why}")
            ok &= report(tally, "corpus", worker)
    finally:
        for w in workers:
            w.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
