"""A one-node Slurm on localhost for tests: munged, slurmctld and slurmd in the foreground.

Everything lives in a temporary directory (configuration, state, logs, sockets); the daemons
are started with fixed argument lists and killed at teardown, and every wait has a deadline.
Needs root and Debian's slurm-wlm and munge (`make slurm` installs them when root).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

DAEMONS = ("munged", "slurmctld", "slurmd")
CLIENTS = ("sbatch", "squeue", "scontrol", "sinfo")
START_TIMEOUT = 30


def missing():
    """Why a real Slurm can't run here, or None when it can."""
    if os.geteuid() != 0:
        return "a real Slurm needs root (slurmd runs jobs as their user)"
    absent = [name for name in DAEMONS + CLIENTS if not _which(name)]
    if absent:
        return f"not installed: {', '.join(absent)} (apt-get install -y slurm-wlm munge)"
    return None


def _which(name):
    return shutil.which(name, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(base: Path, node: str, cpus: int, munge_socket: Path) -> str:
    ctld, slurmd = _free_port(), _free_port()
    return f"""\
ClusterName=sanetest
SlurmctldHost={node}(127.0.0.1)
SlurmctldPort={ctld}
SlurmdPort={slurmd}
AuthType=auth/munge
AuthInfo=socket={munge_socket}
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation={base}/ctld
SlurmdSpoolDir={base}/spool
SlurmctldPidFile={base}/slurmctld.pid
SlurmdPidFile={base}/slurmd.pid
SlurmctldLogFile={base}/slurmctld.log
SlurmdLogFile={base}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmctldTimeout=10
SlurmdTimeout=10
InactiveLimit=0
MinJobAge=300
KillWait=2
NodeName={node} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes={node} Default=YES MaxTime=INFINITE State=UP
"""


class SlurmCluster:
    """Start with `start()`, stop with `stop()` (always: it kills what it started)."""

    def __init__(self, base: Path):
        self.base = base
        self.node = socket.gethostname().split(".")[0]
        self.procs: list[subprocess.Popen] = []
        self.env = dict(os.environ)

    def start(self):
        base = self.base
        for sub in ("ctld", "spool", "munge"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(base / "munge", 0o755)
        key = base / "munge" / "munge.key"
        key.write_bytes(os.urandom(1024))
        os.chmod(key, 0o600)
        munge_socket = base / "munge" / "munge.socket"
        conf = base / "slurm.conf"
        conf.write_text(_config(base, self.node, os.cpu_count() or 1, munge_socket))
        self.env = {**os.environ, "SLURM_CONF": str(conf)}
        self._spawn(
            [
                _which("munged"),
                "--foreground",
                "--force",
                f"--key-file={key}",
                f"--socket={munge_socket}",
                f"--pid-file={base / 'munge' / 'munged.pid'}",
                f"--log-file={base / 'munge' / 'munged.log'}",
                f"--seed-file={base / 'munge' / 'munged.seed'}",
            ]
        )
        self._wait(lambda: munge_socket.exists(), "munged's socket")
        self._spawn([_which("slurmctld"), "-D", "-i", "-f", str(conf)])
        self._spawn([_which("slurmd"), "-D", "-f", str(conf), "-N", self.node])
        self._wait(self._idle, "the node to be idle")
        return self

    def _spawn(self, argv):
        log = open(self.base / f"{Path(argv[0]).name}.out", "wb")
        self.procs.append(
            subprocess.Popen(
                argv,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        log.close()

    def _wait(self, ready, what, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc in self.procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"{proc.args[0]} exited: {self.logs()}")
            if ready():
                return
            time.sleep(0.2)
        raise RuntimeError(f"timed out waiting for {what}: {self.logs()}")

    def _idle(self):
        done = self.run(["sinfo", "-h", "-N", "-o", "%T"], check=False)
        return done.returncode == 0 and done.stdout.strip().rstrip("*") in {"idle", "mixed"}

    def _no_jobs(self):
        done = self.run(["squeue", "-h", "-o", "%i"], check=False)
        return done.returncode == 0 and not done.stdout.strip()

    def run(self, argv, check=True, timeout=10):
        """A Slurm client command against this cluster (fixed arguments, a deadline)."""
        return subprocess.run(
            [_which(argv[0]), *argv[1:]],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
            stdin=subprocess.DEVNULL,
        )

    def logs(self):
        out = []
        for name in ("slurmctld.log", "slurmd.log", "munged.out", "slurmctld.out", "slurmd.out"):
            path = self.base / name
            if path.exists():
                out.append(f"--- {name}\n" + path.read_text(errors="replace")[-2000:])
        return "\n".join(out)

    def stop(self):
        # Jobs first: their slurmstepd outlives slurmd, so the controller must end them.
        if self.procs and all(proc.poll() is None for proc in self.procs):
            try:
                self.run(["scancel", "--full", "--user=root"], check=False)
                self._wait(self._no_jobs, "the jobs to end", timeout=15)
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        for proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            proc.wait(timeout=10)
        self.procs = []
