"""Reading git state never runs what a repository names (issue 15, finding 1).

Each repository here is what an unpacked archive can hold: its `.git/config` names commands
that would append to a marker file. The backup probe reads every one of them and the marker
never appears; the readings stay right.
"""

import os
import subprocess
import time

import pytest

from jupyterlab_sane.health import git


def _git(cwd, *args, env=None):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.fixture
def marker(tmp_path):
    return tmp_path / "ran.txt"


def _repo(path):
    path.mkdir()
    _git(path, "init", "-q", "-b", "main")
    _git(path, "config", "user.email", "t@example.invalid")
    _git(path, "config", "user.name", "T")
    return path


def _commit_all(path, message="first"):
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", message)


def _dirty_stat(path):
    """Same content, new times: git must read the file again (and so run a clean filter)."""
    future = os.stat(path).st_mtime + 1000
    os.utime(path, (future, future))


def _assert_never_ran(marker):
    assert not marker.exists(), marker.read_text()


def test_core_fsmonitor_is_never_run(tmp_path, marker):
    repo = _repo(tmp_path / "fsmonitor")
    (repo / "a.txt").write_text("one\n")
    _commit_all(repo)
    _git(repo, "config", "core.fsmonitor", f"echo ran as $(id -un) >> {marker}; false")
    (repo / "new.txt").write_text("x\n")

    reading = git.probe_git(str(repo))

    _assert_never_ran(marker)
    assert (reading["repo"], reading["branch"], reading["untracked"]) == (True, "main", 1)


@pytest.mark.parametrize("kind", ["clean", "process"])
def test_a_filter_driver_from_gitattributes_is_never_run(tmp_path, marker, kind):
    repo = _repo(tmp_path / f"filter-{kind}")
    (repo / ".gitattributes").write_text("*.txt filter=evil\n")
    (repo / "a.txt").write_text("one\n")
    _commit_all(repo)
    # Set after the commit: the test's own git must not run it either.
    command = f"sh -c 'echo {kind} >> {marker}; cat'"
    _git(repo, "config", f"filter.evil.{kind}", command)
    _git(repo, "config", "filter.evil.required", "true")
    _dirty_stat(repo / "a.txt")

    reading = git.probe_git(str(repo))

    _assert_never_ran(marker)
    assert reading["repo"] is True
    assert (reading["changed"], reading["untracked"]) == (0, 0)


def test_a_filter_named_in_an_included_config_is_never_run(tmp_path, marker):
    repo = _repo(tmp_path / "included")
    (repo / ".gitattributes").write_text("*.txt filter=hidden\n")
    (repo / "a.txt").write_text("one\n")
    _commit_all(repo)
    extra = repo / ".git" / "extra.cfg"
    # Quoted: `;` starts a comment in a config file.
    extra.write_text(f'[filter "hidden"]\n\tclean = "sh -c \'echo x >> {marker}; cat\'"\n')
    _git(repo, "config", "include.path", str(extra))
    _dirty_stat(repo / "a.txt")

    git.probe_git(str(repo))

    _assert_never_ran(marker)


def test_hooks_are_never_run(tmp_path, marker):
    repo = _repo(tmp_path / "hooks")
    (repo / "a.txt").write_text("one\n")
    _commit_all(repo)
    hooks = repo / ".git" / "hooks"
    for name in ("post-index-change", "pre-commit", "post-checkout", "reference-transaction"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\necho {name} >> {marker}\n")
        hook.chmod(0o755)
    elsewhere = tmp_path / "evil-hooks"
    elsewhere.mkdir()
    (elsewhere / "post-index-change").write_text(f"#!/bin/sh\necho elsewhere >> {marker}\n")
    (elsewhere / "post-index-change").chmod(0o755)
    _git(repo, "config", "core.hooksPath", str(elsewhere))
    (repo / "a.txt").write_text("two\n")
    _dirty_stat(repo / "a.txt")

    reading = git.probe_git(str(repo))

    _assert_never_ran(marker)
    assert reading["changed"] == 1


def test_the_probe_writes_nothing_into_the_repository(tmp_path):
    repo = _repo(tmp_path / "readonly")
    (repo / "a.txt").write_text("one\n")
    _commit_all(repo)
    _dirty_stat(repo / "a.txt")
    index = repo / ".git" / "index"
    before = (index.read_bytes(), os.stat(index).st_mtime_ns)
    files = sorted(p.relative_to(repo) for p in (repo / ".git").rglob("*"))

    git.probe_git(str(repo))

    # No index refresh written, no lock file left, nothing new.
    assert (index.read_bytes(), os.stat(index).st_mtime_ns) == before
    assert sorted(p.relative_to(repo) for p in (repo / ".git").rglob("*")) == files


def test_a_submodules_own_config_is_never_run(tmp_path, marker):
    inner = _repo(tmp_path / "inner")
    (inner / "b.txt").write_text("b\n")
    _commit_all(inner)
    outer = _repo(tmp_path / "outer")
    (outer / "a.txt").write_text("a\n")
    _commit_all(outer)
    _git(outer, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "sub")
    _commit_all(outer, "with a submodule")
    # The submodule's own config: entering it would be another git honouring it.
    sub_git = outer / ".git" / "modules" / "sub"
    _git(sub_git, "config", "core.fsmonitor", f"echo sub >> {marker}; false")
    (outer / "sub" / "b.txt").write_text("changed\n")

    reading = git.probe_git(str(outer))

    _assert_never_ran(marker)
    assert reading["repo"] is True


def test_git_variables_of_the_servers_environment_are_not_passed_on(tmp_path, marker, monkeypatch):
    repo = _repo(tmp_path / "env")
    (repo / "a.txt").write_text("one\n")
    _commit_all(repo)
    evil = tmp_path / "evil.cfg"
    evil.write_text(f"[core]\n\tfsmonitor = echo env >> {marker}; false\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(evil))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", f"'core.fsmonitor'='echo p >> {marker}; false'")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "nowhere"))

    reading = git.probe_git(str(repo))

    _assert_never_ran(marker)
    assert reading["repo"] is True and reading["branch"] == "main"


def test_a_git_that_overruns_is_killed_with_everything_it_started(tmp_path):
    # What a slow command did before: git killed, its children orphaned and still running.
    pids = tmp_path / "pids"
    script = f"sleep 30 & echo $! > {pids}; wait"
    with pytest.raises(subprocess.TimeoutExpired):
        git._run(["sh", "-c", script], timeout=0.5)
    child = int(pids.read_text())
    for _ in range(100):  # the kill is sent; the process is reaped by init shortly after
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        if _zombie(child):
            break
        time.sleep(0.02)
    else:
        pytest.fail(f"process {child} outlived the probe")


def _zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as file:
            return file.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_a_git_that_does_not_answer_is_an_error_reading_without_paths(tmp_path, monkeypatch):
    repo = _repo(tmp_path / "slow")
    monkeypatch.setattr(git, "GIT_TIMEOUT", 0.5)

    def slow(command, timeout):
        raise subprocess.TimeoutExpired(command, timeout)

    monkeypatch.setattr(git, "_run", slow)
    reading = git.probe_git(str(repo))
    assert reading == {"status": "error", "error": "git did not answer within 0.5 s"}
