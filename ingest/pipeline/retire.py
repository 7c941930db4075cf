"""Replaced versions are kept for a grace period, then deleted by a later run.

Publishing switches a partition (or a table) to a new version and *retires* the old one:
its keys go in a retirement notice under `_manifests/_replaced/`, with the time. A reader
that listed the old files before the switch (a long-lived engine, a running Athena query)
can still read them. Each run starts (under the lock) by sweeping: a key whose latest
retirement is older than the grace period, and that no table reads now, is deleted; the
notice goes with it. Both targets work the same way (an S3 lifecycle rule could only count
days, and cannot tell a replaced object from a live one).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.storage.base import split_s3_uri

GRACE_VARIABLE = "NBA_LAKE_REPLACED_GRACE"
#: Twice the longest a query runs by default (Athena's and the local engine's 30-minute
#: limit): a query that started before a switch has finished or been stopped by then.
DEFAULT_GRACE_SECONDS = 60 * 60
NOTICES = "_replaced"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$", re.I)


def grace_from_env(env: Mapping[str, str] | None = None) -> float:
    """NBA_LAKE_REPLACED_GRACE (90s, 30m, 1h; 0 deletes at the next run), else an hour."""
    text = (os.environ if env is None else env).get(GRACE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_GRACE_SECONDS
    match = _DURATION.match(text)
    if match is None:
        raise LakeError(
            f"{GRACE_VARIABLE}='{text}' is not a duration",
            "give seconds (90, 90s) or minutes/hours (60m, 1h)",
        )
    return float(match.group(1)) * {"s": 1, "m": 60, "h": 3600}[(match.group(2) or "s").lower()]


def live_folders(lake: Lake) -> set[str]:
    """The key prefixes (`.../v=x/`) every table reads now: its partitions' locations, or
    its own location when it has no partitions."""
    database = lake.outputs.database
    folders = set()
    for table in lake.catalog.tables(database):
        if table.partition_keys:
            locations = [p.location for p in lake.catalog.partitions(database, table.name)]
        else:
            locations = [table.location]
        folders |= {_folder(location) for location in locations if location}
    return folders


def _folder(location: str) -> str:
    key = split_s3_uri(location)[1]
    return key if key.endswith("/") else key + "/"


def is_live(key: str, folders: set[str]) -> bool:
    """True when a table reads `key` now (it lies directly in a live folder)."""
    return key.rpartition("/")[0] + "/" in folders


@dataclass
class Sweep:
    """What a run's sweep did, and the keys still waiting for their grace period."""

    deleted: list[str] = field(default_factory=list)
    pending: set[str] = field(default_factory=set)


class Retirements:
    """Retirement notices of one lake: written by publishing, swept at each run's start."""

    def __init__(self, lake: Lake, grace_seconds: float | None = None) -> None:
        self.lake = lake
        self.grace = grace_from_env() if grace_seconds is None else grace_seconds
        self.prefix = f"{lake.outputs.manifests_prefix}/{NOTICES}/"

    def notice(self, run_id: str, keys: Iterable[str], *, now: float | None = None) -> str | None:
        """Record `keys` as replaced now; returns the notice's key (None for no keys)."""
        retired = sorted(set(keys))
        if not retired:
            return None
        when = time.time() if now is None else now
        key = f"{self.prefix}{int(when * 1000):015d}-{run_id}-{len(retired)}.json"
        body = {"retired_at": when, "run_id": run_id, "keys": retired}
        self.lake.storage.put_bytes(key, json.dumps(body, indent=1).encode())
        return key

    def _notices(self) -> list[tuple[str, float, list[str]]]:
        found = []
        for item in self.lake.storage.list(self.prefix):
            try:
                body = json.loads(self.lake.storage.get_bytes(item.key))
                found.append((item.key, float(body["retired_at"]), [str(k) for k in body["keys"]]))
            except (ValueError, KeyError, TypeError, LakeError):
                continue  # unreadable: left alone (`check` does not depend on it)
        return found

    def sweep(self, *, now: float | None = None) -> Sweep:
        """Delete the replaced keys whose grace period is over and that nothing reads."""
        current = time.time() if now is None else now
        notices = self._notices()
        latest: dict[str, float] = {}
        for _, when, keys in notices:
            for key in keys:
                latest[key] = max(when, latest.get(key, when))
        due = {key for key, when in latest.items() if current - when >= self.grace}
        result = Sweep(pending=set(latest) - due)
        if due:
            live = live_folders(self.lake)
            result.deleted = sorted(key for key in due if not is_live(key, live))
            self.lake.storage.delete(result.deleted)
        done = [key for key, when, _ in notices if current - when >= self.grace]
        if done:
            self.lake.storage.delete(done)
        return result
