"""Day-by-day loads on real files: a watermark in the lake, a look-back window, days
replaced atomically, unchanged days writing nothing, and what each run reports."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.plan import IngestOptions, plan_source
from ingest.pipeline.run import run_ingest
from ingest.sources.base import Record, Source
from ingest.sources.sample import SampleSource
from ingest.storage.watermark import read_watermark, watermark_key
from tests.pipeline.fakes import Crash, DayListSource, crashing_lake
from tests.support.lake_view import (
    after_grace,
    object_listing,
    retired_keys,
    visible_curated,
    visible_raw,
)

PGS = "player_game_stats"


def load(lake: Lake, source: Source, today: date | None = None, **options: Any) -> list[JobOutcome]:
    """Plan as `nba-lake ingest` does (watermark included), then run."""
    wanted = IngestOptions(source=source.name, dataset=options.pop("dataset", PGS), **options)
    return run_ingest(lake, plan_source(lake, source, wanted, today=today))


def sample(as_of: str | None = None) -> SampleSource:
    day = date.fromisoformat(as_of) if as_of else None
    return SampleSource(season_range=(2025, 2025), as_of=day)


def days_of(table: pa.Table) -> Counter[date]:
    return Counter(table.column("game_date").to_pylist())


def lines(source: SampleSource, first: str, last: str) -> list[Record]:
    found = [r for page in source.fetch(PGS, 2025) for r in page]
    return [r for r in found if first <= r["Day"][:10] <= last]


def test_as_of_day_by_day_adds_one_day_then_nothing(local_lake: Lake) -> None:
    [first] = load(local_lake, sample("2025-01-15"), date(2025, 1, 15))
    assert first.status == "written" and first.days is not None
    assert first.days.added[-1] == date(2025, 1, 15) and not first.days.changed
    before = object_listing(local_lake)

    [second] = load(local_lake, sample("2025-01-16"), date(2025, 1, 16))
    assert second.days is not None
    assert second.days.added == [date(2025, 1, 16)]
    assert second.days.unchanged == [date(2025, 1, d) for d in (12, 13, 14, 15)]
    assert not second.days.changed and not second.days.removed
    after = object_listing(local_lake)
    new = sorted(set(after) - set(before))
    assert [k for k in new if k.startswith("raw/")] == [
        k for k in new if k.startswith("raw/") and "-2025-01-16-" in k
    ]  # raw holds the new day only, the look-back days are not written again
    assert any(
        k.startswith("curated/player_game_stats/season=2025/game_month=2025-01/") for k in new
    )
    assert set(before) <= set(after)  # the replaced month waits for its grace period
    gone = retired_keys(local_lake)
    assert gone and all("game_month=2025-01/" in k for k in gone)  # only January was rewritten
    assert sorted(after_grace(local_lake)) == sorted(gone)
    after = object_listing(local_lake)

    curated = visible_curated(local_lake, PGS)
    assert curated.num_rows == len(lines(sample("2025-01-16"), "2024-10-01", "2025-01-16"))
    assert max(days_of(curated)) == date(2025, 1, 16)

    [third] = load(local_lake, sample("2025-01-16"), date(2025, 1, 16))
    assert third.status == "unchanged" and third.days is not None and not third.days.any
    assert object_listing(local_lake) == after  # a second run writes nothing at all


def test_the_watermark_is_kept_in_the_lake(local_lake: Lake) -> None:
    assert read_watermark(local_lake.storage, "sample", PGS) is None
    load(local_lake, sample("2025-01-15"), date(2025, 1, 15))
    assert read_watermark(local_lake.storage, "sample", PGS) == date(2025, 1, 15)
    assert local_lake.storage.exists(watermark_key("sample", PGS))
    # a run of an earlier day does not move it back
    load(
        local_lake, sample("2025-01-15"), date(2025, 1, 15), since="2025-01-02", until="2025-01-03"
    )
    assert read_watermark(local_lake.storage, "sample", PGS) == date(2025, 1, 15)


def test_corrections_inside_the_look_back_replace_their_day(local_lake: Lake) -> None:
    source = DayListSource({PGS: lines(sample(), "2025-01-10", "2025-01-15")}, page_size=500)
    load(local_lake, source, date(2025, 1, 15), since="2025-01-10")
    corrected = copy.deepcopy(source.records)
    for record in corrected[PGS]:
        if record["Day"].startswith("2025-01-14") or record["Day"].startswith("2025-01-10"):
            record["Points"] += 1.0  # a stat correction at the source
    source.records = corrected
    [outcome] = load(local_lake, source, date(2025, 1, 16), lookback_days=3)
    assert outcome.days is not None
    assert outcome.days.changed == [date(2025, 1, 14)]  # 2025-01-10 is before the look-back
    assert outcome.days.unchanged == [date(2025, 1, 12), date(2025, 1, 13), date(2025, 1, 15)]
    curated = visible_curated(local_lake, PGS)
    by_day = {
        day: curated.filter(pc.equal(curated.column("game_date"), pa.scalar(day, pa.date32())))
        for day in (date(2025, 1, 14), date(2025, 1, 10))
    }
    expected_14 = sum(r["Points"] for r in corrected[PGS] if r["Day"].startswith("2025-01-14"))
    assert pc.sum(by_day[date(2025, 1, 14)].column("points")).as_py() == expected_14
    assert pc.sum(by_day[date(2025, 1, 10)].column("points")).as_py() == expected_14 * 0 + sum(
        r["Points"] - 1 for r in corrected[PGS] if r["Day"].startswith("2025-01-10")
    )
    # an explicit range fetches old days again
    [again] = load(local_lake, source, date(2025, 1, 16), since="2025-01-10", until="2025-01-10")
    assert again.days is not None and again.days.changed == [date(2025, 1, 10)]


def test_full_refresh_drops_days_the_source_lost(local_lake: Lake) -> None:
    source = DayListSource({PGS: lines(sample(), "2025-01-10", "2025-02-03")}, page_size=1000)
    load(local_lake, source, date(2025, 2, 3), since="2025-01-10")
    source.records = {PGS: [r for r in source.records[PGS] if not r["Day"].startswith("2025-02")]}
    [plain] = load(local_lake, source, date(2025, 2, 3), since="2025-01-10")
    assert plain.days is not None and not plain.days.removed  # a day missing is not proof
    [full] = load(local_lake, source, date(2025, 2, 3), full_refresh=True, season="2025")
    assert full.days is not None
    assert full.days.removed == [date(2025, 2, d) for d in (1, 2, 3)]
    assert max(days_of(visible_curated(local_lake, PGS))) == date(2025, 1, 31)
    partitions = local_lake.catalog.partitions(local_lake.outputs.database, PGS)
    assert [p.values for p in partitions] == [("2025", "2025-01")]  # February is gone
    after_grace(local_lake)  # and its files, once the grace period is over
    assert not [k for k in object_listing(local_lake) if "game_month=2025-02" in k]


def test_a_replaced_day_is_old_or_new_even_if_the_run_dies(local_lake: Lake) -> None:
    """Crash at every write of a run that corrects one day: readers see the old day or the
    new one, whole, never both or neither; the next run completes it."""
    day = date(2025, 1, 14)
    old_records = lines(sample(), "2025-01-12", "2025-01-15")
    count = sum(1 for r in old_records if r["Day"].startswith("2025-01-14"))
    old_points = sum(r["Points"] for r in old_records if r["Day"].startswith("2025-01-14"))
    window = {"since": "2025-01-12", "until": "2025-01-15"}

    def corrected(delta: float) -> DayListSource:
        """The day corrected by `delta` points a line: each correction is new content."""
        records = copy.deepcopy(old_records)
        for record in records:
            if record["Day"].startswith("2025-01-14"):
                record["Points"] += delta
        return DayListSource({PGS: records})

    def points_of_day() -> tuple[int, float]:
        curated = visible_curated(local_lake, PGS)
        rows = curated.filter(pc.equal(curated.column("game_date"), pa.scalar(day, pa.date32())))
        assert days_of(curated) == expected_days  # every other day whole, throughout
        return rows.num_rows, pc.sum(rows.column("points")).as_py()

    old = DayListSource({PGS: old_records})
    load(local_lake, old, day, **window)
    expected_days = days_of(visible_curated(local_lake, PGS))
    probe, calls = crashing_lake(local_lake, None)
    load(probe, corrected(1000.0), day, **window)
    writes = len(calls)
    load(local_lake, old, day, **window)
    assert writes >= 5
    for crash_at in range(1, writes + 1):
        new, new_points = corrected(crash_at), old_points + crash_at * count
        broken, _ = crashing_lake(local_lake, crash_at)
        with pytest.raises(Crash):
            load(broken, new, day, **window)
        assert points_of_day() in ((count, old_points), (count, new_points)), crash_at
        [done] = load(local_lake, new, day, **window)
        assert done.status in ("written", "unchanged")
        assert points_of_day() == (count, new_points)
        after_grace(local_lake)
        versions = {k.rsplit("/", 1)[0] for k in object_listing(local_lake) if "curated/" in k}
        assert len(versions) == 1, f"old versions left after a crash at write {crash_at}"
        load(local_lake, old, day, **window)


def test_raw_keeps_every_answer_once(local_lake: Lake) -> None:
    load(local_lake, sample("2025-01-15"), date(2025, 1, 15))
    load(local_lake, sample("2025-01-16"), date(2025, 1, 16))
    raw = visible_raw(local_lake, "nba_player_game_stats_data")
    assert len(raw) == len(lines(sample("2025-01-16"), "2024-10-01", "2025-01-16"))
    assert len({r["StatID"] for r in raw}) == len(raw)


def test_date_errors_are_refused_before_anything_is_written(local_lake: Lake) -> None:
    before = object_listing(local_lake)
    for options, problem in (
        ({"since": "2025-13-01"}, "--since '2025-13-01' is not a date"),
        ({"since": "2025-02-01", "until": "2025-01-01"}, r"--since 2025-02-01 is after --until"),
        ({"since": "2019-01-05"}, "no season 2019"),
        ({"lookback_days": -1}, "--lookback-days"),
    ):
        with pytest.raises(LakeError, match=problem):
            load(local_lake, sample(), date(2026, 11, 29), **options)
    assert object_listing(local_lake) == before


def test_an_as_of_before_the_watermark_names_the_watermark(local_lake: Lake) -> None:
    load(local_lake, sample(), date(2025, 1, 10), dataset="games")
    before = object_listing(local_lake)
    with pytest.raises(LakeError) as raised:
        load(local_lake, sample(), date(2024, 12, 1), dataset="games", as_of="2024-12-01")
    assert str(raised.value) == (
        "the lake already holds days up to 2025-01-10, after --as-of (2024-12-01): to load "
        "earlier days again give --since and --until, e.g. --since 2024-12-01 --until "
        "2024-12-01, or --season 2025"
    )
    with pytest.raises(LakeError, match=r"--since 2025-01-05 is after --as-of \(2024-12-01\)"):
        load(local_lake, sample(), date(2024, 12, 1), since="2025-01-05", as_of="2024-12-01")
    assert object_listing(local_lake) == before


def test_the_lake_status_says_how_far_the_days_are_loaded(local_lake: Lake) -> None:
    """Games and box scores are partitioned by month: their freshness is the watermark's
    day, in `nba-lake status` and the dashboard, with the rows the lake holds."""
    from ingest.lake_status import lake_status

    load(local_lake, sample("2025-01-15"), date(2025, 1, 15))
    load(local_lake, sample("2025-01-16"), date(2025, 1, 16))
    tables = {t.name: t for t in lake_status(local_lake, today=date(2025, 1, 17)).tables}
    box = tables[PGS]
    assert box.latest_day == ("watermark", date(2025, 1, 16))
    assert box.rows == visible_curated(local_lake, PGS).num_rows
    assert tables["games"].latest_day is None  # never loaded
