"""A seeded generator of small notebooks that stress what an extraction must keep.

Each notebook starts by binding a few globals, then draws cells from templates: names rebound
later, conditionals, loops that may run zero times, comprehensions, walrus, defs, lambdas and
classes that read globals when called (after those globals change), decorators and default
arguments, `del`, `global`, `try`/`except ... as e`, augmented assignment, mutation through
methods and subscripts, `%time`/`%timeit`, and displays at the end.
"""

from __future__ import annotations

import random

NAMES = ["k", "n", "w"]

# Each template is a function of the generator's random source giving one or more statements.
TEMPLATES = [
    lambda r: f"{r.choice(NAMES)} = {r.randint(-2, 5)}",
    lambda r: f"{r.choice(NAMES)} += {r.randint(1, 3)}",
    lambda r: f"x = {r.choice(NAMES)} * 2; x",
    lambda r: "def f(a):\n    return a * k",
    lambda r: f"def g(a, b={r.randint(0, 3)}):\n    return f(a) + b + n",
    lambda r: "def h(a=k):\n    return a + w",
    lambda r: "f = lambda a: a + k",
    lambda r: "sq = lambda a: a * a + w\nsq(n)",
    lambda r: (
        "class C:\n"
        f"    scale = {r.randint(1, 3)}\n"
        "    def m(self, a):\n"
        "        return a * k + self.scale"
    ),
    lambda r: "obj = C()",
    lambda r: f"print(obj.m({r.randint(0, 4)}))",
    lambda r: f"if k > {r.randint(0, 4)}:\n    x = k\nelse:\n    x = -k",
    lambda r: f"if n > {r.randint(0, 4)}:\n    y = n",
    lambda r: "total = 0",
    lambda r: "for i in range(n):\n    total += i",
    lambda r: "while n > 3:\n    n -= 2",
    lambda r: "squares = [a * k for a in range(n)]",
    lambda r: "table = {a: f(a) for a in range(3)}\ntable",
    lambda r: "if (m := k + n) > 3:\n    print(m)",
    lambda r: "del x\nx = k",
    lambda r: "global k\nk = k + 1",
    lambda r: (
        "try:\n"
        f"    x = 10 // (k - {r.randint(0, 3)})\n"
        "except ZeroDivisionError as e:\n"
        "    print(type(e).__name__)\n"
        "    x = 0"
    ),
    lambda r: "lst = []",
    lambda r: "lst.append(k)\nlen(lst)",
    lambda r: "d = {}",
    lambda r: "d['a'] = w\nd",
    lambda r: (
        "class Model:\n"
        "    def __init__(self):\n"
        "        self.coef = 0\n"
        "    def fit(self, a):\n"
        "        self.coef = a * k + w\n"
        "        return self"
    ),
    lambda r: "model = Model()",
    lambda r: "model.fit(n)\nprint(model.coef)",
    lambda r: "%time k + 1",
    lambda r: "%timeit -n1 -r1 f(2)",
    lambda r: "%time z = k + 1",
    lambda r: "k",
    lambda r: "print(f(3))",
    lambda r: "f(n)",
    lambda r: "g(1)",
    lambda r: "h()",
    lambda r: "total",
    lambda r: "lst",
    lambda r: "def deco(fn):\n    def wrapper(*a):\n        return fn(*a) + w\n    return wrapper",
    lambda r: "@deco\ndef p(a):\n    return a * n",
    lambda r: "print(p(2))",
    lambda r: "def evaluate():\n    return w * k",
    lambda r: f"w = k + {r.randint(0, 3)}\nprint(evaluate())",
    lambda r: "print(evaluate())",
    lambda r: "def bump():\n    global n\n    n = n + 1",
    lambda r: "bump()\nn",
    lambda r: "def make():\n    return lambda: k + w\nget = make()",
    lambda r: "get()",
]


