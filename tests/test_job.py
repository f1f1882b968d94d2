"""The batch job probe: recorded scheduler outputs, bad input, the endpoint, and a real Slurm."""

import asyncio
import json
import os
import sys
import time
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_sane.health import job
from jupyterlab_sane.health.job import (
    parse_memory,
    parse_scontrol,
    parse_slurm_time,
    parse_squeue,
    probe_job,
    time_left_now,
)

FIXTURES = Path(__file__).parent / "fixtures" / "slurm"
GIB = 1024**3


def fixture(name):
    return (FIXTURES / name).read_text()


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("2-00:00:00", 172800),
        ("1-23:12:09", 169929),
        ("1:30:00", 5400),
        ("00:02:00", 120),
        ("30:00", 1800),
        ("0:41", 41),
        ("5", 300),  # a bare number is minutes, as sbatch --time reads it
        ("1-12", 129600),
        ("1-12:30", 131400),
        ("-0:05", -5),
        ("UNLIMITED", None),
        ("NOT_SET", None),
        ("INVALID", None),
        ("N/A", None),
        ("", None),
        ("soon", None),
        ("1:2:3:4", None),
    ],
)
def test_slurm_durations(text, seconds):
    assert parse_slurm_time(text) == seconds


@pytest.mark.parametrize(
    "name, job_id, expected",
    [
        ("squeue-22.05-days.txt", "1", ("debug", "vm", 172800, 172800, False, "RUNNING")),
        ("squeue-22.05-unlimited.txt", "2", ("debug", "vm", None, None, True, "RUNNING")),
        ("squeue-22.05-hours.txt", "3", ("debug", None, 5400, 5400, False, "PENDING")),
        ("squeue-22.05-held.txt", "4", ("debug", None, 1800, 1800, False, "PENDING")),
        ("squeue-20.11-minutes.txt", "881", ("debug", "node001", 120, 41, False, "RUNNING")),
        ("squeue-21.08-hours.txt", "5512345", ("batch", "c12-34", 28800, 27663, False, "RUNNING")),
        (
            "squeue-23.11-days.txt",
            "77012",
            ("gpu", "gpu-a100-07", 172800, 169929, False, "RUNNING"),
        ),
        ("squeue-23.02-invalid.txt", "9101", ("short", "cn07", 60, None, False, "COMPLETING")),
        ("squeue-23.02-notset.txt", "9102", ("short", None, None, None, False, "PENDING")),
    ],
)
def test_squeue_outputs_of_several_versions(name, job_id, expected):
    found = parse_squeue(fixture(name), job_id)
    keys = ("partition", "node", "time_limit_s", "time_left_s", "unlimited", "state")
    assert tuple(found[k] for k in keys) == expected


def test_squeue_lines_of_other_jobs_or_garbage_are_not_the_job():
    assert parse_squeue(fixture("squeue-22.05-days.txt"), "2") is None
    assert parse_squeue("slurm_load_jobs error: Invalid job id specified\n", "1") is None
    assert parse_squeue("\x00\xff|||", "1") is None


@pytest.mark.parametrize(
    "name, job_id, expected",
    [
        ("scontrol-22.05-days.txt", "1", ("debug", "vm", 172800, False, "RUNNING")),
        ("scontrol-22.05-unlimited.txt", "2", ("debug", "vm", None, True, "RUNNING")),
        ("scontrol-22.05-held.txt", "4", ("debug", None, 1800, False, "PENDING")),
        ("scontrol-23.11-days.txt", "77012", ("gpu", "gpu-a100-07", 172800, False, "RUNNING")),
    ],
)
def test_scontrol_outputs_of_several_versions(name, job_id, expected):
    found = parse_scontrol(fixture(name), job_id)
    keys = ("partition", "node", "time_limit_s", "unlimited", "state")
    assert tuple(found[k] for k in keys) == expected
    if name == "scontrol-23.11-days.txt":  # TimeLimit less RunTime=00:47:51
        assert found["time_left_s"] == 172800 - 2871
    assert parse_scontrol(fixture(name), "999") is None


@pytest.mark.parametrize(
    "text, size",
    [("16384", 16 * GIB), ("64G", 64 * GIB), ("500M", 500 * 1024**2), ("8gb", 8 * GIB)],
)
def test_memory_values(text, size):
    assert parse_memory(text) == size


def test_outside_a_job_nothing_runs(monkeypatch):
    def run(*args, **kwargs):
        raise AssertionError("no command outside a job")

    monkeypatch.setattr(job.subprocess, "run", run)
    assert probe_job({"PATH": os.environ["PATH"], "HOME": "/root"}) is None


def fake_command(directory, name, stdout="", code=0, sleep=0.0, stderr=""):
    """An executable `name` in `directory` that prints what a scheduler command would."""
    script = directory / name
    script.write_text(
        f"#!{sys.executable}\nimport sys, time\ntime.sleep({sleep})\n"
        f"sys.stdout.write({stdout!r})\nsys.stderr.write({stderr!r})\nsys.exit({code})\n"
    )
    script.chmod(0o755)
    return directory


