"""`jupyter sane deps NB.ipynb [DIR ...] [--format json]`: every import declared, for CI.

Exit 0 when every package the notebook imports is declared, 1 with the list otherwise, 2 for
bad input. Names come from the environment running the command (CI's own).
"""

from __future__ import annotations

import json
import os

from .declarations import find_declarations
from .findings import findings, undeclared
from .imports import notebook_imports, project_modules, project_root
from .installed import current_environment


class BadInput(Exception):
    """A notebook or folder the command cannot work with: exit 2."""


def check(notebook_path, folders=()):
    """The report: imports, declarations (per folder), findings, and the exit code."""
    notebook = _read_notebook(notebook_path)
    folder = os.path.dirname(os.path.abspath(notebook_path))
    for directory in folders:
        if not os.path.isdir(directory):
            raise BadInput(f"{directory}: not a folder")
    imports = notebook_imports(notebook, project_modules(folder))
    declarations = {"files": [], "locks": []}
    for directory in folders or [folder]:
        top = directory if folders else _search_root(folder)
        found = find_declarations(directory, top)
        for key in declarations:
            declarations[key].extend(_absolute(found[key], top))
    environment = current_environment()
    found = findings(imports, declarations, environment)
    return {
        "notebook": notebook_path,
        "packages": imports["packages"],
        "stdlib": imports["stdlib"],
        "local": imports["local"],
        "files": [
            {"path": f["path"], "kind": f["kind"], "errors": f["errors"]}
            for f in declarations["files"]
        ],
        "locks": declarations["locks"],
        "findings": found,
        "undeclared": [f["module"] for f in undeclared(found)],
        "syntaxErrors": imports["syntaxErrors"],
    }


def exit_code(report):
    return 1 if report["undeclared"] else 0


def text(report):
    """The report for a person reading CI's log."""
    lines = [f"{report['notebook']}: imports {', '.join(report['packages']) or 'no packages'}"]
    if not report["files"]:
        lines.append("no dependency file found (requirements*.txt, pyproject.toml, ...)")
    for item in report["files"]:
        lines.append(f"  read {item['path']} ({item['kind']})")
        lines.extend(f"  ! {item['path']}: {error}" for error in item["errors"])
    lines.extend(f"- {f['kind']}: {f['message']}" for f in report["findings"])
    if report["undeclared"]:
        lines.append(f"not declared: {', '.join(report['undeclared'])}")
    else:
        lines.append("every import is declared")
    return "\n".join(lines)


def as_json(report):
    return json.dumps(report, indent=1)


def _read_notebook(path):
    try:
        with open(path, encoding="utf-8") as handle:
            notebook = json.load(handle)
    except (OSError, ValueError) as error:
        raise BadInput(f"{path}: not a readable notebook ({error})") from error
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise BadInput(f'{path}: not a notebook (no "cells" list)')
    return notebook


def _search_root(folder):
    """How far up to look: the repository's root, else the project's, else the folder itself."""
    current = os.path.realpath(folder)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return project_root(folder) or folder
        current = parent


def _absolute(items, root):
    """Paths relative to where the command runs, as CI's log reads best."""
    return [dict(item, path=os.path.relpath(os.path.join(root, item["path"]))) for item in items]
