"""SHOW CREATE TABLE: the Athena (Hive) DDL of a catalog table, one line per row, as Athena
answers it in its `createtab_stmt` column."""

from __future__ import annotations

from ingest.catalog.model import CatalogTable
from ingest.catalog.table_input import STORAGE_FORMATS


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "\\'") + "'"


def create_table_lines(table: CatalogTable) -> list[str]:
    """`CREATE EXTERNAL TABLE ...` for `table` as declared: columns, partitioning, SerDe,
    formats, location and properties."""
    formats = STORAGE_FORMATS.get(
        table.layer, STORAGE_FORMATS["raw" if table.classification == "json" else "curated"]
    )
    columns = [f"  `{c.name}` {c.type}" for c in table.columns]
    lines = [f"CREATE EXTERNAL TABLE `{table.name}`("]
    lines += [f"{line}, " for line in columns[:-1]] + [f"{columns[-1]})"] if columns else [")"]
    if table.description:
        lines.append(f"COMMENT {_quoted(table.description)}")
    if table.partition_keys:
        keys = [f"  `{k.name}` {k.type}" for k in table.partition_keys]
        lines.append("PARTITIONED BY ( ")
        lines += [f"{key}, " for key in keys[:-1]] + [f"{keys[-1]})"]
    lines += ["ROW FORMAT SERDE ", f"  {_quoted(formats['SerializationLibrary'])} "]
    serde = dict(table.serde_parameters)
    if serde:
        pairs = [f"  {_quoted(k)}={_quoted(v)}" for k, v in sorted(serde.items())]
        lines.append("WITH SERDEPROPERTIES ( ")
        lines += [f"{pair}, " for pair in pairs[:-1]] + [f"{pairs[-1]}) "]
    lines += [
        "STORED AS INPUTFORMAT ",
        f"  {_quoted(formats['InputFormat'])} ",
        "OUTPUTFORMAT ",
        f"  {_quoted(formats['OutputFormat'])}",
        "LOCATION",
        f"  {_quoted(table.location.rstrip('/'))}",
        "TBLPROPERTIES (",
    ]
    properties = {
        "classification": table.classification or formats["classification"],
        "dataset": table.dataset,
        "layer": table.layer,
    }
    pairs = [f"  {_quoted(k)}={_quoted(v)}" for k, v in sorted(properties.items()) if v]
    lines += [f"{pair}, " for pair in pairs[:-1]] + [f"{pairs[-1]})"]
    return lines
