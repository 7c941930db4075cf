"""URL functions (trino.io/docs/current/functions/url.html)."""

from __future__ import annotations

from ingest.query.trino.registry import REGISTRY

REGISTRY.begin("url", strict=True)  # NULL in, NULL out

for _part in ("protocol", "host", "path", "query", "fragment"):
    REGISTRY.scalar(
        f"url_extract_{_part}(varchar) -> varchar", f"athena_url_part({{0}}, '{_part}')"
    )
REGISTRY.scalar("url_extract_port(varchar) -> bigint", "athena_url_port({0})")
REGISTRY.scalar(
    "url_extract_parameter(varchar, varchar) -> varchar", "athena_url_parameter({0}, {1})"
)
REGISTRY.scalar("url_encode(varchar) -> varchar", "athena_url_encode({0})")
REGISTRY.scalar("url_decode(varchar) -> varchar", "athena_url_decode({0})")
