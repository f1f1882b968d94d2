"""Benchmark of the data endpoint: `BENCH name value unit` lines, for `make bench`.

One Jupyter server on loopback, a 64 MB file on the disk under its root and one in /dev/shm:

- data_endpoint_first_ms: the first request for both, which measures them (a capped read each,
  the walk, the faster places' own test files);
- data_endpoint_cached_ms: median of the requests after it (readings reused for an hour).
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlencode

from health import PORT, request, server_command, wait_ready

SIZE = 64 * 1000 * 1000


def main():
    shm = f"/dev/shm/sane-bench-{uuid.uuid4().hex[:8]}.bin"
    with tempfile.TemporaryDirectory() as root:
        (Path(root) / "train.bin").write_bytes(os.urandom(SIZE))
        Path(shm).write_bytes(os.urandom(SIZE))
        path = "/jupyterlab-sane/data?" + urlencode(
            [("cwd", ""), ("path", "train.bin"), ("path", shm)]
        )
        command = server_command(root, '{"jupyterlab_sane": True}')
        log = open(Path(root) / "server.log", "w")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=root)
        try:
            wait_ready(process)
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            first = request(connection, path)
            times = [request(connection, path) for _ in range(200)]
            connection.close()
        finally:
            process.terminate()
            process.wait(10)
            log.close()
            os.unlink(shm)
    print(f"BENCH data_endpoint_first_ms {first:.1f} ms")
    print(f"BENCH data_endpoint_cached_ms {statistics.median(times):.3f} ms")


if __name__ == "__main__":
    main()
