"""How busy the job's GPUs have been, from `nvidia-smi`'s utilisation, to tell GPUs left idle.

A GPU is idle while every sample reads its utilisation at or under IDLE_PERCENT; its idle time
runs from the first of those samples to now. Samples come as the health reply asks (the probe
is cached like the job's reading): a gap longer than MAX_GAP_S says nothing of what happened
in it, so the idle time starts again after one. Advice only: nothing here changes the job.

`nvidia-smi` runs with a fixed argument list, a timeout and no shell. Outside a job the probe
never runs (the handler asks only with a job), and where `nvidia-smi` is missing or fails the
reading says so (`available` false).
"""

from __future__ import annotations

import os
import threading
import time

from .job import run_command

SMI_TIMEOUT = 5.0
QUERY = "--query-gpu=index,uuid,utilization.gpu"
# At or under this a GPU computes nothing worth its allocation (nvidia-smi reads 0-1 at rest).
IDLE_PERCENT = 2
# Beyond this between two samples (the page was hidden, the server slept) idle is unknown.
MAX_GAP_S = 300.0


def parse_utilisation(text):
    """`nvidia-smi --query-gpu=index,uuid,utilization.gpu --format=csv,noheader,nounits` lines:
    [{"index", "uuid", "utilization"}], utilisation None when the driver says `[N/A]`."""
    out = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 3 or not parts[0].isdigit():
            continue
        try:
            utilisation = int(float(parts[2]))
        except ValueError:  # [N/A], [Not Supported]
            utilisation = None
        out.append({"index": int(parts[0]), "uuid": parts[1], "utilization": utilisation})
    return out


def job_devices(environ):
    """The GPUs the job names (CUDA_VISIBLE_DEVICES, else SLURM_JOB_GPUS): indexes or UUIDs."""
    for variable in ("CUDA_VISIBLE_DEVICES", "SLURM_JOB_GPUS"):
        text = (environ.get(variable) or "").strip()
        if text and text not in {"NoDevFiles", "N/A"}:
            return [item.strip() for item in text.split(",") if item.strip()]
    return []


def mine(gpus, devices):
    """The job's GPUs among those nvidia-smi lists.

    Where the scheduler confines devices (cgroups), nvidia-smi lists only the job's, renumbered
    from 0, and the names match or say nothing more: then all of them are the job's.
    """
    if not devices:
        return gpus
    picked = [g for g in gpus if str(g["index"]) in devices or g["uuid"] in devices]
    return picked if picked and len(picked) < len(gpus) else gpus


class GpuUse:
    """Per-GPU samples of utilisation; `sample` is a probe (call it off the IO loop)."""

    def __init__(self, run=run_command, clock=time.monotonic, max_gap=MAX_GAP_S):
        self._run = run
        self._clock = clock
        self._max_gap = max_gap
        self._idle_since = {}  # GPU uuid -> clock time of its first idle sample in a row
        self._last = None  # clock time of the last sample that read
        self._lock = threading.Lock()

    def sample(self, smi, environ):
        """{"available", "gpus": [{"index", "utilization", "idle_s"}], "error"} for the job.

        `smi`: the path of nvidia-smi, or None where there is none.
        """
        if not smi:
            return {"status": "ok", "available": False, "gpus": [], "error": None}
        argv = [smi, QUERY, "--format=csv,noheader,nounits"]
        code, out, error = self._run(argv, SMI_TIMEOUT)
        gpus = parse_utilisation(out) if code == 0 else []
        if not gpus:
            name = os.path.basename(smi)
            return {
                "status": "ok",
                "available": False,
                "gpus": [],
                "error": error or f"{name}: no GPU in its answer",
            }
        with self._lock:
            return {
                "status": "ok",
                "available": True,
                "gpus": self._add(mine(gpus, job_devices(environ)), self._clock()),
                "error": None,
            }

    def _add(self, gpus, now):
        if self._last is not None and now - self._last > self._max_gap:
            self._idle_since.clear()
        self._last = now
        out = []
        for gpu in gpus:
            use = gpu["utilization"]
            if use is None or use > IDLE_PERCENT:
                self._idle_since.pop(gpu["uuid"], None)
                idle = None if use is None else 0
            else:
                idle = round(now - self._idle_since.setdefault(gpu["uuid"], now))
            out.append({"index": gpu["index"], "utilization": use, "idle_s": idle})
        return out
