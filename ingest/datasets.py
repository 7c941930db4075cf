"""The datasets of the lake (tables, columns, partitions), as declared in Terraform.

`terraform/datasets.auto.tfvars` is the one declaration; Terraform builds the Glue
tables from it and this module gives Python the same facts as typed objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.errors import LakeError
from ingest.schema import HIVE_TYPES, LAYERS, Column, Layer

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIX = "fix terraform/datasets.auto.tfvars"


@dataclass(frozen=True)
class TableSpec:
    """One declared table: its layer, columns and partition keys."""

    dataset: str
    layer: Layer
    name: str
    columns: tuple[Column, ...]
    partition_keys: tuple[Column, ...]


@dataclass(frozen=True)
class DatasetSpec:
    """A dataset: raw records as the API sent them, and the curated typed table."""

    key: str
    description: str
    raw: TableSpec
    curated: TableSpec

    def table(self, layer: Layer) -> TableSpec:
        return self.raw if layer == "raw" else self.curated


def _columns(value: Any, where: str) -> tuple[Column, ...]:
    if not isinstance(value, list):
        raise LakeError(f"{where} must be a list of {{name, type}} objects", _FIX)
    columns = []
    for item in value:
        if not isinstance(item, dict):
            raise LakeError(f"{where} holds {item!r}, not a {{name, type}} object", _FIX)
        name, col_type = str(item.get("name", "")), str(item.get("type", ""))
        if not _NAME.match(name):
            raise LakeError(f"{where}: '{name}' is not a lower snake_case column name", _FIX)
        if col_type not in HIVE_TYPES:
            raise LakeError(
                f"{where}.{name}: unknown type '{col_type}'",
                f"use one of {', '.join(sorted(HIVE_TYPES))}",
            )
        columns.append(Column(name=name, type=col_type))
    names = [column.name for column in columns]
    if len(set(names)) != len(names):
        raise LakeError(f"{where} names a column twice", _FIX)
    return tuple(columns)


def _table(dataset: str, layer: Layer, body: Any) -> TableSpec:
    where = f"datasets.{dataset}.{layer}"
    if not isinstance(body, dict) or "table" not in body:
        raise LakeError(f"{where} must have table, columns and partition_keys", _FIX)
    name = str(body["table"])
    if not _NAME.match(name):
        raise LakeError(f"{where}.table '{name}' is not a lower snake_case name", _FIX)
    columns = _columns(body.get("columns"), f"{where}.columns")
    keys = _columns(body.get("partition_keys", []), f"{where}.partition_keys")
    clash = {c.name for c in columns} & {k.name for k in keys}
    if clash:
        raise LakeError(
            f"{where}: {', '.join(sorted(clash))} is both column and partition key", _FIX
        )
    return TableSpec(dataset, layer, name, columns, keys)


def parse_datasets(value: Any) -> dict[str, DatasetSpec]:
    """Validate the `datasets` variable and turn it into specs, keyed by dataset."""
    if not isinstance(value, dict) or not value:
        raise LakeError("the datasets variable is empty or not a map", _FIX)
    specs: dict[str, DatasetSpec] = {}
    for key, body in value.items():
        if not _NAME.match(key) or not isinstance(body, dict):
            raise LakeError(f"datasets.{key} is not a valid dataset", _FIX)
        specs[key] = DatasetSpec(
            key=key,
            description=str(body.get("description", "")),
            raw=_table(key, "raw", body.get("raw")),
            curated=_table(key, "curated", body.get("curated")),
        )
    names = [spec.table(layer).name for spec in specs.values() for layer in LAYERS]
    if len(set(names)) != len(names):
        raise LakeError("two datasets declare the same table name", _FIX)
    return specs
