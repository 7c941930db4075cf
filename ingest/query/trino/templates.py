"""DuckDB expression templates: SQL text with `{0}`, `{1}` holes, parsed once, filled with trees.

Translations read best as the DuckDB SQL they produce (`list_filter({0}, lambda x: x IS NOT
NULL)`); parsing that text on every query would cost more than the query plan, so each
template is parsed once and its holes are swapped for the argument trees.
`FAIL('CATEGORY', message)` in a template becomes the statement's way to fail (DuckDB's
error(), or NULL inside TRY).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import sqlglot
from sqlglot import exp

_HOLE = re.compile(r"\{(\d+)\}")
_PREFIX = "__hole_"

Fail = Callable[[str, exp.Expr | str], exp.Expr]


@lru_cache(maxsize=2048)
def _parsed(sql: str) -> exp.Expr:
    text = _HOLE.sub(lambda m: f"{_PREFIX}{m.group(1)}", sql)
    return sqlglot.parse_one(text, read="duckdb")


def _default_fail(category: str, message: exp.Expr | str) -> exp.Expr:
    from ingest.query.trino.duck import raise_error

    return raise_error(category, message)


def fill(sql: str, args: list[exp.Expr], fail: Fail | None = None) -> exp.Expr:
    """The template's tree with hole N replaced by (a copy of) `args[N]`."""
    tree = _parsed(sql).copy()
    failing = fail or _default_fail

    def swap(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name.startswith(_PREFIX):
            index = int(node.name[len(_PREFIX) :])
            return exp.Paren(this=args[index].copy())
        return node

    def raise_(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Anonymous) and str(node.this).upper() == "FAIL":
            category, message = node.expressions
            if isinstance(message, exp.Literal) and message.is_string:
                return failing(str(category.this), str(message.this))
            return failing(str(category.this), message)
        return node

    tree = tree.transform(swap, copy=False)
    return tree.transform(raise_, copy=False)
