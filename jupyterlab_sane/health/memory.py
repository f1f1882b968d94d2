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
        {"id": kernel_id, "name": name, "rss": rss_of(pid) if pid else None}
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
