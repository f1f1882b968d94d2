"""A real OOM kill: the kernel is moved into a memory cgroup of its own with a small limit.

Needs to create a child of this process's memory cgroup (root, a writable cgroup v1 memory
hierarchy, or a v2 parent that delegates the memory controller); skipped elsewhere.
"""

import asyncio
import contextlib
import json
import os
import time
import uuid
from pathlib import Path

import pytest

CGROUP_ROOT = Path("/sys/fs/cgroup")
LIMIT = 128 * 1024 * 1024


def _own_memory_cgroup():
    """This process's memory cgroup directory and the names of its files, or a skip reason."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError as error:
        return None, f"no /proc/self/cgroup: {error}"
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return CGROUP_ROOT / "memory" / path.strip("/"), (
                "memory.limit_in_bytes",
                "memory.memsw.limit_in_bytes",
            )
    for line in lines:
        if line.startswith("0::"):
            return CGROUP_ROOT / line[3:].strip("/"), ("memory.max", "memory.swap.max")
    return None, "no memory cgroup"


@contextlib.contextmanager
def limited_cgroup():
    """A child memory cgroup with a small limit and no swap; skips when it can't be made."""
    parent, files = _own_memory_cgroup()
    if parent is None:
        pytest.skip(files)
    child = parent / f"sane-oom-{uuid.uuid4().hex[:8]}"
    try:
        child.mkdir()
    except OSError as error:
        pytest.skip(f"cannot create a memory cgroup under {parent}: {error}")
    try:
        limit, swap = files
        if not (child / limit).exists():
            pytest.skip(f"{parent} does not delegate the memory controller")
        (child / limit).write_text(str(LIMIT))
        if (child / swap).exists():
            (child / swap).write_text(str(LIMIT) if "memsw" in swap else "0")
        yield child
    finally:
        _remove(child)


def _remove(child):
    # The killed kernel leaves the group as it is reaped; the restarted one never was in it.
    end = time.monotonic() + 10
    while True:
        try:
            child.rmdir()
            return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


async def test_a_kernel_killed_by_the_oom_killer_is_reported_as_such(jp_fetch, jp_serverapp):
    started = json.loads((await jp_fetch("api", "kernels", method="POST", body="{}")).body)
    kernel_id = started["id"]
    manager = jp_serverapp.kernel_manager.get_kernel(kernel_id)
    client = manager.client()
    try:
        with limited_cgroup() as group:
            (group / "cgroup.procs").write_text(str(manager.provisioner.pid))
            # A reading while it lives: the server learns its cgroup and the count there.
            await jp_fetch("jupyterlab-sane", "health", params={"kernel": kernel_id})
            client.start_channels()
            await client.wait_for_ready(timeout=30)
            client.execute("hog = b'x' * (1 << 30)")  # written, so it is resident
            death = None
            end = time.monotonic() + 30
            while time.monotonic() < end and not (death and death["reason"] == "oom"):
                reply = await jp_fetch("jupyterlab-sane", "health", params={"kernel": kernel_id})
                death = json.loads(reply.body)["kernel"]["death"]
                await asyncio.sleep(0.2)
            assert death is not None, "the kernel did not die"
            assert (death["reason"], death["evidence"]) == ("oom", "oom_kill")
            assert death["signal_name"] == "SIGKILL"
            # The restarted kernel is outside the small group again.
            assert str(os.getpid()) not in (group / "cgroup.procs").read_text().split()
    finally:
        client.stop_channels()
        await jp_fetch("api", "kernels", kernel_id, method="DELETE")
