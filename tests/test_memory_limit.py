"""The memory limit from fake /proc/self/cgroup files and fake cgroup trees: no server."""

import pytest

from jupyterlab_sane.health import memory

GIB = 1 << 30
V1_UNLIMITED = "9223372036854771712"  # what cgroup v1 shows for "no limit"


@pytest.fixture
def fake(tmp_path):
    """Writes a /proc/self/cgroup and files in a cgroup tree; gives memory_limit's answer."""
    root = tmp_path / "cgroup"
    root.mkdir()

    def limit(proc_cgroup, files, environ=None):
        (tmp_path / "self_cgroup").write_text(proc_cgroup)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text + "\n")
        return memory.memory_limit(
            environ or {}, cgroup_root=str(root), proc_cgroup=str(tmp_path / "self_cgroup")
        )

    return limit


V1_SELF = "5:cpu:/\n4:memory:/process_api/b7b5\n0::/\n"


def test_v1_limit_of_the_process_own_group(fake):
    files = {
        "memory/memory.limit_in_bytes": V1_UNLIMITED,
        "memory/process_api/memory.limit_in_bytes": V1_UNLIMITED,
        "memory/process_api/b7b5/memory.limit_in_bytes": str(2 * GIB),
    }
    assert fake(V1_SELF, files) == (2 * GIB, "cgroup v1")


def test_v1_a_smaller_parent_limit_wins(fake):
    files = {
        "memory/memory.limit_in_bytes": V1_UNLIMITED,
        "memory/process_api/memory.limit_in_bytes": str(GIB),
        "memory/process_api/b7b5/memory.limit_in_bytes": str(2 * GIB),
    }
    assert fake(V1_SELF, files) == (GIB, "cgroup v1")


def test_v1_unlimited_values_are_no_limit(fake):
    files = {
        "memory/memory.limit_in_bytes": V1_UNLIMITED,
        "memory/process_api/memory.limit_in_bytes": str(2 * GIB),
        "memory/process_api/b7b5/memory.limit_in_bytes": str(1 << 62),
    }
    assert fake(V1_SELF, files) == (2 * GIB, "cgroup v1")
    files["memory/process_api/memory.limit_in_bytes"] = V1_UNLIMITED
    assert fake(V1_SELF, files) == (None, None)


def test_v1_memory_combined_with_other_controllers(fake):
    files = {
        "memory/memory.limit_in_bytes": V1_UNLIMITED,
        "memory/pod/kernel/memory.limit_in_bytes": str(3 * GIB),
    }
    assert fake("6:cpu,cpuacct:/\n4:foo,memory:/pod/kernel\n", files) == (3 * GIB, "cgroup v1")


def test_v1_group_not_visible_falls_back_to_the_root(fake):
    # A container without a cgroup namespace: its own group is mounted as the root.
    files = {"memory/memory.limit_in_bytes": str(GIB)}
    assert fake(V1_SELF, files) == (GIB, "cgroup v1")


def test_v2_a_parent_limit_applies_to_the_nested_group(fake):
    files = {
        "user.slice/memory.max": str(GIB),
        "user.slice/job/memory.max": "max",
        "user.slice/job/kernel/memory.max": str(4 * GIB),
    }
    assert fake("0::/user.slice/job/kernel\n", files) == (GIB, "cgroup v2")


def test_v2_no_limit_on_the_path_reads_v1(fake):
    files = {"user.slice/job/memory.max": "max", "memory/memory.limit_in_bytes": str(GIB)}
    assert fake("0::/user.slice/job\n", files) == (GIB, "cgroup v1")


def test_mem_limit_wins_over_cgroups(fake):
    files = {
        "memory/process_api/b7b5/memory.limit_in_bytes": str(2 * GIB),
        "memory.max": str(GIB),
    }
    assert fake(V1_SELF, files, environ={"MEM_LIMIT": "1024"}) == (1024, "MEM_LIMIT")
    assert fake(V1_SELF, files, environ={"MEM_LIMIT": "lots"}) == (GIB, "cgroup v2")


def test_cgroup_groups_parses_both_versions(tmp_path):
    path = tmp_path / "cgroup"
    path.write_text("9:name=systemd:/\n4:cpu,memory:/a/b\n0::/c\nbroken\n")
    assert memory.cgroup_groups(str(path)) == (["c"], ["a", "b"])
    assert memory.cgroup_groups(str(tmp_path / "missing")) == (None, None)
