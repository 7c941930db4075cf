"""Ingest options a user (or a caller) can get wrong are refused before anything runs."""

from __future__ import annotations

import math

import pytest

from ingest.cli import main
from ingest.errors import LakeError
from ingest.pipeline.plan import IngestPlan, PlannedJob, nba_plan
from ingest.sources.sample import SampleSource


@pytest.mark.parametrize("ratio", [math.nan, -1.0, 1.5, math.inf, -math.inf])
def test_every_plan_refuses_a_reject_ratio_that_is_not_a_share(ratio: float) -> None:
    """NaN compares false with everything, so an unchecked NaN turned the reject check off."""
    source = SampleSource()
    with pytest.raises(LakeError, match="is not a share between 0 and 1"):
        nba_plan(source, ["teams"], [2025], max_reject_ratio=ratio)
    with pytest.raises(LakeError, match="is not a share between 0 and 1"):
        IngestPlan(source, (PlannedJob("teams", 2025),), lambda lake: ([], source), ratio)


@pytest.mark.parametrize("text", ["nan", "-1", "NaN", "inf", "2"])
def test_the_cli_refuses_the_same_in_one_line(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apply"]) == 0
    capsys.readouterr()
    assert main(["ingest", "--dataset", "teams", f"--max-reject-ratio={text}"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is not a share between 0 and 1" in err[0]


def test_edge_ratios_are_shares() -> None:
    source = SampleSource()
    assert nba_plan(source, ["teams"], [2025], max_reject_ratio=0.0).max_reject_ratio == 0.0
    assert nba_plan(source, ["teams"], [2025], max_reject_ratio=1).max_reject_ratio == 1
