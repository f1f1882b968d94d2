"""Runs notebooks' code cells in a fresh IPython shell and records what each cell shows.

One worker process holds one pristine `InteractiveShell`. Each request is a notebook and some
variants of it (a range of cells replaced by one new cell). The worker forks a child per
notebook, so every notebook starts from the same fresh shell without paying IPython's start-up
again. The child runs the cells in order; where a variant starts, it forks a grandchild that runs
the variant's cell and every later cell, while the child goes on with the original cells. Both
sides start from the very same state (random generators included), so a difference in what a
later cell shows comes from the edit, not from chance.

A request may instead name "paths": sequences of cell indexes, each to run as if in a fresh shell
(the slice tester's "only these cells, then this one"). Paths that begin alike share the run of
their common prefix: the worker walks them as a tree and forks where they part, so a notebook's
slices cost the cells of the tree, not the sum of the slices' lengths.

Protocol: one JSON object per line on stdin, one per line on stdout.
  in:  {"cells": [source, ...], "variants": [{"start": i, "stop": j, "source": s}, ...],
        "timeout": seconds per cell}
        (a move's variant also has "drop": [later cells that leave], "sources": {later cell:
        its new source}, "files": {path: text} to write first, "pytest": a tests file to run
        at its end)
  out: {"base": [output, ...], "variants": [[output, ...] | {"failed": why}, ...]}
  in:  {"cells": [source, ...], "paths": [[i, j, ...], ...], "timeout": seconds per cell}
  out: {"paths": [[output, ...] | {"failed": why}, ...]} (each path's outputs stop at its first
        error)
An output is {"text": what the cell printed, "shown": what it displayed, in order (display()
calls, then its value), "error": "Type: message" | null};
a variant's list starts at its replaced cell.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sys
import tempfile

from .forks import Flights, in_child


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


def _run_rest(shell, sources: list[str], timeout: float, first: float | None = None) -> list[dict]:
    out = []
    for k, source in enumerate(sources):
        output = run_cell(shell, source, first if k == 0 and first else timeout)
        out.append(output)
        # Run All stops at the first error: later cells have no output to keep.
        if output["error"]:
            break
    return out


def _run_variant(shell, rest: list[str], variant: dict, timeout: float) -> list[dict]:
    """A variant's cells, in its own copy of the folder; a move's variant first writes its files
    there (the module, its tests), imports from that folder as a kernel does, and ends with
    `pytest` on its tests (one more output, marked "pytest")."""
    files: dict[str, str] = variant.get("files", {})
    # A block's new cell does the work of all the cells it replaces: their time limits add up
    # (math_differential_calculus's 9-10 s animation cell timed out once joined to the next).
    first = timeout * max(1, variant["stop"] - variant["start"])
    if not files:
        return _run_rest(shell, rest, timeout, first)
    # Its own folder even when the notebook's was empty (then variants share it, uncopied).
    folder = tempfile.mkdtemp(prefix="move-")
    shutil.copytree(os.getcwd(), folder, dirs_exist_ok=True, symlinks=True)
    os.chdir(folder)
    try:
        for path, text in files.items():
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            with open(path, "w") as out:
                out.write(text)
        if "" not in sys.path:
            sys.path.insert(0, "")
        out = _run_rest(shell, rest, timeout, first)
        if variant.get("pytest"):
            out.append(_pytest(variant["pytest"]))
        return out
    finally:
        os.chdir(tempfile.gettempdir())
        shutil.rmtree(folder, ignore_errors=True)


def _pytest(path: str) -> dict:
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", path],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        return {"text": "", "shown": [], "error": "pytest: Timeout", "pytest": True}
    failed = f"pytest: exit {done.returncode}: {done.stdout[-400:]}"
    error = None if done.returncode == 0 else failed
    return {"text": "", "shown": [], "error": error, "pytest": True}


def run_notebook(shell, request: dict) -> dict:
    cells: list[str] = request["cells"]
    variants: list[dict] = request.get("variants", [])
    timeout: float = request.get("timeout", 10.0)
    folder = tempfile.mkdtemp(prefix="notebook-")
    os.chdir(folder)
    try:
        if "paths" in request:
            return {"paths": _run_paths(shell, cells, request["paths"], timeout)}
        return _run_cells(shell, cells, variants, timeout, Flights(_flights(request)))
    finally:
        os.chdir(tempfile.gettempdir())
        shutil.rmtree(folder, ignore_errors=True)


def _run_cells(
    shell, cells: list[str], variants: list[dict], timeout: float, flights: Flights
) -> dict:
    by_start: dict[int, list[int]] = {}
    for k, variant in enumerate(variants):
        by_start.setdefault(variant["start"], []).append(k)
    base: list[dict] = []
    for i, source in enumerate(cells):
        for k in by_start.get(i, []):
            variant = variants[k]
            drop = set(variant.get("drop", []))
            edited = {int(j): c for j, c in variant.get("sources", {}).items()}
            later = [
                edited.get(j, c)
                for j, c in enumerate(cells)
                if j >= variant["stop"] and j not in drop
            ]
            rest = [variant["source"], *later]
            flights.start(
                k, lambda rest=rest, v=variant: _run_variant(shell, rest, v, timeout), True
            )
        output = run_cell(shell, source, timeout)
        base.append(output)
        if output["error"]:
            break
    answers = flights.land()
    # Variants that start after the first error are never run: Run All never gets there.
    return {"base": base, "variants": [answers.get(k) for k in range(len(variants))]}


def _walk(shell, cells, paths, members, depth, trail, timeout, flights: Flights) -> dict:
    """Runs the paths `members`, which all begin with the `depth` cells already run here (their
    outputs: `trail`); returns path index -> outputs for the paths that end in this process.
    The biggest group of paths goes on here (a loop, not a call: paths are as long as
    notebooks); the others fly off in children from the same state (`_branch`)."""
    done: dict = {}
    while True:
        if trail and trail[-1]["error"]:
            # Run All stops at the first error: nothing later runs on any of these paths.
            done.update({k: trail for k in members})
            return done
        done.update({k: trail for k in members if len(paths[k]) == depth})
        groups: dict[int, list[int]] = {}
        for k in members:
            if len(paths[k]) > depth:
                groups.setdefault(paths[k][depth], []).append(k)
        if not groups:
            return done
        order = sorted(groups, key=lambda cell: len(groups[cell]))
        for cell in order[:-1]:
            branch = (shell, cells, paths, groups[cell], depth, trail, timeout)
            flights.start(tuple(groups[cell]), lambda b=branch: _branch(*b), own_folder=True)
        members, depth = groups[order[-1]], depth + 1
        trail = [*trail, run_cell(shell, cells[order[-1]], timeout)]


def _branch(shell, cells, paths, members, depth, trail, timeout) -> dict:
    """In a child: the paths `members`, which go on with the same cell, to their ends."""
    output = run_cell(shell, cells[paths[members[0]][depth]], timeout)
    found = _paths_from(shell, cells, paths, members, depth + 1, [*trail, output], timeout)
    return {str(k): v for k, v in found.items()}


def _paths_from(shell, cells, paths, members, depth, trail, timeout) -> dict:
    flights = Flights(_flights())
    found = _walk(shell, cells, paths, members, depth, trail, timeout, flights)
    for key, answer in flights.land().items():
        if "failed" in answer:
            found.update({k: answer for k in key})
        else:
            found.update({int(k): v for k, v in answer.items()})
    return found


def _run_paths(shell, cells: list[str], paths: list[list[int]], timeout: float) -> list:
    found = _paths_from(shell, cells, paths, list(range(len(paths))), 0, [], timeout)
    return [found[k] for k in range(len(paths))]


def _flights(request: dict | None = None) -> int:
    """Children running at once: a request may ask for one at a time (a second opinion)."""
    if request and "flights" in request:
        return int(request["flights"])
    return int(os.environ.get("SANE_DIFFERENTIAL_FLIGHTS", "2"))


def main() -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    shell = _make_shell()
    # A move's variants load autoreload: imported once here, each fork has it for free.
    import IPython.extensions.autoreload  # noqa: F401

    real_stdout = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        answer = in_child(lambda request=request: run_notebook(shell, request))
        real_stdout.write(json.dumps(answer) + "\n")
        real_stdout.flush()


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    main()
