"""`nba-lake check`: every object a table reads now exists with the size and checksum its
manifest recorded.

The run manifests record each object a run wrote (or found in place) with its SHA-256
and size, and what it replaced. The latest record of a key says what it should be. For
each table's live folders (its partitions' locations, or its own location), check lists
the folder once and compares: a missing object, a wrong size, a wrong checksum, a live
folder without data, a data file no manifest knows. Ingest runs the same check (sizes
only, from the listings: cheap) on the datasets it loads, plus what the last full check
found, and rewrites what is damaged. Ingest narrows its check to the seasons it loads
(a `Scope`), so a daily load costs what the day holds, not what the lake holds.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ingest.catalog.model import CatalogTable
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.storage.base import is_hidden, split_s3_uri

FINDINGS_NAME = "_check.json"

#: dataset -> the seasons to check (None: all of them); datasets not named are not checked
Scope = Mapping[str, frozenset[int] | None]


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


def _in_scope(dataset: str, name: str, scope: Scope | None) -> bool:
    """Whether a manifest file (`{dataset}-{season}-{sha}.json`) is one `scope` reads."""
    if scope is None:
        return True
    if dataset not in scope:
        return False
    seasons = scope[dataset]
    if seasons is None:
        return True
    season = name[len(dataset) + 1 :].partition("-")[0]
    return season.isdigit() and int(season) in seasons


def recorded_objects(lake: Lake, scope: Scope | None = None) -> dict[str, Recorded]:
    """Key -> its latest manifest record, from the manifests `scope` names (all: None)."""
    prefix = f"{lake.outputs.manifests_prefix}/"
    folders = [prefix] if scope is None else [f"{prefix}{dataset}/" for dataset in sorted(scope)]
    latest: dict[str, Recorded] = {}
    items = [item for folder in folders for item in lake.storage.list(folder)]
    for item in items:
        parts = item.key[len(prefix) :].split("/")
        if len(parts) != 2 or parts[0].startswith("_") or not item.key.endswith(".json"):
            continue
        if not _in_scope(parts[0], parts[1], scope):
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


def _live(
    lake: Lake, table: CatalogTable, seasons: frozenset[int] | None = None
) -> list[tuple[str, str]]:
    """(partition values as text, folder key) of what `table` reads now; with `seasons`,
    only the partitions of those seasons (a table not partitioned by season: all)."""
    if not table.partition_keys:
        return [("", _folder(table.location))] if table.location else []
    names = [key.name for key in table.partition_keys]
    at = names.index("season") if seasons is not None and "season" in names else None
    return [
        (", ".join(f"{n}={v}" for n, v in zip(names, p.values, strict=True)), _folder(p.location))
        for p in lake.catalog.partitions(table.database, table.name)
        if at is None or (str(p.values[at]).isdigit() and int(p.values[at]) in (seasons or ()))
    ]


def _folder(location: str) -> str:
    key = split_s3_uri(location)[1]
    return key if key.endswith("/") else key + "/"


def _sha256(lake: Lake, key: str) -> str:
    digest = hashlib.sha256()
    for chunk in lake.storage.stream(key):
        digest.update(chunk)
    return digest.hexdigest()


def check_lake(lake: Lake, *, scope: Scope | None = None, checksums: bool = True) -> list[Problem]:
    """Every problem with what the tables read now (those `scope` names; all: None).

    Narrowed to some seasons, a table partitioned by season is checked in those seasons'
    partitions, and one that is not (a raw table, by ingest day) in the folders holding
    what those seasons' manifests recorded.
    """
    records = recorded_objects(lake, scope)
    by_folder: dict[str, dict[str, Recorded]] = {}
    for key, record in records.items():
        if record.live:
            by_folder.setdefault(key.rpartition("/")[0] + "/", {})[key] = record
    problems = []
    for table in lake.catalog.tables(lake.outputs.database):
        if scope is not None and table.dataset not in scope:
            continue
        seasons = None if scope is None else scope[table.dataset]
        narrowed = seasons is not None and "season" not in {k.name for k in table.partition_keys}
        for where, folder in _live(lake, table, seasons):
            if narrowed and folder not in by_folder:
                continue  # holds none of these seasons' files
            expected = by_folder.get(folder, {})
            found = _check_folder(lake, table, where, folder, expected, checksums=checksums)
            # narrowed, the folder's other files belong to seasons whose manifests were not read
            problems += [p for p in found if p.damaged or not narrowed]
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
    data = [k for k in found if not is_hidden(k[len(folder) :])]
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


def damaged_keys(lake: Lake, scope: Scope) -> set[str]:
    """What ingest rewrites: the cheap check on `scope`, plus the last full check's."""
    found = check_lake(lake, scope=scope, checksums=False)
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
