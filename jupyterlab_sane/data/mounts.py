"""Storage tiers of mounts: local disk, tmpfs, network, parallel filesystem, from the mount table.

The table is the kernel's own (/proc/self/mountinfo, parsed by health.storage, which the status
item uses too); recorded /proc/mounts lines (the format cluster documentation shows) parse here.
"""

from __future__ import annotations

import os

from ..health.storage import MOUNTINFO, _unescape, is_remote, parse_mountinfo

PARALLEL = {
    "lustre",
    "gpfs",
    "beegfs",
    "ceph",
    "cephfs",
    "fuse.ceph",
    "pvfs2",
    "orangefs",
    "wekafs",
}
PARALLEL_FUSE = {"fuse.beegfs", "fuse.gpfs", "fuse.weka", "fuse.ceph-fuse"}
MEMORY = {"tmpfs", "ramfs"}
LOCAL = {"ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs", "jfs", "reiserfs", "bcachefs"}
# A container's root: a layer on the host's disk.
LAYERED = {"overlay", "overlayfs", "aufs"}


def parse_proc_mounts(text):
    """/proc/mounts (or /etc/mtab) lines: source, mount point, type; octal escapes decoded."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3 or line.lstrip().startswith("#"):
            continue
        mounts.append(
            {
                "device": None,
                "source": _unescape(fields[0]),
                "mount_point": _unescape(fields[1]),
                "fstype": fields[2],
            }
        )
    return mounts


def classify(fstype, source):
    """`(tier, evidence)`: the tier a mount's filesystem type and source say, and why."""
    fstype = fstype or ""
    source = source or ""
    said = f"{fstype} filesystem from {source}" if source else f"{fstype} filesystem"
    if fstype in MEMORY:
        return "tmpfs", f"{said}: memory, gone at reboot"
    if fstype in PARALLEL or fstype in PARALLEL_FUSE:
        return "parallel", f"{said}: a parallel filesystem shared by the cluster"
    if is_remote(fstype, source):
        return "network", f"{said}: over the network"
    if fstype in LOCAL:
        return "local", f"{said}: a local disk"
    if fstype in LAYERED:
        return "local", f"{said}: a container layer on the host's disk"
    return "unknown", said or "no mount found"


def read_mounts(mountinfo=MOUNTINFO):
    try:
        with open(mountinfo, encoding="utf-8") as file:
            return parse_mountinfo(file.read())
    except OSError:
        return []


def mount_for(real, mounts, device=None):
    """The mount holding the real path `real`: the longest mount point above it (the latest
    mount on one point wins); of the same device when the device is known."""
    above = [
        m
        for m in reversed(mounts)
        if real == m["mount_point"] or real.startswith(m["mount_point"].rstrip("/") + "/")
    ]
    if device is not None:
        same = [m for m in above if m["device"] == device]
        above = same or above
    return max(above, key=lambda m: len(m["mount_point"]), default=None)


def device_of(stat_result):
    return f"{os.major(stat_result.st_dev)}:{os.minor(stat_result.st_dev)}"
