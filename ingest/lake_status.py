"""The lake at a glance: per table its rows, size, partitions, freshness, last ingest,
waiting rejects and rows loaded per day. `nba-lake status` prints it; the workbench's
dashboard shows it.

Everything comes from what the lake itself records, on either target: the catalog
(tables, partitions and where they live), storage listings (sizes) and the run manifests
under the manifests prefix (rows per object, when and from where each run loaded). No
query runs, so on AWS it costs list and get requests, never an Athena scan.

Freshness is generic: a table whose partition key is a date (typed `date`, or text
holding ISO dates) reports its latest partition, so any date-keyed dataset shows the
last day it holds without being named here; a dataset loaded day by day into coarser
partitions (games by month) reports the day its watermark has reached.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ingest.catalog.model import CatalogTable, Partition
from ingest.lake import Lake
from ingest.storage.base import ObjectInfo, is_hidden, split_s3_uri
from ingest.storage.watermark import loaded_up_to

#: Days the rows-per-day sparkline covers.
SPARK_DAYS = 30
SPARK_CHARS = " ▁▂▃▄▅▆▇█"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_READERS = 8


@dataclass(frozen=True)
class RunRecord:
    """One run manifest, as far as the dashboard needs it (unknown fields are ignored)."""

    dataset: str
    source: str
    run_id: str
    finished_at: datetime | None
    landed: int
    curated_rows: int
    rejected: int
    #: object key -> rows it holds, for the objects the run wrote
    rows_by_key: dict[str, int] = field(default_factory=dict)
    #: raw objects the run wrote (their rows are the run's landed records)
    keys: tuple[str, ...] = ()
    status: str = "written"

    def rows_for(self, layer: str) -> int:
        return self.curated_rows if layer == "curated" else self.landed


@dataclass(frozen=True)
class TableStatus:
    """One table of the lake."""

    name: str
    dataset: str
    layer: str
    #: rows in the files queries read now; None when no manifest recorded them
    rows: int | None
    bytes: int
    files: int
    #: registered partitions; None for an unpartitioned table
    partitions: int | None
    #: (partition key, latest day) for a date-keyed table
    latest_day: tuple[str, date] | None
    last_run: RunRecord | None
    rejects_waiting: int
    #: rows loaded per day over the last SPARK_DAYS days, oldest first
    rows_per_day: tuple[int, ...]


@dataclass(frozen=True)
class LakeStatus:
    target: str
    database: str
    bucket: str
    tables: tuple[TableStatus, ...]
    #: the sparkline's last day
    today: date


def _parse_time(text: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def parse_manifest(document: dict[str, Any]) -> RunRecord:
    """A manifest's counts and objects; missing or odd fields read as empty."""
    objects = [o for o in document.get("objects", []) if isinstance(o, dict) and "key" in o]
    # a rerun's manifest lists what it found already in place under "present"
    present = [o for o in document.get("present", []) if isinstance(o, dict) and "key" in o]
    return RunRecord(
        dataset=str(document.get("dataset", "")),
        source=str(document.get("source", "")),
        run_id=str(document.get("run_id", "")),
        finished_at=_parse_time(document.get("finished_at") or document.get("started_at")),
        landed=_as_int(document.get("landed")),
        curated_rows=_as_int(document.get("curated_rows")),
        rejected=_as_int(document.get("rejected")),
        rows_by_key={
            str(o["key"]): _as_int(o["rows"]) for o in [*present, *objects] if "rows" in o
        },
        keys=tuple(str(o["key"]) for o in objects),
        status=str(document.get("status", "written")),
    )


def read_runs(lake: Lake) -> list[RunRecord]:
    """Every run manifest in the lake, oldest first (unreadable ones are skipped)."""
    store = lake.storage
    keys = [
        o.key for o in store.list(lake.outputs.manifests_prefix + "/") if o.key.endswith(".json")
    ]

    def load(key: str) -> RunRecord | None:
        try:
            document = json.loads(store.get_bytes(key))
        except (ValueError, OSError):
            return None
        return parse_manifest(document) if isinstance(document, dict) else None

    with ThreadPoolExecutor(max_workers=_READERS, thread_name_prefix="manifests") as pool:
        runs = [run for run in pool.map(load, keys) if run is not None]
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(runs, key=lambda r: r.finished_at or oldest)


def _key_prefix(location: str) -> str:
    key = split_s3_uri(location)[1]
    return key if key.endswith("/") else key + "/"


def _live_objects(
    objects: Iterable[ObjectInfo], table: CatalogTable, partitions: list[Partition]
) -> list[ObjectInfo]:
    """The objects queries read: under a registered partition, or the table's location,
    leaving out the files Athena skips (`_days.json`, `_files.json`: names starting with
    `_` or `.`)."""
    if table.partition_keys:
        roots = tuple(_key_prefix(p.location) for p in partitions)
    else:
        roots = (_key_prefix(table.location),)
    return [
        o
        for o in objects
        if roots and o.key.startswith(roots) and not is_hidden(o.key.rsplit("/", 1)[-1])
    ]


def _is_day(value: str) -> bool:
    if not _ISO_DAY.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def latest_day(table: CatalogTable, partitions: list[Partition]) -> tuple[str, date] | None:
    """The latest day of the first date-valued partition key, if the table has one."""
    for index, key in enumerate(table.partition_keys):
        values = [p.values[index] for p in partitions if len(p.values) > index]
        if not values:
            continue
        if key.type.lower() == "date" or all(_is_day(v) for v in values):
            days = [date.fromisoformat(v[:10]) for v in values if _is_day(v[:10])]
            if days:
                return key.name, max(days)
    return None


