"""Memory: the server's and each kernel's resident size, the limit that applies, the host's."""

from __future__ import annotations

import os

CGROUP_ROOT = "/sys/fs/cgroup"
UNLIMITED_V1 = 1 << 60  # cgroup v1 writes a huge number for "no limit"


def _kib_field(path, name):
    """A `Name:   123 kB` line of a /proc file, in bytes; None when it can't be read."""
    try:
        with open(path, encoding="utf-8") as file:
            for line in file:
                if line.startswith(name + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def rss_of(pid, proc="/proc"):
    """Resident set size of a process in bytes, or None when it can't be read."""
    return _kib_field(f"{proc}/{pid}/status", "VmRSS")


def started_at(pid, proc="/proc"):
    """When a process started, in seconds since the epoch, or None when it can't be read.

    A kernel's restart replaces its process, so this is also when it was last restarted, known
    to every page that asks (a page only sees the restarts that happen while it is open).
    """
    try:
        with open(f"{proc}/{pid}/stat", encoding="utf-8") as file:
            # The command name may hold spaces and parentheses: fields follow the last ')'.
            fields = file.read().rsplit(")", 1)[1].split()
        with open(f"{proc}/stat", encoding="utf-8") as file:
            boot = next(int(line.split()[1]) for line in file if line.startswith("btime "))
        # Field 22 of stat (the 20th after the name) is the start in clock ticks since boot.
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def parent_of(pid, proc="/proc"):
    """The parent process's pid, or None when it can't be read."""
    try:
        with open(f"{proc}/{pid}/stat", encoding="utf-8") as file:
            # Fields after the command name (which may hold ')'): state, then the parent's pid.
            return int(file.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def descends_from(pid, ancestor, proc="/proc", depth=32):
    """Is `pid` a process `ancestor` started, directly or not?

    A provisioner's pid is not always a process of this host: one that starts kernels
    elsewhere reports the pid there, which here names some other process or none.
    """
    for _ in range(depth):
        if pid == ancestor:
            return True
        if pid is None or pid <= 1:
            return False
        pid = parent_of(pid, proc)
    return False


def host_total(meminfo="/proc/meminfo"):
    return _kib_field(meminfo, "MemTotal")


def _read(path):
    try:
        with open(path, encoding="utf-8") as file:
            return file.read().strip()
    except OSError:
        return None


def cgroup_groups(path):
    """The cgroup v2 group and the v1 memory group a `/proc/<pid>/cgroup` file names.

    Each is a list of path parts (`[]`: the root), or None when the file names none. A v1
    hierarchy may hold the memory controller with others (`4:memory,foo:/path`).
    """
    unified = memory = None
    for line in (_read(path) or "").splitlines():
        controllers, _, group = line.partition(":")[2].partition(":")  # id:controllers:path
        parts = [part for part in group.split("/") if part]
        if controllers == "" and group.startswith("/"):
            unified = parts
        elif "memory" in controllers.split(","):
            memory = parts
    return unified, memory


def up_from(base, parts):
    """`base/parts`, then each of its parents up to `base`: a group's limits lie on that path."""
    return [os.path.join(base, *parts[:depth]) for depth in range(len(parts), -1, -1)]


def _smallest(files, limit):
    """The smallest limit the files set (`limit` parses one file's text); None if none does."""
    values = [value for value in (limit(_read(file)) for file in files) if value is not None]
    return min(values) if values else None


def _v2_limit(text):
    return int(text) if text and text.isdigit() else None  # "max": no limit


def _v1_limit(text):
    value = _v2_limit(text)
    return value if value is not None and value < UNLIMITED_V1 else None


def memory_limit(environ=None, cgroup_root=CGROUP_ROOT, proc_cgroup="/proc/self/cgroup"):
    """The limit and where it comes from: `MEM_LIMIT`, cgroup v2, cgroup v1; else None.

    A group's effective limit is the smallest set on its path to the root, so the process's
    group and each parent are read. Groups not found fall back to the hierarchy's root, which is
    the container's own group where the container sees only that (as a mount or a namespace).
    """
    environ = os.environ if environ is None else environ
    if environ.get("MEM_LIMIT", "").isdigit():
        return int(environ["MEM_LIMIT"]), "MEM_LIMIT"
    unified, memory = cgroup_groups(proc_cgroup)
    dirs = up_from(cgroup_root, unified or [])
    limit = _smallest([os.path.join(d, "memory.max") for d in dirs], _v2_limit)
    if limit is not None:
        return limit, "cgroup v2"
    dirs = up_from(os.path.join(cgroup_root, "memory"), memory or [])
    limit = _smallest([os.path.join(d, "memory.limit_in_bytes") for d in dirs], _v1_limit)
    if limit is not None:
        return limit, "cgroup v1"
    return None, None


def kernel_entry(kernel_id, name, pid, server_pid, proc="/proc"):
    """One kernel's memory as its process shows it; `remote` when the server can't see that."""
    seen = pid if pid and descends_from(pid, server_pid, proc) else None
    rss = rss_of(seen, proc) if seen else None
    return {
        "id": kernel_id,
        "name": name,
        "rss": rss,
        "started": started_at(seen, proc) if seen else None,
        # Where `rss` comes from: the process here, or (filled in later) the kernel's word.
        "source": "process" if rss is not None else None,
        "remote": seen is None,
    }


def probe_memory(kernel_pids=None):
    """`kernel_pids`: kernel id -> (name, pid) of the kernels the server runs."""
    limit, source = memory_limit()
    server = os.getpid()
    kernels = [
        kernel_entry(kernel_id, name, pid, server)
        for kernel_id, (name, pid) in (kernel_pids or {}).items()
    ]
    return {
        "status": "ok",
        "server_rss": rss_of(os.getpid()),
        "kernels": kernels,
        "limit": limit,
        "limit_source": source,
        "host_total": host_total(),
    }
