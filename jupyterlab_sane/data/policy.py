"""The storage policy an administrator writes once (TOML): what each mount prefix is.

    [[storage]]
    prefix = "/scratch"          # a path prefix (whole components)
    tier = "parallel"            # optional: overrides the tier read from the mount table
    backed_up = false
    snapshot = false
    purge_after_days = 60        # files not read for this long are purged
    wiped_at_job_end = false

The longest matching prefix wins. A missing file is no policy; a broken one is an error
reading (the probes go on without it).
"""

from __future__ import annotations

import sys
import time

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the dependency for older Pythons
    import tomli as tomllib

TIERS = {"local", "tmpfs", "network", "parallel", "unknown"}
KEYS = {
    "prefix": str,
    "tier": str,
    "backed_up": bool,
    "snapshot": bool,
    "purge_after_days": int,
    "wiped_at_job_end": bool,
}


class PolicyError(ValueError):
    pass


def parse_policy(text):
    """The rules of a policy text, checked: unknown keys and wrong types are errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"not valid TOML: {error}") from None
    rules = data.get("storage", [])
    if not isinstance(rules, list):
        raise PolicyError("[[storage]] must be an array of tables")
    out = []
    for n, rule in enumerate(rules, 1):
        if not isinstance(rule, dict):
            raise PolicyError(f"storage rule {n} is not a table")
        for key, value in rule.items():
            kind = KEYS.get(key)
            if kind is None:
                raise PolicyError(f"storage rule {n}: unknown key {key!r}")
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise PolicyError(f"storage rule {n}: {key} must be a {kind.__name__}")
        if not rule.get("prefix", "").startswith("/"):
            raise PolicyError(f"storage rule {n}: prefix must be an absolute path")
        if "tier" in rule and rule["tier"] not in TIERS:
            raise PolicyError(f"storage rule {n}: tier must be one of {sorted(TIERS)}")
        if rule.get("purge_after_days", 0) < 0:
            raise PolicyError(f"storage rule {n}: purge_after_days must be >= 0")
        out.append({**rule, "prefix": rule["prefix"].rstrip("/") or "/"})
    return out


def load_policy(path):
    """`(rules, error)`; no file configured or present: no rules, no error."""
    if not path:
        return [], None
    try:
        with open(path, encoding="utf-8") as file:
            return parse_policy(file.read()), None
    except FileNotFoundError:
        return [], None
    except (OSError, UnicodeDecodeError) as error:
        return [], f"storage policy not readable: {type(error).__name__}"
    except PolicyError as error:
        return [], f"storage policy: {error}"


def rule_for(real, rules):
    """The rule of the longest prefix holding `real`, or None."""
    matching = [
        r
        for r in rules
        if r["prefix"] == "/" or real == r["prefix"] or real.startswith(r["prefix"] + "/")
    ]
    return max(matching, key=lambda r: len(r["prefix"]), default=None)


def purge_in_days(rule, last_used, now=None):
    """Days until a purge takes a file last read/written at `last_used` (epoch seconds)."""
    if not rule or not rule.get("purge_after_days"):
        return None
    now = time.time() if now is None else now
    idle = max(0.0, (now - last_used) / 86400)
    return max(0, round(rule["purge_after_days"] - idle))


def last_used(stat_result):
    return max(stat_result.st_atime, stat_result.st_mtime)
