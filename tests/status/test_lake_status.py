"""`nba-lake status` and the dashboard's figures: from the catalog, storage listings and
run manifests, on real files; a date-keyed table reports its latest day whatever it is
called; local query results expire like the bucket's lifecycle rule."""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from ingest.catalog.model import Partition
from ingest.catalog.table_input import build_table_input
from ingest.cli import main
from ingest.lake import Lake
from ingest.lake_status import lake_status, parse_manifest, per_day, sparkline
from ingest.schema import Column
from ingest.settings import Settings
from ingest.sources.sample import SampleSource
from ingest.storage.base import split_s3_uri
from ingest.targets import open_lake


@pytest.fixture
def lake_copy(sample_lake_home: Path, tmp_path: Path) -> Lake:
    home = tmp_path / "copy"
    shutil.copytree(sample_lake_home, home)
    return open_lake(Settings.from_env(target="local", lake_home=home, env={}))


def test_every_table_with_rows_size_partitions_and_last_ingest(sample_lake: Lake) -> None:
    status = lake_status(sample_lake)
    tables = {t.name: t for t in status.tables}
    stats = tables["player_season_stats"]
    assert (stats.rows, stats.partitions, stats.files) == (2250, 5, 5)
    assert stats.bytes > 0 and stats.latest_day is None  # partitioned by season
    raw = tables["nba_player_season_stats_data"]
    assert raw.rows == 2250 and raw.latest_day is not None and raw.latest_day[0] == "ingest_date"
    players = sum(len(page) for page in SampleSource().fetch("players", 2025))
    assert tables["teams"].rows == 30 and tables["players"].rows == players
    run = stats.last_run
    assert run is not None and run.source == "sample" and run.curated_rows == 2250
    assert sum(stats.rows_per_day) == 2250 and stats.rejects_waiting == 0


def test_a_date_keyed_table_reports_its_latest_day(local_lake: Lake) -> None:
    """Any table whose partition key holds dates, whatever the dataset is called."""
    outputs, database = local_lake.outputs, local_lake.outputs.database
    location = f"s3://{outputs.bucket}/{outputs.curated_prefix}/box_scores/"
    local_lake.catalog.put_table(
        database,
        build_table_input(
            "box_scores",
            "curated",
            "box_scores",
            (Column("player_id", "int"), Column("points", "int")),
            (Column("game_date", "date"),),
            location,
        ),
    )
    prefix = split_s3_uri(location)[1]
    objects = []
    for day in ("2025-04-11", "2025-04-13", "2025-04-12"):
        part = f"{location}game_date={day}/"
        local_lake.catalog.put_partition(database, "box_scores", Partition((day,), part))
        key = f"{prefix}game_date={day}/part-0.parquet"
        local_lake.storage.put_bytes(key, b"x" * 100)
        objects.append({"key": key, "bytes": 100, "rows": 12})
    manifest = {
        "run_id": "r1",
        "source": "nbastats",
        "dataset": "box_scores",
        "finished_at": "2025-04-13T23:00:00+00:00",
        "landed": 36,
        "curated_rows": 36,
        "rejected": 2,
        "objects": objects,
        "a_field_added_later": {"anything": True},
    }
    local_lake.storage.put_bytes(
        f"{outputs.manifests_prefix}/box_scores/box_scores-1.json", json.dumps(manifest).encode()
    )
    rejects = f"{outputs.rejected_prefix}/box_scores/box_scores-1.ndjson"
    local_lake.storage.put_bytes(rejects, b'{"reason": "x"}\n{"reason": "y"}\n')
    status = lake_status(local_lake, today=date(2025, 4, 14))
    [table] = [t for t in status.tables if t.name == "box_scores"]
    assert table.latest_day == ("game_date", date(2025, 4, 13))
    assert (table.rows, table.bytes, table.partitions) == (36, 300, 3)
    assert table.rejects_waiting == 2
    assert table.rows_per_day[-2:] == (36, 0)  # loaded the day before "today"


def test_manifests_with_odd_fields_still_read() -> None:
    run = parse_manifest({"dataset": "games", "finished_at": "not a time", "landed": "x"})
    assert run.dataset == "games" and run.finished_at is None and run.landed == 0


