"""The data probe in plain Python, on real files: a tmpfs (/dev/shm) beside the disk is two
real tiers; real git repositories with a local bare remote; recorded cluster mount tables."""

import os
import shutil
import socket
import subprocess
import uuid

import pytest

from jupyterlab_sane.data import copies, measure, mounts, places, policy
from jupyterlab_sane.data.probe import advise, probe_path

SHM = "/dev/shm"
needs_shm = pytest.mark.skipif(not os.path.isdir(SHM), reason="no /dev/shm tmpfs here")

# /proc/mounts lines as cluster documentation and support tickets show them.
CLUSTER_MOUNTS = r"""
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/A,upperdir=/d/diff 0 0
tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0
/dev/nvme1n1 /lscratch xfs rw,noatime,attr2,inode64 0 0
nfs-home.stanford.edu:/export/home /home nfs4 rw,relatime,vers=4.1,hard,proto=tcp 0 0
10.0.10.51@o2ib:10.0.10.52@o2ib:/scratch /scratch lustre rw,flock,lazystatfs 0 0
gpfs1 /gpfs/projects gpfs rw,relatime 0 0
beegfs_nodev /mnt/beegfs beegfs rw,relatime,cfgFile=/etc/beegfs/beegfs-client.conf 0 0
10.4.0.1:6789,10.4.0.2:6789:/volumes/lab /mnt/cephfs ceph rw,relatime,name=lab,acl 0 0
//fileserver.example.org/labshare /mnt/lab\040share cifs rw,vers=3.0,sec=ntlmssp 0 0
"""


def test_cluster_mount_tables_are_classified_into_tiers():
    table = mounts.parse_proc_mounts(CLUSTER_MOUNTS)
    tiers = {m["mount_point"]: mounts.classify(m["fstype"], m["source"])[0] for m in table}
    assert tiers == {
        "/": "local",  # the later overlay hides the ext4; a container layer on the host's disk
        "/dev/shm": "tmpfs",
        "/lscratch": "local",
        "/home": "network",
        "/scratch": "parallel",
        "/gpfs/projects": "parallel",
        "/mnt/beegfs": "parallel",
        "/mnt/cephfs": "parallel",
        "/mnt/lab share": "network",
    }
    assert "lustre" in mounts.classify("lustre", "10.0.10.51@o2ib:/scratch")[1]
    assert mounts.mount_for("/scratch/u/train.csv", table)["fstype"] == "lustre"
    assert mounts.mount_for("/srv/x", table)["fstype"] == "overlay"
    assert mounts.classify("weirdfs", "x")[0] == "unknown"


def _file(folder, name="data.bin", size=3 * 1024 * 1024):
    path = os.path.join(folder, name)
    with open(path, "wb") as file:
        file.write(os.urandom(size))
    return path


@needs_shm
def test_a_file_on_tmpfs_and_one_on_disk_read_as_two_tiers(tmp_path):
    shm = os.path.join(SHM, f"sane-test-{uuid.uuid4().hex[:8]}")
    os.mkdir(shm)
    try:
        table = mounts.read_mounts()
        disk = probe_path(_file(str(tmp_path)), str(tmp_path), False, table, [])
        memory = probe_path(_file(shm), "/", True, table, [])
    finally:
        shutil.rmtree(shm)
    assert memory["tier"] == "tmpfs" and memory["mount"] == SHM
    assert disk["tier"] in ("local", "network", "parallel") and disk["tier"] != "tmpfs"
    for reading in (disk, memory):
        assert reading["kind"] == "file" and reading["exists"]
        assert reading["bytes"] == reading["files"] * 3 * 1024 * 1024
        assert reading["read_mb_s"] > 0
        assert reading["load_s"] == pytest.approx(
            reading["bytes"] / reading["read_mb_s"] / 1e6, rel=0.05, abs=0.01
        )
        assert reading["error"] is None
        assert reading["second_copy"] is False and reading["copies"] == []


def test_reading_is_capped_in_bytes_and_cached_pages_are_told_apart(tmp_path):
    path = _file(str(tmp_path), size=4 * 1024 * 1024)
    before = os.stat(path)
    speed = measure.read_speed(path, 1024 * 1024, 5)
    assert speed["read_bytes"] == 1024 * 1024
    # Just written: its pages are in memory, and the probe says so.
    assert speed["cached"] in (True, None)
    after = os.stat(path)
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)


def test_a_folder_is_walked_with_a_cap(tmp_path):
    for k in range(120):
        (tmp_path / f"f{k}.txt").write_text("x" * k)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "big.bin").write_bytes(b"\0" * 5000)
    reading = probe_path(str(tmp_path), str(tmp_path), False, [], [])
    assert reading["kind"] == "directory"
    assert reading["files"] == 121 and reading["bytes"] == sum(range(120)) + 5000
    assert reading["read_mb_s"] > 0  # measured on the largest file
    capped = probe_path(str(tmp_path), str(tmp_path), False, [], [], {"walk_entries": 50})
    assert capped["files"] <= 50
    assert "more than 50 entries" in capped["notes"][0]


