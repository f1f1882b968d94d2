"""An independent reference for the analysis in src/analysis/, on CPython's own `ast`.

IPython syntax goes through IPython's TransformerManager, exactly as the kernel would; then the
same rules as DESIGN.md's extraction contract are applied to CPython's tree: what a cell reads
before it surely binds it, what it binds, which later cells use what, and when a cell must be
refused. The corpus test compares the TypeScript analysis with this, cell by cell.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

from IPython.core.inputtransformer2 import TransformerManager

_TRANSFORMER = TransformerManager()
_BUILTIN_NAMES = set(dir(builtins)) | {"display", "get_ipython", "In", "Out"}
PYTHON_CELL_MAGICS = {"time", "capture", "prun"}
READ_ONLY_CELL_MAGICS = {"timeit"}
STATEMENT_MAGICS = {"time", "prun", "debug"}
NAMESPACE_MAGICS = {"time", "timeit", "prun", "debug"}


@dataclass
class CellFacts:
    reads: list[str] = field(default_factory=list)
    binds: dict[str, str] = field(default_factory=dict)
    sure: set[str] = field(default_factory=set)
    refusal: str | None = None
    statements: int = 0
    leading_imports: set[str] = field(default_factory=set)
    only_imports: bool = False


def _line_magic(node: ast.AST) -> tuple[str, str] | None:
    """`get_ipython().run_line_magic('name', 'args')` -> (name, args)."""
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "run_line_magic"
        and len(node.value.args) == 2
        and all(isinstance(a, ast.Constant) for a in node.value.args)
    ):
        name, args = (a.value for a in node.value.args)
        return name, args
    return None


def _timeit_statement(args: str) -> str:
    words = args.split()
    i = 0
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in ("-n", "-r", "-p", "-t") else 1
    return " ".join(words[i:])


class _Frame:
    """A scope: `read`, `bind`, `defer` as Python resolves names."""

    def __init__(self, parent: _Frame | None):
        self.parent = parent
        self.local: set[str] = set()

    def read(self, name: str) -> None:
        if name not in self.local and self.parent:
            self.parent.read(name)

    def bind(self, name: str, kind: str = "data") -> None:
        self.local.add(name)

    def unbind(self, name: str) -> None:
        self.read(name)

    def defer(self, name: str) -> None:
        if self.parent:
            self.parent.defer(name)

    def walrus(self) -> _Frame:
        return self

    # Flow is tracked only at the cell's top level.
    def save(self):
        return None

    def restore(self, state) -> None:
        pass

    def meet(self, states) -> None:
        pass


class _Cell(_Frame):
    def __init__(self):
        super().__init__(None)
        self.reads: list[str] = []
        self.binds: dict[str, str] = {}
        self.sure: set[str] = set()
        self.deferred: list[str] = []
        self.deleted_outer: list[str] = []

    def read(self, name):
        if name not in self.sure and name not in self.reads:
            self.reads.append(name)

    def bind(self, name, kind="data"):
        self.sure.add(name)
        self.binds.pop(name, None)
        self.binds[name] = kind

    def unbind(self, name):
        if name not in self.sure:
            self.read(name)
            self.deleted_outer.append(name)
        self.sure.discard(name)

    def defer(self, name):
        if name not in self.deferred:
            self.deferred.append(name)

    def save(self):
        return set(self.sure)

    def restore(self, state):
        self.sure = set(state)

    def meet(self, states):
        states = [s for s in states if s is not None]
        self.sure = set.intersection(*states) if states else self.sure


class _Class(_Frame):
    def defer(self, name):
        # Methods do not see the class body's names.
        self.parent.defer(name)


class _Comprehension(_Frame):
    def walrus(self):
        return self.parent.walrus()

    def defer(self, name):
        if name not in self.local:
            self.parent.defer(name)


class _Function(_Frame):
    def __init__(self, parent):
        super().__init__(parent)
        self.used: list[str] = []
        self.outer: set[str] = set()

    def read(self, name):
        self.used.append(name)

    def bind(self, name, kind="data"):
        if name not in self.outer:
            self.local.add(name)

    def defer(self, name):
        self.used.append(name)

    def close(self):
        for name in self.used:
            if name not in self.local:
                self.parent.defer(name)


class _Walker:
    def __init__(self):
        self.flags: dict[str, bool] = {}
        self.depth = 0  # functions entered

    # --- statements -----------------------------------------------------------------------

    def body(self, statements, frame):
        for statement in statements:
            self.stmt(statement, frame)

    def stmt(self, node, frame):
        if isinstance(node, ast.Assign):
            self.expr(node.value, frame)
            for target in node.targets:
                self.target(target, frame)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.expr(node.value, frame)
            self.expr(node.annotation, frame)
            if node.value is not None:
                self.target(node.target, frame)
            elif not isinstance(node.target, ast.Name):
                self.expr(node.target, frame)
        elif isinstance(node, ast.AugAssign):
            self.expr(node.value, frame)
            if isinstance(node.target, ast.Name):
                frame.read(node.target.id)
                frame.bind(node.target.id)
            else:
                self.expr(node.target, frame)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self.delete(target, frame)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                frame.bind(alias.asname or alias.name.split(".")[0], "import")
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    self.flags["star"] = True
                else:
                    frame.bind(alias.asname or alias.name, "import")
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            if isinstance(frame, _Function):
                frame.outer.update(node.names)
            elif isinstance(frame, _Cell):
                self.flags["scope"] = True
        elif isinstance(node, ast.If):
            self.expr(node.test, frame)
            self.branches([node.body, node.orelse], frame)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            self.loop(node, frame)
        elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            self.try_(node, frame)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            if isinstance(node, ast.AsyncWith):
                self.top("await")
            for item in node.items:
                self.expr(item.context_expr, frame)
                if item.optional_vars is not None:
                    self.target(item.optional_vars, frame)
            self.body(node.body, frame)
        elif isinstance(node, ast.Match):
            self.match(node, frame)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.function(node, frame)
        elif isinstance(node, ast.ClassDef):
            for item in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
                self.expr(item, frame)
            self.body(node.body, _Class(frame))
            frame.bind(node.name, "class")
        elif isinstance(node, ast.Return):
            self.top("return")
            if node.value is not None:
                self.expr(node.value, frame)
        elif hasattr(ast, "TypeAlias") and isinstance(node, ast.TypeAlias):
            lazy = _Function(frame)
            self.expr(node.value, lazy)
            lazy.close()
            frame.bind(node.name.id)
        else:
            for child in ast.iter_child_nodes(node):
                self.expr(child, frame)

    def branches(self, bodies, frame):
        entry = frame.save()
        outs = []
        for statements in bodies:
            frame.restore(entry) if entry is not None else None
            self.body(statements, frame)
            outs.append(frame.save())
        frame.meet(outs)

    def loop(self, node, frame):
        if isinstance(node, ast.AsyncFor):
            self.top("await")
        if isinstance(node, ast.While):
            self.expr(node.test, frame)
        else:
            self.expr(node.iter, frame)
        entry = frame.save()
        if not isinstance(node, ast.While):
            self.target(node.target, frame)
        self.body(node.body, frame)
        if entry is not None:
            frame.restore(entry)
        if node.orelse:
            self.body(node.orelse, frame)
            if _breaks(node.body):
                frame.meet([entry, frame.save()])

    def try_(self, node, frame):
        entry = frame.save()
        self.body(node.body, frame)
        self.body(node.orelse, frame)
        outs = [frame.save()]
        after = frame.save()
        for handler in node.handlers:
            if entry is not None:
                frame.restore(entry)
            if handler.type is not None:
                self.expr(handler.type, frame)
            prior = frame.binds.get(handler.name) if isinstance(frame, _Cell) else None
            if handler.name:
                frame.bind(handler.name)
            self.body(handler.body, frame)
            if handler.name and isinstance(frame, _Cell):
                # Python deletes the name when the handler ends.
                frame.sure.discard(handler.name)
                if prior is None:
                    frame.binds.pop(handler.name, None)
                else:
                    frame.binds[handler.name] = prior
            outs.append(frame.save())
        if after is not None:
            frame.restore(after)
        if node.handlers:
            frame.meet(outs)
        self.body(node.finalbody, frame)

    def match(self, node, frame):
        self.expr(node.subject, frame)
        entry = frame.save()
        outs = []
        exhaustive = False
        for case in node.cases:
            if entry is not None:
                frame.restore(entry)
            self.pattern(case.pattern, frame)
            if case.guard is not None:
                self.expr(case.guard, frame)
            elif isinstance(case.pattern, ast.MatchAs) and case.pattern.pattern is None:
                exhaustive = True
            self.body(case.body, frame)
            outs.append(frame.save())
        if not exhaustive:
            outs.append(entry)
        frame.meet(outs)

    def pattern(self, node, frame):
        if isinstance(node, ast.MatchAs):
            if node.pattern is not None:
                self.pattern(node.pattern, frame)
            if node.name is not None:
                frame.bind(node.name)
        elif isinstance(node, ast.MatchStar):
            if node.name is not None:
                frame.bind(node.name)
        elif isinstance(node, ast.MatchMapping):
            for key in node.keys:
                self.expr(key, frame)
            for sub in node.patterns:
                self.pattern(sub, frame)
            if node.rest is not None:
                frame.bind(node.rest)
        elif isinstance(node, ast.MatchClass):
            self.expr(node.cls, frame)
            for sub in [*node.patterns, *node.kwd_patterns]:
                self.pattern(sub, frame)
        elif isinstance(node, ast.MatchValue):
            self.expr(node.value, frame)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.pattern):
                    self.pattern(child, frame)

    def function(self, node, frame):
        for item in node.decorator_list:
            self.expr(item, frame)
        inner = _Function(frame)
        self.arguments(node.args, frame, inner)
        if node.returns is not None:
            self.expr(node.returns, frame)
        self.depth += 1
        self.body(node.body, inner)
        self.depth -= 1
        inner.close()
        frame.bind(node.name, "def")

    def arguments(self, args, outer, inner):
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.expr(default, outer)
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        for arg in every:
            if arg.annotation is not None:
                self.expr(arg.annotation, outer)
            inner.bind(arg.arg)

    # --- targets and expressions -----------------------------------------------------------

    def target(self, node, frame):
        if isinstance(node, ast.Name):
            frame.bind(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                self.target(element, frame)
        elif isinstance(node, ast.Starred):
            self.target(node.value, frame)
        else:
            self.expr(node, frame)

    def delete(self, node, frame):
        if isinstance(node, ast.Name):
            frame.unbind(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                self.delete(element, frame)
        else:
            self.expr(node, frame)

    def expr(self, node, frame):
        if isinstance(node, ast.Name):
            frame.read(node.id)
        elif isinstance(node, ast.Lambda):
            inner = _Function(frame)
            self.arguments(node.args, frame, inner)
            self.depth += 1
            self.expr(node.body, inner)
            self.depth -= 1
            inner.close()
        elif isinstance(node, ast.NamedExpr):
            self.expr(node.value, frame)
            frame.walrus().bind(node.target.id)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            self.comprehension(node, frame)
        else:
            if isinstance(node, ast.Await):
                self.top("await")
            elif isinstance(node, (ast.Yield, ast.YieldFrom)):
                self.top("yield")
            for child in ast.iter_child_nodes(node):
                self.expr(child, frame)

    def comprehension(self, node, frame):
        scope = _Comprehension(frame)
        for i, generator in enumerate(node.generators):
            if generator.is_async:
                self.top("await")
            self.expr(generator.iter, frame if i == 0 else scope)
            self.target(generator.target, scope)
            for condition in generator.ifs:
                self.expr(condition, scope)
        elements = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        for element in elements:
            self.expr(element, scope)

    def top(self, what):
        if self.depth == 0:
            self.flags[what] = True


def _breaks(statements) -> bool:
    for statement in statements:
        for node in _own_nodes(statement):
            if isinstance(node, ast.Break):
                return True
    return False


def _own_nodes(node):
    yield node
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.ClassDef)):
        return
    for child in ast.iter_child_nodes(node):
        yield from _own_nodes(child)


def _expand_magics(tree: ast.Module) -> tuple[list[ast.stmt], list[str], list[str]]:
    """`%time stmt` runs `stmt`; `%timeit stmt` only reads: its reads are returned apart."""
    statements: list[ast.stmt] = []
    magics: list[str] = []
    read_only: list[str] = []

    def visit(body):
        out = []
        for node in body:
            magic = _line_magic(node)
            if magic:
                name, args = magic
                magics.append(name)
                if name in STATEMENT_MAGICS and args and not args.startswith("-"):
                    try:
                        out.extend(ast.parse(args).body)
                        continue
                    except SyntaxError:
                        pass
                if name == "timeit":
                    read_only.append(_timeit_statement(args))
            for attr in ("body", "orelse", "finalbody"):
                if isinstance(getattr(node, attr, None), list):
                    setattr(node, attr, visit(getattr(node, attr)))
            out.append(node)
        return out

    statements = visit(tree.body)
    return statements, magics, read_only


def analyze_cell(source: str) -> tuple[CellFacts, str | None]:
    """Facts about one cell, and the cell magic's name when it starts with one."""
    facts = CellFacts()
    lines = [
        line for line in source.split("\n") if line.strip() and not line.strip().startswith("#")
    ]
    cell_magic = None
    if lines and lines[0].lstrip().startswith("%%"):
        cell_magic = lines[0].strip()[2:].split()[0] if lines[0].strip()[2:] else ""
        if cell_magic not in PYTHON_CELL_MAGICS | READ_ONLY_CELL_MAGICS:
            facts.refusal = "cell magic"
            return facts, cell_magic
        body = source.split(lines[0], 1)[1]
        inner, _ = analyze_cell(body.lstrip("\n"))
        if cell_magic in READ_ONLY_CELL_MAGICS:
            inner = CellFacts(reads=inner.reads)
        inner.refusal = "cell magic"
        return inner, cell_magic
    try:
        tree = ast.parse(_TRANSFORMER.transform_cell(source))
    except (SyntaxError, ValueError):
        facts.refusal = "syntax error"
        return facts, None
    statements, magics, read_only = _expand_magics(tree)
    cell = _Cell()
    walker = _Walker()
    walker.body(statements, cell)
    reads = list(cell.reads)
    for name in cell.deferred:
        if name not in reads and name not in cell.binds:
            reads.append(name)
    for code in read_only:
        inner, _ = analyze_cell(code)
        reads += [n for n in inner.reads if n not in reads and n not in cell.binds]
    facts.reads, facts.binds, facts.sure = reads, cell.binds, cell.sure
    facts.statements = len(statements)
    leading = []
    for statement in statements:
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            break
        leading.append(statement)
    facts.only_imports = len(leading) == len(statements)
    for statement in leading:
        for alias in statement.names:
            facts.leading_imports.add(alias.asname or alias.name.split(".")[0])
    flags = walker.flags
    if flags.get("return") or flags.get("yield"):
        facts.refusal = "return or yield at top level"
    elif flags.get("star"):
        facts.refusal = "star import"
    elif flags.get("scope"):
        facts.refusal = "global or nonlocal at top level"
    elif any(m in NAMESPACE_MAGICS for m in magics):
        facts.refusal = "namespace magic"
    elif cell.deleted_outer:
        facts.refusal = "del of a notebook name"
    elif not statements:
        facts.refusal = "empty"
    return facts, None


