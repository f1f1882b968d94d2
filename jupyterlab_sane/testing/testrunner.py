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
# Messages and tracebacks cross the kernel's channels and end in JUnit files: a 50 MB assert
# message must not become a 100 MB report.
MESSAGE_LIMIT = 10_000
TRACEBACK_LIMIT = 50_000
INTERRUPTED = "not run: interrupted"
# After a test's time is up, the timeout is raised again at this interval until the test
# ends, so a bare `except:` in a retry loop cannot swallow it for good.
REPEAT_S = 0.05

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


class TimedOut(BaseException):
    """Raised in a test that ran longer than the per-test timeout.

    A BaseException, as KeyboardInterrupt is: `except Exception` in the test (a retry loop)
    must not swallow it.
    """


def truncate(text, limit):
    """`text` cut at `limit` characters, with a note saying how long it was."""
    if text is None or len(text) <= limit:
        return text
    return text[:limit] + f"\n… [truncated: {len(text):,} characters in all]"


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


def callable_tests(module):
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


_alarm = {"armed": False, "fired": 0, "seconds": 0, "tracer": None}
# The runner's own frames that arm and disarm the alarm: never interrupted by it, so that
# stdout is always restored and the alarm always cleared.
_PROTECTED = frozenset({"_outcome", "_arm", "_disarm"})


def _ours(frame):
    code = getattr(frame, "f_code", None)
    return code is not None and code.co_filename == _FILENAME and code.co_name in _PROTECTED


def _expire(signum, frame):
    if not _alarm["armed"] or _ours(frame):
        return  # the next tick lands in the test's code, or finds the alarm disarmed
    _alarm["fired"] += 1
    if _alarm["fired"] > 1:
        # Swallowed already (a bare `except:` around a sleep catches every tick): raise
        # again from the first line of the handler that caught it, from where the error
        # leaves the try it sits in.
        _trace_stack(frame)
    raise TimedOut(f"timed out after {_alarm['seconds']:g} s")


def _kill_line(frame, event, arg):
    # Only inside a handler of our TimedOut: raising elsewhere (in the try's body) would be
    # caught again, and an error in a trace function removes it.
    if (
        event == "line"
        and _alarm["armed"]
        and not _ours(frame)
        and isinstance(sys.exc_info()[1], TimedOut)
    ):
        raise TimedOut(f"timed out after {_alarm['seconds']:g} s")
    return _kill_line


def _trace_stack(frame):
    sys.settrace(_kill_line)
    while frame is not None and not _ours(frame):
        frame.f_trace = _kill_line
        frame = frame.f_back


def _arm(seconds):
    """Starts the per-test alarm where signals allow it; returns what `_disarm` restores."""
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    _alarm.update(armed=False, fired=0, seconds=seconds or 0, tracer=sys.gettrace())
    if not usable:
        return None
    previous = signal.signal(signal.SIGALRM, _expire)
    _alarm["armed"] = True
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_S)
    return previous


def _disarm(previous):
    _alarm["armed"] = False
    if _alarm["fired"] > 1:
        sys.settrace(_alarm["tracer"])  # a debugger's or coverage's tracer, if any
    if previous is not None:
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
    # Everything between arming and disarming runs in this frame (or the test's): the alarm
    # never interrupts this frame, so the streams are always put back and the alarm cleared.
    # Hence no contextlib managers here, and the error is only looked at once disarmed.
    streams = sys.stdout, sys.stderr
    previous = error = None
    try:
        sys.stdout = sys.stderr = out
        previous = _arm(timeout)
        run()
    except BaseException as caught:  # a test may raise anything, SystemExit included
        error = caught
    finally:
        _disarm(previous)
        sys.stdout, sys.stderr = streams
    if _alarm["fired"] and not isinstance(error, TimedOut):
        # The test swallowed its timeout (a bare `except:`), then ended or raised.
        error = TimedOut(f"timed out after {timeout:g} s")
    stop = False
    if isinstance(error, KeyboardInterrupt):
        # Like a dead kernel: the test did not get to say pass or fail.
        result.update(outcome="notrun", message=INTERRUPTED)
        stop = True
    elif isinstance(error, AssertionError):
        result.update(outcome="failed", message=_message(error) or "assert failed")
        result["traceback"] = truncate(_traceback(error), TRACEBACK_LIMIT)
        if isinstance(error, ComparisonFailed):
            result["compared"] = {"op": error.op, "left": error.left, "right": error.right}
    elif error is not None:
        result.update(outcome="error", message=f"{type(error).__name__}: {_message(error)}")
        result["traceback"] = truncate(_traceback(error), TRACEBACK_LIMIT)
    result["duration"] = round(time.perf_counter() - start, 6)
    printed = out.getvalue()
    if printed:
        result["output"] = truncate(printed, OUTPUT_LIMIT)
    return result, stop


def _message(error):
    try:
        text = str(error)
    except Exception as broken:  # a broken __str__ must not hide the failure
        text = f"<unprintable {type(error).__name__}: {broken}>"
    return truncate(text, MESSAGE_LIMIT)


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
        tests = callable_tests(tree)
        rewritten = ast.fix_missing_locations(_AssertRewriter(python).visit(tree))
        code = compile(rewritten, filename, "exec")
    except BaseException as error:  # a syntax error, or too deep to parse (RecursionError)
        emit({"kind": "plan", "cell": cell, "tests": ["cell"]})
        emit(
            {
                "kind": "result",
                "cell": cell,
                "name": "cell",
                "outcome": "error",
                "message": f"{type(error).__name__}: {_message(error)}",
                "duration": 0,
            }
        )
        emit({"kind": "end", "cell": cell, "interrupted": False})
        return events
    emit({"kind": "plan", "cell": cell, "tests": tests or ["cell"]})
    linecache.cache[filename] = (len(python), None, python.splitlines(True), filename)
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


def run_defined(source, cell="", timeout=None, namespace=None, publish=None):
    """Calls the ``test_*`` functions of a cell the notebook itself just ran, as they are
    defined in the namespace now, without running the cell again; returns the events."""
    events = []

    def emit(event):
        events.append(event)
        if publish is not None:
            publish(event)

    namespace = _namespace() if namespace is None else namespace
    try:
        tests = callable_tests(ast.parse(_python_of(source)))
    except BaseException:  # the notebook's run already said what is wrong with the cell
        tests = []
    emit({"kind": "plan", "cell": cell, "tests": tests})
    stop = False
    for name in tests:
        function = namespace.get(name)
        if stop or not callable(function):
            reason = INTERRUPTED if stop else "not run: not defined"
            emit(_not_run(cell, name, reason))
            continue
        outcome, stop = _outcome(cell, name, lambda f=function: _call(f), timeout)
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


def run_defined_published(source, cell="", timeout=None):
    """What the frontend calls after the notebook ran a test cell: its tests, published."""
    run_defined(source, cell, timeout=timeout, publish=publish_event)


# Frames of this file are left out of the tracebacks users see.
_FILENAME = globals().get("__file__", "")
