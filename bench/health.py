"""Benchmarks of the health endpoint: `BENCH name value unit` lines, for `make bench`.

One Jupyter server on loopback serves both our `/jupyterlab-sane/health` and
jupyter-resource-usage's `/api/metrics/v1` (installed only for the bench, in its own
directory on PYTHONPATH), so the two are measured in the same run on the same machine:

- health_endpoint_ms: median of sequential requests, probes cached;
- health_vs_jru_ratio: that median over jupyter-resource-usage's median;
- health_p99_ms: the 99th percentile under an open-loop load of 200 requests/s for 10 s.
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PORT = int(os.environ.get("SANE_BENCH_PORT", "8951"))
TOKEN = "bench-token"
OURS = "/jupyterlab-sane/health?path="
JRU = "/api/metrics/v1"


def request(connection, path):
    start = time.perf_counter()
    connection.request("GET", path, headers={"Authorization": f"token {TOKEN}"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return (time.perf_counter() - start) * 1000


def median_ms(path, count=300):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    for _ in range(30):  # warm-up: fills the probe caches, opens the connection
        request(connection, path)
    times = [request(connection, path) for _ in range(count)]
    connection.close()
    return statistics.median(times)


def p99_under_load(path, rate=200, seconds=10, workers=16):
    """Open loop: requests start on schedule whatever the previous ones did."""
    local = threading.local()

    def one(at):
        delay = at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        # Latency counts from the scheduled start: a late start is the server's queue too.
        request(local.connection, path)
        return (time.perf_counter() - at) * 1000

    start = time.perf_counter() + 0.2
    with ThreadPoolExecutor(workers) as pool:
        times = list(pool.map(one, [start + i / rate for i in range(rate * seconds)]))
    return statistics.quantiles(times, n=100)[98]


def wait_ready(process):
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError("the bench server exited")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            request(connection, "/api/status")
            return
        except (OSError, RuntimeError):
            time.sleep(0.2)
    raise RuntimeError("the bench server did not start")


def server_command(root, extensions):
    """A Jupyter server on loopback, token auth, rooted in `root`, with these extensions."""
    command = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={PORT}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
        f"--ServerApp.jpserver_extensions={extensions}",
    ]
    if os.geteuid() == 0:  # machines of this kind run as root
        command.append("--allow-root")
    return command


def main(site):
    # The server runs in a temporary directory: the site directory must not be relative.
    site = os.path.abspath(site) if site else ""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [site, os.environ.get("PYTHONPATH")]))
    )
    with tempfile.TemporaryDirectory() as root:
        command = server_command(root, '{"jupyterlab_sane": True, "jupyter_resource_usage": True}')
        log = open(Path(root) / "server.log", "w")
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
        try:
            wait_ready(process)
            ours = median_ms(OURS)
            theirs = median_ms(JRU)
            p99 = p99_under_load(OURS)
        finally:
            process.terminate()
            process.wait(10)
            log.close()
            if os.environ.get("SANE_BENCH_LOG"):
                print(Path(root, "server.log").read_text(), file=sys.stderr)
    print(f"BENCH health_endpoint_ms {ours:.3f} ms")
    print(f"BENCH jru_metrics_ms {theirs:.3f} ms")
    print(f"BENCH health_vs_jru_ratio {ours / theirs:.2f} x")
    print(f"BENCH health_p99_ms {p99:.2f} ms")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
