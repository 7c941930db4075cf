"""AthenaEngine against a moto server over HTTP, and against recorded Athena answers.

What moto does here, and what the tests add:

- moto never runs SQL. A test queues the rows the next query returns through
  `POST /moto-api/static/athena/query-results` (header row included for a SELECT, as
  Athena sends it). StartQueryExecution takes the next queued result and writes it as a
  CSV (every value quoted, NULL as an empty field, quotes not escaped) to
  `<ResultConfiguration.OutputLocation>/<query id>.csv` of the request: moto ignores the
  workgroup's location, which is why the engine passes it explicitly.
- moto returns every row in one GetQueryResults page and never a NextToken.
  `AthenaPaging` (below) gives a real moto client Athena's paging (at most MaxResults
  rows per call, NextToken) with botocore event hooks, on top of moto's real answer.
- moto's executions move QUEUED -> RUNNING -> SUCCEEDED; its state manager
  (`/moto-api/state-manager/set-transition`, model `athena::execution`) holds a query in a
  state for N GetQueryExecution calls. StopQueryExecution sets CANCELLED.
- moto has no FAILED path, reports all statistics as 0 and raises no syntax errors:
  those tests run on botocore's Stubber with Athena's recorded response shapes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from ingest.catalog.model import Partition
from ingest.lake import Lake
from ingest.query.athena_engine import AthenaEngine, poll_delays
from ingest.query.athena_results import table_from_rows
from ingest.query.engine import QueryEngine
from ingest.query.result import MIN_BILLED_BYTES, ColumnInfo, QueryCancelled, QueryError
from ingest.query.running import RunningQuery
from ingest.settings import Settings
from ingest.targets import open_lake
from ingest.targets.aws import client as aws_client
from tests.support.athena_answers import (
    EXECUTION_MODEL,
    athena_row,
    column_info,
    moto_api,
    queue_result,
)
from tests.support.aws_lake import provision_aws_lake
from tests.support.emulator import MotoServer

pytestmark = pytest.mark.aws


# -- helpers -------------------------------------------------------------------------------


class Calls(Counter[str]):
    """API calls a client makes, by operation name."""

    def watch(self, client: Any) -> Calls:
        service = client.meta.service_model.service_id.hyphenize()
        client.meta.events.register(f"before-call.{service}", self._count)
        return self

    def _count(self, model: Any, **_: Any) -> None:
        self[model.name] += 1


class AthenaPaging:
    """Athena's GetQueryResults paging (MaxResults rows per call, NextToken), for moto.

    moto answers with every row at once; this slices its real answer the way Athena would.
    """

    def __init__(self, client: Any) -> None:
        events = client.meta.events
        events.register("provide-client-params.athena.GetQueryResults", self._remember)
        events.register("after-call.athena.GetQueryResults", self._slice)

    @staticmethod
    def _remember(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["paging"] = (int(params.get("NextToken") or 0), int(params["MaxResults"]))

    @staticmethod
    def _slice(parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        if "ResultSet" not in parsed:
            return
        start, size = context["paging"]
        rows = parsed["ResultSet"]["Rows"]
        parsed["ResultSet"]["Rows"] = rows[start : start + size]
        if start + size < len(rows):
            parsed["NextToken"] = str(start + size)


def player_columns() -> list[dict[str, Any]]:
    return [
        column_info("player_id", "integer", 10),
        column_info("name", "varchar", 2147483647),
        column_info("points_per_game", "double", 17),
        column_info("active", "boolean"),
        column_info("born", "date"),
        column_info("updated_at", "timestamp", 3),
        column_info("salary", "decimal", 12, 2),
        column_info("games", "bigint", 19),
    ]


def player_rows(count: int) -> list[list[str | None]]:
    """Rows as Athena prints them, with NULLs, empty strings, commas and newlines."""
    rows: list[list[str | None]] = []
    for i in range(count):
        name: str | None = f"Player {i}, Jr." if i % 5 else f"Player\n{i}"
        if i % 97 == 0:
            name = None
        elif i % 89 == 0:
            name = ""
        rows.append(
            [
                str(i),
                name,
                None if i % 50 == 7 else repr(i / 7),
                "true" if i % 2 else "false",
                (dt.date(1980, 1, 1) + dt.timedelta(days=i)).isoformat(),
                f"2024-11-{1 + i % 28:02d} 19:{i % 60:02d}:00.{i % 1000:03d}",
                f"{i * 1000}.{i % 100:02d}",
                str(i * 3_000_000_000),
            ]
        )
    return rows


def expected_player(row: list[str | None]) -> dict[str, Any]:
    pid, name, ppg, active, born, updated, salary, games = row
    assert pid and active and born and updated and salary and games
    return {
        "player_id": int(pid),
        "name": name,
        "points_per_game": None if ppg is None else float(ppg),
        "active": active == "true",
        "born": dt.date.fromisoformat(born),
        "updated_at": dt.datetime.fromisoformat(updated),
        "salary": Decimal(salary),
        "games": int(games),
    }


# -- fixtures ------------------------------------------------------------------------------


def athena_engine(lake: Lake, athena: Any, s3: Any = None, **options: Any) -> AthenaEngine:
    """An engine over `lake` with this Athena client (S3 from AWS_ENDPOINT_URL if not given)."""
    s3 = s3 or aws_client("s3", lake.outputs.region)
    return AthenaEngine(lake.outputs, athena_client=athena, s3_client=s3, **options)


@pytest.fixture
def lake(aws_env: MotoServer, tmp_path: Path) -> Lake:
    """The lake provisioned in moto, opened as the app opens it (target aws)."""
    settings = Settings.from_env(target="aws", lake_home=tmp_path / "lake")
    clients = {name: aws_env.client(name) for name in ("s3", "glue", "athena")}
    provision_aws_lake(settings, clients, aws_env.region)
    return open_lake(settings)


@pytest.fixture
def transitions(aws_env: MotoServer) -> Iterator[Callable[[dict[str, Any]], None]]:
    """Set moto's Athena state progression; always restored (the server is shared)."""

    def set_transition(transition: dict[str, Any]) -> None:
        moto_api(
            aws_env,
            "/moto-api/state-manager/set-transition",
            {"model_name": EXECUTION_MODEL, "transition": transition},
        )

    try:
        yield set_transition
    finally:
        moto_api(
            aws_env, "/moto-api/state-manager/unset-transition", {"model_name": EXECUTION_MODEL}
        )


