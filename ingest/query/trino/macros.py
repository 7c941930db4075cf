"""DuckDB macros the translations call; the engine creates them once per connection.

Macros never raise errors (DuckDB's error() is volatile, which TRY refuses), so each
translation raises its own errors inline where TRY can turn them into NULL.
"""

from __future__ import annotations

MACROS: tuple[str, ...] = (
    # map_agg: sorted entries, the first value per key (Trino keeps one of them), no NULL keys
    "CREATE MACRO athena_first_per_key(s) AS map_from_entries(list_transform(list_filter("
    "list_zip(s, list_prepend(NULL, list_slice(s, 1, len(s) - 1))), lambda p: p[1].key IS NOT NULL "
    "AND "
    "(p[2] IS NULL OR p[2].key IS DISTINCT FROM p[1].key)), lambda p: p[1]))",
)
