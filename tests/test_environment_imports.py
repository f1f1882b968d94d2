"""A notebook's imports read in Python (ast after IPython's transform), against the frontend's."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_sane.environment.imports import notebook_imports, project_modules
from jupyterlab_sane.environment.stdlib import STDLIB_MODULES

ROOT = Path(__file__).resolve().parent.parent
# ../shared/corpus beside the checkout; a worktree elsewhere names it with SANE_CORPUS.
CORPUS = Path(os.environ.get("SANE_CORPUS", ROOT.parent / "shared" / "corpus"))
CLI = ROOT / "lib" / "cli.js"


def nb(*sources):
    return {
        "cells": [
            {"cell_type": "code", "source": s, "metadata": {}, "outputs": []} for s in sources
        ]
    }


def test_imports_in_functions_under_try_and_through_magics():
    found = notebook_imports(
        nb(
            "%matplotlib inline\nimport numpy as np, sklearn.linear_model\n"
            "from torch.nn import functional as F",
            "def load():\n    import pandas as pd\n    return pd",
            "try:\n    import tqdm\nexcept ImportError:\n    tqdm = None",
            "import os\nfrom __future__ import annotations",
            "%%bash\nimport notpython",
            "import scipy\nx = (",
        )
    )
    assert found["packages"] == ["numpy", "pandas", "sklearn", "torch", "tqdm"]
    assert found["stdlib"] == ["__future__", "os"]
    assert found["syntaxErrors"] == [5]
    pandas = next(i for i in found["imports"] if i["top"] == "pandas")
    assert pandas == {
        "cell": 1,
        "line": 2,
        "module": "pandas",
        "top": "pandas",
        "inFunction": True,
        "guarded": False,
    }
    assert next(i for i in found["imports"] if i["top"] == "tqdm")["guarded"]


def test_pip_install_lines_and_local_modules():
    found = notebook_imports(
        nb(
            '%pip install -q -U keras_tuner~=1.4.6 "torch>=2"',
            "!{sys.executable} -m pip install scikit-learn[alldeps] -r req.txt ./pkg",
            "import helpers\nfrom . import sibling",
        ),
        local_modules=["helpers"],
    )
    assert [(p["cell"], p["name"]) for p in found["pipInstalls"]] == [
        (0, "keras_tuner"),
        (0, "torch"),
        (1, "scikit-learn"),
    ]
    assert found["local"] == [".sibling", "helpers"]


def test_project_modules_beside_the_notebook_and_at_the_project_root(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "src" / "mypkg").mkdir(parents=True)
    (tmp_path / "src" / "mypkg" / "__init__.py").write_text("")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "helpers.py").write_text("")
    (tmp_path / "notebooks" / "data").mkdir()  # no Python in it: not a module
    # notebooks/ itself holds Python: from the root it is a (namespace) package of the project.
    assert project_modules(tmp_path / "notebooks") == ["helpers", "mypkg", "notebooks"]


def test_the_stdlib_list_holds_this_python_s_and_matches_the_frontend_s():
    names = {n for n in getattr(sys, "stdlib_module_names", ()) if not n.startswith("_")}
    assert names <= STDLIB_MODULES
    text = (ROOT / "src" / "analysis" / "imports" / "stdlib.ts").read_text()
    listed = re.search(r"\(\s*((?:'[^']*'\s*\+?\s*)+)\)\.split", text).group(1)
    frontend = set("".join(re.findall(r"'([^']*)'", listed)).split())
    assert frontend == set(STDLIB_MODULES)


# One node process for the whole corpus: the frontend's analysis on each notebook's cells,
# with the local modules the CLI would read (none: the corpus folders hold no Python files).
FRONTEND = """
const { readFileSync } = require('fs');
import(process.argv[1]).then(({ notebookImports }) => {
const answers = JSON.parse(readFileSync(0, 'utf-8')).map(path => {
  const cells = JSON.parse(readFileSync(path, 'utf-8')).cells.map((c, index) => ({
    index, cellType: c.cell_type,
    source: Array.isArray(c.source) ? c.source.join('') : c.source
  }));
  return notebookImports(cells);
});
process.stdout.write(JSON.stringify(answers));
});
"""


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")
@pytest.mark.skipif(not CLI.is_file() or not shutil.which("node"), reason="no lib/cli.js")
def test_python_and_the_frontend_find_the_same_imports_on_the_corpus():
    notebooks = sorted(CORPUS.glob("*/*.ipynb"))
    assert not list(CORPUS.glob("*/*.py"))  # else the local modules would differ
    frontend = json.loads(
        subprocess.run(
            ["node", "-e", FRONTEND, str(ROOT / "lib" / "analysis" / "imports" / "index.js")],
            input=json.dumps([str(p) for p in notebooks]),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    differ = []
    for path, theirs in zip(notebooks, frontend):
        ours = notebook_imports(json.loads(path.read_text()))
        for key in ("packages", "stdlib", "local"):
            if theirs[key] != ours[key]:
                differ.append((path.name, key, theirs[key], ours[key]))
        pips = [p["name"] for p in ours["pipInstalls"]]
        if [p["name"] for p in theirs["pipInstalls"]] != pips:
            differ.append((path.name, "pipInstalls", theirs["pipInstalls"], pips))
    assert differ == []
