"""The Glue Data Catalog through boto3, for the `aws` target."""

from __future__ import annotations

import copy
from typing import Any

from botocore.exceptions import ClientError

from ingest.catalog.model import CatalogTable, Partition


def _is(err: ClientError, code: str) -> bool:
    return bool(err.response.get("Error", {}).get("Code") == code)


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
            Partition(tuple(p["Values"]), p["StorageDescriptor"]["Location"])
            for page in pages
            for p in page["Partitions"]
        ]
        return sorted(found, key=lambda partition: partition.values)

    def _partition_input(self, database: str, table: str, partition: Partition) -> dict[str, Any]:
        """A partition inherits the table's formats and columns, with its own location."""
        descriptor = copy.deepcopy(
            self.client.get_table(DatabaseName=database, Name=table)["Table"]["StorageDescriptor"]
        )
        descriptor["Location"] = partition.location
        return {"Values": list(partition.values), "StorageDescriptor": descriptor}

    def put_partition(self, database: str, table: str, partition: Partition) -> str | None:
        try:
            current = self.client.get_partition(
                DatabaseName=database, TableName=table, PartitionValues=list(partition.values)
            )["Partition"]
        except ClientError as err:
            if not _is(err, "EntityNotFoundException"):
                raise
            current = None
        partition_input = self._partition_input(database, table, partition)
        if current is None:
            self.client.create_partition(
                DatabaseName=database, TableName=table, PartitionInput=partition_input
            )
            return None
        replaced: str = current["StorageDescriptor"]["Location"]
        if replaced != partition.location:
            self.client.update_partition(
                DatabaseName=database,
                TableName=table,
                PartitionValueList=list(partition.values),
                PartitionInput=partition_input,
            )
        return replaced

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
