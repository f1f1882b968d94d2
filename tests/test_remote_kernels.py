"""Kernels whose process the server can't see: memory from what the kernel itself reports."""

import asyncio
import json
import os
import sys
import time
from importlib.metadata import EntryPoint

import pytest
from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.provisioning.factory import KernelProvisionerFactory
from tornado.httpclient import HTTPClientError

from jupyterlab_sane.health import kernel_usage, memory

PROVISIONER = "sane-test-elsewhere"


class ElsewhereProvisioner(LocalProvisioner):
    """Runs the kernel here, but passes for a provisioner that runs it on another host.

    Such a provisioner reports the kernel's pid there, which here names some other process
    (this test's parent process: one the server did not start) or none.
    """

    @property
    def pid(self):
        return os.getppid()

    @pid.setter
    def pid(self, value):
        self._real_pid = value


@pytest.fixture
def jp_server_config():
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_sane": True}},
        # The silent kernel never answers a shutdown request: don't wait long for it.
        "ServerKernelManager": {"shutdown_wait_time": 0.5},
    }


def _kernelspec(data_dir, name, argv):
    spec = data_dir / "kernels" / name
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": argv,
                "display_name": name,
                "language": "python",
                "metadata": {"kernel_provisioner": {"provisioner_name": PROVISIONER}},
            }
        )
    )


@pytest.fixture
def elsewhere(monkeypatch, jp_data_dir):
    """Kernelspecs `elsewhere` (ipykernel) and `silent` (never answers), both 'remote'.

    jupyter_client finds provisioners by entry point and caches them in the factory's
    `provisioners`: an entry there registers ours for this test alone, nothing installed.
    """
    entry = EntryPoint(
        PROVISIONER, f"{__name__}:ElsewhereProvisioner", KernelProvisionerFactory.GROUP_NAME
    )
    monkeypatch.setitem(KernelProvisionerFactory.provisioners, PROVISIONER, entry)
    launcher = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    _kernelspec(jp_data_dir, "elsewhere", launcher)
    silent = [sys.executable, "-c", "import time; time.sleep(600)", "{connection_file}"]
    _kernelspec(jp_data_dir, "silent", silent)


async def _start(jp_fetch, name=None):
    body = json.dumps({"name": name} if name else {})
    return json.loads((await jp_fetch("api", "kernels", method="POST", body=body)).body)["id"]


async def _entry(jp_fetch, kernel_id):
    reply = json.loads(
        (await jp_fetch("jupyterlab-sane", "health", params={"kernel": kernel_id})).body
    )
    return next(k for k in reply["memory"]["kernels"] if k["id"] == kernel_id)


async def _until(jp_fetch, kernel_id, done, seconds=60):
    deadline = time.monotonic() + seconds
    entry = await _entry(jp_fetch, kernel_id)
    while not done(entry) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        entry = await _entry(jp_fetch, kernel_id)
    return entry


async def test_a_remote_kernels_memory_is_what_it_reports(jp_fetch, elsewhere):
    remote = await _start(jp_fetch, "elsewhere")
    local = await _start(jp_fetch)
    try:
        entry = await _until(jp_fetch, remote, lambda e: e["rss"] is not None)
        assert entry["source"] == "kernel" and entry["remote"] is True
        assert entry["rss"] > 1_000_000  # a Python kernel holds megabytes
        assert entry["host_total"] > entry["rss"]
        # The process the provisioner names is not the kernel's: nothing read from it.
        assert entry["started"] is None

        ours = await _until(jp_fetch, local, lambda e: e["rss"] is not None)
        assert ours["source"] == "process" and ours["remote"] is False
        assert ours["started"] is not None
    finally:
        await jp_fetch("api", "kernels", remote, method="DELETE")
        await jp_fetch("api", "kernels", local, method="DELETE")


async def test_a_kernel_that_never_answers_is_unknown_and_the_endpoint_stays_fast(
    jp_fetch, jp_serverapp, elsewhere
):
    usage = jp_serverapp.web_app.settings["sane_kernel_usage"]
    # The kernel has long to answer; a request waits a fraction of it, never the whole.
    usage.timeout, usage.wait = 20.0, 0.2
    silent = await _start(jp_fetch, "silent")
    try:
        start = time.monotonic()
        first = await _entry(jp_fetch, silent)
        second = await _entry(jp_fetch, silent)
        elapsed = time.monotonic() - start
        assert elapsed < 5  # two requests, far under the kernel's 20 s to answer
        for entry in (first, second):
            assert entry["rss"] is None and entry["remote"] is True
            assert entry["source"] is None and entry["started"] is None
        # One question in flight for the kernel, however many requests came meanwhile.
        assert list(usage._running) == [silent]
    finally:
        usage.close()
        await jp_fetch("api", "kernels", silent, method="DELETE")


async def test_remote_readings_need_a_token_too(jp_fetch, elsewhere):
    remote = await _start(jp_fetch, "elsewhere")
    try:
        with pytest.raises(HTTPClientError) as error:
            await jp_fetch(
                "jupyterlab-sane",
                "health",
                params={"kernel": remote},
                headers={"Authorization": ""},
            )
        assert error.value.code == 403
    finally:
        await jp_fetch("api", "kernels", remote, method="DELETE")


def test_a_provisioners_pid_counts_only_for_a_process_the_server_started(tmp_path):
    proc = tmp_path / "proc"
    for pid, parent in {100: 1, 200: 100, 300: 200, 400: 1}.items():
        (proc / str(pid)).mkdir(parents=True)
        (proc / str(pid) / "stat").write_text(f"{pid} (a) b) S {parent} 0 0\n")
        (proc / str(pid) / "status").write_text("Name: a\nVmRSS:  2048 kB\n")

    assert memory.descends_from(300, 100, proc)
    assert not memory.descends_from(400, 100, proc)
    assert not memory.descends_from(999, 100, proc)  # no such process here
    child = memory.kernel_entry("k", "python3", 300, 100, proc)
    assert child["rss"] == 2048 * 1024 and child["source"] == "process"
    assert child["remote"] is False
    elsewhere = memory.kernel_entry("k", "python3", 400, 100, proc)
    assert elsewhere["rss"] is None and elsewhere["source"] is None
    assert elsewhere["remote"] is True
    assert memory.kernel_entry("k", "python3", None, 100, proc)["remote"] is True


class _GatewayKernel:
    """What a gateway's kernel looks like here: no provisioner of the server's own."""

    provisioner = None

    def connect_control(self):
        raise AssertionError("a gateway's kernel is not asked over zmq")


async def test_a_gateways_kernel_says_remote_and_is_not_asked():
    reading = {"status": "ok", "kernels": [memory.kernel_entry("k", "python3", None, 1)]}
    usage = kernel_usage.KernelUsage(ttl=2, timeout=1)

    out = await kernel_usage.with_kernel_usage(reading, "k", usage, _GatewayKernel())

    assert out["kernels"][0]["remote"] is True and out["kernels"][0]["rss"] is None


def test_a_usage_reply_without_psutil_has_no_memory():
    # ipykernel without psutil answers with its host and pid only.
    said = kernel_usage.usage_reading({"hostname": "h", "pid": 7, "cpu_count": 2})
    assert said["rss"] is None and said["answered"] is True
    full = kernel_usage.usage_reading(
        {"hostname": "h", "kernel_memory": 5e8, "host_virtual_memory": {"total": 8e9}}
    )
    assert full == {"rss": 500_000_000, "host": "h", "host_total": 8e9, "answered": True}
