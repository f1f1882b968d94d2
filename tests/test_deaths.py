"""Why a kernel died, from plain data and files: no server."""

import signal

import pytest

from jupyterlab_sane.health import death_cause as deaths

V2_EVENTS = "low 0\nhigh 12\nmax 40\noom 3\noom_kill 2\noom_group_kill 0\n"
V1_OOM_CONTROL = "oom_kill_disable 0\nunder_oom 0\noom_kill 5\n"


def test_the_oom_kill_count_is_read_from_v2_and_v1_files(tmp_path):
    (tmp_path / "memory.events").write_text(V2_EVENTS)
    (tmp_path / "memory.oom_control").write_text(V1_OOM_CONTROL)
    (tmp_path / "old").write_text("oom_kill_disable 0\nunder_oom 0\n")  # before Linux 4.13

    assert deaths.oom_kills(tmp_path / "memory.events") == 2
    assert deaths.oom_kills(tmp_path / "memory.oom_control") == 5
    assert deaths.oom_kills(tmp_path / "old") is None
    assert deaths.oom_kills(tmp_path / "missing") is None


def _fake_proc(tmp_path, cgroup):
    proc = tmp_path / "proc"
    (proc / "42").mkdir(parents=True)
    (proc / "42" / "cgroup").write_text(cgroup)
    return proc


def test_v2_reads_the_kernels_own_cgroup(tmp_path):
    root = tmp_path / "cgroup"
    (root / "user.slice" / "jupyter").mkdir(parents=True)
    (root / "user.slice" / "jupyter" / "memory.events").write_text(V2_EVENTS)
    (root / "memory.events").write_text("oom_kill 9\n")  # hierarchical already: not added
    proc = _fake_proc(tmp_path, "0::/user.slice/jupyter\n")

    files = deaths.counter_files(42, proc=proc, cgroup_root=str(root))
    assert files == [str(root / "user.slice" / "jupyter" / "memory.events")]
    assert deaths.oom_count(files) == 2


def test_v1_reads_the_group_and_its_ancestors_whose_limit_may_be_the_one_hit(tmp_path):
    root = tmp_path / "cgroup"
    group = root / "memory" / "pod" / "kernel"
    group.mkdir(parents=True)
    (group / "memory.oom_control").write_text(V1_OOM_CONTROL)
    (root / "memory" / "pod" / "memory.oom_control").write_text("oom_kill 1\n")
    (root / "memory" / "memory.oom_control").write_text("oom_kill 0\n")
    proc = _fake_proc(tmp_path, "5:cpu:/\n4:memory:/pod/kernel\n0::/\n")

    files = deaths.counter_files(42, proc=proc, cgroup_root=str(root))
    assert len(files) == 3 and files[0] == str(group / "memory.oom_control")
    assert deaths.oom_count(files) == 6


def test_v1_memory_combined_with_other_controllers(tmp_path):
    root = tmp_path / "cgroup"
    (root / "memory" / "pod").mkdir(parents=True)
    (root / "memory" / "pod" / "memory.oom_control").write_text(V1_OOM_CONTROL)
    proc = _fake_proc(tmp_path, "4:cpu,memory:/pod\n")

    files = deaths.counter_files(42, proc=proc, cgroup_root=str(root))
    assert files == [str(root / "memory" / "pod" / "memory.oom_control")]


def test_no_cgroup_no_counter(tmp_path):
    assert deaths.counter_files(42, proc=tmp_path, cgroup_root=str(tmp_path)) == []
    assert deaths.oom_count([]) is None


KILL = -signal.SIGKILL


@pytest.mark.parametrize(
    "returncode, before, after, used, reason, evidence",
    [
        (KILL, 0, 1, 0.2, "oom", "oom_kill"),  # the OOM killer counted a kill
        (KILL, 0, 0, 0.99, "oom", "limit"),  # no kill counted, but at the limit
        (KILL, None, None, 0.97, "oom", "limit"),  # no counter at all
        (KILL, 0, 0, 0.5, "signal", None),  # kill -9 by someone
        (KILL, None, None, None, "signal", None),
        (None, 3, 4, None, "oom", "oom_kill"),  # a kernel whose process we don't hold
        (None, 3, 3, 0.99, "unknown", None),
        (-signal.SIGTERM, 0, 1, 0.99, "signal", None),  # the OOM killer never sends SIGTERM
        (3, 0, 1, 0.99, "exit", None),
        (0, None, None, None, "exit", None),
    ],
)
def test_explain(returncode, before, after, used, reason, evidence):
    death = deaths.explain(returncode, before, after, used, 1000.0)
    assert death["reason"] == reason
    assert death["evidence"] == evidence
    assert death["at"] == 1000.0


def test_explain_names_the_signal_and_the_code():
    killed = deaths.explain(-signal.SIGTERM, None, None, None, 1.0)
    assert (killed["signal"], killed["signal_name"], killed["code"]) == (15, "SIGTERM", None)
    exited = deaths.explain(3, None, None, None, 1.0)
    assert (exited["signal"], exited["signal_name"], exited["code"]) == (None, None, 3)
