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
