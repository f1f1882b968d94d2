"""Why a kernel died: its process's signal or exit code, and the OOM killer's count.

The OOM killer kills with SIGKILL and counts its kills per memory cgroup: `oom_kill` in
`memory.events` (cgroup v2, hierarchical: the kernel's cgroup counts its children's kills) or in
`memory.oom_control` (cgroup v1, where each group counts only its own: the limit that was hit may
be an ancestor's, so the kernel's group and its ancestors are read). A kernel killed by SIGKILL
while that count went up was killed for memory. Where no count can be read, a SIGKILL with the
last memory reading at the limit says the same, less surely.
"""

from __future__ import annotations

import os
import signal

from .memory import CGROUP_ROOT, cgroup_groups, up_from

OOM_KILL = "oom_kill"
# Memory used over the limit at which a SIGKILL is put down to the OOM killer without its count.
AT_LIMIT = 0.95


def oom_kills(path):
    """The `oom_kill` count of a memory.events or memory.oom_control file; None if unreadable."""
    try:
        with open(path, encoding="utf-8") as file:
            for line in file:
                name, _, value = line.partition(" ")
                if name == OOM_KILL:
                    return int(value)
    except (OSError, ValueError):
        return None
    return None


def counter_files(pid, proc="/proc", cgroup_root=CGROUP_ROOT):
    """The files that count OOM kills for a process's memory cgroup (empty if none is found)."""
    unified, memory = cgroup_groups(f"{proc}/{pid}/cgroup")
    found = []
    if unified is not None:  # v2: one hierarchical file is enough
        found.append(os.path.join(cgroup_root, *unified, "memory.events"))
    if memory is not None:  # v1: the group and each ancestor
        dirs = up_from(os.path.join(cgroup_root, "memory"), memory)
        found.extend(os.path.join(d, "memory.oom_control") for d in dirs)
    return [file for file in found if os.path.exists(file)]


def oom_count(files):
    """The kills the files count together; None when none of them can be read."""
    counts = [c for c in (oom_kills(f) for f in files) if c is not None]
    return sum(counts) if counts else None


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return None


def explain(returncode, oom_before, oom_after, used_fraction, at):
    """Why a kernel died, as data.

    `returncode`: its process's (negative: killed by that signal; None: unknown, e.g. a remote
    kernel); `oom_before`/`oom_after`: the OOM kill count before and after (None: unknown);
    `used_fraction`: memory used over the limit at the last reading (None: unknown); `at`: when.
    """
    rose = oom_before is not None and oom_after is not None and oom_after > oom_before
    killed = returncode is not None and returncode < 0
    number = -returncode if killed else None
    death = {
        "reason": "unknown",
        "signal": number,
        "signal_name": signal_name(number) if number else None,
        "code": returncode if returncode is not None and returncode >= 0 else None,
        "evidence": None,
        "at": at,
    }
    sigkill = number == signal.SIGKILL
    if rose and (sigkill or returncode is None):
        return {**death, "reason": "oom", "evidence": "oom_kill"}
    if sigkill and used_fraction is not None and used_fraction >= AT_LIMIT:
        return {**death, "reason": "oom", "evidence": "limit"}
    if killed:
        return {**death, "reason": "signal"}
    if returncode is not None:
        return {**death, "reason": "exit"}
    return death
