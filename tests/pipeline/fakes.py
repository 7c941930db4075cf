"""Test doubles for the *edges* of the pipeline: an in-memory source and a crash injector."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ingest.lake import Lake
from ingest.pipeline.lock import LOCK_KEY
from ingest.sources.base import Page, Record
from ingest.sources.calendar import DayWindow


@dataclass
class ListSource:
    """A source that serves given records (as an API would), in pages."""

    records: dict[str, list[Record]]
    page_size: int = 100
    name: str = "list"
    seasons: tuple[int, ...] = (2025,)
    infers_schema: bool = False

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(self.records)

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        rows = [
            r
            for r in self.records.get(dataset, [])
            if not isinstance(r, dict) or r.get("Season", season) == season
        ]
        for start in range(0, len(rows), self.page_size):
            yield copy.deepcopy(rows[start : start + self.page_size])


@dataclass
class DayListSource(ListSource):
    """A `ListSource` whose records (SportsData-shaped, with `Day`) are also served day by
    day, as the APIs serve box scores; change `records` between runs to play corrections."""

    def fetch_days(self, dataset: str, season: int, window: DayWindow) -> Iterator[Page]:
        for page in self.fetch(dataset, season):
            kept = [r for r in page if date.fromisoformat(r["Day"][:10]) in window]
            if kept:
                yield kept


class Crash(Exception):
    """Stands for the process dying at this point."""


@dataclass
class _Counter:
    crash_at: int | None
    calls: list[str] = field(default_factory=list)

    def tick(self, what: str) -> None:
        self.calls.append(what)
        if self.crash_at is not None and len(self.calls) == self.crash_at:
            raise Crash(what)


class _Proxy:
    """Forwards everything; counts (and may crash on) the mutating calls."""

    def __init__(self, inner: Any, counter: _Counter, mutating: set[str]) -> None:
        self._inner, self._counter, self._mutating = inner, counter, mutating

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name not in self._mutating:
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            if LOCK_KEY not in repr(args):  # the lock's own writes are tested on their own
                self._counter.tick(name)
            return attribute(*args, **kwargs)

        return call


STORAGE_WRITES = {"put_bytes", "put_file", "move_file", "delete"}
CATALOG_WRITES = {"put_partition", "put_partitions", "put_table", "delete_partition"}


def crashing_lake(lake: Lake, crash_at: int | None) -> tuple[Lake, list[str]]:
    """The same lake whose `crash_at`-th write (storage or catalog) raises Crash."""
    counter = _Counter(crash_at)
    storage = _Proxy(lake.storage, counter, STORAGE_WRITES)
    catalog = _Proxy(lake.catalog, counter, CATALOG_WRITES)
    return replace(lake, storage=storage, catalog=catalog), counter.calls  # type: ignore[arg-type]
