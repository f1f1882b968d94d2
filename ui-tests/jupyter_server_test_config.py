"""Server configuration for the Galata tests: never use it for anything else."""

import os
from pathlib import Path
from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

c = get_config()  # noqa: F821
configure_jupyter_server(c)

c.ServerApp.ip = "127.0.0.1"
c.ServerApp.port = 8931
c.ServerApp.root_dir = mkdtemp(prefix="sane-galata-")
# CI runs as root: without this the server exits at once.
c.ServerApp.allow_root = True
c.FileContentsManager.delete_to_trash = False
# Keep the browser tests independent of the news and update checks.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# Nor on JupyterLab's build check, which every page load asks for (~0.3 s of the server's CPU,
# 92 times a run): the extension is prebuilt, there is nothing to rebuild.
c.ServerApp.tornado_settings = {"page_config_data": {"buildCheck": False, "buildAvailable": False}}
# The tests play the OOM killer's count in this file (playwright.config.ts names it).
events = os.environ.get("SANE_MEMORY_EVENTS")
if events:
    Path(events).parent.mkdir(parents=True, exist_ok=True)
    Path(events).write_text("oom 0\noom_kill 0\n")
    c.HealthProbes.memory_events = events
# A simulated batch job (health-job.spec.ts): the job's environment is this directory's job.env
# and its squeue is bin/squeue, both written by the test. No job.env: no job, as outside one.
job = os.environ.get("SANE_JOB_DIR")
if job:
    Path(job, "bin").mkdir(parents=True, exist_ok=True)
    Path(job, "job.env").unlink(missing_ok=True)
    c.HealthProbes.job_environment = str(Path(job, "job.env"))
    c.HealthProbes.scheduler_path = str(Path(job, "bin"))
    c.HealthProbes.job_ttl = 1.0
    # The job's node-local scratch, as Slurm names it: the Data panel's files there are the
    # ones its end wipes (the server's environment: the data probe expands `$SLURM_TMPDIR`).
    scratch = Path(job, "scratch")
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ["SLURM_TMPDIR"] = str(scratch)
