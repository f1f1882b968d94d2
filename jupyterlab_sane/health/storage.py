"""What storage a directory lives on (local or remote) and how fast a tiny durable write is."""

from __future__ import annotations

import os
import time
import uuid

from .paths import inside

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


def _under_root(fd, root):
    """Whether an open directory is inside the root, by what the kernel says it is now.

    The name was confined already; this closes the window in which a component of it was
    swapped for a link after the check. Where /proc is missing, the earlier check stands.
    """
    try:
        real = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return True
    return inside(real, root)


def _remove_own(name, dir_fd, mine):
    """Unlinks `name` only if it is still the very file the probe created."""
    try:
        now = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        if (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
            os.unlink(name, dir_fd=dir_fd)
    except OSError:
        pass


def write_latency_ms(directory, root=None):
    """Milliseconds for a few KiB written, fsync'd, stat'd and removed; None when not possible.

    Writes one file of its own, with a fresh unique name, created exclusively (never an
    existing file, never through a link) in the directory opened once, and removes only that
    file, checked to be the one it created. Nothing else is ever deleted: an earlier
    server's leftover (a crash between create and remove) stays; it is named PROBE_PREFIX...
    and the git reading never counts it.
    """
    name = f"{PROBE_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}"
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    start = time.perf_counter()
    try:
        dir_fd = os.open(directory, flags)
    except OSError:
        return None
    try:
        if root is not None and not _under_root(dir_fd, root):
            return None
        create = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(name, create, 0o600, dir_fd=dir_fd)
        except OSError:
            return None
        mine = None
        try:
            mine = os.fstat(fd)
            os.write(fd, b"\0" * PROBE_BYTES)
            os.fsync(fd)
        finally:
            os.close(fd)
            if mine is not None:
                _remove_own(name, dir_fd, mine)
    finally:
        os.close(dir_fd)
    return round((time.perf_counter() - start) * 1000, 3)


def probe_storage(directory, mountinfo=MOUNTINFO, measure=True, root=None):
    """`root`: the server's real root; the latency file is written only inside it."""
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
        result["latency_ms"] = write_latency_ms(directory, root) if result["writable"] else None
    return result
