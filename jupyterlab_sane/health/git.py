"""Whether a directory's work is backed up in git: branch, changes, upstream, last commit."""

from __future__ import annotations

import subprocess
import time

GIT_TIMEOUT = 5


def _git(directory, *args, timeout=GIT_TIMEOUT):
    # --no-optional-locks: never take index.lock, so a probe can't block the user's own git.
    return subprocess.run(
        ["git", "--no-optional-locks", "-C", directory, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def parse_status(text):
    """`git status --porcelain=v2 --branch` into branch, ahead/behind and file counts."""
    out = {"branch": None, "upstream": None, "ahead": 0, "behind": 0, "changed": 0, "untracked": 0}
    for line in text.splitlines():
        if line.startswith("# branch.head "):
            head = line[len("# branch.head ") :]
            out["branch"] = None if head == "(detached)" else head
        elif line.startswith("# branch.upstream "):
            out["upstream"] = line[len("# branch.upstream ") :]
        elif line.startswith("# branch.ab "):
            ahead, behind = line[len("# branch.ab ") :].split()
            out["ahead"], out["behind"] = int(ahead), -int(behind)
        elif line[:2] in ("1 ", "2 ", "u "):
            out["changed"] += 1
        elif line.startswith("? "):
            out["untracked"] += 1
    return out


def probe_git(directory, now=None):
    try:
        status = _git(directory, "status", "--porcelain=v2", "--branch")
    except FileNotFoundError:
        return {"status": "ok", "repo": False, "reason": "git is not installed"}
    if status.returncode != 0:
        return {"status": "ok", "repo": False}
    result = {"status": "ok", "repo": True, **parse_status(status.stdout)}
    last = _git(directory, "log", "-1", "--format=%ct")
    stamp = last.stdout.strip()
    now = time.time() if now is None else now
    result["last_commit_age_s"] = round(now - int(stamp)) if stamp.isdigit() else None
    return result
