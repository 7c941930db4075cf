"""How far each date-keyed dataset is loaded, per source, kept in the lake itself.

The watermark is the last day a load covered. It lives in the bucket (`_state/`), on both
targets, so every machine (and a scheduled job) that loads the lake continues from the
same day, and a new clone of the project needs no state of its own.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from ingest.errors import LakeError
from ingest.storage.base import ObjectStore

STATE_PREFIX = "_state/watermarks"


def watermark_key(source: str, dataset: str) -> str:
    return f"{STATE_PREFIX}/{source}/{dataset}.json"


def read_watermark(storage: ObjectStore, source: str, dataset: str) -> date | None:
    """The last day loaded from `source` into `dataset`, or None before the first load."""
    key = watermark_key(source, dataset)
    if not storage.exists(key):
        return None
    try:
        return date.fromisoformat(json.loads(storage.get_bytes(key))["watermark"])
    except (ValueError, TypeError, KeyError):
        raise LakeError(
            f"the watermark {key} in the lake is unreadable",
            "delete it and load with --full-refresh (or --since DATE)",
        ) from None


def write_watermark(
    storage: ObjectStore, source: str, dataset: str, day: date, run_id: str
) -> bool:
    """Move the watermark to `day` (never backwards); True when it moved."""
    current = read_watermark(storage, source, dataset)
    if current is not None and current >= day:
        return False
    body = {
        "source": source,
        "dataset": dataset,
        "watermark": day.isoformat(),
        "run_id": run_id,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    storage.put_bytes(watermark_key(source, dataset), (json.dumps(body, indent=1) + "\n").encode())
    return True


def loaded_up_to(storage: ObjectStore) -> dict[str, date]:
    """Per dataset, the furthest day any source has loaded it to (one listing for all)."""
    days: dict[str, date] = {}
    for item in storage.list(f"{STATE_PREFIX}/"):
        source, _, name = item.key[len(STATE_PREFIX) + 1 :].partition("/")
        dataset = name.removesuffix(".json")
        if "/" in name or dataset == name:
            continue
        try:
            day = read_watermark(storage, source, dataset)
        except LakeError:  # an unreadable one is the ingest's to report
            continue
        if day is not None and (dataset not in days or day > days[dataset]):
            days[dataset] = day
    return days
