"""`pytest --sane NB.ipynb`: a notebook's test cells as pytest items, in a fresh kernel.

The plugin is loaded with ``-p``: its pytest11 entry point is only active once the package is
installed again, and the last test checks that entry point separately.
"""

import os
import re
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import pytest
import tomllib
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from jupyterlab_sane.testing import pytest_plugin

pytest_plugins = ("pytester",)

ROOT = Path(__file__).resolve().parent.parent
# In-process runs import the plugin once for all: pytest warns it cannot rewrite it again.
PLUGIN = ("-p", "jupyterlab_sane.testing.pytest_plugin", "-p", "no:cacheprovider")
QUIET = ("-W", "ignore::pytest.PytestAssertRewriteWarning")
MIXED = (
    new_markdown_cell("# A notebook with tests"),
    new_code_cell("def add(a, b):\n    return a + b\n\nvalue = add(2, 2)"),
    new_code_cell(
        "def test_add():\n    assert add(1, 2) == 3\n\n"
        "def test_value():\n    open('ran_value', 'w').close()\n    assert value == 5\n"
    ),
    new_code_cell("def test_broken():\n    print('about to break')\n    return {}['missing']\n"),
    new_code_cell("assert add(2, 3) == 5"),
    new_code_cell("print('after the tests')"),
)
MIXED_IDS = [
    "mixed.ipynb::cell_3::test_add",
    "mixed.ipynb::cell_3::test_value",
    "mixed.ipynb::cell_4::test_broken",
    "mixed.ipynb::cell_5",
]


def write(directory, name, *cells):
    notebook = new_notebook(cells=list(cells))
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    path = Path(directory) / name
    nbformat.write(notebook, path)
    return path


def sane(pytester, *args):
    return pytester.runpytest(*PLUGIN, *QUIET, "--sane", *args)


def test_each_test_function_and_each_assert_cell_is_an_item(pytester):
    write(pytester.path, "mixed.ipynb", *MIXED)
    result = sane(pytester, "--collect-only", "-q", "mixed.ipynb")
    assert [line for line in result.outlines if "::" in line] == MIXED_IDS


def test_outcomes_show_the_assertion_and_the_cell_and_junit_lists_the_tests(pytester):
    path = write(pytester.path, "mixed.ipynb", *MIXED)
    before = path.read_text()
    result = sane(pytester, "mixed.ipynb", "--junit-xml=report.xml")

    result.assert_outcomes(passed=2, failed=2)
    out = result.stdout.str()
    # The failing line of the cell, marked, and both sides of the comparison.
    assert ">" + " 6 |     assert value == 5" in out
    assert "mixed.ipynb, cell 3" in out and "left:  4" in out and "right: 5" in out
    assert "KeyError: 'missing'" in out and "about to break" in out
    result.stdout.fnmatch_lines(["FAILED mixed.ipynb::cell_3::test_value - assert value == 5"])
    assert path.read_text() == before

    cases = ElementTree.parse(pytester.path / "report.xml").getroot().iter("testcase")
    cases = {(case.get("classname"), case.get("name")): case for case in cases}
    assert set(cases) == {
        ("mixed.ipynb.cell_3", "test_add"),
        ("mixed.ipynb.cell_3", "test_value"),
        ("mixed.ipynb.cell_4", "test_broken"),
        ("mixed.ipynb", "cell_5"),
    }
    failure = cases["mixed.ipynb.cell_3", "test_value"].find("failure")
    assert "assert value == 5" in failure.get("message") and "left:  4" in failure.text
    assert list(cases["mixed.ipynb", "cell_5"]) == []


def test_k_selects_tests_and_the_others_do_not_run_in_the_kernel(pytester):
    write(pytester.path, "mixed.ipynb", *MIXED)
    result = sane(pytester, "mixed.ipynb", "-k", "test_add or cell_5")
    result.assert_outcomes(passed=2, deselected=2)
    # test_value shares test_add's cell: deselected, it must not have run at all.
    assert not (pytester.path / "ran_value").exists()


def test_x_stops_at_the_first_failure(pytester):
    write(pytester.path, "mixed.ipynb", *MIXED)
    result = sane(pytester, "mixed.ipynb", "-x")
    result.assert_outcomes(passed=1, failed=1)
    assert "test_broken" not in result.stdout.str()