@dataclass
class Expected:
    """What the reference expects of one code cell's extraction."""

    refusal: str | None
    params: list[str]
    returns: list[str]


def expected_extractions(sources: list[str]) -> list[Expected]:
    """The expected extraction of every code cell of a notebook, in order."""
    facts = [analyze_cell(source)[0] for source in sources]
    used_after: list[set[str]] = [set() for _ in facts]
    live: set[str] = set()
    for i in range(len(facts) - 1, -1, -1):
        used_after[i] = live
        live = {n for n in live if n not in facts[i].sure} | set(facts[i].reads)
    earlier: dict[str, str] = {}
    out = []
    for i, cell in enumerate(facts):
        out.append(_expect(cell, earlier, used_after[i]))
        earlier = {**earlier, **cell.binds}
    return out


def _expect(cell: CellFacts, earlier: dict[str, str], used: set[str]) -> Expected:
    refusal = cell.refusal
    if refusal is None:
        shadowed = [
            n for n in cell.reads if n in cell.binds and n not in earlier and n in _BUILTIN_NAMES
        ]
        if shadowed:
            refusal = "read before bound"
        elif cell.only_imports:
            refusal = "only imports"
    if refusal:
        return Expected(refusal, [], [])
    params = [n for n in cell.reads if n in earlier and (earlier[n] == "data" or n in cell.binds)]
    params += [
        n
        for n in cell.binds
        if n not in cell.sure and n in used and n in earlier and n not in params
    ]
    returns = [n for n in cell.binds if n in used and n not in cell.leading_imports]
    return Expected(None, params, returns)
