"""Adds requirements to a requirements file, keeping every byte of what was there.

Comments, blank lines, order and line endings stay as they were: new lines go where an
alphabetical list would have them when the file is sorted, else at the end. Undo is the old
text, saved back as it was (the frontend keeps it).
"""

from __future__ import annotations

import re

from packaging.utils import canonicalize_name

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def add_requirements(text, additions, pin=">="):
    """`text` with `name<pin>version` for each (name, version) of `additions` not in it."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    ending = lines[-1] == ""
    if ending:
        lines.pop()
    present = {canonicalize_name(n) for n in map(_name, lines) if n}
    lower = bool(present) and all(n == n.lower() for n in map(_name, lines) if n)
    added = False
    for name, version in additions:
        if canonicalize_name(name) in present:
            continue
        added = True
        present.add(canonicalize_name(name))
        line = f"{name.lower() if lower else name}{pin}{version}" if version else name
        lines.insert(_position(lines, line), line)
    if not added:
        return text  # byte for byte
    return newline.join(lines) + newline


def _name(line):
    """The requirement's name on a line, or None for comments, options and blanks."""
    stripped = line.strip()
    if not stripped or stripped.startswith(("#", "-")):
        return None
    match = _NAME.match(line)
    return match.group(1) if match else None


def _position(lines, line):
    """Where an alphabetical file would have `line`; the end when the file is not sorted."""
    named = [
        (i, canonicalize_name(n)) for i, n in ((i, _name(x)) for i, x in enumerate(lines)) if n
    ]
    names = [n for _, n in named]
    if len(names) < 2 or names != sorted(names):
        return len(lines)
    key = canonicalize_name(_name(line))
    for index, name in named:
        if key < name:
            return index
    return named[-1][0] + 1


def add_to_pyproject(text, additions, pin=">="):
    """`text` with the additions in [project] dependencies, every other byte kept; None when
    the array is not one this can edit safely (the result is checked with a TOML parser)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    at = _dependencies_line(lines)
    if at is None:
        return None
    before = _project_dependencies(text)
    if before is None:
        return None
    known = {canonicalize_name(_name(r) or r) for r in before}
    new = [
        f"{name}{pin}{version}" if version else name
        for name, version in additions
        if canonicalize_name(name) not in known
    ]
    if not new:
        return text
    edited = _insert(lines, at, new)
    if edited is None:
        return None
    result = newline.join(edited)
    # The only change a parser may see: the new requirements at the end of the array.
    return result if _project_dependencies(result) == [*before, *new] else None


def _project_dependencies(text):
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        deps = tomllib.loads(text).get("project", {}).get("dependencies")
    except tomllib.TOMLDecodeError:
        return None
    return deps if isinstance(deps, list) else None


def _dependencies_line(lines):
    """The line of `dependencies = [` inside the [project] table."""
    table = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            table = stripped
        elif table == "[project]" and re.match(r"^dependencies\s*=\s*\[", stripped):
            return index
    return None


def _insert(lines, at, new):
    line = lines[at]
    quote = "'" if re.search(r"\[\s*'", line) else '"'
    if re.search(r"\]\s*(#.*)?$", line):  # one line: dependencies = ["a", "b"]
        close = line.rindex("]")
        inner = line[line.index("[") + 1 : close].strip()
        items = ", ".join(f"{quote}{n}{quote}" for n in new)
        joined = f"{inner.rstrip(',')}, {items}" if inner else items
        return [*lines[:at], line[: line.index("[") + 1] + joined + line[close:], *lines[at + 1 :]]
    end = next((i for i in range(at + 1, len(lines)) if lines[i].strip().startswith("]")), None)
    if end is None:
        return None
    last = next((i for i in range(end - 1, at, -1) if lines[i].strip()), None)
    indent = "    "
    edited = list(lines)
    if last is not None and not lines[last].lstrip().startswith("#"):
        indent = re.match(r"^\s*", lines[last]).group(0)
        quote = "'" if lines[last].strip().startswith("'") else '"'
        edited[last] = _with_comma(lines[last])
    added = [f"{indent}{quote}{n}{quote}," for n in new]
    return [*edited[:end], *added, *edited[end:]]


def _with_comma(line):
    """The array's last item with a comma after its string, before any trailing comment."""
    match = re.match(r"^(\s*(['\"]).*?\2)(\s*)(,?)(.*)$", line)
    if not match or match.group(4):
        return line
    item, space, _, rest = match.group(1), match.group(3), match.group(4), match.group(5)
    return f"{item},{space}{rest}"
