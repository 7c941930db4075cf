"""Which curated mapping applies: one per dataset and per shape of API records.

Declared tables live in terraform/datasets.auto.tfvars; the mapping modules are the one
place that knows what each curated column means for each API. A source's records are
shaped like SportsData.io's (the sample league, SportsData.io itself, test doubles)
unless the source is stats.nba.com.
"""

from __future__ import annotations

from ingest.errors import LakeError
from ingest.pipeline.curate import CuratedMapping
from ingest.pipeline.mappings_nbastats import NBASTATS_MAPPINGS
from ingest.pipeline.mappings_sportsdata import SPORTSDATA_MAPPINGS

MAPPINGS_BY_SOURCE: dict[str, dict[str, CuratedMapping]] = {"nbastats": NBASTATS_MAPPINGS}
#: for tests and tools that know only SportsData's shape
NBA_MAPPINGS = SPORTSDATA_MAPPINGS


def mapping_for(source: str, dataset: str) -> CuratedMapping:
    """The mapping of `dataset` for records from the source named `source`."""
    mappings = MAPPINGS_BY_SOURCE.get(source, SPORTSDATA_MAPPINGS)
    try:
        return mappings[dataset]
    except KeyError:
        raise LakeError(
            f"the {source} source has no mapping for dataset '{dataset}'",
            f"use one of: {', '.join(mappings)}",
        ) from None


def layout_of(mapping: CuratedMapping) -> tuple[str, ...]:
    """The curated partition keys a mapping writes: none for a snapshot, the season, or the
    season and month of date-keyed data."""
    if mapping.season is None:
        return ()
    return ("season", "game_month") if mapping.day is not None else ("season",)
