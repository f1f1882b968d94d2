"""Paths never leave the root, links included; the latency file is the probe's own (findings 2, 6).

Symlinks inside the root that point elsewhere are refused like `..`; errors name paths relative
to the root; the storage probe writes and removes only its own file, only inside the root, and
that file never shows as untracked in the backup reading.
"""

import json
import os
import subprocess

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_sane import handlers
from jupyterlab_sane.health import git, storage


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _clean_repo(path, branch="main"):
    path.mkdir(parents=True)
    _git(path, "init", "-q", "-b", branch)
    _git(path, "config", "user.email", "t@example.invalid")
    _git(path, "config", "user.name", "T")
    (path / "nb.ipynb").write_text("{}")
    _git(path, "add", "nb.ipynb")
    _git(path, "commit", "-q", "-m", "first")
    return path


def _snapshot(path):
    return sorted((str(p.relative_to(path)), p.stat().st_mtime_ns) for p in path.rglob("*"))


@pytest.fixture
def outside(tmp_path):
    """A repository outside the server's root, with a file named like a probe's leftover."""
    place = _clean_repo(tmp_path / "outside", branch="secret-branch")
    (place / (storage.PROBE_PREFIX + "1-cafe")).write_text("not the probe's")
    return place


@pytest.mark.parametrize("path", ["link", "link/", "inner/link", "link/deeper"])
async def test_a_symlink_out_of_the_root_is_refused_like_dotdot(
    jp_fetch, jp_root_dir, outside, path
):
    (outside / "deeper").mkdir()
    (jp_root_dir / "inner").mkdir()
    os.symlink(outside, jp_root_dir / "link")
    os.symlink(outside, jp_root_dir / "inner" / "link")
    before = _snapshot(outside)

    with pytest.raises(HTTPClientError) as error:
        await jp_fetch("jupyterlab-sane", "health", params={"path": path})

    assert error.value.code == 403
    assert b"secret-branch" not in (error.value.response.body or b"")
    # Nothing written there, nothing deleted there.
    assert _snapshot(outside) == before


async def test_a_symlink_that_stays_inside_the_root_is_read(jp_fetch, jp_root_dir):
    _clean_repo(jp_root_dir / "real")
    os.symlink(jp_root_dir / "real", jp_root_dir / "alias")
    payload = json.loads(
        (await jp_fetch("jupyterlab-sane", "health", params={"path": "alias"})).body
    )
    assert payload["backup"]["branch"] == "main"
    assert payload["storage"]["latency_ms"] > 0


async def test_errors_name_paths_relative_to_the_root(jp_fetch, jp_root_dir):
    (jp_root_dir / "file.txt").write_text("x")
    for path, kind in (("nowhere/deep", "FileNotFoundError"), ("file.txt", "NotADirectoryError")):
        response = await jp_fetch("jupyterlab-sane", "health", params={"path": path})
        body = response.body.decode()
        assert str(jp_root_dir) not in body
        assert os.path.realpath(jp_root_dir) not in body
        payload = json.loads(body)
        for name in ("disk", "storage", "backup", "environment"):
            assert payload[name]["status"] == "error"
            assert payload[name]["error"].startswith(kind)
            assert payload[name]["error"].endswith(path)


def test_confine_resolves_links_before_judging(tmp_path):
    from jupyterlab_sane.health.paths import confine

    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    os.symlink(tmp_path, root / "up")
    os.symlink("../..", root / "a" / "dots")
    real = os.path.realpath(root)
    assert confine(real, str(root / "a")) == {"status": "ok", "real": str(root / "a")}
    assert confine(real, str(root / "up"))["status"] == "outside"
    assert confine(real, str(root / "a" / "dots"))["status"] == "outside"
    assert confine(real, str(root / "up" / "root" / "a"))["status"] == "ok"


def test_the_latency_file_is_never_written_outside_the_root(tmp_path, outside):
    root = tmp_path / "root"
    root.mkdir()
    before = _snapshot(outside)
    reading = storage.probe_storage(str(outside), root=os.path.realpath(root))
    assert reading["latency_ms"] is None
    assert _snapshot(outside) == before


def test_the_probe_never_removes_a_file_it_did_not_create(tmp_path, monkeypatch):
    # Someone replaces the probe's file between its write and its removal: theirs stays.
    real_fsync = os.fsync

    def swap(fd):
        real_fsync(fd)
        (name,) = [p for p in tmp_path.iterdir() if p.name.startswith(storage.PROBE_PREFIX)]
        name.unlink()
        name.write_text("someone else's")

    monkeypatch.setattr(storage.os, "fsync", swap)
    storage.write_latency_ms(str(tmp_path), os.path.realpath(tmp_path))
    [left] = list(tmp_path.iterdir())
    assert left.read_text() == "someone else's"


def test_a_probe_file_present_during_the_git_reading_is_not_untracked(tmp_path, monkeypatch):
    repo = _clean_repo(tmp_path / "repo")
    (repo / "sub").mkdir()
    (repo / "sub" / "x.txt").write_text("x")
    _git(repo, "add", "sub")
    _git(repo, "commit", "-q", "-m", "sub")
    readings = []
    real_fsync = os.fsync

    def read_git_mid_write(fd):
        # The git probe runs while the storage probe's file exists, as it does concurrently.
        real_fsync(fd)
        readings.append(git.probe_git(str(repo)))
        readings.append(git.probe_git(str(repo / "sub")))

    monkeypatch.setattr(storage.os, "fsync", read_git_mid_write)
    storage.write_latency_ms(str(repo), os.path.realpath(repo))
    storage.write_latency_ms(str(repo / "sub"), os.path.realpath(repo))
    assert [r["untracked"] for r in readings] == [0, 0, 0, 0]


async def test_thirty_fresh_clean_repositories_read_untracked_0(jp_fetch, jp_root_dir):
    for index in range(30):
        _clean_repo(jp_root_dir / f"repo{index}")
    for index in range(30):
        response = await jp_fetch("jupyterlab-sane", "health", params={"path": f"repo{index}"})
        backup = json.loads(response.body)["backup"]
        assert (backup["repo"], backup["changed"], backup["untracked"]) == (True, 0, 0), index


def test_files_are_read_only_when_regular_and_small(tmp_path):
    from jupyterlab_sane.health.paths import read_regular

    (tmp_path / "ok.txt").write_text("numpy==1\n")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "big.txt").write_bytes(b"x" * 2048)
    assert read_regular(str(tmp_path / "ok.txt")) == "numpy==1\n"
    assert read_regular(str(tmp_path / "fifo.txt")) is None
    assert read_regular(str(tmp_path / "big.txt"), limit=1024) is None
    assert read_regular("/dev/zero") is None
    os.symlink("/etc/hostname", tmp_path / "out.txt")
    assert read_regular(str(tmp_path / "out.txt"), root=os.path.realpath(tmp_path)) is None


def test_resolve_directory_is_unchanged_for_plain_paths():
    assert handlers.resolve_directory("/srv", "a/./b/") == "/srv/a/b"
