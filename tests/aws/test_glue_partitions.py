"""Partition registration in Glue at backfill scale: batched calls, counted on the emulator.

A daily-partitioned backfill registers thousands of partitions. `GlueCatalog.put_partitions`
reads where they point now with BatchGetPartition (1,000 a call), reads the table once, and
writes with BatchCreatePartition / BatchUpdatePartition (100 a call). The calls are counted
with a botocore event hook on the project's own client, against moto over HTTP.

Before batching, the same 1,000-partition backfill took 3,000 calls (GetPartition, GetTable
and CreatePartition per partition) and about 40 s on the emulator.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ingest.catalog.glue import GlueCatalog
from ingest.catalog.model import Partition
from ingest.errors import LakeError
from ingest.targets.aws import client as aws_client
from ingest.targets.aws_errors import translated
from tests.support.emulator import MotoServer

pytestmark = pytest.mark.aws

DATABASE, TABLE = "glue_nba_data_lake", "player_game_stats"
BACKFILL = 1000


class Calls(Counter[str]):
    """Glue operations one client made, and how many entries each batch carried."""

    def __init__(self, glue: Any) -> None:
        super().__init__()
        self.batch_sizes: list[int] = []
        glue.meta.events.register("before-parameter-build.glue", self._count)

    def _count(self, model: Any, params: dict[str, Any], **_: Any) -> None:
        self[model.name] += 1
        entries = params.get("PartitionInputList") or params.get("Entries")
        if entries is not None:
            self.batch_sizes.append(len(entries))


@pytest.fixture
def glue(aws_env: MotoServer) -> Any:
    """The project's Glue client (adaptive retries, timeouts), a database and a table."""
    glue = aws_client("glue", aws_env.region)
    glue.create_database(DatabaseInput={"Name": DATABASE})
    glue.create_table(
        DatabaseName=DATABASE,
        TableInput={
            "Name": TABLE,
            "StorageDescriptor": {
                "Columns": [{"Name": "points", "Type": "int"}],
                "Location": "s3://lake/curated/player_game_stats/",
                "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "SerdeInfo": {
                    "SerializationLibrary": (
                        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
                    )
                },
            },
            "PartitionKeys": [{"Name": "game_date", "Type": "string"}],
        },
    )
    return glue


def days(count: int, version: str = "v1") -> list[Partition]:
    return [
        Partition((f"d{i:04d}",), f"s3://lake/curated/player_game_stats/d{i:04d}/{version}/")
        for i in range(count)
    ]


def registered(glue: Any) -> dict[tuple[str, ...], dict[str, Any]]:
    pages = glue.get_paginator("get_partitions").paginate(DatabaseName=DATABASE, TableName=TABLE)
    return {tuple(p["Values"]): p for page in pages for p in page["Partitions"]}


def test_a_1000_partition_backfill_takes_twelve_calls(glue: Any) -> None:
    catalog, calls = GlueCatalog(glue), Calls(glue)
    replaced = catalog.put_partitions(DATABASE, TABLE, days(BACKFILL))

    assert calls == {"BatchGetPartition": 1, "GetTable": 1, "BatchCreatePartition": 10}
    assert calls.batch_sizes == [100] * 10
    assert replaced == {p.values: None for p in days(BACKFILL)}
    found = registered(glue)
    assert len(found) == BACKFILL
    descriptor = found[("d0999",)]["StorageDescriptor"]
    assert descriptor["Location"] == "s3://lake/curated/player_game_stats/d0999/v1/"
    assert descriptor["SerdeInfo"]["SerializationLibrary"].endswith("ParquetHiveSerDe")


def test_repointing_1000_partitions_batches_updates_and_reports_what_it_replaced(
    glue: Any,
) -> None:
    catalog = GlueCatalog(glue)
    catalog.put_partitions(DATABASE, TABLE, days(BACKFILL))
    calls = Calls(glue)
    replaced = catalog.put_partitions(DATABASE, TABLE, days(BACKFILL, "v2"))

    assert calls == {"BatchGetPartition": 1, "GetTable": 1, "BatchUpdatePartition": 10}
    assert replaced == {p.values: p.location for p in days(BACKFILL)}
    assert {p["StorageDescriptor"]["Location"] for p in registered(glue).values()} == {
        p.location for p in days(BACKFILL, "v2")
    }


