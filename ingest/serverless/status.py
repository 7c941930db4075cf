"""`nba-lake schedule status`: the schedules, their last runs and what those runs did.

Three places answer, each for what it knows:
- EventBridge Scheduler: each job's schedule as it is deployed (expression, state);
- the lake's manifests: when each dataset last got new data, from which run (a manifest is
  written only when a run published something, so an unchanged run leaves none), and for
  date-keyed datasets the watermark: the last day loaded;
- CloudWatch, where available: each job's last run from the function's JSON log line
  (written, unchanged or failed, with its error), the function's invocations and errors
  over the last week, runs waiting in the failure queue, the alarm's state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from ingest.errors import LakeError
from ingest.outputs import LakeOutputs
from ingest.serverless.deployment import Deployment
from ingest.serverless.joblog import JOB_LINE_EVENT
from ingest.sources.base import DATED_DATASETS
from ingest.storage.watermark import watermark_key
from ingest.targets.aws import client
from ingest.targets.aws_errors import translated

#: How far back the log lines and the metrics are read.
LOOKBACK = timedelta(days=14)
METRIC_DAYS = 7
_MAX_LOG_PAGES = 20


@dataclass
class Landed:
    """A dataset's newest manifest: the last run that published something."""

    dataset: str
    season: int | None
    finished_at: str
    run_id: str
    landed: int


@dataclass
class JobState:
    name: str
    dataset: str
    source: str
    expression: str
    state: str  # ENABLED, DISABLED, or "not deployed"
    last_run: dict[str, Any] | None = None  # the job's last JSON log line
    landed: list[Landed] = field(default_factory=list)
    #: date-keyed datasets: the last day loaded, from the watermark in the lake
    loaded_until: dict[str, str] = field(default_factory=dict)


@dataclass
class ScheduleStatus:
    function_name: str
    timezone: str
    jobs: list[JobState]
    key_set: bool | None = None
    metrics: dict[str, float] | None = None
    failed_waiting: int | None = None
    alarm_state: str | None = None
    unavailable: list[str] = field(default_factory=list)


