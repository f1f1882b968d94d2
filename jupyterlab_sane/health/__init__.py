"""Framework-free probes of the ground under the work: disk, storage, git, memory, GPU, env.

Each probe is a plain function of a directory (or of nothing) that returns a JSON-able dict with
a ``status`` of ``ok`` or ``error``. They may block (a hung network mount can), so the server
runs each in a thread of its own with a timeout and caches the readings (``probe_cache.py``);
the table of what the health reply reads is ``PROBES`` in ``handlers.py``. Tests call them
directly. A kernel's death: why a process died (``death_cause.py``) and each kernel's last
death as the server saw it (``kernel_deaths.py``).
"""
