"""The Glue Data Catalog through boto3, for the `aws` target."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from botocore.exceptions import ClientError

from ingest.catalog.model import CatalogTable, Partition
from ingest.errors import LakeError

T = TypeVar("T")
#: BatchCreatePartition and BatchUpdatePartition take at most 100 entries a call.
_BATCH_WRITE = 100
#: BatchGetPartition takes at most 1,000 keys a call.
_BATCH_GET = 1000
#: How often to ask again for keys BatchGetPartition left unprocessed (throttling).
_UNPROCESSED_ATTEMPTS = 5


def _is(err: ClientError, code: str) -> bool:
    return bool(err.response.get("Error", {}).get("Code") == code)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _partition_input(
    descriptor: dict[str, Any], values: tuple[str, ...], location: str
) -> dict[str, Any]:
    """A partition inherits the table's formats and columns, with its own location."""
    own = copy.deepcopy(descriptor)
    own["Location"] = location
    return {"Values": list(values), "StorageDescriptor": own}


def _entry_failure(values: tuple[str, ...], error: dict[str, Any]) -> str:
    detail = error.get("ErrorDetail", {})
    code = detail.get("ErrorCode", "Error")
    message = detail.get("ErrorMessage", "")
    return f"{'/'.join(values)}: {code}" + (f": {message}" if message else "")


