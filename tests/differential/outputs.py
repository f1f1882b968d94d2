"""What counts as the same output: object addresses, timings and prompts masked."""

from __future__ import annotations

import re

_MASKS = [
    # Object addresses: <Foo object at 0x7f...>.
    (re.compile(r"0x[0-9a-fA-F]+"), "0x?"),
    # Output prompts carry execution counts.
    (re.compile(r"Out\[\d+\]"), "Out[?]"),
    # %time and %timeit report how long things took.
    (re.compile(r"^(CPU times|Wall time):.*$", re.M), r"\1: ?"),
    (re.compile(r"^.*per loop \(mean.*$", re.M), "timeit ?"),
    (re.compile(r"^The slowest run took.*\n(.*cached\.?\n)?", re.M), ""),
    # A warning names the file and line that raised it, which an extraction moves.
    (re.compile(r"^.*?:\d+: (\w*Warning)", re.M), r"\1"),
    (re.compile(r"<ipython-input-[^>]*>|Cell In\[\d+\]|/tmp/ipykernel_\d+/\d+\.py"), "<cell>"),
    # Clocks: dates and times of day.
    (re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?"), "<now>"),
    (re.compile(r"\d+(\.\d+)?\s?(ns|µs|μs|us|ms|s)\b"), "? s"),
]


def mask(text: str | None) -> str | None:
    if text is None:
        return None
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def same(a: dict, b: dict) -> bool:
    return (
        mask(a["text"]) == mask(b["text"])
        and [mask(s) for s in a.get("shown", [])] == [mask(s) for s in b.get("shown", [])]
        and mask(a["error"]) == mask(b["error"])
    )


def merged(outputs: list[dict]) -> dict:
    """What a block of cells showed, as one cell that replaces them would show it."""
    errors = [o["error"] for o in outputs if o["error"]]
    return {
        "text": "".join(o["text"] for o in outputs),
        "shown": [s for o in outputs for s in o.get("shown", [])],
        "error": errors[0] if errors else None,
    }
