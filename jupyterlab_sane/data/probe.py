"""One data path's reading: kind, size, mount and tier, read speed, load time, second copies.

Plain Python, run in a probe thread (health.probe_cache): a hung mount holds that thread only.
Writes nothing; reads at most `read_bytes` of one file for at most `read_seconds`.
"""

from __future__ import annotations

import errno
import os
import stat

from ..health.paths import inside
from .copies import second_copies
from .measure import read_speed, walk
from .mounts import classify, device_of, mount_for
from .places import copy_command, system_path
from .policy import last_used, purge_in_days, rule_for

DEFAULTS = {
    "read_bytes": 64 * 1024 * 1024,
    "read_seconds": 2.0,
    "walk_entries": 100_000,
    "walk_seconds": 2.0,
}
KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def empty(error=None, exists=False, kind="missing"):
    return {
        "exists": exists,
        "kind": kind,
        "bytes": None,
        "files": None,
        "mount": None,
        "fstype": None,
        "tier": None,
        "evidence": None,
        "read_mb_s": None,
        "cached": None,
        "load_s": None,
        "copies": [],
        "second_copy": False,
        "purge_in_days": None,
        "notes": [],
        "error": error,
    }


def _why(error):
    if isinstance(error, PermissionError):
        return "not readable: permission denied"
    if isinstance(error, FileNotFoundError):
        return "vanished while it was read"
    if error.errno == errno.ELOOP:
        return "a symlink loop: the links never reach a file"
    return f"{type(error).__name__}: {error.strerror or error}"


def probe_path(path, root, may_leave_root, mounts, rules, options=None):
    """The reading of an absolute path (links not yet resolved), or {"status": "outside"} when
    its real place is out of `root` and the user may not leave it (nothing is read then)."""
    options = {**DEFAULTS, **(options or {})}
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return empty()
    except OSError as error:
        return empty(_why(error))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return empty("a link to a missing file", exists=False)
    except OSError as error:
        return empty(_why(error), exists=True, kind="other")
    real = os.path.realpath(path)
    if not inside(real, root) and not may_leave_root:
        return {"status": "outside"}
    if system_path(real):
        return empty("not probed: a system folder (/proc, /sys, /dev)", True, "other")
    for test, name in KINDS:
        if test(info.st_mode):
            return empty(f"{name}: not read", exists=True, kind="other")
    reading = empty(exists=True, kind="directory" if stat.S_ISDIR(info.st_mode) else "file")
    mount = mount_for(real, mounts, device_of(info))
    rule = rule_for(real, rules)
    if mount:
        tier, evidence = classify(mount["fstype"], mount["source"])
        reading.update(mount=mount["mount_point"], fstype=mount["fstype"], tier=tier)
        reading["evidence"] = evidence
    if rule and rule.get("tier"):
        reading["tier"] = rule["tier"]
        reading["evidence"] = f"storage policy for {rule['prefix']}"
    target = real
    if reading["kind"] == "directory":
        tree = walk(real, options["walk_entries"], options["walk_seconds"])
        reading.update(bytes=tree["bytes"], files=tree["files"])
        if tree["capped"]:
            reading["notes"].append(
                f"more than {options['walk_entries']:,} entries or {options['walk_seconds']} s:"
                " size and count are of the part walked"
            )
        target = tree["largest"]
    else:
        reading.update(bytes=info.st_size, files=1)
    try:
        if target is not None:
            speed = read_speed(target, options["read_bytes"], options["read_seconds"])
            reading.update(read_mb_s=speed["read_mb_s"], cached=speed["cached"])
            reading["read_method"] = speed["method"]
    except OSError as error:
        reading["error"] = _why(error)
    if reading["read_mb_s"] and reading["bytes"] is not None:
        reading["load_s"] = round(reading["bytes"] / (reading["read_mb_s"] * 1e6), 2)
    copies, second, notes = second_copies(path, real, reading["mount"], rule)
    reading.update(copies=copies, second_copy=second)
    reading["notes"] += notes
    reading["purge_in_days"] = purge_in_days(
        rule, last_used(link if stat.S_ISLNK(link.st_mode) else info)
    )
    reading["real"] = real
    return reading


FASTER = {"tmpfs": 3, "local": 2, "parallel": 1, "network": 0, "unknown": 0}


def advise(reading, places):
    """The places that fit the data (room for it twice over) and read faster: measured faster,
    or a faster tier when a speed is missing. Each with the exact copy command."""
    size = reading.get("bytes")
    real = reading.get("real")
    if not real or size is None or reading.get("kind") not in ("file", "directory"):
        return []
    out = []
    for place in places:
        if place["mount"] == reading.get("mount") or place["free_bytes"] < 2 * size:
            continue
        ours, theirs = reading.get("read_mb_s"), place.get("read_mb_s")
        faster = (
            theirs > 1.5 * ours
            if ours and theirs and not reading.get("cached")
            else FASTER.get(place["tier"], 0) > FASTER.get(reading.get("tier") or "unknown", 0)
        )
        if faster:
            out.append(
                {
                    "mount": place["mount"],
                    "tier": place["tier"],
                    "command": copy_command(real, place["folder"]),
                    "wiped_at_job_end": place["wiped_at_job_end"],
                }
            )
    return out
