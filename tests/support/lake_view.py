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


def _visible_folders(lake: Lake, table: str) -> list[tuple[tuple[str, ...], str]]:
    """(partition values, key prefix) of what a table reads: its registered partitions, or
    its own location when it has no partition keys."""
    found = lake.catalog.get_table(lake.outputs.database, table)
    if found is not None and not found.partition_keys:
        return [((), split_s3_uri(found.location)[1])]
    return [
        (partition.values, split_s3_uri(partition.location)[1])
        for partition in lake.catalog.partitions(lake.outputs.database, table)
    ]


def _visible_keys(lake: Lake, table: str, suffix: str) -> list[str]:
    keys = []
    for _, prefix in _visible_folders(lake, table):
        keys += [
            o.key
            for o in lake.storage.list(prefix)
            if o.key.endswith(suffix) and "/" not in o.key[len(prefix) :]
        ]
    return sorted(keys)


def visible_curated(lake: Lake, table: str) -> pa.Table:
    """The curated rows queries see, with the partition values as columns (`season` an
    int, others text)."""
    found = lake.catalog.get_table(lake.outputs.database, table)
    keys = [] if found is None else [key.name for key in found.partition_keys]
    parts = []
    for values, prefix in _visible_folders(lake, table):
        for obj in lake.storage.list(prefix):
            if obj.key.endswith(".parquet") and "/" not in obj.key[len(prefix) :]:
                part = pq.read_table(io.BytesIO(lake.storage.get_bytes(obj.key)))
                for key, value in zip(keys, values, strict=True):
                    column = (
                        pa.array([int(value)] * part.num_rows, pa.int32())
                        if key == "season"
                        else pa.array([value] * part.num_rows, pa.string())
                    )
                    part = part.append_column(key, column)
                parts.append(part)
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


def retired_keys(lake: Lake) -> set[str]:
    """The keys replaced versions left, waiting for their grace period (see `retire`)."""
    prefix = f"{lake.outputs.manifests_prefix}/_replaced/"
    keys: set[str] = set()
    for item in lake.storage.list(prefix):
        keys |= set(json.loads(lake.storage.get_bytes(item.key))["keys"])
    return keys


def after_grace(lake: Lake) -> list[str]:
    """What a run's sweep deletes once the grace period is over (as if it had passed)."""
    from ingest.pipeline.retire import Retirements

    return Retirements(lake, grace_seconds=0).sweep().deleted


def data_listing(lake: Lake) -> dict[str, int]:
    """`object_listing` without the retirement notices (bookkeeping of the grace period)."""
    return {k: v for k, v in object_listing(lake).items() if "/_replaced/" not in k}
