"""Forked children of the IPython worker: each runs some work from the parent's very state and
answers in JSON through a pipe.

A fork starts from the parent's state, random generators included (`random` would reseed itself
after a fork: its state is put back), so a child and its parent differ only by what each runs
next. `Flights` keeps several children running at once: cells that wait (sleeps, subprocesses,
threads) leave a core idle, which another variant can use meanwhile.
"""

from __future__ import annotations

import gc
import json
import os
import selectors
import shutil
import signal
import sys
import tempfile
import traceback

# Bytes of the length that goes before an answer.
_SIZE = 8


def _random_states() -> list:
    """The generators' states, which a fork would reseed (`random`) or leave to chance."""
    import random

    states = [(random.setstate, random.getstate())]
    numpy = sys.modules.get("numpy")
    if numpy is not None and hasattr(numpy, "random"):
        states.append((numpy.random.set_state, numpy.random.get_state()))
    return states


def _copy_cwd() -> str | None:
    """A copy of the working directory for a child, made before the fork: the parent goes on
    at once and may write there, which the child must not see; nor may the parent see the
    child's files."""
    here = os.getcwd()
    if not os.listdir(here):
        return None
    there = tempfile.mkdtemp(prefix="variant-")
    try:
        shutil.copytree(here, there, dirs_exist_ok=True, symlinks=True)
    except shutil.Error:
        # A file went away while it was copied: a child reached this folder by an absolute
        # path a cell saved (`Path.cwd() / 'tmp.ini'`) and removed it. The rest is copied.
        pass
    return there


def _answer(work, folder: str | None) -> bytes:
    if folder:
        os.chdir(folder)
    try:
        return json.dumps(work()).encode()
    except BaseException:  # report whatever killed the run
        return json.dumps({"failed": traceback.format_exc(limit=3)}).encode()
    finally:
        if folder:
            os.chdir(tempfile.gettempdir())
            shutil.rmtree(folder, ignore_errors=True)


class Child:
    """A forked child running `work()`; its answer is read from `fd` until the end."""

    def __init__(self, work, own_folder: bool = False) -> None:
        states = _random_states()
        folder = _copy_cwd() if own_folder else None
        read_fd, write_fd = os.pipe()
        # Objects made so far are never collected in the child: no copy-on-write faults for them.
        gc.freeze()
        pid = os.fork()
        if pid == 0:
            # A group of its own, ended with the child: processes the notebook's cells started
            # (a process pool) would otherwise outlive it, holding the pipe open for good.
            os.setpgid(0, 0)
            os.close(read_fd)
            for restore, state in states:
                restore(state)
            payload = _answer(work, folder)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(len(payload).to_bytes(_SIZE, "big") + payload)
            os.killpg(0, signal.SIGKILL)
        os.close(write_fd)
        self.pid, self.fd = pid, read_fd
        self._data = bytearray()

    def read(self) -> bool:
        """Reads what the child has written so far; True once its answer is whole (or it is
        gone without one). The answer says its length: a process it left behind may still hold
        the pipe open."""
        chunk = os.read(self.fd, 1 << 16)
        self._data += chunk
        return not chunk or self._whole()

    def _whole(self) -> bool:
        size = int.from_bytes(self._data[:_SIZE], "big")
        return len(self._data) >= _SIZE and len(self._data) >= _SIZE + size

    def answer(self) -> dict:
        """The child's answer, once read: the child is reaped."""
        os.close(self.fd)
        os.waitpid(self.pid, 0)
        if not self._whole():
            return {"failed": "the run died without an answer"}
        try:
            return json.loads(bytes(self._data[_SIZE:]))
        except ValueError:
            return {"failed": "the run died without an answer"}

    def wait(self) -> dict:
        while not self.read():
            pass
        return self.answer()


def in_child(work, own_folder: bool = False) -> dict:
    """Runs `work()` in a forked child from this very state and waits for its answer."""
    return Child(work, own_folder).wait()


class Flights:
    """Children started by key, at most `limit` running at once (0: each child runs to its end
    before the parent goes on, as without flights); `land()` gives every answer.

    Answers are read from whichever child writes (an answer longer than a pipe holds would
    otherwise block its child while the parent waits on another)."""

    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._one_by_one = limit <= 0
        self._selector = selectors.DefaultSelector()
        self._answers: dict = {}

    def start(self, key, work, own_folder: bool = False) -> None:
        while len(self._selector.get_map()) >= self._limit:
            self._read_some()
        child = Child(work, own_folder)
        self._selector.register(child.fd, selectors.EVENT_READ, (key, child))
        while self._one_by_one and self._selector.get_map():
            self._read_some()

    def land(self) -> dict:
        while self._selector.get_map():
            self._read_some()
        self._selector.close()
        return self._answers

    def _read_some(self) -> None:
        for selected, _ in self._selector.select():
            key, child = selected.data
            if child.read():
                self._selector.unregister(child.fd)
                self._answers[key] = child.answer()
