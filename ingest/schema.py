"""Columns and layers: the vocabulary the declarations, the catalog and the pipeline share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Layer = Literal["raw", "curated"]
LAYERS: tuple[Layer, ...] = ("raw", "curated")
#: Hive types a declared column may have (what Glue stores).
HIVE_TYPES = frozenset({"int", "bigint", "double", "boolean", "string", "date", "timestamp"})


@dataclass(frozen=True)
class Column:
    """A column as Glue stores it: a name and a Hive type."""

    name: str
    type: str
