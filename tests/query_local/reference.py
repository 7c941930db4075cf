"""Answers computed without DuckDB: pyarrow.parquet for curated files, json for raw NDJSON.

Only registered partitions count (as for the engine); partition values come from the catalog.
"""

from __future__ import annotations

import json
import math
from functools import cached_property
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ingest.lake import Lake
from ingest.storage.base import split_s3_uri
from tests.support.lakes import layout

Row = dict[str, Any]


def trino_round(value: float) -> int:
    """Trino's double -> integer cast: half away from zero."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


class Reference:
    """The sample lake's tables as Python rows."""

    def __init__(self, lake: Lake) -> None:
        self.lake = lake
        self.database = lake.outputs.database

    def _folders(self, table: str) -> list[tuple[tuple[str, ...], Path]]:
        found = []
        spec = self.lake.catalog.get_table(self.database, table)
        partitions = [
            (p.values, p.location) for p in self.lake.catalog.partitions(self.database, table)
        ]
        if spec is not None and not spec.partition_keys:  # one row per player/team: no season
            partitions = [((), spec.location)]
        for values, location in partitions:
            bucket, key = split_s3_uri(location)
            found.append((values, layout(self.lake).buckets_root / bucket / key))
        return found

    def _curated(self, table: str) -> list[Row]:
        rows: list[Row] = []
        for values, folder in self._folders(table):
            for path in sorted(folder.glob("[!._]*.parquet")):
                for row in pq.read_table(path).to_pylist():
                    if values:
                        row["season"] = int(values[0])
                    rows.append(row)
        return rows

    def _raw(self, table: str) -> list[Row]:
        rows: list[Row] = []
        for values, folder in self._folders(table):
            for path in sorted(folder.glob("[!._]*")):
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        record = {k.lower(): v for k, v in json.loads(line).items()}
                        record["ingest_date"] = values[0]
                        rows.append(record)
        return rows

    @cached_property
    def stats(self) -> list[Row]:
        return self._curated("player_season_stats")

    @cached_property
    def players(self) -> list[Row]:
        return self._curated("players")

    @cached_property
    def teams(self) -> list[Row]:
        return self._curated("teams")

    @cached_property
    def raw_stats(self) -> list[Row]:
        return self._raw("nba_player_season_stats_data")

    @cached_property
    def raw_players(self) -> list[Row]:
        return self._raw("nba_player_data")

    def season(self, season: int) -> list[Row]:
        return [r for r in self.stats if r["season"] == season]
