"""The scheduled ingestion of a lake, as its outputs contract describes it.

`terraform/outputs.tf`'s `schedule` output (null while enable_schedule is off) names the
function, its schedule group and jobs, the secret, the failure queue, the alarm and the
log group; `make apply` writes it into outputs.json with the rest of the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.errors import LakeError
from ingest.outputs import LakeOutputs, load_outputs, read_raw_outputs
from ingest.settings import Settings

_TURN_ON = (
    "set enable_schedule = true in terraform/terraform.tfvars and run `make apply TARGET=aws`"
)


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job as Terraform declared it."""

    name: str
    dataset: str
    source: str
    cron: str
    season: str | None
    #: the event the schedule sends (with the scheduler's context attributes unfilled)
    input: str


@dataclass(frozen=True)
class Deployment:
    """The function and everything around it."""

    function_name: str
    function_arn: str
    schedule_group: str
    jobs: dict[str, JobSpec]
    timezone: str
    secret_arn: str
    queue_url: str
    alarm_name: str
    log_group: str
    artifacts_bucket: str

    def job(self, name: str) -> JobSpec:
        """The job called `name`, or an error that lists the jobs there are."""
        if name not in self.jobs:
            raise LakeError(
                f"the lake has no scheduled job '{name}'",
                f"use one of: {', '.join(sorted(self.jobs))} (schedule_jobs in Terraform)",
            )
        return self.jobs[name]


def _text(value: dict[str, Any], name: str) -> str:
    found = value.get(name)
    if not isinstance(found, str) or not found:
        raise LakeError(
            f"outputs.json: schedule.{name} is missing", "re-run `make apply TARGET=aws`"
        )
    return found


def parse_deployment(value: Any) -> Deployment:
    """The `schedule` output's value; an error when the schedule is off."""
    if value is None:
        raise LakeError("this lake has no scheduled ingestion", _TURN_ON)
    if not isinstance(value, dict) or not isinstance(value.get("jobs"), dict):
        raise LakeError("outputs.json: schedule is not the map Terraform writes", _TURN_ON)
    jobs = {}
    for name, job in value["jobs"].items():
        if not isinstance(job, dict):
            raise LakeError(f"outputs.json: schedule job {name} is not a map", _TURN_ON)
        season = job.get("season")
        jobs[name] = JobSpec(
            name=name,
            dataset=_text(job, "dataset"),
            source=_text(job, "source"),
            cron=_text(job, "cron"),
            season=str(season) if season is not None else None,
            input=_text(job, "input"),
        )
    return Deployment(
        function_name=_text(value, "function_name"),
        function_arn=_text(value, "function_arn"),
        schedule_group=_text(value, "schedule_group"),
        jobs=jobs,
        timezone=_text(value, "timezone"),
        secret_arn=_text(value, "secret_arn"),
        queue_url=_text(value, "queue_url"),
        alarm_name=_text(value, "alarm_name"),
        log_group=_text(value, "log_group"),
        artifacts_bucket=_text(value, "artifacts_bucket"),
    )


def load_deployment(settings: Settings) -> tuple[LakeOutputs, Deployment]:
    """The lake's outputs and its scheduled ingestion, from outputs.json."""
    outputs = load_outputs(settings.outputs_path)
    if outputs.target != "aws":
        raise LakeError(
            f"the lake in {settings.lake_home} is a {outputs.target} lake; schedules run on AWS",
            _TURN_ON,
        )
    document = read_raw_outputs(settings.outputs_path) or {}
    entry = document.get("schedule")
    return outputs, parse_deployment(entry.get("value") if isinstance(entry, dict) else None)
