"""Add to requirements: comments, order and line endings kept; undo is the old text itself."""

from jupyterlab_sane.environment.declarations import read_requirements_file
from jupyterlab_sane.environment.writer import add_requirements, add_to_pyproject

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