def _deployed(scheduler: Any, group: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for page in scheduler.get_paginator("list_schedules").paginate(GroupName=group):
        for item in page.get("Schedules", []):
            found[item["Name"]] = scheduler.get_schedule(Name=item["Name"], GroupName=group)
    return found


def _newest_manifest(s3: Any, outputs: LakeOutputs, dataset: str) -> Landed | None:
    prefix = f"{outputs.manifests_prefix}/{dataset}/"
    newest: dict[str, Any] | None = None
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=outputs.bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            if newest is None or item["LastModified"] > newest["LastModified"]:
                newest = item
    if newest is None:
        return None
    body = json.loads(s3.get_object(Bucket=outputs.bucket, Key=newest["Key"])["Body"].read())
    season = body.get("season")
    return Landed(
        dataset=dataset,
        season=int(season) if isinstance(season, int) else None,
        finished_at=str(body.get("finished_at", "")),
        run_id=str(body.get("run_id", "")),
        landed=int(body.get("landed", 0) or 0),
    )


def _watermark(s3: Any, outputs: LakeOutputs, source: str, dataset: str) -> str | None:
    """The watermark the pipeline keeps in the lake (ingest/storage/watermark.py)."""
    try:
        answer = s3.get_object(Bucket=outputs.bucket, Key=watermark_key(source, dataset))
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return None
        raise
    day = json.loads(answer["Body"].read()).get("watermark")
    return str(day) if day else None


def _datasets(job_dataset: str, outputs: LakeOutputs) -> list[str]:
    if job_dataset.strip().lower() == "all":
        return sorted(outputs.tables)
    return [name.strip() for name in job_dataset.split(",") if name.strip()]


def last_runs(logs: Any, log_group: str, now: datetime) -> dict[str, dict[str, Any]]:
    """Each job's newest JSON log line in the last LOOKBACK."""
    start = int((now - LOOKBACK).timestamp() * 1000)
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    arguments = {
        "logGroupName": log_group,
        "startTime": start,
        "filterPattern": f'"{JOB_LINE_EVENT}"',
    }
    for _ in range(_MAX_LOG_PAGES):
        page = logs.filter_log_events(**arguments)
        for event in page.get("events", []):
            try:
                line = json.loads(event.get("message", ""))
            except ValueError:
                continue
            if not isinstance(line, dict) or line.get("event") != JOB_LINE_EVENT:
                continue
            job, when = str(line.get("job")), int(event.get("timestamp", 0))
            if job not in found or when >= found[job][0]:
                found[job] = (when, {**line, "logged_at": when})
        if not page.get("nextToken"):
            break
        arguments["nextToken"] = page["nextToken"]
    return {job: line for job, (_, line) in found.items()}


def _metrics(cloudwatch: Any, function: str, now: datetime) -> dict[str, float]:
    queries = [
        {
            "Id": name.lower(),
            "MetricStat": {
                "Metric": {
                    "Namespace": "AWS/Lambda",
                    "MetricName": name,
                    "Dimensions": [{"Name": "FunctionName", "Value": function}],
                },
                "Period": 86400,
                "Stat": "Sum",
            },
        }
        for name in ("Invocations", "Errors", "Throttles")
    ]
    answer = cloudwatch.get_metric_data(
        MetricDataQueries=queries, StartTime=now - timedelta(days=METRIC_DAYS), EndTime=now
    )
    return {r["Id"]: float(sum(r.get("Values", []))) for r in answer["MetricDataResults"]}


def _key_set(secrets: Any, secret_arn: str) -> bool:
    versions = secrets.list_secret_version_ids(SecretId=secret_arn).get("Versions", [])
    return any("AWSCURRENT" in version.get("VersionStages", []) for version in versions)


def schedule_status(
    outputs: LakeOutputs, deployment: Deployment, now: datetime | None = None
) -> ScheduleStatus:
    """Everything `schedule status` shows. The schedules and manifests are required; a
    CloudWatch figure the caller may not read is listed as unavailable instead."""
    now = now or datetime.now(UTC)

    def aws(service: str) -> Any:
        return client(service, outputs.region)

    deployed = translated(_deployed)(aws("scheduler"), deployment.schedule_group)
    s3, newest = aws("s3"), translated(_newest_manifest)
    status = ScheduleStatus(deployment.function_name, deployment.timezone, [])
    for name, spec in sorted(deployment.jobs.items()):
        live = deployed.get(name)
        job = JobState(
            name,
            spec.dataset,
            spec.source,
            str(live["ScheduleExpression"]) if live else spec.cron,
            str(live.get("State", "ENABLED")) if live else "not deployed",
        )
        found = (newest(s3, outputs, dataset) for dataset in _datasets(spec.dataset, outputs))
        job.landed = [landed for landed in found if landed is not None]
        for dataset in _datasets(spec.dataset, outputs):
            if dataset in DATED_DATASETS:
                day = translated(_watermark)(s3, outputs, spec.source, dataset)
                if day:
                    job.loaded_until[dataset] = day
        status.jobs.append(job)

    def optional(what: str, read: Any, *args: Any) -> Any:
        try:
            return translated(read)(*args)
        except LakeError as err:
            status.unavailable.append(f"{what}: {err.problem}")
            return None

    runs = optional(
        "last runs (CloudWatch Logs)", last_runs, aws("logs"), deployment.log_group, now
    )
    for job in status.jobs:
        job.last_run = (runs or {}).get(job.name)
    status.metrics = optional(
        "metrics (CloudWatch)", _metrics, aws("cloudwatch"), deployment.function_name, now
    )
    status.key_set = optional(
        "API key (Secrets Manager)", _key_set, aws("secretsmanager"), deployment.secret_arn
    )
    status.failed_waiting = optional(
        "failure queue (SQS)", _queue_depth, aws("sqs"), deployment.queue_url
    )
    status.alarm_state = optional(
        "alarm (CloudWatch)", _alarm_state, aws("cloudwatch"), deployment.alarm_name
    )
    return status


def _queue_depth(sqs: Any, queue_url: str) -> int:
    answer = sqs.get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"]
    )
    return int(answer["Attributes"]["ApproximateNumberOfMessages"])


def _alarm_state(cloudwatch: Any, alarm_name: str) -> str:
    found = cloudwatch.describe_alarms(AlarmNames=[alarm_name]).get("MetricAlarms", [])
    return str(found[0]["StateValue"]) if found else "not deployed"
