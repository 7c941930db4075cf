"""Ingest throughput: the pipeline vs pyarrow writing the same rows to one Parquet file.

Both sides start from the same fetched pages (generation is excluded from both) and run
in the same process, one after the other, so the ratio compares like with like. The
pipeline does more: validation, raw NDJSON, rejects, curated typing, publish, manifest.
"""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

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


def _pages(rows: int) -> list[Page]:
    scale = -(-rows // ROWS_PER_SCALE)
    pages = list(SampleSource(scale=scale).fetch("player_season_stats", SEASON))
    return pages


def _pyarrow_floor(pages: list[Page], folder: Path) -> float:
    started = time.perf_counter()
    table = pa.Table.from_batches([pa.RecordBatch.from_pylist(page) for page in pages])
    pq.write_table(table, folder / "floor.parquet", compression="zstd")
    return time.perf_counter() - started


def _pipeline(pages: list[Page], folder: Path) -> float:
    settings = Settings.from_env(target="local", lake_home=folder / "lake", env={})
    load_target("local", settings).provisioner().apply(yes=True)
    lake = open_lake(settings)
    source = PrefetchedSource("sample", pages, ("player_season_stats",), None, False)
    plan = nba_plan(source, ["player_season_stats"], [SEASON])
    started = time.perf_counter()
    [outcome] = run_ingest(lake, plan)
    elapsed = time.perf_counter() - started
    assert outcome.status == "written", outcome
    return elapsed


def main(repeats: int = 3) -> None:
    """Best of `repeats` for each side, interleaved, so load on the machine hits both alike."""
    pages = _pages(TARGET_ROWS)
    rows = sum(len(page) for page in pages)
    floors, ours_runs = [], []
    for attempt in range(repeats):
        with tempfile.TemporaryDirectory(prefix="nba-bench-") as tmp:
            folder = Path(tmp)
            gc.collect()
            floors.append(_pyarrow_floor(pages, folder))
            gc.collect()
            ours_runs.append(_pipeline(pages, folder / f"run{attempt}"))
    floor, ours = min(floors), min(ours_runs)
    print(
        f"ingest: {rows:,} season-stat rows; pipeline {ours:.2f} s, pyarrow floor {floor:.2f} s "
        f"(best of {repeats}: pipeline {', '.join(f'{t:.2f}' for t in ours_runs)}; "
        f"floor {', '.join(f'{t:.2f}' for t in floors)})"
    )
    record(
        [
            Figure("ingest_rows_per_second", rows / ours, "rows/s"),
            Figure(
                "ingest_vs_pyarrow",
                ours,
                "s",
                baseline=floor,
                ratio=ours / floor,
                goal="ratio <= 2",
            ),
        ]
    )


if __name__ == "__main__":
    main()
