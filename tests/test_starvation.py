"""A blocked probe costs one slot, never everything; the server still stops (finding 3).

FIFOs (an open for reading waits for a writer forever) and probes that never answer, in four
directories, leave a fifth directory's readings healthy; the probe cache stays bounded; a real
`jupyter server` with a FIFO in its root, or a probe hung for good, stops on SIGTERM in 5 s.
"""

import asyncio
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from jupyterlab_sane import handlers
from jupyterlab_sane.health.probe_cache import HealthProbes

DIRECTORY_READINGS = ("disk", "storage", "backup", "environment")


def _release_fifo(path):
    """Unblocks a reader stuck in open() on the FIFO (old code did that): it then reads EOF."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # no reader waiting
        pass


async def _health(jp_fetch, path):
    return json.loads((await jp_fetch("jupyterlab-sane", "health", params={"path": path})).body)


async def test_fifos_named_like_requirements_in_four_directories_block_nothing(
    jp_fetch, jp_root_dir
):
    fifos = []
    for index in range(4):
        directory = jp_root_dir / f"fifo{index}"
        directory.mkdir()
        for name in ("requirements.txt", "requirements-dev.txt"):
            os.mkfifo(directory / name)
            fifos.append(directory / name)
    (jp_root_dir / "healthy").mkdir()
    (jp_root_dir / "healthy" / "requirements.txt").write_text("numpy==1.26.4\n")
    try:
        start = time.monotonic()
        blocked = await asyncio.gather(*(_health(jp_fetch, f"fifo{i}") for i in range(4)))
        healthy = await _health(jp_fetch, "healthy")
        elapsed = time.monotonic() - start
    finally:
        for fifo in fifos:
            _release_fifo(fifo)
    for payload in [*blocked, healthy]:
        assert [payload[name]["status"] for name in DIRECTORY_READINGS] == ["ok"] * 4
    assert [p["environment"]["locked"] for p in blocked] == [False] * 4
    assert healthy["environment"]["file"] == "healthy/requirements.txt"
    assert healthy["environment"]["locked"] is True
    assert elapsed < 3


async def test_probes_that_never_answer_in_four_directories_leave_a_fifth_healthy(
    jp_fetch, jp_root_dir, monkeypatch
):
    release = threading.Event()
    real_disk, real_env = handlers.probe_disk, handlers.probe_environment

    def disk(directory):
        if os.path.basename(directory).startswith("hung"):
            release.wait(60)  # a hung mount: the call never returns
        return real_disk(directory)

    def environment(directory, root, python):
        if os.path.basename(directory).startswith("hung"):
            release.wait(60)
        return real_env(directory, root, python)

    monkeypatch.setattr(handlers, "probe_disk", disk)
    monkeypatch.setattr(handlers, "probe_environment", environment)
    for name in ("hung0", "hung1", "hung2", "hung3", "fifth"):
        (jp_root_dir / name).mkdir()
    try:
        hung = await asyncio.gather(*(_health(jp_fetch, f"hung{i}") for i in range(4)))
        assert [p["disk"]["status"] for p in hung] == ["unresponsive"] * 4
        start = time.monotonic()
        fifth = await _health(jp_fetch, "fifth")
        assert time.monotonic() - start < 1.5
        assert [fifth[name]["status"] for name in DIRECTORY_READINGS] == ["ok"] * 4
        # Asked again, the hung ones do not start a second copy, nor make anyone wait.
        start = time.monotonic()
        again = await _health(jp_fetch, "hung0")
        assert again["disk"] == {"status": "unresponsive", "pending": True}
        assert time.monotonic() - start < 1.5
    finally:
        release.set()


async def test_the_probe_cache_is_bounded_in_entries_and_bytes():
    probes = HealthProbes(cache_entries=10, cache_bytes=10_000)
    try:
        for index in range(100):
            await probes.get(("small", index), 60, lambda i=index: {"status": "ok", "i": i})
        assert len(probes._cache) == 10
        # The most recent stay: the oldest were evicted.
        assert ("small", 99) in probes._cache and ("small", 0) not in probes._cache
        for index in range(20):
            await probes.get(("big", index), 60, lambda: {"status": "ok", "pad": "x" * 3000})
        entries, size = probes.cache_size()
        assert size <= 10_000 and entries <= 3
        # A reading bigger than the whole cache is answered, not kept.
        huge = await probes.get(("huge",), 60, lambda: {"status": "ok", "pad": "x" * 20_000})
        assert huge["status"] == "ok" and ("huge",) not in probes._cache
    finally:
        probes.close()


async def test_probe_threads_are_capped_and_a_full_house_answers_busy_at_once():
    release = threading.Event()
    probes = HealthProbes(workers=2, timeout=0.2)
    try:
        for index in range(2):
            reading = await probes.get(("hung", index), 60, release.wait)
            assert reading["status"] == "unresponsive"
        start = time.monotonic()
        assert await probes.get(("third",), 60, dict) == {"status": "unresponsive", "busy": True}
        assert time.monotonic() - start < 0.1
        release.set()
        for _ in range(200):
            if probes.alive == 0:
                break
            await asyncio.sleep(0.01)
        assert await probes.get(("third",), 60, lambda: {"status": "ok"}) == {"status": "ok"}
    finally:
        release.set()
        probes.close()


# --- a real server, stopped by SIGTERM ----------------------------------------------------

LAUNCHER = """\
import sys, threading
from jupyterlab_sane import handlers

