"""Framework-free probes of the ground under the work: disk, storage, git, memory, GPU, env.

Each probe is a plain function of a directory (or of nothing) that returns a JSON-able dict with
a ``status`` of ``ok`` or ``error``. They may block (a hung network mount can), so the server
runs them in a thread pool with timeouts (see ``runner.py``); tests call them directly.
"""