SLURM_ENV = {
    "SLURM_JOB_ID": "77012",
    "SLURM_JOB_PARTITION": "gpu",
    "SLURMD_NODENAME": "gpu-a100-07",
    "SLURM_CPUS_ON_NODE": "8",
    "SLURM_MEM_PER_NODE": "65536",
    "SLURM_JOB_GPUS": "0,3",
}


def test_a_slurm_job_as_squeue_tells_it(tmp_path):
    bin_ = fake_command(tmp_path, "squeue", fixture("squeue-23.11-days.txt"))
    before = time.time()
    reading = probe_job(SLURM_ENV, path=str(bin_))
    assert reading["status"] == "ok"
    assert reading["scheduler"] == "slurm"
    assert reading["id"] == "77012"
    assert (reading["partition"], reading["node"]) == ("gpu", "gpu-a100-07")
    assert (reading["cpus"], reading["mem_bytes"], reading["gpus"]) == (8, 64 * GIB, 2)
    assert (reading["time_limit_s"], reading["time_left_s"]) == (172800, 169929)
    assert reading["source"] == "squeue" and reading["error"] is None
    assert before + 169929 <= reading["ends_at"] <= time.time() + 169929


def test_memory_per_cpu_and_cuda_devices_count_too(tmp_path):
    env = {
        "SLURM_JOB_ID": "5",
        "SLURM_CPUS_ON_NODE": "4",
        "SLURM_MEM_PER_CPU": "2048",
        "CUDA_VISIBLE_DEVICES": "0,1,2",
    }
    reading = probe_job(env, path=str(tmp_path))
    assert (reading["cpus"], reading["mem_bytes"], reading["gpus"]) == (4, 8 * GIB, 3)


def test_squeue_gone_falls_back_to_scontrol(tmp_path):
    fake_command(tmp_path, "squeue", code=1, stderr="slurm_load_jobs error: Socket timed out\n")
    fake_command(tmp_path, "scontrol", fixture("scontrol-23.11-days.txt"))
    reading = probe_job(SLURM_ENV, path=str(tmp_path))
    assert reading["source"] == "scontrol"
    assert reading["time_left_s"] == 172800 - 2871


def test_no_scheduler_commands_is_a_clear_reading(tmp_path):
    reading = probe_job(SLURM_ENV, path=str(tmp_path))
    assert reading["status"] == "ok" and reading["cpus"] == 8
    assert reading["time_left_s"] is None and reading["source"] is None
    assert reading["error"] == "squeue and scontrol are not on the PATH"


def test_the_environments_end_time_when_the_scheduler_cant_say(tmp_path):
    now = time.time()
    env = {**SLURM_ENV, "SLURM_JOB_START_TIME": str(int(now) - 600)}
    env["SLURM_JOB_END_TIME"] = str(int(now) + 3000)
    reading = probe_job(env, path=str(tmp_path))
    assert reading["source"] == "environment"
    assert reading["time_limit_s"] == 3600
    assert abs(reading["time_left_s"] - 3000) <= 2
    assert "not on the PATH" in reading["error"]


def test_a_slow_squeue_times_out_and_the_probe_returns(tmp_path):
    fake_command(tmp_path, "squeue", fixture("squeue-23.11-days.txt"), sleep=30)
    fake_command(tmp_path, "scontrol", fixture("scontrol-23.11-days.txt"), sleep=30)
    start = time.monotonic()
    reading = probe_job(SLURM_ENV, path=str(tmp_path), timeout=0.5)
    assert time.monotonic() - start < 5
    # A hung controller hangs scontrol too: not asked after squeue hung.
    assert reading["error"] == "squeue did not answer in 0.5 s"
    assert reading["time_left_s"] is None


def test_garbage_from_squeue_is_said_so(tmp_path):
    fake_command(tmp_path, "squeue", "JOBID PARTITION\n\x1b[31m?? 12 ??\n")
    reading = probe_job(SLURM_ENV, path=str(tmp_path))
    assert reading["time_left_s"] is None
    assert reading["error"] == "squeue: unreadable answer"


def test_a_vanished_job_says_what_the_scheduler_said(tmp_path):
    invalid = "slurm_load_jobs error: Invalid job id specified\n"
    fake_command(tmp_path, "squeue", code=1, stderr=invalid)
    fake_command(tmp_path, "scontrol", code=1, stderr=invalid)
    reading = probe_job(SLURM_ENV, path=str(tmp_path))
    assert reading["time_left_s"] is None
    assert reading["error"] == (
        "slurm_load_jobs error: Invalid job id specified; "
        "slurm_load_jobs error: Invalid job id specified"
    )


def test_an_unlimited_job_has_no_time_left(tmp_path):
    fake_command(tmp_path, "squeue", fixture("squeue-22.05-unlimited.txt"))
    reading = probe_job({**SLURM_ENV, "SLURM_JOB_ID": "2"}, path=str(tmp_path))
    assert reading["unlimited"] is True
    assert (reading["time_limit_s"], reading["time_left_s"], reading["ends_at"]) == (
        None,
        None,
        None,
    )
    assert reading["error"] is None


