"""A real kernel dies; the health reply says why, after the server restarted it by itself."""

import asyncio
import contextlib
import json
import os
import signal
import time

import pytest

DEADLINE_S = 30  # the restarter looks every 3 s; a restart takes a few more


@pytest.fixture
def memory_events(tmp_path):
    """A simulated memory.events: the test plays the OOM killer's count."""
    path = tmp_path / "memory.events"
    path.write_text("oom 0\noom_kill 0\n")
    return path


@pytest.fixture
def jp_server_config(jp_server_config, memory_events):
    return {**jp_server_config, "HealthProbes": {"memory_events": str(memory_events)}}


async def _kernel_reading(jp_fetch, kernel_id):
    reply = await jp_fetch("jupyterlab-sane", "health", params={"kernel": kernel_id})
    return json.loads(reply.body)["kernel"]


async def _death(jp_fetch, kernel_id, reason):
    """The kernel's death once the server explained it with `reason` (or the last seen)."""
    end = time.monotonic() + DEADLINE_S
    death = None
    while time.monotonic() < end:
        death = (await _kernel_reading(jp_fetch, kernel_id))["death"]
        if death and death["reason"] == reason:
            return death
        await asyncio.sleep(0.2)
    return death


async def _restarts(jp_fetch, kernel_id):
    """The kernel's restart count once it is at least 1 (or the last seen)."""
    end = time.monotonic() + DEADLINE_S
    count = 0
    while time.monotonic() < end:
        count = (await _kernel_reading(jp_fetch, kernel_id))["restarts"]
        if count >= 1:
            break
        await asyncio.sleep(0.2)
    return count


@contextlib.asynccontextmanager
async def running_kernel(jp_fetch, jp_serverapp):
    """A kernel started through the REST API, as a page starts one; shut down after."""
    started = json.loads((await jp_fetch("api", "kernels", method="POST", body="{}")).body)
    manager = jp_serverapp.kernel_manager.get_kernel(started["id"])
    try:
        yield started["id"], manager
    finally:
        # A kernel the restarter is bringing back can't be shut down (jupyter_client's shutdown
        # reads its pending `ready` and answers 500): after a death, wait for the restart.
        if (await _kernel_reading(jp_fetch, started["id"]))["death"]:
            await _restarts(jp_fetch, started["id"])
        await jp_fetch("api", "kernels", started["id"], method="DELETE")


async def test_a_kernel_killed_while_the_oom_count_rose_died_for_memory(
    jp_fetch, jp_serverapp, memory_events
):
    async with running_kernel(jp_fetch, jp_serverapp) as (kernel_id, manager):
        before = await _kernel_reading(jp_fetch, kernel_id)
        assert before["death"] is None
        # The OOM killer counts its kill, then kills with SIGKILL.
        memory_events.write_text("oom 1\noom_kill 1\n")
        os.kill(manager.provisioner.pid, signal.SIGKILL)
        death = await _death(jp_fetch, kernel_id, "oom")
    assert death["reason"] == "oom"
    assert death["evidence"] == "oom_kill"
    assert death["signal_name"] == "SIGKILL"
    assert death["at"] <= time.time()


async def test_a_kill_without_an_oom_kill_is_a_signal(jp_fetch, jp_serverapp):
    async with running_kernel(jp_fetch, jp_serverapp) as (kernel_id, manager):
        await _kernel_reading(jp_fetch, kernel_id)
        os.kill(manager.provisioner.pid, signal.SIGKILL)
        death = await _death(jp_fetch, kernel_id, "signal")
    assert death["reason"] == "signal"
    assert (death["signal"], death["signal_name"]) == (9, "SIGKILL")


async def test_sigterm_is_named(jp_fetch, jp_serverapp):
    async with running_kernel(jp_fetch, jp_serverapp) as (kernel_id, manager):
        os.kill(manager.provisioner.pid, signal.SIGTERM)
        death = await _death(jp_fetch, kernel_id, "signal")
    assert death["signal_name"] == "SIGTERM"


async def test_an_exit_code_is_told(jp_fetch, jp_serverapp):
    async with running_kernel(jp_fetch, jp_serverapp) as (kernel_id, manager):
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=30)
            client.execute("import os; os._exit(3)")
            death = await _death(jp_fetch, kernel_id, "exit")
        finally:
            client.stop_channels()
        # Still the same kernel, restarted: the server counted that restart too. The death is
        # told before the restart ends (the restarter calls back first), so wait for the count.
        restarts = await _restarts(jp_fetch, kernel_id)
    assert (death["reason"], death["code"]) == ("exit", 3)
    assert restarts >= 1


async def test_a_shut_down_kernel_has_no_death(jp_fetch, jp_serverapp):
    async with running_kernel(jp_fetch, jp_serverapp) as (kernel_id, manager):
        os.kill(manager.provisioner.pid, signal.SIGKILL)
        assert await _death(jp_fetch, kernel_id, "signal")
    assert (await _kernel_reading(jp_fetch, kernel_id)) is None
    assert jp_serverapp.web_app.settings["sane_deaths"].death(kernel_id) is None
