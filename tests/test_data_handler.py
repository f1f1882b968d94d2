"""`GET /jupyterlab-sane/data`: the reply's shape, the root and who may leave it, hung mounts."""

import asyncio
import json
import os
import threading
import time
import uuid

import pytest
from jupyter_server.auth.authorizer import Authorizer
from tornado.httpclient import HTTPClientError

from jupyterlab_sane.data import handler as data_handler

FIELDS = {
    "path", "exists", "kind", "bytes", "files", "mount", "fstype", "tier", "evidence",
    "read_mb_s", "cached", "load_s", "copies", "second_copy", "purge_in_days", "notes",
    "error", "copy_to", "wiped_at_job_end",
}  # fmt: skip


class ReadOnly(Authorizer):
    """May read our readings, may not run code."""

    def is_authorized(self, handler, user, action, resource):
        return not (action == "execute" and resource == "kernels")


class DenyAll(Authorizer):
    def is_authorized(self, handler, user, action, resource):
        return False


@pytest.fixture
def authorizer():
    return None


@pytest.fixture
def jp_server_config(authorizer):
    app = {"jpserver_extensions": {"jupyterlab_sane": True}}
    if authorizer:
        app["authorizer_class"] = authorizer
    return {"ServerApp": app, "DataProbes": {"read_seconds": 0.5, "timeout": 1.0}}


@pytest.fixture
def shm_file():
    if not os.path.isdir("/dev/shm"):
        pytest.skip("no /dev/shm tmpfs here")
    path = f"/dev/shm/sane-data-{uuid.uuid4().hex[:8]}.csv"
    with open(path, "w") as file:
        file.write("a,b\n1,2\n")
    yield path
    os.unlink(path)


async def _data(jp_fetch, cwd, *paths, **kw):
    # A list of pairs: `path` repeats.
    params = [("cwd", cwd), *(("path", p) for p in paths)]
    response = await jp_fetch("jupyterlab-sane", "data", params=params, **kw)
    return json.loads(response.body)


async def test_paths_relative_to_the_notebook_and_absolute_ones(jp_fetch, jp_root_dir, shm_file):
    (jp_root_dir / "nb" / "data").mkdir(parents=True)
    (jp_root_dir / "nb" / "data" / "train.csv").write_bytes(b"x" * 5000)
    reply = await _data(jp_fetch, "nb", "data/train.csv", shm_file, "missing.csv", "data")
    first, shm, missing, folder = reply["paths"]
    assert set(first) == FIELDS
    assert first["path"] == "data/train.csv"
    assert first == {**first, "exists": True, "kind": "file", "bytes": 5000, "files": 1}
    assert first["read_mb_s"] > 0 and first["load_s"] is not None and first["tier"]
    assert shm["tier"] == "tmpfs" and shm["mount"] == "/dev/shm" and shm["bytes"] == 8
    assert missing == {**missing, "exists": False, "kind": "missing", "error": None}
    assert folder["kind"] == "directory" and folder["files"] == 1
    assert {p["mount"] for p in reply["faster"]} >= {"/dev/shm"}
    for place in reply["faster"]:
        assert set(place) == {"mount", "tier", "free_bytes", "read_mb_s", "wiped_at_job_end"}


async def test_files_on_the_jobs_scratch_are_wiped_at_its_end(
    jp_fetch, jp_root_dir, tmp_path, monkeypatch
):
    scratch = tmp_path / "slurm-4242"
    scratch.mkdir()
    (scratch / "features.npy").write_bytes(b"x" * 100)
    (jp_root_dir / "kept.csv").write_bytes(b"x" * 100)
    monkeypatch.setenv("SLURM_JOB_ID", "4242")
    monkeypatch.setenv("SLURM_TMPDIR", str(scratch))
    monkeypatch.delenv("TMPDIR", raising=False)
    reply = await _data(
        jp_fetch, "", "$SLURM_TMPDIR/features.npy", f"{scratch}/later.pt", "kept.csv"
    )
    features, later, kept = reply["paths"]
    assert features["exists"] and features["wiped_at_job_end"] is True
    # Not written yet: the cell that writes it puts it where the job's end wipes it.
    assert not later["exists"] and later["wiped_at_job_end"] is True
    assert kept["exists"] and kept["wiped_at_job_end"] is False


