"""The scheduled ingestion end to end on the emulator: `nba-lake apply --target aws` with
`enable_schedule = true` (the one apply of this module, shared by its tests), boto3 checks of
every resource, a plan that changes nothing, the handler called in-process with the
function's own configuration and a schedule's own event against S3, Glue and Secrets
Manager and a loopback SportsData.io, `nba-lake schedule run|status`, and the documented
data-deletion step that removes everything.

The emulator runs no function code (that needs Docker), so `schedule run` is checked by the
`Invoke` it sends, and the handler runs in this process. Tests run in file order; the
destroy test is last.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from ingest.cli import main
from ingest.errors import LakeError
from ingest.outputs import REQUIRED_OUTPUTS, load_outputs
from ingest.serverless.event import manual_event
from ingest.serverless.handler import handle
from ingest.serverless.joblog import JOB_LINE_EVENT
from ingest.settings import Settings
from ingest.targets import open_lake
from tests.aws.conftest import Artifact
from tests.aws.iam_rights import RIGHTS, Right, missing
from tests.aws.sportsdata_days import GameDaysApi
from tests.support.athena_answers import moto_api
from tests.support.aws_calls import CallRecorder
from tests.support.emulator import (
    REPO_ROOT,
    MotoServer,
    emulator_env,
    prepare_terraform_workdir,
    terraform_env,
)
from tests.support.lake_view import object_listing

pytestmark = [pytest.mark.terraform, pytest.mark.aws, pytest.mark.slow]

REGION = "us-east-1"
NAME = "nba-data-lake-ingest"
JOB = "games-daily"
KEY = "k3y-SECRET-scheduled"
DATABASE = "glue_nba_data_lake"


@dataclass
class ScheduledLake:
    home: Path
    env: dict[str, str]
    server: MotoServer
    artifact: Artifact

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ingest.cli", *args],
            env=self.env,
            text=True,
            capture_output=True,
            timeout=900,
            check=False,
        )

    @property
    def outputs_document(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads((self.home / "outputs.json").read_text())
        return document

    @property
    def schedule(self) -> dict[str, Any]:
        value: dict[str, Any] = self.outputs_document["schedule"]["value"]
        return value

    def client(self, service: str) -> Any:
        return self.server.client(service, REGION)


@pytest.fixture(scope="module")
def lake(
    moto_server: MotoServer, lambda_artifact: Artifact, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ScheduledLake]:
    """`nba-lake apply --target aws` with the schedule on; destroyed with its data at the end
    (by the last test, or here when a test before it failed)."""
    moto_server.reset()
    root = tmp_path_factory.mktemp("scheduled")
    checkout = prepare_terraform_workdir(root / "terraform", moto_server.endpoint)
    env = terraform_env(moto_server.endpoint, REGION)
    env.update(
        NBA_LAKE_TERRAFORM_DIR=str(checkout),
        LAKE_HOME=str(root / "home"),
        PYTHONPATH=str(REPO_ROOT),
        TF_VAR_enable_schedule="true",
        TF_VAR_schedule_artifact_path=str(lambda_artifact.path),
    )
    scheduled = ScheduledLake(root / "home", env, moto_server, lambda_artifact)
    applied = scheduled.cli("apply", "--target", "aws", "--yes")
    assert applied.returncode == 0, applied.stdout[-3000:] + applied.stderr[-3000:]
    yield scheduled
    if (scheduled.home / "outputs.json").exists():
        scheduled.cli("destroy", "--target", "aws", "--yes", "--delete-data")


@pytest.fixture
def in_lake(lake: ScheduledLake, monkeypatch: pytest.MonkeyPatch) -> ScheduledLake:
    """This process talks to the emulator only, with the lake's LAKE_HOME."""
    for key in [key for key in os.environ if key.startswith("AWS_")]:
        monkeypatch.delenv(key)
    for key, value in emulator_env(lake.server.endpoint, REGION).items():
        if key.startswith("AWS_") or key in ("NO_PROXY", "no_proxy"):
            monkeypatch.setenv(key, value)
    monkeypatch.setenv("LAKE_HOME", str(lake.home))
    return lake


