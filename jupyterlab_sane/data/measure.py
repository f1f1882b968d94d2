"""Size, file count and read speed of data, measured on the data itself, read-only and capped.

The walk never follows links and stops at a cap of entries or seconds (a million-file folder
costs the cap, not the walk). The speed is read from the file with O_DIRECT where the
filesystem allows it, so pages already in memory don't pass for disk speed; whether they were
in memory before is told apart with RWF_NOWAIT reads (which fail rather than touch the disk).
"""

from __future__ import annotations

import errno
import mmap
import os
import stat
import time

CHUNK = 1024 * 1024
NOWAIT_SAMPLES = 8


def walk(real, max_entries, max_seconds):
    """Bytes and regular files under `real`, the largest file seen, and whether the walk was cut
    short (cap of entries or seconds); unreadable folders are skipped and counted."""
    deadline = time.monotonic() + max_seconds
    total, files, entries, skipped = 0, 0, 0, 0
    largest, largest_size = None, -1
    stack = [real]
    capped = False
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    entries += 1
                    if entries > max_entries or time.monotonic() > deadline:
                        capped = True
                        break
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:  # vanished meanwhile
                        skipped += 1
                        continue
                    if stat.S_ISDIR(info.st_mode):
                        stack.append(entry.path)
                    elif stat.S_ISREG(info.st_mode):
                        files += 1
                        total += info.st_size
                        if info.st_size > largest_size:
                            largest, largest_size = entry.path, info.st_size
        except OSError:
            skipped += 1
        if capped:
            break
    return {
        "bytes": total,
        "files": files,
        "capped": capped,
        "skipped": skipped,
        "largest": largest,
    }


def _cached(fd, size, limit):
    """Whether the first `limit` bytes' pages are in memory already: RWF_NOWAIT reads at a few
    offsets succeed only for cached pages. None where the kernel can't tell."""
    flag = getattr(os, "RWF_NOWAIT", None)
    if flag is None or size == 0:
        return None
    span = max(1, min(size, limit))
    buffer = bytearray(4096)
    for k in range(NOWAIT_SAMPLES):
        offset = (span * k // NOWAIT_SAMPLES) // 4096 * 4096
        try:
            os.preadv(fd, [buffer], offset, flag)
        except BlockingIOError:
            return False
        except OSError as error:
            if error.errno in (errno.EOPNOTSUPP, errno.EINVAL):
                return None
            return False
    return True


def _timed_read(fd, limit, max_seconds, buffer):
    start = time.perf_counter()
    done, offset = 0, 0
    while done < limit and time.perf_counter() - start < max_seconds:
        n = os.preadv(fd, [buffer], offset)
        if n <= 0:
            break
        done += n
        offset += n
    return done, time.perf_counter() - start


def read_speed(real, max_bytes, max_seconds):
    """`{"read_mb_s", "cached", "method", "read_bytes"}` for a regular file, read-only.

    Never reads a FIFO, socket or device (checked on the open descriptor, opened non-blocking).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(real, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return {"read_mb_s": None, "cached": None, "method": None, "read_bytes": 0}
        cached = _cached(fd, info.st_size, max_bytes)
        direct = None
        if hasattr(os, "O_DIRECT"):
            try:
                direct = os.open(real, flags | os.O_DIRECT)
            except OSError:  # tmpfs and some others refuse O_DIRECT: memory anyway
                direct = None
        buffer = mmap.mmap(-1, CHUNK)  # page-aligned, as O_DIRECT needs
        try:
            method = "direct" if direct is not None else "buffered"
            try:
                done, seconds = _timed_read(
                    direct if direct is not None else fd, max_bytes, max_seconds, buffer
                )
            except OSError:
                if direct is None:
                    raise
                method = "buffered"
                done, seconds = _timed_read(fd, max_bytes, max_seconds, buffer)
        finally:
            buffer.close()
            if direct is not None:
                os.close(direct)
    finally:
        os.close(fd)
    speed = round(done / seconds / 1e6, 1) if done and seconds > 0 else None
    return {"read_mb_s": speed, "cached": cached, "method": method, "read_bytes": done}
