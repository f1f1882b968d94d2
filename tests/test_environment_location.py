"""Where the environment lives (the mount under sys.prefix) and its imports' time, measured once."""

import os
import sys

from jupyterlab_sane.environment.location import ImportTimes, advice, import_seconds, where


def test_an_environment_on_nfs_is_network_storage_as_the_health_probes_say(tmp_path):
    # A mount table where the folder above sys.prefix is an NFS export on sys.prefix's device.
    stat = os.stat(sys.prefix)
    device = f"{os.major(stat.st_dev)}:{os.minor(stat.st_dev)}"
    above = os.path.dirname(os.path.realpath(sys.prefix))
    info = tmp_path / "mountinfo"
    info.write_text(
        "22 1 0:1 / / rw - ext4 /dev/sda1 rw\n"
        f"40 22 {device} / {above} rw - nfs4 fileserver:/export/envs rw\n"
    )
    assert where(sys.prefix, mountinfo=str(info)) == {
        "prefix": sys.prefix,
        "mount": above,
        "fstype": "nfs4",
        "remote": True,
    }
    info.write_text(f"22 1 {device} / / rw - ext4 /dev/sda1 rw\n")
    assert where(sys.prefix, mountinfo=str(info))["remote"] is False


def test_the_advice_names_network_storage_and_the_time():
    location = {"remote": True, "fstype": "nfs4", "mount": "/shared"}
    assert advice(location, {"total": 14.2}) == (
        "imports take 14 s from nfs4 at /shared; an environment on local disk would not"
    )
    assert advice(location, {"total": 0.4}) is None
    assert advice({**location, "remote": False}, {"total": 14.2}) is None
    assert advice(location, None) is None


def test_imports_are_timed_in_a_subprocess_of_that_interpreter():
    times = import_seconds(sys.executable, ["json", "yaml", "surely_not_installed"])
    assert times["seconds"]["json"] >= 0
    assert times["seconds"]["yaml"] >= 0
    assert times["seconds"]["surely_not_installed"] is None
    assert times["total"] >= times["seconds"]["yaml"]
    assert "error" in import_seconds("/nonexistent/python", ["json"])


def test_each_set_is_measured_once_in_the_background():
    calls = []

    def measure(executable, modules):
        calls.append((executable, modules))
        return {"seconds": {}, "total": 0.0}

    times = ImportTimes(measure)
    assert times.get("/py", ["b", "a"]) is None  # never waits
    times.wait("/py", ["a", "b"], timeout=30)
    assert times.get("/py", ["a", "b"]) == {"seconds": {}, "total": 0.0}
    assert calls == [("/py", ["a", "b"])]
