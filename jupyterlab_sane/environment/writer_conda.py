"""Adds requirements to a conda environment.yml, keeping every byte of what was there.

The new ones go in the `pip:` subsection of `dependencies`: the names and versions are the
kernel's distributions (PyPI's names: `torch`, not conda's `pytorch`), which pip installs as
they are. A file without that subsection gets one (and `pip` itself, as conda asks) at the end
of `dependencies`. Lines are inserted as text in the file's own indentation, then the result is
parsed with a real YAML parser: it must be the old document plus the new entries, else nothing
is written (None).
"""

from __future__ import annotations

import re

import yaml
from packaging.utils import canonicalize_name

_DEPENDENCIES = re.compile(r"^dependencies\s*:\s*(#.*)?$")
_ITEM = re.compile(r"^(\s*)-(\s+)(.*)$")
_PIP = re.compile(r"^pip\s*:\s*(#.*)?$")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)")


def add_to_environment_yml(text, additions, pin=">="):
    """`text` with `name<pin>version` in dependencies' pip section; None when unsafe."""
    newline = "\r\n" if "\r\n" in text else "\n"
    before = _load(text)
    if not isinstance(before, dict) or not isinstance(before.get("dependencies"), list):
        return None
    known = _declared(before["dependencies"])
    new = [
        f"{name}{pin}{version}" if version else name
        for name, version in additions
        if canonicalize_name(name) not in known
    ]
    if not new:
        return text
    lines = text.split(newline)
    edited = _insert(lines, new)
    if edited is None:
        return None
    result = newline.join(edited)
    return result if _load(result) == _expected(before, new) else None


def _load(text):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _declared(dependencies):
    """Canonical names of the conda specs (`conda-forge::numpy=1.26`) and the pip entries."""
    names = set()
    for entry in dependencies:
        if isinstance(entry, dict):
            pip = entry.get("pip")
            names.update(map(_spec_name, pip if isinstance(pip, list) else []))
        else:
            names.add(_spec_name(entry))
    return {canonicalize_name(n) for n in names if n}


def _spec_name(spec):
    """The name of a conda spec (`conda-forge::numpy=1.26`) or pip requirement; else None."""
    match = _NAME.match(spec.split("::")[-1]) if isinstance(spec, str) else None
    return match.group(1) if match else None


def _expected(before, new):
    """The document a parser must read from the result: the old one, the new entries in pip."""
    dependencies = [dict(e) if isinstance(e, dict) else e for e in before["dependencies"]]
    section = next((e for e in dependencies if isinstance(e, dict) and "pip" in e), None)
    if section is None:
        if "pip" not in map(_spec_name, dependencies):
            dependencies.append("pip")
        dependencies.append({"pip": new})
    else:
        section["pip"] = [*(section["pip"] or []), *new]
    return {**before, "dependencies": dependencies}


def _insert(lines, new):
    """The lines with the new entries: at the end of the pip subsection, else a new one."""
    block = _block(lines)
    if block is None:
        return None
    start, end = block
    items = [(i, m) for i in range(start, end) if (m := _ITEM.match(lines[i]))]
    if not items:
        return None
    dash, gap = items[0][1].group(1), items[0][1].group(2)
    top = [(i, m) for i, m in items if m.group(1) == dash]
    pip = next((i for i, m in top if _PIP.match(m.group(3))), None)
    if pip is None:
        names = {_spec_name(m.group(3)) for _, m in top}
        added = [] if "pip" in names else [f"{dash}-{gap}pip"]
        added.append(f"{dash}-{gap}pip:")
        added += [f"{dash}{' ' * (1 + len(gap))}-{gap}{n}" for n in new]
        at = _last_line(lines, start, end, start - 1) + 1
        return [*lines[:at], *added, *lines[at:]]
    return _into_pip(lines, pip, end, dash, gap, new)


def _into_pip(lines, pip, end, dash, gap, new):
    """After the pip subsection's last entry, in its indentation (conda's when it is empty)."""
    stop = next(
        (i for i in range(pip + 1, end) if _code(lines[i]) and _indent(lines[i]) <= len(dash)),
        end,
    )
    inner = [m for i in range(pip + 1, stop) if (m := _ITEM.match(lines[i]))]
    if inner:
        indent, inner_gap = inner[0].group(1), inner[0].group(2)
    else:
        indent, inner_gap = dash + " " * (1 + len(gap)), gap
    at = _last_line(lines, pip + 1, stop, default=pip) + 1
    added = [f"{indent}-{inner_gap}{n}" for n in new]
    return [*lines[:at], *added, *lines[at:]]


def _block(lines):
    """(first line, end) of the top-level `dependencies:` block sequence, or None."""
    start = next((i + 1 for i, x in enumerate(lines) if _DEPENDENCIES.match(x)), None)
    if start is None:
        return None
    # A block sequence may sit at the key's own column: `- numpy` at column 0 belongs to it.
    end = next(
        (
            i
            for i in range(start, len(lines))
            if _code(lines[i]) and _indent(lines[i]) == 0 and not lines[i].startswith("-")
        ),
        len(lines),
    )
    return start, end


def _last_line(lines, start, end, default):
    """The last line with something other than a comment, from start to end."""
    return next((i for i in range(end - 1, start - 1, -1) if _code(lines[i])), default)


def _code(line):
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line):
    return len(line) - len(line.lstrip(" "))