@pytest.fixture
def athena(aws_env: MotoServer) -> Any:
    return aws_env.client("athena")


@pytest.fixture
def s3(aws_env: MotoServer) -> Any:
    return aws_env.client("s3")


# -- running queries against moto -----------------------------------------------------------


def test_select_returns_typed_columns_without_the_header_row(
    lake: Lake, aws_env: MotoServer, athena: Any
) -> None:
    rows = player_rows(3)
    queue_result(aws_env, player_columns(), rows)
    engine: QueryEngine = lake.target.query_engine(lake)  # clients from AWS_ENDPOINT_URL
    try:
        result = engine.execute("SELECT * FROM players LIMIT 3")
    finally:
        engine.close()

    assert engine.name == "athena"
    assert result.columns == (
        ColumnInfo("player_id", "integer"),
        ColumnInfo("name", "varchar"),
        ColumnInfo("points_per_game", "double"),
        ColumnInfo("active", "boolean"),
        ColumnInfo("born", "date"),
        ColumnInfo("updated_at", "timestamp"),
        ColumnInfo("salary", "decimal(12,2)"),
        ColumnInfo("games", "bigint"),
    )
    assert [str(t) for t in result.table.schema.types] == [
        "int32", "string", "double", "bool", "date32[day]", "timestamp[us]",
        "decimal128(12, 2)", "int64",
    ]  # fmt: skip
    assert result.row_count == 3
    assert result.table.to_pylist() == [expected_player(r) for r in rows]

    # Started in the lake's workgroup and database, results in the lake's results location.
    execution = athena.get_query_execution(QueryExecutionId=result.stats.query_id)
    execution = execution["QueryExecution"]
    assert execution["WorkGroup"] == lake.outputs.workgroup
    assert execution["QueryExecutionContext"] == {"Database": lake.outputs.database}
    assert execution["Query"] == "SELECT * FROM players LIMIT 3"


