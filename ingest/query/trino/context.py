"""What the analyzer carries while it walks a statement: typed expressions, name scopes,
and the per-statement context (the SQL text for positions, the catalog, TRY mode).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino.types import TrinoType

_MISSING = object()
Listing = list[tuple[str, str, list[tuple[str, TrinoType, bool]]]]


@dataclass(frozen=True)
class Typed:
    """A compiled expression: DuckDB SQL and the Trino type of its value.

    `constant` is the Python value when the expression is a literal (so translations can
    read patterns, units and zones at compile time), else `Typed.MISSING`.
    """

    sql: exp.Expr
    type: TrinoType
    constant: object = _MISSING
    #: varchar length known for a literal, to type `typeof('cat')` as varchar(3)
    MISSING = _MISSING

    @property
    def is_constant(self) -> bool:
        return self.constant is not _MISSING


@dataclass
class Field:
    """A column visible in a scope: its Trino name, type, the relation alias that qualifies it
    and the name DuckDB knows it by."""

    name: str | None
    type: TrinoType
    relation: str | None
    sql_name: str
    #: a join column USING hides on one side: not found unqualified, not in `*`
    hidden: bool = False

    def reference(self) -> exp.Expr:
        return duck.column(self.sql_name, self.relation)


@dataclass
class Relation:
    """One FROM item: an alias and its columns (`names` are the user's, for qualification)."""

    alias: str
    fields: list[Field]
    #: other names the relation answers to (a table's name when it has an alias it does not)
    qualifiers: tuple[str, ...] = ()

    def answers_to(self, qualifier: str) -> bool:
        return qualifier == self.alias or qualifier in self.qualifiers


@dataclass
class Scope:
    """Relations of one query level, lambda variables, and the enclosing scope."""

    relations: list[Relation] = field(default_factory=list)
    outer: Scope | None = None
    lambdas: dict[str, Typed] = field(default_factory=dict)
    #: output columns by alias (ORDER BY may name them)
    outputs: dict[str, Typed] = field(default_factory=dict)

    def child(self) -> Scope:
        return Scope(outer=self)

    def with_lambdas(self, variables: dict[str, Typed]) -> Scope:
        inner = Scope(relations=self.relations, outer=self.outer, outputs=self.outputs)
        inner.lambdas = {**self.lambdas, **variables}
        return inner

    def visible_names(self) -> Iterator[str]:
        scope: Scope | None = self
        while scope is not None:
            yield from scope.lambdas
            for relation in scope.relations:
                yield from (f.name for f in relation.fields if f.name)
            scope = scope.outer


@dataclass
class CteDefinition:
    """A WITH query: its output fields (names and types) and the DuckDB name it has."""

    name: str
    fields: list[tuple[str | None, TrinoType]]
    sql_names: list[str]


class Context:
    """Per-statement state shared by the compiler's modules."""

    def __init__(
        self,
        sql: str,
        tables: Callable[[str, str], list[tuple[str, TrinoType]] | None],
        database: str,
        table_names: Callable[[], list[str]],
        catalog_listing: Callable[[], Listing] | None = None,
    ) -> None:
        self.sql = sql
        self.database = database
        self._tables = tables
        self._table_names = table_names
        self._listing = catalog_listing
        self.in_try = False
        self.ctes: list[dict[str, CteDefinition]] = [{}]
        self.tables_read: set[str] = set()
        self._ids = itertools.count()

    # -- names ---------------------------------------------------------------------------

    def fresh(self, prefix: str = "_r") -> str:
        """A DuckDB identifier no user name can clash with."""
        return f"{prefix}{next(self._ids)}"

    def table_columns(self, database: str, name: str) -> list[tuple[str, TrinoType]] | None:
        return self._tables(database, name)

    def table_names(self) -> list[str]:
        return self._table_names()

    def catalog_listing(self) -> Listing:
        """Every table of every database: (database, table, [(column, type, is partition)])."""
        return self._listing() if self._listing is not None else []

    def find_cte(self, name: str) -> CteDefinition | None:
        for level in reversed(self.ctes):
            if name in level:
                return level[name]
        return None

    @contextmanager
    def cte_level(self) -> Iterator[dict[str, CteDefinition]]:
        self.ctes.append({})
        try:
            yield self.ctes[-1]
        finally:
            self.ctes.pop()

    # -- TRY -----------------------------------------------------------------------------

    @contextmanager
    def trying(self) -> Iterator[None]:
        before, self.in_try = self.in_try, True
        try:
            yield
        finally:
            self.in_try = before

    def fail(self, category: str, message: exp.Expr | str) -> exp.Expr:
        """An expression that fails the statement, or NULL inside TRY (Trino's TRY catches
        exactly these runtime errors)."""
        if self.in_try:
            return duck.null()
        return duck.raise_error(category, message)

    # -- positions -----------------------------------------------------------------------

    def operator_position(self, node: exp.Expr) -> tuple[int, int] | None:
        """Where a binary operator's symbol stands (Trino reports that position)."""
        left = node.args.get("this")
        ends = [
            int(child.meta["end"])
            for child in (left.walk() if isinstance(left, exp.Expr) else [])
            if isinstance(child, exp.Expr) and "end" in child.meta
        ]
        if not ends:
            return err.node_position(node)
        offset = max(ends) + 1
        while offset < len(self.sql) and self.sql[offset] in " \t\r\n)":
            offset += 1
        return _line_col(self.sql, offset)

    def error(
        self, category: str, message: str, node: exp.Expr | None = None, hint: str = ""
    ) -> Exception:
        return err.error(category, message, node, hint)

    def error_at(
        self, category: str, message: str, where: tuple[int, int] | None, hint: str = ""
    ) -> Exception:
        from ingest.query.result import QueryError

        return QueryError(f"{category}: {err.located(message, where)}", hint)


def _line_col(sql: str, offset: int) -> tuple[int, int]:
    before = sql[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col