# Definitions most notebooks start with, so that later cells mostly run rather than raise.
PRELUDE = [
    "def f(a):\n    return a * k",
    "def evaluate():\n    return w * k",
    "class C:\n    scale = 2\n    def m(self, a):\n        return a * k + self.scale",
    "obj = C()",
    "class Model:\n    def __init__(self):\n        self.coef = 0\n"
    "    def fit(self, a):\n        self.coef = a * k + w\n        return self",
    "model = Model()",
    "def bump():\n    global n\n    n = n + 1",
    "def deco(fn):\n    def wrapper(*a):\n        return fn(*a) + w\n    return wrapper\n"
    "@deco\ndef p(a):\n    return a * n",
    "def make():\n    return lambda: k + w\nget = make()",
]


def notebook(seed: int) -> list[str]:
    """The code cells of generated notebook number `seed`."""
    r = random.Random(seed)
    cells = [
        f"k = {r.randint(0, 4)}\nn = {r.randint(0, 4)}\nw = {r.randint(0, 4)}\n"
        "x = 1\ntotal = 0\nlst = []\nd = {}"
    ]
    prelude = [s for s in PRELUDE if r.random() < 0.9]
    while prelude:
        take = r.randint(1, 3)
        cells.append("\n".join(prelude[:take]))
        prelude = prelude[take:]
    for _ in range(r.randint(2, 7)):
        statements = [r.choice(TEMPLATES)(r) for _ in range(r.choice([1, 1, 2, 2, 3]))]
        cells.append("\n".join(statements))
    return cells


def notebooks(count: int, seed: int = 0) -> list[list[str]]:
    return [notebook(seed * 1_000_003 + i) for i in range(count)]


# --- interpreter state (#35): cells that change sys.path, the directory, the environment ---
#
# The helper modules and data live in a folder the test prepares (`prepare_state_folder`); the
# notebooks name it by absolute path. What a cell writes goes beside the notebook (the worker's
# fresh folder, `HERE`), so a slice that leaves the writing cell out can't find it.

HELPER_A = (
    "import warnings\n\n"
    "def scaled(x):\n    return x * 3\n\n"
    "def noisy():\n    warnings.warn('careful')\n    return 1\n"
)
ENVMOD = "import os\n\nSCALE = int(os.environ.get('SANE_GEN_SCALE', '1'))\n"


def prepare_state_folder(root) -> None:
    """Writes the helper modules (root/lib) and data files (root/data) the notebooks use."""
    lib, sub = root / "lib", root / "data" / "sub"
    lib.mkdir(parents=True, exist_ok=True)
    sub.mkdir(parents=True, exist_ok=True)
    (lib / "helper_a.py").write_text(HELPER_A)
    (lib / "envmod.py").write_text(ENVMOD)
    (root / "data" / "values.txt").write_text("3 4 5\n")
    (sub / "more.txt").write_text("six\n")


def _path_cell(r: random.Random, lib: str) -> str:
    return r.choice(
        [
            f"sys.path.insert(0, {lib!r})",
            f"sys.path.append({lib!r})",
            f"sys.path = [{lib!r}] + sys.path",
            f"sys.path.extend([{lib!r}])",
            f"import site\nsite.addsitedir({lib!r})",
        ]
    )


_FILE_WRITES = {
    "text": [
        "with open('written_here.txt', 'w') as f:\n    f.write('{v}')",
        "from pathlib import Path\nPath('written_here.txt').write_text('{v}')",
    ],
    "array": ["import numpy as np\nnp.save('written_here', np.arange({v}))"],
}
_FILE_READS = {
    "text": [
        "print(open('written_here.txt').read())",
        "import pathlib\npathlib.Path('written_here.txt').read_text()",
    ],
    "array": ["import numpy\nprint(numpy.load('written_here.npy').sum())"],
}