def hung(directory):
    threading.Event().wait()  # a hung mount: never returns

handlers.probe_disk = hung
from jupyter_server.serverapp import main
sys.exit(main())
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port, path, token, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Authorization": f"token {token}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _serve(tmp_path, root, launcher=None):
    port, token = _free_port(), "sigterm-test"
    state = tmp_path / "state"
    env = dict(
        os.environ,
        HOME=str(tmp_path / "home"),
        JUPYTER_CONFIG_DIR=str(state / "config"),
        JUPYTER_DATA_DIR=str(state / "data"),
        JUPYTER_RUNTIME_DIR=str(state / "runtime"),
        IPYTHONDIR=str(state / "ipython"),
    )
    entry = [str(launcher)] if launcher else ["-m", "jupyter_server"]
    command = [
        sys.executable,
        *entry,
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
        '--ServerApp.jpserver_extensions={"jupyterlab_sane": True}',
        "--allow-root",
    ]
    log = open(tmp_path / "server.log", "wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError((tmp_path / "server.log").read_text())
        try:
            if _get(port, "/api/status", token, timeout=2)[0] == 200:
                return process, port, token
        except OSError:
            pass
        time.sleep(0.1)  # polling the condition: the server binds its port in a second or two
    process.kill()
    raise AssertionError("the server did not start")


def _stops_on_sigterm(process, tmp_path):
    start = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(
            "SIGTERM did not stop the server in 5 s\n" + (tmp_path / "server.log").read_text()
        )
    return time.monotonic() - start


def test_a_server_with_a_fifo_in_its_root_stops_on_sigterm(tmp_path):
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    for path in (root / "requirements.txt", root / "sub" / "requirements-dev.txt"):
        os.mkfifo(path)
    process, port, token = _serve(tmp_path, root)
    try:
        for path in ("", "sub", "", "sub"):
            status, body = _get(port, f"/jupyterlab-sane/health?path={path}", token)
            assert status == 200
            assert json.loads(body)["environment"]["status"] == "ok"
        _stops_on_sigterm(process, tmp_path)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_server_with_a_probe_hung_for_good_stops_on_sigterm(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    launcher = tmp_path / "launch.py"
    launcher.write_text(LAUNCHER)
    process, port, token = _serve(tmp_path, root, launcher)
    try:
        status, body = _get(port, "/jupyterlab-sane/health?path=", token)
        assert status == 200 and json.loads(body)["disk"]["status"] == "unresponsive"
        _stops_on_sigterm(process, tmp_path)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