async def test_a_file_written_after_it_was_missing_is_found(jp_fetch, jp_root_dir, monkeypatch):
    # The demo's cell writes its file after the panel first asked: the absence isn't kept.
    monkeypatch.setattr(data_handler, "MISSING_TTL", 0.0)
    (jp_root_dir / "nb").mkdir()
    before = await _data(jp_fetch, "nb", "later.json")
    assert before["paths"][0]["kind"] == "missing"
    (jp_root_dir / "nb" / "later.json").write_text("[1, 2]")
    after = await _data(jp_fetch, "nb", "later.json")
    assert after["paths"][0] == {**after["paths"][0], "exists": True, "kind": "file", "bytes": 6}


async def test_a_bad_path_is_a_reading_and_a_bad_folder_a_refusal(jp_fetch):
    reply = await _data(jp_fetch, "", "")
    assert reply["paths"][0]["error"] == "not a path: empty or with a NUL character"
    for cwd, code in (("../x", 403), ("/etc", 400)):
        with pytest.raises(HTTPClientError) as error:
            await _data(jp_fetch, cwd, "a.csv")
        assert error.value.code == code


@pytest.mark.parametrize("authorizer", [ReadOnly])
async def test_out_of_the_root_only_for_users_who_may_run_code(jp_fetch, jp_root_dir, shm_file):
    (jp_root_dir / "in.csv").write_text("a\n")
    (jp_root_dir / "link.csv").symlink_to(shm_file)
    reply = await _data(jp_fetch, "", "in.csv")
    assert reply["paths"][0]["bytes"] == 2
    for path in (shm_file, "../outside.csv", "link.csv", "~/x.csv"):
        with pytest.raises(HTTPClientError) as error:
            await _data(jp_fetch, "", "in.csv", path)
        assert error.value.code == 403, path


@pytest.mark.parametrize("authorizer", [DenyAll])
async def test_an_unauthorized_user_gets_403(jp_fetch):
    with pytest.raises(HTTPClientError) as error:
        await _data(jp_fetch, "", "a.csv")
    assert error.value.code == 403


async def test_an_unauthenticated_request_gets_403(jp_fetch):
    with pytest.raises(HTTPClientError) as error:
        await _data(jp_fetch, "", "a.csv", headers={"Authorization": ""})
    assert error.value.code == 403


async def test_a_hung_mount_costs_one_reading(jp_fetch, jp_root_dir, monkeypatch):
    (jp_root_dir / "ok.csv").write_text("a\n")
    release = threading.Event()
    real_probe = data_handler.probe_path

    def probe(path, *args):
        if path.endswith("hung.csv"):
            release.wait(30)
        return real_probe(path, *args)

    monkeypatch.setattr(data_handler, "probe_path", probe)
    try:
        start = time.monotonic()
        pending = asyncio.ensure_future(_data(jp_fetch, "", "hung.csv", "ok.csv"))
        await asyncio.sleep(0.2)
        assert (await jp_fetch("api", "status")).code == 200
        hung, ok = (await pending)["paths"]
        assert time.monotonic() - start < 3
        assert hung["error"] == "the storage did not answer within 1.0 s (a hung mount?)"
        assert ok["bytes"] == 2
    finally:
        release.set()


async def test_caps_and_the_policy_file_from_the_settings(jp_fetch, jp_root_dir, tmp_path):
    (jp_root_dir / "big.bin").write_bytes(b"\0" * 3_000_000)
    policy = tmp_path / "policy.toml"
    policy.write_text(f'[[storage]]\nprefix = "{jp_root_dir}"\npurge_after_days = 45\n')
    params = [("cwd", ""), ("path", "big.bin"), ("max_bytes", "1000")]
    reply = json.loads(
        (await jp_fetch("jupyterlab-sane", "data", params=[*params, ("policy", str(policy))])).body
    )
    assert reply["policy_error"] is None
    assert reply["paths"][0]["purge_in_days"] == 45
    for bad in ("x", "-1", "0"):
        with pytest.raises(HTTPClientError) as error:
            await jp_fetch("jupyterlab-sane", "data", params=[("max_seconds", bad)])
        assert error.value.code == 400
    policy = tmp_path / "broken.toml"  # (a policy's reading is reused for a minute)
    policy.write_text("[[storage]\n")
    reply = json.loads(
        (
            await jp_fetch(
                "jupyterlab-sane",
                "data",
                params=[*params[:2], ("policy", str(policy)), ("max_bytes", "999")],
            )
        ).body
    )
    assert reply["policy_error"].startswith("storage policy: not valid TOML")
