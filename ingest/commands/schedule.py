"""`nba-lake schedule status|run`: the scheduled ingestion of an `aws` lake.

`status` prints each job's schedule, its last run (from the function's log line) and the
data it last landed (from the manifests), then the function's figures; `run JOB` starts a
job now with its schedule's own event.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from ingest.serverless.deployment import load_deployment
from ingest.serverless.invoke import run_now
from ingest.serverless.status import METRIC_DAYS, JobState, ScheduleStatus, schedule_status
from ingest.settings import Settings

_STATUS_COLOURS = {"written": "green", "unchanged": "cyan", "failed": "red"}


def _when(millis: int) -> str:
    return datetime.fromtimestamp(millis / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _last_run(line: dict[str, Any] | None) -> str:
    if line is None:
        return "[dim]none logged in 14 days[/]"
    outcome = str(line.get("status"))
    text = f"[{_STATUS_COLOURS.get(outcome, 'white')}]{outcome}[/] {_when(int(line['logged_at']))}"
    if line.get("error"):
        text += f"\n[red]{line['error']}[/]"
    return text


def _landed(job: JobState) -> str:
    if not job.landed:
        return "[dim]nothing yet[/]"
    lines = [
        f"{item.dataset} {item.season or ''}: {item.landed:,} records, {_iso(item.finished_at)}"
        for item in job.landed
    ]
    lines += [f"{name} loaded up to {day}" for name, day in sorted(job.loaded_until.items())]
    return "\n".join(lines)


def _iso(text: str) -> str:
    """A manifest's ISO time, as short as the table needs."""
    try:
        return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return text


def _figures(status: ScheduleStatus) -> list[str]:
    lines = []
    if status.key_set is not None:
        lines.append("API key: set" if status.key_set else "API key: [red]not set[/] (see README)")
    if status.metrics is not None:
        figures = ", ".join(f"{int(v)} {k.lower()}" for k, v in sorted(status.metrics.items()))
        lines.append(f"Last {METRIC_DAYS} days: {figures or 'no metrics recorded'}")
    if status.failed_waiting is not None:
        colour = "red" if status.failed_waiting else "green"
        lines.append(f"Failed runs in the queue: [{colour}]{status.failed_waiting}[/]")
    if status.alarm_state is not None:
        lines.append(f"Alarm: {status.alarm_state}")
    lines += [f"[dim]unavailable: {item}[/]" for item in status.unavailable]
    return lines


def show_status(settings: Settings, console: Console) -> None:
    outputs, deployment = load_deployment(settings)
    status = schedule_status(outputs, deployment)
    table = Table(
        title=f"Schedules of {status.function_name} (times in {status.timezone})",
        title_justify="left",
    )
    for name in ("job", "schedule", "state", "source", "datasets", "last run", "last landed"):
        table.add_column(name)
    for job in status.jobs:
        state = job.state if job.state == "ENABLED" else f"[yellow]{job.state}[/]"
        table.add_row(
            job.name,
            job.expression,
            state,
            job.source,
            job.dataset,
            _last_run(job.last_run),
            _landed(job),
        )
    console.print(table)
    for line in _figures(status):
        console.print(line)


def run_job(settings: Settings, console: Console, job: str) -> None:
    outputs, deployment = load_deployment(settings)
    started = run_now(deployment, job, outputs.region)
    console.print(
        f"Started {started.job} on {deployment.function_name} (request {started.request_id}). "
        f"Its outcome: `nba-lake schedule status`, or the log group {deployment.log_group}."
    )
