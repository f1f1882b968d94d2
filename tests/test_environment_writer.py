"""Add to requirements: comments, order and line endings kept; undo is the old text itself."""

from jupyterlab_sane.environment.declarations import (
    read_environment_yml,
    read_pyproject,
    read_requirements_file,
)
from jupyterlab_sane.environment.writer import add_requirements, add_to_pyproject
from jupyterlab_sane.environment.writer_conda import add_to_environment_yml

UNSORTED = "# training\ntorch==2.1.0  # CUDA 12\n\n-r base.txt\nnumpy>=1.24\n"


def test_appends_to_an_unsorted_file_keeping_every_line():
    new = add_requirements(UNSORTED, [("scikit-learn", "1.3.2"), ("tqdm", "4.66.1")])
    assert new == UNSORTED + "scikit-learn>=1.3.2\ntqdm>=4.66.1\n"
    assert new.startswith(UNSORTED)


def test_a_sorted_file_gets_each_line_in_its_place_and_pins_as_asked():
    text = "# sorted\nnumpy\npandas\ntorch\n"
    new = add_requirements(text, [("PyYAML", "6.0.1"), ("matplotlib", "3.8.0")], pin="==")
    assert new == "# sorted\nmatplotlib==3.8.0\nnumpy\npandas\npyyaml==6.0.1\ntorch\n"


def test_crlf_no_final_newline_and_names_already_there():
    text = "NumPy>=1\r\nPandas"
    new = add_requirements(text, [("numpy", "2.0"), ("Requests", "2.31.0")])
    assert new == "NumPy>=1\r\nPandas\r\nRequests>=2.31.0\r\n"


def test_an_empty_or_new_file():
    assert add_requirements("", [("tqdm", "4.66.1")]) == "tqdm>=4.66.1\n"
    assert add_requirements("", []) == ""


def test_the_result_parses_and_undo_restores_the_file_byte_for_byte(tmp_path):
    path = tmp_path / "requirements.txt"
    original = UNSORTED.replace("\n", "\r\n").encode()
    path.write_bytes(original)
    old = path.read_bytes().decode()
    path.write_bytes(add_requirements(old, [("tqdm", "4.66.1")]).encode())
    parsed = read_requirements_file(str(path), str(tmp_path))
    assert [r["name"] for r in parsed["requirements"]] == ["torch", "numpy", "tqdm"]
    path.write_bytes(old.encode())  # what the frontend's undo saves
    assert path.read_bytes() == original


PYPROJECT = """\
[build-system]
requires = ["hatchling"]

[project]
name = "lab"
# what the notebooks import
dependencies = [
  'numpy>=1.24',  # arrays
  'pandas'  # frames
]

[project.optional-dependencies]
plot = ["matplotlib"]
"""


def test_pyproject_dependencies_get_the_new_lines_in_the_file_s_style():
    new = add_to_pyproject(PYPROJECT, [("PyYAML", "6.0.1"), ("numpy", "2.0")], pin="==")
    assert new == PYPROJECT.replace(
        "  'pandas'  # frames\n]", "  'pandas',  # frames\n  'PyYAML==6.0.1',\n]"
    )


def test_a_one_line_or_empty_array_and_what_cannot_be_edited_safely():
    one = '[project]\nname = "x"\ndependencies = ["numpy"]  # core\n'
    assert add_to_pyproject(one, [("tqdm", "4")]) == (
        '[project]\nname = "x"\ndependencies = ["numpy", "tqdm>=4"]  # core\n'
    )
    empty = '[project]\nname = "x"\ndependencies = []\n'
    assert add_to_pyproject(empty, [("tqdm", "4")]) == (
        '[project]\nname = "x"\ndependencies = ["tqdm>=4"]\n'
    )
    assert add_to_pyproject('[tool.poetry]\nname = "x"\n', [("tqdm", "4")]) is None
    assert add_to_pyproject("[project\n", [("tqdm", "4")]) is None


# --- Poetry ------------------------------------------------------------------------------------

POETRY = """\
[tool.poetry]
name = "lab"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.10"
# arrays first: the GPU image pins them
numpy = "^1.24"  # CUDA 12 wheels
pandas = {version = "^2.1", extras = ["performance"]}
torch = { version = "^2.1", source = "pytorch" }

[tool.poetry.group.dev.dependencies]
pytest = "^8"

[[tool.poetry.source]]
name = "pytorch"
url = "https://download.pytorch.org/whl/cu121"
priority = "explicit"
"""


def test_poetry_dependencies_get_each_key_in_its_place_every_other_byte_kept():
    new = add_to_pyproject(
        POETRY, [("scikit-learn", "1.3.2"), ("numpy", "2.0"), ("zope.interface", "6.1")]
    )
    assert new == POETRY.replace(
        "torch = { version",
        'scikit-learn = ">=1.3.2"\ntorch = { version',
    ).replace(
        '"pytorch" }\n\n[tool.poetry.group',
        '"pytorch" }\n"zope.interface" = ">=6.1"\n\n[tool.poetry.group',
    )