@pytest.fixture(scope="module")
def api() -> Iterator[GameDaysApi]:
    """SportsData.io's game endpoints on loopback, answering only with the key."""
    server = HTTPServer(host="127.0.0.1")
    server.start()
    yield GameDaysApi(server, KEY)
    server.stop()


def as_function(
    lake: ScheduledLake, api: GameDaysApi, monkeypatch: pytest.MonkeyPatch, tmp: Path
) -> None:
    """This process configured exactly like the deployed function: its environment as
    Lambda holds it, and SportsData.io's address pointed at the stand-in."""
    config = lake.client("lambda").get_function_configuration(FunctionName=NAME)
    for key, value in config["Environment"]["Variables"].items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("LAKE_HOME", str(tmp / "function-tmp"))  # Lambda's /tmp
    monkeypatch.setenv("SPORTSDATA_BASE_URL", api.url)
    for name in ("SPORTSDATA_API_KEY", "SPORTS_DATA_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def scheduled_event(lake: ScheduledLake, scheduled_time: str, job: str = JOB) -> dict[str, Any]:
    """The event the scheduler sends: the schedule's input, its context attributes filled."""
    schedule = lake.client("scheduler").get_schedule(Name=job, GroupName=NAME)
    event: dict[str, Any] = json.loads(schedule["Target"]["Input"])
    return event | {"scheduled_time": scheduled_time, "execution_id": "exec-0001"}


def month_partitions(lake: ScheduledLake) -> dict[str, list[list[str]]]:
    """The (season, game_month) partitions of the date-keyed tables, in Glue."""
    glue = lake.client("glue")
    return {
        table: sorted(
            p["Values"]
            for p in glue.get_partitions(DatabaseName=DATABASE, TableName=table)["Partitions"]
        )
        for table in ("games", "player_game_stats")
    }


@pytest.fixture(scope="module")
def shared() -> dict[str, str]:
    """What one test leaves for a later one (the tests run in file order)."""
    return {}


class Context:
    aws_request_id = "req-0001"


def lake_objects(lake: ScheduledLake) -> dict[str, int]:
    """The lake bucket's objects, but the lock (taken and released by every run)."""
    opened = open_lake(Settings.from_env(target="aws", lake_home=lake.home))
    return {k: v for k, v in object_listing(opened).items() if not k.startswith("_locks/")}


def table_rows(out: str) -> dict[str, list[str]]:
    """A printed table's rows by their first cell, each cell's wrapped lines joined."""
    rows: dict[str, list[str]] = {}
    current: list[str] = []
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        if cells[0]:
            current = rows.setdefault(cells[0], [""] * len(cells))
        current[:] = [f"{a} {b}".strip() for a, b in zip(current, cells, strict=True)]
    return rows


def job_lines(out: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("event") == JOB_LINE_EVENT]


# -- what apply created ---------------------------------------------------------------------


def test_apply_creates_the_function_with_the_outputs_contract(lake: ScheduledLake) -> None:
    config = lake.client("lambda").get_function_configuration(FunctionName=NAME)
    assert (config["Runtime"], config["Handler"]) == (
        "python3.12",
        "ingest.serverless.handler.handle",
    )
    assert (config["MemorySize"], config["Timeout"]) == (1024, 900)
    assert config["Role"] == lake.schedule["role_arn"]
    variables = config["Environment"]["Variables"]
    assert set(variables) == {"NBA_LAKE_OUTPUTS", "NBA_LAKE_SECRET_ARN", "LAKE_HOME"}
    contract = json.loads(variables["NBA_LAKE_OUTPUTS"])
    document = lake.outputs_document
    assert contract == {name: document[name]["value"] for name in REQUIRED_OUTPUTS}
    assert variables["NBA_LAKE_SECRET_ARN"] == lake.schedule["secret_arn"]
    assert KEY not in json.dumps(config)


def test_the_code_travels_through_its_own_bucket_not_the_lakes(lake: ScheduledLake) -> None:
    s3 = lake.client("s3")
    artifacts = lake.schedule["artifacts_bucket"]
    assert artifacts == f"{NAME}-artifacts-123456789012-{REGION}"
    head = s3.head_object(Bucket=artifacts, Key=f"lambda/{NAME}.zip")
    assert head["ContentLength"] == lake.artifact.path.stat().st_size
    lake_bucket = load_outputs(lake.home / "outputs.json").bucket
    assert not s3.list_object_versions(Bucket=lake_bucket).get("Versions")
    assert s3.get_bucket_versioning(Bucket=artifacts)["Status"] == "Enabled"
    assert s3.get_public_access_block(Bucket=artifacts)["PublicAccessBlockConfiguration"][
        "BlockPublicPolicy"
    ]


def test_a_schedule_per_job_invokes_the_function_with_the_job(lake: ScheduledLake) -> None:
    scheduler = lake.client("scheduler")
    listed = scheduler.list_schedules(GroupName=NAME)["Schedules"]
    assert sorted(s["Name"] for s in listed) == sorted(lake.schedule["jobs"])
    for name, job in lake.schedule["jobs"].items():
        schedule = scheduler.get_schedule(Name=name, GroupName=NAME)
        assert schedule["ScheduleExpression"] == job["cron"] and schedule["State"] == "ENABLED"
        target = schedule["Target"]
        assert target["Arn"] == lake.schedule["function_arn"]
        assert target["DeadLetterConfig"]["Arn"] == lake.schedule["queue_arn"]
        event = json.loads(target["Input"])
        assert (event["job"], event["dataset"], event["source"]) == (
            name,
            job["dataset"],
            job["source"],
        )
        assert event["scheduled_time"] == "<aws.scheduler.scheduled-time>"
    role = target["RoleArn"].rsplit("/", 1)[1]
    policy = lake.client("iam").get_role_policy(RoleName=role, PolicyName="invoke-nba-lake-ingest")
    actions = {a for s in policy["PolicyDocument"]["Statement"] for a in [s["Action"]]}
    assert actions == {"lambda:InvokeFunction", "sqs:SendMessage"}


def test_the_secret_exists_empty_and_the_logs_and_failures_have_their_places(
    lake: ScheduledLake,
) -> None:
    secrets = lake.client("secretsmanager")
    assert not secrets.list_secret_version_ids(SecretId=lake.schedule["secret_arn"])["Versions"]
    [group] = lake.client("logs").describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{NAME}")[
        "logGroups"
    ]
    assert group["retentionInDays"] == 30
    invoke = lake.client("lambda").get_function_event_invoke_config(FunctionName=NAME)
    assert invoke["MaximumRetryAttempts"] == 2
    assert invoke["DestinationConfig"]["OnFailure"]["Destination"] == lake.schedule["queue_arn"]
    sqs = lake.client("sqs")
    assert sqs.get_queue_url(QueueName=f"{NAME}-failures")["QueueUrl"] == lake.schedule["queue_url"]
    [alarm] = lake.client("cloudwatch").describe_alarms(AlarmNames=[f"{NAME}-failed-runs"])[
        "MetricAlarms"
    ]
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": f"{NAME}-failures"}]
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"


