"""A long-lived reader (the local engine kept open, as the TUI keeps it) across repeated
re-ingests sees every season complete every time: replaced versions stay for the grace
period, and a view never turns a missing file into a season with zero rows."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from ingest.lake import Lake
from ingest.pipeline.plan import nba_plan
from ingest.pipeline.run import run_ingest
from ingest.query.result import QueryError
from tests.pipeline.fakes import ListSource
from tests.pipeline.records import season_stats
from tests.support.lake_view import after_grace

STATS = "player_season_stats"
SEASONS = [2023, 2024, 2025]
PLAYERS = 150


def _source(points: float) -> ListSource:
    records = [r for season in SEASONS for r in season_stats(PLAYERS, season=season, points=points)]
    return ListSource({STATS: records}, page_size=200, seasons=tuple(SEASONS))


def _ingest(lake: Lake, points: float) -> None:
    outcomes = run_ingest(lake, nba_plan(_source(points), [STATS], SEASONS))
    assert {o.status for o in outcomes} == {"written"}


def test_a_long_lived_reader_sees_every_season_whole_across_reingests(local_lake: Lake) -> None:
    _ingest(local_lake, 100.0)
    engine = local_lake.target.query_engine(local_lake)
    seen: list[dict[int, int]] = []
    errors: list[str] = []
    raw_counts: list[int] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                rows = engine.execute(
                    "SELECT season, count(*) FROM player_season_stats GROUP BY season"
                ).table.to_pylist()
                seen.append({row["season"]: row["_col1"] for row in rows})
                raw = engine.execute("SELECT count(*) AS n FROM nba_player_season_stats_data")
                raw_counts.append(raw.table.column(0)[0].as_py())
            except QueryError as err:
                errors.append(str(err))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for round_ in range(6):
            _ingest(local_lake, 200.0 + round_)
    finally:
        done.set()
        reader.join(60)
        engine.close()
    assert not errors, errors[:3]
    assert len(seen) >= 6
    complete = dict.fromkeys(SEASONS, PLAYERS)
    broken = Counter(str(result) for result in seen if result != complete)
    assert not broken, f"{sum(broken.values())} of {len(seen)} queries saw {broken}"
    assert set(raw_counts) == {PLAYERS * len(SEASONS)}


def test_a_deleted_live_file_is_an_error_not_an_empty_season(local_lake: Lake) -> None:
    _ingest(local_lake, 100.0)
    partitions = local_lake.catalog.partitions(local_lake.outputs.database, STATS)
    live = partitions[0].location.split("/", 3)[3]
    local_lake.storage.delete([o.key for o in local_lake.storage.list(live)])
    engine = local_lake.target.query_engine(local_lake)
    try:
        with pytest.raises(QueryError, match=r"(?i)no files found|cannot open|not exist"):
            engine.execute("SELECT season, count(*) FROM player_season_stats GROUP BY season")
    finally:
        engine.close()


def test_a_reader_that_listed_the_old_files_can_still_read_them(local_lake: Lake) -> None:
    """What a query planned before the switch reads (a running Athena query, a view built
    a moment earlier): the replaced version, whole, for the grace period."""
    _ingest(local_lake, 100.0)
    engine = local_lake.target.query_engine(local_lake)
    try:
        before = engine.execute("SELECT sum(points) AS p FROM player_season_stats").table
        listed = [
            o.key
            for p in local_lake.catalog.partitions(local_lake.outputs.database, STATS)
            for o in local_lake.storage.list(p.location.split("/", 3)[3])
        ]
        _ingest(local_lake, 200.0)
        assert all(local_lake.storage.exists(key) for key in listed)
        after = engine.execute("SELECT sum(points) AS p FROM player_season_stats").table
        assert after.column(0)[0].as_py() == before.column(0)[0].as_py() + 100 * PLAYERS * 3
    finally:
        engine.close()


def test_replaced_versions_go_after_the_grace_period_only(
    local_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later run deletes what was replaced more than NBA_LAKE_REPLACED_GRACE ago, and
    nothing younger; the reader's files are there for the whole period."""
    _ingest(local_lake, 100.0)
    _ingest(local_lake, 200.0)
    listing = lambda: {o.key for o in local_lake.storage.list("curated/")}  # noqa: E731
    assert len([k for k in listing() if k.endswith(".parquet")]) == 2 * len(SEASONS)
    monkeypatch.setenv("NBA_LAKE_REPLACED_GRACE", "30m")
    _ingest(local_lake, 300.0)  # its sweep: the first version was replaced just now
    assert len([k for k in listing() if k.endswith(".parquet")]) == 3 * len(SEASONS)
    monkeypatch.setenv("NBA_LAKE_REPLACED_GRACE", "0")
    _ingest(local_lake, 400.0)  # the grace period is over for all three older versions
    assert len([k for k in listing() if k.endswith(".parquet")]) == 2 * len(SEASONS)
    after_grace(local_lake)
    assert len([k for k in listing() if k.endswith(".parquet")]) == len(SEASONS)