def test_an_unsorted_poetry_table_gets_them_after_its_last_entry_in_its_style():
    text = (
        "[tool.poetry.dependencies]\r\n"
        "python='^3.11'\r\n"
        "torch='2.1'\r\n"
        "numpy='*'\r\n"
        "# matplotlib='*'\r\n"
        "\r\n"
        "[build-system]\r\n"
        "requires = ['poetry-core']\r\n"
    )
    new = add_to_pyproject(text, [("tqdm", "4.66.1")], pin="==")
    assert new == text.replace("numpy='*'\r\n", "numpy='*'\r\ntqdm='==4.66.1'\r\n")


def test_a_sorted_key_goes_above_the_comment_that_introduces_the_next_one():
    text = '[tool.poetry.dependencies]\npython = "^3.11"\nnumpy = "*"\n# bars\ntqdm = "*"\n'
    assert add_to_pyproject(text, [("pandas", "2")]) == text.replace(
        "# bars", 'pandas = ">=2"\n# bars'
    )


def test_poetry_2_with_a_project_table_keeps_its_list_there():
    text = '[project]\nname = "x"\ndependencies = ["numpy"]\n\n[tool.poetry.dependencies]\n'
    new = add_to_pyproject(text, [("tqdm", "4")])
    assert new == text.replace('["numpy"]', '["numpy", "tqdm>=4"]')


def test_poetry_tables_this_cannot_edit_safely_are_left_alone():
    inline = '[tool.poetry]\ndependencies = { python = "^3.10" }\n'
    assert add_to_pyproject(inline, [("tqdm", "4")]) is None
    assert add_to_pyproject('[tool.poetry]\nname = "x"\n', [("tqdm", "4")]) is None
    broken = '[tool.poetry.dependencies]\nnumpy = "^1\n'
    assert add_to_pyproject(broken, [("tqdm", "4")]) is None


def test_a_poetry_file_as_a_project_writes_it_parses_and_undo_restores_it(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_bytes(POETRY.encode())
    old = path.read_bytes().decode()
    path.write_bytes(add_to_pyproject(old, [("tqdm", "4.66.1")], pin="==").encode())
    parsed = read_pyproject(str(path), str(tmp_path))
    assert parsed["errors"] == []
    runtime = [r["text"] for r in parsed["requirements"] if r["group"] is None]
    assert runtime == ["numpy>=1.24,<2", "pandas>=2.1,<3", "torch>=2.1,<3", "tqdm==4.66.1"]
    path.write_bytes(old.encode())  # what the frontend's undo saves
    assert path.read_bytes() == POETRY.encode()


# --- environment.yml ---------------------------------------------------------------------------

CONDA = """\
name: lab  # the GPU box's
channels:
  - pytorch
  - conda-forge
dependencies:
  # conda's own
  - python=3.11
  - pytorch::pytorch=2.1  # CUDA 12
  - numpy=1.26
  - pip
  - pip:
      - wandb==0.16.0  # runs
      # - optuna, some day

variables:
  OMP_NUM_THREADS: 4
"""


def test_environment_yml_gets_them_at_the_end_of_its_pip_section():
    new = add_to_environment_yml(
        CONDA, [("tqdm", "4.66.1"), ("numpy", "2"), ("WandB", "1"), ("scikit-learn", "1.3.2")]
    )
    assert new == CONDA.replace(
        "# runs\n", "# runs\n      - tqdm>=4.66.1\n      - scikit-learn>=1.3.2\n"
    )


def test_environment_yml_without_a_pip_section_gets_one_in_its_indentation():
    text = "name: lab\r\ndependencies:\r\n- python=3.11\r\n- numpy  # arrays\r\n"
    new = add_to_environment_yml(text, [("tqdm", "4.66.1")], pin="==")
    assert new == text + "- pip\r\n- pip:\r\n  - tqdm==4.66.1\r\n"
    with_pip = "dependencies:\n    - pip>=23\n\nchannels:\n    - conda-forge\n"
    assert add_to_environment_yml(with_pip, [("tqdm", "4")]) == with_pip.replace(
        "23\n", "23\n    - pip:\n      - tqdm>=4\n"
    )
    empty_pip = "dependencies:\n  - numpy\n  - pip:\n"
    assert add_to_environment_yml(empty_pip, [("tqdm", "4")]) == empty_pip + "    - tqdm>=4\n"


def test_environment_yml_this_cannot_edit_safely_is_left_alone():
    for text in (
        "dependencies: [numpy, pip]\n",
        "dependencies:\n  - numpy\n  - pip: [tqdm]\n",
        "name: lab\n",
        "dependencies:\n  - numpy\n - [broken\n",
    ):
        assert add_to_environment_yml(text, [("torch", "2")]) is None, text


def test_an_environment_yml_as_a_project_writes_it_parses_and_undo_restores_it(tmp_path):
    path = tmp_path / "environment.yml"
    path.write_bytes(CONDA.encode())
    old = path.read_bytes().decode()
    path.write_bytes(add_to_environment_yml(old, [("tqdm", "4.66.1")]).encode())
    parsed = read_environment_yml(str(path), str(tmp_path))
    assert parsed["errors"] == []
    pip = [r["text"] for r in parsed["requirements"] if r["group"] == "pip"]
    assert pip == ["wandb==0.16.0", "tqdm>=4.66.1"]
    path.write_bytes(old.encode())  # what the frontend's undo saves
    assert path.read_bytes() == CONDA.encode()
