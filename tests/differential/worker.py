"""Runs notebooks' code cells in a fresh IPython shell and records what each cell shows.

One worker process holds one pristine `InteractiveShell`. Each request is a notebook and some
variants of it (a range of cells replaced by one new cell). The worker forks a child per
notebook, so every notebook starts from the same fresh shell without paying IPython's start-up
again. The child runs the cells in order; where a variant starts, it forks a grandchild that runs
the variant's cell and every later cell, while the child goes on with the original cells. Both
sides start from the very same state (random generators included), so a difference in what a
later cell shows comes from the edit, not from chance.

Protocol: one JSON object per line on stdin, one per line on stdout.
  in:  {"cells": [source, ...], "variants": [{"start": i, "stop": j, "source": s}, ...],
        "timeout": seconds per cell}
  out: {"base": [output, ...], "variants": [[output, ...] | {"failed": why}, ...]}
An output is {"text": what the cell printed, "shown": what it displayed, in order (display()
calls, then its value), "error": "Type: message" | null};
a variant's list starts at its replaced cell.
"""

from __future__ import annotations

import gc
import io
import json
import os
import shutil
import signal
import sys
import tempfile
import traceback


class CellTimeout(BaseException):
    """A cell ran past its time; a BaseException so that `except Exception` can't swallow it."""


def _quiet_hook():
    from IPython.core.displayhook import DisplayHook

    class QuietHook(DisplayHook):
        """Records the cell's value without printing it: `run_cell` hands it back apart."""

        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            pass

    return QuietHook


def _make_shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    # No history thread (forking with a thread alive can deadlock) and no sqlite file.
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.xmode = "plain"
    shell = InteractiveShell.instance(config=config)
    hook = _quiet_hook()(shell=shell, cache_size=shell.cache_size)
    shell.displayhook = shell.display_trap.hook = hook
    # Tracebacks name cells and lines, which an extraction moves: errors are compared by type
    # and message instead.
    shell.showtraceback = lambda *args, **kwargs: None
    shell.showsyntaxerror = lambda *args, **kwargs: None
    return shell


def _on_alarm(signum, frame):
    raise CellTimeout()


def run_cell(shell, source: str, timeout: float) -> dict:
    """Runs one cell; returns what it printed and displayed, and its error."""
    from IPython.utils.capture import capture_output

    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with capture_output(display=True) as captured:
            result = shell.run_cell(source, store_history=True)
    except CellTimeout:
        return {"text": "", "shown": [], "error": "Timeout", "timeout": True}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    # What it displayed, in order: display() calls, then its value (the execute result).
    shown = [_plain(output.data) for output in captured.outputs]
    if result.result is not None:
        shown.append(_plain(shell.display_formatter.format(result.result)[0]))
    error = result.error_before_exec or result.error_in_exec
    if isinstance(error, CellTimeout):
        return {"text": "", "shown": [], "error": "Timeout", "timeout": True}
    return {
        "text": captured.stdout + captured.stderr,
        "shown": shown,
        "error": f"{type(error).__name__}: {error}" if error is not None else None,
    }


def _plain(data: dict) -> str:
    """A displayed value as its text, with the kinds of its richer forms (images, HTML)."""
    return data.get("text/plain", "") + "".join(
        f" +{k}" for k in sorted(set(data) - {"text/plain"})
    )


def _run_rest(shell, sources: list[str], timeout: float) -> list[dict]:
    out = []
    for source in sources:
        output = run_cell(shell, source, timeout)
        out.append(output)
        # Run All stops at the first error: later cells have no output to keep.
        if output["error"]:
            break
    return out


def _random_states() -> list:
    """The generators' states, which a fork would reseed (`random`) or leave to chance."""
    import random

    states = [(random.setstate, random.getstate())]
    numpy = sys.modules.get("numpy")
    if numpy is not None and hasattr(numpy, "random"):
        states.append((numpy.random.set_state, numpy.random.get_state()))
    return states


def _in_child(work) -> dict:
    """Runs `work()` in a forked child, with the parent's random states; returns its answer."""
    states = _random_states()
    read_fd, write_fd = os.pipe()
    # Objects made so far are never collected in the child: no copy-on-write faults for them.
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        for restore, state in states:
            restore(state)
        try:
            payload = json.dumps(work()).encode()
        except BaseException:  # report whatever killed the run
            payload = json.dumps({"failed": traceback.format_exc(limit=3)}).encode()
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    try:
        return json.loads(data)
    except ValueError:
        return {"failed": "the run died without an answer"}


def _copy_cwd() -> str | None:
    """Gives a variant its own copy of the working directory: its files never reach the base."""
    here = os.getcwd()
    if not os.listdir(here):
        return None
    there = tempfile.mkdtemp(prefix="variant-")
    shutil.copytree(here, there, dirs_exist_ok=True, symlinks=True)
    os.chdir(there)
    return there


def run_notebook(shell, request: dict) -> dict:
    cells: list[str] = request["cells"]
    variants: list[dict] = request.get("variants", [])
    timeout: float = request.get("timeout", 10.0)
    folder = tempfile.mkdtemp(prefix="notebook-")
    os.chdir(folder)
    try:
        return _run_cells(shell, cells, variants, timeout)
    finally:
        os.chdir(tempfile.gettempdir())
        shutil.rmtree(folder, ignore_errors=True)


def _run_cells(shell, cells: list[str], variants: list[dict], timeout: float) -> dict:
    by_start: dict[int, list[int]] = {}
    for k, variant in enumerate(variants):
        by_start.setdefault(variant["start"], []).append(k)
    results: list = [None] * len(variants)
    base: list[dict] = []
    for i, source in enumerate(cells):
        for k in by_start.get(i, []):
            variant = variants[k]

            def work(variant=variant):
                copy = _copy_cwd()
                rest = [variant["source"], *cells[variant["stop"] :]]
                try:
                    return _run_rest(shell, rest, timeout)
                finally:
                    if copy:
                        os.chdir(tempfile.gettempdir())
                        shutil.rmtree(copy, ignore_errors=True)

            results[k] = _in_child(work)
        output = run_cell(shell, source, timeout)
        base.append(output)
        if output["error"]:
            break
    # Variants that start after the first error are never run: Run All never gets there.
    return {"base": base, "variants": results}


def main() -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    shell = _make_shell()
    real_stdout = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        answer = _in_child(lambda request=request: run_notebook(shell, request))
        real_stdout.write(json.dumps(answer) + "\n")
        real_stdout.flush()


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    main()
