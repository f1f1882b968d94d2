"""The job probe inside a real Slurm job: Debian's slurm-wlm, one node on localhost.

The cluster (munged, slurmctld, slurmd in the foreground, state under tmp) is started once for
this module and killed at its end; `make slurm` installs the packages when run as root (CI).
"""

import json
import sys
import time

import pytest

from tests.slurm_cluster import SlurmCluster, missing

WHY_NOT = missing()
pytestmark = pytest.mark.skipif(WHY_NOT is not None, reason=f"no real Slurm here: {WHY_NOT}")

# Runs in the job: the probe twice, 3 s apart, each reading with this node's clock.
JOB = """\
import json, os, time
from jupyterlab_sane.health.job import probe_job
started = time.time()
for _ in range(2):
    reading = probe_job(os.environ)
    print(json.dumps({"at": time.time(), "started": started, "reading": reading}), flush=True)
    time.sleep(3)
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    base = tmp_path_factory.mktemp("slurm")
    slurm = SlurmCluster(base)
    try:
        yield slurm.start()
    finally:
        slurm.stop()


def test_the_time_left_in_a_real_job_is_right_and_falls(cluster, tmp_path):
    script = tmp_path / "job.sh"
    script.write_text(f"#!/bin/sh\nexec {sys.executable} -c '{JOB}'\n")
    out = tmp_path / "job.out"
    submitted = cluster.run(
        ["sbatch", "--parsable", "--time=2", "--cpus-per-task=1", f"--output={out}", str(script)]
    )
    job_id = submitted.stdout.strip().split(";")[0]
    deadline = time.monotonic() + 30
    lines = []
    while time.monotonic() < deadline:
        lines = out.read_text().splitlines() if out.exists() else []
        if len(lines) >= 2:
            break
        time.sleep(0.2)
    assert len(lines) >= 2, f"the job did not report in time: {out.read_text()[-2000:]}\n"
    first, second = (json.loads(line) for line in lines[:2])
    reading = first["reading"]
    assert (reading["scheduler"], reading["id"], reading["source"]) == ("slurm", job_id, "squeue")
    assert (reading["partition"], reading["node"]) == ("debug", cluster.node)
    assert reading["time_limit_s"] == 120 and reading["cpus"] == 1
    # Right within a few seconds: the job started at most a moment before its script.
    expected = 120 - (first["at"] - first["started"])
    assert expected - 3 <= reading["time_left_s"] <= expected + 1
    # And it falls with the clock.
    fell = reading["time_left_s"] - second["reading"]["time_left_s"]
    assert 2 <= fell <= 4
