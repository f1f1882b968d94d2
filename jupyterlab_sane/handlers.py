"""HTTP handlers of the server part: thin, authenticated, authorized, JSON only."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .data.handler import DataHandler, DataProbes
from .environment.handler import EnvironmentHandler
from .health.cpu import CpuUse
from .health.disk import probe_disk
from .health.environment import interpreter_of, probe_environment
from .health.git import probe_git
from .health.gpu import probe_gpu
from .health.gpu_use import GpuUse
from .health.job import (
    job_of,
    probe_job,
    probe_job_file,
    read_environment_file,
    time_left_now,
)
from .health.kernel_deaths import DeathWatch, kernel_pid
from .health.kernel_usage import KernelUsage, with_kernel_usage
from .health.memory import probe_memory
from .health.paths import confine
from .health.probe_cache import HealthProbes
from .health.restarts import RestartCounter
from .health.storage import MOUNTINFO, probe_storage

NAMESPACE = "jupyterlab-sane"
# What an authorizer is asked about (action "read" for GET): the readings name every kernel
# and what lies under the root, so deployments that restrict users can deny them.
AUTH_RESOURCE = "sane"
_DRIVE = re.compile(r"^[A-Za-z]:")


def resolve_directory(root, path):
    """The directory a request names, inside the server root, checked by its text alone.

    Absolute paths are a bad request (400); `..` anywhere is refused (403). Links are
    resolved afterwards, off the IO loop (`confine`): a link out of the root is a 403 too.
    """
    if "\0" in path or path.startswith(("/", "\\")) or _DRIVE.match(path):
        raise tornado.web.HTTPError(400, "path must be relative to the server root")
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        raise tornado.web.HTTPError(403, "path must stay inside the server root")
    return os.path.join(root, *parts)


async def _read(probes: HealthProbes, specs):
    """Readings for `(key, ttl, probe, *args)` specs: cached ones at once, the rest together.

    The common case (every reading cached) then makes no task at all: a request is a few
    dictionary lookups on the IO loop.
    """
    out = [probes.peek(spec[0], spec[1]) for spec in specs]
    missing = [i for i, reading in enumerate(out) if reading is None]
    if missing:
        found = await asyncio.gather(*(probes.get(*specs[i]) for i in missing))
        for i, reading in zip(missing, found):
            out[i] = reading
    return out


async def _place(probes: HealthProbes, root, directory):
    """Where `directory` really is, links resolved off the IO loop; 403 when out of the root."""
    key = ("resolve", directory)
    place = probes.peek(key, probes.resolve_ttl) or await probes.get(
        key, probes.resolve_ttl, confine, root, directory
    )
    if place["status"] == "outside":
        raise tornado.web.HTTPError(403, "path must stay inside the server root")
    return place


@dataclass(frozen=True)
class Ask:
    """What one health request asks about: what the table's rows build their readers' calls from."""

    probes: HealthProbes
    settings: dict
    root: str
    real: str | None  # the directory's real path; None when missing, outside or hung
    python: str | None  # the kernel's interpreter, None when unknown
    kernels: dict  # kernel id -> (kernel name, pid)


@dataclass(frozen=True)
class Probe:
    """One row of the probe table: one reading of the health reply."""

    name: str  # its key in the reply
    ttl: str  # the HealthProbes traitlet (`c.HealthProbes.<ttl>`) saying how long it is reused
    # (cache key, reader, *args) for the request, or None when it does not apply (no job).
    # Rows look readers up as module globals when called: tests replace them on this module.
    call: Callable[[Ask], tuple | None]
    directory: bool = False  # reads the requested directory; without one the place stands in
    reply: bool = True  # False: only an input of another reading (what the job uses)


def _in_job(probes: HealthProbes):
    """A batch job's server, or a test playing one with a file: only then is the job read."""
    return bool(probes.job_environment) or job_of(os.environ) is not None


def _job_call(ask: Ask):
    """The job probe's call, or None outside a batch job (then it costs nothing more)."""
    probes = ask.probes
    path, timeout = probes.scheduler_path or None, probes.job_command_timeout
    if probes.job_environment:  # tests: a file plays the environment
        file = probes.job_environment
        return (("job", file), probe_job_file, file, path, timeout)
    if job_of(os.environ) is None:
        return None
    return (("job",), probe_job, os.environ, path, timeout)


