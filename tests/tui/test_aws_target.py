"""The app on the `aws` target: Glue catalog and Athena queries against a moto server.

moto runs no SQL: the rows a query returns are queued through moto's API first (see
tests/aws/test_athena_engine.py), so this checks the app's side: the catalog from Glue,
the query through Athena, typed columns, the statistics line, the history, export.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pacsv
import pytest
from textual.widgets import Input

from ingest.query.history import QueryHistory
from ingest.settings import Settings
from tests.support.athena_answers import column_info, queue_result
from tests.support.aws_lake import provision_aws_lake
from tests.support.emulator import MotoServer
from tests.tui.pilot import SIZE, current_table, run_sql, settle, status_text
from tui.app import LakeApp
from tui.components.catalog_tree import CatalogTree

pytestmark = pytest.mark.aws


def queue_athena_rows(
    server: MotoServer, columns: list[tuple[str, str]], rows: list[list[str]]
) -> None:
    """What moto's Athena answers the next query with (a SELECT's first row is its header)."""
    queue_result(server, [column_info(name, kind) for name, kind in columns], list(rows))


@pytest.fixture
def aws_settings(aws_env: MotoServer, tmp_path: Path) -> Settings:
    settings = Settings.from_env(target="aws", lake_home=tmp_path / "aws-lake")
    clients = {name: aws_env.client(name) for name in ("s3", "glue", "athena")}
    provision_aws_lake(settings, clients, aws_env.region)
    return settings


async def test_the_app_queries_athena_and_reads_glue(
    aws_settings: Settings, aws_env: MotoServer, tmp_path: Path
) -> None:
    queue_athena_rows(
        aws_env,
        [("team", "varchar"), ("players", "bigint"), ("avg_ppg", "double")],
        [["BOS", "15", "11.25"], ["CHI", "14", "10.5"], ["LAL", "15", "12.75"]],
    )
    app = LakeApp(aws_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.lake is not None and app.lake.target.name == "aws"
        assert "aws lake" in status_text(pilot) and "Athena" in status_text(pilot)
        tree = app.query_one(CatalogTree)
        names = {node.data.name for node in tree.root.children if node.data is not None}
        assert set(app.lake.outputs.table_names()) <= names  # the tables, from Glue

        sql = (
            "SELECT team, count(*) AS players, avg(points_per_game) AS avg_ppg "
            "FROM players GROUP BY team"
        )
        await run_sql(pilot, sql)
        result = current_table(pilot).result
        assert [(c.name, c.type) for c in result.columns] == [
            ("team", "varchar"),
            ("players", "bigint"),
            ("avg_ppg", "double"),
        ]
        assert result.table.to_pylist() == [
            {"team": "BOS", "players": 15, "avg_ppg": 11.25},
            {"team": "CHI", "players": 14, "avg_ppg": 10.5},
            {"team": "LAL", "players": 15, "avg_ppg": 12.75},
        ]
        assert result.stats.engine == "athena"
        status = status_text(pilot)
        assert "3 rows" in status and result.stats.query_id in status

        # Athena saw the statement in the lake's workgroup
        execution = aws_env.client("athena").get_query_execution(
            QueryExecutionId=result.stats.query_id
        )["QueryExecution"]
        assert execution["Query"] == sql
        assert execution["WorkGroup"] == app.lake.outputs.workgroup

        [entry] = QueryHistory(app.lake.history_path).entries()
        assert (entry.engine, entry.rows, entry.query_id) == ("athena", 3, result.stats.query_id)

        target = tmp_path / "athena.csv"
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert pacsv.read_csv(target).to_pylist() == result.table.to_pylist()
