"""Whether a data file has a second copy, with the evidence: git (tracked and pushed), a git LFS
pointer, a DVC file with a remote, a git-annex link, filesystem snapshots, or an administrator's
storage policy. git runs as the health probe runs it: nothing the repository names is executed.
"""

from __future__ import annotations

import configparser
import os
import subprocess

import yaml

from ..health.git import _driver_overrides, _git

LFS_HEADER = b"version https://git-lfs.github.com/spec/v1"
LFS_POINTER_MAX = 1024
GIT_TIMEOUT = 5


def lfs_pointer(real):
    """`{"oid", "size"}` if the file is a git LFS pointer (the data itself is not here)."""
    try:
        with open(real, "rb") as file:
            head = file.read(LFS_POINTER_MAX + 1)
    except OSError:
        return None
    if len(head) > LFS_POINTER_MAX or not head.startswith(LFS_HEADER):
        return None
    fields = dict(
        line.split(" ", 1) for line in head.decode("utf-8", "replace").splitlines() if " " in line
    )
    size = fields.get("size", "")
    return {"oid": fields.get("oid"), "size": int(size) if size.isdigit() else None}


def _git_copy(real):
    """A git copy: tracked, unchanged, and the same as on the upstream branch."""
    folder = real if os.path.isdir(real) else os.path.dirname(real)
    name = "." if folder == real else os.path.basename(real)
    try:
        overrides = _driver_overrides(folder, GIT_TIMEOUT)

        def git(*args):
            return _git(folder, *args, timeout=GIT_TIMEOUT, overrides=overrides)

        if git("ls-files", "--error-unmatch", "--", name).returncode != 0:
            return None
        upstream = git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
        if upstream.returncode != 0:
            return {"pushed": False, "detail": "tracked in git, but the branch has no upstream"}
        changed = git("status", "--porcelain", "--untracked-files=no", "--", name).stdout.strip()
        differs = git(
            "diff", "--quiet", "--no-ext-diff", "--no-textconv", "@{u}", "--", name
        ).returncode
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    remote = upstream.stdout.strip()
    if changed or differs != 0:
        return {"pushed": False, "detail": f"tracked in git, changes not pushed to {remote}"}
    return {"pushed": True, "detail": f"tracked in git and pushed to {remote}"}


def _dvc_copy(real, stop):
    """`NAME.dvc` beside the data naming it as an output, and a DVC remote configured."""
    dvc_file = real.rstrip("/") + ".dvc"
    try:
        with open(dvc_file, encoding="utf-8") as file:
            meta = yaml.safe_load(file)
    except (OSError, yaml.YAMLError):
        return None
    outs = meta.get("outs") if isinstance(meta, dict) else None
    if not isinstance(outs, list) or not any(
        isinstance(o, dict) and o.get("path") == os.path.basename(real) for o in outs
    ):
        return None
    remote = _dvc_remote(os.path.dirname(real), stop)
    if remote is None:
        return {"second": False, "detail": f"{os.path.basename(dvc_file)}, but no DVC remote"}
    return {"second": True, "detail": f"{os.path.basename(dvc_file)}, DVC remote {remote}"}


def _dvc_remote(folder, stop):
    """The URL of the DVC project's default remote (.dvc/config, INI), or None."""
    while True:
        config = os.path.join(folder, ".dvc", "config")
        if os.path.isfile(config):
            parser = configparser.ConfigParser()
            try:
                parser.read(config, encoding="utf-8")
            except (configparser.Error, OSError):
                return None
            default = parser.get("core", "remote", fallback=None)
            # DVC writes `['remote "name"']`: configobj's quoting, kept by configparser.
            for section in parser.sections():
                if default and section.strip("'") == f'remote "{default}"':
                    return parser.get(section, "url", fallback=None)
            return None
        if folder in (stop, "/") or not folder:
            return None
        folder = os.path.dirname(folder)


def _snapshots(folder, mount_point):
    """A `.snapshot`/`.snapshots` folder on the way up to the mount point (NetApp, GPFS,
    btrfs/snapper show them hidden, so they are asked for by name)."""
    while True:
        for name in (".snapshot", ".snapshots"):
            candidate = os.path.join(folder, name)
            if os.path.isdir(candidate):
                return candidate
        if folder == mount_point or folder in ("/", ""):
            return None
        folder = os.path.dirname(folder)


def second_copies(requested, real, mount_point, rule):
    """`(copies, second_copy)`: the evidence found, and whether any of it is a real copy."""
    copies, second = [], False
    pointer = lfs_pointer(real) if os.path.isfile(real) else None
    if pointer:
        size = f"{pointer['size']:,} bytes" if pointer["size"] is not None else "its data"
        copies.append(
            {
                "kind": "lfs-pointer",
                "detail": f"a git LFS pointer: {size} are not here (git lfs pull fetches them)",
            }
        )
        second = True  # the LFS server has the data
    link = os.readlink(requested) if os.path.islink(requested) else ""
    if ".git/annex/objects/" in link:
        present = "present" if os.path.exists(requested) else "not present here"
        copies.append(
            {
                "kind": "annex",
                "detail": f"a git-annex file ({present}); git annex whereis lists its copies",
            }
        )
    git = _git_copy(real)
    if git and git["pushed"]:
        copies.append({"kind": "git", "detail": git["detail"]})
        second = True
    dvc = _dvc_copy(real, mount_point)
    if dvc and dvc["second"]:
        copies.append({"kind": "dvc", "detail": dvc["detail"]})
        second = True
    folder = real if os.path.isdir(real) else os.path.dirname(real)
    snapshot = _snapshots(folder, mount_point or "/")
    if snapshot:
        copies.append({"kind": "snapshot", "detail": f"snapshots in {snapshot}"})
        second = True
    if rule and (rule.get("backed_up") or rule.get("snapshot")):
        said = "backed up" if rule.get("backed_up") else "snapshots kept"
        copies.append({"kind": "policy", "detail": f"{said} (storage policy for {rule['prefix']})"})
        second = True
    notes = [x["detail"] for x in (git, dvc) if x and not x.get("pushed", x.get("second"))]
    return copies, second, notes
