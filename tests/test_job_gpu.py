"""GPUs a job was given and left idle, from nvidia-smi's utilisation (recorded outputs: no GPU
on the machines the tests run on)."""

import json
import stat

from jupyterlab_sane import handlers
from jupyterlab_sane.health import gpu_use
from jupyterlab_sane.health.gpu_use import GpuUse, mine, parse_utilisation

# nvidia-smi --query-gpu=index,uuid,utilization.gpu --format=csv,noheader,nounits
# as a driver of the 535 series prints it on a node of four A100s.
FOUR = """\
0, GPU-5c8a1e2f-0b57-3d4e-9f1a-2b6c7d8e9f00, 0
1, GPU-6d9b2f30-1c68-4e5f-a02b-3c7d8e9fa011, 97
2, GPU-7eac3041-2d79-5f60-b13c-4d8e9fa0b122, 0
3, GPU-8fbd4152-3e8a-6071-c24d-5e9fa0b1c233, 1
"""
# The same node, a job confined to two devices by cgroups: listed from 0, one idle.
CONFINED = """\
0, GPU-5c8a1e2f-0b57-3d4e-9f1a-2b6c7d8e9f00, 0
1, GPU-6d9b2f30-1c68-4e5f-a02b-3c7d8e9fa011, 0
"""
# A MIG or vGPU device: the driver can't say its utilisation.
NOT_SUPPORTED = "0, MIG-1a2b3c4d-0000-1111-2222-333344445555, [N/A]\n"


def recorded(*outputs):
    """A runner that answers each call with the next recording, and keeps the argv it got."""
    calls = []
    answers = list(outputs)

    def run(argv, timeout):
        calls.append((argv, timeout))
        return answers.pop(0) if len(answers) > 1 else answers[0]

    return run, calls


def test_parse_utilisation_reads_the_csv_and_leaves_garbage_out():
    assert parse_utilisation(FOUR)[1] == {
        "index": 1,
        "uuid": "GPU-6d9b2f30-1c68-4e5f-a02b-3c7d8e9fa011",
        "utilization": 97,
    }
    assert parse_utilisation(NOT_SUPPORTED)[0]["utilization"] is None
    garbage = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n"
    assert parse_utilisation(garbage) == []
    assert parse_utilisation("") == []


def test_the_jobs_gpus_by_index_or_uuid_and_all_when_confined():
    gpus = parse_utilisation(FOUR)
    assert [g["index"] for g in mine(gpus, ["0", "2"])] == [0, 2]
    assert [g["index"] for g in mine(gpus, ["GPU-6d9b2f30-1c68-4e5f-a02b-3c7d8e9fa011"])] == [1]
    # Confined: nvidia-smi lists only the job's devices, whatever the numbers say.
    assert len(mine(parse_utilisation(CONFINED), ["2", "3"])) == 2
    assert len(mine(gpus, [])) == 4


def test_idle_runs_from_the_first_idle_sample_and_a_busy_one_ends_it():
    now = [0.0]
    run, calls = recorded((0, CONFINED, ""))
    use = GpuUse(run=run, clock=lambda: now[0])
    environ = {"CUDA_VISIBLE_DEVICES": "0,1"}
    first = use.sample("/opt/bin/nvidia-smi", environ)
    assert first["available"] is True
    assert [g["idle_s"] for g in first["gpus"]] == [0, 0]
    for t in range(60, 1501, 60):
        now[0] = t
        last = use.sample("/opt/bin/nvidia-smi", environ)
    assert [g["idle_s"] for g in last["gpus"]] == [1500, 1500]
    # A fixed argument list, a timeout, no shell (the runner takes a list, never a string).
    argv, timeout = calls[0]
    assert argv == [
        "/opt/bin/nvidia-smi",
        "--query-gpu=index,uuid,utilization.gpu",
        "--format=csv,noheader,nounits",
    ]
    assert timeout == gpu_use.SMI_TIMEOUT
    # GPU 1 computes: its idle time is gone, GPU 0's runs on.
    use._run = recorded((0, FOUR, ""))[0]
    now[0] = 1560
    busy = use.sample("/opt/bin/nvidia-smi", environ)["gpus"]
    assert [(g["index"], g["utilization"], g["idle_s"]) for g in busy] == [(0, 0, 1560), (1, 97, 0)]