def test_bad_inputs_are_each_a_clear_reading_and_nothing_blocks(tmp_path):
    root = str(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    loop_a, loop_b = tmp_path / "loop_a", tmp_path / "loop_b"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    (tmp_path / "dangling").symlink_to(tmp_path / "gone.csv")
    newline = tmp_path / "two\nlines.csv"
    newline.write_text("a,b\n1,2\n")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    try:
        read = {
            name: probe_path(str(tmp_path / name), root, False, [], [])
            for name in ("pipe", "loop_a", "dangling", "sock", "missing.csv")
        }
    finally:
        sock.close()
    assert read["pipe"]["kind"] == "other" and read["pipe"]["error"] == "a FIFO: not read"
    assert read["sock"]["error"] == "a socket: not read"
    assert "symlink loop" in read["loop_a"]["error"]
    assert read["dangling"]["error"] == "a link to a missing file"
    assert read["missing.csv"] == {**read["missing.csv"], "exists": False, "kind": "missing"}
    text = probe_path(str(newline), root, False, [], [])
    assert text["kind"] == "file" and text["bytes"] == 8
    command = places.copy_command(str(newline), "/dev/shm")
    assert command == f"rsync -a '{newline}' /dev/shm/"
    # System trees are never read, a link into them neither.
    (tmp_path / "to_proc").symlink_to("/proc/self/environ")
    for path in ("/proc/self/environ", "/sys/kernel", "/dev/zero", str(tmp_path / "to_proc")):
        reading = probe_path(path, "/", True, [], [])
        assert reading["error"].startswith("not probed: a system folder"), path


def test_out_of_the_root_nothing_is_read_without_leave(tmp_path):
    inner = tmp_path / "root"
    inner.mkdir()
    outside = _file(str(tmp_path), "secret.bin", 10)
    (inner / "link.bin").symlink_to(outside)
    assert probe_path(outside, str(inner), False, [], []) == {"status": "outside"}
    assert probe_path(str(inner / "link.bin"), str(inner), False, [], []) == {"status": "outside"}
    assert probe_path(outside, str(inner), True, [], [])["bytes"] == 10


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_says_so(tmp_path):
    path = _file(str(tmp_path), size=10)
    os.chmod(path, 0)
    reading = probe_path(path, str(tmp_path), False, [], [])
    assert reading["error"] == "not readable: permission denied"


def _git(cwd, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path):
    """A clone of a local bare remote, one file pushed."""
    subprocess.run(
        ["git", "init", "-q", "--bare", "-b", "main", str(tmp_path / "remote.git")], check=True
    )
    _git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), "work")
    work = tmp_path / "work"
    _git(work, "checkout", "-q", "-b", "main")
    (work / "pushed.csv").write_text("a\n1\n")
    _git(work, "add", "pushed.csv")
    _git(work, "commit", "-q", "-m", "data")
    _git(work, "push", "-q", "-u", "origin", "main")
    return work


def test_second_copies_on_real_repositories(repo):
    def verdict(name):
        path = str(repo / name)
        found, second, notes = copies.second_copies(path, path, "/", None)
        return [c["kind"] for c in found], second, notes

    assert verdict("pushed.csv") == (["git"], True, [])
    (repo / "untracked.csv").write_text("b\n")
    assert verdict("untracked.csv") == ([], False, [])
    (repo / "pushed.csv").write_text("changed\n")
    assert verdict("pushed.csv")[:2] == ([], False)
    assert "not pushed" in verdict("pushed.csv")[2][0]
    # An LFS pointer, as `git lfs` commits it: the data is not here.
    (repo / "big.parquet").write_text(
        "version https://git-lfs.github.com/spec/v1\n"
        "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
        "size 12345678\n"
    )
    kinds, second, _ = verdict("big.parquet")
    assert kinds == ["lfs-pointer"] and second
    found = copies.second_copies(str(repo / "big.parquet"), str(repo / "big.parquet"), "/", None)
    assert "12,345,678 bytes are not here" in found[0][0]["detail"]
    # A .dvc file naming the data, and a DVC remote configured.
    (repo / "train.csv").write_text("x\n")
    (repo / "train.csv.dvc").write_text(
        "outs:\n- md5: 401b30e3b8b5d629635a5c613cdb7919\n"
        "  size: 2\n  hash: md5\n  path: train.csv\n"
    )
    assert verdict("train.csv") == ([], False, ["train.csv.dvc, but no DVC remote"])
    (repo / ".dvc").mkdir()
    (repo / ".dvc" / "config").write_text(
        "[core]\n    remote = storage\n['remote \"storage\"']\n    url = /mnt/backup/dvc\n"
    )
    assert verdict("train.csv")[:2] == (["dvc"], True)
    # A git-annex link.
    (repo / "annexed.bin").symlink_to(".git/annex/objects/Xk/Qm/SHA256E-s3--ab/SHA256E-s3--ab")
    path = str(repo / "annexed.bin")
    found, second, _ = copies.second_copies(path, os.path.realpath(path), "/", None)
    assert found[0]["kind"] == "annex" and "not present here" in found[0]["detail"]


