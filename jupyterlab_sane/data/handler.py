"""`GET /jupyterlab-sane/data?cwd=DIR&path=P&path=Q`: each data path's reading and the faster
places. Thin: paths checked by their text here, everything that touches a disk in a probe
thread (DataProbes, health.probe_cache's machinery with the data probe's own caps and cache)."""

from __future__ import annotations

import asyncio
import json
import os

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from traitlets import Float, Int, Unicode

from ..health.paths import inside
from ..health.probe_cache import HealthProbes
from .mounts import read_mounts
from .places import probe_places
from .policy import load_policy
from .probe import advise, empty, probe_path

MAX_PATHS = 200
PUBLIC = (
    "exists", "kind", "bytes", "files", "mount", "fstype", "tier", "evidence", "read_mb_s",
    "cached", "load_s", "copies", "second_copy", "purge_in_days", "notes", "error",
)  # fmt: skip


# Seconds a missing path's reading is reused: a few requests in a row share it.
MISSING_TTL = 5.0


def wiped_at_job_end(reading, path, places):
    """Whether the path lies in a place the job's end wipes ($SLURM_TMPDIR, $TMPDIR in a job):
    by its real path, or by its path when it does not exist yet (a file a cell will write)."""
    where = reading.get("real") or path
    return bool(where) and any(
        place["wiped_at_job_end"] and inside(where, place["folder"]) for place in places
    )


class DataProbes(HealthProbes):
    """Settings of the data probe (`c.DataProbes.read_bytes = ...`)."""

    timeout = Float(10.0, help="Seconds a request waits for one path's reading.").tag(config=True)
    data_ttl = Float(3600.0, help="Seconds a path's reading is reused (one read an hour).").tag(
        config=True
    )
    places_ttl = Float(3600.0, help="Seconds the faster places' reading is reused.").tag(
        config=True
    )
    read_bytes = Int(64 * 1024 * 1024, help="Bytes of a data file read to time it, at most.").tag(
        config=True
    )
    read_seconds = Float(2.0, help="Seconds spent reading a data file, at most.").tag(config=True)
    walk_entries = Int(100_000, help="Entries a folder's walk counts, at most.").tag(config=True)
    walk_seconds = Float(2.0, help="Seconds a folder's walk takes, at most.").tag(config=True)
    policy_file = Unicode(
        os.environ.get("SANE_STORAGE_POLICY", ""),
        help="The administrator's storage policy (TOML, see README); empty: none.",
    ).tag(config=True)


def absolute(cwd, text):
    """A requested path, `~` and `$VAR` expanded, relative to the notebook's folder, normalised
    by its text (no disk touched); None for a path no file can have."""
    if not text or "\0" in text:
        return None
    expanded = os.path.expandvars(os.path.expanduser(text))
    return os.path.normpath(os.path.join(cwd, expanded))


def _policy(path):
    rules, error = load_policy(path)
    return {"rules": rules, "error": error}


class DataHandler(APIHandler):
    auth_resource = "sane"

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        from ..handlers import _place, resolve_directory

        probes: DataProbes = self.settings["sane_data_probes"]
        root = self.settings["sane_root_dir"]
        cwd = resolve_directory(root, self.get_query_argument("cwd", ""))
        requested = self.get_query_arguments("path")
        if len(requested) > MAX_PATHS:
            raise tornado.web.HTTPError(400, f"at most {MAX_PATHS} paths")
        place = await _place(probes, root, cwd)
        cwd = place.get("real") or cwd
        # Out of the root only for users who may run code: they can read it through a kernel.
        may_leave = bool(
            self.authorizer.is_authorized(self, self.current_user, "execute", "kernels")
        )
        paths = [absolute(cwd, p) for p in requested]
        if not may_leave and any(p is not None and not inside(p, root) for p in paths):
            raise tornado.web.HTTPError(403, "paths outside the server root need code execution")
        policy_file = probes.policy_file
        if may_leave and self.get_query_argument("policy", ""):
            # A user who may run code could read that file through a kernel anyway.
            policy_file = os.path.expanduser(self.get_query_argument("policy"))
        # Off the IO loop: the policy file may sit on a hung mount too.
        policy = await probes.get(("data-policy", policy_file), 60.0, _policy, policy_file)
        rules, policy_error = policy.get("rules", []), policy.get("error")
        if policy.get("status") == "unresponsive":
            policy_error = "storage policy: its file did not answer in time"
        mounts = read_mounts()  # /proc: the kernel answers at once
        options = self._options(probes)
        key_rules = json.dumps(rules, sort_keys=True)
        readings = await asyncio.gather(
            *(
                self._one(probes, p, root, may_leave, mounts, rules, options, key_rules)
                for p in paths
            )
        )
        if any(r.get("status") == "outside" for r in readings):
            raise tornado.web.HTTPError(403, "paths outside the server root need code execution")
        places = await probes.get(
            ("data-places", key_rules),
            probes.places_ttl,
            probe_places,
            dict(os.environ),
            mounts,
            rules,
        )
        places = places if isinstance(places, list) else []
        out = []
        for text, path, reading in zip(requested, paths, readings):
            entry = {"path": text, **{k: reading.get(k) for k in PUBLIC}}
            entry["copy_to"] = advise(reading, places)
            entry["wiped_at_job_end"] = wiped_at_job_end(reading, path, places)
            out.append(entry)
        faster = [
            {k: p[k] for k in ("mount", "tier", "free_bytes", "read_mb_s", "wiped_at_job_end")}
            for p in places
        ]
        self.finish(json.dumps({"paths": out, "faster": faster, "policy_error": policy_error}))

    def _options(self, probes):
        """The probe's caps: what the request asks for, never above the server's own."""
        options = {
            k: getattr(probes, k)
            for k in ("read_bytes", "read_seconds", "walk_entries", "walk_seconds")
        }
        for name, key, kind in (
            ("max_bytes", "read_bytes", int),
            ("max_seconds", "read_seconds", float),
        ):
            text = self.get_query_argument(name, "")
            if not text:
                continue
            try:
                asked = kind(float(text))
            except (ValueError, OverflowError):
                raise tornado.web.HTTPError(400, f"{name} must be a number") from None
            if asked <= 0:
                raise tornado.web.HTTPError(400, f"{name} must be positive")
            options[key] = min(options[key], asked)
        return options

    async def _one(self, probes, path, root, may_leave, mounts, rules, options, key_rules):
        if path is None:
            return empty("not a path: empty or with a NUL character")
        key = ("data", path, may_leave, key_rules, tuple(sorted(options.items())))
        ttl = probes.data_ttl
        if (probes.peek(key, ttl) or {}).get("kind") == "missing":
            # A file not there yet (the cell that writes it has not run): caching its absence
            # saves no read, and would hide the file for an hour once it is written.
            ttl = MISSING_TTL
        reading = await probes.get(
            key, ttl, probe_path, path, root, may_leave, mounts, rules, options
        )
        if reading.get("status") == "unresponsive":
            waited = reading.get("timeout_s", probes.timeout)
            return empty(
                f"the storage did not answer within {waited} s (a hung mount?)", kind="other"
            )
        if reading.get("status") == "error":
            return empty(reading.get("error"), kind="other")
        return reading