def test_an_unchanged_rerun_only_reads(glue: Any) -> None:
    catalog = GlueCatalog(glue)
    catalog.put_partitions(DATABASE, TABLE, days(250))
    calls = Calls(glue)
    catalog.put_partitions(DATABASE, TABLE, days(250))
    assert calls == {"BatchGetPartition": 1}


def test_keys_glue_leaves_unprocessed_are_asked_for_again(glue: Any) -> None:
    """Under throttling BatchGetPartition answers part of the keys and lists the rest in
    UnprocessedKeys (moto always answers all; the hook splits its real answer)."""
    catalog = GlueCatalog(glue)
    catalog.put_partitions(DATABASE, TABLE, days(300))
    answers = 0

    def throttle_first_answer(parsed: dict[str, Any], **_: Any) -> None:
        nonlocal answers
        answers += 1
        if answers == 1:
            held_back, parsed["Partitions"] = parsed["Partitions"][200:], parsed["Partitions"][:200]
            parsed["UnprocessedKeys"] = [{"Values": p["Values"]} for p in held_back]

    glue.meta.events.register("after-call.glue.BatchGetPartition", throttle_first_answer)
    calls = Calls(glue)
    replaced = catalog.put_partitions(DATABASE, TABLE, days(300, "v2"))
    assert calls["BatchGetPartition"] == 2
    assert replaced == {p.values: p.location for p in days(300)}  # none taken for new


def test_a_partition_created_meanwhile_is_repointed(glue: Any, aws_env: MotoServer) -> None:
    """Between our read and our create, another writer registers one of the partitions:
    BatchCreatePartition refuses that entry alone (AlreadyExistsException) and it is
    repointed with BatchUpdatePartition."""
    other = aws_env.client("glue")
    wanted = days(150)

    def another_writer_first(**_: Any) -> None:
        if not registered(glue):
            other.create_partition(
                DatabaseName=DATABASE,
                TableName=TABLE,
                PartitionInput={
                    "Values": ["d0120"],
                    "StorageDescriptor": {"Location": "s3://lake/elsewhere/"},
                },
            )

    glue.meta.events.register("before-call.glue.BatchCreatePartition", another_writer_first)
    replaced = GlueCatalog(glue).put_partitions(DATABASE, TABLE, wanted)
    assert replaced[("d0120",)] == "s3://lake/elsewhere/"
    found = registered(glue)
    assert {v: p["StorageDescriptor"]["Location"] for v, p in found.items()} == {
        p.values: p.location for p in wanted
    }


def test_entries_glue_refuses_are_reported_in_one_line_after_the_rest_are_written(
    glue: Any, aws_env: MotoServer
) -> None:
    """A partition dropped between our read and our update fails its entry only."""
    catalog = translated(GlueCatalog(glue))
    catalog.put_partitions(DATABASE, TABLE, days(120))
    other = aws_env.client("glue")

    def another_writer_drops_one(params: dict[str, Any], **_: Any) -> None:
        if ["d0007"] in [entry["PartitionValueList"] for entry in params["Entries"]]:
            other.delete_partition(
                DatabaseName=DATABASE, TableName=TABLE, PartitionValues=["d0007"]
            )

    glue.meta.events.register(
        "before-parameter-build.glue.BatchUpdatePartition", another_writer_drops_one
    )
    with pytest.raises(LakeError) as raised:
        catalog.put_partitions(DATABASE, TABLE, days(120, "v2"))
    message = str(raised.value)
    assert "\n" not in message
    assert "Glue refused 1 of 120 partitions of glue_nba_data_lake.player_game_stats" in message
    assert "d0007: EntityNotFoundException" in message
    locations = {v: p["StorageDescriptor"]["Location"] for v, p in registered(glue).items()}
    assert len(locations) == 119
    assert all(location.endswith("/v2/") for location in locations.values())


def test_a_partition_registered_without_a_location_is_named_and_repaired(glue: Any) -> None:
    """Glue accepts a partition without a StorageDescriptor (made outside nba-lake): reading
    it is one line naming it, and registering the partition again repairs it."""
    glue.create_partition(
        DatabaseName=DATABASE, TableName=TABLE, PartitionInput={"Values": ["d0000"]}
    )
    catalog = GlueCatalog(glue)
    with pytest.raises(LakeError, match=r"Glue partition d0000 of \S+ has no StorageDescriptor"):
        catalog.partitions(DATABASE, TABLE)
    catalog.put_partitions(DATABASE, TABLE, days(1))
    assert catalog.partitions(DATABASE, TABLE) == days(1)
