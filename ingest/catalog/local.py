"""A Glue-shaped catalog in JSON files under LAKE_HOME/catalog, for the `local` target.

Layout: `<db>/database.json`, `<db>/tables/<table>.json` (a Glue TableInput) and
`<db>/partitions/<table>.json` (Glue PartitionInputs). Every write is atomic, so a
reader (the query engine) sees a table's partitions before or after a switch.

The files can be damaged by hand or by a disk: a document that is not JSON, not UTF-8,
or not shaped like Glue's is one `LakeError` naming the file. Listing tables never
fails on one: a damaged table is listed as `unreadable`, so every other table still
works. Names become file names only after the Glue/Athena naming rules accept them,
so no name reaches outside the catalog folder.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.atomic import atomic_write_bytes, atomic_write_json
from ingest.catalog.model import CatalogTable, Partition
from ingest.errors import LakeError
from ingest.names import table_problem

#: The longest name the local catalog can store: a table is a file `<name>.json`, written
#: through a temporary `.<name>.json.<8 random>.tmp`, within the usual 255-byte file name.
MAX_LOCAL_NAME = 255 - len("..json..tmp") - 8
_REPAIR = (
    "delete it, then run `make apply` (an NBA table) or ingest the file again (a file's table)"
)


def _damaged(path: Path, why: str) -> LakeError:
    return LakeError(f"catalog file {path} is damaged ({why})", _REPAIR)


def _read_json(path: Path) -> Any:
    """A document, or None when there is none; a damaged one is a LakeError naming the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise LakeError(f"cannot read catalog file {path} ({err.strerror})", _REPAIR) from None
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are both
        raise _damaged(path, "not JSON text") from None


def _checked_name(name: str, what: str = "table") -> str:
    problem = table_problem(name) if isinstance(name, str) else "a string"
    if problem is None and len(name) > MAX_LOCAL_NAME:
        problem = f"at most {MAX_LOCAL_NAME} characters in the local catalog"
    if problem is not None:
        raise LakeError(
            f"'{str(name)[:60]}' is not a valid {what} name (it must be {problem})",
            "check the names in outputs.json and terraform/ (re-run `make apply`)",
        )
    return name


def _columns_ok(columns: Any) -> bool:
    return isinstance(columns, list) and all(
        isinstance(c, dict) and isinstance(c.get("Name"), str) and isinstance(c.get("Type"), str)
        for c in columns
    )


def _table_shape_problem(document: Any, name: str) -> str | None:
    """Why a stored TableInput cannot be used, or None."""
    if not isinstance(document, dict):
        return "not a JSON object"
    if document.get("Name") != name:
        return f"its Name is {str(document.get('Name'))[:60]!r}, not '{name}'"
    descriptor = document.get("StorageDescriptor", {})
    if not isinstance(descriptor, dict):
        return "its StorageDescriptor is not an object"
    if not _columns_ok(descriptor.get("Columns", [])):
        return "its Columns are not a list of {Name, Type}"
    if not _columns_ok(document.get("PartitionKeys", [])):
        return "its PartitionKeys are not a list of {Name, Type}"
    if not isinstance(descriptor.get("Location", ""), str):
        return "its Location is not a string"
    serde = descriptor.get("SerdeInfo", {})
    if not isinstance(serde, dict) or not isinstance(serde.get("Parameters", {}), dict):
        return "its SerdeInfo is not an object of parameters"
    parameters = document.get("Parameters", {})
    if not isinstance(parameters, dict) or not all(isinstance(v, str) for v in parameters.values()):
        return "its Parameters are not an object of strings"
    return None