def test_clock_skew_never_gives_more_than_the_limit_nor_less_than_nothing(tmp_path):
    now = time.time()
    ahead = {**SLURM_ENV, "SLURM_JOB_START_TIME": str(int(now) + 900)}
    ahead["SLURM_JOB_END_TIME"] = str(int(now) + 4500)  # this node's clock is 15 min behind
    reading = probe_job(ahead, path=str(tmp_path))
    assert reading["time_left_s"] == 3600 and reading["clock_skew"] is True
    past = {**SLURM_ENV, "SLURM_JOB_END_TIME": str(int(now) - 60)}
    assert probe_job(past, path=str(tmp_path))["time_left_s"] == 0


def test_a_cached_reading_counts_down():
    reading = {"status": "ok", "time_left_s": 100, "ends_at": 1000.0}
    assert time_left_now(reading, 930.2)["time_left_s"] == 70
    assert time_left_now(reading, 2000)["time_left_s"] == 0
    assert time_left_now(None, 0) is None


def test_a_pbs_job_from_qstat(tmp_path):
    qstat = (
        "Job Id: 4321.pbs01\n    Job_Name = jupyter\n    queue = workq\n"
        "    Resource_List.mem = 32gb\n    Resource_List.ncpus = 4\n"
        "    Resource_List.walltime = 04:00:00\n    resources_used.walltime = 01:15:30\n"
    )
    fake_command(tmp_path, "qstat", qstat)
    env = {"PBS_JOBID": "4321.pbs01", "PBS_QUEUE": "workq", "NCPUS": "4"}
    reading = probe_job(env, path=str(tmp_path))
    assert (reading["scheduler"], reading["partition"], reading["cpus"]) == ("pbs", "workq", 4)
    assert (reading["time_limit_s"], reading["time_left_s"]) == (14400, 9870)
    assert reading["mem_bytes"] == 32 * GIB


def test_an_lsf_job_from_bjobs(tmp_path):
    fake_command(tmp_path, "bjobs", "120.0 min 1:05 L\n")
    env = {"LSB_JOBID": "887", "LSB_QUEUE": "normal", "LSB_HOSTS": "hostA hostA"}
    reading = probe_job(env, path=str(tmp_path))
    assert (reading["scheduler"], reading["node"], reading["cpus"]) == ("lsf", "hostA", 2)
    assert (reading["time_limit_s"], reading["time_left_s"]) == (7200, 3900)


# --- the endpoint -------------------------------------------------------------------------------


@pytest.fixture
def simulated_job(tmp_path):
    env = tmp_path / "job.env"
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    return env, bin_


@pytest.fixture
def jp_server_config(simulated_job):
    env, bin_ = simulated_job
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_sane": True}},
        # A short TTL: the tests switch the simulated job on while the server runs.
        "HealthProbes": {
            "job_environment": str(env),
            "scheduler_path": str(bin_),
            "job_ttl": 0.5,
        },
    }


async def test_a_simulated_job_in_the_reply_counts_down(jp_fetch, simulated_job):
    env, bin_ = simulated_job
    assert json.loads((await jp_fetch("jupyterlab-sane", "health")).body)["job"] is None
    env.write_text("".join(f"{k}={v}\n" for k, v in {**SLURM_ENV, "SLURM_JOB_ID": "881"}.items()))
    # squeue as the controller answers: the time left falls with the clock.
    squeue = bin_ / "squeue"
    squeue.write_text(
        f"#!{sys.executable}\nimport time\nleft = int({time.time() + 41} - time.time())\n"
        "print(f'881|debug|node001|2:00|0:{left:02d}|RUNNING')\n"
    )
    squeue.chmod(0o755)
    # "No job" is cached for the TTL: the next reading sees the file.
    deadline = time.monotonic() + 10
    while True:
        reply = json.loads((await jp_fetch("jupyterlab-sane", "health")).body)
        if reply["job"] is not None or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    first = reply["job"]
    assert set(first) >= {
        "scheduler",
        "id",
        "partition",
        "node",
        "time_limit_s",
        "time_left_s",
        "cpus",
        "mem_bytes",
        "gpus",
    }
    assert (first["scheduler"], first["id"], first["time_limit_s"]) == ("slurm", "881", 120)
    assert 39 <= first["time_left_s"] <= 41
    await asyncio.sleep(1.1)
    second = json.loads((await jp_fetch("jupyterlab-sane", "health")).body)["job"]
    assert second["time_left_s"] < first["time_left_s"]


async def test_a_hung_squeue_never_holds_the_reply(jp_fetch, simulated_job):
    env, bin_ = simulated_job
    env.write_text("SLURM_JOB_ID=881\n")
    fake_command(bin_, "squeue", sleep=30)
    start = time.monotonic()
    reply = json.loads((await jp_fetch("jupyterlab-sane", "health")).body)
    assert time.monotonic() - start < 3.5
    assert reply["job"]["status"] == "unresponsive"
    assert (await jp_fetch("api", "status")).code == 200


async def test_the_job_is_for_authenticated_users_only(jp_fetch, simulated_job):
    with pytest.raises(HTTPClientError) as error:
        await jp_fetch("jupyterlab-sane", "health", headers={"Authorization": ""})
    assert error.value.code == 403
