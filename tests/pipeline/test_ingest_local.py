"""The ingest run on the local target, on real files: idempotent, atomic, crash-safe."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.compute as pc
import pytest

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.plan import nba_plan
from ingest.pipeline.progress import ProgressCallback, ProgressEvent
from ingest.pipeline.run import IngestRun, run_ingest
from tests.pipeline.fakes import Crash, ListSource, crashing_lake
from tests.pipeline.records import season_stats, stat
from tests.support.lake_view import (
    after_grace,
    object_listing,
    retired_keys,
    visible_curated,
    visible_raw,
)

STATS = "player_season_stats"


def _ingest(
    lake: Lake,
    source: ListSource,
    seasons: list[int] | None = None,
    progress: ProgressCallback | None = None,
    **kwargs: float,
) -> list[JobOutcome]:
    return run_ingest(lake, nba_plan(source, [STATS], seasons or [2025], **kwargs), progress)


def test_lands_raw_as_sent_and_curated_typed(local_lake: Lake) -> None:
    records = [*season_stats(5), stat(99, games=0, points=0.0)]
    [outcome] = _ingest(local_lake, ListSource({STATS: records}))
    assert (outcome.status, outcome.fetched, outcome.landed, outcome.rejected) == (
        "written",
        6,
        6,
        0,
    )
    assert visible_raw(local_lake, "nba_player_season_stats_data") == records
    curated = visible_curated(local_lake, STATS)
    assert curated.num_rows == 6
    by_player = {row["player_id"]: row for row in curated.to_pylist()}
    assert by_player[1]["points_per_game"] == pytest.approx(100.0 / 10)
    assert by_player[99]["points_per_game"] is None  # 0 games: null, not a division error
    assert by_player[1]["season"] == 2025 and by_player[1]["minutes_per_game"] == 30.0


def test_same_input_twice_writes_nothing_new(local_lake: Lake) -> None:
    source = ListSource({STATS: season_stats(50)})
    _ingest(local_lake, source)
    before = object_listing(local_lake)
    [again] = _ingest(local_lake, source)
    assert again.status == "unchanged" and again.bytes_written == 0
    assert object_listing(local_lake) == before
    assert visible_curated(local_lake, STATS).num_rows == 50


def test_reingest_replaces_the_season_and_removes_old_files(local_lake: Lake) -> None:
    _ingest(local_lake, ListSource({STATS: season_stats(20, points=100.0)}))
    _ingest(local_lake, ListSource({STATS: season_stats(10, points=500.0)}))
    curated = visible_curated(local_lake, STATS)
    assert curated.num_rows == 10
    assert pc.min(curated.column("points")).as_py() == 500.0

    def parquet() -> list[str]:
        listing = object_listing(local_lake)
        return [k for k in listing if k.startswith("curated/") and k.endswith(".parquet")]

    assert len(parquet()) == 2  # the old version waits for its grace period
    assert any(k in retired_keys(local_lake) for k in parquet())
    after_grace(local_lake)
    assert len(parquet()) == 1  # then it is gone
    # same day: the newer raw response replaces the older one for that season
    assert len(visible_raw(local_lake, "nba_player_season_stats_data")) == 10


def test_seasons_are_separate_partitions(local_lake: Lake) -> None:
    source = ListSource({STATS: season_stats(3, season=2024) + season_stats(4, season=2025)})
    _ingest(local_lake, source, seasons=[2024, 2025])
    partitions = local_lake.catalog.partitions(local_lake.outputs.database, STATS)
    assert [p.values for p in partitions] == [("2024",), ("2025",)]
    _ingest(local_lake, ListSource({STATS: season_stats(1, season=2025)}), seasons=[2025])
    curated = visible_curated(local_lake, STATS)
    assert sorted(curated.column("season").to_pylist()) == [2024, 2024, 2024, 2025]


def test_bad_records_go_to_rejected_with_their_reason(local_lake: Lake) -> None:
    good = season_stats(40)
    bad = [
        stat(1000, Games="twelve"),
        {k: v for k, v in stat(1001).items() if k != "PlayerID"},
        "oops",
    ]
    [outcome] = _ingest(local_lake, ListSource({STATS: good + bad}), max_reject_ratio=0.1)
    assert (outcome.landed, outcome.rejected, outcome.status) == (40, 3, "written")
    rejected_keys = [k for k in object_listing(local_lake) if k.startswith("rejected/")]
    lines = [
        json.loads(line)
        for key in rejected_keys
        for line in local_lake.storage.get_bytes(key).decode().splitlines()
    ]
    reasons = sorted(line["reason"] for line in lines)
    assert any("games" in r and "expected an integer" in r for r in reasons)
    assert any("missing required field 'playerid'" in r for r in reasons)
    assert any("not an object" in r for r in reasons)
    assert visible_curated(local_lake, STATS).num_rows == 40


def test_too_many_rejects_fail_without_publishing(local_lake: Lake) -> None:
    _ingest(local_lake, ListSource({STATS: season_stats(5)}))
    before_curated = visible_curated(local_lake, STATS)
    source = ListSource(
        {STATS: season_stats(5) + [stat(i, Points="lots") for i in range(100, 110)]}
    )
    [outcome] = _ingest(local_lake, source)
    assert outcome.status == "failed"
    assert "10 of 15 records rejected" in outcome.error and "nothing was published" in outcome.error
    assert visible_curated(local_lake, STATS).equals(before_curated)


def test_progress_events_reach_the_callback(local_lake: Lake) -> None:
    events: list[ProgressEvent] = []
    _ingest(
        local_lake, ListSource({STATS: season_stats(250)}, page_size=100), progress=events.append
    )
    fetch_counts = [e.records for e in events if e.stage == "fetch"]
    assert fetch_counts == [100, 200, 250]
    assert events[-1].stage == "done"


def test_a_second_ingest_at_once_is_refused(local_lake: Lake) -> None:
    from ingest.pipeline.lock import ingest_lock

    with (
        ingest_lock(local_lake.storage),
        pytest.raises(LakeError, match="another ingest is running"),
    ):
        _ingest(local_lake, ListSource({STATS: season_stats(3)}))
    assert _ingest(local_lake, ListSource({STATS: season_stats(3)}))[0].status == "written"


def test_a_lock_left_by_a_dead_process_is_taken_over(local_lake: Lake) -> None:
    from ingest.pipeline.lock import LOCK_KEY

    local_lake.storage.put_bytes(
        LOCK_KEY,
        json.dumps(
            {
                "host": __import__("socket").gethostname(),
                "pid": 2**22 + 7,
                "started": __import__("time").time(),
            }
        ).encode(),
    )
    assert _ingest(local_lake, ListSource({STATS: season_stats(3)}))[0].status == "written"
    assert not local_lake.storage.exists(LOCK_KEY)


def test_crash_at_every_write_leaves_old_or_new_data_and_rerun_completes(local_lake: Lake) -> None:
    """Kill a re-ingest at every write in turn (until a run has no write left to kill):
    readers see the old season or the new one, in curated *and* raw, never both or a
    mix, and the next run completes it."""
    raw_table = "nba_player_season_stats_data"
    old = ListSource({STATS: season_stats(30, points=100.0)})
    new = ListSource({STATS: season_stats(12, points=700.0)})
    _ingest(local_lake, old)
    old_rows = visible_curated(local_lake, STATS).num_rows
    crash_at = 0
    while True:
        crash_at += 1
        broken, _ = crashing_lake(local_lake, crash_at)
        try:
            _ingest(broken, new)
        except Crash:
            pass
        else:
            break  # fewer writes than crash_at: every write has been tried
        visible = visible_curated(local_lake, STATS)
        assert visible.num_rows in (old_rows, 12), f"half-written state after write {crash_at}"
        raw = len(visible_raw(local_lake, raw_table))
        assert raw in (old_rows, 12), f"raw shows {raw} records after a crash at write {crash_at}"
        [done] = _ingest(local_lake, new)
        assert done.status in ("written", "unchanged")
        final = visible_curated(local_lake, STATS)
        assert final.num_rows == 12 and pc.min(final.column("points")).as_py() == 700.0
        after_grace(local_lake)  # a later run, once the grace period is over
        parquet = [k for k in object_listing(local_lake) if k.startswith("curated/")]
        assert len(parquet) == 1, f"orphans left after crash at write {crash_at}: {parquet}"
        raw_files = [k for k in object_listing(local_lake) if k.startswith("raw/")]
        assert len([k for k in raw_files if k.endswith(".ndjson")]) == 1, raw_files
        assert len(visible_raw(local_lake, raw_table)) == 12, f"crash at write {crash_at}"
        _ingest(local_lake, old)  # back to the old state for the next crash point
    assert crash_at >= 5


def test_staging_leftovers_of_a_dead_run_are_cleaned(local_lake: Lake) -> None:
    leftover = Path(local_lake.settings.lake_home) / "tmp" / "run-dead"
    leftover.mkdir(parents=True)
    (leftover / "x.ndjson").write_text("{}\n")
    _ingest(local_lake, ListSource({STATS: season_stats(2)}))
    assert not leftover.exists()


def test_only_one_of_two_runs_takes_over_a_stale_lock(local_lake: Lake) -> None:
    from ingest.pipeline.lock import LOCK_KEY, _take_over

    stale = {"host": "gone-host", "pid": 1, "started": 0.0}  # older than the limit
    local_lake.storage.put_bytes(LOCK_KEY, json.dumps(stale).encode())
    _take_over(local_lake.storage, stale, b'{"pid": "first"}')
    with pytest.raises(LakeError, match="took over the lake's lock"):
        _take_over(local_lake.storage, stale, b'{"pid": "second"}')
    assert local_lake.storage.get_bytes(LOCK_KEY) == b'{"pid": "first"}'


def test_a_run_never_releases_a_lock_it_no_longer_holds(local_lake: Lake) -> None:
    from ingest.pipeline.lock import LOCK_KEY, ingest_lock

    with ingest_lock(local_lake.storage):
        holder = json.loads(local_lake.storage.get_bytes(LOCK_KEY))
        usurper = {**holder, "started": holder["started"] + 1}  # same pid, another run
        local_lake.storage.put_bytes(LOCK_KEY, json.dumps(usurper).encode())
    assert json.loads(local_lake.storage.get_bytes(LOCK_KEY)) == usurper


def test_the_same_input_on_a_later_day_is_nothing_new(local_lake: Lake) -> None:
    source = ListSource({STATS: [*season_stats(40), stat(500, Games="x")]})
    plan = nba_plan(source, [STATS], [2025], max_reject_ratio=0.1)
    run_ingest(local_lake, plan)
    before = object_listing(local_lake)
    later = IngestRun(local_lake, plan)
    later.ingest_date = "2099-01-01"
    [outcome] = later.run()
    assert outcome.status == "unchanged"
    assert object_listing(local_lake) == before
