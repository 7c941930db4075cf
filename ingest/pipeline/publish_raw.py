"""Raw day partitions as version folders, so a same-day replacement is one switch.

A raw table is partitioned by ingest day, and one day holds a response per season. When a
season's newer response replaces its older one on the same day, the new file cannot simply
land beside the old (readers would see both, and a run killed in between would leave both).
So the day's partition points at a version folder, `ingest_date=D/v=<names>/`: a
replacement builds a new folder with the day's other files (copied in the bucket, no
download) and the new file, then switches the partition to it in one catalog call.
`_files.json` in each folder records its files' checksums, so copies keep theirs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Protocol

from ingest.catalog.model import CatalogTable
from ingest.lake import Lake
from ingest.pipeline.jobs import DatasetJob
from ingest.pipeline.objects import Published, WrittenObject, key_of
from ingest.pipeline.staging import StagedFile
from ingest.storage.base import is_hidden

FILES_NAME = "_files.json"


class RawSteps(Protocol):
    """The publishing steps raw versions use (a `Publisher`)."""

    lake: Lake
    record: Published
    damaged: set[str]

    def put_once(
        self, key: str, staged: Path, sha256: str, size: int, rows: int | None = None
    ) -> bool: ...

    def register_partition(
        self, table: CatalogTable, values: tuple[str, ...], location: str
    ) -> None: ...

    def live_partitions(self, table: CatalogTable) -> dict[tuple[str, ...], str]: ...

    def retire_version(self, location: str) -> None: ...


def _children(steps: RawSteps, folder: str) -> list[tuple[str, int]]:
    """(name, size) of the files directly in `folder` (not `_x` or `.x`)."""
    found = []
    for item in steps.lake.storage.list(folder):
        name = item.key[len(folder) :]
        if "/" not in name and not is_hidden(name):
            found.append((name, item.size))
    return found


def find_live_raw(steps: RawSteps, job: DatasetJob, name: str) -> tuple[str, str] | None:
    """(day, location) of the live partition that holds (or should hold: `check` found it
    damaged) a file called `name`; None when no live partition has it."""
    live = {
        key_of(location): (values, location)
        for values, location in steps.live_partitions(job.raw).items()
    }
    for folder, (values, location) in live.items():
        if f"{folder}{name}" in steps.damaged:
            return values[0], location
    for item in steps.lake.storage.list(key_of(job.raw.location)):
        folder, _, base = item.key.rpartition("/")
        if base == name and f"{folder}/" in live:
            values, location = live[f"{folder}/"]
            return values[0], location
    return None


def _checksums(steps: RawSteps, folder: str) -> dict[str, dict[str, int | str]]:
    """A version folder's `_files.json` ({} for a folder without one)."""
    key = f"{folder}{FILES_NAME}"
    if not steps.lake.storage.exists(key):
        return {}
    try:
        loaded = json.loads(steps.lake.storage.get_bytes(key))
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _measured(steps: RawSteps, key: str, size: int) -> dict[str, int | str]:
    """A file without a `_files.json` entry (an older layout): its checksum and lines."""
    digest, lines = hashlib.sha256(), 0
    for chunk in steps.lake.storage.stream(key):
        digest.update(chunk)
        lines += chunk.count(b"\n")
    return {"sha256": digest.hexdigest(), "bytes": size, "rows": lines}


def publish_raw_version(
    steps: RawSteps,
    job: DatasetJob,
    day: str,
    name: str,
    staged: StagedFile,
    content: tuple[str, int],
) -> str:
    """A new version of day `day` with `name` (its `content`: SHA-256 and records) in place
    of this season's older file; the partition is switched to it. Returns the location."""
    sha256, rows = content
    storage = steps.lake.storage
    current = steps.live_partitions(job.raw).get((day,))
    own = f"{job.dataset}-{job.season}-"
    others: list[tuple[str, int]] = []
    known: dict[str, dict[str, int | str]] = {}
    if current is not None:
        folder = key_of(current)
        others = [(n, size) for n, size in _children(steps, folder) if not n.startswith(own)]
        known = _checksums(steps, folder)
    names = sorted([n for n, _ in others] + [name])
    version = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
    location = f"{job.raw.location}ingest_date={day}/v={version}/"
    target = key_of(location)
    files: dict[str, dict[str, int | str]] = {
        name: {"sha256": sha256, "bytes": staged.size, "rows": rows}
    }
    for other, size in others:
        assert current is not None
        source, copy = f"{key_of(current)}{other}", f"{target}{other}"
        entry = known.get(other) or _measured(steps, source, size)
        files[other] = entry
        obj = WrittenObject(copy, str(entry["sha256"]), int(entry["bytes"]), int(entry["rows"]))
        if copy in steps.damaged or not storage.exists(copy):
            storage.copy(source, copy)
            steps.record.written.append(obj)
        else:
            steps.record.present.append(obj)
    steps.put_once(f"{target}{name}", staged.path, sha256, staged.size, rows)
    index = (json.dumps(files, indent=1, sort_keys=True) + "\n").encode()
    storage.put_bytes(f"{target}{FILES_NAME}", index)
    digest = hashlib.sha256(index).hexdigest()
    index_object = WrittenObject(f"{target}{FILES_NAME}", digest, len(index), rows=0)
    steps.record.written.append(index_object)  # rows=0: it holds no records
    steps.register_partition(job.raw, (day,), location)
    if current is not None and current != location:
        steps.retire_version(current)
    return location
