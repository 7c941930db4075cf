"""`nba-lake schedule run JOB`: start a scheduled job now, exactly as its schedule would.

The event is the schedule's own input, read from EventBridge Scheduler (what will run
tonight is what runs now), with the scheduler's context attributes filled in; the
function is invoked asynchronously, like the scheduler does, so a failure is retried and
lands in the failure queue the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ingest.errors import LakeError
from ingest.serverless.deployment import Deployment
from ingest.serverless.event import manual_event
from ingest.targets.aws import client
from ingest.targets.aws_errors import translated


@dataclass(frozen=True)
class Started:
    """A run handed to Lambda."""

    job: str
    function: str
    request_id: str
    event: dict[str, Any]


def _schedule(scheduler: Any, deployment: Deployment, job: str) -> dict[str, Any]:
    try:
        found: dict[str, Any] = scheduler.get_schedule(
            Name=job, GroupName=deployment.schedule_group
        )
    except LakeError as err:
        if "ResourceNotFoundException" in str(err):
            raise LakeError(
                f"the schedule {deployment.schedule_group}/{job} is not in AWS",
                "run `make apply TARGET=aws` to create it",
            ) from None
        raise
    return found


def run_now(deployment: Deployment, job: str, region: str) -> Started:
    """Invoke the function with the job's schedule input; Lambda answers 202 at once."""
    deployment.job(job)  # a name the lake does not have is refused before any call
    scheduler = translated(client("scheduler", region))
    target = _schedule(scheduler, deployment, job)["Target"]
    event = manual_event(str(target.get("Input", "")))
    lam = translated(client("lambda", region))
    answer = lam.invoke(
        FunctionName=str(target["Arn"]), InvocationType="Event", Payload=json.dumps(event)
    )
    status = answer.get("StatusCode")
    if status != 202:
        raise LakeError(f"Lambda did not accept the run (HTTP {status})", "try again")
    request_id = answer.get("ResponseMetadata", {}).get("RequestId", "")
    return Started(job, str(target["Arn"]), str(request_id), event)
