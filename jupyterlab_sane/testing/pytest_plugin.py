"""`pytest --sane NB.ipynb [DIR ...]`: notebooks' test cells as pytest items.

Each notebook runs in a fresh kernel of its own: its other code cells first, then the test
cells of the items selected (`-k`), in order, with the same runner as `jupyter sane test`.
Without ``--sane`` the plugin collects nothing and changes nothing. With pytest-xdist, a
notebook's items stay on one worker: under ``-n``'s default distribution (``load``) and
``loadgroup``, a scheduling of ours keeps each notebook together and spreads the other tests
as those would.
"""

from __future__ import annotations

import pytest

from .notebookrun import RUN_TIMEOUT, SETUP_TIMEOUT
from .pytest_nodes import OPTIONS, NotebookFile

_TIMEOUTS = (
    ("sane_timeout", "--sane-timeout"),
    ("sane_setup_timeout", "--sane-setup-timeout"),
    ("sane_run_timeout", "--sane-run-timeout"),
)


def pytest_addoption(parser):
    group = parser.getgroup("sane", "notebook test cells (jupyterlab-sane)")
    group.addoption(
        "--sane",
        action="store_true",
        default=False,
        help="collect the test cells of .ipynb files as tests",
    )
    group.addoption(
        "--sane-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds each notebook test may take (default 60)",
    )
    group.addoption(
        "--sane-setup-timeout",
        type=float,
        default=SETUP_TIMEOUT,
        metavar="S",
        help="seconds each cell before a notebook's tests may take (default 600)",
    )
    group.addoption(
        "--sane-run-timeout",
        type=float,
        default=RUN_TIMEOUT,
        metavar="S",
        help="seconds a notebook's whole run may take (default 3600)",
    )
    group.addoption("--sane-kernel", metavar="NAME", help="kernel name (default: the notebook's)")


def pytest_configure(config):
    if not config.getoption("sane"):
        return
    for dest, flag in _TIMEOUTS:
        value = config.getoption(dest)
        if not value or value <= 0:
            raise pytest.UsageError(f"{flag} must be a positive number of seconds")
    config.stash[OPTIONS] = {
        "timeout": config.getoption("sane_timeout"),
        "setup_timeout": config.getoption("sane_setup_timeout"),
        "run_timeout": config.getoption("sane_run_timeout"),
        "kernel_name": config.getoption("sane_kernel"),
    }


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".ipynb" and parent.config.getoption("sane"):
        return NotebookFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With ``-n`` (``--dist load``, or ``loadgroup``): each notebook's items on one worker.

    A scheduling of our own, not ``xdist_group`` marks: pytest-xdist 3.8 groups by a suffix it
    writes into node ids, which pytest 9.2 no longer reads back. Other tests are spread as
    ``load`` spreads them (and as ``loadgroup`` does, by their marks, if that works).
    """
    if not config.getoption("sane") or config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadGroupScheduling

    class NotebookScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            return path if path.endswith(".ipynb") else super()._split_scope(nodeid)

    return NotebookScheduling(config, log)
