"""The health probes, in plain Python on real temporary directories: no server."""

import asyncio
import os
import subprocess
import sys
import threading
import time

import pytest

from jupyterlab_sane.health import disk, environment, git, gpu, memory, restarts, storage
from jupyterlab_sane.health.probe_cache import HealthProbes

MOUNTINFO = """\
22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
40 22 0:45 / /home/data rw,relatime shared:20 - nfs4 fileserver:/export/data rw,vers=4.2
41 22 0:46 / /mnt/share rw,relatime shared:21 - cifs //nas/share rw
42 22 0:47 / /mnt/ssh rw,relatime shared:22 - fuse.sshfs me@host:/srv rw
43 22 0:48 / /mnt/with\\040space rw,relatime shared:23 - 9p hostshare rw
44 22 0:49 / /mnt/gluster rw,relatime shared:24 - fuse.glusterfs gl1:/vol rw
45 22 0:50 / /tmp rw,relatime shared:25 - tmpfs tmpfs rw
"""


def test_disk_reports_free_and_total(tmp_path):
    reading = disk.probe_disk(str(tmp_path))
    assert reading["status"] == "ok"
    assert 0 < reading["free"] <= reading["total"]
    assert 0 <= reading["used_fraction"] <= 1


def test_mountinfo_is_parsed_and_remote_kinds_are_told_apart():
    mounts = {m["mount_point"]: m for m in storage.parse_mountinfo(MOUNTINFO)}
    assert mounts["/mnt/with space"]["fstype"] == "9p"
    remote = {point: storage.is_remote(m["fstype"], m["source"]) for point, m in mounts.items()}
    assert remote == {
        "/": False,
        "/home/data": True,
        "/mnt/share": True,
        "/mnt/ssh": True,
        "/mnt/with space": True,
        "/mnt/gluster": True,
        "/tmp": False,
    }
    assert storage.is_remote("ext4", "server:/export")
    assert not storage.is_remote("ext4", "/dev/sda1")
    assert not storage.is_remote("overlay", "overlay")


def test_storage_of_a_real_directory_measures_a_write_and_leaves_nothing_else(tmp_path):
    # A file named like a probe's that this probe did not create is never deleted.
    leftover = tmp_path / (storage.PROBE_PREFIX + "123-deadbeef")
    leftover.write_bytes(b"old")
    reading = storage.probe_storage(str(tmp_path), root=str(tmp_path))
    assert reading["status"] == "ok"
    assert reading["fstype"] and reading["mount_point"]
    assert reading["remote"] is False
    assert reading["writable"] is True
    assert reading["latency_ms"] > 0
    assert list(tmp_path.iterdir()) == [leftover]
    assert leftover.read_bytes() == b"old"


def test_storage_on_a_read_only_filesystem_reports_no_latency():
    # /proc takes no new files, even from root: a read-only directory on any machine.
    reading = storage.probe_storage("/proc")
    assert reading["status"] == "ok"
    assert reading["fstype"] == "proc"
    assert reading["latency_ms"] is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file modes")
def test_storage_in_a_read_only_directory_is_not_writable(tmp_path):
    tmp_path.chmod(0o555)
    try:
        reading = storage.probe_storage(str(tmp_path))
    finally:
        tmp_path.chmod(0o755)
    assert (reading["writable"], reading["latency_ms"]) == (False, None)


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q", "-b", "main")
    _git(work, "config", "user.email", "t@example.invalid")
    _git(work, "config", "user.name", "T")
    (work / "a.txt").write_text("one\n")
    _git(work, "add", "a.txt")
    _git(work, "commit", "-q", "-m", "first")
    return work


def test_git_counts_changes_untracked_and_the_last_commit(repo):
    (repo / "a.txt").write_text("two\n")
    (repo / "new.ipynb").write_text("{}")
    reading = git.probe_git(str(repo), now=time.time() + 100)
    assert reading["repo"] is True
    assert reading["branch"] == "main"
    assert (reading["changed"], reading["untracked"]) == (1, 1)
    assert reading["upstream"] is None
    assert 99 <= reading["last_commit_age_s"] <= 200