def test_the_functions_role_is_the_lake_users_plus_its_own(lake: ScheduledLake) -> None:
    role = lake.schedule["role_arn"].rsplit("/", 1)[1]
    iam = lake.client("iam")
    policy = iam.get_role_policy(RoleName=role, PolicyName="nba-lake-ingest")["PolicyDocument"]
    user = json.loads(lake.outputs_document["lake_user_policy_json"]["value"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert all(by_sid[s["Sid"]] == s for s in user["Statement"])
    own = {sid: by_sid[sid] for sid in set(by_sid) - {s["Sid"] for s in user["Statement"]}}
    actions = {sid: s["Action"] for sid, s in own.items()}
    assert {sid: sorted([a] if isinstance(a, str) else a) for sid, a in actions.items()} == {
        "ReadTheApiKey": ["secretsmanager:GetSecretValue"],
        "WriteItsLogs": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "SendFailedRuns": ["sqs:SendMessage"],
    }
    assert own["ReadTheApiKey"]["Resource"] == lake.schedule["secret_arn"]
    assert own["SendFailedRuns"]["Resource"] == lake.schedule["queue_arn"]


def test_a_plan_after_apply_changes_nothing(lake: ScheduledLake) -> None:
    planned = lake.cli("plan", "--target", "aws")
    assert planned.returncode == 0, planned.stderr[-3000:]
    assert "No changes." in planned.stdout, planned.stdout[-3000:]


# -- the handler, in this process, as the deployed function --------------------------------


def test_without_its_key_the_handler_fails_loudly_and_writes_nothing(
    in_lake: ScheduledLake,
    api: GameDaysApi,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    as_function(in_lake, api, monkeypatch, tmp_path)
    before = lake_objects(in_lake)
    with pytest.raises(LakeError, match="the API key is not set in Secrets Manager"):
        handle(scheduled_event(in_lake, "2024-11-30T10:00:00Z"), Context())
    [line] = job_lines(capsys.readouterr().out)
    assert line["status"] == "failed" and "put-secret-value" in line["error"]
    assert lake_objects(in_lake) == before
    assert api.requested() == []


def test_the_first_run_loads_the_season_so_far_with_only_its_roles_rights(
    in_lake: ScheduledLake,
    api: GameDaysApi,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    in_lake.client("secretsmanager").put_secret_value(
        SecretId=in_lake.schedule["secret_arn"], SecretString=f"{KEY}\n"
    )
    as_function(in_lake, api, monkeypatch, tmp_path)
    with CallRecorder().installed() as calls:
        record = handle(scheduled_event(in_lake, "2024-11-30T10:00:00Z"), Context())
    [line] = job_lines(capsys.readouterr().out)
    assert line == record
    assert (record["status"], record["job"], record["day"]) == ("written", JOB, "2024-11-30")
    landed = {(o["dataset"], o["season"], o["status"], o["landed"]) for o in record["outcomes"]}
    assert landed == {("games", 2025, "written", 1), ("player_game_stats", 2025, "written", 2)}
    assert all(o["days"]["added"] == ["2024-11-30"] for o in record["outcomes"])
    assert record["watermarks"] == {"games": "2024-11-30", "player_game_stats": "2024-11-30"}
    assert api.requested() == [
        "/scores/json/Games/2025",
        "/scores/json/Games/2025POST",
        "/scores/json/Games/2025",
        "/scores/json/Games/2025POST",
        "/stats/json/PlayerGameStatsByDate/2024-NOV-30",
    ]
    assert month_partitions(in_lake) == {
        "games": [["2025", "2024-11"]],
        "player_game_stats": [["2025", "2024-11"]],
    }

    role = in_lake.schedule["role_arn"].rsplit("/", 1)[1]
    policy = in_lake.client("iam").get_role_policy(RoleName=role, PolicyName="nba-lake-ingest")
    needed = [Right("secretsmanager:GetSecretValue", in_lake.schedule["secret_arn"])]
    needed += [
        right
        for call in calls.calls
        if call.service != "secretsmanager"
        for right in RIGHTS[(call.service, call.operation)](call, calls.query_workgroups)
    ]
    assert len(needed) > 5
    assert not missing(policy["PolicyDocument"], needed)


def test_missed_days_are_caught_up_and_a_day_of_data_lands(
    in_lake: ScheduledLake,
    api: GameDaysApi,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    shared: dict[str, str],
) -> None:
    """The runs of 1-4 December never happened; the one of the 5th loads the 1st's games
    and box scores, from the watermark (30 November) less the 3-day look-back."""
    api.through = date(2024, 12, 1)
    as_function(in_lake, api, monkeypatch, tmp_path)
    before = lake_objects(in_lake)
    record = handle(scheduled_event(in_lake, "2024-12-05T10:00:00Z"), Context())
    by_dataset = {o["dataset"]: o for o in record["outcomes"]}
    assert record["status"] == "written"
    assert (by_dataset["games"]["landed"], by_dataset["player_game_stats"]["landed"]) == (3, 6)
    for outcome in by_dataset.values():
        assert outcome["days"] == {
            "added": ["2024-12-01"],
            "changed": [],
            "removed": [],
            "unchanged": 1,
        }
    assert record["watermarks"] == {"games": "2024-12-05", "player_game_stats": "2024-12-05"}
    assert sorted(api.requested()) == sorted(
        ["/scores/json/Games/2025", "/scores/json/Games/2025POST"] * 2
        + ["/stats/json/PlayerGameStatsByDate/2024-NOV-30"]
        + ["/stats/json/PlayerGameStatsByDate/2024-DEC-01"]
    )
    assert month_partitions(in_lake) == {
        "games": [["2025", "2024-11"], ["2025", "2024-12"]],
        "player_game_stats": [["2025", "2024-11"], ["2025", "2024-12"]],
    }
    changed = set(lake_objects(in_lake)) ^ set(before)
    assert all("game_month=2024-11/" not in key for key in changed)  # November left alone
    [line] = job_lines(capsys.readouterr().out)
    shared["job_line"] = json.dumps(line)  # what Lambda would keep in the log group


def test_a_second_run_with_nothing_new_writes_nothing(
    in_lake: ScheduledLake,
    api: GameDaysApi,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    as_function(in_lake, api, monkeypatch, tmp_path)
    before = lake_objects(in_lake)
    record = handle(scheduled_event(in_lake, "2024-12-05T10:00:00Z"), Context())
    assert record["status"] == "unchanged"
    assert all(o["status"] == "unchanged" for o in record["outcomes"])
    assert lake_objects(in_lake) == before
    assert len(job_lines(capsys.readouterr().out)) == 1


def test_a_failing_api_makes_the_handler_raise_without_publishing(
    in_lake: ScheduledLake,
    api: GameDaysApi,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    api.broken = True
    as_function(in_lake, api, monkeypatch, tmp_path)
    before = lake_objects(in_lake)
    try:
        with pytest.raises(LakeError, match="2 of 2 ingest jobs failed"):
            handle(scheduled_event(in_lake, "2024-12-06T10:00:00Z"), Context())
    finally:
        api.broken = False
    [line] = job_lines(capsys.readouterr().out)
    assert line["status"] == "failed"
    assert [o["status"] for o in line["outcomes"]] == ["failed", "failed"]
    assert "not JSON" in line["error"] or "HTML" in line["error"], line["error"]
    assert line["watermarks"] == {"games": "2024-12-05", "player_game_stats": "2024-12-05"}
    assert KEY not in json.dumps(line)
    assert lake_objects(in_lake) == before


# -- operating it: schedule run, schedule status ---------------------------------------------


def test_schedule_run_invokes_the_function_with_the_jobs_own_event(
    in_lake: ScheduledLake, capsys: pytest.CaptureFixture[str]
) -> None:
    moto_api(in_lake.server, "/moto-api/config", {"lambda": {"use_docker": False}})
    with CallRecorder().installed() as calls:
        assert main(["schedule", "run", JOB]) == 0
    [invoke] = [c for c in calls.calls if (c.service, c.operation) == ("lambda", "Invoke")]
    assert invoke.params["FunctionName"] == in_lake.schedule["function_arn"]
    assert invoke.params["InvocationType"] == "Event"
    sent = json.loads(invoke.params["Payload"])
    expected = manual_event(in_lake.schedule["jobs"][JOB]["input"])
    assert {k: v for k, v in sent.items() if k not in ("scheduled_time", "execution_id")} == {
        k: v for k, v in expected.items() if k not in ("scheduled_time", "execution_id")
    }
    assert sent["execution_id"].startswith("manual-") and sent["scheduled_time"].endswith("Z")
    assert f"Started {JOB}" in capsys.readouterr().out


def test_schedule_run_refuses_a_job_the_lake_does_not_have(
    in_lake: ScheduledLake, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schedule", "run", "nightly-everything"]) == 1
    err = capsys.readouterr().err
    assert "no scheduled job 'nightly-everything'" in err and JOB in err


def test_schedule_status_shows_schedules_last_runs_and_landed_data(
    in_lake: ScheduledLake, shared: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The job line the handler wrote goes into the log group, as Lambda would put it."""
    line = shared["job_line"]
    logs = in_lake.client("logs")
    group = in_lake.schedule["log_group"]
    logs.create_log_stream(logGroupName=group, logStreamName="2024/12/02/[$LATEST]abc")
    logs.put_log_events(
        logGroupName=group,
        logStreamName="2024/12/02/[$LATEST]abc",
        logEvents=[
            {"timestamp": int(time.time() * 1000) - 5000, "message": "START RequestId: req-0001"},
            {"timestamp": int(time.time() * 1000), "message": line},
        ],
    )
    assert main(["schedule", "status"]) == 0
    out = capsys.readouterr().out
    rows = table_rows(out)
    assert sorted(rows) == sorted(in_lake.schedule["jobs"])
    _, schedule, state, source, datasets, last_run, landed = rows[JOB]
    assert (schedule, state, source, datasets) == (
        "cron(0 10 * * ? *)",
        "ENABLED",
        "sportsdata",
        "games,player_game_stats",
    )
    assert last_run.startswith("written ")
    assert "games 2025: 3 records" in landed and "player_game_stats 2025: 6 records" in landed
    assert "games loaded up to 2024-12-05" in landed
    assert "player_game_stats loaded up to 2024-12-05" in landed
    assert rows["season-stats-weekly"][-1] == "nothing yet"
    assert "API key: set" in out and "Failed runs in the queue: 0" in out and "Alarm:" in out


# -- the documented data-deletion step removes everything (last) ------------------------------


def test_destroy_with_delete_data_removes_everything(lake: ScheduledLake) -> None:
    refused = lake.cli("destroy", "--target", "aws", "--yes")
    assert refused.returncode == 1 and "the lake holds data" in refused.stderr
    outputs, schedule = load_outputs(lake.home / "outputs.json"), lake.schedule

    destroyed = lake.cli("destroy", "--target", "aws", "--yes", "--delete-data")

    assert destroyed.returncode == 0, destroyed.stdout[-3000:] + destroyed.stderr[-3000:]
    buckets = {b["Name"] for b in lake.client("s3").list_buckets()["Buckets"]}
    assert not {outputs.bucket, schedule["artifacts_bucket"]} & buckets
    assert not lake.client("lambda").list_functions()["Functions"]
    assert not lake.client("scheduler").list_schedule_groups()["ScheduleGroups"] or all(
        g["Name"] != NAME for g in lake.client("scheduler").list_schedule_groups()["ScheduleGroups"]
    )
    assert not lake.client("secretsmanager").list_secrets()["SecretList"]
    assert not lake.client("sqs").list_queues().get("QueueUrls")
    assert not lake.client("logs").describe_log_groups(logGroupNamePrefix="/aws/lambda/")[
        "logGroups"
    ]
    assert not lake.client("cloudwatch").describe_alarms()["MetricAlarms"]
    roles = {r["RoleName"] for r in lake.client("iam").list_roles()["Roles"]}
    assert not {r for r in roles if r.startswith(NAME)}
    assert not (lake.home / "outputs.json").exists()
