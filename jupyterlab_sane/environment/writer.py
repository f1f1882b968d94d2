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
