"""Ingest on the `aws` target: boto3 over HTTP to a moto server, S3 objects and Glue partitions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.lake import Lake
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.progress import ProgressEvent
from ingest.settings import Settings
from ingest.sources.sample import SampleSource
from ingest.targets import open_lake
from tests.pipeline.fakes import ListSource
from tests.pipeline.records import season_stats
from tests.support.aws_lake import provision_aws_lake
from tests.support.emulator import REPO_ROOT, MotoServer, emulator_env
from tests.support.lake_view import after_grace, object_listing, visible_curated, visible_raw
from tests.support.lakes import ingest

pytestmark = pytest.mark.aws
STATS = "player_season_stats"


@pytest.fixture
def aws_lake(aws_env: MotoServer, tmp_path: Path) -> Lake:
    settings = Settings.from_env(target="aws", lake_home=tmp_path / "aws-lake")
    clients = {name: aws_env.client(name) for name in ("s3", "glue", "athena")}
    provision_aws_lake(settings, clients, aws_env.region)
    lake = open_lake(settings)
    assert lake.target.name == "aws" and lake.outputs.bucket.startswith("sports-data-lake-")
    return lake


def test_sample_league_lands_in_s3_and_glue(aws_lake: Lake, aws_env: MotoServer) -> None:
    source = SampleSource()
    outcomes = ingest(aws_lake, source, ["players", "teams", "player_season_stats"], [2024, 2025])
    assert [o.status for o in outcomes] == ["written"] * 4
    s3 = aws_env.client("s3")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=aws_lake.outputs.bucket)["Contents"]]
    assert any(
        k.startswith("raw/nba_player_data/ingest_date=") and k.endswith(".ndjson") for k in keys
    )
    assert any(k.startswith("curated/player_season_stats/season=2024/v=") for k in keys)
    assert any(k.startswith("_manifests/player_season_stats/") for k in keys)
    glue = aws_env.client("glue")
    partitions = glue.get_partitions(
        DatabaseName=aws_lake.outputs.database, TableName="player_season_stats"
    )
    by_season = {p["Values"][0]: p["StorageDescriptor"] for p in partitions["Partitions"]}
    assert set(by_season) == {"2024", "2025"}
    descriptor = by_season["2025"]
    assert descriptor["Location"].startswith(
        f"s3://{aws_lake.outputs.bucket}/curated/player_season_stats/season=2025/v="
    )
    assert descriptor["SerdeInfo"]["SerializationLibrary"].endswith("ParquetHiveSerDe")
    raw_parts = glue.get_partitions(
        DatabaseName=aws_lake.outputs.database, TableName="nba_player_data"
    )
    today = datetime.now(UTC).date().isoformat()
    assert [p["Values"] for p in raw_parts["Partitions"]] == [[today]]
    assert visible_curated(aws_lake, "player_season_stats").num_rows == 2 * len(
        [r for page in source.fetch("player_season_stats", 2025) for r in page]
    )


def test_rerun_writes_nothing_and_reingest_switches_partition(aws_lake: Lake) -> None:
    first = ListSource({"player_season_stats": season_stats(30, points=100.0)})
    jobs = (["player_season_stats"], [2025])
    ingest(aws_lake, first, *jobs)
    before = object_listing(aws_lake)
    [again] = ingest(aws_lake, first, *jobs)
    assert again.status == "unchanged" and object_listing(aws_lake) == before
    second = ListSource({"player_season_stats": season_stats(8, points=900.0)})
    [replaced] = ingest(aws_lake, second, *jobs)
    assert replaced.status == "written"
    curated = visible_curated(aws_lake, "player_season_stats")
    assert curated.num_rows == 8
    assert len([k for k in object_listing(aws_lake) if k.startswith("curated/")]) == 2
    after_grace(aws_lake)  # the replaced version waits for the grace period, then goes
    assert len([k for k in object_listing(aws_lake) if k.startswith("curated/")]) == 1
    assert len(visible_raw(aws_lake, "nba_player_season_stats_data")) == 8
    manifest = json.loads(aws_lake.storage.get_bytes(replaced.manifest_key))
    assert manifest["fetched"] == 8 and manifest["replaced"]
    assert all(len(o["sha256"]) == 64 for o in manifest["objects"])


def test_the_lock_is_a_conditional_write_in_the_bucket(aws_lake: Lake) -> None:
    from ingest.errors import LakeError
    from ingest.pipeline.lock import LOCK_KEY, ingest_lock

    with ingest_lock(aws_lake.storage):
        assert aws_lake.storage.exists(LOCK_KEY)
        with (
            pytest.raises(LakeError, match="another ingest is running"),
            ingest_lock(aws_lake.storage),
        ):
            pass
    assert not aws_lake.storage.exists(LOCK_KEY)


def test_an_aws_refusal_is_one_line(
    aws_lake: Lake, aws_env: MotoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from ingest.cli import main

    s3 = aws_env.client("s3")
    s3.delete_bucket(Bucket=aws_lake.outputs.bucket)  # the bucket is gone behind our back
    code = main(["--lake-home", str(aws_lake.settings.lake_home), "ingest", "--dataset", "teams"])
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith("nba-lake: error: AWS PutObject failed") and "NoSuchBucket" in err


def test_a_glue_error_fails_its_job_and_the_run_goes_on(
    aws_lake: Lake, aws_env: MotoServer
) -> None:
    """Glue refuses one job's partition (its table was dropped mid-run): that job fails with
    one line naming AWS's error, the next job still lands."""
    glue = aws_env.client("glue")
    database = aws_lake.outputs.database

    def drop_stats_table(event: ProgressEvent) -> None:
        if event.dataset == "player_season_stats" and event.stage == "fetch":
            glue.delete_table(DatabaseName=database, Name="player_season_stats")

    source = ListSource(
        {
            "player_season_stats": season_stats(5),
            "teams": [{"TeamID": 1, "Key": "BOS", "City": "Boston", "Name": "Harbormen"}],
        }
    )
    outcomes = ingest(
        aws_lake, source, ["player_season_stats", "teams"], [2025], progress=drop_stats_table
    )
    stats, teams = outcomes
    assert stats.status == "failed"
    assert "EntityNotFoundException" in stats.error and "\n" not in stats.error
    assert teams.status == "written"


