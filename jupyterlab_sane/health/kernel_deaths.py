"""Each kernel's last death, explained, as the server saw it.

jupyter_client's restarter, finding a kernel dead, fires its `restart` callbacks and only then
restarts it: a callback still finds the dead process's return code on the provisioner (negative:
the signal that killed it). The kernel keeps its id across the restart, so its last death is
known by that id, to every page, until the kernel is shut down.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time

from .death_cause import counter_files, explain, oom_count
from .memory import rss_of
from .restarts import KERNEL_ACTIONS

log = logging.getLogger(__name__)


def kernel_pid(kernel):
    """The pid of a kernel manager's process, when it runs locally; else None."""
    provisioner = getattr(kernel, "provisioner", None)
    return getattr(provisioner, "pid", None) or getattr(
        getattr(provisioner, "process", None), "pid", None
    )


def _used_fraction(reading):
    """Memory used over the limit (or the host's memory) in a memory reading; None if unknown."""
    limit = reading.get("limit") or reading.get("host_total")
    if not limit or reading.get("status") != "ok":
        return None
    kernels = reading.get("kernels") or []
    used = (reading.get("server_rss") or 0) + sum(k.get("rss") or 0 for k in kernels)
    return used / limit


class DeathWatch:
    """Watches the kernels of a kernel manager; `death(id)` says why one last died.

    `memory_events`: a callable giving a file that replaces the cgroup's OOM counters (tests
    simulate the OOM killer with it), or "" to find them from each kernel's cgroup.
    """

    def __init__(self, kernel_manager, memory_events=lambda: ""):
        self._manager = kernel_manager
        self._override = memory_events
        self._lock = threading.Lock()  # samples are taken in probe threads
        self._watched = {}  # kernel id -> the kernel manager whose restarter calls us
        self._files = {}  # kernel id -> the files that counted OOM kills for its cgroup
        self._baseline = {}  # kernel id -> (monotonic time read, OOM count) while it lived
        self._used = {}  # kernel id -> memory used over the limit at the last reading
        self._deaths = {}  # kernel id -> its last death, explained

    def listen(self, event_logger) -> None:
        event_logger.add_listener(schema_id=KERNEL_ACTIONS, listener=self._on_event)
        for kernel_id in self._manager.list_kernel_ids():  # started before us
            self.watch(kernel_id)

    def death(self, kernel_id):
        with self._lock:
            return self._deaths.get(kernel_id)

    def watch(self, kernel_id) -> None:
        """Asks for the kernel's restart callback, once per kernel manager (cheap to repeat)."""
        try:
            kernel = self._manager.get_kernel(kernel_id)
        except KeyError:
            return
        # Without a restarter (autorestart off) jupyter_client drops the callback silently.
        if self._watched.get(kernel_id) is kernel or getattr(kernel, "_restarter", None) is None:
            return
        self._watched[kernel_id] = kernel
        kernel.add_restart_callback(lambda: self._died(kernel_id, kernel), "restart")
        pid = kernel_pid(kernel)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if pid:  # the count the kernel starts with, off the IO loop
            loop.run_in_executor(None, self._sample, kernel_id, pid)

    def forget(self, kernel_id) -> None:
        with self._lock:
            for table in (self._watched, self._files, self._baseline, self._used, self._deaths):
                table.pop(kernel_id, None)

    def sampled(self, probe, kernel_pids):
        """`probe(kernel_pids)` (the memory probe), with each live kernel's OOM count read first.

        Runs in a probe thread: the count before a death is then at most one reading old, so an
        OOM kill of another process long before does not count against this kernel.
        """
        for kernel_id, (_, pid) in kernel_pids.items():
            if pid:
                self._sample(kernel_id, pid)
        reading = probe(kernel_pids)
        used = _used_fraction(reading)
        with self._lock:
            for kernel in reading.get("kernels") or []:
                if kernel.get("rss") is not None and used is not None:
                    self._used[kernel["id"]] = used
        return reading

    def _counters(self, kernel_id):
        override = self._override()
        return [override] if override else self._files.get(kernel_id, [])

    def _sample(self, kernel_id, pid):
        """Reads the OOM count for a live kernel; kept when newer than the one held."""
        override = self._override()
        files = [override] if override else counter_files(pid)
        read_at = time.monotonic()
        count = oom_count(files)
        # Read after the count: a process alive now was alive when the count was read. A dead
        # one's cgroup reads as the root: its files are not the ones that counted its kill.
        if count is None or rss_of(pid) is None:
            return
        self._files[kernel_id] = files
        self._keep(kernel_id, read_at, count)

    def _keep(self, kernel_id, read_at, count):
        with self._lock:
            held = self._baseline.get(kernel_id)
            if held is None or held[0] < read_at:
                self._baseline[kernel_id] = (read_at, count)

    def _died(self, kernel_id, kernel) -> None:
        """The restarter found the kernel dead and is about to restart it (on the IO loop)."""
        process = getattr(getattr(kernel, "provisioner", None), "process", None)
        returncode = getattr(process, "returncode", None)
        files = self._counters(kernel_id)
        at = time.time()
        with self._lock:
            before = self._baseline.get(kernel_id, (None, None))[1]
            used = self._used.pop(kernel_id, None)
            # Known at once from the return code; the OOM count follows from a thread.
            self._deaths[kernel_id] = explain(returncode, None, None, used, at)

        def counted(future):
            if future.cancelled() or future.exception() is not None:
                return
            read_at, after = future.result()
            with self._lock:
                if self._deaths.get(kernel_id, {}).get("at") == at:
                    self._deaths[kernel_id] = explain(returncode, before, after, used, at)
            if after is not None:
                self._keep(kernel_id, read_at, after)

        def count():
            return time.monotonic(), oom_count(files)

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a restarter without an event loop: a small file, read here
            loop = None
        if loop is None:
            future = concurrent.futures.Future()
            future.set_result(count())
            counted(future)
        else:
            loop.run_in_executor(None, count).add_done_callback(counted)

    # jupyter_events passes these by name, within the server's own kernel actions: nothing of
    # ours may raise into them.
    async def _on_event(self, logger, schema_id, data) -> None:
        try:
            if data.get("status") != "success" or not data.get("kernel_id"):
                return
            if data.get("action") == "start":
                self.watch(data["kernel_id"])
            elif data.get("action") == "shutdown":
                self.forget(data["kernel_id"])
        except Exception:
            log.exception("a kernel action event was not followed")
