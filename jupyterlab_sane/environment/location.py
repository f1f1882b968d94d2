"""Where the kernel's environment lives, and how long the notebook's imports take from there.

The mount under `sys.prefix` is classified as the health probes classify storage (local or
network, by filesystem type and source). The imports are timed once per interpreter and set of
modules, in a subprocess of that interpreter (a fixed argument list, no shell, a timeout), on a
thread of its own: a request never waits for it; the next one reads the result.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import threading

from ..health.paths import read_regular
from ..health.storage import MOUNTINFO, is_remote, mount_of, parse_mountinfo

TIMEOUT = 120.0
# Slower than this from network storage, and the advice says so.
SLOW_SECONDS = 2.0
_SCRIPT = """\
import importlib, json, sys, time
seconds = {}
for name in sys.argv[1:]:
    start = time.perf_counter()
    try:
        importlib.import_module(name)
    except Exception:
        seconds[name] = None
    else:
        seconds[name] = round(time.perf_counter() - start, 3)
print(json.dumps(seconds))
"""


def where(prefix, mountinfo=MOUNTINFO):
    """The mount, filesystem type and whether it is network storage, for an environment."""
    text = read_regular(mountinfo)
    try:
        mount = mount_of(prefix, parse_mountinfo(text or ""))
    except OSError:
        mount = None
    if mount is None:
        return {"prefix": prefix, "mount": None, "fstype": None, "remote": None}
    return {
        "prefix": prefix,
        "mount": mount["mount_point"],
        "fstype": mount["fstype"],
        "remote": is_remote(mount["fstype"], mount["source"]),
    }


def import_seconds(executable, modules, timeout=TIMEOUT):
    """Seconds each module takes to import in a fresh `executable` (None: it failed)."""
    with tempfile.TemporaryDirectory() as cwd:  # nothing of the server's folder shadows them
        try:
            done = subprocess.run(
                [executable, "-c", _SCRIPT, *modules],
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=cwd,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {"error": f"the imports took more than {timeout:g} s"}
        except OSError as error:
            return {"error": f"cannot run {os.path.basename(executable)}: {error.strerror}"}
    try:
        seconds = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": f"the interpreter exited with {done.returncode}"}
    total = round(sum(s for s in seconds.values() if s is not None), 3)
    return {"seconds": seconds, "total": total}


def advice(location, times):
    """What to do when the environment sits on network storage and its imports are slow."""
    total = (times or {}).get("total")
    if not location.get("remote") or total is None or total < SLOW_SECONDS:
        return None
    return (
        f"imports take {total:.0f} s from {location['fstype']} at {location['mount']}; "
        "an environment on local disk would not"
    )


class ImportTimes:
    """Each (interpreter, modules) timed once, in the background; `get` never waits."""

    def __init__(self, measure=import_seconds):
        self._measure = measure
        self._results = {}
        self._threads = {}
        self._lock = threading.Lock()

    def get(self, executable, modules):
        key = (executable, tuple(sorted(modules)))
        with self._lock:
            if key in self._results:
                return self._results[key]
            if key not in self._threads:
                thread = threading.Thread(target=self._run, args=(key,), daemon=True)
                self._threads[key] = thread
                thread.start()
        return None

    def wait(self, executable, modules, timeout=None):
        """For tests: waits for the measurement `get` started."""
        thread = self._threads.get((executable, tuple(sorted(modules))))
        if thread:
            thread.join(timeout)

    def _run(self, key):
        result = self._measure(key[0], list(key[1]))
        with self._lock:
            self._results[key] = result
