"""The Trino functions, one module per page of Trino's documentation. Importing this package
fills `registry.REGISTRY`."""

from __future__ import annotations

from ingest.query.trino.functions import (  # noqa: F401
    aggregates,
    arrays,
    binary,
    conditional,
    conversion,
    datetime,
    json,
    maps,
    math,
    regexp,
    strings,
    url,
    windows,
)
