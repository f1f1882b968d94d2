"""Kernel memory as the kernel itself reports it, for kernels whose process the server can't see.

A kernel on another host (a provisioner that starts it elsewhere) has no process here to read.
ipykernel (recent 6.x and later) answers a `usage_request` on the control channel with its own
figures: `kernel_memory` (PSS, or RSS where PSS is unknown, of the kernel and its children),
`host_virtual_memory` (psutil's `virtual_memory()` of the kernel's host), `hostname` and `pid`.
It needs psutil in the kernel's environment for the memory figures; older kernels, other
languages' kernels and kernels without psutil answer without them, or not at all.

The control channel is the kernel's own channel for such requests, answered beside the shell
channel, so asking never waits for nor disturbs a cell that runs. Each request opens its own
connection from the kernel manager, read without blocking the IO loop.
"""

from __future__ import annotations

import asyncio
import time

import zmq.asyncio

# A kernel that answered without memory figures, or did not answer several times, is asked
# again after this many seconds at the soonest: it will not learn to answer meanwhile (an old
# ipykernel, a kernel without psutil, another language's kernel), and each try holds a socket.
RETRY_S = 30.0
# How long a health request waits for a kernel's answer at most. A live ipykernel answers in
# milliseconds; past this the request goes on without it and the next poll finds the answer.
WAIT_S = 0.5

UNKNOWN = {"rss": None, "answered": False}


def usage_reading(content):
    """The memory figures of a `usage_reply`'s content; `rss` None when it has none."""
    host = content.get("host_virtual_memory")
    memory = content.get("kernel_memory")
    return {
        "rss": int(memory) if isinstance(memory, (int, float)) and memory > 0 else None,
        "host": content.get("hostname") if isinstance(content.get("hostname"), str) else None,
        "host_total": host.get("total") if isinstance(host, dict) else None,
        "answered": True,
    }


def _receiver(channel):
    """An async `receive(timeout)` of the channel's next message parts (None at timeout).

    jupyter_server's kernel managers hand out ZMQStreams (callbacks on the IO loop);
    jupyter_client's async ones, asyncio sockets. A blocking socket gives None: waiting on it
    would hold the IO loop.
    """
    if hasattr(channel, "on_recv"):
        queue = asyncio.Queue()
        channel.on_recv(queue.put_nowait)

        async def from_stream(timeout):
            try:
                return await asyncio.wait_for(queue.get(), timeout)
            except asyncio.TimeoutError:
                return None

        return from_stream
    if isinstance(channel, zmq.asyncio.Socket):

        async def from_socket(timeout):
            ready = await channel.poll(int(timeout * 1000))
            return await channel.recv_multipart() if ready else None

        return from_socket
    return None


async def ask_usage(manager, timeout):
    """The kernel's `usage_reply` content, or None when it does not answer within `timeout`."""
    channel = manager.connect_control()
    try:
        receive = _receiver(channel)
        if receive is None:
            return None
        session = manager.session
        request = session.send(channel, "usage_request", {})
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            parts = await receive(remaining)
            if parts is None:
                return None
            reply = session.deserialize(session.feed_identities(parts)[1])
            # The channel is ours alone, yet only the answer to our request counts.
            if reply["parent_header"].get("msg_id") == request["header"]["msg_id"]:
                return reply["content"] if reply["msg_type"] == "usage_reply" else None
        return None
    finally:
        channel.close(linger=0)


class KernelUsage:
    """Each kernel's last `usage_reply`, cached; one request in flight per kernel at most."""

    def __init__(self, ttl, timeout, retry=RETRY_S, wait=WAIT_S):
        self.ttl = ttl
        self.timeout = timeout
        self.retry = retry
        self.wait = wait
        self._cache = {}  # kernel id -> (monotonic time it is good until, reading, misses)
        self._running = {}  # kernel id -> task of the request in flight

    def _fresh(self, kernel_id):
        cached = self._cache.get(kernel_id)
        return cached[1] if cached and time.monotonic() < cached[0] else None

    async def read(self, kernel_id, manager):
        """The kernel's memory as it reports it: cached while fresh, else asked for.

        Waits `wait` seconds at most: a kernel that is slow to answer gives the last reading
        (or unknown) now, and its answer to a later request.
        """
        fresh = self._fresh(kernel_id)
        if fresh is not None:
            return fresh
        task = self._running.get(kernel_id)
        if task is None:
            task = asyncio.ensure_future(self._ask(kernel_id, manager))
            self._running[kernel_id] = task
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.wait)
        except asyncio.TimeoutError:
            cached = self._cache.get(kernel_id)
            return cached[1] if cached else UNKNOWN

    async def _ask(self, kernel_id, manager):
        try:
            content = await asyncio.wait_for(ask_usage(manager, self.timeout), self.timeout + 1)
        except Exception:  # a kernel gone, a socket refused: unknown, never a server error
            content = None
        finally:
            self._running.pop(kernel_id, None)
        misses = self._cache.get(kernel_id, (0, None, 0))[2]
        if content is None:
            # Not (yet) answering: a kernel still starting soon will, an old one never does.
            reading, misses = UNKNOWN, misses + 1
            keep = min(self.retry, self.ttl * 2**misses)
        else:
            reading, misses = usage_reading(content), 0
            # Without memory figures (no psutil there) it won't have them on the next ask.
            keep = self.ttl if reading["rss"] is not None else self.retry
        self._cache[kernel_id] = (time.monotonic() + keep, reading, misses)
        return reading

    def close(self):
        """Stop waiting for answers (a server that stops doesn't wait for a silent kernel)."""
        for task in list(self._running.values()):
            task.cancel()

    def forget(self, kernel_ids):
        """Drop what is cached of kernels not in `kernel_ids` (shut down since)."""
        for kernel_id in set(self._cache) - set(kernel_ids):
            del self._cache[kernel_id]


def runs_locally(manager):
    """Does this server run the kernel (a provisioner of its own), so that it can ask it?

    A gateway's kernels (jupyter_server's GatewayKernelManager) have no provisioner here: the
    gateway runs them, and what they say would come through it. They only say remote.
    """
    return getattr(manager, "provisioner", None) is not None


async def with_kernel_usage(memory, kernel_id, usage: KernelUsage, manager):
    """`memory` with what the kernel `kernel_id` says of itself, when the server can't see it.

    Only the kernel a page asks about is asked: the others' figures would add nothing to the
    totals of the server's host, where they don't run. `memory` is a cached reading: never
    changed in place.
    """
    kernels = memory.get("kernels") or []
    if "kernels" in memory:
        usage.forget(k["id"] for k in kernels)
    entry = next((k for k in kernels if k["id"] == kernel_id), None)
    if entry is None or not entry.get("remote") or manager is None or not runs_locally(manager):
        return memory
    said = await usage.read(kernel_id, manager)
    if said["rss"] is None:
        return memory
    told = {
        **entry,
        "rss": said["rss"],
        "source": "kernel",
        "host": said.get("host"),
        "host_total": said.get("host_total"),
    }
    return {**memory, "kernels": [told if k is entry else k for k in kernels]}