def _loaded_up_to(table: CatalogTable, loaded: dict[str, date]) -> tuple[str, date] | None:
    """For a dataset loaded day by day into coarser partitions (games by month), the
    day its watermark has reached."""
    day = loaded.get(table.dataset) if table.layer == "curated" else None
    return ("watermark", day) if day else None


def _rows(live: list[ObjectInfo], layer: str, runs: list[RunRecord]) -> int | None:
    """Rows in the live objects, as the manifests that wrote them recorded."""
    by_key: dict[str, int] = {}
    for run in runs:
        by_key.update(run.rows_by_key)
        if layer == "raw":
            raw = [k for k in run.keys if k not in run.rows_by_key]
            if len(raw) == 1:  # a run lands one raw object: its records are `landed`
                by_key.setdefault(raw[0], run.landed)
    known = [by_key[o.key] for o in live if o.key in by_key]
    if len(known) < len(live):
        return None
    return sum(known)


def per_day(
    runs: Sequence[RunRecord], layer: str, today: date, days: int = SPARK_DAYS
) -> tuple[int, ...]:
    """Rows the runs loaded on each of the last `days` days (oldest first)."""
    first = today - timedelta(days=days - 1)
    totals: dict[date, int] = defaultdict(int)
    for run in runs:
        if run.finished_at is not None:
            totals[run.finished_at.astimezone(UTC).date()] += run.rows_for(layer)
    return tuple(totals.get(first + timedelta(days=i), 0) for i in range(days))


def sparkline(values: Sequence[int]) -> str:
    """`▁▃█` bars scaled to the largest value; a day with nothing loaded is a blank."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    steps = len(SPARK_CHARS) - 1
    return "".join(
        SPARK_CHARS[0] if v <= 0 else SPARK_CHARS[max(1, round(v / top * steps))] for v in values
    )


def last_run(runs: Sequence[RunRecord]) -> RunRecord | None:
    """The newest run of a dataset, its manifests (one per season or day) added up."""
    if not runs:
        return None
    newest = runs[-1]
    same = [r for r in runs if r.run_id == newest.run_id] if newest.run_id else [newest]
    failed = [r.status for r in same if r.status != "written"]
    return RunRecord(
        dataset=newest.dataset,
        source=newest.source,
        run_id=newest.run_id,
        finished_at=newest.finished_at,
        landed=sum(r.landed for r in same),
        curated_rows=sum(r.curated_rows for r in same),
        rejected=sum(r.rejected for r in same),
        status=failed[0] if failed else newest.status,
    )


def _rejects_waiting(lake: Lake, dataset: str, cache: dict[str, int]) -> int:
    """Rejected records kept under the rejected prefix for `dataset` (one per line)."""
    if dataset not in cache:
        prefix = f"{lake.outputs.rejected_prefix}/{dataset}/"
        cache[dataset] = sum(
            lake.storage.get_bytes(o.key).count(b"\n") for o in lake.storage.list(prefix)
        )
    return cache[dataset]


def _table_status(
    lake: Lake,
    table: CatalogTable,
    runs: list[RunRecord],
    today: date,
    rejects: dict[str, int],
    loaded: dict[str, date],
) -> TableStatus:
    partitions = lake.catalog.partitions(table.database, table.name) if table.partition_keys else []
    listed = list(lake.storage.list(_key_prefix(table.location)))
    live = _live_objects(listed, table, partitions)
    own = [run for run in runs if run.dataset == table.dataset]
    return TableStatus(
        name=table.name,
        dataset=table.dataset,
        layer=table.layer,
        rows=_rows(live, table.layer, own) if live else 0,
        bytes=sum(o.size for o in live),
        files=len(live),
        partitions=len(partitions) if table.partition_keys else None,
        latest_day=latest_day(table, partitions) or _loaded_up_to(table, loaded),
        last_run=last_run(own),
        rejects_waiting=_rejects_waiting(lake, table.dataset, rejects) if table.dataset else 0,
        rows_per_day=per_day(own, table.layer, today),
    )


# -- text, the same in the CLI and the workbench ------------------------------------------


def rows_text(table: TableStatus) -> str:
    return "?" if table.rows is None else f"{table.rows:,}"


def freshness_text(table: TableStatus, today: date) -> str:
    """`2025-04-13 · 3d ago` for a date-keyed table (its latest day partition), else empty."""
    if table.latest_day is None:
        return ""
    day = table.latest_day[1]
    age = (today - day).days
    when = "today" if age == 0 else f"{age}d ago" if age > 0 else "ahead"
    return f"{day.isoformat()} · {when}"


def last_run_text(table: TableStatus) -> str:
    """`2025-04-13 21:24 sample · +2,250 rows` (the newest run, all its manifests)."""
    run = table.last_run
    if run is None:
        return "never"
    when = run.finished_at.strftime("%Y-%m-%d %H:%M") if run.finished_at else "?"
    outcome = "" if run.status == "written" else f" {run.status}"
    rejected = f" ({run.rejected:,} rejected)" if run.rejected else ""
    return f"{when} {run.source}{outcome} · +{run.rows_for(table.layer):,}{rejected}"


def lake_status(lake: Lake, *, today: date | None = None) -> LakeStatus:
    """Read the catalog, the storage listings and the manifests into one status."""
    today = today or datetime.now(UTC).date()
    database = lake.outputs.database
    runs = read_runs(lake)
    loaded = loaded_up_to(lake.storage)
    rejects: dict[str, int] = {}
    layer_order = {"curated": 0, "raw": 1}
    tables = sorted(
        lake.catalog.tables(database),
        key=lambda t: (t.dataset, layer_order.get(t.layer, 2), t.name),
    )
    return LakeStatus(
        target=lake.target.name,
        database=database,
        bucket=lake.outputs.bucket,
        tables=tuple(_table_status(lake, t, runs, today, rejects, loaded) for t in tables),
        today=today,
    )
