"""What storage a directory lives on (local or remote) and how fast a tiny durable write is."""

from __future__ import annotations

import glob
import os
import time
import uuid

MOUNTINFO = "/proc/self/mountinfo"
REMOTE_TYPES = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb3",
    "smbfs",
    "9p",
    "ceph",
    "cephfs",
    "lustre",
    "gpfs",
    "afs",
    "glusterfs",
    "beegfs",
    "davfs",
}
PROBE_PREFIX = ".jupyterlab-sane-probe-"
PROBE_BYTES = 4096


def _unescape(field):
    # mountinfo escapes space, tab, newline and backslash as octal.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mountinfo(text):
    """The mounts of a mountinfo file: device, mount point, filesystem type and source."""
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 2:
            continue
        mounts.append(
            {
                "device": fields[2],
                "mount_point": _unescape(fields[4]),
                "fstype": tail[0],
                "source": _unescape(tail[1]),
            }
        )
    return mounts


def is_remote(fstype, source):
    """Network filesystems by type, FUSE mounts, and `host:/path` or `//host/share` sources."""
    if fstype in REMOTE_TYPES or fstype.startswith("fuse."):
        return True
    if source.startswith("//"):
        return True
    host, colon, path = source.partition(":")
    return bool(colon) and bool(host) and "/" not in host and path.startswith("/")


def mount_of(directory, mounts):
    """The mount holding the directory: same device, the longest mount point above it."""
    stat = os.stat(directory)
    device = f"{os.major(stat.st_dev)}:{os.minor(stat.st_dev)}"
    real = os.path.realpath(directory)
    inside = [
        m
        for m in reversed(mounts)  # a later mount on the same point hides the earlier one
        if real == m["mount_point"] or real.startswith(m["mount_point"].rstrip("/") + "/")
    ]
    same = [m for m in inside if m["device"] == device] or inside
    return max(same, key=lambda m: len(m["mount_point"]), default=None)


def clean_leftovers(directory):
    """Removes probe files an earlier, interrupted server left behind."""
    for path in glob.glob(os.path.join(glob.escape(directory), PROBE_PREFIX + "*")):
        try:
            os.remove(path)
        except OSError:
            pass


def write_latency_ms(directory):
    """Milliseconds for a few KiB written, fsync'd, stat'd and removed; None when read-only."""
    path = os.path.join(directory, f"{PROBE_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}")
    start = time.perf_counter()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return None
    try:
        os.write(fd, b"\0" * PROBE_BYTES)
        os.fsync(fd)
        os.fstat(fd)
    finally:
        os.close(fd)
        os.remove(path)
    return round((time.perf_counter() - start) * 1000, 3)


_cleaned = set()


def probe_storage(directory, mountinfo=MOUNTINFO, measure=True):
    if directory not in _cleaned:
        _cleaned.add(directory)
        clean_leftovers(directory)
    try:
        with open(mountinfo, encoding="utf-8") as file:
            mounts = parse_mountinfo(file.read())
    except OSError:
        mounts = []
    mount = mount_of(directory, mounts) if mounts else None
    result = {"status": "ok", "writable": os.access(directory, os.W_OK)}
    if mount:
        result.update(
            fstype=mount["fstype"],
            source=mount["source"],
            mount_point=mount["mount_point"],
            remote=is_remote(mount["fstype"], mount["source"]),
        )
    else:
        result.update(fstype=None, source=None, mount_point=None, remote=None)
    if measure:
        result["latency_ms"] = write_latency_ms(directory) if result["writable"] else None
    return result
