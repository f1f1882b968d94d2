"""Free and total space of the filesystem holding a directory."""

from __future__ import annotations

import shutil


def probe_disk(directory):
    usage = shutil.disk_usage(directory)
    return {
        "status": "ok",
        "free": usage.free,
        "total": usage.total,
        "used_fraction": round(usage.used / usage.total, 4) if usage.total else None,
    }