class GlueCatalog:
    """Glue, with the same methods and semantics as `LocalCatalog`."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def version(self, database: str) -> object | None:
        """Glue offers no cheap change token; engines refresh on demand."""
        return None

    def databases(self) -> list[str]:
        pages = self.client.get_paginator("get_databases").paginate()
        return sorted(db["Name"] for page in pages for db in page["DatabaseList"])

    def ensure_database(self, name: str, description: str = "") -> bool:
        try:
            self.client.get_database(Name=name)
            return False
        except ClientError as err:
            if not _is(err, "EntityNotFoundException"):
                raise
        self.client.create_database(DatabaseInput={"Name": name, "Description": description})
        return True

    def delete_database(self, name: str) -> bool:
        try:
            self.client.delete_database(Name=name)
            return True
        except ClientError as err:
            if _is(err, "EntityNotFoundException"):
                return False
            raise

    def table_inputs(self, database: str) -> list[dict[str, Any]]:
        pages = self.client.get_paginator("get_tables").paginate(DatabaseName=database)
        return [table for page in pages for table in page["TableList"]]

    def tables(self, database: str) -> list[CatalogTable]:
        tables = [CatalogTable.from_table_input(database, t) for t in self.table_inputs(database)]
        return sorted(tables, key=lambda table: table.name)

    def get_table(self, database: str, name: str) -> CatalogTable | None:
        try:
            table = self.client.get_table(DatabaseName=database, Name=name)["Table"]
        except ClientError as err:
            if _is(err, "EntityNotFoundException"):
                return None
            raise
        return CatalogTable.from_table_input(database, table)

    def put_table(self, database: str, table_input: dict[str, Any]) -> str:
        try:
            self.client.create_table(DatabaseName=database, TableInput=table_input)
            return "created"
        except ClientError as err:
            if not _is(err, "AlreadyExistsException"):
                raise
        self.client.update_table(DatabaseName=database, TableInput=table_input)
        return "updated"

    def delete_table(self, database: str, name: str) -> bool:
        try:
            self.client.delete_table(DatabaseName=database, Name=name)
            return True
        except ClientError as err:
            if _is(err, "EntityNotFoundException"):
                return False
            raise

    def partitions(self, database: str, table: str) -> list[Partition]:
        pages = self.client.get_paginator("get_partitions").paginate(
            DatabaseName=database, TableName=table
        )
        found = [
            Partition(tuple(p["Values"]), _location(p, database, table))
            for page in pages
            for p in page["Partitions"]
        ]
        return sorted(found, key=lambda partition: partition.values)

    def put_partition(self, database: str, table: str, partition: Partition) -> str | None:
        return self.put_partitions(database, table, [partition])[partition.values]

    def put_partitions(
        self, database: str, table: str, partitions: Sequence[Partition]
    ) -> dict[tuple[str, ...], str | None]:
        """Register or repoint many partitions in few calls: BatchGetPartition (1,000 a
        call) to see where each points now, then, only if something is to be written, one
        GetTable for the formats every partition inherits, BatchCreatePartition for the new
        and BatchUpdatePartition for the moved (100 a call). Unchanged partitions cost
        nothing more. Each entry can fail on its own: every failure is collected and
        reported in one LakeError after the rest were written."""
        wanted = {p.values: p.location for p in partitions}
        current = self._current_locations(database, table, list(wanted))
        new = [values for values in wanted if values not in current]
        moved = [v for v in wanted if v in current and current[v] != wanted[v]]
        if not (new or moved):
            return {values: current.get(values) for values in wanted}
        descriptor = self._descriptor(database, table)
        failures: list[str] = []
        raced: list[tuple[str, ...]] = []
        for chunk in _chunks(new, _BATCH_WRITE):
            answer = self.client.batch_create_partition(
                DatabaseName=database,
                TableName=table,
                PartitionInputList=[_partition_input(descriptor, v, wanted[v]) for v in chunk],
            )
            for error in answer.get("Errors", []):
                values = tuple(error.get("PartitionValues", ()))
                if error.get("ErrorDetail", {}).get("ErrorCode") == "AlreadyExistsException":
                    raced.append(values)  # created since we looked: repoint it below
                else:
                    failures.append(_entry_failure(values, error))
        if raced:
            current.update(self._current_locations(database, table, raced))
            moved += [values for values in raced if current.get(values) != wanted[values]]
        for chunk in _chunks(moved, _BATCH_WRITE):
            answer = self.client.batch_update_partition(
                DatabaseName=database,
                TableName=table,
                Entries=[
                    {
                        "PartitionValueList": list(values),
                        "PartitionInput": _partition_input(descriptor, values, wanted[values]),
                    }
                    for values in chunk
                ],
            )
            for error in answer.get("Errors", []):
                failures.append(_entry_failure(tuple(error.get("PartitionValueList", ())), error))
        if failures:
            raise LakeError(
                f"Glue refused {len(failures)} of {len(wanted)} partitions of "
                f"{database}.{table} (first: {failures[0]})",
                "the others were registered; fix the cause and run ingest again",
            )
        return {values: current.get(values) for values in wanted}

    def _descriptor(self, database: str, table: str) -> dict[str, Any]:
        """The table's StorageDescriptor: formats, SerDe and columns a partition inherits."""
        found: dict[str, Any] = self.client.get_table(DatabaseName=database, Name=table)["Table"]
        if not isinstance(found.get("StorageDescriptor"), dict):
            raise LakeError(
                f"Glue table {database}.{table} has no StorageDescriptor",
                "it was changed outside nba-lake: run `make apply` to declare it again",
            )
        return dict(found["StorageDescriptor"])

    def _current_locations(
        self, database: str, table: str, wanted: list[tuple[str, ...]]
    ) -> dict[tuple[str, ...], str]:
        """Where each of these partitions points now (absent ones are left out)."""
        found: dict[tuple[str, ...], str] = {}
        for chunk in _chunks(wanted, _BATCH_GET):
            keys = [{"Values": list(values)} for values in chunk]
            for _ in range(_UNPROCESSED_ATTEMPTS):
                answer = self.client.batch_get_partition(
                    DatabaseName=database, TableName=table, PartitionsToGet=keys
                )
                for partition in answer.get("Partitions", []):
                    # one registered without a location is repaired by the update
                    location = partition.get("StorageDescriptor", {}).get("Location", "")
                    found[tuple(partition["Values"])] = location
                keys = answer.get("UnprocessedKeys", [])
                if not keys:
                    break
            if keys:
                raise LakeError(
                    f"Glue left {len(keys)} partitions of {database}.{table} unread "
                    "after repeated BatchGetPartition calls",
                    "Glue is throttling this account; run ingest again later",
                )
        return found

    def delete_partition(self, database: str, table: str, values: tuple[str, ...]) -> bool:
        try:
            self.client.delete_partition(
                DatabaseName=database, TableName=table, PartitionValues=list(values)
            )
            return True
        except ClientError as err:
            if _is(err, "EntityNotFoundException"):
                return False
            raise


def _location(partition: dict[str, Any], database: str, table: str) -> str:
    """A partition's location; one registered without any (outside nba-lake) is named."""
    location = partition.get("StorageDescriptor", {}).get("Location")
    if not isinstance(location, str) or not location:
        values = "/".join(partition.get("Values", []))
        raise LakeError(
            f"Glue partition {values} of {database}.{table} has no StorageDescriptor location",
            "it was registered outside nba-lake: delete it (aws glue delete-partition) "
            "and run ingest again, which registers it whole",
        )
    return location
