"""Runs the probes off the IO loop: one thread per run, a timeout each, results cached with TTLs.

A probe that hangs (a dead NFS server, a FIFO) holds its own thread, never the IO loop nor a
slot of a shared pool: a fixed pool of four was starved for good by four hung reads, and every
other directory then read "unresponsive". Here each run gets a fresh daemon thread, so:

- the request waiting for it gets ``{"status": "unresponsive"}`` after the timeout, and
  requests meanwhile neither start another copy of it nor wait for it (one run per key);
- other keys (other directories) start their own threads and answer at once;
- daemon threads are not joined at exit: the server stops on SIGTERM with a probe hung
  (ThreadPoolExecutor's workers are joined at interpreter exit, which hung it forever).

The number of threads alive at once is capped (`workers`): beyond it a reading is "busy"
instead of one more thread. The cache is an LRU bounded in entries and in bytes.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import OrderedDict

from traitlets import Float, Int, Unicode
from traitlets.config import Configurable


class HealthProbes(Configurable):
    """Settings of the health probes, as traitlets (`c.HealthProbes.timeout = 2`, ...)."""

    timeout = Float(2.0, help="Seconds a request waits for one probe before 'unresponsive'.").tag(
        config=True
    )
    workers = Int(
        32, help="Probe threads alive at once, hung ones included; beyond it readings are 'busy'."
    ).tag(config=True)
    cache_entries = Int(1024, help="Readings kept in the cache at most.").tag(config=True)
    cache_bytes = Int(4 * 1024 * 1024, help="Bytes of JSON the cache holds at most.").tag(
        config=True
    )
    resolve_ttl = Float(2.0, help="Seconds a directory's resolved real path is reused.").tag(
        config=True
    )
    disk_ttl = Float(5.0, help="Seconds a disk reading is reused.").tag(config=True)
    storage_ttl = Float(
        60.0, help="Seconds a storage reading (and its write-latency test) is reused."
    ).tag(config=True)
    backup_ttl = Float(10.0, help="Seconds a git reading is reused.").tag(config=True)
    memory_ttl = Float(2.0, help="Seconds a memory reading is reused.").tag(config=True)
    gpu_ttl = Float(5.0, help="Seconds a GPU reading is reused.").tag(config=True)
    environment_ttl = Float(30.0, help="Seconds an environment reading is reused.").tag(config=True)
    job_ttl = Float(
        30.0,
        help="Seconds a batch job's reading (squeue, qstat, bjobs) is reused; the time left "
        "still counts down in every reply.",
    ).tag(config=True)
    job_command_timeout = Float(
        5.0,
        help="Seconds squeue, scontrol, qstat or bjobs may take before the job reading "
        "falls back to the environment.",
    ).tag(config=True)
    scheduler_path = Unicode(
        "",
        help="Where squeue, scontrol, qstat, bjobs and nvidia-smi (for the job's GPUs) are "
        "looked up (os.pathsep-separated). Empty: the server's PATH.",
    ).tag(config=True)
    job_environment = Unicode(
        "",
        help="A file of KEY=VALUE lines read instead of the server's environment for the job "
        "(SLURM_JOB_ID, ...): for tests that simulate a batch job. Empty: the environment.",
    ).tag(config=True)
    memory_events = Unicode(
        "",
        help="A file read instead of the cgroup's OOM counters (`oom_kill N` lines, as in "
        "memory.events): for tests that simulate the OOM killer. Empty: the kernels' cgroups.",
    ).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cache = OrderedDict()  # key -> (time, result, size), least recently used first
        self._bytes = 0
        self._running = {}  # key -> asyncio future of the probe in flight
        self._lock = threading.Lock()
        self._alive = 0  # probe threads started and not yet returned (hung ones included)
        self._closed = False

    @property
    def alive(self):
        return self._alive

    def peek(self, key, ttl):
        """The cached reading for `key` while fresh, else None: no task, no await."""
        cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < ttl:
            self._cache.move_to_end(key)
            return cached[1]
        return None

    async def get(self, key, ttl, probe, *args):
        """The probe's result for `key`: cached while fresh, else run in a thread of its own."""
        now = time.monotonic()
        cached = self._cache.get(key)
        if cached and now - cached[0] < ttl:
            self._cache.move_to_end(key)
            return cached[1]
        running = self._running.get(key)
        if running is not None:
            # Someone already waits on it: don't start a second copy beside a hung one.
            return cached[1] if cached else {"status": "unresponsive", "pending": True}
        future = self._start(probe, args)
        if future is None:
            return cached[1] if cached else {"status": "unresponsive", "busy": True}
        self._running[key] = future
        future.add_done_callback(lambda f: self._done(key, f))
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except asyncio.TimeoutError:
            return {"status": "unresponsive", "timeout_s": self.timeout}

    def _start(self, probe, args):
        with self._lock:
            if self._closed or self._alive >= self.workers:
                return None
            self._alive += 1
        loop = asyncio.get_running_loop()
        future = loop.create_future()

        def work():
            try:
                result = _guarded(probe, args)
            finally:
                with self._lock:
                    self._alive -= 1
            try:
                loop.call_soon_threadsafe(_settle, future, result)
            except RuntimeError:  # the loop closed while the probe hung: nobody waits
                pass

        threading.Thread(target=work, name="sane-probe", daemon=True).start()
        return future

    def _done(self, key, future):
        self._running.pop(key, None)
        if future.cancelled() or future.exception() is not None:
            return
        result = future.result()
        size = len(json.dumps(result, default=str))
        old = self._cache.pop(key, None)
        if old:
            self._bytes -= old[2]
        if size > self.cache_bytes:
            return
        self._cache[key] = (time.monotonic(), result, size)
        self._bytes += size
        while len(self._cache) > self.cache_entries or self._bytes > self.cache_bytes:
            _, (_, _, evicted) = self._cache.popitem(last=False)
            self._bytes -= evicted

    def cache_size(self):
        """(entries, bytes) the cache holds now."""
        return len(self._cache), self._bytes

    def close(self):
        """No new probe starts; threads still running finish (or hang) on their own."""
        with self._lock:
            self._closed = True


def _settle(future, result):
    if not future.done():
        future.set_result(result)


def _guarded(probe, args):
    try:
        return probe(*args)
    except Exception as error:  # a probe's failure is a reading, not a server error
        return {"status": "error", "error": f"{type(error).__name__}: {error}"}
