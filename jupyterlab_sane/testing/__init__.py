"""The test-running side: a notebook's test cells run outside the page, and the runner they use.

- ``testrunner``: the runner itself, plain Python sent into the kernel (the frontend sends the
  same file, embedded by scripts/embed-runner.cjs); it reports each test as a display message.
- ``testcells``: which cells hold tests, restated from the frontend's analysis on ``ast``.
- ``notebookrun``: one notebook's kernel, its setup cells, then its test cells (shared below).
- ``headless`` and ``cli``: ``jupyter sane test NB.ipynb``, with JUnit XML.
- ``pytest_plugin`` and ``pytest_nodes``: ``pytest --sane NB.ipynb``, one item per test.
"""
