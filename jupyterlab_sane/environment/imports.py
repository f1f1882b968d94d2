"""What a notebook imports, read in Python: `ast` on each code cell as IPython runs it.

`jupyter sane deps` needs this without node at the user's side, so it is Python's own parser on
the cell after IPython's input transformation (magics and shell escapes become calls), not a
second copy of the frontend's analysis. The frontend's (src/analysis/imports/) and this one are
compared on the corpus in tests/test_environment_imports.py.
"""

from __future__ import annotations

import ast
import os
import re
import shlex

from .stdlib import is_stdlib

_PROJECT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg")
_IDENTIFIER = re.compile(r"^[A-Za-z_]\w*$")
_NAME = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
# pip options whose next word is their value, not a package.
_VALUED = frozenset(
    "-r --requirement -c --constraint -e --editable -i --index-url --extra-index-url -f "
    "--find-links -t --target --prefix --root --python --platform --python-version "
    "--implementation --abi --upgrade-strategy --no-binary --only-binary --trusted-host "
    "--proxy --cache-dir --src --progress-bar".split()
)


def _transformer():
    """IPython's own cleanup of a cell, or None when IPython is not installed here."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return None
    return TransformerManager()


def _plain(source, manager):
    """The cell as Python: IPython's transform, or escaped lines blanked without IPython."""
    if manager is not None:
        try:
            return manager.transform_cell(source)
        except Exception:  # IPython raises assorted errors on half-written cells
            pass
    if source.lstrip().startswith("%%"):
        return ""
    return "\n".join("" if line.lstrip()[:1] in ("%", "!") else line for line in source.split("\n"))


def cell_sources(notebook):
    """(index, source) of the code cells of a notebook's JSON (nbformat 4)."""
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise ValueError('not a notebook (no "cells" list)')
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise ValueError(f"cell {index} is not an object")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        yield index, "".join(source) if isinstance(source, list) else str(source)


def notebook_imports(notebook, local_modules=()):
    """The imports, pip installs and syntax errors of a notebook, each top name set apart."""
    manager = _transformer()
    imports, installs, errors = [], [], []
    for index, source in cell_sources(notebook):
        installs.extend(dict(item, cell=index) for item in _pip_installs(source))
        if source.lstrip().startswith("%%"):
            continue  # a cell magic's body is not Python run by the kernel
        try:
            tree = ast.parse(_plain(source, manager))
        except (SyntaxError, ValueError):
            errors.append(index)
            continue
        imports.extend(dict(item, cell=index) for item in _imports(tree))
    local = set(local_modules)
    groups = {"packages": set(), "stdlib": set(), "local": set()}
    for item in imports:
        top = item["top"]
        if top is None:
            groups["local"].add(item["module"])
        elif top in local:
            groups["local"].add(top)
        else:
            groups["stdlib" if is_stdlib(top) else "packages"].add(top)
    return {
        "imports": imports,
        "pipInstalls": installs,
        "syntaxErrors": errors,
        **{key: sorted(names) for key, names in groups.items()},
    }


def _imports(tree):
    """Every import in the tree, with whether a function or a `try` encloses it."""
    found = []

    def visit(node, in_function, guarded):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(_site(alias.name, 0, node, in_function, guarded))
        elif isinstance(node, ast.ImportFrom):
            if node.level and not node.module:
                for alias in node.names:
                    found.append(_site(alias.name, node.level, node, in_function, guarded))
            else:
                found.append(_site(node.module, node.level, node, in_function, guarded))
        in_function = in_function or isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        )
        guarded = guarded or isinstance(node, (ast.Try, *_TRY_STAR))
        for child in ast.iter_child_nodes(node):
            visit(child, in_function, guarded)

    visit(tree, False, False)
    return found


_TRY_STAR = (ast.TryStar,) if hasattr(ast, "TryStar") else ()


def _site(module, level, node, in_function, guarded):
    name = "." * level + module
    return {
        "line": node.lineno,
        "module": name,
        "top": None if level else module.split(".")[0],
        "inFunction": in_function,
        "guarded": guarded,
    }


def _pip_installs(source):
    """Requirements of `%pip install` and `!pip install` lines (after their indentation)."""
    found = []
    for number, line in enumerate(source.split("\n"), start=1):
        text = line.strip()
        if text.startswith("%pip "):
            words = _words(text[len("%pip ") :])
        elif text.startswith("!"):
            words = _words(text.lstrip("!"))
            at = next((i for i, w in enumerate(words) if re.search(r"(^|/)pip3?$", w)), None)
            if at is None:
                continue
            words = words[at + 1 :]
        else:
            continue
        for requirement in _requirements(words):
            found.append({"line": number, **requirement})
    return found


def _words(text):
    try:
        return shlex.split(text, comments=False)
    except ValueError:
        return text.split()


def _requirements(words):
    if not words or words[0] != "install":
        return []
    found, skip = [], False
    for word in words[1:]:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in _VALUED
        elif not re.search(r"[/\\]|://|^\.|^\{|^\$", word):
            match = _NAME.match(word)
            if match:
                found.append({"requirement": word, "name": match.group(1)})
    return found


def project_modules(folder):
    """Top-level module names in the notebook's folder and its project's root (and src/)."""
    folders = [folder]
    root = project_root(folder)
    if root:
        folders += [root, os.path.join(root, "src")]
    names = set()
    for directory in folders:
        names.update(_modules_in(directory))
    return sorted(names)


def project_root(folder):
    """The nearest folder up from `folder` with .git, pyproject.toml, setup.py or setup.cfg."""
    current = os.path.realpath(folder)
    while True:
        if any(os.path.exists(os.path.join(current, m)) for m in _PROJECT_MARKERS):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _modules_in(directory):
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    names = []
    for entry in entries:
        stem = entry.name[:-3] if entry.name.endswith(".py") else entry.name
        if not _IDENTIFIER.match(stem):
            continue
        try:
            if entry.is_file() and entry.name.endswith(".py"):
                names.append(stem)
            elif entry.is_dir() and any(n.endswith(".py") for n in os.listdir(entry.path)):
                names.append(stem)
        except OSError:
            continue
    return names
