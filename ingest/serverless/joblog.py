"""One JSON line per job run: what the function did, for CloudWatch Logs and `schedule status`.

Lambda sends the function's stdout to its log group line by line; `nba-lake schedule
status` finds these lines by their `event` field (a plain term filter, which CloudWatch
Logs and the emulator both understand) and shows each job's last outcome.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any, Literal, TextIO

from ingest.pipeline.jobs import JobOutcome
from ingest.serverless.event import JobEvent

#: The marker of the job lines among everything else in the log group.
JOB_LINE_EVENT = "nba-lake-job"

RunStatus = Literal["written", "unchanged", "failed"]
_OUTCOME_FIELDS = (
    "dataset",
    "season",
    "status",
    "fetched",
    "landed",
    "rejected",
    "curated_rows",
    "bytes_written",
    "manifest_key",
    "error",
)


def run_status(outcomes: list[JobOutcome], error: str | None) -> RunStatus:
    """failed when anything failed; written when anything new became visible."""
    if error or any(o.status == "failed" for o in outcomes):
        return "failed"
    return "written" if any(o.status == "written" for o in outcomes) else "unchanged"


def job_line(
    job: JobEvent | None,
    outcomes: list[JobOutcome],
    *,
    seconds: float,
    request_id: str | None,
    error: str | None = None,
    watermarks: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The record of one run (also the function's return value); `watermarks`: the last
    day each date-keyed dataset is loaded up to, after the run."""
    return {
        "event": JOB_LINE_EVENT,
        "job": job.job if job else None,
        "status": run_status(outcomes, error),
        "source": job.source if job else None,
        "dataset": job.dataset if job else None,
        "season": job.season if job else None,
        "day": job.day.isoformat() if job else None,
        "scheduled_time": job.scheduled_time.isoformat() if job and job.scheduled_time else None,
        "execution_id": job.execution_id if job else None,
        "request_id": request_id,
        "seconds": round(seconds, 3),
        "outcomes": [_outcome(o) for o in outcomes],
        "watermarks": watermarks or {},
        "error": error,
    }


def _outcome(outcome: JobOutcome) -> dict[str, Any]:
    """One dataset-season's counts; for a date-keyed one, the days it added, changed or
    removed (and how many it found unchanged, to keep the line short)."""
    fields = {key: value for key, value in asdict(outcome).items() if key in _OUTCOME_FIELDS}
    if outcome.days is not None:
        days = outcome.days.to_json()
        fields["days"] = {
            "added": days["added"],
            "changed": days["changed"],
            "removed": days["removed"],
            "unchanged": len(days["unchanged"]),
        }
    return fields


def write_line(record: dict[str, Any], stream: TextIO | None = None) -> None:
    """The record as one line of JSON (Lambda keeps stdout lines as log events)."""
    out = stream or sys.stdout
    out.write(json.dumps(record, sort_keys=True, default=str) + "\n")
    out.flush()