def _partition_entry_ok(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    values, descriptor = entry.get("Values"), entry.get("StorageDescriptor")
    return (
        isinstance(values, list)
        and all(isinstance(v, str) for v in values)
        and isinstance(descriptor, dict)
        and isinstance(descriptor.get("Location"), str)
    )


class LocalCatalog:
    """The local catalog; same methods and semantics as `GlueCatalog`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _db(self, database: str) -> Path:
        return self.root / _checked_name(database, "database")

    def _table_path(self, database: str, name: str) -> Path:
        return self._db(database) / "tables" / f"{_checked_name(name)}.json"

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
        try:
            if _read_json(path) == wanted:
                return False
        except LakeError:
            pass  # damaged: written anew below
        atomic_write_json(path, wanted)
        self._changed(name)
        return True

    def delete_database(self, name: str) -> bool:
        if not self._db(name).is_dir():
            return False
        shutil.rmtree(self._db(name))
        return True

    def _table_input(self, path: Path) -> dict[str, Any]:
        """The TableInput stored at `path`; a damaged one is a LakeError naming the file."""
        document = _read_json(path)
        problem = _table_shape_problem(document, path.stem)
        if problem is not None:
            raise _damaged(path, problem)
        stored: dict[str, Any] = document
        return stored

    def _table_files(self, database: str) -> list[Path]:
        return sorted((self._db(database) / "tables").glob("*.json"))

    def table_inputs(self, database: str) -> list[dict[str, Any]]:
        """The stored TableInputs, as Glue's GetTables would list them (damaged ones left out:
        `tables` lists them as unreadable)."""
        inputs = []
        for path in self._table_files(database):
            try:
                inputs.append(self._table_input(path))
            except LakeError:
                continue
        return inputs

    def tables(self, database: str) -> list[CatalogTable]:
        """Every table; one whose document is damaged comes back `unreadable`, with the
        reason, so the others keep working."""
        found = []
        for path in self._table_files(database):
            try:
                found.append(CatalogTable.from_table_input(database, self._table_input(path)))
            except LakeError as err:
                found.append(CatalogTable.unreadable(database, path.stem, str(err)))
        return found

    def get_table(self, database: str, name: str) -> CatalogTable | None:
        path = self._table_path(database, name)
        if not path.exists():
            return None
        return CatalogTable.from_table_input(database, self._table_input(path))

    def put_table(self, database: str, table_input: dict[str, Any]) -> str:
        path = self._table_path(database, table_input["Name"])
        try:
            existing = _read_json(path)
        except LakeError:
            existing = "damaged"  # replaced by a good definition: that repairs it
        if existing == table_input:
            return "unchanged"
        atomic_write_json(path, table_input)
        self._changed(database)
        return "created" if existing is None else "updated"

    def delete_table(self, database: str, name: str) -> bool:
        found = False
        for path in (
            self._table_path(database, name),
            self._partitions_path(database, name),
        ):
            if path.exists():
                path.unlink()
                found = True
        if found:
            self._changed(database)
        return found

    def _partitions_path(self, database: str, table: str) -> Path:
        return self._db(database) / "partitions" / f"{_checked_name(table)}.json"

    def _partition_inputs(self, database: str, table: str) -> list[dict[str, Any]]:
        path = self._partitions_path(database, table)
        entries = _read_json(path)
        if entries is None:
            return []
        if not isinstance(entries, list):
            raise _damaged(path, "not a list of partitions")
        for number, entry in enumerate(entries, start=1):
            if not _partition_entry_ok(entry):
                raise _damaged(path, f"partition {number} has no Values or StorageDescriptor")
        return entries

    def partitions(self, database: str, table: str) -> list[Partition]:
        return [
            Partition(tuple(p["Values"]), p["StorageDescriptor"]["Location"])
            for p in self._partition_inputs(database, table)
        ]

    def put_partition(self, database: str, table: str, partition: Partition) -> str | None:
        return self.put_partitions(database, table, [partition])[partition.values]

    def put_partitions(
        self, database: str, table: str, partitions: Sequence[Partition]
    ) -> dict[tuple[str, ...], str | None]:
        """Read the table's partitions once, change them all, write them in one atomic step."""
        entries = {tuple(e["Values"]): e for e in self._partition_inputs(database, table)}
        replaced: dict[tuple[str, ...], str | None] = {}
        changed = False
        for partition in partitions:
            entry = entries.get(partition.values)
            current = str(entry["StorageDescriptor"]["Location"]) if entry else None
            replaced.setdefault(partition.values, current)
            if current != partition.location:
                entries[partition.values] = {
                    "Values": list(partition.values),
                    "StorageDescriptor": {"Location": partition.location},
                }
                changed = True
        if changed:
            kept = sorted(entries.values(), key=lambda entry: entry["Values"])
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
