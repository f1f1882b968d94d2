"""GPU memory, from NVIDIA's management library or `nvidia-smi` where either exists."""

from __future__ import annotations

import shutil
import subprocess

SMI_TIMEOUT = 5


def _from_nvml():
    import pynvml  # optional: only where NVIDIA's Python bindings are installed

    pynvml.nvmlInit()
    try:
        gpus = []
        for index in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            info = pynvml.nvmlDeviceGetMemoryInfo(handle)
            name = pynvml.nvmlDeviceGetName(handle)
            name = name.decode() if isinstance(name, bytes) else name
            gpus.append({"index": index, "name": name, "used": info.used, "total": info.total})
        return gpus
    finally:
        pynvml.nvmlShutdown()


def parse_smi(text):
    """`nvidia-smi --query-gpu=index,name,memory.used,memory.total --format=csv,...` lines."""
    gpus = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 4 and parts[0].isdigit():
            mib = 1024 * 1024
            gpus.append(
                {
                    "index": int(parts[0]),
                    "name": parts[1],
                    "used": int(float(parts[2]) * mib),
                    "total": int(float(parts[3]) * mib),
                }
            )
    return gpus


def probe_gpu():
    try:
        return {"status": "ok", "available": True, "source": "nvml", "gpus": _from_nvml()}
    except Exception:  # no bindings, no driver, no device: try the command line
        pass
    smi = shutil.which("nvidia-smi")
    if not smi:
        return {"status": "ok", "available": False, "gpus": []}
    query = "--query-gpu=index,name,memory.used,memory.total"
    done = subprocess.run(
        [smi, query, "--format=csv,noheader,nounits"],
        capture_output=True,
        text=True,
        timeout=SMI_TIMEOUT,
        check=False,
    )
    gpus = parse_smi(done.stdout) if done.returncode == 0 else []
    return {"status": "ok", "available": bool(gpus), "source": "nvidia-smi", "gpus": gpus}
