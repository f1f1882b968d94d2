"""Which cells of a notebook hold tests: the same rules as the frontend's analysis.

The frontend decides with its @lezer/python analysis (``src/analysis/testcells/testcells.ts``); the
headless command has no JavaScript at hand, so these rules are restated here on CPython's
``ast``. pytest checks that both agree on the corpus.
"""

from __future__ import annotations

import ast
import re

DEFAULT_HELPERS = (
    "test_*",
    "assert_*",
    "np.testing.*",
    "numpy.testing.*",
    "pd.testing.*",
    "pandas.testing.*",
    "torch.testing.*",
)
MIN_ASSERT_SHARE = 0.5


def _matcher(pattern):
    expression = re.compile("^" + re.escape(pattern).replace(r"\*", r"[\w.]*") + "$")
    if "." in pattern:
        return expression.match
    return lambda callee: expression.match(callee.rsplit(".", 1)[-1])


def _dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def plain_python(source):
    """The cell with IPython-only lines blanked, so `ast` can read the rest."""
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")) or stripped.endswith("?"):
            lines.append(line[: len(line) - len(stripped)] + "pass")
        else:
            lines.append(line)
    return "\n".join(lines)


def _is_test_function(node):
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    args = node.args
    required = len(args.posonlyargs) + len(args.args) - len(args.defaults)
    required += sum(1 for d in args.kw_defaults if d is None)
    return node.name.startswith("test_") and required == 0


def reason_for(source, tags=(), helpers=DEFAULT_HELPERS):
    """Why a code cell holds tests (``tag``, ``ipytest``, ``test-functions``, ``asserts``)."""
    if "test" in tags:
        return "tag"
    if source.lstrip().startswith("%%ipytest"):
        return "ipytest"
    if source.lstrip().startswith("%%"):
        return None
    try:
        body = ast.parse(plain_python(source)).body
    except SyntaxError:
        return None
    if any(_is_test_function(node) for node in body):
        return "test-functions"
    matchers = [_matcher(p) for p in helpers]

    def is_test(node):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            callee = _dotted(node.value.func)
            return bool(callee) and any(m(callee) for m in matchers)
        return False

    tests = sum(1 for node in body if is_test(node))
    if tests and tests / len(body) >= MIN_ASSERT_SHARE:
        return "asserts"
    return None


def find_test_cells(notebook):
    """Indices of the code cells of an nbformat notebook that hold tests."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if reason_for(cell.source, tags):
            found.append(index)
    return found
