"""What the code knows about a catalog's tables and partitions, whichever catalog it came from."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ingest.schema import Column


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
    #: why the table cannot be read (a damaged catalog document), or "" when it can
    problem: str = ""

    def json_key_of(self, column: str) -> str:
        """The JSON key a raw column reads: OpenX SerDe's `mapping.<column>`, else the name."""
        return self._serde.get(f"mapping.{column}", column)

    @cached_property
    def _serde(self) -> dict[str, str]:
        """The SerDe parameters as a dict, built once (a wide table asks once per column)."""
        return dict(self.serde_parameters)

    @classmethod
    def unreadable(cls, database: str, name: str, problem: str) -> CatalogTable:
        """A table the catalog lists but cannot describe: listed, never read."""
        return cls(database, name, (), (), "", "", "", "", problem=problem)

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
