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


def memory_limit(environ=None, cgroup_root=CGROUP_ROOT, proc_cgroup="/proc/self/cgroup"):
    """The limit and where it comes from: `MEM_LIMIT`, cgroup v2, cgroup v1; else None."""
    environ = os.environ if environ is None else environ
    if environ.get("MEM_LIMIT", "").isdigit():
        return int(environ["MEM_LIMIT"]), "MEM_LIMIT"
    relative = ""
    for line in (_read(proc_cgroup) or "").splitlines():
        if line.startswith("0::"):
            relative = line[3:].strip("/")
    for base in (os.path.join(cgroup_root, relative), cgroup_root):
        value = _read(os.path.join(base, "memory.max"))
        if value and value.isdigit():
            return int(value), "cgroup v2"
    value = _read(os.path.join(cgroup_root, "memory", "memory.limit_in_bytes"))
    if value and value.isdigit() and int(value) < UNLIMITED_V1:
        return int(value), "cgroup v1"
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
