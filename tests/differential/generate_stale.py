"""A seeded generator of small notebooks for the slice and stale checks: names that alias and
names that can't (`b = a` for lists against `j = i` for ints), calls whose effects the analysis
must know (`a.sort()`, `g.min()`, `est.fit(X, y)`, `np.zeros(3)`), views (`g2 = g.reshape(2,
3)`, then `g2[0] = 1` changes `g`) and copies that are not views. Every name a template uses is
bound by the first cell, so cells run rather than raise; nothing is random, so every output is
decided by the cells alone.
"""

from __future__ import annotations

import random

PRELUDE = [
    "import numpy as np\n"
    "a = [3, 1, 2]\nb = [0]\nd = {'k': b}\nt = (1, 2)\ni = 1\nj = 2\n"
    "g = np.arange(6.0)\ng2 = np.zeros((2, 3))\nv = np.zeros(2)\nh = np.ones(6)\n"
    "X = np.arange(8.0).reshape(4, 2)\ny = X @ np.array([1.0, 2.0])\nXs = X[:1]",
    # An estimator as scikit-learn's are: fit changes the estimator, never X or y.
    "class Estimator:\n"
    "    def fit(self, X, y):\n"
    "        self.coef_ = np.linalg.lstsq(X, y, rcond=None)[0].round(3)\n"
    "        return self\n"
    "    def predict(self, X):\n"
    "        return (X @ self.coef_).round(3)\n"
    "def push(x):\n"
    "    x.append(0)\n"
    "est = Estimator().fit(X, y)",
]

# Statements that change or rebind what names hold (lists and ints, arrays, the estimator).
CHANGES = [
    "b = a",
    "b = list(a)",
    "j = i",
    "j += 1",
    "i += 1",
    "i = len(a)",
    "b.append(4)",
    "a.append(len(b))",
    "a.sort()",
    "b.sort(reverse=True)",
    "b[0] = 9",
    "a = a + [5]",
    "d['k'].append(7)",
    "d = {'k': a}",
    "push(b)",
    "t = (i, j)",
    "g.sort()",
    "g.fill(2.0)",
    "g += 1",
    "g = g * 2",
    "g[1] = 7",
    "z = np.zeros(3)",
    "g2 = g.reshape(2, 3)",
    "g2 = g.reshape(3, 2).T",
    "g2[0] = 1",
    "g2[0, 0] = 5",
    "v = g[1:3]",
    "v = g[1:3].copy()",
    "v += 1",
    "h = g.copy()",
    "h[0] = -1",
    "est.fit(X, y)",
    "est = Estimator()\nest.fit(X, y)",
    "X = X * 2",
    "X[0, 0] = 3",
    "y = y + 1",
    "Xs = X[:2]",
    "Xs[0] = 0",
]

# Cells that read without changing: displays and the calls the table says only read.
READS = [
    "print(a)",
    "print(b)",
    "a",
    "b",
    "print(i, j)",
    "j",
    "d",
    "t",
    "g.min()",
    "print(g.sum(), g.max())",
    "np.zeros(3)",
    "np.ones_like(g)",
    "print(g)",
    "g2",
    "v",
    "print(h)",
    "print(est.coef_)",
    "est.predict(X[:2])",
    "print(X.sum(), y.sum())",
    "sorted(a)",
    "len(b) + i",
]


def notebook(seed: int) -> list[str]:
    """The code cells of generated notebook number `seed`: the prelude, then 3 to 7 cells of
    one to three statements, changes and reads mixed, most ending with a read."""
    r = random.Random(seed)
    cells = list(PRELUDE)
    for _ in range(r.randint(3, 7)):
        statements = [r.choice(CHANGES) for _ in range(r.choice([0, 1, 1, 2]))]
        if not statements or r.random() < 0.6:
            statements.append(r.choice(READS))
        cells.append("\n".join(statements))
    return cells


def notebooks(count: int, seed: int = 0) -> list[list[str]]:
    return [notebook(seed * 1_000_003 + i) for i in range(count)]
