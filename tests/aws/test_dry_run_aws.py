"""The scan estimate on the `aws` target: Glue partitions, S3 object sizes and Parquet footers
read with ranged GETs, the same bound as on the local target for the same files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.lake import Lake
from ingest.query.scan_estimate import estimate_scan
from ingest.settings import Settings
from ingest.sources.sample import SampleSource
from ingest.targets import open_lake
from tests.support.aws_lake import provision_aws_lake
from tests.support.emulator import MotoServer
from tests.support.lakes import ingest

pytestmark = pytest.mark.aws

SQL = "SELECT name, points FROM player_season_stats WHERE season = 2025"


def _estimate(lake: Lake, sql: str) -> int:
    return estimate_scan(sql, lake.catalog, lake.storage, lake.outputs.database).bytes


def test_the_estimate_reads_glue_and_s3(
    aws_env: MotoServer, tmp_path: Path, local_lake: Lake
) -> None:
    settings = Settings.from_env(target="aws", lake_home=tmp_path / "aws-lake")
    clients = {name: aws_env.client(name) for name in ("s3", "glue", "athena")}
    provision_aws_lake(settings, clients, aws_env.region)
    aws_lake = open_lake(settings)
    for lake in (aws_lake, local_lake):
        outcomes = ingest(lake, SampleSource(), ["player_season_stats"], [2024, 2025])
        assert [o.status for o in outcomes] == ["written"] * 2

    found = estimate_scan(SQL, aws_lake.catalog, aws_lake.storage, aws_lake.outputs.database)
    [table] = found.tables
    assert (table.table, table.partitions_kept, table.partitions, table.files) == (
        "player_season_stats",
        1,
        2,
        1,
    )
    whole = _estimate(aws_lake, "SELECT * FROM player_season_stats")
    assert 0 < found.bytes < whole
    # the same files on the local target give the same column-chunk sizes
    assert found.bytes == _estimate(local_lake, SQL)
