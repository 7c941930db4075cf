"""Day by day: fingerprints of what a date-keyed load fetched, and what changed in the lake.

A day's fingerprint is the SHA-256 of its raw records as the source sent them (NDJSON
lines, in order). The lake keeps the fingerprints of every day a month partition holds
(`MonthIndex`, stored beside the month's Parquet), so a re-fetched day is compared
without reading any data: same fingerprint, nothing to write.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: Bump when curated rows for the same raw records change (the mapping, the layout).
CURATED_FORMAT_VERSION = "2"


@dataclass(frozen=True)
class DayPrint:
    """What one day held: its fingerprint and number of raw records."""

    sha256: str
    records: int


@dataclass
class _Day:
    digest: Any = field(default_factory=hashlib.sha256)
    records: int = 0
    ranges: list[list[int]] = field(default_factory=list)


class DayLedger:
    """The days of one load as its pages arrive: fingerprints and where each day's raw
    lines sit in the staged raw file (to write only the days that changed)."""

    def __init__(self) -> None:
        self._days: dict[date, _Day] = {}

    def add(self, day: date, records: int, chunks: list[bytes | memoryview], offset: int) -> int:
        """Account a run of records of one day: their NDJSON `chunks`, which start at
        `offset` in the staged raw file; returns their size in bytes."""
        entry = self._days.setdefault(day, _Day())
        size = 0
        for chunk in chunks:
            entry.digest.update(chunk)
            size += len(chunk)
        entry.records += records
        span = [offset, offset + size]
        if entry.ranges and entry.ranges[-1][1] == span[0]:
            entry.ranges[-1][1] = span[1]
        else:
            entry.ranges.append(span)
        return size

    @property
    def days(self) -> list[date]:
        return sorted(self._days)

    def prints(self) -> dict[date, DayPrint]:
        return {
            day: DayPrint(entry.digest.hexdigest(), entry.records)
            for day, entry in sorted(self._days.items())
        }

    def ranges(self, days: set[date]) -> list[tuple[int, int]]:
        """Byte ranges of those days' lines in the staged raw file, in file order."""
        spans = [tuple(span) for day in days for span in self._days[day].ranges]
        return sorted((start, end) for start, end in spans)

    def records(self, days: set[date]) -> int:
        return sum(self._days[day].records for day in days)


@dataclass(frozen=True)
class MonthIndex:
    """The days a month version holds, stored as `_days.json` in its folder (readers skip
    files whose names start with `_`)."""

    days: dict[date, DayPrint]
    format: str = CURATED_FORMAT_VERSION

    def to_bytes(self) -> bytes:
        body = {
            "format": self.format,
            "days": {
                day.isoformat(): {"sha256": p.sha256, "records": p.records}
                for day, p in sorted(self.days.items())
            },
        }
        return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> MonthIndex | None:
        """The index, or None when it is unreadable or of another format (then every day
        of the month counts as changed, and the next load rewrites it)."""
        try:
            body = json.loads(data)
            if body.get("format") != CURATED_FORMAT_VERSION:
                return None
            days = {
                date.fromisoformat(day): DayPrint(str(p["sha256"]), int(p["records"]))
                for day, p in body["days"].items()
            }
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return cls(days)

    def version(self) -> str:
        """A content key for the month: the same days give the same version folder."""
        return hashlib.sha256(self.to_bytes()).hexdigest()


@dataclass
class DayChanges:
    """What a load did to the days it covered."""

    added: list[date] = field(default_factory=list)
    changed: list[date] = field(default_factory=list)
    unchanged: list[date] = field(default_factory=list)
    removed: list[date] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def merge(self, other: DayChanges) -> None:
        self.added += other.added
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.removed += other.removed

    def to_json(self) -> dict[str, list[str]]:
        return {
            name: [day.isoformat() for day in sorted(getattr(self, name))]
            for name in ("added", "changed", "unchanged", "removed")
        }


def classify(
    fetched: dict[date, DayPrint], held: dict[date, DayPrint] | None, dropped: set[date]
) -> DayChanges:
    """Fetched days against the days a month held (None: unknown, all changed); `dropped`
    are held days the load removes (a full refresh that no longer finds them)."""
    changes = DayChanges()
    for day, fingerprint in sorted(fetched.items()):
        before = None if held is None else held.get(day)
        if before is None:
            (changes.changed if held is None else changes.added).append(day)
        elif before == fingerprint:
            changes.unchanged.append(day)
        else:
            changes.changed.append(day)
    changes.removed = sorted(dropped)
    return changes