def _state_features(r: random.Random, root: str) -> list[tuple[list[str], list[str]]]:
    """(setup cells, use cells) for each pattern; a use runs after all of its setups."""
    lib, data = f"{root}/lib", f"{root}/data"
    v = r.randint(2, 9)
    kind = r.choice(sorted(_FILE_WRITES))
    return [
        (
            [_path_cell(r, lib)],
            [
                r.choice(
                    [
                        "from helper_a import scaled\nprint(scaled(k))",
                        "import helper_a\nhelper_a.scaled(n)",
                        "helper = importlib.import_module('helper_a')\nhelper.scaled(2)",
                    ]
                )
            ],
        ),
        (
            [
                "with open(os.path.join(HERE, 'made_here.py'), 'w') as f:\n"
                f"    f.write('VALUE = {v}\\n')\nimportlib.invalidate_caches()",
                "sys.path.insert(0, HERE)",
            ],
            ["import made_here\nprint(made_here.VALUE * k)"],
        ),
        (
            r.choice(
                [
                    [f"os.chdir({data!r})"],
                    [f"os.chdir({root!r})", "os.chdir('data')"],
                    [f"%cd {data}"],
                ]
            ),
            [
                r.choice(
                    [
                        "print(open('values.txt').read().strip())",
                        "from pathlib import Path\nPath('values.txt').read_text()",
                        "sorted(os.listdir())",
                        "os.path.exists('values.txt')",
                        "with open('sub/more.txt') as f:\n    word = f.read().strip()\nword",
                    ]
                )
                for _ in range(2)
            ],
        ),
        (
            [
                _path_cell(r, lib),
                r.choice(
                    [
                        f"os.environ['SANE_GEN_SCALE'] = '{v}'",
                        f"os.environ.update({{'SANE_GEN_SCALE': '{v}'}})",
                        f"os.environ.setdefault('SANE_GEN_SCALE', '{v}')",
                        f"%env SANE_GEN_SCALE={v}",
                        f"%set_env SANE_GEN_SCALE={v}",
                    ]
                ),
            ],
            ["import envmod\nprint(envmod.SCALE * k)"],
        ),
        (
            [
                _path_cell(r, lib),
                r.choice(["warnings.simplefilter('ignore')", "warnings.filterwarnings('ignore')"]),
            ],
            # One use only: a warning shown once is state too (the registry of shown ones).
            ["from helper_a import noisy\nnoisy()"],
        ),
        (
            # A file one cell writes (relative to the notebook's folder) and a later one reads:
            # the reader binds nothing the writer reads, nor reads a name the writer binds.
            [r.choice(_FILE_WRITES[kind]).format(v=v)],
            [r.choice(_FILE_READS[kind]) for _ in range(2)],
        ),
        (
            ["from random import seed, random as draw", f"seed({v})"],
            ["print(round(draw(), 6))", "x = draw() * k\nround(x, 6)"],
        ),
    ]


FILLERS = [
    lambda r: f"k = {r.randint(1, 5)}",
    lambda r: f"n = k + {r.randint(0, 3)}",
    lambda r: "x = k * 2\nx",
    lambda r: "print(n)",
    lambda r: "total = sum(range(n))\ntotal",
]


def state_notebook(seed: int, root: str) -> list[str]:
    """The code cells of interpreter-state notebook number `seed`, helpers under `root`."""
    r = random.Random(seed)
    cells = [
        "import os, sys, importlib, warnings\nHERE = os.getcwd()\n"
        f"k = {r.randint(1, 4)}\nn = {r.randint(1, 4)}"
    ]
    features = r.sample(_state_features(r, root), r.randint(2, 4))
    # Files are written beside the notebook: not after a feature moves to the data folder.
    if any("os.chdir" in c or "%cd" in c for setups, _ in features for c in setups):
        features = [f for f in features if not any("written_here" in c for c in f[0])]
    pending = [(list(setups), list(uses)) for setups, uses in features]
    while any(setups or uses for setups, uses in pending):
        ready = [p for p in pending if p[0] or p[1]]
        setups, uses = r.choice(ready)
        if r.random() < 0.3:
            cells.append(r.choice(FILLERS)(r))
        cells.append(setups.pop(0) if setups else uses.pop(0))
    return cells


def state_notebooks(count: int, root: str, seed: int = 0) -> list[list[str]]:
    return [state_notebook(seed * 1_000_003 + i, root) for i in range(count)]