def test_rows_per_day_and_the_sparkline() -> None:
    runs = [
        parse_manifest({"finished_at": "2025-01-10T10:00:00+00:00", "curated_rows": 5}),
        parse_manifest({"finished_at": "2025-01-10T12:00:00+00:00", "curated_rows": 3}),
        parse_manifest({"finished_at": "2025-01-12T12:00:00", "curated_rows": 8}),
    ]
    days = per_day(runs, "curated", date(2025, 1, 12), days=3)
    assert days == (8, 0, 8)
    assert sparkline(days) == "█ █" and sparkline([0, 0]) == "  "
    assert sparkline([1, 8]) == "▁█"


def test_nba_lake_status_prints_and_says_json(
    sample_lake_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lake-home", str(sample_lake_home), "status"]) == 0
    out = capsys.readouterr().out
    assert "player_season_stats" in out and "2,250" in out and "sample" in out
    assert main(["--lake-home", str(sample_lake_home), "status", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    tables = {t["name"]: t for t in document["tables"]}
    assert tables["teams"]["rows"] == 30
    assert tables["nba_team_data"]["latest_day"]["key"] == "ingest_date"
    assert len(tables["teams"]["rows_per_day"]) == 30


def test_raw_box_scores_and_games_have_their_row_counts(sample_lake: Lake) -> None:
    """The raw files of date-keyed loads record their lines, so their tables are counted
    (they showed "?")."""
    tables = {t.name: t for t in lake_status(sample_lake).tables}
    for raw, curated in (
        ("nba_game_data", "games"),
        ("nba_player_game_stats_data", "player_game_stats"),
    ):
        assert tables[raw].rows == tables[curated].rows, raw


@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_status_never_cuts_a_number_on_a_narrow_terminal(sample_lake: Lake, width: int) -> None:
    from rich.console import Console

    from ingest.commands.status import status_table

    status = lake_status(sample_lake)
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(status_table(status, width))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in "".join(line.split("│")[2] for line in text.splitlines() if "│" in line)
    for t in status.tables:
        assert f"{t.rows:,}" in text


def test_status_without_a_lake_says_to_apply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lake-home", str(tmp_path / "none"), "status"]) == 1
    assert "make apply" in capsys.readouterr().err


def test_local_results_expire_like_the_lifecycle_rule(lake_copy: Lake) -> None:
    days = lake_copy.outputs.athena_results_expiration_days
    assert days >= 1
    bucket, prefix = split_s3_uri(lake_copy.outputs.results_location)
    target = lake_copy.target
    engine = target.query_engine(lake_copy)
    try:
        fresh = engine.start("SELECT 1 AS one").result().stats.query_id
    finally:
        engine.close()
    root = lake_copy.settings.lake_home / "s3" / bucket / prefix
    old = root / "an-old-result.csv"
    old.write_text("a\n1\n")
    past = time.time() - (days * 86_400 + 60)
    os.utime(old, (past, past))
    edge = root / "almost-expired.csv"
    edge.write_text("a\n1\n")
    recent = time.time() - (days * 86_400 - 3600)
    os.utime(edge, (recent, recent))
    engine = target.query_engine(lake_copy)  # starting an engine applies the rule
    engine.close()
    assert not old.exists()
    assert edge.exists() and (root / f"{fresh}.csv").exists()


def test_a_reruns_manifest_counts_the_rows_it_found_in_place() -> None:
    """A repair run rewrites its manifest and lists the objects it left alone as "present":
    their rows still count (the table's rows were "?" after a repair)."""
    run = parse_manifest(
        {
            "objects": [{"key": "curated/g/m=1/part-0.parquet", "rows": 60}],
            "present": [
                {"key": "curated/g/m=2/part-0.parquet", "rows": 220},
                {"key": "curated/g/m=2/_days.json"},
            ],
        }
    )
    assert run.rows_by_key == {
        "curated/g/m=1/part-0.parquet": 60,
        "curated/g/m=2/part-0.parquet": 220,
    }
    assert run.keys == ("curated/g/m=1/part-0.parquet",)
