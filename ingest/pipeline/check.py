"""`nba-lake check`: every object a table reads now exists with the size and checksum its
manifest recorded.

The run manifests record each object a run wrote (or found in place) with its SHA-256
and size, and what it replaced. The latest record of a key says what it should be. For
each table's live folders (its partitions' locations, or its own location), check lists
the folder once and compares: a missing object, a wrong size, a wrong checksum, a live
folder without data, a data file no manifest knows. Ingest runs the same check (sizes
only, from the listings: cheap) on the datasets it loads, plus what the last full check
found, and rewrites what is damaged.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from ingest.catalog.model import CatalogTable
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.storage.base import split_s3_uri

FINDINGS_NAME = "_check.json"


@dataclass(frozen=True)
class Recorded:
    """What the latest manifest that mentions a key says about it."""

    when: str
    live: bool
    sha256: str = ""
    size: int = 0


@dataclass(frozen=True)
class Problem:
    """One damaged object (or folder), with what to do about it."""

    table: CatalogTable
    where: str  # partition values, or "" for an unpartitioned table
    key: str
    what: str
    #: the object itself is wrong (missing, wrong size or checksum), not only unrecorded
    damaged: bool = True

    def line(self) -> str:
        place = f"{self.table.name} ({self.where})" if self.where else self.table.name
        command = f"nba-lake ingest --dataset {self.table.dataset}"
        season = re.search(r"\bseason=(\d+)\b", self.where)
        if season:  # the run that rewrites it, not one of the latest days only
            command += f" --season {season.group(1)}"
        return f"{place}: s3://…/{self.key} {self.what}: run `{command}` to rewrite it"


def recorded_objects(lake: Lake, datasets: set[str] | None = None) -> dict[str, Recorded]:
    """Key -> its latest manifest record, from the manifests of `datasets` (all: None)."""
    prefix = f"{lake.outputs.manifests_prefix}/"
    latest: dict[str, Recorded] = {}
    for item in lake.storage.list(prefix):
        parts = item.key[len(prefix) :].split("/")
        if len(parts) != 2 or parts[0].startswith("_") or not item.key.endswith(".json"):
            continue
        if datasets is not None and parts[0] not in datasets:
            continue
        try:
            manifest = json.loads(lake.storage.get_bytes(item.key))
            when = str(manifest.get("finished_at", ""))
            entries = [
                (str(o["key"]), Recorded(when, True, str(o["sha256"]), int(o["bytes"])))
                for o in [*manifest.get("objects", []), *manifest.get("present", [])]
            ]
            entries += [(str(k), Recorded(when, False)) for k in manifest.get("replaced", [])]
        except (ValueError, KeyError, TypeError, AttributeError, LakeError):
            continue
        for key, record in entries:
            if key not in latest or latest[key].when <= record.when:
                latest[key] = record
    return latest


def _live(lake: Lake, table: CatalogTable) -> list[tuple[str, str]]:
    """(partition values as text, folder key) of what `table` reads now."""
    if not table.partition_keys:
        return [("", _folder(table.location))] if table.location else []
    return [
        (
            ", ".join(f"{k.name}={v}" for k, v in zip(table.partition_keys, p.values, strict=True)),
            _folder(p.location),
        )
        for p in lake.catalog.partitions(table.database, table.name)
    ]


def _folder(location: str) -> str:
    key = split_s3_uri(location)[1]
    return key if key.endswith("/") else key + "/"


def _sha256(lake: Lake, key: str) -> str:
    digest = hashlib.sha256()
    for chunk in lake.storage.stream(key):
        digest.update(chunk)
    return digest.hexdigest()


def check_lake(
    lake: Lake, *, datasets: set[str] | None = None, checksums: bool = True
) -> list[Problem]:
    """Every problem with what the tables of `datasets` (all: None) read now."""
    records = recorded_objects(lake, datasets)
    by_folder: dict[str, dict[str, Recorded]] = {}
    for key, record in records.items():
        if record.live:
            by_folder.setdefault(key.rpartition("/")[0] + "/", {})[key] = record
    problems = []
    for table in lake.catalog.tables(lake.outputs.database):
        if datasets is not None and table.dataset not in datasets:
            continue
        for where, folder in _live(lake, table):
            problems += _check_folder(
                lake, table, where, folder, by_folder.get(folder, {}), checksums=checksums
            )
    return problems


def _check_folder(
    lake: Lake,
    table: CatalogTable,
    where: str,
    folder: str,
    expected: dict[str, Recorded],
    *,
    checksums: bool,
) -> list[Problem]:
    found = {o.key: o.size for o in lake.storage.list(folder) if "/" not in o.key[len(folder) :]}
    data = [k for k in found if not k[len(folder) :].startswith(("_", "."))]
    if not data and not expected:
        if where or folder.rstrip("/").rpartition("/")[2].startswith("v="):
            return [Problem(table, where, folder, "holds no data")]
        return []  # an unpartitioned table before its first load
    problems = []
    for key, record in sorted(expected.items()):
        if key not in found:
            problems.append(Problem(table, where, key, "is missing"))
        elif found[key] != record.size:
            what = f"has {found[key]:,} bytes, its manifest recorded {record.size:,}"
            problems.append(Problem(table, where, key, what))
        elif checksums and _sha256(lake, key) != record.sha256:
            problems.append(Problem(table, where, key, "does not match its recorded checksum"))
    for key in data:
        if key not in expected:
            what = "is not recorded in any manifest"
            problems.append(Problem(table, where, key, what, damaged=False))
    return problems


def findings_key(lake: Lake) -> str:
    return f"{lake.outputs.manifests_prefix}/{FINDINGS_NAME}"


def save_findings(lake: Lake, problems: list[Problem]) -> None:
    """What the last full check found, for the next ingest to repair."""
    body = {"damaged": sorted({p.key for p in problems if p.damaged})}
    lake.storage.put_bytes(findings_key(lake), json.dumps(body, indent=1).encode())


def saved_findings(lake: Lake) -> set[str]:
    """The keys the last full check found damaged (and no run has rewritten yet)."""
    try:
        saved = json.loads(lake.storage.get_bytes(findings_key(lake)))
        return {str(k) for k in saved.get("damaged", [])}
    except (LakeError, ValueError, AttributeError):
        return set()


def damaged_keys(lake: Lake, datasets: set[str]) -> set[str]:
    """What ingest rewrites: the cheap check on `datasets`, plus the last full check's."""
    found = check_lake(lake, datasets=datasets, checksums=False)
    return {p.key for p in found if p.damaged} | saved_findings(lake)


def forget_repaired(lake: Lake, rewritten: set[str]) -> None:
    """Drop what a run rewrote from the saved findings (the file goes when none are left)."""
    saved = saved_findings(lake)
    if not saved:
        return
    left = saved - rewritten
    if left:
        body = {"damaged": sorted(left)}
        lake.storage.put_bytes(findings_key(lake), json.dumps(body, indent=1).encode())
    else:
        lake.storage.delete([findings_key(lake)])
