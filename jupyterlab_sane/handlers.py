"""HTTP handlers of the server part: thin, authenticated, authorized, JSON only."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import time

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .data.handler import DataHandler, DataProbes
from .environment.handler import EnvironmentHandler
from .health.cpu import CpuUse
from .health.deathwatch import DeathWatch, kernel_pid
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
from .health.kernel_usage import KernelUsage, with_kernel_usage
from .health.memory import probe_memory
from .health.paths import confine
from .health.restarts import RestartCounter
from .health.runner import HealthProbes
from .health.storage import MOUNTINFO, probe_storage

NAMESPACE = "jupyterlab-sane"
# What an authorizer is asked about (action "read" for GET): the readings name every kernel
# and what lies under the root, so deployments that restrict users can deny them.
AUTH_RESOURCE = "sane"
DIRECTORY_READINGS = ("disk", "storage", "backup", "environment")
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


def _job_spec(probes: HealthProbes):
    """The job probe's spec, or None outside a batch job (then it costs nothing more)."""
    path = probes.scheduler_path or None
    timeout = probes.job_command_timeout
    if probes.job_environment:  # tests: a file plays the environment
        file = probes.job_environment
        return (("job", file), probes.job_ttl, probe_job_file, file, path, timeout)
    if job_of(os.environ) is None:
        return None
    return (("job",), probes.job_ttl, probe_job, os.environ, path, timeout)


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


def _gpu_use_spec(probes: HealthProbes, gpu_use: GpuUse):
    """nvidia-smi is looked up where the scheduler's commands are (the PATH when unset)."""
    path, file = probes.scheduler_path or None, probes.job_environment
    return (("job-gpu", path, file), probes.job_ttl, _gpu_use, gpu_use, path, file)


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
        memory_key = ("memory", *sorted(kernels.items()))
        deaths: DeathWatch = settings["sane_deaths"]
        # Keyed by the kernels' processes: a new or restarted kernel is read at once.
        specs = [
            (memory_key, probes.memory_ttl, deaths.sampled, probe_memory, kernels),
            (("gpu",), probes.gpu_ttl, probe_gpu),
        ]
        real = place.get("real")
        if real is not None:
            specs += [
                (("disk", real), probes.disk_ttl, probe_disk, real),
                (
                    ("storage", real),
                    probes.storage_ttl,
                    probe_storage,
                    real,
                    MOUNTINFO,
                    True,
                    root,
                ),
                (("backup", real), probes.backup_ttl, probe_git, real),
                (
                    ("environment", real, python),
                    probes.environment_ttl,
                    probe_environment,
                    real,
                    root,
                    python,
                ),
            ]
        job_spec = _job_spec(probes)
        if job_spec is not None:  # last: popped from the readings below
            cpu_use: CpuUse = settings["sane_cpu_use"]
            cpu_key = ("job-cpu", *sorted(kernels.items()))
            specs += [
                job_spec,
                (cpu_key, probes.job_ttl, cpu_use.sample, kernels),
                _gpu_use_spec(probes, settings["sane_gpu_use"]),
            ]
        readings = await _read(probes, specs)
        job = None
        if job_spec is not None:
            gpu_use, cpu = readings.pop(), readings.pop()
            job = _with_use(time_left_now(readings.pop(), time.time()), cpu, gpu_use)
        memory, gpu, *directory_readings = readings
        memory = await with_kernel_usage(
            memory, kernel_id, settings["sane_kernel_usage"], self._kernel_manager_of(kernel_id)
        )
        if real is None:  # missing, not a directory, or resolving it hung
            directory_readings = [place] * len(DIRECTORY_READINGS)
        place = {
            name: _relative(reading, root)
            for name, reading in zip(DIRECTORY_READINGS, directory_readings)
        }
        self.finish(
            json.dumps(
                {
                    "version": __version__,
                    "path": path,
                    # The server's clock, so that a page on another clock can place
                    # the times in the readings (a kernel's start) on its own.
                    "time": time.time(),
                    "kernel": self._kernel_reading(kernel_id, kernels),
                    "disk": place["disk"],
                    "storage": place["storage"],
                    "backup": place["backup"],
                    "memory": memory,
                    "gpu": gpu,
                    "environment": place["environment"],
                    "job": job,
                }
            )
        )

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
