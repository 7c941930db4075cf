"""What a run repairs besides what it loads: the scope of its own size check, and a
daily job widened to its whole season when that season holds damaged files."""

from __future__ import annotations

from dataclasses import replace

from ingest.pipeline.check import Scope
from ingest.pipeline.jobs import DatasetJob
from ingest.pipeline.objects import key_of


def check_scope(jobs: list[DatasetJob]) -> Scope:
    """The seasons each dataset's jobs load; a snapshot (players, teams, a file) is one
    table whatever the season, so all of it."""
    scope: dict[str, frozenset[int] | None] = {}
    for job in jobs:
        seasons = scope.get(job.dataset, frozenset())
        if job.kind == "snapshot":
            scope[job.dataset] = None
        elif seasons is not None:
            scope[job.dataset] = seasons | {job.season}
    return scope


def whole_season_if_damaged(job: DatasetJob, damaged: set[str]) -> DatasetJob:
    """A date-keyed job whose season has a damaged month or raw file fetches the whole
    season, so the month can be rebuilt from the source (not from what is damaged)."""
    if job.kind != "daily" or job.window is None:
        return job
    curated = f"{key_of(job.curated.location)}season={job.season}/"
    raw, own = key_of(job.raw.location), f"/{job.dataset}-{job.season}-"
    if any(k.startswith(curated) or (k.startswith(raw) and own in k) for k in damaged):
        return replace(job, window=None)
    return job