def test_git_ahead_and_behind_its_upstream(repo, tmp_path):
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", str(repo), str(clone))
    _git(clone, "config", "user.email", "t@example.invalid")
    _git(clone, "config", "user.name", "T")
    (clone / "b.txt").write_text("b\n")
    _git(clone, "add", "b.txt")
    _git(clone, "commit", "-q", "-m", "local")
    reading = git.probe_git(str(clone))
    assert reading["upstream"] == "origin/main"
    assert (reading["ahead"], reading["behind"]) == (1, 0)
    assert (reading["changed"], reading["untracked"]) == (0, 0)


def test_a_directory_outside_git_is_not_a_repo(tmp_path):
    assert git.probe_git(str(tmp_path)) == {"status": "ok", "repo": False}


def test_memory_limits_from_env_and_cgroups(tmp_path):
    assert memory.memory_limit({"MEM_LIMIT": "1024"}) == (1024, "MEM_LIMIT")
    (tmp_path / "proc_cgroup").write_text("0::/user.slice/job\n")
    job = tmp_path / "cg" / "user.slice" / "job"
    job.mkdir(parents=True)
    (job / "memory.max").write_text("2147483648\n")
    args = {"environ": {}, "cgroup_root": str(tmp_path / "cg")}
    args["proc_cgroup"] = str(tmp_path / "proc_cgroup")
    assert memory.memory_limit(**args) == (2147483648, "cgroup v2")
    (job / "memory.max").write_text("max\n")
    v1 = tmp_path / "cg" / "memory"
    v1.mkdir()
    (v1 / "memory.limit_in_bytes").write_text("1073741824\n")
    assert memory.memory_limit(**args) == (1073741824, "cgroup v1")
    (v1 / "memory.limit_in_bytes").write_text(str(1 << 62))
    assert memory.memory_limit(**args) == (None, None)


def test_memory_reads_the_server_and_kernel_sizes():
    reading = memory.probe_memory({"k1": ("python3", os.getpid()), "k2": ("gone", None)})
    assert reading["server_rss"] > 1_000_000
    assert reading["kernels"][0]["rss"] > 1_000_000
    assert reading["kernels"][1] == {
        "id": "k2",
        "name": "gone",
        "rss": None,
        "started": None,
        "source": None,
        "remote": True,
    }
    assert 0 <= time.time() - reading["kernels"][0]["started"] < 3600
    assert reading["host_total"] > reading["server_rss"]


def test_a_process_start_is_read_past_a_name_with_spaces_and_parentheses(tmp_path):
    (tmp_path / "42").mkdir()
    ticks = os.sysconf("SC_CLK_TCK")
    # stat: pid (comm) state, then fields 4 on; field 22 is the start in ticks since boot.
    rest = " ".join(["0"] * 18 + [str(30 * ticks)] + ["0"] * 10)
    (tmp_path / "42" / "stat").write_text(f"42 (a) b (c)) S {rest}\n")
    (tmp_path / "stat").write_text("cpu  1 2 3\nbtime 1700000000\nprocesses 9\n")
    assert memory.started_at(42, proc=str(tmp_path)) == 1700000030
    assert memory.started_at(43, proc=str(tmp_path)) is None
    (tmp_path / "stat").write_text("cpu  1 2 3\n")
    assert memory.started_at(42, proc=str(tmp_path)) is None


def test_gpu_from_nvidia_smi_output_and_without_any():
    text = "0, NVIDIA A100-SXM4-40GB, 1024, 40960\n1, Tesla T4, 0, 15360\n"
    gpus = gpu.parse_smi(text)
    assert [(g["index"], g["name"]) for g in gpus] == [
        (0, "NVIDIA A100-SXM4-40GB"),
        (1, "Tesla T4"),
    ]
    assert gpus[0]["total"] == 40960 * 1024 * 1024
    reading = gpu.probe_gpu()
    assert reading["status"] == "ok" and isinstance(reading["gpus"], list)


def test_environment_lock_files_up_to_the_root(tmp_path):
    project = tmp_path / "project"
    notebooks = project / "notebooks"
    notebooks.mkdir(parents=True)
    probe = environment.probe_environment
    assert probe(str(notebooks), str(tmp_path))["manager"] is None
    (project / "pyproject.toml").write_text("[project]\nname='x'\n")
    assert probe(str(notebooks), str(tmp_path)) == {
        "status": "ok",
        "manager": "pyproject",
        "file": "project/pyproject.toml",
        "locked": False,
        "kernel": None,
    }
    (project / "uv.lock").write_text("version = 1\n")
    assert probe(str(notebooks), str(tmp_path))["file"] == "project/uv.lock"
    assert probe(str(notebooks), str(tmp_path))["locked"] is True


