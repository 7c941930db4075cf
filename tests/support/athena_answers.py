"""What moto's Athena answers: column metadata and rows shaped like GetQueryResults', queued
through moto's API (moto runs no SQL), and its state manager for RUNNING/QUEUED queries.

One copy for every test that talks to Athena, so the shapes cannot drift apart.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from tests.support.emulator import MotoServer

#: moto's state-manager model for query executions (QUEUED -> RUNNING -> SUCCEEDED).
EXECUTION_MODEL = "athena::execution"

# Talk to the loopback emulator directly, whatever HTTP(S)_PROXY says.
_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def moto_api(server: MotoServer, path: str, body: dict[str, Any]) -> None:
    """POST to moto's own API (`/moto-api/...`)."""
    request = urllib.request.Request(
        f"{server.endpoint}{path}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with _LOOPBACK.open(request, timeout=10) as response:
        assert response.status in (200, 201), response.status


def column_info(name: str, athena_type: str, precision: int = 0, scale: int = 0) -> dict[str, Any]:
    """One `ResultSetMetadata.ColumnInfo` entry, as Athena returns it."""
    return {
        "CatalogName": "hive",
        "SchemaName": "",
        "TableName": "",
        "Name": name,
        "Label": name,
        "Type": athena_type,
        "Precision": precision,
        "Scale": scale,
        "Nullable": "UNKNOWN",
        "CaseSensitive": athena_type in ("varchar", "char"),
    }


def athena_row(values: list[str | None]) -> dict[str, Any]:
    """One `ResultSet.Rows` entry: every value as text, NULL as an empty datum."""
    return {"Data": [{} if v is None else {"VarCharValue": v} for v in values]}


def queue_result(
    server: MotoServer,
    columns: list[dict[str, Any]],
    rows: list[list[str | None]],
    *,
    header: bool = True,
) -> None:
    """What moto answers for the next query; a SELECT's first row is the header row."""
    all_rows = ([[c["Name"] for c in columns]] if header else []) + rows
    moto_api(
        server,
        "/moto-api/static/athena/query-results",
        {
            "region": server.region,
            "results": [{"rows": [athena_row(r) for r in all_rows], "column_info": columns}],
        },
    )
