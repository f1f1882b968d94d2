"""What a project declares: its dependency files, read with real parsers and never run.

From the notebook's folder up to the repository's root (the nearest folder with .git) or the
server's root, whichever comes first: requirements*.txt (with -r includes), pyproject.toml
(PEP 621 dependencies and optional-dependencies, PEP 735 dependency groups, Poetry, PDM, uv),
Pipfile, environment.yml (with its pip section) and setup.cfg; and which lock files exist.
A file that does not parse is one clear error in the answer, never an exception.
"""

from __future__ import annotations

import configparser
import glob
import os
import re
import sys

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..health.paths import inside, read_regular

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.9 and 3.10
    import tomli as tomllib

# Lock files (their presence is what matters: they are never read, a 5 MB one neither).
LOCK_FILES = ("uv.lock", "poetry.lock", "Pipfile.lock", "pdm.lock", "conda-lock.yml", "pixi.lock")
MANIFEST_FILES = ("pyproject.toml", "Pipfile", "environment.yml", "environment.yaml", "setup.cfg")
# Bigger dependency files are refused, never half-read.
READ_LIMIT = 1024 * 1024
# Conda names that are no Python distribution a notebook imports.
_CONDA_SKIP = frozenset({"python", "pip"})


def find_declarations(directory, root):
    """Every dependency file from `directory` up to the repository or `root`, nearest first."""
    root = os.path.realpath(root)
    current = os.path.realpath(directory)
    files, locks = [], []
    while inside(current, root):
        for path in sorted(glob.glob(os.path.join(glob.escape(current), "requirements*.txt"))):
            files.append(read_requirements_file(path, root))
        for name in MANIFEST_FILES:
            path = os.path.join(current, name)
            if os.path.isfile(path):
                files.append(READERS[name](path, root))
        locks.extend(
            {"path": os.path.relpath(os.path.join(current, n), root), "kind": n}
            for n in LOCK_FILES
            if os.path.isfile(os.path.join(current, n))
        )
        if current == root or os.path.exists(os.path.join(current, ".git")):
            break
        current = os.path.dirname(current)
    for item in files:
        item["path"] = os.path.relpath(item["path"], root)
    return {"files": files, "locks": locks}


def declared_names(declarations):
    """The canonical names every file declares (any group, any marker)."""
    return {
        canonicalize_name(r["name"]) for item in declarations["files"] for r in item["requirements"]
    }


def _file(path, kind):
    return {"path": path, "kind": kind, "requirements": [], "errors": []}


def _read(path, root, item):
    text = read_regular(path, limit=READ_LIMIT, root=root)
    if text is None:
        item["errors"].append("not a readable regular file under 1 MiB inside the root")
    return text


def _add(item, text, group, where=None):
    """One PEP 508 requirement string into the file's list, or one error naming it."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement as error:
        place = f"{where}: " if where else ""
        item["errors"].append(f"{place}not a requirement: {text!r} ({_first_line(error)})")
        return
    item["requirements"].append(
        {
            "name": requirement.name,
            "specifier": str(requirement.specifier),
            "extras": sorted(requirement.extras),
            "marker": str(requirement.marker) if requirement.marker else None,
            "group": group,
            "text": text,
        }
    )


def _first_line(error):
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


# --- requirements*.txt ------------------------------------------------------------------------


def read_requirements_file(path, root):
    """A pip requirements file with its -r includes, each file read once (loops are safe)."""
    item = _file(path, "requirements")
    _read_requirements(path, root, item, seen=set(), group=None)
    return item


def _read_requirements(path, root, item, seen, group):
    real = os.path.realpath(path)
    name = os.path.relpath(path, root)
    if real in seen:
        item["errors"].append(f"{name}: included again (an include loop), read once")
        return
    seen.add(real)
    text = _read(path, root, item)
    if text is None:
        return
    for number, line in _logical_lines(text):
        where = f"{name}:{number}"
        include = _INCLUDE.match(line)
        if include:
            target = os.path.join(os.path.dirname(path), include.group(1))
            _read_requirements(target, root, item, seen, group or f"include:{name}")
        elif line.startswith(("-e", "--editable")):
            egg = line.rsplit("#egg=", 1)
            if len(egg) == 2:
                _add(item, egg[1].split("&")[0], group, where)
        elif line.startswith("-"):
            continue  # -c, -i, --hash and the other options declare nothing
        elif "://" in line and "@" not in line:
            continue  # a bare URL: no name to read
        else:
            # Per-requirement options (`--hash=...`) follow the requirement.
            _add(item, line.split(" --", 1)[0].strip(), group, where)


_INCLUDE = re.compile(r"^(?:-r\s*|--requirement(?:\s+|=))(\S+)$")


def _logical_lines(text):
    """(first line number, text) with comments dropped and backslash continuations joined."""
    pending, start = "", None
    for number, raw in enumerate(text.splitlines(), start=1):
        # pip's rule: a comment starts at `#` at the line's start or after whitespace.
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        start = number if start is None else start
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full, first = (pending + line).strip(), start
        pending, start = "", None
        if full:
            yield first, full


# --- pyproject.toml, Pipfile ------------------------------------------------------------------


def _toml(path, root, item):
    text = _read(path, root, item)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        item["errors"].append(f"not valid TOML: {error}")
        return None


def read_pyproject(path, root):
    """PEP 621, PEP 735 dependency groups, Poetry, PDM and uv's dev-dependencies."""
    item = _file(path, "pyproject")
    data = _toml(path, root, item)
    if not isinstance(data, dict):
        return item
    project = _table(data.get("project"))
    for text in _list(project.get("dependencies")):
        _add(item, text, None, "project.dependencies")
    for extra, texts in _table(project.get("optional-dependencies")).items():
        for text in _list(texts):
            _add(item, text, f"extra:{extra}", f"optional-dependencies.{extra}")
    for group, texts in _table(data.get("dependency-groups")).items():
        for text in _list(texts):
            if isinstance(text, str):  # {include-group = ...} declares nothing itself
                _add(item, text, f"group:{group}", f"dependency-groups.{group}")
    tool = _table(data.get("tool"))
    _read_poetry(_table(tool.get("poetry")), item)
    for group, texts in _table(_table(tool.get("pdm")).get("dev-dependencies")).items():
        for text in _list(texts):
            _add(item, text, f"group:{group}", f"tool.pdm.dev-dependencies.{group}")
    for text in _list(_table(tool.get("uv")).get("dev-dependencies")):
        _add(item, text, "group:dev", "tool.uv.dev-dependencies")
    item["style"] = "poetry" if "dependencies" in _table(tool.get("poetry")) else "pep621"
    return item