def test_statistics_come_from_the_execution(lake: Lake, aws_env: MotoServer, athena: Any) -> None:
    queue_result(aws_env, [column_info("n", "bigint", 19)], [["42"]])
    result = athena_engine(lake, athena, poll_initial=0.01).execute("SELECT 42 AS n")

    stats = result.stats
    assert stats.engine == "athena"
    assert stats.state == "SUCCEEDED"
    assert stats.query_id and len(stats.query_id) == 36
    assert stats.results_location == f"{lake.outputs.results_location}{stats.query_id}.csv"
    # moto reports 0 bytes and 0 ms: no cost, and the elapsed time measured by the engine.
    assert stats.bytes_scanned == 0
    assert stats.estimated_cost_usd == 0.0
    assert 0 < stats.elapsed_seconds < 30
    assert result.table.to_pylist() == [{"n": 42}]


def test_polling_waits_with_capped_exponential_backoff(
    lake: Lake,
    athena: Any,
    transitions: Callable[[dict[str, Any]], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    transitions({"progression": "manual", "times": 3})  # 3 polls QUEUED, 3 RUNNING
    states: list[str] = []
    athena.meta.events.register(
        "after-call.athena.GetQueryExecution",
        lambda parsed, **_: states.append(parsed["QueryExecution"]["Status"]["State"]),
    )
    engine = athena_engine(lake, athena, poll_initial=0.01, poll_max=0.04)
    waits: list[float] = []
    pause = engine._pause

    def recording_pause(run: Any, seconds: float) -> None:
        waits.append(seconds)
        pause(run, seconds)

    monkeypatch.setattr(engine, "_pause", recording_pause)

    result = engine.execute("SELECT 1")

    assert states == ["QUEUED", "QUEUED", "RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"]
    assert waits == [0.01, 0.02, 0.04, 0.04, 0.04]
    assert result.stats.state == "SUCCEEDED"


def test_poll_delays_double_up_to_the_cap() -> None:
    delays = poll_delays(0.2, 5.0)
    assert [next(delays) for _ in range(8)] == [0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0, 5.0]
    with pytest.raises(ValueError, match="poll_initial"):
        AthenaEngine(None, athena_client=None, s3_client=None, poll_initial=2, poll_max=1)  # type: ignore[arg-type]


def test_a_large_result_is_read_from_the_result_csv_in_one_get(
    lake: Lake, aws_env: MotoServer, athena: Any, s3: Any
) -> None:
    rows = player_rows(2500)
    queue_result(aws_env, player_columns(), rows)
    AthenaPaging(athena)
    athena_calls, s3_calls = Calls().watch(athena), Calls().watch(s3)

    result = athena_engine(lake, athena, s3=s3, poll_initial=0.01).execute("SELECT * FROM players")

    assert athena_calls["GetQueryResults"] == 1  # the first page only: columns, and NextToken
    assert s3_calls == Counter({"GetObject": 1})
    assert result.row_count == 2500
    assert result.table.to_pylist() == [expected_player(r) for r in rows]
    # The CSV and the pages give the same table.
    assert result.table.equals(table_from_rows(rows, player_columns()))  # type: ignore[arg-type]


def test_a_large_result_pages_through_when_the_csv_cannot_be_read(
    lake: Lake, aws_env: MotoServer, athena: Any, s3: Any
) -> None:
    rows = player_rows(2500)
    queue_result(aws_env, player_columns(), rows)
    AthenaPaging(athena)
    athena_calls, s3_calls = Calls().watch(athena), Calls().watch(s3)

    def lose_the_csv(parsed: dict[str, Any], **_: Any) -> None:
        execution = parsed["QueryExecution"]
        if execution["Status"]["State"] == "SUCCEEDED":
            bucket, _, key = execution["ResultConfiguration"]["OutputLocation"][5:].partition("/")
            aws_env.client("s3").delete_object(Bucket=bucket, Key=key)

    athena.meta.events.register("after-call.athena.GetQueryExecution", lose_the_csv)

    result = athena_engine(lake, athena, s3=s3, poll_initial=0.01).execute("SELECT * FROM players")

    assert s3_calls == Counter({"GetObject": 1})  # tried, NoSuchKey
    assert athena_calls["GetQueryResults"] == 3  # then 1,000 + 1,000 + 501 (with the header)
    assert result.table.to_pylist() == [expected_player(r) for r in rows]


def test_show_and_describe_results_have_no_header_row(
    lake: Lake, aws_env: MotoServer, athena: Any
) -> None:
    # A table literally named like the column label must not be taken for a header.
    queue_result(
        aws_env, [column_info("tab_name", "string")], [["tab_name"], ["players"]], header=False
    )
    queue_result(
        aws_env,
        [column_info("col_name", "string")],
        [["player_id           \tint                 \t"], ["season              \tstring"]],
        header=False,
    )
    engine = athena_engine(lake, athena, poll_initial=0.01)

    tables = engine.execute("SHOW TABLES")
    described = engine.execute("DESCRIBE players")
    created = engine.execute("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/t/'")

    assert tables.columns == (ColumnInfo("tab_name", "varchar"),)
    assert tables.table.column("tab_name").to_pylist() == ["tab_name", "players"]
    assert described.row_count == 2
    assert described.table.column(0)[0].as_py().startswith("player_id")
    assert created.row_count == 0 and created.columns == ()


def test_a_large_show_result_pages_through_get_query_results(
    lake: Lake, aws_env: MotoServer, athena: Any, s3: Any
) -> None:
    partitions = [[f"season={1900 + i}"] for i in range(2500)]
    queue_result(aws_env, [column_info("partition", "string")], partitions, header=False)
    AthenaPaging(athena)
    athena_calls, s3_calls = Calls().watch(athena), Calls().watch(s3)

    result = athena_engine(lake, athena, s3=s3, poll_initial=0.01).execute(
        "SHOW PARTITIONS players"
    )

    # DDL/SHOW results are no CSV with a header (Athena writes them as .txt): pages it is.
    assert athena_calls["GetQueryResults"] == 3
    assert s3_calls == Counter()
    assert result.table.column("partition").to_pylist() == [p[0] for p in partitions]


# -- cancel --------------------------------------------------------------------------------


def test_cancel_from_another_thread_stops_a_running_query(
    lake: Lake, athena: Any, transitions: Callable[[dict[str, Any]], None]
) -> None:
    transitions({"progression": "manual", "times": 1})
    running = threading.Event()

    def hold_once_running(parsed: dict[str, Any], **_: Any) -> None:
        if parsed["QueryExecution"]["Status"]["State"] == "RUNNING" and not running.is_set():
            transitions({"progression": "manual", "times": 10**9})  # stay RUNNING
            running.set()

    athena.meta.events.register("after-call.athena.GetQueryExecution", hold_once_running)
    calls = Calls().watch(athena)
    # A long poll interval: the cancel must wake the waiting poll, not wait it out.
    engine = athena_engine(lake, athena, poll_initial=30.0, poll_max=30.0)
    query = engine.start("SELECT count(*) FROM players")
    assert running.wait(10), "the query never reached RUNNING"
    started = time.monotonic()
    query.cancel()  # from this thread; the engine runs the query on its own
    with pytest.raises(QueryCancelled) as caught:
        query.result(10)

    assert time.monotonic() - started < 5
    error = caught.value
    assert error.query_id and error.query_id in str(error) and error.query_id == query.query_id
    assert calls["StopQueryExecution"] == 1
    state = athena.get_query_execution(QueryExecutionId=error.query_id)["QueryExecution"]
    assert state["Status"]["State"] == "CANCELLED"
    query.cancel()  # it has ended: a no-op
    assert calls["StopQueryExecution"] == 1


def test_cancel_before_athena_answers_start_stops_the_query_once_started(
    lake: Lake, athena: Any, transitions: Callable[[dict[str, Any]], None]
) -> None:
    transitions({"progression": "manual", "times": 10**9})  # would stay QUEUED
    engine = athena_engine(lake, athena, poll_initial=0.01)
    handles: list[RunningQuery] = []
    handed = threading.Event()

    def cancel_while_starting(**_: Any) -> None:
        assert handed.wait(10)
        handles[0].cancel()

    athena.meta.events.register("before-call.athena.StartQueryExecution", cancel_while_starting)
    calls = Calls().watch(athena)

    handles.append(engine.start("SELECT 1"))
    handed.set()
    with pytest.raises(QueryCancelled) as caught:
        handles[0].result(10)

    assert calls["StopQueryExecution"] == 1
    state = athena.get_query_execution(QueryExecutionId=caught.value.query_id)
    assert state["QueryExecution"]["Status"]["State"] == "CANCELLED"


def test_an_interrupted_wait_stops_the_query(
    lake: Lake, athena: Any, transitions: Callable[[dict[str, Any]], None]
) -> None:
    transitions({"progression": "manual", "times": 10**9})
    query_ids: list[str] = []

    def interrupt(parsed: dict[str, Any], **_: Any) -> None:
        query_ids.append(parsed["QueryExecution"]["QueryExecutionId"])
        raise KeyboardInterrupt

    athena.meta.events.register("after-call.athena.GetQueryExecution", interrupt)
    engine = athena_engine(lake, athena, poll_initial=0.01)

    with pytest.raises(KeyboardInterrupt):
        engine.execute("SELECT 1")

    athena.meta.events.unregister("after-call.athena.GetQueryExecution", interrupt)
    state = athena.get_query_execution(QueryExecutionId=query_ids[0])
    assert state["QueryExecution"]["Status"]["State"] == "CANCELLED"


def test_one_query_at_a_time(lake: Lake, athena: Any) -> None:
    engine = athena_engine(lake, athena, poll_initial=0.01)
    nested: list[BaseException] = []

    def start_another(**_: Any) -> None:
        try:
            engine.execute("SELECT 2")
        except QueryError as err:
            nested.append(err)

    athena.meta.events.register("before-call.athena.StartQueryExecution", start_another)
    engine.execute("SELECT 1")
    assert len(nested) == 1 and "already running" in str(nested[0])


# -- errors --------------------------------------------------------------------------------


def test_a_start_refused_by_athena_is_a_query_error(lake: Lake, athena: Any) -> None:
    missing = dataclasses.replace(
        lake, outputs=dataclasses.replace(lake.outputs, workgroup="no-such-workgroup")
    )
    with pytest.raises(QueryError, match="WorkGroup does not exist"):
        athena_engine(missing, athena).execute("SELECT 1")


QID = "8f0c2b0e-5f5a-4a7e-9d59-3b8c1d2e4f60"


@pytest.fixture
def stubbed(lake: Lake, aws_env: MotoServer) -> Iterator[tuple[AthenaEngine, Stubber]]:
    """An engine whose Athena client answers from recorded responses (no HTTP)."""
    client = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=aws_env.region
    ).client("athena")
    with Stubber(client) as stubber:
        s3 = aws_env.client("s3")
        yield (
            AthenaEngine(lake.outputs, athena_client=client, s3_client=s3, poll_initial=0.001),
            stubber,
        )
        stubber.assert_no_pending_responses()


def recorded_execution(
    lake: Lake,
    state: str,
    *,
    reason: str | None = None,
    error: dict[str, Any] | None = None,
    scanned: int = 0,
    total_ms: int | None = None,
    engine_ms: int | None = None,
    statement: str = "DML",
) -> dict[str, Any]:
    """A GetQueryExecution answer shaped like Athena's (engine version 3)."""
    submitted = dt.datetime(2024, 11, 25, 20, 14, 3, 512000, tzinfo=dt.UTC)
    status: dict[str, Any] = {"State": state, "SubmissionDateTime": submitted}
    if state in ("SUCCEEDED", "FAILED", "CANCELLED"):
        status["CompletionDateTime"] = submitted + dt.timedelta(seconds=2)
    if reason is not None:
        status["StateChangeReason"] = reason
    if error is not None:
        status["AthenaError"] = error
    statistics: dict[str, Any] = {
        "DataScannedInBytes": scanned,
        "QueryQueueTimeInMillis": 112,
        "ServicePreProcessingTimeInMillis": 63,
        "QueryPlanningTimeInMillis": 321,
        "ServiceProcessingTimeInMillis": 46,
        "ResultReuseInformation": {"ReusedPreviousResult": False},
    }
    if total_ms is not None:
        statistics["TotalExecutionTimeInMillis"] = total_ms
    if engine_ms is not None:
        statistics["EngineExecutionTimeInMillis"] = engine_ms
    return {
        "QueryExecution": {
            "QueryExecutionId": QID,
            "Query": "SELECT team, avg(points_per_game) FROM players GROUP BY team",
            "StatementType": statement,
            "ResultConfiguration": {"OutputLocation": f"{lake.outputs.results_location}{QID}.csv"},
            "ResultReuseConfiguration": {"ResultReuseByAgeConfiguration": {"Enabled": False}},
            "QueryExecutionContext": {
                "Database": lake.outputs.database,
                "Catalog": "awsdatacatalog",
            },
            "Status": status,
            "Statistics": statistics,
            "WorkGroup": lake.outputs.workgroup,
            "EngineVersion": {
                "SelectedEngineVersion": "AUTO",
                "EffectiveEngineVersion": "Athena engine version 3",
            },
            "SubstatementType": "SELECT",
        }
    }


def expect_start(lake: Lake, stubber: Stubber, sql: str) -> None:
    stubber.add_response(
        "start_query_execution",
        {"QueryExecutionId": QID},
        {
            "QueryString": sql,
            "WorkGroup": lake.outputs.workgroup,
            "QueryExecutionContext": {"Database": lake.outputs.database},
            "ResultConfiguration": {"OutputLocation": lake.outputs.results_location},
        },
    )


def expect_poll(lake: Lake, stubber: Stubber, state: str, **recorded: Any) -> None:
    stubber.add_response(
        "get_query_execution",
        recorded_execution(lake, state, **recorded),
        {"QueryExecutionId": QID},
    )


def expect_rows(stubber: Stubber, columns: list[dict[str, Any]], rows: list[list[str]]) -> None:
    header = [c["Name"] for c in columns]
    stubber.add_response(
        "get_query_results",
        {
            "UpdateCount": 0,
            "ResultSet": {
                "Rows": [athena_row(list(r)) for r in [header, *rows]],
                "ResultSetMetadata": {"ColumnInfo": columns},
            },
        },
        {"QueryExecutionId": QID, "MaxResults": 1000},
    )


SQL = "SELECT team, avg(points_per_game) FROM players GROUP BY team"


def test_a_failed_query_raises_its_reason_on_one_line(
    lake: Lake, stubbed: tuple[AthenaEngine, Stubber]
) -> None:
    engine, stubber = stubbed
    reason = (
        "COLUMN_NOT_FOUND: line 1:14: Column 'points_per_gam' cannot be resolved or requester "
        "is not authorized to access requested resources"
    )
    expect_start(lake, stubber, SQL)
    expect_poll(lake, stubber, "QUEUED")
    expect_poll(lake, stubber, "RUNNING")
    expect_poll(
        lake,
        stubber,
        "FAILED",
        reason=reason,
        error={"ErrorCategory": 2, "ErrorType": 1006, "Retryable": False, "ErrorMessage": reason},
        total_ms=544,
    )

    with pytest.raises(QueryError) as caught:
        engine.execute(SQL)

    error = caught.value
    assert not isinstance(error, QueryCancelled)
    assert error.query_id == QID
    message = str(error)
    assert "\n" not in message
    assert message.count(reason) == 1  # AthenaError repeats it: said once
    assert message.startswith(f"Athena query {QID} failed: COLUMN_NOT_FOUND")
    assert message.endswith("fix the statement and run it again")


def test_a_failure_detail_beyond_the_reason_is_kept(
    lake: Lake, stubbed: tuple[AthenaEngine, Stubber]
) -> None:
    engine, stubber = stubbed
    expect_start(lake, stubber, SQL)
    expect_poll(
        lake,
        stubber,
        "FAILED",
        reason="HIVE_BAD_DATA: Error parsing field value '2024-13-01' for field 4:\nbad date",
        error={
            "ErrorCategory": 1,
            "ErrorType": 1100,
            "Retryable": True,
            "ErrorMessage": "s3://bucket/raw/players/part-0.json",
        },
    )

    with pytest.raises(QueryError) as caught:
        engine.execute(SQL)

    message = str(caught.value)
    assert "\n" not in message
    assert "HIVE_BAD_DATA: Error parsing field value '2024-13-01' for field 4: bad date" in message
    assert "(s3://bucket/raw/players/part-0.json)" in message
    assert "retry may succeed" in message


def test_a_query_cancelled_by_athena_says_why(
    lake: Lake, stubbed: tuple[AthenaEngine, Stubber]
) -> None:
    engine, stubber = stubbed
    expect_start(lake, stubber, SQL)
    expect_poll(lake, stubber, "RUNNING")
    expect_poll(
        lake,
        stubber,
        "CANCELLED",
        reason="Query cancelled: bytes scanned limit was exceeded",
        scanned=10_737_418_240,
    )

    with pytest.raises(QueryCancelled) as caught:
        engine.execute(SQL)

    message = str(caught.value)
    assert caught.value.query_id == QID
    assert "bytes scanned limit was exceeded" in message
    assert "10,737,418,240 bytes" in message  # the workgroup's cutoff, from outputs.json


def test_a_syntax_error_at_start_is_a_query_error(
    lake: Lake, stubbed: tuple[AthenaEngine, Stubber]
) -> None:
    engine, stubber = stubbed
    message = (
        "line 1:1: mismatched input 'SELEC'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'CREATE', "
        "'DESCRIBE', 'DROP', 'EXPLAIN', 'INSERT', 'SHOW', 'WITH', <query>"
    )
    stubber.add_client_error(
        "start_query_execution",
        service_error_code="InvalidRequestException",
        service_message=message,
        http_status_code=400,
        modeled_fields={"AthenaErrorCode": "MALFORMED_QUERY", "Message": message},
    )

    with pytest.raises(QueryError) as caught:
        engine.execute("SELEC 1")

    assert not isinstance(caught.value, QueryCancelled)
    assert f"MALFORMED_QUERY: {message}" in str(caught.value)
    assert caught.value.query_id == ""  # Athena never gave it an id


@pytest.mark.parametrize(
    ("scanned", "expected_cost"),
    [
        (1_234_567, MIN_BILLED_BYTES / 1024**4 * 5.0),  # billed as 10 MB
        (5 * 1024**3, 5 / 1024 * 5.0),  # 5 GiB at 5 USD per TiB
    ],
)
def test_statistics_and_cost_from_a_recorded_execution(
    lake: Lake, stubbed: tuple[AthenaEngine, Stubber], scanned: int, expected_cost: float
) -> None:
    engine, stubber = stubbed
    columns = [column_info("team", "varchar", 2147483647), column_info("ppg", "double", 17)]
    expect_start(lake, stubber, SQL)
    expect_poll(lake, stubber, "RUNNING")
    expect_poll(lake, stubber, "SUCCEEDED", scanned=scanned, total_ms=1834, engine_ms=1290)
    expect_rows(stubber, columns, [["BOS", "24.5"], ["LAL", "21.25"]])

    result = engine.execute(SQL)

    stats = result.stats
    assert stats.query_id == QID
    assert stats.state == "SUCCEEDED"
    assert stats.elapsed_seconds == 1.834  # TotalExecutionTimeInMillis
    assert stats.bytes_scanned == scanned
    assert stats.estimated_cost_usd == pytest.approx(expected_cost)
    assert stats.results_location == f"{lake.outputs.results_location}{QID}.csv"
    assert result.table.to_pylist() == [{"team": "BOS", "ppg": 24.5}, {"team": "LAL", "ppg": 21.25}]


def test_engine_time_when_athena_reports_no_total(
    lake: Lake, stubbed: tuple[AthenaEngine, Stubber]
) -> None:
    engine, stubber = stubbed
    expect_start(lake, stubber, SQL)
    expect_poll(lake, stubber, "SUCCEEDED", scanned=0, engine_ms=750)
    expect_rows(stubber, [column_info("team", "varchar")], [])

    result = engine.execute(SQL)

    assert result.stats.elapsed_seconds == 0.75
    assert result.stats.estimated_cost_usd == 0.0  # nothing scanned, nothing billed
    assert result.row_count == 0 and result.columns == (ColumnInfo("team", "varchar"),)


# -- catalog -------------------------------------------------------------------------------


def test_databases_tables_and_partitions_come_from_glue(lake: Lake) -> None:
    """The catalog belongs to the lake (the engine runs SQL only): Glue, through the target."""
    database = lake.outputs.database
    curated = lake.outputs.tables["players"].curated
    location = f"s3://{lake.outputs.bucket}/{lake.outputs.curated_prefix}/{curated}/season=2024/"
    lake.catalog.put_partition(database, curated, Partition(("2024",), location))

    assert database in lake.catalog.databases()
    assert [t.name for t in lake.catalog.tables(database)] == sorted(lake.outputs.table_names())
    assert lake.catalog.partitions(database, curated) == [Partition(("2024",), location)]
    assert lake.catalog.partitions(database, "nba_team_data") == []