def test_requirements_count_as_a_lock_only_when_pinned(tmp_path):
    (tmp_path / "requirements.txt").write_text("numpy>=1.20\npandas==2.2.0\n")
    assert environment.probe_environment(str(tmp_path), str(tmp_path))["locked"] is False
    (tmp_path / "requirements.txt").write_text("# pinned\nnumpy==1.26.4\npandas==2.2.0  # ok\n")
    reading = environment.probe_environment(str(tmp_path), str(tmp_path))
    assert (reading["manager"], reading["locked"]) == ("pip", True)


async def test_a_hung_probe_times_out_and_is_not_run_twice():
    release = threading.Event()
    calls = []

    def hang():
        calls.append(1)
        release.wait(10)
        return {"status": "ok", "value": 1}

    probes = HealthProbes(timeout=0.3)
    try:
        start = time.monotonic()
        first = await probes.get(("x",), 60, hang)
        assert first["status"] == "unresponsive"
        assert time.monotonic() - start < 1.5
        start = time.monotonic()
        second = await probes.get(("x",), 60, hang)
        assert second == {"status": "unresponsive", "pending": True}
        assert time.monotonic() - start < 0.1
        release.set()
        for _ in range(100):
            await asyncio.sleep(0.02)
            if ("x",) in probes._cache:
                break
        assert await probes.get(("x",), 60, hang) == {"status": "ok", "value": 1}
        assert len(calls) == 1
    finally:
        release.set()
        probes.close()


async def test_a_failing_probe_is_a_reading_not_an_exception():
    probes = HealthProbes()

    def broken():
        raise PermissionError("no access")

    try:
        reading = await probes.get(("y",), 0, broken)
    finally:
        probes.close()
    assert reading == {"status": "error", "error": "PermissionError: no access"}


def test_how_the_kernels_interpreter_was_installed(tmp_path):
    def prefix(name, files):
        root = tmp_path / name
        (root / "bin").mkdir(parents=True)
        for path, text in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        return str(root / "bin" / "python")

    kind = lambda python: environment.kernel_environment(python)["kind"]  # noqa: E731
    assert kind(prefix("conda", {"conda-meta/history": ""})) == "conda"
    assert kind(prefix("uvenv", {"pyvenv.cfg": "home = /usr/bin\nuv = 0.5.1\n"})) == "uv"
    assert kind(prefix("plain", {"pyvenv.cfg": "home = /usr/bin\n"})) == "venv"
    assert kind(prefix("system", {})) == "system"
    assert environment.kernel_environment(None) is None
    assert environment.interpreter_of("python") == sys.executable
    assert environment.interpreter_of("/opt/py/bin/python3") == "/opt/py/bin/python3"


def test_restarts_are_counted_per_kernel_from_the_servers_events():
    counter = restarts.RestartCounter()

    def event(action, kernel_id="k1", status="success"):
        counter.record({"action": action, "kernel_id": kernel_id, "status": status})

    event("start")
    event("restart")
    event("restart")
    event("restart", status="error")
    event("restart", kernel_id="k2")
    event("interrupt")
    counter.record({"action": "restart", "status": "success"})  # no kernel id
    assert (counter.count("k1"), counter.count("k2"), counter.count("k3")) == (2, 1, 0)
    event("shutdown")
    assert counter.count("k1") == 0 and counter.count("k2") == 1


async def test_a_bad_event_never_raises_into_the_servers_kernel_actions():
    counter = restarts.RestartCounter()
    # jupyter_events calls listeners with these keywords.
    await counter._on_event(logger=None, schema_id=restarts.KERNEL_ACTIONS, data=None)
    await counter._on_event(
        logger=None,
        schema_id=restarts.KERNEL_ACTIONS,
        data={"action": "restart", "kernel_id": "k", "status": "success"},
    )
    assert counter.count("k") == 1
