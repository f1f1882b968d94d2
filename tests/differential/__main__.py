"""`python -m tests.differential [--generated N] [--seed S] [--corpus DIR] [--blocks]
[--literals] [--slice] [--stale]`.

Prints the tester's figures (and every change, shrunk); exits 1 when an output changed.
`make bench` runs a larger generated set than `make test`. `--slice` with `--corpus` runs the
slice tester on every code cell of the corpus notebooks that run offline (tests/test_slice.py
runs a part of it). `--stale` runs the stale tester instead: with `--corpus`, every cell of
every notebook re-run (tests/test_stale.py re-runs a part), with `--generated`, its generated
notebooks.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .corpus import run_corpus
from .harness import Tally, Worker, run_generated, shrink
from .slices import run_slices
from .stale import StaleTally, run_generated_stale, run_stale


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
    parser.add_argument("--stale", action="store_true")
    args = parser.parse_args()
    workers = [Worker() for _ in range(min(2, os.cpu_count() or 1))]
    worker = workers[0]
    ok = True
    try:
        if args.stale:
            return 0 if stale(args, workers) else 1
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


def stale(args, workers: list[Worker]) -> bool:
    tallies: list[StaleTally] = []
    if args.generated:
        tallies.append(run_generated_stale(workers, args.generated, args.seed))
        print(tallies[-1].summary())
        for different in tallies[-1].slice_different[:20]:
            print(different)
    if args.corpus:
        tallies.append(run_stale(workers, args.corpus))
        print(tallies[-1].summary("stale, corpus"))
        for name, why in tallies[-1].skipped:
            print(f"  skipped {name}: {why}")
    for tally in tallies:
        for mark in tally.clean_marks[:50]:
            print(f"  {mark.describe()}")
        for miss in tally.missed[:20]:
            print(miss.shrunk(workers[0]).describe())
    return all(not t.missed and not t.clean_marks for t in tallies)


if __name__ == "__main__":
    sys.exit(main())
