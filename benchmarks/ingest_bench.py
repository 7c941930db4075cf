"""Ingest throughput: the pipeline vs pyarrow writing the same rows to one Parquet file.

Two datasets, a million rows each: season statistics (`player_season_stats`, one season
partition) and box scores (`player_game_stats`, a full season of the sample league at
scale 38, about 1,000,000 lines, written as month partitions with day fingerprints). Both
sides start from the same fetched pages (generation is excluded from both) and run in the
same process, in interleaved pairs. The pipeline does more: validation, raw NDJSON,
rejects, curated typing, publish, manifest.
"""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.pairs import PairedRatio, paired
from benchmarks.report import Figure, record
from ingest.pipeline.file_dataset import PrefetchedSource
from ingest.pipeline.plan import nba_plan
from ingest.pipeline.run import run_ingest
from ingest.settings import Settings
from ingest.sources.base import Page
from ingest.sources.sample import ROWS_PER_SCALE, SampleSource
from ingest.targets import load_target, open_lake

TARGET_ROWS = 1_000_000
SEASON = 2025
BOX_SCALE = 38  # a season of box scores at this scale: ~1,000,000 lines
PAIRS = 5


def _pages(dataset: str) -> list[Page]:
    stats = dataset == "player_season_stats"
    scale = -(-TARGET_ROWS // ROWS_PER_SCALE) if stats else BOX_SCALE
    source = SampleSource(scale=scale, season_range=(SEASON, SEASON))
    return list(source.fetch(dataset, SEASON))


def _pyarrow_floor(pages: list[Page], folder: Path) -> float:
    started = time.perf_counter()
    table = pa.Table.from_batches([pa.RecordBatch.from_pylist(page) for page in pages])
    pq.write_table(table, folder / "floor.parquet", compression="zstd")
    return time.perf_counter() - started


def _pipeline(dataset: str, pages: list[Page], folder: Path) -> float:
    settings = Settings.from_env(target="local", lake_home=folder / "lake", env={})
    load_target("local", settings).provisioner().apply(yes=True)
    lake = open_lake(settings)
    source = PrefetchedSource("sample", pages, (dataset,), None, False)
    plan = nba_plan(source, [dataset], [SEASON])
    started = time.perf_counter()
    [outcome] = run_ingest(lake, plan)
    elapsed = time.perf_counter() - started
    assert outcome.status == "written", outcome
    return elapsed


def measure(dataset: str, pairs: int = PAIRS) -> tuple[int, PairedRatio]:
    """Rows, and the paired timings of the pyarrow floor and the pipeline."""
    pages = _pages(dataset)
    rows = sum(len(page) for page in pages)
    # The input is held in memory only to keep generation out of both sides; a real run
    # streams it. Frozen, the collector does not walk its 50 million objects mid-run.
    gc.collect()
    gc.freeze()
    try:
        with tempfile.TemporaryDirectory(prefix="nba-bench-") as tmp:
            folder = Path(tmp)
            result = paired(
                lambda i: _pyarrow_floor(pages, folder),
                lambda i: _pipeline(dataset, pages, folder / f"run{i}"),
                pairs,
            )
    finally:
        gc.unfreeze()
    return rows, result


def main(pairs: int = PAIRS) -> None:
    figures = []
    for dataset, name, speed in (
        ("player_season_stats", "ingest_vs_pyarrow", "ingest_rows_per_second"),
        (
            "player_game_stats",
            "ingest_vs_pyarrow_player_game_stats",
            "ingest_rows_per_second_player_game_stats",
        ),
    ):
        rows, result = measure(dataset, pairs)
        print(f"ingest {dataset}: {rows:,} rows; {result.describe()}")
        ours = sorted(result.ours)[len(result.ours) // 2]
        figures += [
            Figure(speed, rows / ours, "rows/s"),
            Figure(
                name,
                ours,
                "s",
                baseline=sorted(result.baseline)[len(result.baseline) // 2],
                ratio=result.median,
                goal="ratio <= 2",
            ),
        ]
    record(figures)


if __name__ == "__main__":
    main()
