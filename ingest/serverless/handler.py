"""The Lambda function's entry point: run the job a scheduled event names, loudly.

`handle` is what `modules/schedule` names as the handler. It runs the same pipeline as
`nba-lake ingest` (`plan_source`, then `run_ingest` under the lake's ingest lock; dated
datasets continue from their watermark), logs one JSON line per job, and raises when
anything failed: the scheduler's invocation is asynchronous, so Lambda retries the run and
then sends it to the failure queue, whose alarm tells someone. Each dataset-season is
published whole or not at all (the pipeline's guarantee), so a failed run leaves nothing
half-written for the retry to trip over.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.plan import IngestOptions, plan_source
from ingest.pipeline.run import run_ingest
from ingest.serverless.config import FunctionConfig
from ingest.serverless.event import JobEvent, parse_event
from ingest.serverless.joblog import job_line, write_line
from ingest.serverless.secret import read_api_key
from ingest.settings import Settings
from ingest.sources.base import Source
from ingest.sources.registry import make_source
from ingest.sources.sportsdata import SportsDataSource
from ingest.storage.watermark import read_watermark
from ingest.targets import load_target


def open_function_lake(config: FunctionConfig) -> Lake:
    """The lake the function's configuration names (no outputs.json on Lambda)."""
    settings = Settings.from_env(target="aws", lake_home=config.lake_home)
    return load_target("aws", settings).open(config.outputs)


def build_source(job: JobEvent, config: FunctionConfig) -> Source:
    """The job's source, as `nba-lake ingest --source` builds it; SportsData.io with its
    key, read from Secrets Manager now; the sample league as of the scheduled day."""
    if job.source == "sportsdata":
        key = read_api_key(config.secret_arn, config.outputs.region)
        return SportsDataSource(api_key=key)
    if job.source == "sample":
        return make_source(job.source, as_of=job.day)
    return make_source(job.source)


@dataclass(frozen=True)
class JobRun:
    """What a run did: each dataset-season's outcome, and how far the date-keyed datasets
    are loaded afterwards (their watermarks in the lake)."""

    outcomes: list[JobOutcome]
    watermarks: dict[str, str]


def run_job(job: JobEvent, config: FunctionConfig) -> JobRun:
    """The job through the project's pipeline (`plan_source`, `run_ingest`: the code of
    `nba-lake ingest`), with the scheduled day as its "today"."""
    lake = open_function_lake(config)
    source = build_source(job, config)
    options = IngestOptions(source=job.source, dataset=job.dataset, season=job.season)
    plan = plan_source(lake, source, options, today=job.day)
    outcomes = run_ingest(lake, plan)
    marks = {name: read_watermark(lake.storage, source.name, name) for name in plan.watermarks}
    return JobRun(outcomes, {name: day.isoformat() for name, day in marks.items() if day})


def failure(outcomes: list[JobOutcome]) -> str | None:
    """The run's error when any of its dataset-seasons failed (as `nba-lake ingest` says)."""
    failed = [o for o in outcomes if o.status == "failed"]
    if not failed:
        return None
    return f"{len(failed)} of {len(outcomes)} ingest jobs failed; first: {failed[0].error}"


def handle(event: Any, context: Any = None) -> dict[str, Any]:
    """Run the scheduled job `event` names; raise (after logging) when anything failed."""
    started = time.perf_counter()
    request_id = getattr(context, "aws_request_id", None)
    job: JobEvent | None = None
    try:
        job = parse_event(event)
        done = run_job(job, FunctionConfig.from_env())
    except Exception as err:
        detail = str(err) if isinstance(err, LakeError) else f"{type(err).__name__}: {err}"
        write_line(
            job_line(
                job,
                [],
                seconds=time.perf_counter() - started,
                request_id=request_id,
                error=" ".join(detail.split()),
            )
        )
        raise
    record = job_line(
        job,
        done.outcomes,
        seconds=time.perf_counter() - started,
        request_id=request_id,
        error=failure(done.outcomes),
        watermarks=done.watermarks,
    )
    write_line(record)
    if record["error"]:
        raise LakeError(
            str(record["error"]), "the run is retried; then it goes to the failure queue"
        )
    return record