def test_piped_ingest_prints_only_the_projects_log_lines(
    aws_lake: Lake, aws_env: MotoServer
) -> None:
    """Output to a pipe gets plain log lines: the project's, not botocore's ("Found
    credentials in environment variables." is INFO, logged as each boto3 client is made)."""
    env = emulator_env(aws_env.endpoint, aws_env.region)
    env.update(LAKE_HOME=str(aws_lake.settings.lake_home), PYTHONPATH=str(REPO_ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "ingest.cli", "ingest", "--dataset", "teams"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert any(line.endswith("teams 2025: done 30 records written") for line in lines), lines
    timestamped = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} teams 2025: ")
    assert all(timestamped.match(line) for line in lines), lines


def test_games_and_box_scores_land_in_month_partitions_day_by_day(
    aws_lake: Lake, aws_env: MotoServer
) -> None:
    """The date-keyed datasets on S3 and Glue: (season, game_month) partitions switched to
    new month versions, the watermark in the bucket, one new day adding one day."""
    from datetime import date

    from ingest.pipeline.plan import IngestOptions, plan_source
    from ingest.pipeline.run import run_ingest

    def load(as_of: str) -> list[JobOutcome]:
        day = date.fromisoformat(as_of)
        source = SampleSource(season_range=(2025, 2025), as_of=day)
        options = IngestOptions(dataset="players,teams,games,player_game_stats")
        return run_ingest(aws_lake, plan_source(aws_lake, source, options, today=day))

    first = load("2024-11-03")
    assert [o.status for o in first] == ["written"] * 4
    glue, database = aws_env.client("glue"), aws_lake.outputs.database
    for table in ("games", "player_game_stats"):
        found = glue.get_partitions(DatabaseName=database, TableName=table)["Partitions"]
        assert sorted(p["Values"] for p in found) == [["2025", "2024-10"], ["2025", "2024-11"]]
        for partition in found:
            location = partition["StorageDescriptor"]["Location"]
            assert re.fullmatch(
                rf"s3://{aws_lake.outputs.bucket}/curated/{table}/season=2025/"
                rf"game_month={partition['Values'][1]}/v=[0-9a-f]{{16}}/",
                location,
            )
    players = glue.get_table(DatabaseName=database, Name="players")["Table"]
    assert players["PartitionKeys"] == []
    assert "/curated/players/v=" in players["StorageDescriptor"]["Location"]
    assert players["StorageDescriptor"]["SerdeInfo"]["Name"] == "parquet"
    assert not glue.get_partitions(DatabaseName=database, TableName="players")["Partitions"]
    keys = object_listing(aws_lake)
    assert "_state/watermarks/sample/games.json" in keys
    assert any(k.endswith("/_days.json") for k in keys)

    before = object_listing(aws_lake)
    second = load("2024-11-04")
    by_dataset = {o.dataset: o for o in second}
    days = by_dataset["player_game_stats"].days
    assert days is not None and days.added == [date(2024, 11, 4)] and len(days.unchanged) == 4
    changed = set(object_listing(aws_lake)) ^ set(before)
    assert all("game_month=2024-10" not in k for k in changed)  # October was left alone
    curated = visible_curated(aws_lake, "player_game_stats")
    lines = [
        r
        for page in SampleSource(season_range=(2025, 2025), as_of=date(2024, 11, 4)).fetch(
            "player_game_stats", 2025
        )
        for r in page
    ]
    assert curated.num_rows == len(lines)
    assert all(o.status == "unchanged" for o in load("2024-11-04"))


def test_check_and_repair_on_s3(aws_lake: Lake, capsys: pytest.CaptureFixture[str]) -> None:
    """`nba-lake check` against S3 names the damaged objects; ingest rewrites them."""
    from ingest.cli import main
    from ingest.pipeline.check import check_lake
    from tests.support.damage import flip_a_byte, live_keys, truncate

    datasets = ["players", "player_season_stats"]
    ingest(aws_lake, SampleSource(), datasets, [2024, 2025])
    rows = visible_curated(aws_lake, "player_season_stats").num_rows
    home = str(aws_lake.settings.lake_home)
    assert main(["--lake-home", home, "check"]) == 0
    season = live_keys(aws_lake, "player_season_stats", ".parquet")[0]
    players = live_keys(aws_lake, "players", ".parquet")[0]
    aws_lake.storage.delete([season])
    flip_a_byte(aws_lake, players)
    truncate(aws_lake, live_keys(aws_lake, "nba_player_data", ".ndjson")[0])
    capsys.readouterr()
    assert main(["--lake-home", home, "check"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and any(season in line and "is missing" in line for line in lines)
    outcomes = ingest(aws_lake, SampleSource(), datasets, [2024, 2025])
    assert "written" in {o.status for o in outcomes}
    assert check_lake(aws_lake) == []
    assert visible_curated(aws_lake, "player_season_stats").num_rows == rows


def test_replaced_versions_stay_on_s3_for_the_grace_period(aws_lake: Lake) -> None:
    """A re-ingest keeps the replaced version's objects (a running Athena query reads
    them); a run after the grace period deletes them, and only them."""
    from tests.support.lake_view import after_grace, retired_keys

    ingest(aws_lake, ListSource({"player_season_stats": season_stats(20)}), [STATS], [2025])
    first = set(object_listing(aws_lake))
    ingest(
        aws_lake,
        ListSource({"player_season_stats": season_stats(10, points=9.0)}),
        [STATS],
        [2025],
    )
    retired = retired_keys(aws_lake)
    assert retired and retired <= first and retired <= set(object_listing(aws_lake))
    assert sorted(after_grace(aws_lake)) == sorted(retired)
    assert not retired & set(object_listing(aws_lake))
    assert visible_curated(aws_lake, STATS).num_rows == 10
    assert len(visible_raw(aws_lake, "nba_player_season_stats_data")) == 10
