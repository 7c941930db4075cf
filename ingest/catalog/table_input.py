"""Glue `TableInput` documents: built from the declarations, read back for either target.

Both catalogs store exactly this shape, so one reader (`CatalogTable.from_table_input`)
serves Glue's `GetTable` answers and the local catalog's files alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.datasets import Column, Layer, TableSpec

#: Storage formats per layer. terraform/modules/catalog declares the same; a parity
#: test compares what Terraform creates in Glue with what this module writes locally.
STORAGE_FORMATS: dict[str, dict[str, Any]] = {
    "raw": {
        "classification": "json",
        "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe",
        "SerdeParameters": {"ignore.malformed.json": "FALSE", "case.insensitive": "TRUE"},
    },
    "curated": {
        "classification": "parquet",
        "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        "SerdeParameters": {},
    },
}


def table_location(bucket: str, prefix: str, table: str) -> str:
    """`s3://bucket/prefix/table/`: where a table's data lives, on both targets."""
    return f"s3://{bucket}/{prefix}/{table}/"


def build_table_input(
    name: str,
    layer: Layer,
    dataset: str,
    columns: tuple[Column, ...],
    partition_keys: tuple[Column, ...],
    location: str,
    description: str = "",
    serde_parameters: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A Glue TableInput for a raw (NDJSON) or curated (Parquet) table."""
    formats = STORAGE_FORMATS[layer]
    return {
        "Name": name,
        "Description": description,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {
            "EXTERNAL": "TRUE",
            "classification": formats["classification"],
            "dataset": dataset,
            "layer": layer,
        },
        "PartitionKeys": [{"Name": c.name, "Type": c.type} for c in partition_keys],
        "StorageDescriptor": {
            "Columns": [{"Name": c.name, "Type": c.type} for c in columns],
            "Location": location,
            "InputFormat": formats["InputFormat"],
            "OutputFormat": formats["OutputFormat"],
            "SerdeInfo": {
                "SerializationLibrary": formats["SerializationLibrary"],
                "Parameters": {**formats["SerdeParameters"], **(serde_parameters or {})},
            },
        },
    }


def table_input_from_spec(spec: TableSpec, location: str, description: str) -> dict[str, Any]:
    """The TableInput for a declared table."""
    return build_table_input(
        spec.name,
        spec.layer,
        spec.dataset,
        spec.columns,
        spec.partition_keys,
        location,
        description,
    )


@dataclass(frozen=True)
class CatalogTable:
    """What the rest of the code needs to know about a table, from either catalog."""

    database: str
    name: str
    columns: tuple[Column, ...]
    partition_keys: tuple[Column, ...]
    location: str
    layer: str
    dataset: str
    classification: str
    description: str = ""
    serde_parameters: tuple[tuple[str, str], ...] = ()

    def json_key_of(self, column: str) -> str:
        """The JSON key a raw column reads: OpenX SerDe's `mapping.<column>`, else the name."""
        return dict(self.serde_parameters).get(f"mapping.{column}", column)

    @classmethod
    def from_table_input(cls, database: str, table: dict[str, Any]) -> CatalogTable:
        descriptor = table.get("StorageDescriptor", {})
        params = table.get("Parameters", {})
        return cls(
            database=database,
            name=table["Name"],
            columns=tuple(Column(c["Name"], c["Type"]) for c in descriptor.get("Columns", [])),
            partition_keys=tuple(
                Column(c["Name"], c["Type"]) for c in table.get("PartitionKeys", [])
            ),
            location=descriptor.get("Location", ""),
            layer=params.get("layer", ""),
            dataset=params.get("dataset", ""),
            classification=params.get("classification", ""),
            description=table.get("Description", ""),
            serde_parameters=tuple(
                sorted(descriptor.get("SerdeInfo", {}).get("Parameters", {}).items())
            ),
        )


@dataclass(frozen=True)
class Partition:
    """One registered partition: its values (in partition-key order) and location."""

    values: tuple[str, ...]
    location: str
