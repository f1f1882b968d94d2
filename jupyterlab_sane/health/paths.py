"""Paths the probes may touch: inside the server's root once links are resolved, files read safely.

`..` is not the only way out of the root: a symlink inside it can point anywhere. So a
directory is confined by its real path (every link resolved) under the root's real path, and
the probes only ever see that real path. Files are read without ever blocking for good: only
regular files (a FIFO's open waits for a writer forever), opened non-blocking, size-capped.
"""

from __future__ import annotations

import os
import stat

READ_LIMIT = 1024 * 1024


class OutsideRoot(Exception):
    """A path whose real location is not inside the server's root."""


def inside(real, root):
    """Whether the real path `real` is the real root `root` or below it."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def relative(path, root):
    """How errors name a path: relative to the root, never the server's absolute path."""
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return os.path.basename(path)
    return "." if rel == "." else rel


def confine(root, directory):
    """The real path of `directory` if it is a directory inside `root` (a real path).

    Runs in a probe thread: resolving links touches the disk, which may hang.
    Returns ``{"status": "ok", "real": ...}``, ``{"status": "outside"}`` or an error reading
    that names the path relative to the root.
    """
    real = os.path.realpath(directory)
    if not inside(real, root):
        return {"status": "outside"}
    name = relative(directory, root)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return {"status": "error", "error": f"FileNotFoundError: no such directory: {name}"}
    except OSError as error:
        return {"status": "error", "error": f"{type(error).__name__}: {error.strerror}: {name}"}
    if not stat.S_ISDIR(mode):
        return {"status": "error", "error": f"NotADirectoryError: not a directory: {name}"}
    return {"status": "ok", "real": real}


def read_regular(path, limit=READ_LIMIT, root=None):
    """The text of a regular file, at most `limit` bytes; None for anything else.

    Never blocks on a FIFO or a device (they are refused before and after a non-blocking
    open), never follows a link out of `root` when one is given.
    """
    try:
        if root is not None and not inside(os.path.realpath(path), root):
            return None
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = os.read(fd, limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > limit:
        return None
    return data.decode("utf-8", errors="replace")
