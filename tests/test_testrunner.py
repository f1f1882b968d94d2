"""The in-kernel test runner, in plain Python: no kernel, no IPython shell."""

import time

import pytest

from jupyterlab_sane.testing import testrunner


def run(source, namespace=None, **options):
    namespace = {} if namespace is None else namespace
    events = testrunner.run_cell(source, "c1", namespace=namespace, **options)
    return events, [e for e in events if e["kind"] == "result"]


def test_each_test_function_is_one_test_in_source_order():
    events, results = run(
        "def test_b():\n    assert 1 + 1 == 2\n\n"
        "def test_a():\n    pass\n\ndef helper(x):\n    pass\n"
    )
    assert events[0] == {"kind": "plan", "cell": "c1", "tests": ["test_b", "test_a"]}
    assert [(r["name"], r["outcome"]) for r in results] == [
        ("test_b", "passed"),
        ("test_a", "passed"),
    ]
    assert events[-1] == {"kind": "end", "cell": "c1", "interrupted": False}


def test_a_cell_of_bare_asserts_is_one_test():
    _, results = run("x = 2\nassert x > 1\nassert x < 3\n")
    assert [(r["name"], r["outcome"]) for r in results] == [("cell", "passed")]


def test_a_failed_comparison_reports_both_values():
    namespace = {"total": 9}
    _, [result] = run("def test_total():\n    assert total == 10, 'sum'\n", namespace)
    assert result["outcome"] == "failed"
    assert result["compared"] == {"op": "==", "left": "9", "right": "10"}
    assert result["message"].splitlines() == [
        "sum",
        "assert total == 10",
        "  left:  9",
        "  right: 10",
    ]
    assert "line 2, in test_total" in result["traceback"]
    assert "testrunner.py" not in result["traceback"]
    assert result["traceback"].splitlines()[-4] == "AssertionError: sum"


def test_comparison_operands_are_evaluated_once():
    namespace = {"calls": []}
    source = "def f():\n    calls.append(1)\n    return 1\nassert f() == 1\n"
    _, [result] = run(source, namespace)
    assert result["outcome"] == "passed"
    assert namespace["calls"] == [1]


def test_other_exceptions_are_errors_with_a_traceback():
    _, [result] = run("def test_div():\n    1 / 0\n")
    assert result["outcome"] == "error"
    assert result["message"] == "ZeroDivisionError: division by zero"
    assert "ZeroDivisionError" in result["traceback"]


def test_a_plain_assert_without_comparison_fails_with_its_message():
    _, [result] = run("assert [], 'empty list'\n")
    assert (result["outcome"], result["message"]) == ("failed", "empty list")


def test_a_cell_that_fails_before_its_tests_marks_them_not_run():
    _, results = run("raise RuntimeError('boom')\ndef test_x():\n    pass\n")
    assert [(r["name"], r["outcome"]) for r in results] == [
        ("cell (set-up)", "error"),
        ("test_x", "notrun"),
    ]
    assert results[1]["message"] == "not run: the cell itself failed"


def test_a_syntax_error_is_one_error_and_runs_nothing():
    namespace = {}
    events, [result] = run("x = 1\ndef test_x(:\n", namespace)
    assert result["outcome"] == "error"
    assert result["message"].startswith("SyntaxError")
    assert "x" not in namespace
    assert events[-1]["kind"] == "end"


def test_functions_with_required_arguments_are_helpers_not_tests():
    events, _ = run(
        "def test_eq(a, b):\n    assert a == b\n"
        "def test_k(*, k):\n    pass\ndef test_ok(a=1):\n    pass\n"
    )
    assert events[0]["tests"] == ["test_ok"]


def test_printed_output_is_captured_per_test():
    _, [result] = run("def test_p():\n    print('hello')\n")
    assert result["output"] == "hello\n"


def test_a_slow_test_times_out_and_the_next_still_runs():
    start = time.perf_counter()
    _, results = run(
        "import time\ndef test_slow():\n    time.sleep(5)\ndef test_fast():\n    pass\n",
        timeout=0.2,
    )
    assert time.perf_counter() - start < 3
    assert [(r["name"], r["outcome"]) for r in results] == [
        ("test_slow", "error"),
        ("test_fast", "passed"),
    ]
    assert results[0]["message"] == "TimedOut: timed out after 0.2 s"


def test_an_interrupt_stops_the_run_and_marks_the_rest():
    events, results = run("def test_a():\n    raise KeyboardInterrupt\ndef test_b():\n    pass\n")
    assert [(r["name"], r["outcome"], r["message"]) for r in results] == [
        ("test_a", "notrun", "not run: interrupted"),
        ("test_b", "notrun", "not run: interrupted"),
    ]
    assert events[-1]["interrupted"] is True


def test_async_tests_run():
    _, results = run(
        "import asyncio\nasync def test_sleep():\n    await asyncio.sleep(0)\n    assert 1 == 2\n"
    )
    assert [(r["name"], r["outcome"]) for r in results] == [("test_sleep", "failed")]


