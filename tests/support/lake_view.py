"""What queries can see in a lake, read independently of any query engine.

A table's visible data is exactly the files under its registered partitions'
locations; this reads them with pyarrow and plain json, so tests of the pipeline do
not depend on the engine they are meant to feed.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.lake import Lake
from ingest.storage.base import split_s3_uri


def _visible_keys(lake: Lake, table: str, suffix: str) -> list[str]:
    keys = []
    for partition in lake.catalog.partitions(lake.outputs.database, table):
        prefix = split_s3_uri(partition.location)[1]
        keys += [o.key for o in lake.storage.list(prefix) if o.key.endswith(suffix)]
    return sorted(keys)


def visible_curated(lake: Lake, table: str) -> pa.Table:
    """The curated rows queries see, with the partition value as a `season` column."""
    parts = []
    for partition in lake.catalog.partitions(lake.outputs.database, table):
        prefix = split_s3_uri(partition.location)[1]
        for obj in lake.storage.list(prefix):
            if obj.key.endswith(".parquet"):
                part = pq.read_table(io.BytesIO(lake.storage.get_bytes(obj.key)))
                season = pa.array([int(partition.values[0])] * part.num_rows, pa.int32())
                parts.append(part.append_column("season", season))
    return pa.concat_tables(parts) if parts else pa.table({})


def visible_raw(lake: Lake, table: str) -> list[dict[str, Any]]:
    """The raw records queries see: every line of every visible NDJSON file."""
    records = []
    for key in _visible_keys(lake, table, ".ndjson"):
        for line in lake.storage.get_bytes(key).decode().splitlines():
            records.append(json.loads(line))
    return records


def object_listing(lake: Lake) -> dict[str, int]:
    """Every object in the bucket (key -> size), for before/after comparisons."""
    return {o.key: o.size for o in lake.storage.list("") if not o.key.startswith("_locks/")}
