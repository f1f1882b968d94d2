"""Server configuration for the smoke tests against the pip-installed wheel: never use it
for anything else. Works for JupyterLab and for Jupyter Notebook 7 alike."""

import json
from pathlib import Path
from tempfile import mkdtemp

c = get_config()  # noqa: F821

root = Path(mkdtemp(prefix="sane-smoke-"))
# A small notebook the tests open: a definition, a cell to extract, a test cell.
cells = [
    "def area(w, h):\n    return w * h",
    "rooms = [(3, 4), (2, 5)]\ntotal = 0\nfor w, h in rooms:\n    total += area(w, h)\ntotal",
    "print(total)",
    "def test_area():\n    assert area(3, 4) == 12",
]
notebook = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"c{i}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for i, source in enumerate(cells)
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
(root / "smoke.ipynb").write_text(json.dumps(notebook))

c.ServerApp.ip = "127.0.0.1"
c.ServerApp.root_dir = str(root)
c.ServerApp.open_browser = False
# Loopback only, and a throwaway root: the tests need no token.
c.IdentityProvider.token = ""
c.ServerApp.disable_check_xsrf = True
# CI runs as root: without this the server exits at once.
c.ServerApp.allow_root = True
c.FileContentsManager.delete_to_trash = False
# The tests ask the app which plugins are active.
c.LabApp.expose_app_in_browser = True
c.JupyterNotebookApp.expose_app_in_browser = True
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# jupyter-collaboration keeps its document store in the working directory unless told.
c.SQLiteYStore.db_path = str(root / ".jupyter_ystore.db")
