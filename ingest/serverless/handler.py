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
from ingest.targets import load_target


def open_function_lake(config: FunctionConfig) -> Lake:
    """The lake the function's configuration names (no outputs.json on Lambda)."""
    settings = Settings.from_env(target="aws", lake_home=config.lake_home)
    return load_target("aws", settings).open(config.outputs)


def build_source(job: JobEvent, config: FunctionConfig) -> Source:
    """The job's source; SportsData.io with its key, read from Secrets Manager now."""
    if job.source == "sportsdata":
        key = read_api_key(config.secret_arn, config.outputs.region)
        return SportsDataSource(api_key=key)
    return make_source(job.source)


def run_job(job: JobEvent, config: FunctionConfig) -> list[JobOutcome]:
    """The job through the project's pipeline; the outcome of each dataset-season."""
    lake = open_function_lake(config)
    source = build_source(job, config)
    options = IngestOptions(source=job.source, dataset=job.dataset, season=job.season)
    plan = plan_source(lake, source, options, today=job.day)
    return run_ingest(lake, plan)


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
    outcomes: list[JobOutcome] = []
    try:
        job = parse_event(event)
        outcomes = run_job(job, FunctionConfig.from_env())
    except Exception as err:
        detail = str(err) if isinstance(err, LakeError) else f"{type(err).__name__}: {err}"
        write_line(
            job_line(
                job,
                outcomes,
                seconds=time.perf_counter() - started,
                request_id=request_id,
                error=" ".join(detail.split()),
            )
        )
        raise
    record = job_line(
        job,
        outcomes,
        seconds=time.perf_counter() - started,
        request_id=request_id,
        error=failure(outcomes),
    )
    write_line(record)
    if record["error"]:
        raise LakeError(
            str(record["error"]), "the run is retried; then it goes to the failure queue"
        )
    return record
