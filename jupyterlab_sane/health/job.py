"""The batch job the server runs in (Slurm, PBS/Torque, LSF): its clock and what it was given.

Outside a job `job_of` is a few dictionary lookups and nothing else runs. Inside one, what the
job was given comes from the environment the scheduler set, and the time limit and the time
left from the scheduler's own command (`squeue`, `qstat -f`, `bjobs`), run with a fixed
argument list and a timeout, never through a shell. The reading says where its time came from
and, when the scheduler could not say, why.

Times are read as "seconds left now" (the scheduler computes them on this node's clock), then
kept as an end on the server's clock (`ends_at`): the handler answers with the time left at the
moment of the reply, so a cached reading still counts down.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

COMMAND_TIMEOUT = 5.0
# The environment variable that names the job, per scheduler, in the order they are tried.
JOB_IDS = (("slurm", "SLURM_JOB_ID"), ("pbs", "PBS_JOBID"), ("lsf", "LSB_JOBID"))
# squeue's fields, separated by a character none of them holds.
SQUEUE_FORMAT = "%i|%P|%N|%l|%L|%T"
# Time values Slurm prints instead of a duration (slurm_time.c, squeue's print.c).
NO_LIMIT = {"UNLIMITED", "INFINITE", "Partition_Limit", "NONE"}
NO_VALUE = {"NOT_SET", "INVALID", "N/A", ""}
_SLURM_TIME = re.compile(r"^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$")
_UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def job_of(environ):
    """(scheduler, job id) when `environ` is a batch job's, else None: no other cost."""
    for scheduler, variable in JOB_IDS:
        value = environ.get(variable, "").strip()
        if value:
            return scheduler, value
    return None


def parse_slurm_time(text):
    """Seconds in a Slurm duration, or None (unlimited, not set, invalid, unreadable).

    Slurm prints `days-hh:mm:ss`, `hh:mm:ss` and `mm:ss` (squeue drops leading zero fields);
    it accepts `days-hh` and `days-hh:mm` too. A minus sign: the job ran past its limit.
    """
    text = (text or "").strip()
    sign = -1 if text.startswith("-") else 1
    match = _SLURM_TIME.match(text.lstrip("-"))
    if not match:
        return None
    days, *fields = match.groups()
    numbers = [int(f) for f in fields if f is not None]
    if days is not None:
        # days-hh[:mm[:ss]]
        numbers += [0] * (3 - len(numbers))
        h, m, s = numbers
        return sign * (((int(days) * 24 + h) * 60 + m) * 60 + s)
    if len(numbers) == 3:
        h, m, s = numbers
    elif len(numbers) == 2:
        h, (m, s) = 0, numbers
    else:
        h, m, s = 0, numbers[0], 0  # a bare number is minutes
    return sign * ((h * 60 + m) * 60 + s)


def _limit(text):
    """(seconds or None, unlimited?) of a time limit or a time left."""
    text = (text or "").strip()
    if text in NO_LIMIT:
        return None, True
    return parse_slurm_time(text), False


def parse_squeue(text, job_id):
    """squeue -h -o SQUEUE_FORMAT's line for the job, as a dict; None when it is not there."""
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 6 or parts[0] != job_id:
            continue
        limit, unlimited = _limit(parts[3])
        left, _ = _limit(parts[4])
        return {
            "partition": parts[1] or None,
            "node": parts[2] or None,
            "time_limit_s": limit,
            "time_left_s": None if unlimited else left,
            "unlimited": unlimited,
            "state": parts[5] or None,
        }
    return None


def _scontrol_fields(text):
    """`Key=Value` pairs of `scontrol show job` (values hold no spaces, but may hold `=`)."""
    fields = {}
    for token in (text or "").split():
        key, sep, value = token.partition("=")
        if sep and key not in fields:
            fields[key] = value
    return fields


def parse_scontrol(text, job_id):
    """`scontrol show job ID`'s answer as a dict; None when it does not name the job."""
    fields = _scontrol_fields(text)
    if fields.get("JobId") != job_id:
        return None
    limit, unlimited = _limit(fields.get("TimeLimit"))
    run = parse_slurm_time(fields.get("RunTime"))
    left = limit - run if limit is not None and run is not None else None
    return {
        "partition": fields.get("Partition") or None,
        "node": fields.get("NodeList") or fields.get("BatchHost") or None,
        "time_limit_s": limit,
        "time_left_s": None if unlimited else left,
        "unlimited": unlimited,
        "state": fields.get("JobState") or None,
    }


def parse_memory(text):
    """Bytes in a scheduler's memory value: `4096` (MB), `4G`, `500mb`, `8gb`; else None."""
    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)B?\s*$", text or "", re.I)
    if not match:
        return None
    unit = match.group(2).upper() or "M"  # Slurm's environment counts in megabytes
    return int(float(match.group(1)) * _UNITS[unit])


