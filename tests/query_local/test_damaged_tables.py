"""A damaged catalog document answers with its own error whatever the query names: a column
of a table whose columns cannot be read is not reported as "column not found"."""

from __future__ import annotations

import pytest

from ingest.lake import Lake
from ingest.query.result import QueryError
from ingest.sources.sample import SampleSource
from tests.support.lakes import ingest, layout


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT team_id FROM teams",
        "SELECT t.name FROM teams t JOIN players p ON p.team_id = t.team_id",
        "SELECT * FROM teams WHERE season = 2025",
    ],
)
def test_named_columns_of_a_damaged_table(local_lake: Lake, sql: str) -> None:
    assert all(o.status == "written" for o in ingest(local_lake, SampleSource(), ["teams"], [2025]))
    path = layout(local_lake).catalog_root / local_lake.outputs.database / "tables" / "teams.json"
    path.write_bytes(b"nonsense")
    engine = local_lake.target.query_engine(local_lake)
    try:
        with pytest.raises(QueryError) as caught:
            engine.execute(sql)
    finally:
        engine.close()
    assert str(path) in str(caught.value)
    assert "cannot be resolved" not in str(caught.value)