# Source shapes (issue #34): the same cells as a user may type them. IPython removes the common
# indentation, splits lines at `\r\n`, `\r` and form feeds; CPython ignores a form feed in
# indentation, trailing blanks, a missing final newline; `;` and `\` are plain Python.
INDENTS = ["", "", " ", "  ", "   ", "    ", "\t"]
LINE_ENDS = ["\n", "\n", "\r\n", "\r"]
# Statements that open or continue a block, or IPython syntax a `;` would become part of.
_NOT_JOINED = ("%", "@", "def ", "class ", "if ", "for ", "while ", "try", "else", "elif ")
_NOT_JOINED += ("except", "finally", "with ")


def _joinable(line: str) -> bool:
    return (
        bool(line)
        and line[0] not in " \t"
        and not line.endswith(":")
        and not (line.startswith(_NOT_JOINED))
    )


def _semicolons(lines: list[str], r: random.Random) -> list[str]:
    """Joins two top-level simple statements in a row with `; `."""
    for i in range(len(lines) - 1):
        if _joinable(lines[i]) and _joinable(lines[i + 1]) and r.random() < 0.7:
            return [*lines[:i], f"{lines[i]}; {lines[i + 1]}", *lines[i + 2 :]]
    return lines


def _backslash(lines: list[str], r: random.Random) -> list[str]:
    """Breaks an assignment after its `=` with a backslash continuation."""
    for i, line in enumerate(lines):
        if " = " in line and not line.endswith(":") and not line.lstrip().startswith("%"):
            if r.random() < 0.7:
                head, tail = line.split(" = ", 1)
                indent = line[: len(line) - len(line.lstrip())]
                return [*lines[:i], f"{head} = \\", f"{indent}    {tail}", *lines[i + 1 :]]
    return lines


def retype(cell: str, r: random.Random) -> tuple[str, list[str]]:
    """The cell in a random mix of source shapes, and the names of the shapes it got."""
    shapes = []
    lines = cell.split("\n")
    if r.random() < 0.3:
        joined = _semicolons(lines, r)
        shapes += ["semicolons"] if joined != lines else []
        lines = joined
    if r.random() < 0.3:
        broken = _backslash(lines, r)
        shapes += ["backslash continuation"] if broken != lines else []
        lines = broken
    if r.random() < 0.3:
        lines = [ln if ln.endswith("\\") else ln + " " * r.randint(1, 3) for ln in lines]
        shapes.append("trailing spaces")
    indent = r.choice(INDENTS)
    if indent:
        lines = [indent + ln for ln in lines]
        shapes.append("leading tab" if indent == "\t" else f"leading {len(indent)} spaces")
    # IPython finds no magic after a form feed or a lone `\r`: a syntax error of its own.
    magic = "%" in cell
    if r.random() < 0.25 and not magic:
        if indent:
            # Before the cell: IPython's split at the form feed leaves an empty first line.
            lines[0] = "\f" + lines[0]
        else:
            # In the indentation of top-level lines: the tokenizer's column goes back to 0.
            lines = ["\f" + ln if ln and ln[0] not in " \t" else ln for ln in lines]
        shapes.append("form feeds")
    # IPython's dedent splits at `\n` only: an indented cell with lone `\r` ends is its error.
    end = r.choice(LINE_ENDS[:3] if indent or magic else LINE_ENDS)
    if end != "\n":
        shapes.append("CRLF" if end == "\r\n" else "lone CR")
    text = end.join(lines)
    if r.random() < 0.5:
        text += end
        shapes.append("final newline")
    else:
        shapes.append("no final newline")
    return text, shapes


def shaped_notebooks(count: int, seed: int = 0) -> tuple[list[list[str]], dict[str, int]]:
    """The generated notebooks with every cell re-typed in source shapes (the first cell, which
    binds the globals, too), and how many cells got each shape."""
    r = random.Random(seed + 34)
    counts: dict[str, int] = {}
    out = []
    for cells in notebooks(count, seed):
        typed = []
        for cell in cells:
            text, shapes = retype(cell, r)
            typed.append(text)
            for shape in shapes:
                counts[shape] = counts.get(shape, 0) + 1
        out.append(typed)
    return out, counts
