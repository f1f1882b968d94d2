"""Runs a notebook's test cells in the kernel and reports each test as structured data.

The frontend and `jupyter sane test` send this file's source to the kernel and load it as the
module ``_jupyterlab_sane_runner``, so it imports the standard library only: it must work in
any Python kernel, without IPython, pytest or this package installed there.

A test cell runs as written (in the notebook's namespace), then each ``test_*`` function it
defines is called; a cell without such functions counts as one test. Comparisons in asserts
(``assert a == b``) are rewritten to report both values, the way pytest does, so a failure says
what was compared without evaluating anything twice.
"""

from __future__ import annotations

import ast
import contextlib
import io
import linecache
import signal
import sys
import threading
import time
import traceback

VERSION = 1
MIME = "application/vnd.jupyterlab-sane.test-event+json"
MODULE = "_jupyterlab_sane_runner"
OUTPUT_LIMIT = 10_000
INTERRUPTED = "not run: interrupted"

_OPS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
_COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,
    "is": lambda a, b: a is b,
    "is not": lambda a, b: a is not b,
}


class ComparisonFailed(AssertionError):
    """A rewritten ``assert left <op> right`` that failed, with both values."""

    def __init__(self, text, op, left, right, note=None):
        self.op = op
        self.left = _short_repr(left)
        self.right = _short_repr(right)
        lines = [note] if note else []
        lines += [f"assert {text}", f"  left:  {self.left}", f"  right: {self.right}"]
        super().__init__("\n".join(lines))


class TimedOut(Exception):
    """Raised in a test that ran longer than the per-test timeout."""


def check(op, left, right, text, note=None):
    """What a rewritten assert calls: raises ComparisonFailed with both values."""
    if not _COMPARE[op](left, right):
        raise ComparisonFailed(text, op, left, right, note() if note else None)


def _short_repr(value, limit=500):
    try:
        text = repr(value)
    except Exception as error:  # a broken __repr__ must not hide the failure
        text = f"<unrepresentable {type(value).__name__}: {error}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _AssertRewriter(ast.NodeTransformer):
    def __init__(self, source):
        self.source = source

    def visit_Assert(self, node):
        test = node.test
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _OPS):
            return node
        text = ast.get_source_segment(self.source, test) or _OPS[type(test.ops[0])]
        runner = ast.Call(ast.Name("__import__", ast.Load()), [ast.Constant(MODULE)], [])
        args = [ast.Constant(_OPS[type(test.ops[0])]), test.left, test.comparators[0]]
        args.append(ast.Constant(text))
        if node.msg is not None:
            # The message stays lazy, as in a plain assert: only built when the test fails.
            empty = ast.arguments(
                posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]
            )
            args.append(ast.Lambda(empty, node.msg))
        call = ast.Call(ast.Attribute(runner, "check", ast.Load()), args, [])
        return ast.copy_location(ast.Expr(call), node)


def _test_functions(module):
    """Top-level ``test_*`` functions that need no argument, in source order."""
    names = []
    for node in module.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        args = node.args
        positional = len(args.posonlyargs) + len(args.args) - len(args.defaults)
        keyword = sum(1 for d in args.kw_defaults if d is None)
        if node.name.startswith("test_") and positional == 0 and keyword == 0:
            names.append(node.name)
    return names


def _python_of(source):
    """The cell as plain Python: IPython's own transforms when IPython runs the kernel."""
    lines = source.splitlines(True)
    if lines and lines[0].lstrip().startswith("%%ipytest"):
        source = "".join(lines[1:])
    shell = _shell()
    return shell.transform_cell(source) if shell is not None else source


def _shell():
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    return get() if get else None


def _namespace():
    shell = _shell()
    return shell.user_ns if shell is not None else sys.modules["__main__"].__dict__


