"""`jupyter sane test`: test cells run headless in a fresh kernel, with JUnit XML."""

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from jupyterlab_sane import cli

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path, *cells, name="nb.ipynb"):
    notebook = new_notebook(cells=list(cells))
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    path = tmp_path / name
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def mixed(tmp_path):
    return write(
        tmp_path,
        new_markdown_cell("# A notebook with tests"),
        new_code_cell("def add(a, b):\n    return a + b\n\nvalue = add(2, 2)"),
        new_code_cell(
            "def test_add():\n    assert add(1, 2) == 3\n\n"
            "def test_value():\n    assert value == 5\n"
        ),
        new_code_cell("def test_broken():\n    return {}['missing']\n"),
        new_code_cell("print('after the tests')"),
    )


def test_one_pass_one_failure_one_error_exit_1_with_junit_xml(mixed, tmp_path, capsys):
    xml = tmp_path / "report.xml"
    code = cli.main(["test", str(mixed), "--junit-xml", str(xml)])
    out = capsys.readouterr().out

    assert code == 1
    assert "FAILED  cell 3" in out and "test_value: assert value == 5" in out
    assert "ERROR   cell 4" in out and "KeyError: 'missing'" in out
    assert (
        out.strip()
        .splitlines()[-1]
        .startswith("nb.ipynb: 3 tests, 1 passed, 1 failed, 1 errors in")
    )

    suite = ElementTree.parse(xml).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {"test_add", "test_value", "test_broken"}
    assert list(cases["test_add"]) == []
    failure = cases["test_value"].find("failure")
    assert failure.get("message").splitlines() == ["assert value == 5", "  left:  4", "  right: 5"]
    assert "line 5, in test_value" in failure.text
    assert cases["test_broken"].find("error").get("message") == "KeyError: 'missing'"
    assert cases["test_add"].get("classname").startswith("nb.cell 3")


def test_all_passing_exits_0(tmp_path, capsys):
    path = write(
        tmp_path, new_code_cell("x = [1, 2]"), new_code_cell("assert len(x) == 2\nassert x[0] == 1")
    )
    assert cli.main(["test", str(path)]) == 0
    assert "1 tests, 1 passed, 0 failed, 0 errors" in capsys.readouterr().out


def test_tests_run_after_every_other_cell_and_leave_outputs_alone(tmp_path):
    # The test cell sits before the cell it needs: the other cells run first, in order.
    path = write(tmp_path, new_code_cell("assert ready == 1"), new_code_cell("ready = 1"))
    before = path.read_text()
    assert cli.main(["test", str(path)]) == 0
    assert path.read_text() == before


def test_a_failing_set_up_cell_marks_the_tests_not_run(tmp_path, capsys):
    path = write(
        tmp_path, new_code_cell("raise ValueError('no data')"), new_code_cell("assert 1 == 1")
    )
    assert cli.main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM a cell before the tests failed: ValueError: no data" in out
    assert "NOTRUN  cell 2" in out
    assert "\x1b[" not in out


def test_a_kernel_that_dies_during_a_test_is_reported(tmp_path, capsys):
    path = write(
        tmp_path,
        new_code_cell("import os, signal"),
        new_code_cell("def test_die():\n    os.kill(os.getpid(), signal.SIGKILL)\n"),
    )
    assert cli.main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM the kernel died during the tests" in out
    assert "not run: kernel died" in out


def test_unreadable_notebooks_exit_2_with_a_message(tmp_path, capsys):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ not json")
    assert cli.main(["test", str(broken)]) == 2
    assert "broken.ipynb" in capsys.readouterr().err
    assert cli.main(["test", str(tmp_path / "missing.ipynb")]) == 2


def test_the_jupyter_subcommand_is_installed(mixed):
    # `jupyter sane` finds `jupyter-sane` beside the interpreter: what users type.
    jupyter = Path(sys.executable).parent / "jupyter"
    result = subprocess.run(
        [str(jupyter), "sane", "test", str(mixed)], capture_output=True, text=True
    )
    assert result.returncode == 1, result.stderr
    assert "1 passed, 1 failed, 1 errors" in result.stdout
