"""DuckDB macros the translations call; the engine creates them once per connection.

Macros never raise errors (DuckDB's error() is volatile, which TRY refuses), so each
translation raises its own errors inline where TRY can turn them into NULL.
"""

from __future__ import annotations

MACROS: tuple[str, ...] = ()
