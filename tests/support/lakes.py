"""Lakes for tests, built through the same seams the CLI uses: a target's provisioner,
`open_lake`, and an ingest plan run by `run_ingest`."""

from __future__ import annotations

from typing import Any

from ingest.lake import Lake
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.plan import nba_plan
from ingest.pipeline.progress import ProgressCallback
from ingest.pipeline.run import run_ingest
from ingest.provision.layout import LocalLayout
from ingest.settings import Settings
from ingest.sources.base import Source
from ingest.targets import load_target, open_lake


def provision_local(settings: Settings) -> Lake:
    """`nba-lake apply --target local`, then the lake it made."""
    load_target("local", settings).provisioner().apply(yes=True)
    return open_lake(settings)


def layout(lake_or_settings: Lake | Settings) -> LocalLayout:
    """Where a local lake keeps its buckets, catalog and state."""
    if isinstance(lake_or_settings, Settings):
        return LocalLayout(lake_or_settings.lake_home)
    return LocalLayout(lake_or_settings.settings.lake_home)


def ingest(
    lake: Lake,
    source: Source,
    datasets: list[str],
    seasons: list[int],
    *,
    progress: ProgressCallback | None = None,
    **options: Any,
) -> list[JobOutcome]:
    """Load `datasets` for `seasons` from `source`, as `nba-lake ingest` would."""
    return run_ingest(lake, nba_plan(source, datasets, seasons, **options), progress)
