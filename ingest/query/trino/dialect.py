"""The SQL dialect the analyzer reads: Athena's DML (Trino syntax), with every function call
left as a plain call.

sqlglot's Trino parser turns many calls into its own expression classes (`concat` into
Concat, `count` into Count, ...) and rewrites array subscripts to 0-based; the analyzer
wants Trino's calls exactly as written, so this dialect keeps only the parsers that real
SQL syntax needs (CAST, EXTRACT, TRIM(... FROM ...), SUBSTRING(... FROM ... FOR ...),
POSITION(... IN ...), NORMALIZE, listagg WITHIN GROUP, the SQL/JSON functions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from sqlglot.dialects.trino import Trino
from sqlglot.parsers.trino import TrinoParser

_SYNTAX_PARSERS = frozenset(
    {
        "CAST",
        "TRY_CAST",
        "EXTRACT",
        "NORMALIZE",
        "POSITION",
        "SUBSTRING",
        "TRIM",
        "JSON_OBJECT",
        "JSON_QUERY",
        "JSON_VALUE",
        "LISTAGG",
    }
)


class AthenaSql(Trino):
    """Trino syntax; calls stay calls; subscripts stay 1-based as written."""

    INDEX_OFFSET = 0

    class Parser(TrinoParser):
        FUNCTIONS: ClassVar[dict[str, Callable[..., Any]]] = {}
        FUNCTION_PARSERS = {
            name: parser
            for name, parser in TrinoParser.FUNCTION_PARSERS.items()
            if name in _SYNTAX_PARSERS
        }
