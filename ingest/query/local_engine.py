"""The local query engine: Athena SQL on DuckDB, over views of the lake's catalog.

One statement at a time, on the engine's own thread and its one DuckDB connection
(`start()` hands back a `RunningQuery` to wait on or cancel): SHOW/DESCRIBE are answered from the
catalog; anything else is checked by the sandbox, translated by sqlglot and run on views
that read only registered partitions. Every result is also written as CSV under the
workgroup's results location, as Athena does (`ResultsWriter`, in the background).

Bytes scanned come from DuckDB's profiler (`query.total_bytes_scanned`): the compressed
size of the Parquet column chunks it read, after partition and row-group pruning, and the
size of the JSON files it read. That is Athena's "data scanned" in spirit: columnar formats
are charged for the columns read, row formats for whole files.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from ingest.catalog.base import Catalog
from ingest.errors import LakeError
from ingest.outputs import LakeOutputs
from ingest.query import explain, sandbox, show_statements
from ingest.query.athena_types import arrow_for
from ingest.query.duckdb_interrupt import Interrupter
from ingest.query.engine import QueryEngine
from ingest.query.local_views import (
    PartitionPaths,
    ViewDefinition,
    catalog_fingerprint,
    empty_view,
    view_definition,
)
from ingest.query.result import ColumnInfo, QueryCancelled, QueryError, QueryResult, QueryStats
from ingest.query.results_writer import ResultsWriter
from ingest.query.running import RunningQuery, StatementThread
from ingest.query.sql_text import quote_identifier, quote_literal
from ingest.query.translate import parse_statement
from ingest.query.trino import udf as udfs
from ingest.query.trino.compiler import CompiledStatement, compile_statement
from ingest.query.trino.macros import MACROS
from ingest.query.trino.runtime_errors import category_and_message
from ingest.query.trino.types import TrinoType, TypeSyntaxError, parse_type

#: Profiler metrics kept: fewer metrics, less profiling overhead.
_METRICS = "['query.total_bytes_scanned', 'io.total_bytes_read']"
_TRANSLATION_CACHE = 256
#: How long close() waits for a cancelled statement to leave DuckDB.
_CLOSE_WAIT_SECONDS = 10.0


def _duckdb_message(err: Exception) -> str:
    """DuckDB's error without its SQL excerpt lines (they show the translated SQL)."""
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return first


def _trino_type(hive_type: str) -> TrinoType:
    """A catalog (Hive) type as Trino reads it; anything unknown reads as varchar."""
    try:
        return parse_type(hive_type)
    except TypeSyntaxError:
        return parse_type("varchar")


def _trino_columns(view: ViewDefinition) -> list[tuple[str, TrinoType]]:
    """A table's columns (data, then partition keys) with their Trino types."""
    return [
        (c.name, _trino_type(c.type)) for c in (*view.table.columns, *view.table.partition_keys)
    ]


def _conformed(table: pa.Table, compiled: CompiledStatement) -> pa.Table:
    """The result's Arrow columns in the types their Trino types call for, named as Athena
    names them (names may repeat: SELECT a, a)."""
    arrays = []
    for index, column in enumerate(compiled.columns):
        data = table.column(index)
        wanted = arrow_for(column.type)
        if wanted is not None and data.type != wanted:
            data = data.cast(wanted)
        arrays.append(data)
    return pa.Table.from_arrays(arrays, names=[c.name for c in compiled.columns])


def _bytes_scanned(profile_json: str) -> int:
    """What the last query read: Parquet column chunks / JSON file bytes, after pruning."""
    try:
        profile = json.loads(profile_json)
    except ValueError:
        return 0
    query = profile.get("query", {}) if isinstance(profile, dict) else {}
    if "total_bytes_scanned" in query:
        return int(query["total_bytes_scanned"])
    return int(profile.get("io", {}).get("total_bytes_read", 0)) if isinstance(profile, dict) else 0


