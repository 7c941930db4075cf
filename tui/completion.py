"""What to offer while typing SQL: tables, columns (with types) and keywords.

UI-free, so it is tested without an app. The words come from the catalog; where the
cursor is decides which kind: at a statement's start, keywords that begin one; after
FROM or JOIN, tables; after `alias.`, that table's columns; elsewhere the columns of the
statement's tables first, then functions, keywords and tables.
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
#: Keywords a statement can begin with, offered first at a statement's start.
STARTERS = _words("""
    SELECT, WITH, SHOW TABLES, SHOW PARTITIONS, SHOW COLUMNS FROM, SHOW CREATE TABLE,
    DESCRIBE, EXPLAIN, VALUES
""")
#: What may follow a table name (an alias is typed freely: these open from 2 letters).
AFTER_TABLE = _words("""
    WHERE, JOIN, LEFT JOIN, RIGHT JOIN, FULL JOIN, CROSS JOIN, INNER JOIN, ON, USING, AS,
    GROUP BY, ORDER BY, HAVING, LIMIT, UNION, UNION ALL, EXCEPT, INTERSECT, TABLESAMPLE
""")
#: After these words comes a table name.
_TABLE_BEFORE = frozenset({"FROM", "JOIN", "TABLE", "INTO", "DESCRIBE", "PARTITIONS", "IN"})
#: Words that open a clause; the last one before the cursor says where it is.
_CLAUSES = frozenset(
    {"SELECT", "FROM", "JOIN", "WHERE", "GROUP", "ORDER", "HAVING", "ON", "USING", "LIMIT"}
    | {"WITH", "AS", "BY", "SET", "VALUES", "PARTITION", "OVER", "UNION", "CASE", "WHEN"}
)
_TOKEN = re.compile(
    r"'(?:[^']|'')*'?|\"[^\"]*\"?|--[^\n]*|/\*.*?(?:\*/|$)|[A-Za-z_][A-Za-z0-9_]*|\S",
    re.DOTALL,
)
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
    """The text being completed: `prefix`, `qualifier` when it follows `name.`, and
    `place`: `start` (of a statement), `table` (after FROM/JOIN), `after_table` (where
    an alias or the next clause goes) or `expression`."""

    prefix: str
    qualifier: str | None = None
    place: str = "expression"


def _words_before(text: str) -> list[str]:
    """The statement's words and symbols before the cursor (strings and comments dropped)."""
    return [t for t in _TOKEN.findall(text) if not t.startswith(("'", '"', "--", "/*"))]


def _place(tokens: list[str]) -> str:
    if not tokens:
        return "start"
    words = [t.upper() for t in tokens]
    last = words[-1]
    clause = next((w for w in reversed(words) if w in _CLAUSES), "")
    if last in _TABLE_BEFORE or (last == "," and clause in ("FROM", "JOIN")):
        return "table"
    if len(words) >= 2 and tokens[-1][0].isalpha() and last not in _CLAUSES:
        before = words[-2]
        if before in _TABLE_BEFORE or (before == "," and clause in ("FROM", "JOIN")):
            return "after_table"
    return "expression"


def context_at(text_before_cursor: str) -> Context:
    """The word (and its `qualifier.`) that ends at the cursor, and where it stands;
    `text_before_cursor` is the statement's text up to the cursor."""
    qualified = _QUALIFIED.search(text_before_cursor)
    if qualified:
        return Context(qualified.group(2), qualified.group(1))
    match = _WORD.search(text_before_cursor)
    prefix = match.group(1) or "" if match else ""
    tokens = _words_before(text_before_cursor[: len(text_before_cursor) - len(prefix)])
    return Context(prefix, None, _place(tokens))


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

    def _tables(self) -> list[Completion]:
        return [Completion(t.name, "table", t.layer) for t in self.tables.values()]

    def _mentioned_columns(self, mentioned: set[str]) -> list[Completion]:
        return [
            c for n in sorted(mentioned) if n in self.tables for c in self._columns(self.tables[n])
        ]

    def _keywords(self, words: tuple[str, ...], typed: str) -> list[Completion]:
        return [Completion(_case_like(k, typed), "keyword") for k in words]

    def suggest(self, context: Context, sql: str = "", *, asked: bool = False) -> list[Completion]:
        """Offers for `context`, best first: prefix matches, then matches inside the word.

        With nothing typed, only an explicit request (`asked`) offers anything.
        """
        prefix = context.prefix.lower()
        if context.qualifier is not None:
            target = aliases(sql).get(context.qualifier.lower(), context.qualifier)
            table = self.tables.get(target.lower())
            pool = self._columns(table) if table is not None else []
            return _rank(pool, prefix, allow_empty=True)
        if not prefix and not asked:
            return []
        mentioned = {name.lower() for name in aliases(sql).values()}
        if context.place == "start":
            pool = self._keywords(STARTERS, context.prefix)
        elif context.place == "table":
            pool = self._tables()
        elif context.place == "after_table":
            if len(prefix) < 2 and not asked:  # most likely an alias being typed
                return []
            pool = self._keywords(AFTER_TABLE, context.prefix)
        else:
            pool = [
                *self._mentioned_columns(mentioned),
                *([] if not prefix else self._other_columns(mentioned)),
                *(Completion(f, "function") for f in FUNCTIONS if prefix),
                *(self._keywords(KEYWORDS, context.prefix) if prefix else []),
                *self._tables(),
            ]
        return _rank(pool, prefix, allow_empty=not prefix)

    def _other_columns(self, mentioned: set[str]) -> list[Completion]:
        return [
            c for name, t in self.tables.items() if name not in mentioned for c in self._columns(t)
        ]


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
