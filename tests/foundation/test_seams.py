"""The seams between the core's rooms: one place chooses the target, and a process loads only
what its job needs (an ingest never loads the query engines or the UI)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.settings import Settings
from ingest.targets import load_target, open_lake, provisioner_for

REPO_ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("duckdb", "sqlglot", "textual", "rich", "hcl2")

_INGEST_ONLY = """
import sys
from ingest.pipeline.plan import IngestOptions, plan_ingest
from ingest.pipeline.run import run_ingest
from ingest.settings import Settings
from ingest.targets import open_lake

lake = open_lake(Settings.from_env())
plan = plan_ingest(lake, IngestOptions(dataset="teams"))
if {run}:
    assert [o.status for o in run_ingest(lake, plan)] == ["written"]
print(" ".join(sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))))
"""


def _loaded_by_an_ingest(lake_home: Path, *, run: bool) -> str:
    env = {**os.environ, "LAKE_HOME": str(lake_home), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _INGEST_ONLY.format(run=run, heavy=HEAVY)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_an_ingest_on_the_local_target_loads_no_engine_and_no_ui(local_lake: Lake) -> None:
    assert _loaded_by_an_ingest(local_lake.settings.lake_home, run=True) == ""


def test_planning_an_ingest_on_aws_loads_no_engine_and_no_ui(local_lake: Lake) -> None:
    """What a scheduled function on AWS does before it fetches: open the lake, plan."""
    outputs = local_lake.settings.outputs_path
    document = json.loads(outputs.read_text())
    document["target"]["value"] = "aws"
    outputs.write_text(json.dumps(document))
    assert _loaded_by_an_ingest(local_lake.settings.lake_home, run=False) == ""


def test_the_lake_knows_its_target_and_builds_its_engine(local_lake: Lake) -> None:
    assert local_lake.target.name == "local" and local_lake.target.engine_name == "DuckDB"
    engine = local_lake.target.query_engine(local_lake)
    try:
        assert engine.name == "duckdb"
        assert engine.execute("SELECT count(*) FROM teams").table.column(0).to_pylist() == [0]
    finally:
        engine.close()


def test_one_lake_home_holds_one_lake(local_lake: Lake) -> None:
    other = Settings.from_env(target="aws", lake_home=local_lake.settings.lake_home, env={})
    with pytest.raises(LakeError, match="already holds a local lake"):
        provisioner_for(other, "apply")
    assert type(provisioner_for(other, "destroy")).__name__ == "LocalProvisioner"
    assert open_lake(other).target.name == "local"  # the lake's own target, not the one asked


def test_targets_are_built_by_name(settings: Settings) -> None:
    assert load_target("aws", settings).engine_name == "Athena"
    assert load_target("local", settings).engine_name == "DuckDB"
