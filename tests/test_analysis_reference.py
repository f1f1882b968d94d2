"""The CPython reference on the hand-written table of tricky cells that jest also runs."""

import json
from pathlib import Path

import pytest

from .analysis_reference import expected_extractions

CASES = json.loads((Path(__file__).parent / "fixtures" / "analysis_cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reference_agrees_with_the_table(case):
    sources = [*case["before"], case["cell"], *case["after"]]
    got = expected_extractions(sources)[len(case["before"])]
    if "refuse" in case:
        assert got.refusal is not None
    else:
        assert got.refusal is None
        assert got.params == case["params"]
        assert got.returns == case["returns"]
        assert got.globals == case.get("globals", [])