def _count(text):
    """How many devices a list names: `0,1,3`, `0-3`, `gpu:2`; None when it names none."""
    text = (text or "").strip()
    if not text or text in {"NoDevFiles", "N/A"}:
        return None
    total = 0
    for item in text.split(","):
        item = item.strip()
        span = re.match(r"^(\d+)-(\d+)$", item)
        total += int(span.group(2)) - int(span.group(1)) + 1 if span else 1
    return total


def _int(text):
    match = re.match(r"^\s*(\d+)", text or "")
    return int(match.group(1)) if match else None


def given_slurm(environ):
    """What a Slurm job was given on this node, from the environment it set."""
    cpus = _int(environ.get("SLURM_CPUS_ON_NODE")) or _int(environ.get("SLURM_JOB_CPUS_PER_NODE"))
    memory = parse_memory(environ.get("SLURM_MEM_PER_NODE"))
    per_cpu = parse_memory(environ.get("SLURM_MEM_PER_CPU"))
    if memory is None and per_cpu is not None and cpus:
        memory = per_cpu * cpus
    gpus = _int(environ.get("SLURM_GPUS_ON_NODE"))
    if gpus is None:
        gpus = _count(environ.get("SLURM_JOB_GPUS")) or _count(environ.get("CUDA_VISIBLE_DEVICES"))
    return {
        "partition": environ.get("SLURM_JOB_PARTITION") or None,
        "node": environ.get("SLURMD_NODENAME") or None,
        "cpus": cpus,
        "mem_bytes": memory,
        "gpus": gpus,
    }


def run_command(argv, timeout):
    """(returncode, stdout, error words): never a shell, never longer than `timeout`."""
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return None, "", f"{os.path.basename(argv[0])} did not answer in {timeout:g} s"
    except OSError as error:
        return None, "", f"{os.path.basename(argv[0])}: {error.strerror or error}"
    error = (done.stderr or "").strip().splitlines()
    return done.returncode, done.stdout, error[-1] if error else ""


def _slurm_times(job_id, which, timeout):
    """The job's times from squeue, else scontrol: (reading or None, source, error words)."""
    errors = []
    squeue = which("squeue")
    if squeue:
        code, out, error = run_command([squeue, "-h", "-j", job_id, "-o", SQUEUE_FORMAT], timeout)
        found = parse_squeue(out, job_id) if code == 0 else None
        if found:
            return found, "squeue", None
        errors.append(error or ("squeue: unreadable answer" if code == 0 else "squeue failed"))
        if code is None:  # it hung: scontrol asks the same controller
            return None, None, errors[0]
    scontrol = which("scontrol")
    if scontrol:
        code, out, error = run_command([scontrol, "show", "job", job_id], timeout)
        found = parse_scontrol(out, job_id) if code == 0 else None
        if found:
            return found, "scontrol", None
        errors.append(error or ("scontrol: unreadable answer" if code == 0 else "scontrol failed"))
    if not errors:
        errors.append("squeue and scontrol are not on the PATH")
    return None, None, "; ".join(errors)


def _env_end(environ, now):
    """Seconds left by SLURM_JOB_END_TIME (Slurm 23.02 and later), and the limit, or None."""
    end = _int(environ.get("SLURM_JOB_END_TIME"))
    if not end:
        return None
    start = _int(environ.get("SLURM_JOB_START_TIME"))
    return {"time_left_s": end - now, "time_limit_s": end - start if start else None}


def probe_slurm(job_id, environ, which, timeout, now):
    reading = {"scheduler": "slurm", "id": job_id, **given_slurm(environ)}
    times, source, error = _slurm_times(job_id, which, timeout)
    if times is None:
        times = _env_end(environ, now)
        source = "environment" if times else None
    reading.update(_times(times, source, error))
    if times:
        reading["partition"] = reading["partition"] or times.get("partition")
        reading["node"] = reading["node"] or times.get("node")
    return reading


def _times(times, source, error):
    """The clock part of a reading, with clock skew and overrun made plain."""
    if not times:
        return {
            "time_limit_s": None,
            "time_left_s": None,
            "unlimited": False,
            "source": None,
            "error": error or "the scheduler did not say",
        }
    limit, left = times.get("time_limit_s"), times.get("time_left_s")
    skew = False
    if left is not None and limit is not None and left > limit:
        # The node's clock is behind the one that started the job: at most the whole limit.
        left, skew = limit, True
    out = {
        "time_limit_s": limit,
        "time_left_s": None if left is None else max(0, left),
        "unlimited": bool(times.get("unlimited")),
        "source": source,
        "error": error if source == "environment" else None,
    }
    if skew:
        out["clock_skew"] = True
    if times.get("state"):
        out["state"] = times["state"]
    return out


