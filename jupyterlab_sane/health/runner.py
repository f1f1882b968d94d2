"""Runs the probes off the IO loop: a thread pool, a timeout each, results cached with TTLs.

A probe that hangs (a dead NFS server) holds one worker thread, never the IO loop: the request
waiting for it gets ``{"status": "unresponsive"}`` after the timeout, and requests meanwhile do
not start another copy of it nor wait for it; they get the last result, or "unresponsive".
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from traitlets import Float, Int
from traitlets.config import Configurable


class HealthProbes(Configurable):
    """Settings of the health probes, as traitlets (`c.HealthProbes.timeout = 2`, ...)."""

    timeout = Float(2.0, help="Seconds a request waits for one probe before 'unresponsive'.").tag(
        config=True
    )
    workers = Int(4, help="Threads that run probes.").tag(config=True)
    disk_ttl = Float(5.0, help="Seconds a disk reading is reused.").tag(config=True)
    storage_ttl = Float(
        60.0, help="Seconds a storage reading (and its write-latency test) is reused."
    ).tag(config=True)
    backup_ttl = Float(10.0, help="Seconds a git reading is reused.").tag(config=True)
    memory_ttl = Float(2.0, help="Seconds a memory reading is reused.").tag(config=True)
    gpu_ttl = Float(5.0, help="Seconds a GPU reading is reused.").tag(config=True)
    environment_ttl = Float(30.0, help="Seconds an environment reading is reused.").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="sane-probe")
        self._cache = {}  # key -> (time, result)
        self._running = {}  # key -> asyncio future of the probe in flight

    async def get(self, key, ttl, probe, *args):
        """The probe's result for `key`: cached while fresh, else run in the pool."""
        now = time.monotonic()
        cached = self._cache.get(key)
        if cached and now - cached[0] < ttl:
            return cached[1]
        running = self._running.get(key)
        if running is not None:
            # Someone already waits on it: don't queue a second copy behind a hung one.
            return cached[1] if cached else {"status": "unresponsive", "pending": True}
        future = asyncio.get_running_loop().run_in_executor(self._pool, _guarded, probe, args)
        self._running[key] = future
        future.add_done_callback(lambda f: self._done(key, f))
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except asyncio.TimeoutError:
            return {"status": "unresponsive", "timeout_s": self.timeout}

    def _done(self, key, future):
        self._running.pop(key, None)
        if not future.cancelled() and future.exception() is None:
            self._cache[key] = (time.monotonic(), future.result())

    def close(self):
        self._pool.shutdown(wait=False, cancel_futures=True)


def _guarded(probe, args):
    try:
        return probe(*args)
    except Exception as error:  # a probe's failure is a reading, not a server error
        return {"status": "error", "error": f"{type(error).__name__}: {error}"}
