import asyncio
import json
import os
import sys
import threading
import time

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_sane import __version__, handlers

READINGS = {"disk", "storage", "backup", "memory", "gpu", "environment"}


async def test_health_answers_every_reading_for_a_directory(jp_fetch, jp_root_dir):
    (jp_root_dir / "project").mkdir()
    response = await jp_fetch("jupyterlab-sane", "health", params={"path": "project"})

    assert response.code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    payload = json.loads(response.body)
    assert payload["version"] == __version__
    assert payload["path"] == "project"
    assert READINGS <= set(payload)
    assert payload["disk"]["status"] == "ok" and payload["disk"]["free"] > 0
    assert payload["storage"]["latency_ms"] > 0
    assert payload["backup"] == {"status": "ok", "repo": False}
    assert payload["memory"]["server_rss"] > 0


async def test_health_without_a_path_reads_the_server_root(jp_fetch):
    payload = json.loads((await jp_fetch("jupyterlab-sane", "health")).body)
    assert payload["path"] == "" and READINGS <= set(payload)


async def test_a_missing_directory_is_an_error_reading_not_a_failure(jp_fetch):
    payload = json.loads(
        (await jp_fetch("jupyterlab-sane", "health", params={"path": "nowhere"})).body
    )
    assert payload["disk"]["status"] == "error"
    assert "FileNotFoundError" in payload["disk"]["error"]


async def test_health_refuses_a_request_without_a_token(jp_fetch):
    # An empty Authorization header replaces the fixture's token: the request is anonymous.
    with pytest.raises(HTTPClientError) as error:
        await jp_fetch("jupyterlab-sane", "health", headers={"Authorization": ""})

    assert error.value.code == 403


@pytest.mark.parametrize(
    "path, code",
    [("../../etc", 403), ("a/../../b", 403), ("/etc", 400), ("\\\\host\\share", 400)],
)
async def test_paths_outside_the_root_are_refused_before_any_probe(
    jp_fetch, monkeypatch, path, code
):
    touched = []
    monkeypatch.setattr(handlers, "probe_disk", lambda d: touched.append(d))
    with pytest.raises(HTTPClientError) as error:
        await jp_fetch("jupyterlab-sane", "health", params={"path": path})
    assert error.value.code == code
    assert touched == []


async def test_a_hung_probe_leaves_the_server_fast(jp_fetch, monkeypatch):
    release = threading.Event()

    def hang(directory):
        release.wait(30)
        return {"status": "ok", "repo": False}

    monkeypatch.setattr(handlers, "probe_git", hang)
    try:
        start = time.monotonic()
        first = asyncio.ensure_future(jp_fetch("jupyterlab-sane", "health"))
        await asyncio.sleep(0.3)
        # Meanwhile: the server and our endpoint answer at once.
        status = await jp_fetch("api", "status")
        assert status.code == 200
        second = json.loads((await jp_fetch("jupyterlab-sane", "health")).body)
        assert time.monotonic() - start < 1.5
        assert second["backup"]["status"] == "unresponsive"
        payload = json.loads((await first).body)
        assert time.monotonic() - start < 2.5
        assert payload["backup"]["status"] == "unresponsive"
        assert payload["disk"]["status"] == "ok"
    finally:
        release.set()


def test_resolve_directory_stays_inside_the_root():
    assert handlers.resolve_directory("/srv", "a/./b/") == "/srv/a/b"
    assert handlers.resolve_directory("/srv", "") == "/srv"


async def test_the_environment_names_how_the_kernels_python_was_installed(jp_fetch):
    started = json.loads((await jp_fetch("api", "kernels", method="POST", body="{}")).body)
    try:
        payload = json.loads(
            (await jp_fetch("jupyterlab-sane", "health", params={"kernel": started["id"]})).body
        )
    finally:
        await jp_fetch("api", "kernels", started["id"], method="DELETE")
    kernel = payload["environment"]["kernel"]
    # The tests run in a virtual environment: the kernel's Python is that one.
    assert kernel["kind"] in {"venv", "uv", "conda", "system"}
    assert kernel["prefix"] == os.path.dirname(os.path.dirname(sys.executable))
    unknown = json.loads(
        (await jp_fetch("jupyterlab-sane", "health", params={"kernel": "nope"})).body
    )
    assert unknown["environment"]["kernel"] is None
    assert unknown["kernel"] is None


async def test_a_kernels_start_is_its_process_start_and_moves_with_a_restart(jp_fetch):
    before = time.time()
    kernel = json.loads((await jp_fetch("api", "kernels", method="POST", body="{}")).body)

    async def reading():
        reply = json.loads(
            (await jp_fetch("jupyterlab-sane", "health", params={"kernel": kernel["id"]})).body
        )
        ours = [k for k in reply["memory"]["kernels"] if k["id"] == kernel["id"]]
        return reply["time"], ours[0]["started"]

    async def restarts():
        reply = json.loads(
            (await jp_fetch("jupyterlab-sane", "health", params={"kernel": kernel["id"]})).body
        )
        return reply["kernel"]

    try:
        now, started = await reading()
        # The process's start, on the server's clock, which the reply gives too.
        assert before - 1 <= started <= now <= time.time()
        assert await restarts() == {"id": kernel["id"], "restarts": 0, "death": None}
        await jp_fetch("api", "kernels", kernel["id"], "restart", method="POST", body="")
        # A restart replaces the process: the next reading, not a cached one, says so.
        _, restarted = await reading()
        assert restarted > started
        # The server counted it, for every page, even one loaded later.
        assert await restarts() == {"id": kernel["id"], "restarts": 1, "death": None}
    finally:
        await jp_fetch("api", "kernels", kernel["id"], method="DELETE")


async def test_the_reply_keeps_its_keys_in_order(jp_fetch):
    """The probe table builds the reply: the same keys, in the order pages have always read."""
    payload = json.loads((await jp_fetch("jupyterlab-sane", "health")).body)
    assert list(payload) == [
        "version",
        "path",
        "time",
        "kernel",
        "disk",
        "storage",
        "backup",
        "memory",
        "gpu",
        "environment",
        "job",
    ]


def test_every_probe_row_names_a_configurable_time_to_live():
    """A row's `ttl` is the traitlet users set (`c.HealthProbes.disk_ttl`), never a new name."""
    from jupyterlab_sane.health.probe_cache import HealthProbes

    traits = HealthProbes.class_traits(config=True)
    assert [p.name for p in handlers.PROBES if p.reply] == [
        "disk",
        "storage",
        "backup",
        "memory",
        "gpu",
        "environment",
        "job",
    ]
    assert all(p.ttl in traits for p in handlers.PROBES)
    directory = {p.name for p in handlers.PROBES if p.directory}
    assert directory == {"disk", "storage", "backup", "environment"}
