"""The scheduled function's pieces that need no emulator: its event, its configuration, the
`schedule` output, what importing the handler loads, and the Makefile's packaging step."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ingest.errors import LakeError
from ingest.outputs import REQUIRED_OUTPUTS
from ingest.serverless.config import FunctionConfig
from ingest.serverless.deployment import parse_deployment
from ingest.serverless.event import SCHEDULED_SOURCES, manual_event, parse_event
from ingest.sources.registry import SOURCE_NAMES
from ingest.terraform_config import parse_hcl_file
from tests.support.emulator import REPO_ROOT, TERRAFORM_DIR

SCHEDULE_INPUT = json.dumps(
    {
        "job": "games-daily",
        "source": "sportsdata",
        "dataset": "player_season_stats",
        "season": None,
        "scheduled_time": "<aws.scheduler.scheduled-time>",
        "execution_id": "<aws.scheduler.execution-id>",
    }
)


def test_a_scheduled_event_names_the_job_and_its_day() -> None:
    event = json.loads(SCHEDULE_INPUT) | {
        "scheduled_time": "2024-12-02T10:00:00Z",
        "execution_id": "0d7d-42",
    }
    job = parse_event(event)
    assert (job.job, job.source, job.dataset, job.season) == (
        "games-daily",
        "sportsdata",
        "player_season_stats",
        None,
    )
    assert job.scheduled_time == datetime(2024, 12, 2, 10, tzinfo=UTC)
    assert job.day == date(2024, 12, 2) and job.execution_id == "0d7d-42"


def test_unfilled_context_attributes_mean_now() -> None:
    job = parse_event(json.loads(SCHEDULE_INPUT))
    assert job.scheduled_time is None and job.execution_id is None
    assert job.day == datetime.now(UTC).date()


@pytest.mark.parametrize(
    ("event", "fragment"),
    [
        ("not an object", "not a JSON object"),
        ({"job": "x", "source": "sample", "dataset": "all", "command": "rm"}, "unknown fields"),
        ({"source": "sample", "dataset": "all"}, "no valid 'job'"),
        ({"job": "a b", "source": "sample", "dataset": "all"}, "is not a job name"),
        ({"job": "x", "source": "file", "dataset": "all"}, "cannot read the source 'file'"),
        ({"job": "x", "source": "sample", "dataset": ""}, "no valid 'dataset'"),
        (
            {"job": "x", "source": "sample", "dataset": "all", "scheduled_time": "yesterday"},
            "is not an ISO time",
        ),
    ],
)
def test_a_malformed_event_is_refused_in_one_line(event: Any, fragment: str) -> None:
    with pytest.raises(LakeError) as err:
        parse_event(event)
    assert fragment in str(err.value) and "\n" not in str(err.value)


def test_a_manual_run_fills_in_what_the_scheduler_would() -> None:
    now = datetime(2026, 11, 29, 23, 5, 7, tzinfo=UTC)
    event = manual_event(SCHEDULE_INPUT, now)
    assert event["scheduled_time"] == "2026-11-29T23:05:07Z"
    assert event["execution_id"].startswith("manual-")
    assert parse_event(event).day == date(2026, 11, 29)
    assert {k: v for k, v in event.items() if k not in ("scheduled_time", "execution_id")} == {
        k: v
        for k, v in json.loads(SCHEDULE_INPUT).items()
        if k not in ("scheduled_time", "execution_id")
    }


def test_scheduled_sources_match_terraform_and_the_registry() -> None:
    """Every source of `nba-lake ingest` but `file`, on both sides of the contract."""
    main_tf = parse_hcl_file(TERRAFORM_DIR / "main.tf")
    declared = next(
        block["schedule_sources"] for block in main_tf["locals"] if "schedule_sources" in block
    )
    assert sorted(declared) == sorted(SCHEDULED_SOURCES)
    assert sorted(SCHEDULED_SOURCES) == sorted(set(SOURCE_NAMES) - {"file"})


def _contract() -> dict[str, Any]:
    return {
        "target": "aws",
        "region": "us-east-1",
        "bucket": "sports-data-lake-123456789012-us-east-1",
        "database": "glue_nba_data_lake",
        "tables": {"players": {"raw": "nba_player_data", "curated": "players"}},
        "workgroup": "nba-data-lake",
        "results_location": "s3://sports-data-lake-123456789012-us-east-1/athena-results/",
        "raw_prefix": "raw",
        "curated_prefix": "curated",
        "rejected_prefix": "rejected",
        "manifests_prefix": "_manifests",
        "bytes_scanned_cutoff_per_query": 10737418240,
        "athena_results_expiration_days": 30,
    }


def test_the_function_reads_the_outputs_contract_from_its_environment() -> None:
    assert set(_contract()) == set(REQUIRED_OUTPUTS)
    config = FunctionConfig.from_env(
        {
            "NBA_LAKE_OUTPUTS": json.dumps(_contract()),
            "NBA_LAKE_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:k",
            "LAKE_HOME": "/tmp/nba-lake",
        }
    )
    assert config.outputs.bucket == "sports-data-lake-123456789012-us-east-1"
    assert config.outputs.tables["players"].curated == "players"
    assert str(config.lake_home) == "/tmp/nba-lake"


@pytest.mark.parametrize(
    ("environ", "fragment"),
    [
        ({}, "no NBA_LAKE_OUTPUTS"),
        ({"NBA_LAKE_OUTPUTS": "{not json"}, "is not JSON"),
        ({"NBA_LAKE_OUTPUTS": "[]"}, "not a JSON object"),
        ({"NBA_LAKE_OUTPUTS": json.dumps({"target": "aws"})}, "the lake outputs lack"),
        ({"NBA_LAKE_OUTPUTS": json.dumps(_contract() | {"bucket": "../x"})}, "bucket"),
        ({"NBA_LAKE_OUTPUTS": json.dumps(_contract() | {"target": "local"})}, "a local lake"),
    ],
)
def test_a_broken_configuration_is_one_line(environ: dict[str, str], fragment: str) -> None:
    with pytest.raises(LakeError) as err:
        FunctionConfig.from_env(environ)
    assert fragment in str(err.value) and "\n" not in str(err.value)


def test_the_schedule_output_off_or_broken_says_how_to_turn_it_on() -> None:
    for value in (None, {"jobs": []}, "x"):
        with pytest.raises(LakeError, match="enable_schedule = true"):
            parse_deployment(value)


def test_importing_the_handler_loads_no_query_engine_and_no_ui() -> None:
    """The artifact holds none of them; a handler that needed one would fail on Lambda."""
    code = (
        "import sys, ingest.serverless.handler\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(json.loads(done.stdout.replace("'", '"')))
    assert "ingest" in loaded and "pyarrow" in loaded
    for heavy in ("duckdb", "sqlglot", "rich", "textual", "plotext", "hcl2", "lark"):
        assert heavy not in loaded, heavy


def _make_dry_run(*args: str) -> str:
    done = subprocess.run(
        ["make", "-n", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout + done.stderr


def test_make_apply_on_aws_builds_the_artifact_when_the_schedule_needs_it() -> None:
    aws = _make_dry_run("apply", "TARGET=aws", "YES=1")
    assert re.search(r"package_lambda\.py --if-scheduled\n.*nba-lake apply --target aws", aws)
    assert "package_lambda" not in _make_dry_run("apply", "TARGET=local")
    assert "scripts/package_lambda.py\n" in _make_dry_run("package")
