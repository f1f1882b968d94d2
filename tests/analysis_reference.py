"""An independent reference for the analysis in src/analysis/, on CPython's own `ast`.

IPython syntax goes through IPython's TransformerManager, exactly as the kernel would; then the
same rules as docs/design.md's extraction contract are applied to CPython's tree: what a cell reads
before it surely binds it, what it binds, which later cells use what, and when a cell must be
refused. The corpus test compares the TypeScript analysis with this, cell by cell.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass, field

from IPython.core.inputtransformer2 import TransformerManager

_TRANSFORMER = TransformerManager()
_BUILTIN_NAMES = set(dir(builtins)) | {"display", "get_ipython", "In", "Out"}
PYTHON_CELL_MAGICS = {"time", "capture", "prun"}
READ_ONLY_CELL_MAGICS = {"timeit"}
STATEMENT_MAGICS = {"time", "prun", "debug"}
# `%time` and `%timeit` get the caller's local names (IPython's `needs_local_scope`).
NAMESPACE_MAGICS = {"prun", "debug"}


@dataclass
class CellFacts:
    reads: list[str] = field(default_factory=list)
    binds: dict[str, str] = field(default_factory=dict)
    sure: set[str] = field(default_factory=set)
    refusal: str | None = None
    statements: int = 0
    leading_imports: set[str] = field(default_factory=set)
    only_imports: bool = False
    # Names function bodies read (or declare global) when called; those declared global.
    late: set[str] = field(default_factory=set)
    late_writes: set[str] = field(default_factory=set)
    top_globals: set[str] = field(default_factory=set)
    deleted_outer: list[str] = field(default_factory=list)
    # The top-level statements after the leading imports, each as `_Statement` facts.
    rest: list = field(default_factory=list)
    read_only_reads: set[str] = field(default_factory=set)


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

    def defer_write(self, name: str) -> None:
        if self.parent:
            self.parent.defer_write(name)

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
        self.deferred_writes: set[str] = set()
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

    def defer_write(self, name):
        self.defer(name)
        self.deferred_writes.add(name)

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
        # A name declared global is the notebook's whether the body reads or only rebinds it.
        for name in self.outer:
            self.parent.defer_write(name)


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


def _expand_magics(
    tree: ast.Module,
) -> tuple[list[ast.stmt], list[tuple[str, str]], list[tuple[int, str]]]:
    """`%time stmt` runs `stmt`; `%timeit stmt` only reads: its reads are returned apart."""
    statements: list[ast.stmt] = []
    magics: list[tuple[str, str]] = []
    read_only: list[tuple[int, str]] = []

    def visit(body):
        out = []
        for node in body:
            magic = _line_magic(node)
            if magic:
                name, args = magic
                magics.append((name, args))
                if name in STATEMENT_MAGICS and args and not args.startswith("-"):
                    try:
                        parsed = ast.parse(args)
                        ast.increment_lineno(parsed, node.lineno - 1)
                        out.extend(parsed.body)
                        continue
                    except SyntaxError:
                        pass
                if name == "timeit":
                    read_only.append((node.lineno, _timeit_statement(args)))
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
    top_globals = {n for node in tree.body if isinstance(node, ast.Global) for n in node.names}
    tree.body = [node for node in tree.body if not isinstance(node, ast.Global)]
    statements, magics, read_only = _expand_magics(tree)
    cell = _Cell()
    walker = _Walker()
    walker.body(statements, cell)
    facts.late = set(cell.deferred)
    facts.late_writes = set(cell.deferred_writes)
    facts.top_globals = top_globals
    facts.deleted_outer = list(cell.deleted_outer)
    reads = list(cell.reads)
    for name in cell.deferred:
        if name not in reads and name not in cell.binds:
            reads.append(name)
    for line, code in read_only:
        # `%timeit` reads when its line runs: a name the cell binds only later is read too.
        inner, _ = analyze_cell(code)
        bound: set[str] = set()
        for statement in statements:
            if statement.end_lineno >= line:
                break
            bound |= _statement(statement).binds
        reads += [n for n in inner.reads if n not in reads and n not in bound]
        facts.read_only_reads |= set(inner.reads)
    facts.reads, facts.binds, facts.sure = reads, cell.binds, cell.sure
    facts.statements = len(statements)
    leading = []
    for statement in statements:
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            break
        leading.append(statement)
    facts.only_imports = len(leading) == len(statements) and not top_globals
    facts.rest = [_statement(node) for node in statements[len(leading) :]]
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
    elif any(name in NAMESPACE_MAGICS for name, _ in magics):
        facts.refusal = "namespace magic"
    elif any(name == "time" and _time_binds(args) for name, args in magics):
        facts.refusal = "%time of a statement that binds names"
    elif not statements and not top_globals:
        facts.refusal = "empty"
    return facts, None


@dataclass
class _Statement:
    """One top-level statement on its own: what it reads, binds and defines."""

    defines: str | None
    reads: list[str]
    binds: set[str]
    late: set[str]
    calls_when_defined: bool
    inert: bool
    # String literals that spell an identifier.
    strings: set[str] = field(default_factory=set)


_INERT = (
    ast.Assign,
    ast.AnnAssign,
    ast.Expr,
    ast.Pass,
    ast.Name,
    ast.Constant,
    ast.Tuple,
    ast.List,
    ast.Dict,
    ast.Set,
    ast.UnaryOp,
    ast.BinOp,
    ast.operator,
    ast.unaryop,
    ast.expr_context,
)


def _statement(node: ast.stmt) -> _Statement:
    cell = _Cell()
    _Walker().stmt(node, cell)
    defines = (
        node.name
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        else None
    )
    return _Statement(
        defines,
        list(cell.reads),
        set(cell.binds),
        set(cell.deferred),
        _calls_when_defined(node),
        all(isinstance(n, _INERT) for n in ast.walk(node)),
        {
            n.value
            for n in ast.walk(node)
            if isinstance(n, ast.Constant)
            and isinstance(n.value, str)
            and re.fullmatch(r"[A-Za-z_]\w*", n.value, re.ASCII)
        },
    )


def _calls_when_defined(node: ast.stmt) -> bool:
    """Whether defining it runs a call: decorators, defaults, bases, a class body's code."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = node.args
        parts = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        parts += [a.annotation for a in every if a is not None and a.annotation is not None]
        parts += [node.returns] if node.returns is not None else []
    elif isinstance(node, ast.ClassDef):
        parts = [*node.bases, *(k.value for k in node.keywords), *node.body]
    else:
        return False
    if node.decorator_list:
        return True
    return any(_calls_now(part) for part in parts)