def test_a_snapshot_folder_on_the_way_up_is_a_second_copy(tmp_path):
    (tmp_path / ".snapshot").mkdir()
    (tmp_path / "d").mkdir()
    path = _file(str(tmp_path / "d"), size=10)
    found, second, _ = copies.second_copies(path, path, str(tmp_path), None)
    assert second and found == [
        {"kind": "snapshot", "detail": f"snapshots in {tmp_path}/.snapshot"}
    ]


POLICY = """
# The storage table of a typical cluster, as its documentation gives it.
[[storage]]
prefix = "/home"
tier = "network"
backed_up = true
snapshot = true

[[storage]]
prefix = "/scratch"
tier = "parallel"
backed_up = false
purge_after_days = 60

[[storage]]
prefix = "/scratch/shared"
purge_after_days = 90
"""


def test_the_storage_policy_file(tmp_path):
    rules = policy.parse_policy(POLICY)
    assert policy.rule_for("/scratch/u/x.csv", rules)["purge_after_days"] == 60
    assert policy.rule_for("/scratch/shared/x.csv", rules)["purge_after_days"] == 90
    assert policy.rule_for("/scratchy/x", rules) is None
    now = 1_800_000_000
    rule = policy.rule_for("/scratch/u/x.csv", rules)
    assert policy.purge_in_days(rule, now - 20 * 86400, now) == 40
    assert policy.purge_in_days(rule, now - 90 * 86400, now) == 0
    home = policy.rule_for("/home/u/a.csv", rules)
    found, second, _ = copies.second_copies("/nonexistent/a.csv", "/nonexistent/a.csv", "/", home)
    assert second and found == [
        {"kind": "policy", "detail": "backed up (storage policy for /home)"}
    ]
    # A file under a policy prefix reads its tier and purge date from the policy.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    data = _file(str(scratch), size=10)
    rules = policy.parse_policy(
        f'[[storage]]\nprefix = "{scratch}"\ntier = "parallel"\npurge_after_days = 30\n'
    )
    reading = probe_path(data, str(tmp_path), False, mounts.read_mounts(), rules)
    assert reading["tier"] == "parallel" and reading["purge_in_days"] == 30
    assert reading["evidence"] == f"storage policy for {scratch}"
    # Broken policies: an error reading, no rules.
    for text, said in [
        ("[[storage]\n", "not valid TOML"),
        ('[[storage]]\nprefix = "rel"\n', "absolute"),
        ('[[storage]]\nprefix = "/a"\npurge_after_days = "x"\n', "must be a int"),
        ('[[storage]]\nprefix = "/a"\ncolour = 1\n', "unknown key"),
        ('[[storage]]\nprefix = "/a"\ntier = "fast"\n', "tier must be"),
    ]:
        bad = tmp_path / "policy.toml"
        bad.write_text(text)
        rules, error = policy.load_policy(str(bad))
        assert rules == [] and said in error
    assert policy.load_policy(str(tmp_path / "none.toml")) == ([], None)


@needs_shm
def test_faster_places_fit_and_say_how_to_copy(tmp_path, monkeypatch):
    environ = {"SLURM_TMPDIR": str(tmp_path), "SLURM_JOB_ID": "42"}
    found = places.probe_places(environ, mounts.read_mounts(), [])
    by_mount = {p["mount"]: p for p in found}
    assert by_mount[SHM]["tier"] == "tmpfs" and by_mount[SHM]["wiped_at_job_end"]
    assert all(p["free_bytes"] > 0 and p["read_mb_s"] for p in found)
    assert found[0]["folder"] == str(tmp_path) and found[0]["wiped_at_job_end"]
    # The probe's own files are gone.
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".jupyterlab-sane-probe")]
    reading = {"real": "/nfs/lab/x.csv", "bytes": 10, "kind": "file", "tier": "network",
               "mount": "/nfs", "read_mb_s": None, "cached": None}  # fmt: skip
    advice = advise(reading, found)
    assert {"mount": SHM, "tier": "tmpfs", "command": "rsync -a /nfs/lab/x.csv /dev/shm/",
            "wiped_at_job_end": True} in advice  # fmt: skip
    assert advise({**reading, "bytes": 10**18}, found) == []  # fits nowhere