def _read_poetry(poetry, item):
    tables = [(None, _table(poetry.get("dependencies")))]
    tables.append(("group:dev", _table(poetry.get("dev-dependencies"))))
    for group, table in _table(poetry.get("group")).items():
        tables.append((f"group:{group}", _table(_table(table).get("dependencies"))))
    for group, table in tables:
        for name, spec in table.items():
            if name.lower() != "python":
                _add(item, _poetry_requirement(name, spec), group, f"tool.poetry {name}")


def _poetry_requirement(name, spec):
    """Poetry's `name = "^1.2"` or `{version = "..."}` as PEP 508 (carets and tildes too)."""
    version = spec.get("version", "") if isinstance(spec, dict) else spec
    version = version.strip() if isinstance(version, str) else ""
    if not version or version == "*":
        return name
    if version[0] in "^~" and not version.startswith("~="):
        return f"{name}{_poetry_range(version[0], version[1:].strip())}"
    return f"{name}{version}" if version[0] in "<>=!~" else f"{name}=={version}"


def _poetry_range(operator, version):
    """`^1.2.3` -> >=1.2.3,<2; `^0.2` -> >=0.2,<0.3; `~1.2` -> >=1.2,<1.3 (Poetry's rules)."""
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")]
    if operator == "^":
        bump = next((i for i, p in enumerate(parts) if p), len(parts) - 1)
    else:
        bump = min(1, len(parts) - 1) if len(parts) > 1 else 0
    upper = [*parts[:bump], parts[bump] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"


def read_pipfile(path, root):
    item = _file(path, "pipfile")
    data = _toml(path, root, item)
    if not isinstance(data, dict):
        return item
    for section, group in (("packages", None), ("dev-packages", "group:dev")):
        for name, spec in _table(data.get(section)).items():
            version = spec.get("version", "*") if isinstance(spec, dict) else spec
            version = version if isinstance(version, str) and version != "*" else ""
            _add(item, f"{name}{version}", group, f"[{section}] {name}")
    return item


# --- environment.yml, setup.cfg ---------------------------------------------------------------


def read_environment_yml(path, root):
    """Conda's dependencies (`numpy=1.26`, `conda-forge::pytorch`) and its pip section."""
    item = _file(path, "conda")
    text = _read(path, root, item)
    if text is None:
        return item
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        item["errors"].append(f"not valid YAML: {_first_line(error)}")
        return item
    dependencies = data.get("dependencies") if isinstance(data, dict) else None
    for entry in _list(dependencies):
        if isinstance(entry, dict):
            for text in _list(entry.get("pip")):
                if isinstance(text, str) and not text.startswith("-"):
                    _add(item, text, "pip", "pip section")
        elif isinstance(entry, (str, int, float)):
            _add_conda(item, str(entry))
    return item


def _add_conda(item, spec):
    """A conda match spec as PEP 508: `numpy=1.26` is 1.26.*, `x=1.2=build` drops the build."""
    spec = spec.split("::")[-1]
    match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", spec)
    if not match or match.group(1).lower() in _CONDA_SKIP:
        return
    name, version = match.group(1), match.group(2).replace(" ", "")
    if version[:1] == "=" and version[:2] != "==":
        version = version[1:].split("=")[0]
        version = f"=={version}" + ("" if version.endswith("*") else ".*")
    elif version[:2] == "==" or version[:1].isdigit():
        version = "==" + version.lstrip("=").split("=")[0]
    _add(item, f"{name}{version}", None, f"conda {spec.strip()}")


def read_setup_cfg(path, root):
    item = _file(path, "setup.cfg")
    text = _read(path, root, item)
    if text is None:
        return item
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as error:
        item["errors"].append(f"not a valid setup.cfg: {_first_line(error)}")
        return item
    if parser.has_option("options", "install_requires"):
        for text in _cfg_lines(parser.get("options", "install_requires")):
            _add(item, text, None, "install_requires")
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            for text in _cfg_lines(value):
                _add(item, text, f"extra:{extra}", f"extras_require.{extra}")
    return item


def _cfg_lines(value):
    """setup.cfg's list: one requirement a line, `#` comments dropped."""
    return [line.split("#", 1)[0].strip() for line in value.splitlines() if line.strip()]


def _table(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


READERS = {
    "pyproject.toml": read_pyproject,
    "Pipfile": read_pipfile,
    "environment.yml": read_environment_yml,
    "environment.yaml": read_environment_yml,
    "setup.cfg": read_setup_cfg,
}
