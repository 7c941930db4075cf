"""`destroy` during an ingest: it takes the ingest lock, so it waits for the running
ingest (a bounded time) or refuses in one line, and removes nothing while it runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from ingest.cli import main
from ingest.lake import Lake
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.lock import LOCK_KEY
from ingest.pipeline.plan import nba_plan
from ingest.pipeline.run import run_ingest
from ingest.sources.base import Page
from tests.pipeline.fakes import ListSource
from tests.pipeline.records import season_stats
from tests.support.lake_view import visible_curated

STATS = "player_season_stats"


@dataclass
class PausedSource(ListSource):
    """Serves its first page, then waits for `go` before the rest (an ingest mid-fetch)."""

    fetching: threading.Event = field(default_factory=threading.Event)
    go: threading.Event = field(default_factory=threading.Event)

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        for number, page in enumerate(super().fetch(dataset, season)):
            if number == 1:
                self.fetching.set()
                assert self.go.wait(30)
            yield page


class RunningIngest:
    """A real ingest on a thread, paused in the middle of its fetch."""

    def __init__(self, lake: Lake) -> None:
        self.source = PausedSource({STATS: season_stats(30)}, page_size=10)
        self.outcomes: list[JobOutcome] = []
        plan = nba_plan(self.source, [STATS], [2025])
        self.thread = threading.Thread(target=lambda: self.outcomes.extend(run_ingest(lake, plan)))
        self.thread.start()
        assert self.source.fetching.wait(30)

    def finish(self) -> list[JobOutcome]:
        self.source.go.set()
        self.thread.join(30)
        return self.outcomes


def test_destroy_refuses_while_an_ingest_runs_and_removes_nothing(
    local_lake: Lake, capsys: pytest.CaptureFixture[str]
) -> None:
    running = RunningIngest(local_lake)
    try:
        assert local_lake.storage.exists(LOCK_KEY)
        assert main(["destroy", "--yes", "--wait", "0.5"]) == 1
    finally:
        [outcome] = running.finish()
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("nba-lake: error: another ingest is running on this lake (pid ")
    assert line.endswith("; nothing was destroyed: wait for it to finish and run again")
    assert outcome.status == "written"  # the ingest completed, into a lake that is still there
    assert local_lake.settings.outputs_path.exists()
    assert visible_curated(local_lake, STATS).num_rows == 30


def test_destroy_waits_for_a_running_ingest_then_destroys(
    local_lake: Lake, capsys: pytest.CaptureFixture[str]
) -> None:
    running = RunningIngest(local_lake)
    codes: list[int] = []
    destroyer = threading.Thread(target=lambda: codes.append(main(["destroy", "--yes"])))
    destroyer.start()
    destroyer.join(1.0)
    assert destroyer.is_alive(), "destroy went ahead while the ingest held the lock"
    assert local_lake.settings.outputs_path.exists()
    [outcome] = running.finish()
    destroyer.join(30)
    assert outcome.status == "written" and codes == [0]
    assert "Destroyed the local lake" in capsys.readouterr().out
    assert not local_lake.settings.outputs_path.exists()


def test_an_ingest_during_destroy_is_refused(local_lake: Lake) -> None:
    """While destroy holds the lock, an ingest names it and writes nothing."""
    from ingest.errors import LakeError
    from ingest.pipeline.lock import ingest_lock

    with (
        ingest_lock(local_lake.storage, purpose="destroy"),
        pytest.raises(LakeError, match="a destroy is running on this lake"),
    ):
        run_ingest(local_lake, nba_plan(ListSource({STATS: season_stats(3)}), [STATS], [2025]))
