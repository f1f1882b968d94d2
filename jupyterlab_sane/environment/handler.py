"""`POST /jupyterlab-sane/environment`: a notebook's imports against its project's declarations.

Body: `{"path": "dir/nb.ipynb", "imports": ["numpy", "helpers", ...], "environment": {...} |
null, "pin": ">=" | "=="}`: the top-level names the frontend's analysis found, and the
kernel's answer to `expression` (null without a live Python kernel). Reply: the files read,
the lock files, the findings, the expression to ask the kernel, and the proposed text of the
requirements file that would declare what is missing (the frontend saves it through the
contents API, so undo and collaboration work). Reads only; the work runs off the IO loop.
"""

from __future__ import annotations

import asyncio
import json
import os

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler

from ..health.paths import inside, read_regular
from .declarations import find_declarations
from .findings import findings
from .imports import project_modules
from .installed import KERNEL_EXPRESSION
from .location import ImportTimes, advice, where
from .stdlib import is_stdlib
from .writer import add_requirements, add_to_pyproject
from .writer_conda import add_to_environment_yml

TIMEOUT = 10.0
_PINS = (">=", "==")
# The files Add to requirements writes, by the kind the declarations give them.
WRITERS = {
    "requirements": add_requirements,
    "pyproject": add_to_pyproject,  # [project] dependencies, else Poetry's table
    "conda": add_to_environment_yml,  # its pip section
}


def check_environment(root, notebook, tops, environment, pin):
    """The reply, computed with plain files: runs in a worker thread, never on the IO loop."""
    folder = os.path.dirname(notebook)
    if not inside(os.path.realpath(folder), root):
        raise PermissionError("path must stay inside the server root")
    local = set(project_modules(folder))
    packages = sorted({t for t in tops if t not in local and not is_stdlib(t)})
    imports = {"packages": packages}
    search_root = _repository_root(folder, root)
    declarations = find_declarations(folder, search_root)
    found = findings(imports, declarations, environment)
    prefix = os.path.relpath(search_root, root)
    for item in declarations["files"] + declarations["locks"]:
        item["path"] = os.path.normpath(os.path.join(prefix, item["path"]))
    return {
        "packages": packages,
        "location": _location(environment, found, packages),
        "files": declarations["files"],
        "locks": declarations["locks"],
        "findings": found,
        "kernel": environment is not None,
        "expression": KERNEL_EXPRESSION,
        "fix": _fix(root, folder, declarations, found, pin),
    }


def _location(environment, found, packages):
    """Where the kernel's environment lives and its imports' time, once measured."""
    prefix = (environment or {}).get("prefix")
    executable = (environment or {}).get("executable")
    if not prefix or not os.path.isdir(prefix):
        return None  # no kernel, or one on another machine: its disk is not ours to read
    location = where(prefix)
    missing = {f["module"] for f in found if f["kind"] == "undeclared" and not f["installed"]}
    modules = [p for p in packages if p not in missing]
    times = IMPORT_TIMES.get(executable, modules) if executable and modules else None
    return {**location, "imports": times, "advice": advice(location, times)}


IMPORT_TIMES = ImportTimes()


def _repository_root(folder, root):
    current = os.path.realpath(folder)
    while current != root and inside(current, root):
        if os.path.exists(os.path.join(current, ".git")):
            return current
        current = os.path.dirname(current)
    return root


def _fix(root, folder, declarations, found, pin):
    """The file to write and its new text, or None when nothing can be added safely.

    The file the project uses, nearest first: a requirements file, pyproject.toml's [project]
    dependencies or Poetry's, or environment.yml's pip section; with none, a new
    requirements.txt beside the notebook.
    """
    additions = [
        (f["distribution"], f["installed"])
        for f in found
        if f["kind"] in ("undeclared", "transitive") and f.get("distribution")
    ]
    if not additions:
        return None
    target = next((f for f in declarations["files"] if f["kind"] in WRITERS), None)
    if target is None:
        path, write = os.path.join(folder, "requirements.txt"), add_requirements
    else:
        path, write = os.path.join(root, target["path"]), WRITERS[target["kind"]]
    old = read_regular(path, root=root) if os.path.exists(path) else ""
    if old is None:
        return None  # a file we may not read is never overwritten
    text = write(old, additions, pin)
    if text is None:
        return None  # an array this cannot edit without touching anything else
    return {
        "path": os.path.relpath(path, root),
        "exists": os.path.exists(path),
        "add": [f"{name}{pin}{version}" for name, version in additions],
        "text": text,
    }


class EnvironmentHandler(APIHandler):
    """Thin: checks the request, runs `check_environment` in a thread with a timeout."""

    auth_resource = "sane"

    @tornado.web.authenticated
    @authorized("read")
    async def post(self) -> None:
        from ..handlers import resolve_directory

        body = self._body()
        root = self.settings["sane_root_dir"]
        notebook = resolve_directory(root, body["path"])
        try:
            reply = await asyncio.wait_for(
                asyncio.get_running_loop().run_in_executor(
                    None,
                    check_environment,
                    root,
                    notebook,
                    body["imports"],
                    body["environment"],
                    body["pin"],
                ),
                TIMEOUT,
            )
        except PermissionError as error:
            raise tornado.web.HTTPError(403, str(error)) from error
        except asyncio.TimeoutError as error:
            raise tornado.web.HTTPError(504, "reading the project's files timed out") from error
        self.finish(json.dumps(reply))

    def _body(self):
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError as error:
            raise tornado.web.HTTPError(400, "the body is not JSON") from error
        path, imports = body.get("path"), body.get("imports", [])
        environment, pin = body.get("environment"), body.get("pin", ">=")
        if not isinstance(path, str) or not path:
            raise tornado.web.HTTPError(400, "path: the notebook's path is needed")
        if not isinstance(imports, list) or not all(isinstance(i, str) for i in imports):
            raise tornado.web.HTTPError(400, "imports: a list of module names")
        if environment is not None and not isinstance(environment, dict):
            raise tornado.web.HTTPError(400, "environment: the kernel's answer or null")
        if pin not in _PINS:
            raise tornado.web.HTTPError(400, f"pin: one of {', '.join(_PINS)}")
        return {"path": path, "imports": imports, "environment": environment, "pin": pin}
