"""The faster places data could be copied to: writable scratch folders and local disks, each
with its free space and a measured read speed (of the probe's own temp file, removed after)."""

from __future__ import annotations

import os
import shlex
import uuid

from ..health.storage import PROBE_PREFIX
from .measure import read_speed
from .mounts import classify, mount_for
from .policy import rule_for

PLACE_BYTES = 8 * 1024 * 1024
JOB_VARIABLES = ("SLURM_JOB_ID", "PBS_JOBID", "LSB_JOBID")
SYSTEM = ("/proc", "/sys", "/dev", "/boot", "/etc", "/run", "/usr", "/var/lib")


def system_path(real):
    """Never probed: kernel and device trees, the OS's own folders (/dev/shm is memory, not a
    device, and stays allowed)."""
    if real == "/dev/shm" or real.startswith("/dev/shm/"):
        return False
    return any(real == p or real.startswith(p + "/") for p in ("/proc", "/sys", "/dev"))


def candidates(environ, mounts):
    """Folders to offer, first of each mount: the job's and user's scratch, memory, local disks."""
    in_job = any(environ.get(v) for v in JOB_VARIABLES)
    out = []
    for variable in ("SLURM_TMPDIR", "TMPDIR", "SCRATCH", "LOCAL_SCRATCH"):
        folder = environ.get(variable)
        if folder and os.path.isabs(folder):
            wiped = variable == "SLURM_TMPDIR" or (variable == "TMPDIR" and in_job)
            out.append((os.path.realpath(folder), f"${variable}", wiped))
    out += [("/dev/shm", "/dev/shm", True), ("/tmp", "/tmp", False)]
    for mount in mounts:
        point = mount["mount_point"]
        tier, _ = classify(mount["fstype"], mount["source"])
        if (
            tier == "local"
            and point != "/"
            and not any(point == s or point.startswith(s + "/") for s in SYSTEM)
        ):
            out.append((point, point, False))
    return out


def _speed_of(folder, max_seconds):
    """Read speed of a file the probe writes in `folder` and removes (its own, by inode)."""
    name = os.path.join(folder, f"{PROBE_PREFIX}data-{os.getpid()}-{uuid.uuid4().hex[:12]}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(name, flags, 0o600)
    mine = None
    try:
        mine = os.fstat(fd)
        block = os.urandom(1024 * 1024)
        for _ in range(PLACE_BYTES // len(block)):
            os.write(fd, block)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        return read_speed(name, PLACE_BYTES, max_seconds)["read_mb_s"]
    finally:
        now = os.stat(name, follow_symlinks=False)
        if mine is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
            os.unlink(name)


def probe_places(environ, mounts, rules, max_seconds=1.0):
    """One reading per mount among the candidate folders that exist and are writable."""
    seen, out = set(), []
    for folder, label, wiped in candidates(environ, mounts):
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            continue
        mount = mount_for(folder, mounts)
        point = mount["mount_point"] if mount else folder
        if point in seen:
            continue
        seen.add(point)
        tier, evidence = classify(mount["fstype"], mount["source"]) if mount else ("unknown", "")
        rule = rule_for(folder, rules)
        if rule:
            tier = rule.get("tier", tier)
            wiped = rule.get("wiped_at_job_end", wiped)
        try:
            stats = os.statvfs(folder)
            free = stats.f_bavail * stats.f_frsize
            speed = _speed_of(folder, max_seconds) if free > 4 * PLACE_BYTES else None
        except OSError:
            continue
        out.append(
            {
                "mount": point,
                "folder": folder,
                "label": label,
                "fstype": mount["fstype"] if mount else None,
                "tier": tier,
                "evidence": evidence,
                "free_bytes": free,
                "read_mb_s": speed,
                "wiped_at_job_end": bool(wiped),
            }
        )
    return out


def copy_command(real, folder):
    """The exact command that copies the data there (a folder's contents into a folder of its
    name); quoted for a POSIX shell, newlines and all."""
    source = real.rstrip("/")
    return f"rsync -a {shlex.quote(source)} {shlex.quote(folder.rstrip('/') + '/')}"
