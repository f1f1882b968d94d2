"""`jupyter sane ...`: the command-line side of jupyterlab-sane."""

from __future__ import annotations

import argparse
import sys

from .testing import cli as testing_cli


def _parser():
    parser = argparse.ArgumentParser(
        prog="jupyter sane", description="jupyterlab-sane from the command line."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    testing_cli.add_parser(commands)
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
        return testing_cli.run(args, _line)
    if args.command == "deps":
        return _deps(args)
    return 2  # pragma: no cover - argparse rejects unknown commands first


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
