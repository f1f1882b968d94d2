"""`jupyter sane test NOTEBOOK.ipynb`: the command line's test-running part."""

from __future__ import annotations

import sys
from pathlib import Path


def add_parser(commands):
    """The `test` subcommand on `jupyter sane`'s subparsers."""
    test = commands.add_parser(
        "test",
        help="run a notebook's test cells headless",
        description=(
            "Runs the notebook's other code cells in order, then its test cells, in a fresh "
            "kernel; prints a summary and exits 0 when every test passed, 1 otherwise, "
            "2 for a notebook or an option it cannot work with (one line on stderr)."
        ),
    )
    test.add_argument("notebook", type=Path, help="the .ipynb file")
    test.add_argument("--junit-xml", type=Path, metavar="FILE", help="also write JUnit XML here")
    test.add_argument(
        "--timeout", type=float, default=60.0, help="seconds each test may take (default 60)"
    )
    test.add_argument(
        "--setup-timeout",
        type=float,
        default=600.0,
        help="seconds each cell before the tests may take (default 600)",
    )
    test.add_argument(
        "--run-timeout",
        type=float,
        default=3600.0,
        help="seconds the whole run may take (default 3600)",
    )
    test.add_argument("--kernel", help="kernel name (default: the notebook's own)")


def run(args, one_line):
    """Runs `jupyter sane test`; its exit code. `one_line` shortens an error to one line."""
    # Imported here: nbclient and the kernel machinery load only when tests run.
    from .headless import junit_xml, run_notebook, summary

    if not args.notebook.is_file():
        print(f"jupyter sane test: {args.notebook}: no such file", file=sys.stderr)
        return 2
    try:
        report = run_notebook(
            args.notebook,
            timeout=args.timeout,
            kernel_name=args.kernel,
            setup_timeout=args.setup_timeout,
            run_timeout=args.run_timeout,
        )
    except (ValueError, OSError) as error:  # unreadable or invalid notebook, missing kernel
        print(f"jupyter sane test: {args.notebook}: {one_line(error)}", file=sys.stderr)
        return 2
    print("\n".join(summary(report)))
    if args.junit_xml:
        args.junit_xml.write_text(junit_xml(report), encoding="utf-8")
    return 0 if report.ok else 1
