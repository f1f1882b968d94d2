"""How the work's Python environment is managed, and whether it is locked."""

from __future__ import annotations

import glob
import os
import re
import shutil
import sys

from .paths import inside, read_regular

# Lock files, most specific first: (file, manager).
LOCKS = (
    ("uv.lock", "uv"),
    ("poetry.lock", "poetry"),
    ("Pipfile.lock", "pipenv"),
    ("pixi.lock", "pixi"),
    ("conda-lock.yml", "conda"),
)
# Files that name the dependencies without pinning them: (file, manager).
MANIFESTS = (
    ("pyproject.toml", "pyproject"),
    ("Pipfile", "pipenv"),
    ("environment.yml", "conda"),
    ("environment.yaml", "conda"),
    ("requirements.txt", "pip"),
)
_PINNED = re.compile(r"^[A-Za-z0-9._\[\],-]+\s*===?\s*[^\s;]+")


def pinned(path, root=None):
    """Whether every requirement line pins an exact version (`name==1.2.3`).

    Read with `read_regular`: a FIFO named requirements.txt blocked a plain open() forever.
    """
    text = read_regular(path, root=root)
    if text is None:
        return False
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("-")]
    return bool(lines) and all(_PINNED.match(line) for line in lines)


def interpreter_of(argv0):
    """The Python a kernel spec's first argument runs, as jupyter_client resolves it."""
    if not argv0:
        return None
    major, minor = sys.version_info[:2]
    if argv0 in {"python", f"python{major}", f"python{major}.{minor}"}:
        return sys.executable  # jupyter_client launches these as the server's own Python
    return argv0 if os.path.isabs(argv0) else shutil.which(argv0)


def kernel_environment(executable):
    """How the kernel's interpreter was installed: conda, uv, poetry, pipenv, venv or system."""
    if not executable:
        return None
    prefix = os.path.dirname(os.path.dirname(executable))
    if os.path.isdir(os.path.join(prefix, "conda-meta")):
        return {"kind": "conda", "prefix": prefix}
    config = os.path.join(prefix, "pyvenv.cfg")
    if not os.path.isfile(config):
        return {"kind": "system", "prefix": prefix}
    text = read_regular(config) or ""
    if re.search(r"^uv\s*=", text, re.M):
        kind = "uv"
    elif "pypoetry" in prefix:
        kind = "poetry"
    elif f"{os.sep}virtualenvs{os.sep}" in prefix:
        kind = "pipenv"
    else:
        kind = "venv"
    return {"kind": kind, "prefix": prefix}


def probe_environment(directory, root, executable=None):
    """The kernel's interpreter, and the lock and manifest files from here up to the root."""
    result = _project(directory, root)
    result["kernel"] = kernel_environment(executable)
    return result


def _project(directory, root):
    manifest = None
    current = os.path.realpath(directory)
    root = os.path.realpath(root)
    while True:
        for name, manager in LOCKS:
            if os.path.isfile(os.path.join(current, name)):
                return _found(manager, name, current, root, locked=True)
        for path in sorted(glob.glob(os.path.join(glob.escape(current), "requirements*.txt"))):
            if pinned(path, root):
                return _found("pip", os.path.basename(path), current, root, locked=True)
        if manifest is None:
            for name, manager in MANIFESTS:
                if os.path.isfile(os.path.join(current, name)):
                    manifest = (manager, name, current)
                    break
        # Up to the root, never above it (nor anywhere when called outside it).
        if current == root or not inside(current, root) or os.path.dirname(current) == current:
            break
        current = os.path.dirname(current)
    if manifest:
        return _found(manifest[0], manifest[1], manifest[2], root, locked=False)
    return {"status": "ok", "manager": None, "file": None, "locked": False}


def _found(manager, name, where, root, locked):
    relative = os.path.relpath(os.path.join(where, name), root)
    return {"status": "ok", "manager": manager, "file": relative, "locked": locked}
