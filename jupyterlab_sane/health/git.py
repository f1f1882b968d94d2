"""Whether a directory's work is backed up in git: branch, changes, upstream, last commit.

The rule: reading git state never executes anything the repository names, and never writes
to it. A notebook folder may come from an archive a user downloaded, and its `.git/config`
can name commands (core.fsmonitor, filter drivers, hooks, diff.external, textconv,
credential helpers, pagers, gpg) that a plain `git status` would run as the server's user.
So `git` runs here with every such setting forced off on its command line (which wins over
every config file), filter and diff drivers the configs define blanked one by one, system
config off, submodules not entered (each would be another git with its own config), a
scrubbed environment, no optional locks (no index refresh written, no lock files), in its own
process group that is killed on timeout (no orphans). tests/test_git_safety.py proves it with
repositories whose commands would leave a marker file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

from .storage import PROBE_PREFIX

GIT_TIMEOUT = 5

# Settings that name a command or make git write; forced on git's command line.
FORCED = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.untrackedCache=false",
    "core.splitIndex=false",
    "core.pager=cat",
    "core.askPass=",
    "core.sshCommand=",
    "core.editor=true",
    "credential.helper=",
    "diff.external=",
    "log.showSignature=false",
    "status.submoduleSummary=false",
    "submodule.recurse=false",
    "protocol.allow=never",
    "gc.auto=0",
    "maintenance.auto=false",
    "index.threads=1",
)
# Per-driver keys that hold commands: filter.<name>.clean etc., diff.<name>.textconv etc.
DRIVER_KEYS = r"^(filter|diff|merge)\..+\.(clean|smudge|process|textconv|command|driver)$"
# The storage probe's own latency file is never work to back up.
EXCLUDE_PROBE = f":(top,exclude,glob)**/{PROBE_PREFIX}*"


def _environment():
    """Only what git needs: no GIT_* from the server's environment (GIT_DIR, GIT_EXTERNAL_DIFF,
    GIT_CONFIG_PARAMETERS...), no system config; the user's own global config is kept."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "GIT_ASKPASS": "",
        "SSH_ASKPASS": "",
    }
    for name in ("HOME", "XDG_CONFIG_HOME"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


class _Completed:
    def __init__(self, returncode, stdout):
        self.returncode = returncode
        self.stdout = stdout


def _run(command, timeout):
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_environment(),
        text=True,
        start_new_session=True,  # its own process group, killed whole on timeout
    )
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
        process.communicate()
        raise
    return _Completed(process.returncode, out)


def _base(directory, overrides=()):
    command = ["git", "--no-pager", "--no-optional-locks", "-C", directory]
    for setting in (*FORCED, *overrides):
        command += ["-c", setting]
    return command


def _driver_overrides(directory, timeout):
    """`-c` settings that blank every command a filter/diff/merge driver of any config names.

    Reading config runs nothing; an empty command is git's "no driver".
    """
    listed = _run(
        [*_base(directory), "config", "--null", "--name-only", "--get-regexp", DRIVER_KEYS],
        timeout,
    )
    names = [n for n in listed.stdout.split("\0") if n] if listed.returncode == 0 else []
    overrides = [f"{name}=" for name in names]
    # A driver marked required makes git fail instead of skipping it: unmark it too.
    overrides += sorted({f"{name.rsplit('.', 1)[0]}.required=false" for name in names})
    return overrides


def _git(directory, *args, timeout=GIT_TIMEOUT, overrides=()):
    return _run([*_base(directory, overrides), *args], timeout)


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
            # Belt and braces beside the pathspec: a probe file is never "untracked work".
            if not os.path.basename(line[2:].rstrip("/")).startswith(PROBE_PREFIX):
                out["untracked"] += 1
    return out


def probe_git(directory, now=None):
    try:
        overrides = _driver_overrides(directory, GIT_TIMEOUT)
        status = _git(
            directory,
            "status",
            "--porcelain=v2",
            "--branch",
            "--untracked-files=normal",
            "--ignore-submodules=all",
            "--",
            EXCLUDE_PROBE,
            overrides=overrides,
        )
    except FileNotFoundError:
        return {"status": "ok", "repo": False, "reason": "git is not installed"}
    except subprocess.TimeoutExpired:
        # Its message would name the command line, with the server's absolute path.
        return {"status": "error", "error": f"git did not answer within {GIT_TIMEOUT} s"}
    if status.returncode != 0:
        return {"status": "ok", "repo": False}
    result = {"status": "ok", "repo": True, **parse_status(status.stdout)}
    try:
        last = _git(
            directory, "log", "-1", "--format=%ct", "--no-show-signature", overrides=overrides
        )
    except subprocess.TimeoutExpired:
        last = None
    stamp = last.stdout.strip() if last is not None else ""
    now = time.time() if now is None else now
    result["last_commit_age_s"] = round(now - int(stamp)) if stamp.isdigit() else None
    return result