def _job_cpu_call(ask: Ask):
    """The CPUs each kernel kept busy lately: read for the job only."""
    if not _in_job(ask.probes):
        return None
    cpu_use: CpuUse = ask.settings["sane_cpu_use"]
    return (("job-cpu", *sorted(ask.kernels.items())), cpu_use.sample, ask.kernels)


def _job_gpu_call(ask: Ask):
    """nvidia-smi is looked up where the scheduler's commands are (the PATH when unset)."""
    if not _in_job(ask.probes):
        return None
    path, file = ask.probes.scheduler_path or None, ask.probes.job_environment
    gpu_use: GpuUse = ask.settings["sane_gpu_use"]
    return (("job-gpu", path, file), _gpu_use, gpu_use, path, file)


def _memory_call(ask: Ask):
    """Keyed by the kernels' processes: a new or restarted kernel is read at once."""
    deaths: DeathWatch = ask.settings["sane_deaths"]
    kernels = ask.kernels
    return (("memory", *sorted(kernels.items())), deaths.sampled, probe_memory, kernels)


# Every server probe, once: the health handler reads each row's call and replies with the
# readings in this order. A new probe is a row here (and its `*_ttl` traitlet).
PROBES = (
    Probe("disk", "disk_ttl", lambda a: (("disk", a.real), probe_disk, a.real), directory=True),
    Probe(
        "storage",
        "storage_ttl",
        lambda a: (("storage", a.real), probe_storage, a.real, MOUNTINFO, True, a.root),
        directory=True,
    ),
    Probe(
        "backup", "backup_ttl", lambda a: (("backup", a.real), probe_git, a.real), directory=True
    ),
    Probe("memory", "memory_ttl", _memory_call),
    Probe("gpu", "gpu_ttl", lambda a: (("gpu",), probe_gpu)),
    Probe(
        "environment",
        "environment_ttl",
        lambda a: (
            ("environment", a.real, a.python),
            probe_environment,
            a.real,
            a.root,
            a.python,
        ),
        directory=True,
    ),
    Probe("job", "job_ttl", _job_call),
    Probe("job-cpu", "job_ttl", _job_cpu_call, reply=False),
    Probe("job-gpu", "job_ttl", _job_gpu_call, reply=False),
)


async def read_probes(ask: Ask, place):
    """Name -> reading for every row that applies; directory rows get `place` without one."""
    rows = [p for p in PROBES if not (p.directory and ask.real is None)]
    calls = [(p, p.call(ask)) for p in rows]
    calls = [(p, call) for p, call in calls if call is not None]
    specs = [(call[0], getattr(ask.probes, p.ttl), *call[1:]) for p, call in calls]
    readings = dict(zip((p.name for p, _ in calls), await _read(ask.probes, specs)))
    for p in PROBES:
        if p.directory:  # missing, not a directory, or resolving it hung: the place says so
            readings[p.name] = _relative(readings.get(p.name, place), ask.root)
    return readings


def _job_reading(readings):
    """The job's reading counted down to now, with what it uses; None outside a batch job."""
    job = readings.get("job")
    if job is None:
        return None
    now = time_left_now(job, time.time())
    return _with_use(now, readings.get("job-cpu"), readings.get("job-gpu"))


def _with_use(job, cpu, gpu):
    """The job's reading with what it uses of what it was given (advice against `cpus`,
    `gpus`): the CPUs each kernel kept busy lately, how long each GPU has been idle."""
    if not job or job.get("status") != "ok":
        return job
    usable = isinstance(cpu, dict) and "status" not in cpu
    gpu_use = gpu if isinstance(gpu, dict) and gpu.get("status") == "ok" else None
    return {**job, "kernel_cpu": cpu if usable else {}, "gpu_use": gpu_use}


def _gpu_use(gpu_use: GpuUse, path, environment_file):
    """The job's GPUs' utilisation (a probe: `which` and the file may wait on a mount)."""
    environ = read_environment_file(environment_file) if environment_file else os.environ
    return gpu_use.sample(shutil.which("nvidia-smi", path=path), environ)


def _relative(reading, root):
    """Errors name paths relative to the root: the server's own location is nobody's business."""
    error = reading.get("error") if reading.get("status") == "error" else None
    if not error or root not in error:
        return reading
    return {**reading, "error": error.replace(root + os.sep, "").replace(root, ".")}


