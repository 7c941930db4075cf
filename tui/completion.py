"""What to offer while typing SQL: tables, columns (with types) and keywords.

UI-free, so it is tested without an app. The words come from the catalog; the word
under the cursor and an optional `qualifier.` before it choose among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.catalog.model import CatalogTable


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


KEYWORDS = _words("""
    SELECT, FROM, WHERE, GROUP BY, ORDER BY, HAVING, LIMIT, OFFSET, JOIN, LEFT JOIN,
    RIGHT JOIN, FULL JOIN, CROSS JOIN, INNER JOIN, ON, USING, AS, AND, OR, NOT, IN, IS, NULL,
    LIKE, BETWEEN, EXISTS, DISTINCT, ALL, UNION, UNION ALL, INTERSECT, EXCEPT, WITH, CASE,
    WHEN, THEN, ELSE, END, ASC, DESC, NULLS FIRST, NULLS LAST, OVER, PARTITION BY, ROWS, CAST,
    TRY_CAST, TRUE, FALSE, SHOW TABLES, SHOW PARTITIONS, DESCRIBE, EXPLAIN, VALUES, INTERVAL
""")
FUNCTIONS = _words("""
    count, sum, avg, min, max, round, coalesce, approx_distinct, approx_percentile, stddev,
    rank, dense_rank, row_number, lag, lead, lower, upper, length, concat, substr, date_trunc,
    date_diff, year, current_date, nullif, greatest, least, abs, floor, ceil, array_agg
""")
MAX_ITEMS = 40
_WORD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)?$")
_QUALIFIED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z0-9_]*)$")
_ALIAS = re.compile(
    r"\b(?:FROM|JOIN)\s+(?:[A-Za-z_][\w]*\.)?([A-Za-z_][\w]*)(?:\s+(?:AS\s+)?([A-Za-z_][\w]*))?",
    re.IGNORECASE,
)
_NOT_ALIASES = frozenset(
    {
        "where",
        "join",
        "left",
        "right",
        "full",
        "inner",
        "cross",
        "on",
        "using",
        "group",
        "order",
        "limit",
        "union",
        "as",
        "natural",
        "having",
        "window",
    }
)


@dataclass(frozen=True)
class Completion:
    """One offer: what is shown, what kind of thing it is, and what gets inserted."""

    label: str
    kind: str  # table | column | keyword | function
    detail: str = ""

    @property
    def insert(self) -> str:
        return f"{self.label}(" if self.kind == "function" else self.label


@dataclass(frozen=True)
class Context:
    """The text being completed: `prefix`, and `qualifier` when it follows `name.`."""

    prefix: str
    qualifier: str | None = None


def context_at(line_before_cursor: str) -> Context:
    """The word (and its `qualifier.`) that ends at the cursor."""
    qualified = _QUALIFIED.search(line_before_cursor)
    if qualified:
        return Context(qualified.group(2), qualified.group(1))
    match = _WORD.search(line_before_cursor)
    return Context(match.group(1) or "" if match else "")


def aliases(sql: str) -> dict[str, str]:
    """alias -> table for `FROM t a` / `JOIN t AS a` in the buffer (and each table itself)."""
    found: dict[str, str] = {}
    for match in _ALIAS.finditer(sql):
        table, alias = match.group(1), match.group(2)
        found.setdefault(table.lower(), table)
        if alias and alias.lower() not in _NOT_ALIASES:
            found[alias.lower()] = table
    return found


class CompletionSource:
    """The catalog's words, refreshed when the catalog is."""

    def __init__(self) -> None:
        self.tables: dict[str, CatalogTable] = {}

    def update(self, tables: list[CatalogTable]) -> None:
        """Curated tables first: their snake_case columns are the ones people query."""
        ordered = sorted(tables, key=lambda t: (t.layer != "curated", t.name))
        self.tables = {table.name.lower(): table for table in ordered}

    def _columns(self, table: CatalogTable) -> list[Completion]:
        return [
            Completion(c.name, "column", f"{c.type} · {table.name}")
            for c in (*table.columns, *table.partition_keys)
        ]

    def suggest(self, context: Context, sql: str = "", *, asked: bool = False) -> list[Completion]:
        """Offers for `context`, best first: prefix matches, then matches inside the word.

        With nothing typed, only an explicit request (`asked`) offers anything: the
        columns of the tables in the buffer, then every table.
        """
        prefix = context.prefix.lower()
        if context.qualifier is not None:
            target = aliases(sql).get(context.qualifier.lower(), context.qualifier)
            table = self.tables.get(target.lower())
            pool = self._columns(table) if table is not None else []
            return _rank(pool, prefix, allow_empty=True)
        mentioned = {name.lower() for name in aliases(sql).values()}
        if not prefix:
            if not asked:
                return []
            columns = [
                c
                for n in sorted(mentioned)
                if n in self.tables
                for c in self._columns(self.tables[n])
            ]
            tables = [Completion(t.name, "table", t.layer) for t in self.tables.values()]
            return _rank(columns + tables, "", allow_empty=True)
        pool = [
            *(
                c
                for name in sorted(mentioned)
                if name in self.tables
                for c in self._columns(self.tables[name])
            ),
            *(Completion(t.name, "table", t.layer) for t in self.tables.values()),
            *(
                c
                for name, t in self.tables.items()
                if name not in mentioned
                for c in self._columns(t)
            ),
            *(Completion(_case_like(k, context.prefix), "keyword") for k in KEYWORDS),
            *(Completion(f, "function") for f in FUNCTIONS),
        ]
        return _rank(pool, prefix, allow_empty=False)


def _case_like(keyword: str, typed: str) -> str:
    """Keywords in the case the user types them in."""
    return keyword.lower() if typed.islower() else keyword


def _rank(pool: list[Completion], prefix: str, *, allow_empty: bool) -> list[Completion]:
    seen: set[tuple[str, str]] = set()
    starts: list[Completion] = []
    inside: list[Completion] = []
    for item in pool:
        key = (item.label.lower(), item.kind)
        if key in seen:
            continue
        label = item.label.lower()
        if label.startswith(prefix) and (allow_empty or label != prefix):
            starts.append(item)
            seen.add(key)
        elif len(prefix) >= 2 and prefix in label and label != prefix:
            inside.append(item)
            seen.add(key)
    return (starts + inside)[:MAX_ITEMS]
