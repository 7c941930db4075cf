"""What a statement will read, from its text alone: the lake tables, the columns of each, and
the partition filters that provably apply.

Everything here errs towards reading more, because the cost estimate built on it must be
an upper bound: a column named anywhere in the statement counts for every table that has
it, `*` counts every column, and a filter prunes partitions only when it is an AND-ed
condition of the WHERE clause of the query that reads the table, on that table's partition
keys and literals, in a query without outer joins.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlglot import exp

from ingest.catalog.model import CatalogTable

PartitionFilter = Callable[[dict[str, str]], bool]
_UNDECIDED = object()
_COMPARE: dict[type[exp.Expr], Callable[[Any, Any], Any]] = {
    exp.EQ: operator.eq,
    exp.NEQ: operator.ne,
    exp.GT: operator.gt,
    exp.GTE: operator.ge,
    exp.LT: operator.lt,
    exp.LTE: operator.le,
}


@dataclass
class Occurrence:
    """One place the statement reads a table: its partition filter (None: all partitions)
    and how many times it runs (a WITH query read twice scans its tables twice)."""

    filter: PartitionFilter | None
    times: int = 1

    def keeps(self, values: dict[str, str]) -> bool:
        return self.filter is None or self.filter(values)


@dataclass
class TableRead:
    """One lake table: the columns read (None: all), and each place it is read."""

    table: CatalogTable
    columns: set[str] | None = field(default_factory=set)
    occurrences: list[Occurrence] = field(default_factory=list)


def _cte_names(tree: exp.Expr) -> set[str]:
    return {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}


def _relations(select: exp.Select) -> list[exp.Expr]:
    found = []
    source = select.args.get("from_")
    if source is not None:
        found.append(source.this)
    found += [join.this for join in select.args.get("joins") or []]
    return found


def _has_outer_join(select: exp.Select) -> bool:
    return any(
        str(j.args.get("side") or "").upper() in ("LEFT", "RIGHT", "FULL")
        for j in select.args.get("joins") or []
    )


def _conjuncts(node: exp.Expr | None) -> list[exp.Expr]:
    if node is None:
        return []
    if isinstance(node, exp.And):
        return _conjuncts(node.this) + _conjuncts(node.expression)
    if isinstance(node, exp.Paren):
        return _conjuncts(node.this)
    return [node]


def _literal(node: exp.Expr) -> Any:
    if isinstance(node, exp.Paren):
        return _literal(node.this)
    if isinstance(node, exp.Literal):
        if node.is_string:
            return node.this
        text = node.this
        return float(text) if any(c in text for c in ".eE") else int(text)
    if isinstance(node, exp.Neg):
        value = _literal(node.this)
        return -value if isinstance(value, int | float) else _UNDECIDED
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Literal):
        return _literal(node.this)
    return _UNDECIDED


def _typed(value: str, hive_type: str) -> Any:
    kind = hive_type.lower()
    try:
        if kind in ("int", "integer", "bigint", "smallint", "tinyint"):
            return int(value)
        if kind in ("double", "float") or kind.startswith("decimal"):
            return float(value)
        if kind == "date":
            return date.fromisoformat(value).isoformat()
    except ValueError:
        return _UNDECIDED
    return value


def _evaluate(node: exp.Expr, row: dict[str, Any]) -> Any:
    """True/False for a condition on partition values, or _UNDECIDED."""
    if isinstance(node, exp.Paren):
        return _evaluate(node.this, row)
    if isinstance(node, exp.Column):
        return row.get(node.name.lower(), _UNDECIDED)
    if isinstance(node, exp.And | exp.Or):
        left, right = _evaluate(node.this, row), _evaluate(node.expression, row)
        if isinstance(node, exp.And):
            if left is False or right is False:
                return False
            return True if left is True and right is True else _UNDECIDED
        if left is True or right is True:
            return True
        return False if left is False and right is False else _UNDECIDED
    if isinstance(node, exp.Not):
        inner = _evaluate(node.this, row)
        return (not inner) if isinstance(inner, bool) else _UNDECIDED
    if type(node) in _COMPARE:
        left, right = _evaluate(node.this, row), _evaluate(node.expression, row)
        if left is _UNDECIDED or right is _UNDECIDED or type(left) is not type(right):
            return _UNDECIDED
        return _COMPARE[type(node)](left, right)
    if isinstance(node, exp.In) and not node.args.get("query"):
        value = _evaluate(node.this, row)
        items = [_evaluate(item, row) for item in node.expressions]
        if value is _UNDECIDED or any(i is _UNDECIDED or type(i) is not type(value) for i in items):
            return _UNDECIDED
        return value in items
    if isinstance(node, exp.Between):
        value, low, high = (_evaluate(node.args[k], row) for k in ("this", "low", "high"))
        if _UNDECIDED in (value, low, high) or len({type(value), type(low), type(high)}) != 1:
            return _UNDECIDED
        return bool(low <= value <= high)
    found = _literal(node)
    return found


def _filter_for(
    select: exp.Select, table: CatalogTable, alias: str, alone: bool
) -> PartitionFilter | None:
    keys = {k.name.lower(): k.type for k in table.partition_keys}
    usable = []
    for conjunct in _conjuncts((select.args.get("where") or exp.Where()).this):
        columns = list(conjunct.find_all(exp.Column))
        if not columns or any(c.name.lower() not in keys for c in columns):
            continue
        if any(
            (c.table.lower() if c.table else None)
            not in ((alias, table.name) if not alone else (alias, table.name, None))
            for c in columns
        ):
            continue
        if any(
            isinstance(n, exp.Subquery | exp.Anonymous | exp.Func) and not isinstance(n, exp.Cast)
            for n in conjunct.walk()
        ):
            continue
        usable.append(conjunct)
    if not usable:
        return None
    names = list(keys)

    def keep(values: dict[str, str]) -> bool:
        row = {name: _typed(values.get(name, ""), keys[name]) for name in names}
        return all(_evaluate(c, row) is not False for c in usable)

    return keep


def _times(node: exp.Expr, ctes: dict[str, exp.CTE], tree: exp.Expr, depth: int = 0) -> int:
    """How many times `node` is evaluated: once, times the references to each WITH query
    that contains it."""
    if depth > 20:
        return 1
    parent = node.parent
    while parent is not None and not isinstance(parent, exp.CTE):
        parent = parent.parent
    if parent is None:
        return 1
    name = parent.alias_or_name.lower()
    references = [t for t in tree.find_all(exp.Table) if t.name.lower() == name and not t.db]
    return max(1, sum(_times(r, ctes, tree, depth + 1) for r in references))


def plan_reads(
    tree: exp.Expr, database: str, tables: dict[str, CatalogTable]
) -> dict[str, TableRead]:
    """The lake tables `tree` reads, with columns and partition filters (see module doc)."""
    ctes = _cte_names(tree)
    cte_nodes = {c.alias_or_name.lower(): c for c in tree.find_all(exp.CTE)}
    names = {node.name.lower() for node in tree.find_all(exp.Column, exp.Identifier)}
    reads: dict[str, TableRead] = {}
    for select in tree.find_all(exp.Select):
        relations = _relations(select)
        star = any(
            isinstance(e, exp.Star) or (isinstance(e, exp.Column) and isinstance(e.this, exp.Star))
            for e in select.expressions
        )
        for relation in relations:
            if not isinstance(relation, exp.Table) or not isinstance(relation.this, exp.Identifier):
                continue
            name = relation.name.lower()
            db = (relation.db or database).lower()
            if db != database or name not in tables or (not relation.db and name in ctes):
                continue
            table = tables[name]
            read = reads.setdefault(name, TableRead(table))
            alias = (relation.alias or name).lower()
            if star:
                read.columns = None
            prune = not _has_outer_join(select)
            found = _filter_for(select, table, alias, len(relations) == 1) if prune else None
            read.occurrences.append(Occurrence(found, _times(relation, cte_nodes, tree)))
    for read in reads.values():
        if read.columns is not None:
            read.columns = {c.name.lower() for c in read.table.columns} & names
    return reads
