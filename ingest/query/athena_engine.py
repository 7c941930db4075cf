"""The `aws` target's query engine: Athena, through boto3.

One statement at a time, on the engine's thread (`start()` returns a `RunningQuery`):
StartQueryExecution in the lake's workgroup and database,
GetQueryExecution polled with capped exponential backoff until the query ends, then the
rows. Small results come from GetQueryResults; a result larger than one page (1,000 rows)
is read in one S3 GetObject from the CSV Athena wrote to the results location instead of
paging through it a thousand rows per call. Only a SELECT's (DML) result is such a CSV;
DDL/SHOW/DESCRIBE results (a .txt, no header row) and any CSV that cannot be read or
parsed are paged through GetQueryResults instead.

Statistics: `elapsed_seconds` is Athena's TotalExecutionTimeInMillis (queue, planning,
execution and result publishing: what the user waited for), else
EngineExecutionTimeInMillis, else, when Athena reports neither (moto reports 0), the time
measured here from start to completion. `bytes_scanned` is DataScannedInBytes (what
Athena bills), `results_location` the execution's OutputLocation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from ingest.outputs import LakeOutputs
from ingest.query.athena_results import (
    is_header,
    result_columns,
    row_values,
    table_from_csv,
    table_from_rows,
)
from ingest.query.engine import QueryEngine
from ingest.query.result import (
    ColumnInfo,
    QueryCancelled,
    QueryError,
    QueryResult,
    QueryStats,
)
from ingest.query.running import RunningQuery, StatementThread
from ingest.storage.base import split_s3_uri

if TYPE_CHECKING:
    from mypy_boto3_athena.client import AthenaClient
    from mypy_boto3_athena.type_defs import ColumnInfoTypeDef, QueryExecutionTypeDef
    from mypy_boto3_s3.client import S3Client

log = logging.getLogger(__name__)

#: GetQueryResults returns at most this many rows per call.
PAGE_ROWS = 1000
TERMINAL_STATES = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})
#: Statement types whose results carry a header row (and whose result file is a CSV).
_WITH_HEADER = "DML"


def poll_delays(initial: float, maximum: float) -> Iterator[float]:
    """Seconds to wait between polls: `initial`, doubling, capped at `maximum`, forever."""
    delay = initial
    while True:
        yield min(delay, maximum)
        delay = min(delay * 2, maximum)


def _client_error_text(err: ClientError) -> str:
    """`Code: message` (with Athena's own error code when it sent one), on one line."""
    response: dict[str, Any] = dict(err.response)
    error = response.get("Error", {})
    code = response.get("AthenaErrorCode") or error.get("Code", "Error")
    message = error.get("Message") or response.get("Message") or str(err)
    return f"{code}: {message}"


class AthenaEngine:
    """Athena behind the QueryEngine interface (see ingest.query.engine)."""

    name = "athena"

    def __init__(
        self,
        outputs: LakeOutputs,
        *,
        athena_client: AthenaClient,
        s3_client: S3Client,
        poll_initial: float = 0.2,
        poll_max: float = 5.0,
        owns_clients: bool = False,
    ) -> None:
        if poll_initial <= 0 or poll_max < poll_initial:
            raise ValueError("need 0 < poll_initial <= poll_max")
        self.outputs = outputs
        self.poll_initial = poll_initial
        self.poll_max = poll_max
        self._athena = athena_client
        self._s3 = s3_client
        self._owns_clients = owns_clients
        self._thread = StatementThread("athena-query")
        self._lock = threading.Lock()
        self._running: RunningQuery | None = None

    # -- QueryEngine -------------------------------------------------------------------

    def start(self, sql: str) -> RunningQuery:
        """Run one statement in the lake's workgroup and database, on the engine's thread.

        One at a time: a second statement while one runs is refused (Athena bills both).
        `cancel()` on the handle stops the query (StopQueryExecution), also one cancelled
        before Athena has answered StartQueryExecution, as soon as its id is known.
        """
        query = RunningQuery(sql)
        with self._lock:
            if self._running is not None and not self._running.done():
                raise QueryError(
                    "this Athena engine is already running a query",
                    "wait for it or cancel it first",
                )
            self._running = query
        self._thread.submit(query, self._execute)
        return query

    def execute(self, sql: str) -> QueryResult:
        return self.start(sql).result()

    def close(self) -> None:
        """Cancel a running query (so it stops billing), wait for it to end, and close the
        clients when they were made for this engine."""
        with self._lock:
            running = self._running
        if running is not None:
            running.cancel()
        self._thread.shutdown(timeout=30.0)
        if self._owns_clients:
            self._athena.close()
            self._s3.close()

    # -- running -----------------------------------------------------------------------

    def _execute(self, query: RunningQuery) -> QueryResult:
        started = time.monotonic()
        query_id = self._start(query.sql)
        query.query_id = query_id
        finished = False
        try:
            with query.stoppable(lambda: self._stop_quietly(query_id)):
                execution = self._wait_until_done(query, query_id)
            finished = True
        finally:
            if not finished:
                # Interrupted (lost connection, shutdown): don't leave the query running.
                self._stop_quietly(query_id)
        measured = time.monotonic() - started
        state = execution.get("Status", {}).get("State", "")
        if query.cancel_requested:
            raise self._cancelled(query_id, execution, requested=True)
        if state == "CANCELLED":
            raise self._cancelled(query_id, execution, requested=False)
        if state == "FAILED":
            raise self._failed(query_id, execution)
        columns, table = self._results(query, query_id, execution)
        return QueryResult(columns, table, self._stats(query_id, execution, measured))

    def _start(self, sql: str) -> str:
        outputs = self.outputs
        try:
            response = self._athena.start_query_execution(
                QueryString=sql,
                WorkGroup=outputs.workgroup,
                QueryExecutionContext={"Database": outputs.database},
                # An enforcing workgroup overrides this with its own (the same) location;
                # a non-enforcing one (and moto) needs it to write the result CSV.
                ResultConfiguration={"OutputLocation": outputs.results_location},
            )
        except ClientError as err:
            raise QueryError(
                f"Athena refused the query: {_client_error_text(err)}",
                "fix the statement and run it again",
            ) from None
        except BotoCoreError as err:
            raise self._unreachable(err) from None
        return response["QueryExecutionId"]

    def _get_execution(self, query_id: str) -> QueryExecutionTypeDef:
        try:
            return self._athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
        except ClientError as err:
            raise QueryError(
                f"could not follow Athena query {query_id}: {_client_error_text(err)}",
                query_id=query_id,
            ) from None
        except BotoCoreError as err:
            raise self._unreachable(err, query_id) from None

    def _wait_until_done(self, query: RunningQuery, query_id: str) -> QueryExecutionTypeDef:
        """Poll until a terminal state; a cancel wakes the wait at once."""
        delays = poll_delays(self.poll_initial, self.poll_max)
        while True:
            execution = self._get_execution(query_id)
            if execution.get("Status", {}).get("State") in TERMINAL_STATES:
                return execution
            self._pause(query, next(delays))

    def _pause(self, query: RunningQuery, seconds: float) -> None:
        """Wait before the next poll, waking early when the query is cancelled."""
        query.wait_for_cancel(seconds)

    def _stop_quietly(self, query_id: str) -> None:
        try:
            self._athena.stop_query_execution(QueryExecutionId=query_id)
        except (ClientError, BotoCoreError) as err:
            log.warning("could not stop Athena query %s: %s", query_id, err)

    # -- outcomes ----------------------------------------------------------------------

    @staticmethod
    def _reason(execution: QueryExecutionTypeDef) -> str:
        """StateChangeReason, plus AthenaError's message when it says something more."""
        status = execution.get("Status", {})
        reason = status.get("StateChangeReason", "").strip()
        detail = status.get("AthenaError", {}).get("ErrorMessage", "").strip()
        if detail and detail not in reason:
            reason = f"{reason} ({detail})" if reason else detail
        return reason

    def _failed(self, query_id: str, execution: QueryExecutionTypeDef) -> QueryError:
        reason = self._reason(execution) or "Athena gave no reason"
        error = execution.get("Status", {}).get("AthenaError", {})
        if error.get("Retryable"):
            hint = "Athena says a retry may succeed: run it again"
        elif error.get("ErrorCategory") == 2:  # 1 system, 2 user, 3 other
            hint = "fix the statement and run it again"
        else:
            hint = ""
        return QueryError(f"Athena query {query_id} failed: {reason}", hint, query_id=query_id)

    def _cancelled(
        self, query_id: str, execution: QueryExecutionTypeDef, *, requested: bool
    ) -> QueryCancelled:
        reason = self._reason(execution)
        problem = f"Athena query {query_id} was cancelled" + (f": {reason}" if reason else "")
        if requested:
            return QueryCancelled(problem, query_id=query_id)
        cutoff = self.outputs.bytes_scanned_cutoff_per_query
        return QueryCancelled(
            problem,
            f"it was not cancelled here; the workgroup cancels queries that scan more than "
            f"{cutoff:,} bytes: filter on partitions or select fewer columns",
            query_id=query_id,
        )

    def _unreachable(self, err: BotoCoreError, query_id: str = "") -> QueryError:
        if isinstance(err, NoCredentialsError):
            hint = "configure AWS credentials (AWS_PROFILE, SSO or environment variables)"
        else:
            hint = "check the network and the AWS region in outputs.json"
        return QueryError(f"could not reach Athena: {err}", hint, query_id=query_id)

    def _stats(
        self, query_id: str, execution: QueryExecutionTypeDef, measured: float
    ) -> QueryStats:
        statistics = execution.get("Statistics", {})
        millis = statistics.get("TotalExecutionTimeInMillis") or statistics.get(
            "EngineExecutionTimeInMillis"
        )
        return QueryStats(
            query_id=query_id,
            state=execution.get("Status", {}).get("State", "SUCCEEDED"),
            engine=self.name,
            elapsed_seconds=millis / 1000 if millis else measured,
            bytes_scanned=int(statistics.get("DataScannedInBytes", 0)),
            results_location=execution.get("ResultConfiguration", {}).get("OutputLocation"),
        )

    # -- results -----------------------------------------------------------------------

    def _results(
        self, query: RunningQuery, query_id: str, execution: QueryExecutionTypeDef
    ) -> tuple[tuple[ColumnInfo, ...], pa.Table]:
        """Columns and rows: the first page, then either the result CSV or further pages."""
        page = self._page(query_id, None)
        infos: list[ColumnInfoTypeDef] = (
            page["ResultSet"].get("ResultSetMetadata", {}).get("ColumnInfo", [])
        )
        rows = [row_values(row) for row in page["ResultSet"].get("Rows", [])]
        statement = execution.get("StatementType")
        header = bool(rows) and statement in (_WITH_HEADER, None) and is_header(rows[0], infos)
        if header:
            rows = rows[1:]
        token = page.get("NextToken")
        location = execution.get("ResultConfiguration", {}).get("OutputLocation", "")
        if token and statement == _WITH_HEADER and location.endswith(".csv"):
            table = self._csv_table(query, query_id, location, infos, header=header)
            if table is not None:
                return result_columns(infos), table
        while token:
            self._check_cancel(query, query_id)
            page = self._page(query_id, token)
            rows.extend(row_values(row) for row in page["ResultSet"].get("Rows", []))
            token = page.get("NextToken")
        try:
            table = table_from_rows(rows, infos)
        except ValueError as err:
            raise QueryError(
                f"could not read Athena query {query_id}'s results: {err}", query_id=query_id
            ) from None
        return result_columns(infos), table

    def _page(self, query_id: str, token: str | None) -> Any:
        kwargs: dict[str, Any] = {"QueryExecutionId": query_id, "MaxResults": PAGE_ROWS}
        if token:
            kwargs["NextToken"] = token
        try:
            return self._athena.get_query_results(**kwargs)
        except ClientError as err:
            raise QueryError(
                f"could not fetch Athena query {query_id}'s results: {_client_error_text(err)}",
                query_id=query_id,
            ) from None
        except BotoCoreError as err:
            raise self._unreachable(err, query_id) from None

    def _csv_table(
        self,
        query: RunningQuery,
        query_id: str,
        location: str,
        infos: list[ColumnInfoTypeDef],
        *,
        header: bool,
    ) -> pa.Table | None:
        """The whole result from Athena's CSV in one GetObject; None to fall back to pages."""
        self._check_cancel(query, query_id)
        bucket, key = split_s3_uri(location)
        try:
            data = self._s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        except (ClientError, BotoCoreError) as err:
            log.warning("reading %s failed (%s); paging through the results instead", location, err)
            return None
        try:
            return table_from_csv(data, infos, header=header)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as err:
            log.warning("parsing %s failed (%s); paging through the results instead", location, err)
            return None

    def _check_cancel(self, query: RunningQuery, query_id: str) -> None:
        if query.cancel_requested:
            raise QueryCancelled(f"Athena query {query_id} was cancelled", query_id=query_id)


if TYPE_CHECKING:  # mypy proves the engine implements the shared interface

    def _implements(engine: AthenaEngine) -> QueryEngine:
        return engine
