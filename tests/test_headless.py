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


# --- issue 15: the runner always ends; bad input is exit 2 and one line -----------------------


def _one_line_exit_2(capsys, argv):
    code = cli.main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


@pytest.mark.parametrize(
    "text, says",
    [
        ("null", "not a notebook"),
        ("[]", "not a notebook"),
        ("{}", 'no "cells" list'),
        ('{"cells": [null]}', "cell 1 is not an object"),
        ('{"cells": [3]}', "cell 1 is not an object"),
        ('{"cells": [{"cell_type": "code"}]}', "cell 1 has no valid"),
        ('{"cells": [{"cell_type": "code", "source": [1]}]}', "cell 1 has no valid"),
        ('{"cells": [], "metadata": 5}', "not a notebook"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_malformed_notebooks_exit_2_with_one_line(tmp_path, capsys, text, says):
    path = tmp_path / "bad.ipynb"
    path.write_text(text)
    line = _one_line_exit_2(capsys, ["test", str(path)])
    assert says in line and "bad.ipynb" in line


def test_a_cell_too_deep_to_parse_exits_2_with_one_line(tmp_path, capsys):
    path = write(tmp_path, new_code_cell("-" * 3000 + "1"))
    line = _one_line_exit_2(capsys, ["test", str(path)])
    assert "too deeply nested" in line


def test_a_missing_kernel_exits_2_with_one_line(tmp_path, capsys):
    path = write(tmp_path, new_code_cell("assert 1 == 1"))
    line = _one_line_exit_2(capsys, ["test", str(path), "--kernel", "no-such-kernel"])
    assert "no such kernel" in line and "no-such-kernel" in line


@pytest.mark.parametrize("option", ["--timeout", "--setup-timeout", "--run-timeout"])
def test_a_timeout_that_is_not_positive_exits_2(tmp_path, capsys, option):
    path = write(tmp_path, new_code_cell("assert 1 == 1"))
    assert "positive" in _one_line_exit_2(capsys, ["test", str(path), option, "0"])


def test_the_installed_command_prints_no_traceback_for_null(tmp_path):
    path = tmp_path / "null.ipynb"
    path.write_text("null")
    jupyter = Path(sys.executable).parent / "jupyter"
    result = subprocess.run(
        [str(jupyter), "sane", "test", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_retry_loop_that_swallows_the_timeout_still_ends(tmp_path, capsys):
    path = write(
        tmp_path,
        new_code_cell("import time"),
        new_code_cell(
            "def test_retry():\n"
            "    while True:\n"
            "        try:\n"
            "            time.sleep(0.01)\n"
            "        except Exception:\n"
            "            pass\n"
            "def test_next():\n"
            "    assert 1 == 1\n"
        ),
    )
    assert cli.main(["test", str(path), "--timeout", "1"]) == 1
    out = capsys.readouterr().out
    assert "ERROR   cell 2 (" in out and "test_retry: TimedOut: timed out after 1 s" in out
    assert "2 tests, 1 passed, 0 failed, 1 errors" in out


def test_a_test_that_ignores_every_signal_is_interrupted_from_outside(tmp_path, capsys):
    # No alarm, no interrupt reaches it: the client's own limit ends the run all the same.
    path = write(
        tmp_path,
        new_code_cell(
            "import signal, time\n"
            "def test_stubborn():\n"
            "    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
            "    signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "    while True:\n"
            "        time.sleep(0.01)\n"
        ),
    )
    assert cli.main(["test", str(path), "--timeout", "1", "--run-timeout", "60"]) == 1
    out = capsys.readouterr().out
    assert "test_stubborn: TimedOut: the test cell ran longer than" in out


def test_a_set_up_cell_has_a_timeout_of_its_own(tmp_path, capsys):
    path = write(
        tmp_path,
        new_code_cell("import time\nwhile True:\n    time.sleep(0.05)"),
        new_code_cell("assert 1 == 1"),
    )
    assert cli.main(["test", str(path), "--setup-timeout", "1"]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM cell 1 ran longer than the set-up timeout (1 s)" in out
    assert "NOTRUN  cell 2" in out


def test_the_whole_run_has_a_timeout(tmp_path, capsys):
    path = write(
        tmp_path,
        new_code_cell("import time\ntime.sleep(0.5)"),
        new_code_cell("time.sleep(60)"),
        new_code_cell("assert 1 == 1"),
    )
    assert cli.main(["test", str(path), "--run-timeout", "3"]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM the run took longer than its 3 s" in out


def test_a_50_mb_assert_message_makes_a_small_junit_file(tmp_path, capsys):
    path = write(tmp_path, new_code_cell("def test_big():\n    assert False, 'x' * 50_000_000\n"))
    xml = tmp_path / "report.xml"
    assert cli.main(["test", str(path), "--junit-xml", str(xml)]) == 1
    assert xml.stat().st_size < 200_000
    failure = ElementTree.parse(xml).getroot().find("testsuite/testcase/failure")
    assert failure.get("message").endswith("[truncated: 50,000,000 characters in all]")
    assert len(capsys.readouterr().out) < 200_000
