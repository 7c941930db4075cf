"""Glue `TableInput` documents: built from the declarations, read back for either target.

Both catalogs store exactly this shape, so one reader (`CatalogTable.from_table_input`, in
`ingest.catalog.model`) serves Glue's `GetTable` answers and the local catalog's files alike.
"""

from __future__ import annotations

from typing import Any

from ingest.datasets import TableSpec
from ingest.schema import Column, Layer

#: Storage formats per layer. terraform/modules/catalog declares the same (SerDe names
#: included, so a table ingest updates, switching its location, matches what Terraform
#: made); a parity test compares what Terraform creates in Glue with what this writes.
STORAGE_FORMATS: dict[str, dict[str, Any]] = {
    "raw": {
        "classification": "json",
        "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "SerdeName": "openx-json",
        "SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe",
        "SerdeParameters": {"ignore.malformed.json": "FALSE", "case.insensitive": "TRUE"},
    },
    "curated": {
        "classification": "parquet",
        "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "SerdeName": "parquet",
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
                "Name": formats["SerdeName"],
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
