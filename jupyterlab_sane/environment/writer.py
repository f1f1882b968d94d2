"""Adds requirements to a requirements file or pyproject.toml, keeping every byte of what was
there (pyproject.toml: [project] dependencies, else Poetry's [tool.poetry.dependencies]).

Comments, blank lines, order and line endings stay as they were: new lines go where an
alphabetical list would have them when the file is sorted, else at the end. Undo is the old
text, saved back as it was (the frontend keeps it).
"""

from __future__ import annotations

import re
import sys

from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.9 and 3.10
    import tomli as tomllib

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
    the array is not one this can edit safely (the result is checked with a TOML parser).

    A Poetry project without that array gets them in [tool.poetry.dependencies] instead
    (Poetry 2 reads [project] first, so a project with both keeps its list there).
    """
    if _project_dependencies(text) is None:
        return add_to_poetry(text, additions, pin)
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


def _toml(text):
    """The parsed document, or None when it is not valid TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _project_dependencies(text):
    deps = (_toml(text) or {}).get("project", {}).get("dependencies")
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


# --- Poetry: [tool.poetry.dependencies] --------------------------------------------------------

_POETRY_TABLE = "[tool.poetry.dependencies]"
_KEY = re.compile(r"""^(\s*)(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_.-]+))(\s*=\s*)(["']?)""")


def add_to_poetry(text, additions, pin=">="):
    """`text` with `name = "<pin>version"` lines in [tool.poetry.dependencies], every other
    byte kept; None without that table or when the parsed result is not exactly the old
    document plus the new keys."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    before = _toml(text)
    table = _poetry_dependencies(before)
    span = _table_span(lines, _POETRY_TABLE)
    if table is None or span is None:
        return None
    known = {canonicalize_name(n) for n in table}
    new = [
        (n, f"{pin}{v}" if v else "*") for n, v in additions if canonicalize_name(n) not in known
    ]
    if not new:
        return text
    edited = list(lines)
    for name, constraint in new:
        edited = _insert_key(edited, _table_span(edited, _POETRY_TABLE), name, constraint)
    result = newline.join(edited)
    expected = _poetry_dependencies(_toml(result))
    if expected is None or expected != {**table, **dict(new)}:
        return None
    # Nothing else moved: the documents differ by the new keys only.
    return (
        result
        if _without_poetry_dependencies(result) == _without_poetry_dependencies(text)
        else None
    )


def _poetry_dependencies(document):
    table = ((document or {}).get("tool", {}).get("poetry", {})).get("dependencies")
    return table if isinstance(table, dict) else None


def _without_poetry_dependencies(text):
    document = _toml(text)
    document["tool"]["poetry"].pop("dependencies")
    return document


def _table_span(lines, header):
    """(first line after `header`, end) of the table's lines, or None without it."""
    start = next((i + 1 for i, x in enumerate(lines) if x.split("#")[0].strip() == header), None)
    if start is None:
        return None
    end = next(
        (i for i in range(start, len(lines)) if lines[i].lstrip().startswith("[")), len(lines)
    )
    return start, end


def _insert_key(lines, span, name, constraint):
    """The table with `name = "constraint"` where an alphabetical table would have it (python
    stays first, as Poetry writes it), else after its last entry; in its entries' style."""
    start, end = span
    entries = [(i, m) for i in range(start, end) if (m := _KEY.match(lines[i]))]
    last = max(
        (
            i
            for i in range(start, end)
            if lines[i].strip() and not lines[i].lstrip().startswith("#")
        ),
        default=start - 1,
    )
    indent, separator = (entries[-1][1].group(1, 5)) if entries else ("", " = ")
    quote = next((m.group(6) for _, m in reversed(entries) if m.group(6)), '"')
    key = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
    line = f"{indent}{key}{separator}{quote}{constraint}{quote}"
    at = _sorted_position(lines, entries, name)
    at = last + 1 if at is None else at
    return [*lines[:at], line, *lines[at:]]


def _sorted_position(lines, entries, name):
    """Before the first greater key (and the comments just above it) when the keys other
    than python are sorted; None otherwise."""
    keys = [(i, canonicalize_name(_key_name(m))) for i, m in entries]
    keys = [(i, k) for i, k in keys if k != "python"]
    names = [k for _, k in keys]
    if len(names) < 2 or names != sorted(names):
        return None
    wanted = canonicalize_name(name)
    at = next((i for i, k in keys if wanted < k), None)
    if at is None:
        return None
    while at > 0 and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    return at


def _key_name(match):
    return match.group(2) or match.group(3) or match.group(4)
