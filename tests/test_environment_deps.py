"""`jupyter sane deps`: exit 0 all declared, 1 with the list otherwise, 2 for bad input.

Names come from this environment (.venv): PyYAML provides `yaml`, pandas needs python-dateutil.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_sane.cli import main
from jupyterlab_sane.environment import deps
from jupyterlab_sane.environment.installed import current_environment

ENVIRONMENT = []


@pytest.fixture(autouse=True)
def environment_read_once(monkeypatch):
    """Reading every installed distribution takes a second: once for the in-process runs."""
    if not ENVIRONMENT:
        ENVIRONMENT.append(current_environment())
    monkeypatch.setattr(deps, "current_environment", lambda: ENVIRONMENT[0])


def notebook(folder, *sources):
    path = Path(folder) / "analysis.ipynb"
    cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": []} for s in sources]
    path.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    return path


@pytest.fixture
def project(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "notebooks").mkdir()
    return tmp_path


def run(capsys, *args):
    code = main(["deps", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_import_declared_exits_0(project, capsys):
    (project / "requirements.txt").write_text("numpy>=1  # arrays\nPyYAML\n")
    (project / "notebooks" / "helpers.py").write_text("")
    nb = notebook(project / "notebooks", "import numpy as np, json, helpers\nimport yaml")
    code, out, _ = run(capsys, nb)
    assert code == 0, out
    assert "every import is declared" in out


def test_an_undeclared_import_exits_1_with_its_distribution_and_version(project, capsys):
    (project / "requirements.txt").write_text("numpy\n")
    nb = notebook(project / "notebooks", "import numpy\nimport yaml\nimport surely_not_installed")
    code, out, _ = run(capsys, nb, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["undeclared"] == ["surely_not_installed", "yaml"]
    yaml = next(f for f in report["findings"] if f["module"] == "yaml")
    assert yaml["kind"] == "undeclared"
    assert yaml["distribution"] == "PyYAML"
    assert yaml["installed"]


def test_transitive_declared_but_not_installed_version_and_no_lock(project, capsys):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "p"\ndependencies = ["pandas", "numpy<1", "not-a-real-dist-xyz"]\n'
    )
    nb = notebook(project / "notebooks", "import pandas, numpy\nimport dateutil")
    code, out, _ = run(capsys, nb, "--format", "json")
    assert code == 1
    kinds = {
        (f["kind"], f.get("module") or f.get("distribution")) for f in json.loads(out)["findings"]
    }
    assert ("transitive", "dateutil") in kinds
    assert ("version", "numpy") in kinds
    assert ("not-installed", "not-a-real-dist-xyz") in kinds
    assert ("no-lock", None) in kinds


def test_folders_given_are_read_instead_of_the_notebook_s(project, tmp_path_factory, capsys):
    elsewhere = tmp_path_factory.mktemp("ci")
    (elsewhere / "requirements.txt").write_text("numpy\n")
    nb = notebook(project / "notebooks", "import numpy")
    assert run(capsys, nb)[0] == 1
    assert run(capsys, nb, elsewhere)[0] == 0


def test_bad_input_exits_2_with_one_line(project, capsys):
    code, _, err = run(capsys, project / "missing.ipynb")
    assert code == 2
    assert err.startswith("jupyter sane deps:") and err.count("\n") == 1
    (project / "broken.ipynb").write_text("{not json")
    assert run(capsys, project / "broken.ipynb")[0] == 2
    (project / "list.ipynb").write_text("[]")
    assert run(capsys, project / "list.ipynb")[0] == 2
    nb = notebook(project / "notebooks", "import numpy")
    assert run(capsys, nb, project / "no-such-dir")[0] == 2
    with pytest.raises(SystemExit) as exited:
        main(["deps", str(nb), "--format", "yaml"])
    assert exited.value.code == 2


def test_a_malformed_pyproject_is_said_and_the_imports_still_checked(project, capsys):
    (project / "pyproject.toml").write_text("[project\n")
    nb = notebook(project / "notebooks", "import numpy")
    code, out, _ = run(capsys, nb)
    assert code == 1
    assert "not valid TOML" in out


def test_the_installed_command(project):
    (project / "requirements.txt").write_text("numpy\n")
    nb = notebook(project / "notebooks", "import numpy, yaml")
    jupyter = Path(sys.executable).parent / "jupyter"
    result = subprocess.run(
        [str(jupyter), "sane", "deps", str(nb)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "not declared: yaml" in result.stdout
