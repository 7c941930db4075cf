"""SHOW and DESCRIBE answered from the catalog, in the shapes Athena returns them.

On Athena these are Hive DDL statements answered from Glue, not queries; DuckDB's own
SHOW/DESCRIBE would describe its views (DuckDB types, no partition information) instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.catalog.model import CatalogTable, Partition
from ingest.query.result import QueryError
from ingest.query.show_ddl import create_table_lines
from ingest.query.show_patterns import matcher

_IDENT = r'(?:`[^`]+`|"[^"]+"|[A-Za-z_][\w\-]*)'
_NAME = rf"(?P<name>{_IDENT}(?:\.{_IDENT}){{0,2}})"
_PATTERN = r"(?:\s+(?:LIKE\s+)?'(?P<pattern>(?:[^']|'')*)')?"
_STATEMENTS: dict[str, re.Pattern[str]] = {
    "tables": re.compile(rf"^SHOW\s+TABLES(?:\s+(?:IN|FROM)\s+(?P<db>{_IDENT}))?{_PATTERN}$", re.I),
    "databases": re.compile(rf"^SHOW\s+(?:DATABASES|SCHEMAS){_PATTERN}$", re.I),
    "columns": re.compile(
        rf"^SHOW\s+COLUMNS\s+(?:IN|FROM)\s+{_NAME}(?:\s+(?:IN|FROM)\s+(?P<db>{_IDENT}))?$", re.I
    ),
    "partitions": re.compile(rf"^SHOW\s+PARTITIONS\s+{_NAME}$", re.I),
    "create": re.compile(rf"^SHOW\s+CREATE\s+TABLE\s+{_NAME}$", re.I),
    "describe": re.compile(rf"^(?:DESCRIBE|DESC)\s+(?:(?:EXTENDED|FORMATTED)\s+)?{_NAME}$", re.I),
}
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)


@dataclass(frozen=True)
class ShowResult:
    """Column names (all varchar, as on Athena) and rows of text."""

    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


class CatalogView:
    """The catalog reads a SHOW statement needs, bound to the lake's database."""

    def __init__(
        self,
        database: str,
        databases: Callable[[], list[str]],
        tables: Callable[[str], list[CatalogTable]],
        partitions: Callable[[str, str], list[Partition]],
    ) -> None:
        self.database = database
        self.databases = databases
        self.tables = tables
        self.partitions = partitions


def _unquote(name: str) -> str:
    if name[:1] in ('"', "`") and name[-1:] == name[:1]:
        name = name[1:-1]
    return name.lower()  # Glue names are lower case; Athena folds quoted names too


def _split_name(name: str, default_db: str) -> tuple[str, str]:
    parts = [_unquote(p) for p in re.findall(_IDENT, name)]
    if len(parts) == 3 and parts[0].lower() != "awsdatacatalog":
        raise QueryError(f"CATALOG_NOT_FOUND: catalog '{parts[0]}' does not exist")
    if len(parts) >= 2:
        return parts[-2], parts[-1]
    return default_db, parts[0]


def _table(catalog: CatalogView, name: str) -> CatalogTable:
    database, table = _split_name(name, catalog.database)
    if database not in catalog.databases():
        raise QueryError(
            f"SCHEMA_NOT_FOUND: Database '{database}' does not exist", "SHOW DATABASES lists them"
        )
    for found in catalog.tables(database):
        if found.name == table:
            return found
    raise QueryError(
        f"TABLE_NOT_FOUND: Table '{database}.{table}' does not exist",
        f"SHOW TABLES IN {database} lists them",
    )


def _describe(table: CatalogTable) -> ShowResult:
    """Hive's layout: every column, then the partition keys again under a header."""
    rows: list[tuple[str, ...]] = [
        (c.name, c.type, "") for c in (*table.columns, *table.partition_keys)
    ]
    if table.partition_keys:
        rows += [
            ("", "", ""),
            ("# Partition Information", "", ""),
            ("# col_name", "data_type", "comment"),
            ("", "", ""),
        ]
        rows += [(k.name, k.type, "") for k in table.partition_keys]
    return ShowResult(("col_name", "data_type", "comment"), rows)


def is_show_statement(sql: str) -> bool:
    head = _COMMENTS.sub(" ", sql).strip().split(None, 1)
    return bool(head) and head[0].upper() in ("SHOW", "DESCRIBE", "DESC")


def answer(sql: str, catalog: CatalogView) -> ShowResult:
    """The Athena-shaped answer to a SHOW / DESCRIBE statement."""
    text = _COMMENTS.sub(" ", sql).strip().rstrip(";").strip()
    text = " ".join(text.split())
    for kind, regex in _STATEMENTS.items():
        match = regex.match(text)
        if match is None:
            continue
        groups = match.groupdict()
        if kind == "databases":
            wanted = matcher(groups.get("pattern"))
            return ShowResult(
                ("database_name",), [(d,) for d in sorted(catalog.databases()) if wanted(d)]
            )
        if kind == "tables":
            database = _unquote(groups["db"]) if groups.get("db") else catalog.database
            if database not in catalog.databases():
                raise QueryError(
                    f"SCHEMA_NOT_FOUND: Database '{database}' does not exist",
                    "SHOW DATABASES lists them",
                )
            wanted = matcher(groups.get("pattern"))
            names = sorted(t.name for t in catalog.tables(database))
            return ShowResult(("tab_name",), [(n,) for n in names if wanted(n)])
        name = groups["name"] if not groups.get("db") else f"{groups['db']}.{groups['name']}"
        table = _table(catalog, name)
        if kind == "columns":
            return ShowResult(
                ("field",), [(c.name,) for c in (*table.columns, *table.partition_keys)]
            )
        if kind == "create":
            return ShowResult(("createtab_stmt",), [(line,) for line in create_table_lines(table)])
        if kind == "partitions":
            if not table.partition_keys:
                raise QueryError(
                    f"Table {table.name} is not partitioned",
                    "SHOW PARTITIONS needs a partitioned table",
                )
            keys = [k.name for k in table.partition_keys]
            rows = sorted(
                "/".join(f"{k}={v}" for k, v in zip(keys, p.values, strict=True))
                for p in catalog.partitions(table.database, table.name)
            )
            return ShowResult(("partition",), [(r,) for r in rows])
        return _describe(table)
    statement = " ".join(text.split()[:3])
    raise QueryError(
        f"NOT_SUPPORTED: '{statement}' is not supported on the local engine",
        "supported: SHOW TABLES/DATABASES/SCHEMAS/COLUMNS/PARTITIONS/CREATE TABLE, DESCRIBE",
    )
