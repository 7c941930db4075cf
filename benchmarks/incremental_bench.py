"""A day's load costs what the day holds, not what the lake holds.

`incremental_day_growth`: two local lakes of the sample league, one holding one season of
games and box scores, the other ten (2016-2025), both loaded up to the same day. Each pair
then loads the next day into both (`--as-of` one day later: one new day plus the look-back
days, which come back unchanged): the time with ten seasons over the time with one. A
ratio near 1 means nothing in a daily load grows with the lake.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.pairs import paired
from benchmarks.report import Figure, record
from ingest.lake import Lake
from ingest.pipeline.plan import IngestOptions, plan_source
from ingest.pipeline.run import run_ingest
from ingest.settings import Settings
from ingest.sources.sample import SampleSource
from ingest.targets import load_target, open_lake

DATASETS = "games,player_game_stats"
FIRST_DAY = date(2025, 1, 6)  # lakes hold everything up to the day before
PAIRS = 15


def _lake(folder: Path) -> Lake:
    settings = Settings.from_env(target="local", lake_home=folder, env={})
    load_target("local", settings).provisioner().apply(yes=True)
    return open_lake(settings)


def _load(lake: Lake, seasons: tuple[int, int], day: date) -> float:
    source = SampleSource(season_range=seasons, as_of=day)
    started = time.perf_counter()
    plan = plan_source(lake, source, IngestOptions(dataset=DATASETS), today=day)
    outcomes = run_ingest(lake, plan)
    elapsed = time.perf_counter() - started
    assert all(o.status != "failed" for o in outcomes), outcomes
    return elapsed


def main(pairs: int = PAIRS) -> None:
    one, ten = (2025, 2025), (2016, 2025)
    with tempfile.TemporaryDirectory(prefix="nba-bench-days-") as tmp:
        small, large = _lake(Path(tmp) / "one"), _lake(Path(tmp) / "ten")
        started = time.perf_counter()
        _load(small, one, FIRST_DAY - timedelta(days=1))
        _load(large, ten, FIRST_DAY - timedelta(days=1))
        print(f"incremental: built the two lakes in {time.perf_counter() - started:.0f} s")
        result = paired(
            lambda i: _load(small, one, FIRST_DAY + timedelta(days=i)),
            lambda i: _load(large, ten, FIRST_DAY + timedelta(days=i)),
            pairs,
        )
    print(f"incremental: one new day, 10 seasons in the lake vs 1: {result.describe()}")
    record(
        [
            Figure(
                "incremental_day_growth",
                sorted(result.ours)[len(result.ours) // 2],
                "s",
                baseline=sorted(result.baseline)[len(result.baseline) // 2],
                ratio=result.median,
                goal="ratio <= 1.2",
            )
        ]
    )


if __name__ == "__main__":
    main()
