"""The event a scheduled job sends the function, and how a manual run fills it in.

Terraform writes each schedule's event (modules/schedule/schedules.tf): the job's name,
source, datasets, optional seasons, and two EventBridge Scheduler context attributes that
the scheduler replaces when it invokes the function (`<aws.scheduler.scheduled-time>`).
The day a run was scheduled for is its "today": a retry hours later loads the same days,
and the watermark makes the next run catch up on anything missed.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ingest.errors import LakeError

#: Context attributes the scheduler fills in (left as they are when someone invokes the
#: function with a schedule's raw input).
SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"
EXECUTION_ID = "<aws.scheduler.execution-id>"
#: Sources a scheduled job may read: every NBA source of `nba-lake ingest` but `file` (the
#: function has no local files). terraform/main.tf's local.schedule_sources lists the same.
SCHEDULED_SOURCES: tuple[str, ...] = ("sample", "nbastats", "sportsdata")

_FIELDS = {"job", "source", "dataset", "season", "scheduled_time", "execution_id"}
_JOB_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_FIX = "invoke the function with a schedule's input (`nba-lake schedule run JOB`)"


@dataclass(frozen=True)
class JobEvent:
    """One scheduled job, as the function received it."""

    job: str
    source: str
    dataset: str
    season: str | None = None
    #: when the scheduler meant the run to happen (UTC); None when invoked by hand
    scheduled_time: datetime | None = None
    execution_id: str | None = None

    @property
    def day(self) -> date:
        """The run's "today": the day it was scheduled for, else the day it runs."""
        return (self.scheduled_time or datetime.now(UTC)).date()


def _text(event: Mapping[str, Any], name: str, *, required: bool) -> str | None:
    value = event.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise LakeError(f"the job's event has no valid '{name}' ({value!r})", _FIX)
    return value.strip()


def _context(value: str | None, placeholder: str) -> str | None:
    """A context attribute, or None where the scheduler did not fill it in."""
    return None if value is None or value == placeholder else value


def _time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise LakeError(f"the job's scheduled_time '{text}' is not an ISO time", _FIX) from None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_event(event: Any) -> JobEvent:
    """The job an event names, checked: a malformed event is one clear error, never a
    run of something else."""
    if not isinstance(event, Mapping):
        raise LakeError(f"the function's event is not a JSON object ({type(event).__name__})", _FIX)
    unknown = sorted(set(event) - _FIELDS)
    if unknown:
        raise LakeError(f"the job's event has unknown fields: {', '.join(unknown)}", _FIX)
    job = _text(event, "job", required=True) or ""
    if not _JOB_NAME.match(job):
        raise LakeError(f"'{job}' is not a job name", _FIX)
    source = (_text(event, "source", required=True) or "").lower()
    if source not in SCHEDULED_SOURCES:
        raise LakeError(
            f"job {job}: a scheduled job cannot read the source '{source}'",
            f"use one of: {', '.join(SCHEDULED_SOURCES)}",
        )
    return JobEvent(
        job=job,
        source=source,
        dataset=_text(event, "dataset", required=True) or "",
        season=_text(event, "season", required=False),
        scheduled_time=_time(
            _context(_text(event, "scheduled_time", required=False), SCHEDULED_TIME)
        ),
        execution_id=_context(_text(event, "execution_id", required=False), EXECUTION_ID),
    )


def manual_event(schedule_input: str, now: datetime | None = None) -> dict[str, Any]:
    """A schedule's input with its context attributes filled in as the scheduler would, for
    a run started by hand now (`nba-lake schedule run JOB`)."""
    try:
        event = json.loads(schedule_input)
    except ValueError:
        raise LakeError(
            "the schedule's input is not JSON", "run `make apply` to rewrite it"
        ) from None
    parse_event(event)  # refuse to send what the function would refuse
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    filled = dict(event)
    if filled.get("scheduled_time") == SCHEDULED_TIME:
        filled["scheduled_time"] = moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    if filled.get("execution_id") == EXECUTION_ID:
        filled["execution_id"] = f"manual-{uuid.uuid4()}"
    return filled
