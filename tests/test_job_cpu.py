"""CPUs a kernel kept busy, against what the job was given; the server's own environment."""

import json
import os
import subprocess
import sys
import time

from jupyterlab_sane import handlers
from jupyterlab_sane.health import job
from jupyterlab_sane.health.cpu import CpuUse, cpu_seconds

TICK = os.sysconf("SC_CLK_TCK")


def write_stat(proc, pid, parent, cpu_s):
    """A /proc/PID/stat line: utime holds the CPU seconds, in clock ticks."""
    (proc / str(pid)).mkdir(exist_ok=True)
    ticks = int(cpu_s * TICK)
    fields = ["S", parent, pid, pid, 0, -1, 0, 0, 0, 0, 0, ticks, 0]
    (proc / str(pid) / "stat").write_text(f"{pid} (python x) " + " ".join(map(str, fields)))


def test_a_kernel_and_its_workers_over_the_window(tmp_path):
    proc = tmp_path
    now = [0.0]
    use = CpuUse(window=300, proc=str(proc), clock=lambda: now[0])
    kernels = {"k1": ("python3", 20)}
    write_stat(proc, 10, 1, 0)  # the server
    write_stat(proc, 20, 10, 100)  # the kernel
    write_stat(proc, 30, 20, 0)  # a joblib worker it started
    assert use.sample(kernels, server_pid=10) == {"k1": {"cpus": None, "window_s": 0}}
    now[0] = 60
    write_stat(proc, 20, 10, 130)
    write_stat(proc, 30, 20, 30)
    # 60 CPU seconds in 60 s: one CPU busy, the worker's included.
    assert use.sample(kernels, server_pid=10) == {"k1": {"cpus": 1.0, "window_s": 60}}
    # Five minutes later only the last five count.
    for t in range(120, 481, 60):
        now[0] = t
        write_stat(proc, 20, 10, 130 + (t - 60) * 2)
        last = use.sample(kernels, server_pid=10)
    assert last == {"k1": {"cpus": 2.0, "window_s": 300}}


def test_a_restart_or_a_pid_not_ours_starts_over(tmp_path):
    proc = tmp_path
    now = [0.0]
    use = CpuUse(proc=str(proc), clock=lambda: now[0])
    write_stat(proc, 10, 1, 0)
    write_stat(proc, 20, 10, 50)
    use.sample({"k1": ("python3", 20)}, server_pid=10)
    now[0] = 60
    write_stat(proc, 21, 10, 1)  # restarted: a new process
    assert use.sample({"k1": ("python3", 21)}, server_pid=10)["k1"]["cpus"] is None
    write_stat(proc, 99, 1, 5)  # another host's pid happens to name a process here
    assert use.sample({"k2": ("python3", 99)}, server_pid=10) == {}


def test_a_real_busy_child_counts():
    # Busy until it has spent 2 CPU seconds, however loaded the machine is.
    busy = "import time\nwhile time.process_time() < 2: pass\n"
    child = subprocess.Popen([sys.executable, "-c", busy])
    try:
        first = cpu_seconds([child.pid])[child.pid]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            second = cpu_seconds([child.pid])[child.pid]
            if second - first >= 0.3:
                break
            time.sleep(0.05)
        assert second - first >= 0.3
    finally:
        child.kill()
        child.wait()


async def test_the_reply_holds_the_kernels_cpu_inside_a_job(jp_fetch, tmp_path, monkeypatch):
    monkeypatch.setenv("SLURM_JOB_ID", "881")
    monkeypatch.setenv("SLURM_CPUS_ON_NODE", "8")
    monkeypatch.setenv("PATH", str(tmp_path))  # no squeue: the job still has its line
    kernel = json.loads((await jp_fetch("api", "kernels", method="POST", body="{}")).body)
    try:
        reply = json.loads(
            (await jp_fetch("jupyterlab-sane", "health", params={"kernel": kernel["id"]})).body
        )
        job = reply["job"]
        assert (job["id"], job["cpus"]) == ("881", 8)
        assert job["kernel_cpu"][kernel["id"]] == {"cpus": None, "window_s": 0}
    finally:
        await jp_fetch("api", "kernels", kernel["id"], method="DELETE")


async def test_outside_a_job_the_reply_says_null_and_nothing_runs(jp_fetch, monkeypatch):
    for _, variable in job.JOB_IDS:
        monkeypatch.delenv(variable, raising=False)

    def never(*args):
        raise AssertionError("no job probe outside a job")

    monkeypatch.setattr(handlers, "probe_job", never)
    monkeypatch.setattr(handlers.CpuUse, "sample", never)
    payload = json.loads((await jp_fetch("jupyterlab-sane", "health")).body)
    assert payload["job"] is None