def _pbs_fields(text):
    fields = {}
    for line in (text or "").splitlines():
        key, sep, value = line.partition(" = ")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def probe_pbs(job_id, environ, which, timeout, now):
    """PBS Pro and Torque: `qstat -f ID` says the walltime limit and the walltime used."""
    reading = {
        "scheduler": "pbs",
        "id": job_id,
        "partition": environ.get("PBS_QUEUE") or None,
        "node": (environ.get("HOSTNAME") or os.uname().nodename) or None,
        "cpus": _int(environ.get("NCPUS")) or _int(environ.get("PBS_NUM_PPN")),
        "mem_bytes": None,
        "gpus": _count(environ.get("CUDA_VISIBLE_DEVICES")),
    }
    qstat = which("qstat")
    if not qstat:
        reading.update(_times(None, None, "qstat is not on the PATH"))
        return reading
    code, out, error = run_command([qstat, "-f", job_id], timeout)
    fields = _pbs_fields(out) if code == 0 else {}
    limit = parse_slurm_time(fields.get("Resource_List.walltime"))
    used = parse_slurm_time(fields.get("resources_used.walltime")) or 0
    times = (
        {"time_limit_s": limit, "time_left_s": limit - used, "unlimited": False}
        if limit is not None
        else None
    )
    reading.update(_times(times, "qstat" if times else None, error or "qstat: no walltime"))
    reading["mem_bytes"] = parse_memory(fields.get("Resource_List.mem"))
    return reading


def probe_lsf(job_id, environ, which, timeout, now):
    """LSF: `bjobs -o 'time_left'` says `hh:mm L` (or `E` when estimated)."""
    hosts = (environ.get("LSB_HOSTS") or "").split()
    reading = {
        "scheduler": "lsf",
        "id": job_id,
        "partition": environ.get("LSB_QUEUE") or None,
        "node": hosts[0] if hosts else None,
        "cpus": _int(environ.get("LSB_DJOB_NUMPROC")) or (len(hosts) or None),
        "mem_bytes": None,
        "gpus": _count(environ.get("CUDA_VISIBLE_DEVICES")),
    }
    bjobs = which("bjobs")
    times = None
    error = "bjobs is not on the PATH"
    if bjobs:
        argv = [bjobs, "-noheader", "-o", "runtimelimit time_left", job_id]
        code, out, error = run_command(argv, timeout)
        times = _parse_bjobs(out) if code == 0 else None
        error = error or "bjobs: unreadable answer"
    reading.update(_times(times, "bjobs" if times else None, error))
    return reading


def _parse_bjobs(text):
    match = re.search(r"(\d+):(\d+)\s+[LE]\b", text or "")
    if not match:
        return None
    left = (int(match.group(1)) * 60 + int(match.group(2))) * 60
    # runtimelimit is in minutes (`120.0 min`).
    limit = re.match(r"^\s*(\d+(?:\.\d+)?)\s*min", text)
    return {
        "time_limit_s": int(float(limit.group(1)) * 60) if limit else None,
        "time_left_s": left,
    }


PROBES = {"slurm": probe_slurm, "pbs": probe_pbs, "lsf": probe_lsf}


def probe_job(environ, path=None, timeout=COMMAND_TIMEOUT, now=time.time):
    """The job `environ` belongs to, or None outside a job.

    `path`: where the scheduler's commands are looked up (None: the PATH). The reading holds
    `ends_at`, the end on the server's clock, when the time left is known.
    """
    found = job_of(environ)
    if found is None:
        return None
    scheduler, job_id = found
    start = now()

    def which(name):
        return shutil.which(name, path=path)

    reading = PROBES[scheduler](job_id, environ, which, timeout, start)
    left = reading.get("time_left_s")
    reading["ends_at"] = start + left if left is not None else None
    reading["status"] = "ok"
    return reading


def read_environment_file(path):
    """KEY=VALUE lines of a file that stands in for the environment (tests); {} when absent."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read(64 * 1024)
    except OSError:
        return {}
    pairs = (line.partition("=") for line in text.splitlines())
    return {key.strip(): value.strip() for key, sep, value in pairs if sep and key.strip()}


def time_left_now(reading, now):
    """The reading with its time left counted down to `now` (a cached reading stays right)."""
    if not reading or reading.get("status") != "ok" or reading.get("ends_at") is None:
        return reading
    return {**reading, "time_left_s": max(0, round(reading["ends_at"] - now))}


def probe_job_file(file, path=None, timeout=COMMAND_TIMEOUT):
    """`probe_job` with a file of KEY=VALUE lines as the environment (simulated jobs)."""
    return probe_job(read_environment_file(file), path, timeout)