class DuckDbEngine:
    """`QueryEngine` for the local target (name "duckdb")."""

    name = "duckdb"

    def __init__(
        self,
        catalog: Catalog,
        outputs: LakeOutputs,
        *,
        buckets_root: Path,
        work_dir: Path,
        threads: int | None = None,
    ) -> None:
        self.catalog = catalog
        self.outputs = outputs
        self.database = outputs.database
        self._buckets_root = buckets_root
        self._paths = PartitionPaths(buckets_root, outputs.bucket)
        self._views: dict[str, ViewDefinition] = {}
        self._views_version = 0
        self._columns: dict[str, list[tuple[str, TrinoType]]] = {}
        self._translations: OrderedDict[tuple[str, int], CompiledStatement] = OrderedDict()
        self._fingerprint: object | None = None
        self._thread = StatementThread("duckdb-query")
        self._results = ResultsWriter(buckets_root, outputs.results_location)
        self._running: set[RunningQuery] = set()
        self._running_lock = threading.Lock()
        self._udfs: set[str] = set()  # Python functions created on the connection so far
        self._con = self._connect(threads, work_dir)
        self.refresh()

    # -- setup -----------------------------------------------------------------------------

    def _connect(self, threads: int | None, work_dir: Path) -> duckdb.DuckDBPyConnection:
        config: dict[str, Any] = {
            **sandbox.DUCKDB_STARTUP_CONFIG,
            # spill files under LAKE_HOME, not in whatever folder the user started from
            "temp_directory": str(work_dir / "duckdb"),
        }
        if threads:
            config["threads"] = threads
        con = duckdb.connect(":memory:", config=config)
        try:
            con.execute("SET TimeZone = 'UTC'")  # Athena's session zone: from_unixtime is UTC
            con.execute("SET enable_progress_bar_print = false")  # never draw on our terminal
            # sqlglot drops NULLS LAST from Trino's ORDER BY because both default to it; pin it
            con.execute("SET default_null_order = 'nulls_last'")
            for macro in MACROS:
                con.execute(macro)
            con.execute(f"CREATE SCHEMA {quote_identifier(self.database)}")
            con.execute(f"SET search_path = {quote_literal(self.database + ',main')}")
            # Curated files are immutable versions (a re-ingest writes new keys), so their
            # Parquet footers can be cached across queries instead of re-read by each one.
            con.execute("SET parquet_metadata_cache = true")
            # Top-N queries would fetch their other columns in a second scan; Athena reads each
            # column once, and so does this engine, so bytes scanned compare with Athena's
            con.execute("SET disabled_optimizers = 'late_materialization'")
            con.execute("SET enable_profiling = 'no_output'")
            con.execute(f"SET tracked_metrics = {_METRICS}")
            for statement in sandbox.file_access_statements(self._paths.bucket_root):
                con.execute(statement)
            con.execute(sandbox.LOCK_STATEMENT)
        except Exception:
            con.close()
            raise
        return con

    def refresh(self) -> None:
        """Rebuild the views from the catalog (cheap: views read nothing when created)."""
        self._thread.call(self._rebuild)

    def _rebuild(self) -> None:
        fingerprint = catalog_fingerprint(self.catalog, self.database)
        tables = (
            self.catalog.tables(self.database) if self.database in self.catalog.databases() else []
        )
        wanted: dict[str, ViewDefinition] = {}
        for table in tables:
            try:  # a damaged catalog document breaks its own table, never the others
                if table.problem:
                    raise LakeError(table.problem)
                partitions = (
                    self.catalog.partitions(self.database, table.name)
                    if table.partition_keys
                    else []
                )
            except LakeError as err:
                wanted[table.name] = ViewDefinition(table, empty_view(table), str(err))
                continue
            wanted[table.name] = view_definition(table, partitions, self._paths)
        schema = quote_identifier(self.database)
        for name in set(self._views) - set(wanted):
            self._con.execute(f"DROP VIEW IF EXISTS {schema}.{quote_identifier(name)}")
        for name, definition in wanted.items():
            if self._views.get(name) == definition:
                continue
            target = f"{schema}.{quote_identifier(name)}"
            try:
                self._con.execute(f"CREATE OR REPLACE VIEW {target} AS {definition.sql}")
            except duckdb.Error as err:
                self._con.execute(
                    f"CREATE OR REPLACE VIEW {target} AS {empty_view(definition.table)}"
                )
                wanted[name] = ViewDefinition(
                    definition.table, definition.sql, _duckdb_message(err)
                )
        self._views = wanted
        self._columns = {name: _trino_columns(v) for name, v in wanted.items()}
        self._views_version += 1
        self._fingerprint = fingerprint

    def _refresh_if_changed(self) -> None:
        fingerprint = catalog_fingerprint(self.catalog, self.database)
        if fingerprint is not None and fingerprint != self._fingerprint:
            self._rebuild()

    # -- QueryEngine -----------------------------------------------------------------------

    def start(self, sql: str) -> RunningQuery:
        """Queue one Athena statement on the engine's thread (statements run in order)."""
        query = RunningQuery(sql)
        query.query_id = str(uuid.uuid4())
        with self._running_lock:
            self._running.add(query)
        self._thread.submit(query, self._execute)
        return query

    def execute(self, sql: str) -> QueryResult:
        return self.start(sql).result()

    def _execute(self, query: RunningQuery) -> QueryResult:
        """On the engine's thread; raises QueryError / QueryCancelled (engine stays usable)."""
        started = time.perf_counter()
        try:
            if query.cancel_requested:
                raise QueryCancelled("Query cancelled by user")
            table, columns, scanned = self._answer(query)
            location = self._results.queue(query.query_id, table)
        except QueryError as err:
            err.query_id = query.query_id
            raise
        finally:
            with self._running_lock:
                self._running.discard(query)
        stats = QueryStats(
            query.query_id,
            "SUCCEEDED",
            self.name,
            time.perf_counter() - started,
            scanned,
            location,
        )
        return QueryResult(columns, table, stats)

    def _answer(self, query: RunningQuery) -> tuple[pa.Table, tuple[ColumnInfo, ...], int]:
        self._refresh_if_changed()
        sql = query.sql
        explained = explain.parse(sql)
        if explained is not None:
            return self._explain(explained)
        if show_statements.is_show_statement(sql):
            shown = show_statements.answer(sql, self._catalog_view())
            arrays = [
                pa.array([row[i] for row in shown.rows], pa.string())
                for i in range(len(shown.columns))
            ]
            table = pa.Table.from_arrays(arrays, names=list(shown.columns))
            return table, tuple(ColumnInfo(c, "varchar") for c in shown.columns), 0
        compiled = self._compile(sql)
        for table_name in compiled.tables:
            unreadable = self._unreadable(table_name)
            if unreadable is not None:
                raise unreadable
        return self._run(query, compiled)

    def _unreadable(self, table_name: str) -> QueryError | None:
        """The error a table the views could not be built for answers with, or None."""
        problem = self._views[table_name].problem if table_name in self._views else None
        if not problem:
            return None
        damaged = "catalog file" in problem  # its message says what to do already
        return QueryError(
            f"table {table_name} cannot be read: {problem}",
            "" if damaged else "check its partitions",
        )

    def _explain(self, explained: explain.Explain) -> tuple[pa.Table, tuple[ColumnInfo, ...], int]:
        compiled = self._compile(explained.statement)
        if explained.validate:
            table = pa.table({"Valid": pa.array([True])})
            return table, (ColumnInfo("Valid", "boolean"),), 0
        try:
            udfs.register_used(self._con, compiled.duckdb_sql, self._udfs)
            rows = self._con.execute(f"EXPLAIN {compiled.duckdb_sql}").fetchall()
        except duckdb.Error as err:
            category, message = category_and_message(str(err))
            raise QueryError(f"{category}: {message}", verbose=compiled.duckdb_sql) from None
        table = pa.table({"Query Plan": pa.array([explain.plan_text(rows)], pa.string())})
        return table, (ColumnInfo("Query Plan", "varchar"),), 0

    def compile(self, sql: str) -> CompiledStatement:
        """The DuckDB SQL and Trino-typed columns for one Athena statement, without running
        it; raises the QueryError Athena would (SYNTAX_ERROR, TYPE_MISMATCH, NOT_SUPPORTED...)."""
        self._thread.call(self._refresh_if_changed)
        return self._compile(sql)

    def _compile(self, sql: str) -> CompiledStatement:
        """Policy-checked, analyzed statement; cached per text and view set, so a re-run
        query (TUI refresh, paging) skips the analyzer. Refusals are never cached."""
        key = (sql, self._views_version)
        cached = self._translations.get(key)
        if cached is not None:
            self._translations.move_to_end(key)
            return cached
        tree = parse_statement(sql, sandbox.check_text(sql))
        sandbox.check_statement(tree, self.database, set(self._views))
        compiled = compile_statement(
            sql,
            tree,
            database=self.database,
            table_columns=self._table_columns,
            table_names=lambda: sorted(self._views),
            catalog_listing=self._listing,
        )
        self._translations[key] = compiled
        if len(self._translations) > _TRANSLATION_CACHE:
            self._translations.popitem(last=False)
        return compiled

    def _listing(self) -> list[tuple[str, str, list[tuple[str, TrinoType, bool]]]]:
        """Every catalog table with its columns' Trino types (for information_schema)."""
        found = []
        for database in sorted(self.catalog.databases()):
            for table in sorted(self.catalog.tables(database), key=lambda t: t.name):
                columns = [(c.name, _trino_type(c.type), False) for c in table.columns]
                columns += [(k.name, _trino_type(k.type), True) for k in table.partition_keys]
                found.append((database, table.name, columns))
        return found

    def _table_columns(self, database: str, name: str) -> list[tuple[str, TrinoType]] | None:
        if database != self.database:
            return None
        columns = self._columns.get(name)
        if not columns:  # a damaged catalog document: say so, not "column not found"
            unreadable = self._unreadable(name)
            if unreadable is not None:
                raise unreadable
        return columns

    def _run(
        self, query: RunningQuery, compiled: CompiledStatement
    ) -> tuple[pa.Table, tuple[ColumnInfo, ...], int]:
        interrupter = Interrupter(self._con)
        duck_sql = compiled.duckdb_sql
        try:
            with query.stoppable(interrupter.stop):
                udfs.register_used(self._con, duck_sql, self._udfs)
                relation = self._con.sql(duck_sql)
                if relation is None:
                    raise QueryError("the statement returned no result", "run a SELECT")
                table = relation.to_arrow_table()
        except duckdb.InterruptException:
            raise QueryCancelled("Query cancelled by user") from None
        except duckdb.Error as err:
            if query.cancel_requested:
                raise QueryCancelled("Query cancelled by user") from None
            category, message = category_and_message(str(err))
            raise QueryError(f"{category}: {message}", "", verbose=duck_sql) from None
        finally:
            interrupter.left()
        if query.cancel_requested:
            raise QueryCancelled("Query cancelled by user")
        scanned = _bytes_scanned(self._con.get_profiling_information(format="json"))
        table = _conformed(table, compiled)
        columns = tuple(ColumnInfo(c.name, c.type.result_name) for c in compiled.columns)
        return table, columns, scanned

    def flush(self) -> None:
        """Wait until every result CSV so far is written; raises if one could not be."""
        try:
            self._results.flush()
        except LakeError as err:
            raise QueryError(err.problem, err.hint) from None

    def _catalog_view(self) -> show_statements.CatalogView:
        return show_statements.CatalogView(
            self.database, self.catalog.databases, self.catalog.tables, self.catalog.partitions
        )

    def close(self) -> None:
        """Stop what runs, finish writing result files, then release DuckDB."""
        with self._running_lock:
            running = list(self._running)
        for query in running:
            query.cancel()
        stopped = False
        try:
            stopped = self._thread.shutdown(timeout=_CLOSE_WAIT_SECONDS)
            self._results.close()
        finally:
            if stopped:  # never close the connection under a statement still running
                self._con.close()

    @property
    def bucket_root(self) -> Path:
        """The only folder DuckDB may read."""
        return self._paths.bucket_root


if TYPE_CHECKING:  # mypy proves the engine implements the shared interface

    def _implements(engine: DuckDbEngine) -> QueryEngine:
        return engine