@contextlib.contextmanager
def _time_limit(seconds):
    """Raises TimedOut in the code run inside after `seconds`, where signals allow it."""
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise TimedOut(f"timed out after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _traceback(error):
    """The traceback without the runner's own frames."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename != _FILENAME]
    head = "Traceback (most recent call last):\n" if frames else ""
    body = "".join(traceback.format_list(frames))
    # A failed comparison reads as the AssertionError it stands for.
    if isinstance(error, ComparisonFailed):
        return head + body + f"AssertionError: {error}\n"
    return head + body + "".join(traceback.format_exception_only(type(error), error))


def _call(function):
    result = function()
    if hasattr(result, "__await__"):
        # An async test: the kernel's own loop is busy running us, so a thread runs it.
        import asyncio

        box = {}

        def run():
            try:
                asyncio.run(result)
            except BaseException as error:  # handed back to the test's thread
                box["error"] = error

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        if "error" in box:
            raise box["error"]


def _outcome(cell, name, run, timeout):
    """Runs one test; returns its result and whether the run must stop (an interrupt)."""
    out = io.StringIO()
    start = time.perf_counter()
    result = {"kind": "result", "cell": cell, "name": name, "outcome": "passed"}
    stop = False
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            with _time_limit(timeout):
                run()
    except KeyboardInterrupt:
        # Like a dead kernel: the test did not get to say pass or fail.
        result.update(outcome="notrun", message=INTERRUPTED)
        stop = True
    except AssertionError as error:
        result.update(outcome="failed", message=str(error) or "assert failed")
        result["traceback"] = _traceback(error)
        if isinstance(error, ComparisonFailed):
            result["compared"] = {"op": error.op, "left": error.left, "right": error.right}
    except BaseException as error:  # a test may raise anything, SystemExit included
        result.update(outcome="error", message=f"{type(error).__name__}: {error}")
        result["traceback"] = _traceback(error)
    result["duration"] = round(time.perf_counter() - start, 6)
    printed = out.getvalue()
    if printed:
        result["output"] = printed[:OUTPUT_LIMIT]
    return result, stop


def _not_run(cell, name, reason):
    return {"kind": "result", "cell": cell, "name": name, "outcome": "notrun", "message": reason}


def run_cell(source, cell="", timeout=None, namespace=None, publish=None):
    """Runs one test cell and its tests; returns the events, each also given to `publish`.

    Events: ``plan`` (the tests about to run), one ``result`` per test (outcome ``passed``,
    ``failed``, ``error`` or ``notrun``, with message, traceback, compared values, duration and
    printed output), then ``end`` (with ``interrupted`` when the run must stop).
    """
    events = []

    def emit(event):
        events.append(event)
        if publish is not None:
            publish(event)

    # Rewritten asserts find the runner by its module name, however this file was loaded.
    sys.modules.setdefault(MODULE, sys.modules[__name__])
    namespace = _namespace() if namespace is None else namespace
    filename = f"<test cell {cell}>"
    try:
        python = _python_of(source)
        tree = ast.parse(python, filename)
    except BaseException as error:
        emit({"kind": "plan", "cell": cell, "tests": ["cell"]})
        emit(
            {
                "kind": "result",
                "cell": cell,
                "name": "cell",
                "outcome": "error",
                "message": f"{type(error).__name__}: {error}",
                "duration": 0,
            }
        )
        emit({"kind": "end", "cell": cell, "interrupted": False})
        return events
    tests = _test_functions(tree)
    emit({"kind": "plan", "cell": cell, "tests": tests or ["cell"]})
    linecache.cache[filename] = (len(python), None, python.splitlines(True), filename)
    code = compile(ast.fix_missing_locations(_AssertRewriter(python).visit(tree)), filename, "exec")
    result, stop = _outcome(cell, "cell", lambda: exec(code, namespace), timeout)
    if not tests or result["outcome"] != "passed":
        result["name"] = "cell" if not tests else "cell (set-up)"
        emit(result)
    for name in tests:
        if stop or result["outcome"] != "passed":
            reason = INTERRUPTED if stop else "not run: the cell itself failed"
            emit(_not_run(cell, name, reason))
            continue
        outcome, stop = _outcome(cell, name, lambda n=name: _call(namespace[n]), timeout)
        emit(outcome)
    emit({"kind": "end", "cell": cell, "interrupted": stop})
    return events


def publish_event(event):
    """Sends an event to the frontend as a display message with the runner's MIME type."""
    shell = _shell()
    if shell is not None:
        shell.display_pub.publish({MIME: event}, metadata={})


def run_published(source, cell="", timeout=None):
    """What the frontend calls: runs a cell's tests, publishing each event; returns nothing."""
    run_cell(source, cell, timeout=timeout, publish=publish_event)


# Frames of this file are left out of the tracebacks users see.
_FILENAME = globals().get("__file__", "")
