"""`nba-lake tables`: databases, tables and their columns, from the lake's catalog."""

from __future__ import annotations

import json

from rich.console import Console
from rich.tree import Tree

from ingest.catalog.model import CatalogTable
from ingest.settings import Settings
from ingest.targets import open_lake


def _as_dict(table: CatalogTable) -> dict[str, object]:
    return {
        "name": table.name,
        "layer": table.layer,
        "dataset": table.dataset,
        "location": table.location,
        "columns": [{"name": c.name, "type": c.type} for c in table.columns],
        "partition_keys": [{"name": c.name, "type": c.type} for c in table.partition_keys],
    }


def show_tables(settings: Settings, console: Console, *, as_json: bool) -> None:
    lake = open_lake(settings)
    database = lake.outputs.database
    tables = lake.catalog.tables(database)
    if as_json:
        document = {
            "target": lake.target.name,
            "databases": lake.catalog.databases(),
            "database": database,
            "tables": [_as_dict(t) for t in tables],
        }
        console.print_json(json.dumps(document))
        return
    tree = Tree(f"[bold]{database}[/] ({lake.target.name}, bucket {lake.outputs.bucket})")
    for table in tables:
        branch = tree.add(f"[bold cyan]{table.name}[/]  [dim]{table.layer} · {table.location}[/]")
        for column in table.columns:
            branch.add(f"{column.name} [green]{column.type}[/]")
        for key in table.partition_keys:
            branch.add(f"{key.name} [green]{key.type}[/] [yellow](partition)[/]")
    others = [name for name in lake.catalog.databases() if name != database]
    console.print(tree)
    if others:
        console.print(f"Other databases: {', '.join(others)}", highlight=False)