def test_a_gap_in_the_samples_says_nothing_of_what_ran_in_it():
    now = [0.0]
    use = GpuUse(run=recorded((0, CONFINED, ""))[0], clock=lambda: now[0], max_gap=300)
    use.sample("nvidia-smi", {})
    now[0] = 200
    assert use.sample("nvidia-smi", {})["gpus"][0]["idle_s"] == 200
    now[0] = 2000  # the page was hidden half an hour: idle counts again from here
    assert use.sample("nvidia-smi", {})["gpus"][0]["idle_s"] == 0


def test_unknown_utilisation_is_never_called_idle():
    use = GpuUse(run=recorded((0, NOT_SUPPORTED, ""))[0])
    assert use.sample("nvidia-smi", {})["gpus"] == [
        {"index": 0, "utilization": None, "idle_s": None}
    ]


def test_missing_failing_slow_or_garbage_nvidia_smi_is_a_clear_reading():
    assert GpuUse().sample(None, {}) == {
        "status": "ok",
        "available": False,
        "gpus": [],
        "error": None,
    }
    failed = (9, "", "NVIDIA-SMI has failed because it couldn't communicate with the driver")
    reading = GpuUse(run=recorded(failed)[0]).sample("/usr/bin/nvidia-smi", {})
    assert reading["available"] is False
    assert "couldn't communicate" in reading["error"]
    slow = (None, "", "nvidia-smi did not answer in 5 s")
    assert GpuUse(run=recorded(slow)[0]).sample("nvidia-smi", {})["error"] == slow[2]
    garbage = GpuUse(run=recorded((0, "No devices were found\n", ""))[0])
    assert garbage.sample("/usr/bin/nvidia-smi", {})["error"] == "nvidia-smi: no GPU in its answer"


def fake_smi(folder, body):
    smi = folder / "nvidia-smi"
    smi.write_text(f"#!/bin/sh\n{body}\n")
    smi.chmod(smi.stat().st_mode | stat.S_IXUSR)
    return smi


def test_a_real_process_that_hangs_is_cut_at_the_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(gpu_use, "SMI_TIMEOUT", 0.5)
    smi = fake_smi(tmp_path, "exec sleep 30")
    reading = GpuUse().sample(str(smi), {})
    assert reading["available"] is False
    assert reading["error"] == "nvidia-smi did not answer in 0.5 s"


async def test_the_reply_says_how_long_the_jobs_gpus_were_idle(jp_fetch, tmp_path, monkeypatch):
    fake_smi(tmp_path, "\n".join(f"echo '{line}'" for line in CONFINED.splitlines()))
    monkeypatch.setenv("SLURM_JOB_ID", "882")
    monkeypatch.setenv("SLURM_JOB_GPUS", "2,3")
    monkeypatch.setenv("PATH", str(tmp_path))  # no squeue: the job still has its line
    job = json.loads((await jp_fetch("jupyterlab-sane", "health")).body)["job"]
    assert job["gpus"] == 2
    assert job["gpu_use"]["available"] is True
    assert [(g["index"], g["idle_s"]) for g in job["gpu_use"]["gpus"]] == [(0, 0), (1, 0)]


async def test_outside_a_job_nvidia_smi_is_never_asked(jp_fetch, monkeypatch):
    for variable in ("SLURM_JOB_ID", "PBS_JOBID", "LSB_JOBID"):
        monkeypatch.delenv(variable, raising=False)

    def never(*args):
        raise AssertionError("no GPU use probe outside a job")

    monkeypatch.setattr(handlers.GpuUse, "sample", never)
    assert json.loads((await jp_fetch("jupyterlab-sane", "health")).body)["job"] is None
