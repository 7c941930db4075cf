"""JSON functions (trino.io/docs/current/functions/json.html).

A json value is held as its canonical text. The SQL/JSON functions (json_exists,
json_query, json_value) take Trino's JSON path language (lax/strict modes, filters, item
methods), which the local engine does not implement: they are refused.
"""

from __future__ import annotations

from ingest.query.trino import json_constructors
from ingest.query.trino.registry import REGISTRY

REGISTRY.begin("json", strict=True)  # NULL in, NULL out

REGISTRY.scalar("json_parse(varchar) -> json", "athena_json_parse({0})")
REGISTRY.scalar("json_format(json) -> varchar", "{0}")
for _input in ("json", "varchar"):
    REGISTRY.scalar(f"is_json_scalar({_input}) -> boolean", "athena_is_json_scalar({0})")
    REGISTRY.scalar(f"json_array_length({_input}) -> bigint", "athena_json_array_length({0})")
    REGISTRY.scalar(f"json_array_get({_input}, bigint) -> json", "athena_json_array_get({0}, {1})")
    REGISTRY.scalar(f"json_extract({_input}, varchar) -> json", "athena_json_extract({0}, {1})")
    REGISTRY.scalar(
        f"json_extract_scalar({_input}, varchar) -> varchar", "athena_json_extract_scalar({0}, {1})"
    )
    REGISTRY.scalar(f"json_size({_input}, varchar) -> bigint", "athena_json_size({0}, {1})")
    for _kind in ("boolean", "bigint", "double", "varchar"):
        REGISTRY.scalar(
            f"json_array_contains({_input}, {_kind}) -> boolean",
            f"athena_json_array_contains({{0}}, '{_kind}', CAST({{1}} AS VARCHAR))",
        )

SQL_JSON = (
    "Trino's SQL/JSON path language (lax/strict, filters, item methods) is not implemented locally"
)
for _name in ("json_exists", "json_query", "json_value"):
    REGISTRY.refuse(_name, SQL_JSON)


REGISTRY.special("json_array", json_constructors.json_array)
