"""What publishing handles and records: finished files, objects written, what was retired."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.storage.base import split_s3_uri


@dataclass(frozen=True)
class FinishedFile:
    """A complete local file to publish: where it is, its SHA-256, size and row count."""

    path: Path
    sha256: str
    size: int
    rows: int | None = None


@dataclass(frozen=True)
class WrittenObject:
    """One object a run put in the bucket, as its manifest records it."""

    key: str
    sha256: str
    size: int
    rows: int | None = None

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"key": self.key, "sha256": self.sha256, "bytes": self.size}
        if self.rows is not None:
            entry["rows"] = self.rows
        return entry


@dataclass
class Published:
    """What one job's publishing wrote, found already in place, and retired."""

    written: list[WrittenObject] = field(default_factory=list)
    #: objects this job would have written but found in place (a rerun): recorded, so
    #: every live object has a manifest entry that `check` can verify
    present: list[WrittenObject] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def bytes_written(self) -> int:
        return sum(item.size for item in self.written)

    @property
    def changed(self) -> bool:
        return bool(self.written or self.retired)


def key_of(location: str) -> str:
    """The object-key prefix behind an `s3://bucket/prefix/` location."""
    return split_s3_uri(location)[1]