def test_publish_receives_every_event_in_order():
    seen = []
    events = testrunner.run_cell("assert True\n", "c9", namespace={}, publish=seen.append)
    assert seen == events
    assert [e["kind"] for e in seen] == ["plan", "result", "end"]


@pytest.mark.parametrize(
    "op, source",
    [("!=", "1 != 1"), ("<", "2 < 1"), ("in", "3 in [1, 2]"), ("is not", "None is not None")],
)
def test_every_comparison_is_explained(op, source):
    _, [result] = run(f"assert {source}\n")
    assert result["compared"]["op"] == op


def test_the_runner_loads_from_its_source_alone():
    # The kernel receives the file as text: it must load as a module with no package around.
    import types
    from pathlib import Path

    module = types.ModuleType(testrunner.MODULE)
    module.__file__ = "<jupyterlab-sane runner>"
    source = Path(testrunner.__file__).read_text()
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    import sys

    sys.modules[testrunner.MODULE] = module
    try:
        events = module.run_cell("def test_x():\n    assert 1 == 2\n", "c", namespace={})
    finally:
        del sys.modules[testrunner.MODULE]
    result = events[1]
    assert result["compared"] == {"op": "==", "left": "1", "right": "2"}
    assert "<jupyterlab-sane runner>" not in result["traceback"]


# --- issue 15: the per-test timeout cannot be swallowed; reports stay small -----------------


@pytest.mark.parametrize("handler", ["except Exception:", "except:", "except BaseException:"])
def test_a_retry_loop_that_swallows_exceptions_still_times_out(handler):
    start = time.perf_counter()
    source = (
        "import time\n"
        "def test_retry():\n"
        "    while True:\n"
        "        try:\n"
        "            time.sleep(0.01)\n"
        f"        {handler}\n"
        "            pass\n"
        "def test_after():\n"
        "    pass\n"
    )
    _, results = run(source, timeout=0.3)
    assert time.perf_counter() - start < 5
    assert [(r["name"], r["outcome"]) for r in results] == [
        ("test_retry", "error"),
        ("test_after", "passed"),
    ]
    assert results[0]["message"] == "TimedOut: timed out after 0.3 s"


def test_a_test_that_swallows_its_timeout_and_returns_is_still_timed_out():
    source = (
        "import time\n"
        "def test_once():\n"
        "    try:\n"
        "        time.sleep(5)\n"
        "    except BaseException:\n"
        "        pass\n"
    )
    _, [result] = run(source, timeout=0.2)
    assert (result["outcome"], result["message"]) == ("error", "TimedOut: timed out after 0.2 s")


def test_after_a_timeout_the_streams_and_the_alarm_are_restored():
    import signal
    import sys

    stdout, handler = sys.stdout, signal.getsignal(signal.SIGALRM)
    run("import time\ndef test_slow():\n    while True:\n        time.sleep(0.01)\n", timeout=0.1)
    assert sys.stdout is stdout
    assert signal.getsignal(signal.SIGALRM) == handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_huge_assert_message_is_truncated_with_a_note():
    _, [result] = run("assert False, 'x' * 50_000_000\n")
    assert result["outcome"] == "failed"
    assert len(result["message"]) < testrunner.MESSAGE_LIMIT + 100
    assert result["message"].endswith("[truncated: 50,000,000 characters in all]")
    assert len(result["traceback"]) < testrunner.TRACEBACK_LIMIT + 100


def test_huge_printed_output_is_truncated_with_a_note():
    _, [result] = run("print('y' * 1_000_000)\n")
    assert len(result["output"]) < testrunner.OUTPUT_LIMIT + 100
    assert "truncated: 1,000,001 characters in all" in result["output"]


@pytest.mark.parametrize("source", ["-" * 3000 + "1", "x = 1" + " + 1" * 3000])
def test_a_cell_too_deep_to_parse_is_one_error_not_a_crash(source):
    events, [result] = run(source)
    assert result["outcome"] == "error"
    assert result["message"].startswith("RecursionError")
    assert events[-1]["kind"] == "end"


def test_run_defined_calls_the_tests_the_notebook_defined_without_running_the_cell_again():
    ran = []
    namespace = {"ran": ran}
    source = (
        "ran.append('cell')\n\ndef test_ok():\n    assert 1\n\ndef test_no():\n    assert 1 == 2\n"
    )
    exec(source, namespace)
    events = testrunner.run_defined(source, "c", namespace=namespace)
    assert ran == ["cell"]
    assert events[0] == {"kind": "plan", "cell": "c", "tests": ["test_ok", "test_no"]}
    assert [(e["name"], e["outcome"]) for e in events[1:-1]] == [
        ("test_ok", "passed"),
        ("test_no", "failed"),
    ]
    missing = testrunner.run_defined("def test_gone():\n    pass\n", "c", namespace={})
    assert missing[1]["outcome"] == "notrun"
