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


def probe_memory(kernel_pids=None):
    """`kernel_pids`: kernel id -> (name, pid) of the kernels the server runs."""
    limit, source = memory_limit()
    kernels = [
        {
            "id": kernel_id,
            "name": name,
            "rss": rss_of(pid) if pid else None,
            "started": started_at(pid) if pid else None,
        }
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
