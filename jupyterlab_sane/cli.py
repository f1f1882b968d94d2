"""`jupyter sane ...`: the command-line side of jupyterlab-sane."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parser():
    parser = argparse.ArgumentParser(
        prog="jupyter sane", description="jupyterlab-sane from the command line."
    )
    commands = parser.add_subparsers(dest="command", required=True)
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
    deps = commands.add_parser(
        "deps",
        help="check that every package a notebook imports is declared",
        description=(
            "Reads the notebook's imports and the project's dependency files (from the "
            "notebook's folder up to the repository's root, or only in the given folders); "
            "names come from this environment. Exits 0 when every import is declared, 1 with "
            "the list otherwise, 2 for bad input."
        ),
    )
    deps.add_argument("notebook", help="the .ipynb file")
    deps.add_argument("folders", nargs="*", metavar="DIR", help="folders holding the declarations")
    deps.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _test(args):
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
        print(f"jupyter sane test: {args.notebook}: {_line(error)}", file=sys.stderr)
        return 2
    print("\n".join(summary(report)))
    if args.junit_xml:
        args.junit_xml.write_text(junit_xml(report), encoding="utf-8")
    return 0 if report.ok else 1


def _deps(args):
    from .environment.deps import BadInput, as_json, check, exit_code, text

    try:
        report = check(args.notebook, args.folders)
    except BadInput as error:
        print(f"jupyter sane deps: {_line(error)}", file=sys.stderr)
        return 2
    print(as_json(report) if args.format == "json" else text(report))
    return exit_code(report)


def _line(error):
    """One line of an error's message: exit 2 says one thing, never a traceback."""
    text = " ".join(str(error).split())
    return text if len(text) <= 500 else text[:499] + "…"


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.command == "test":
        return _test(args)
    if args.command == "deps":
        return _deps(args)
    return 2  # pragma: no cover - argparse rejects unknown commands first


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
