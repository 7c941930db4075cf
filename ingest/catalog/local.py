"""A Glue-shaped catalog in JSON files under LAKE_HOME/catalog, for the `local` target.

Layout: `<db>/database.json`, `<db>/tables/<table>.json` (a Glue TableInput) and
`<db>/partitions/<table>.json` (Glue PartitionInputs). Every write is atomic, so a
reader (the query engine) sees a table's partitions before or after a switch.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import Any

from ingest.atomic import atomic_write_bytes, atomic_write_json
from ingest.catalog.model import CatalogTable, Partition


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


class LocalCatalog:
    """The local catalog; same methods and semantics as `GlueCatalog`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _db(self, database: str) -> Path:
        return self.root / database

    def _changed(self, database: str) -> None:
        """Renew the generation marker: a new file (new inode) on every change."""
        atomic_write_bytes(self._db(database) / ".generation", uuid.uuid4().hex.encode())

    def version(self, database: str) -> object | None:
        """One stat call tells a reader (the query engine) whether to rebuild its views."""
        try:
            found = (self._db(database) / ".generation").stat()
        except FileNotFoundError:
            return ("none",)
        return (found.st_ino, found.st_mtime_ns, found.st_size)

    def databases(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.parent.name for p in self.root.glob("*/database.json"))

    def ensure_database(self, name: str, description: str = "") -> bool:
        path = self._db(name) / "database.json"
        wanted = {"Name": name, "Description": description}
        if _read_json(path) == wanted:
            return False
        atomic_write_json(path, wanted)
        self._changed(name)
        return True

    def delete_database(self, name: str) -> bool:
        if not self._db(name).is_dir():
            return False
        shutil.rmtree(self._db(name))
        return True

    def table_inputs(self, database: str) -> list[dict[str, Any]]:
        """The stored TableInputs, as Glue's GetTables would list them."""
        folder = self._db(database) / "tables"
        return [_read_json(path) for path in sorted(folder.glob("*.json"))]

    def tables(self, database: str) -> list[CatalogTable]:
        return [CatalogTable.from_table_input(database, t) for t in self.table_inputs(database)]

    def get_table(self, database: str, name: str) -> CatalogTable | None:
        stored = _read_json(self._db(database) / "tables" / f"{name}.json")
        return CatalogTable.from_table_input(database, stored) if stored else None

    def put_table(self, database: str, table_input: dict[str, Any]) -> str:
        path = self._db(database) / "tables" / f"{table_input['Name']}.json"
        existing = _read_json(path)
        if existing == table_input:
            return "unchanged"
        atomic_write_json(path, table_input)
        self._changed(database)
        return "created" if existing is None else "updated"

    def delete_table(self, database: str, name: str) -> bool:
        found = False
        for path in (
            self._db(database) / "tables" / f"{name}.json",
            self._db(database) / "partitions" / f"{name}.json",
        ):
            if path.exists():
                path.unlink()
                found = True
        if found:
            self._changed(database)
        return found

    def _partitions_path(self, database: str, table: str) -> Path:
        return self._db(database) / "partitions" / f"{table}.json"

    def _partition_inputs(self, database: str, table: str) -> list[dict[str, Any]]:
        return _read_json(self._partitions_path(database, table)) or []

    def partitions(self, database: str, table: str) -> list[Partition]:
        return [
            Partition(tuple(p["Values"]), p["StorageDescriptor"]["Location"])
            for p in self._partition_inputs(database, table)
        ]

    def put_partition(self, database: str, table: str, partition: Partition) -> str | None:
        entries = self._partition_inputs(database, table)
        replaced: str | None = None
        kept = []
        for entry in entries:
            if tuple(entry["Values"]) == partition.values:
                replaced = str(entry["StorageDescriptor"]["Location"])
            else:
                kept.append(entry)
        if replaced == partition.location:
            return replaced
        kept.append(
            {
                "Values": list(partition.values),
                "StorageDescriptor": {"Location": partition.location},
            }
        )
        kept.sort(key=lambda entry: entry["Values"])
        atomic_write_json(self._partitions_path(database, table), kept)
        self._changed(database)
        return replaced

    def delete_partition(self, database: str, table: str, values: tuple[str, ...]) -> bool:
        entries = self._partition_inputs(database, table)
        kept = [entry for entry in entries if tuple(entry["Values"]) != values]
        if len(kept) == len(entries):
            return False
        atomic_write_json(self._partitions_path(database, table), kept)
        self._changed(database)
        return True
