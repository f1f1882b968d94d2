"""The declaration parsers on real files of each kind, written as projects write them."""

import os

from jupyterlab_sane.environment.declarations import declared_names, find_declarations

PYPROJECT_PEP621 = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "lab-notes"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = [
    "numpy>=1.24,<3",
    "pandas[parquet]>=2.0",
    'tomli>=2; python_version < "3.11"',
]

[project.optional-dependencies]
plot = ["matplotlib>=3.7", "seaborn"]

[dependency-groups]
test = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff"]

[tool.uv]
dev-dependencies = ["ipykernel>=6"]
"""

PYPROJECT_POETRY = """\
[tool.poetry]
name = "experiments"
version = "0.2.0"
description = ""
authors = ["A Researcher <a@example.org>"]

[tool.poetry.dependencies]
python = "^3.10"
torch = "^2.1.0"
scikit-learn = "~1.3"
tqdm = "*"
transformers = { version = ">=4.30", extras = ["torch"] }

[tool.poetry.group.dev.dependencies]
black = "^23.0"
"""

PYPROJECT_PDM = """\
[project]
name = "pdm-project"
version = "0.1"
dependencies = ["requests>=2.31"]

[tool.pdm.dev-dependencies]
test = ["pytest>=7"]
"""

PIPFILE = """\
[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
requests = "*"
numpy = "==1.26.4"
django = {version = ">=4.2", extras = ["argon2"]}

[dev-packages]
pytest = "*"

[requires]
python_version = "3.11"
"""

ENVIRONMENT_YML = """\
name: vision
channels:
  - pytorch
  - conda-forge
dependencies:
  - python=3.11
  - numpy=1.26
  - pytorch::pytorch>=2.1
  - opencv 4.8.*
  - scipy==1.11.4=py311h64a7726_0
  - pip
  - pip:
      - timm==0.9.12
      - -r requirements-pip.txt
      - wandb
"""

SETUP_CFG = """\
[metadata]
name = oldstyle

[options]
packages = find:
install_requires =
    xarray>=2023.1
    netCDF4  # files from the model runs
    dask[array]; python_version >= "3.9"

[options.extras_require]
docs =
    sphinx
"""


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def names(item):
    return [r["name"] for r in item["requirements"]]


def by_kind(found, kind):
    return next(f for f in found["files"] if f["kind"] == kind)


def test_requirements_txt_with_includes_options_hashes_and_comments(tmp_path):
    write(
        tmp_path,
        "requirements.txt",
        "# what the notebooks need\n"
        "--index-url https://pypi.org/simple\n"
        "-r requirements/base.txt\n"
        "torch==2.1.0 \\\n"
        "    --hash=sha256:0123456789abcdef\n"
        "scikit-learn>=1.3  # estimators\n"
        "-e git+https://github.com/org/tool.git#egg=tool\n"
        "https://example.org/wheel.whl\n"
        "tqdm; python_version >= '3.8'\n",
    )
    write(tmp_path, "requirements/base.txt", "numpy>=1.24\n-c constraints.txt\n")
    found = find_declarations(tmp_path, tmp_path)
    item = by_kind(found, "requirements")
    assert names(item) == ["numpy", "torch", "scikit-learn", "tool", "tqdm"]
    assert item["errors"] == []
    torch = item["requirements"][1]
    assert torch["specifier"] == "==2.1.0"
    assert item["requirements"][0]["group"] == "include:requirements.txt"
    assert item["requirements"][4]["marker"] == 'python_version >= "3.8"'


def test_an_include_loop_is_read_once_and_said(tmp_path):
    write(tmp_path, "requirements.txt", "numpy\n-r requirements-dev.txt\n")
    write(tmp_path, "requirements-dev.txt", "pytest\n-r requirements.txt\n")
    found = find_declarations(tmp_path, tmp_path)
    top = next(f for f in found["files"] if f["path"] == "requirements.txt")
    assert names(top) == ["numpy", "pytest"]
    assert top["errors"] == ["requirements.txt: included again (an include loop), read once"]


def test_a_bad_requirement_line_is_named_and_the_rest_read(tmp_path):
    write(tmp_path, "requirements.txt", "numpy\nthis is not ! a requirement\npandas\n")
    item = find_declarations(tmp_path, tmp_path)["files"][0]
    assert names(item) == ["numpy", "pandas"]
    assert len(item["errors"]) == 1
    assert "requirements.txt:2" in item["errors"][0]


def test_pyproject_pep621_extras_dependency_groups_and_uv(tmp_path):
    write(tmp_path, "pyproject.toml", PYPROJECT_PEP621)
    item = by_kind(find_declarations(tmp_path, tmp_path), "pyproject")
    assert item["errors"] == []
    assert item["style"] == "pep621"
    groups = {r["name"]: r["group"] for r in item["requirements"]}
    assert groups == {
        "numpy": None,
        "pandas": None,
        "tomli": None,
        "matplotlib": "extra:plot",
        "seaborn": "extra:plot",
        "pytest": "group:test",
        "ruff": "group:lint",
        "ipykernel": "group:dev",
    }
    assert item["requirements"][1]["extras"] == ["parquet"]


def test_pyproject_poetry_carets_tildes_and_groups(tmp_path):
    write(tmp_path, "pyproject.toml", PYPROJECT_POETRY)
    item = by_kind(find_declarations(tmp_path, tmp_path), "pyproject")
    assert item["errors"] == []
    assert item["style"] == "poetry"
    specs = {r["name"]: (r["specifier"], r["group"]) for r in item["requirements"]}
    assert specs == {
        "torch": ("<3,>=2.1.0", None),
        "scikit-learn": ("<1.4,>=1.3", None),
        "tqdm": ("", None),
        "transformers": (">=4.30", None),
        "black": ("<24,>=23.0", "group:dev"),
    }


def test_pyproject_pdm_dev_dependencies(tmp_path):
    write(tmp_path, "pyproject.toml", PYPROJECT_PDM)
    item = by_kind(find_declarations(tmp_path, tmp_path), "pyproject")
    assert [(r["name"], r["group"]) for r in item["requirements"]] == [
        ("requests", None),
        ("pytest", "group:test"),
    ]


def test_a_malformed_pyproject_is_one_clear_error(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\ndependencies = ["numpy"\n')
    item = find_declarations(tmp_path, tmp_path)["files"][0]
    assert item["requirements"] == []
    assert item["errors"][0].startswith("not valid TOML:")


def test_pipfile_packages_and_dev_packages(tmp_path):
    write(tmp_path, "Pipfile", PIPFILE)
    item = by_kind(find_declarations(tmp_path, tmp_path), "pipfile")
    assert item["errors"] == []
    specs = {r["name"]: (r["specifier"], r["group"]) for r in item["requirements"]}
    assert specs == {
        "requests": ("", None),
        "numpy": ("==1.26.4", None),
        "django": (">=4.2", None),
        "pytest": ("", "group:dev"),
    }


def test_environment_yml_conda_specs_and_its_pip_section(tmp_path):
    write(tmp_path, "environment.yml", ENVIRONMENT_YML)
    item = by_kind(find_declarations(tmp_path, tmp_path), "conda")
    assert item["errors"] == []
    specs = {r["name"]: (r["specifier"], r["group"]) for r in item["requirements"]}
    assert specs == {
        "numpy": ("==1.26.*", None),
        "pytorch": (">=2.1", None),
        "opencv": ("==4.8.*", None),
        "scipy": ("==1.11.4", None),
        "timm": ("==0.9.12", "pip"),
        "wandb": ("", "pip"),
    }


def test_a_malformed_environment_yml_is_one_clear_error(tmp_path):
    write(tmp_path, "environment.yml", "dependencies:\n  - numpy\n - [broken\n")
    item = find_declarations(tmp_path, tmp_path)["files"][0]
    assert item["errors"][0].startswith("not valid YAML:")


def test_setup_cfg_install_requires_and_extras(tmp_path):
    write(tmp_path, "setup.cfg", SETUP_CFG)
    item = by_kind(find_declarations(tmp_path, tmp_path), "setup.cfg")
    assert item["errors"] == []
    assert [(r["name"], r["group"]) for r in item["requirements"]] == [
        ("xarray", None),
        ("netCDF4", None),
        ("dask", None),
        ("sphinx", "extra:docs"),
    ]


def test_from_the_notebook_up_to_the_repository_root_and_no_further(tmp_path):
    write(tmp_path, "requirements.txt", "outside-the-repo\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo, "pyproject.toml", '[project]\nname = "r"\ndependencies = ["numpy"]\n')
    write(repo, "uv.lock", "version = 1\n")
    write(repo, "notebooks/requirements.txt", "pandas\n")
    found = find_declarations(repo / "notebooks", tmp_path)
    assert [f["path"] for f in found["files"]] == [
        os.path.join("repo", "notebooks", "requirements.txt"),
        os.path.join("repo", "pyproject.toml"),
    ]
    assert found["locks"] == [{"path": os.path.join("repo", "uv.lock"), "kind": "uv.lock"}]
    assert declared_names(found) == {"numpy", "pandas"}


def test_lock_files_of_each_kind_are_found_and_a_5_mb_one_is_never_read(tmp_path):
    for name in ("poetry.lock", "Pipfile.lock", "pdm.lock", "conda-lock.yml", "pixi.lock"):
        write(tmp_path, name, "")
    with open(tmp_path / "uv.lock", "wb") as handle:
        handle.write(b"x" * (5 * 1024 * 1024))
    found = find_declarations(tmp_path, tmp_path)
    assert sorted(lock["kind"] for lock in found["locks"]) == [
        "Pipfile.lock",
        "conda-lock.yml",
        "pdm.lock",
        "pixi.lock",
        "poetry.lock",
        "uv.lock",
    ]


def test_a_huge_requirements_file_or_a_fifo_is_refused_not_read(tmp_path):
    write(tmp_path, "requirements.txt", "numpy\n" * 300_000)
    os.mkfifo(tmp_path / "requirements-fifo.txt")
    found = find_declarations(tmp_path, tmp_path)
    assert all(f["requirements"] == [] for f in found["files"])
    assert all("not a readable regular file" in f["errors"][0] for f in found["files"])