def _calls_now(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return True
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return _calls_when_defined(node)
    if isinstance(node, ast.Lambda):
        return any(_calls_now(d) for d in node.args.defaults)
    return any(_calls_now(child) for child in ast.iter_child_nodes(node))


def _time_binds(args: str) -> bool:
    if args.startswith("-"):
        return False
    try:
        tree = ast.parse(args)
    except SyntaxError:
        return False
    cell = _Cell()
    _Walker().body(tree.body, cell)
    return bool(cell.binds)


@dataclass
class Expected:
    """What the reference expects of one code cell's extraction."""

    refusal: str | None
    params: list[str]
    returns: list[str]
    globals: list[str] = field(default_factory=list)


@dataclass
class _Context:
    """What the notebook around a cell holds: earlier bindings, later uses, late reads."""

    earlier: dict[str, str]
    used: set[str]
    late_before: set[str]
    written_before: set[str]


def expected_extractions(sources: list[str]) -> list[Expected]:
    """The expected extraction of every code cell of a notebook, in order."""
    facts = [analyze_cell(source)[0] for source in sources]
    used_after: list[set[str]] = [set() for _ in facts]
    live: set[str] = set()
    for i in range(len(facts) - 1, -1, -1):
        used_after[i] = live
        live = {n for n in live if n not in facts[i].sure} | set(facts[i].reads)
    earlier: dict[str, str] = {}
    late: set[str] = set()
    written: set[str] = set()
    out = []
    for i, cell in enumerate(facts):
        out.append(_expect(cell, _Context(earlier, used_after[i], late, written)))
        earlier = {**earlier, **cell.binds}
        late = late | cell.late
        written = written | cell.late_writes
    return out


def _movable_definitions(cell: CellFacts, around: _Context) -> list[_Statement] | str:
    """The definitions that leave the function for module level, or why one can't."""
    counts: dict[str, int] = {}
    for statement in cell.rest:
        for name in statement.binds:
            counts[name] = counts.get(name, 0) + 1
    out: list[_Statement] = []
    bound: set[str] = set()
    touched: set[str] = set()
    leading = True
    for statement in cell.rest:
        name = statement.defines
        needed = name is not None and (
            name in around.used or name in around.late_before or name in cell.late
        )
        if name is not None and (leading or needed):
            movable = counts[name] <= 1 and (
                leading
                or not (
                    statement.calls_when_defined
                    or name in touched
                    or any(n in bound for n in statement.reads)
                )
            )
            if movable:
                out.append(statement)
                continue
            if needed:
                return "a definition others use can't move out of the function"
        leading = False
        bound |= statement.binds
        touched |= set(statement.reads) | statement.binds | statement.late
    return out


_BY_NAME = {"pickle", "dill", "cloudpickle", "joblib", "shelve", "copyreg"}


def _spelled_then_read(cell: CellFacts) -> bool:
    """A name spelled in a string, then read by a later statement: maybe bound by name."""
    spelled: dict[str, int] = {}
    seen: set[str] = set()
    for i, statement in enumerate(cell.rest):
        if any(
            spelled.get(n, i) < i and n in cell.reads and n not in seen for n in statement.reads
        ):
            return True
        seen |= set(statement.reads)
        for word in statement.strings:
            spelled.setdefault(word, i)
    return False


def _expect(cell: CellFacts, around: _Context) -> Expected:
    refusal = cell.refusal or ("only imports" if cell.only_imports else None)
    if not refusal and _spelled_then_read(cell):
        refusal = "bound by name"
    defs = [] if refusal else _movable_definitions(cell, around)
    if isinstance(defs, str):
        refusal = defs
    elif not refusal and len(defs) == len(cell.rest):
        refusal = "only definitions"
    if refusal:
        return Expected(refusal, [], [])
    earlier, used = around.earlier, around.used
    moved = {s.defines for s in defs}
    rest = [s for s in cell.rest if s not in defs]
    inert = all(s.inert for s in rest)
    pickles = any(n in _BY_NAME for n in cell.reads)
    kept = set(cell.top_globals) | set(cell.deleted_outer)
    late_results = []
    for name in cell.binds:
        if name in moved or name in kept:
            continue
        sure = name in cell.sure
        if (
            pickles
            or name in cell.late
            or (name in around.late_before and not (inert and sure))
            or (name in used and not sure and name not in earlier)
            or (name in cell.reads and name not in earlier)
        ):
            kept.add(name)
        elif name in around.late_before:
            late_results.append(name)
    moved_reads = {n for s in defs for n in s.reads}
    moved_reads -= {n for s in rest for n in s.reads} | cell.read_only_reads
    params = [
        n
        for n in cell.reads
        if n in earlier
        and n not in cell.late
        and n not in around.written_before
        and (earlier[n] == "data" or n in cell.binds)
    ]
    params += [
        n
        for n in cell.binds
        if n not in cell.sure and n in used and n in earlier and n not in params
    ]
    params = [n for n in params if n not in kept and n not in moved_reads]
    returns = [
        n
        for n in cell.binds
        if (n in used or n in late_results)
        and n not in cell.leading_imports
        and n not in moved
        and n not in kept
    ]
    order = list(cell.binds)
    ranked = sorted(kept, key=lambda n: (order.index(n) if n in order else len(order), n))
    return Expected(None, params, returns, ranked)