def test_a_failing_set_up_cell_is_an_error_on_every_item_with_the_cell(pytester):
    write(
        pytester.path,
        "setup.ipynb",
        new_code_cell("x = 1"),
        new_code_cell("raise ValueError('no data')"),
        new_code_cell("assert x == 1"),
        new_code_cell("def test_x():\n    assert x == 1\n"),
    )
    result = sane(pytester, "setup.ipynb")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of cell_3*",
            "setup.ipynb: a cell before the tests failed: ValueError: no data",
            "cell 2 (*):",
            "*raise ValueError('no data')*",
            "*ERROR at setup of cell_4::test_x*",
        ]
    )
    assert "During handling" not in result.stdout.str()


def test_a_failing_cell_errors_its_tests_and_so_does_a_dead_kernel(pytester):
    write(
        pytester.path,
        "dies.ipynb",
        new_code_cell("import os, signal"),
        new_code_cell("def test_never():\n    pass\n\nraise RuntimeError('cell body')\n"),
        new_code_cell("def test_die():\n    os.kill(os.getpid(), signal.SIGKILL)\n"),
        new_code_cell("assert 1 == 1"),
    )
    result = sane(pytester, "dies.ipynb", "-rfE")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(
        [
            "ERROR dies.ipynb::cell_2::test_never - Failed: RuntimeError: cell body",
            "ERROR dies.ipynb::cell_3::test_die - Failed: dies.ipynb, cell 3 (*): t*",
            "ERROR dies.ipynb::cell_4 - Failed: dies.ipynb: not run: kernel died*",
        ]
    )


@pytest.mark.parametrize("dist", [(), ("--dist", "loadgroup")], ids=["load", "loadgroup"])
def test_n_2_keeps_each_notebook_on_one_worker(pytester, dist):
    # Each notebook's tests need the ones before them to have run in the same kernel.
    for name in ("one", "two"):
        steps = [
            new_code_cell(
                f"def test_step_{i}():\n    seen.append(os.getpid())\n"
                f"    assert len(seen) == {i + 1} and len(set(seen)) == 1\n"
            )
            for i in range(3)
        ]
        write(pytester.path, f"{name}.ipynb", new_code_cell("import os\nseen = []"), *steps)
    pytester.makepyfile(
        test_plain="import pytest\n\n@pytest.mark.parametrize('n', range(4))\n"
        "def test_n(n):\n    assert n >= 0\n"
    )
    result = pytester.runpytest_subprocess(*PLUGIN, "--sane", "-n", "2", *dist, "-v", ".")
    result.assert_outcomes(passed=10)
    workers = {}
    for worker, nodeid in re.findall(r"\[(gw\d)\] .*PASSED (\S+)", result.stdout.str()):
        workers.setdefault(nodeid.split("::")[0], set()).add(worker)
    assert workers["one.ipynb"] != workers["two.ipynb"]
    assert len(workers["one.ipynb"]) == len(workers["two.ipynb"]) == 1
    # Plain tests go to whichever worker is free: which one depends on kernel start-up times.
    assert workers["test_plain.py"] <= {"gw0", "gw1"}


def test_without_sane_the_plugin_does_nothing(pytester):
    write(pytester.path, "mixed.ipynb", *MIXED)
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    result = pytester.runpytest(*PLUGIN, *QUIET, ".", "mixed.ipynb")
    result.assert_outcomes(passed=1)
    assert "cell_3" not in result.stdout.str()
    config = pytester.parseconfig(*PLUGIN, "-n", "2")
    config.option.dist = "load"
    assert pytest_plugin.pytest_xdist_make_scheduler(config=config, log=None) is None


def test_a_malformed_notebook_is_a_collection_error(pytester):
    (pytester.path / "broken.ipynb").write_text("{ not json")
    result = sane(pytester, "broken.ipynb")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*ERROR collecting broken.ipynb*", "broken.ipynb: not JSON*"])


def test_a_timeout_that_is_not_positive_is_a_usage_error(pytester):
    result = sane(pytester, "--sane-timeout", "0")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--sane-timeout must be a positive number of seconds" in result.stderr.str()


def test_the_entry_point_loads_the_plugin_once_with_or_without_p(pytester, monkeypatch):
    # pyproject.toml's own pytest11 entry, in a distribution of its own on the path.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    entries = project["entry-points"]["pytest11"]
    site = pytester.mkdir("site")
    info = site / "sane_entry-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sane-entry\nVersion: 0\n")
    lines = "".join(f"{name} = {target}\n" for name, target in entries.items())
    (info / "entry_points.txt").write_text(f"[pytest11]\n{lines}")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    write(pytester.path, "mixed.ipynb", *MIXED)
    for extra in ((), PLUGIN[:2]):
        result = pytester.runpytest_subprocess(
            *extra, "--sane", "--collect-only", "-q", "mixed.ipynb"
        )
        assert result.ret == 0, result.stderr.str()
        assert [line for line in result.outlines if "::" in line] == MIXED_IDS
