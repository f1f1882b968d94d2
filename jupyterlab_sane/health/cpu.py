"""How many CPUs each kernel kept busy over the last minutes, to hold against what a job got.

A kernel's CPU time is its process's and its live descendants' (joblib and multiprocessing
workers are other processes), from /proc. Samples are kept per kernel; the use is the CPU time
spent between the oldest sample in the window and now, over the wall time between them.
Only processes this server started are read (a remote kernel's pid names another host's).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque

from .memory import descends_from

WINDOW_S = 300.0
# Below this span the average says little: no figure yet.
MIN_SPAN_S = 20.0


def _stat(pid, proc):
    """(parent pid, CPU seconds in user and system) of a process, or None."""
    try:
        with open(f"{proc}/{pid}/stat", encoding="utf-8") as file:
            fields = file.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        # After the name: state, ppid, ..., utime (14th field of stat) and stime (15th).
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, ValueError, IndexError):
        return None


def cpu_seconds(pids, proc="/proc"):
    """CPU seconds of each pid's process tree (the process and its live descendants)."""
    stats = {}
    for name in os.listdir(proc):
        if name.isdigit():
            stat = _stat(name, proc)
            if stat:
                stats[int(name)] = stat
    children = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    out = {}
    for root in pids:
        if root not in stats:
            out[root] = None
            continue
        total, todo = 0.0, [root]
        while todo:
            pid = todo.pop()
            total += stats[pid][1]
            todo.extend(children.get(pid, ()))
        out[root] = total
    return out


class CpuUse:
    """Per-kernel samples of CPU time; `sample` is a probe (call it off the IO loop)."""

    def __init__(self, window=WINDOW_S, proc="/proc", clock=time.monotonic, min_span=MIN_SPAN_S):
        self._window = window
        self._min_span = min_span
        self._proc = proc
        self._clock = clock
        self._samples = {}  # kernel id -> deque of (time, pid, cpu seconds)
        self._lock = threading.Lock()

    def sample(self, kernel_pids, server_pid=None):
        """{kernel id: {"cpus": mean CPUs busy, "window_s": span}} (cpus None until known)."""
        server_pid = server_pid or os.getpid()
        local = {
            kernel_id: pid
            for kernel_id, (_, pid) in kernel_pids.items()
            if pid and descends_from(pid, server_pid, self._proc)
        }
        now = self._clock()
        used = cpu_seconds(local.values(), self._proc)
        with self._lock:
            for gone in set(self._samples) - set(local):
                del self._samples[gone]
            return {
                kernel_id: self._add(kernel_id, pid, now, used.get(pid))
                for kernel_id, pid in local.items()
            }

    def _add(self, kernel_id, pid, now, seconds):
        samples = self._samples.setdefault(kernel_id, deque())
        if seconds is None:
            samples.clear()
            return {"cpus": None, "window_s": 0}
        # A restart is a new process: its CPU time starts again from nothing.
        if samples and samples[-1][1] != pid:
            samples.clear()
        samples.append((now, pid, seconds))
        while len(samples) > 1 and now - samples[1][0] >= self._window:
            samples.popleft()
        span = now - samples[0][0]
        if span < self._min_span:
            return {"cpus": None, "window_s": round(span)}
        return {"cpus": round((seconds - samples[0][2]) / span, 2), "window_s": round(span)}