class HealthHandler(APIHandler):
    """`GET /jupyterlab-sane/health?path=DIR`: version and every probe's reading for DIR."""

    auth_resource = AUTH_RESOURCE

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        from . import __version__

        settings = self.settings
        probes: HealthProbes = settings["sane_probes"]
        root = settings["sane_root_dir"]
        path = self.get_query_argument("path", "")
        directory = resolve_directory(root, path)
        kernels = self._kernel_pids()
        kernel_id = self.get_query_argument("kernel", "")
        python = self._kernel_python(kernel_id)
        place = await _place(probes, root, directory)
        ask = Ask(probes, settings, root, place.get("real"), python, kernels)
        readings = await read_probes(ask, place)
        readings["memory"] = await with_kernel_usage(
            readings["memory"],
            kernel_id,
            settings["sane_kernel_usage"],
            self._kernel_manager_of(kernel_id),
        )
        readings["job"] = _job_reading(readings)
        reply = {
            "version": __version__,
            "path": path,
            # The server's clock, so that a page on another clock can place
            # the times in the readings (a kernel's start) on its own.
            "time": time.time(),
            "kernel": self._kernel_reading(kernel_id, kernels),
        }
        reply.update((p.name, readings[p.name]) for p in PROBES if p.reply)
        self.finish(json.dumps(reply))

    def _kernel_reading(self, kernel_id, kernels):
        """What the server knows of the kernel the request names; None for no such kernel."""
        if kernel_id not in kernels:
            return None
        restarts: RestartCounter = self.settings["sane_restarts"]
        deaths: DeathWatch = self.settings["sane_deaths"]
        deaths.watch(kernel_id)  # a kernel started before the server part was loaded
        return {
            "id": kernel_id,
            "restarts": restarts.count(kernel_id),
            # Why it last died (it keeps its id across the automatic restart), or None.
            "death": deaths.death(kernel_id),
        }

    def _kernel_manager_of(self, kernel_id):
        manager = self.kernel_manager
        return manager.get_kernel(kernel_id) if kernel_id in manager else None

    def _kernel_python(self, kernel_id):
        """The interpreter of one of this server's kernels, from its spec; None if unknown."""
        manager = self.kernel_manager
        if kernel_id not in manager:
            return None
        spec = getattr(manager.get_kernel(kernel_id), "kernel_spec", None)
        argv = getattr(spec, "argv", None) or [None]
        return interpreter_of(argv[0])

    def _kernel_pids(self):
        """Kernel id -> (kernel name, pid as its provisioner says, None without one).

        The pid may be another host's: the memory probe reads only processes the server
        started itself.
        """
        manager = self.kernel_manager
        out = {}
        for kernel_id in manager.list_kernel_ids():
            kernel = manager.get_kernel(kernel_id)
            out[kernel_id] = (getattr(kernel, "kernel_name", ""), kernel_pid(kernel))
        return out


def setup_handlers(server_app) -> None:
    web_app = server_app.web_app
    probes = HealthProbes(config=server_app.config)
    web_app.settings["sane_probes"] = probes
    web_app.settings["sane_kernel_usage"] = KernelUsage(probes.memory_ttl, probes.timeout)
    web_app.settings["sane_cpu_use"] = CpuUse()
    web_app.settings["sane_gpu_use"] = GpuUse()
    restarts = RestartCounter()
    restarts.listen(server_app.event_logger)
    web_app.settings["sane_restarts"] = restarts
    deaths = DeathWatch(server_app.kernel_manager, lambda: probes.memory_events)
    deaths.listen(server_app.event_logger)
    web_app.settings["sane_deaths"] = deaths
    # The real path: probes confine directories by their real paths under it.
    web_app.settings["sane_root_dir"] = os.path.realpath(os.path.expanduser(server_app.root_dir))
    base_url = web_app.settings["base_url"]
    web_app.settings["sane_data_probes"] = DataProbes(config=server_app.config)
    handlers = [
        (url_path_join(base_url, NAMESPACE, "health"), HealthHandler),
        (url_path_join(base_url, NAMESPACE, "environment"), EnvironmentHandler),
        (url_path_join(base_url, NAMESPACE, "data"), DataHandler),
    ]
    web_app.add_handlers(".*$", handlers)
