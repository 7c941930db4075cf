"""One ingest (or destroy) at a time per lake: a lock object in the bucket, created with a
conditional write.

The same mechanism serves both targets (`create_if_absent` is an exclusive create locally
and `If-None-Match: *` on S3). The holder refreshes the lock while it works (a heartbeat,
see `lock_heartbeat`), so a lock is stale only when its process is gone (same host) or
it has not been refreshed for `STALE_AFTER_SECONDS` (any host); a stale lock is taken
over. Takeover claims are removed once the takeover is decided, and any a crash left
behind are removed by the next holder.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from ingest.errors import LakeError
from ingest.pipeline.lock_heartbeat import Heartbeat
from ingest.storage.base import LOCKS_PREFIX, ObjectStore

LOCK_KEY = f"{LOCKS_PREFIX}ingest.lock"
TAKEOVER_PREFIX = f"{LOCK_KEY}.takeover-"
#: A lock not refreshed for this long belongs to a run that stopped (the holder refreshes
#: it every `HEARTBEAT_SECONDS`, so a slow run keeps it).
STALE_AFTER_SECONDS = 15 * 60
HEARTBEAT_SECONDS = 60.0
_POLL_SECONDS = 0.5

Holder = dict[str, object]


def _holder(purpose: str) -> Holder:
    now = time.time()
    return {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "started": now,
        "refreshed": now,
        "token": uuid.uuid4().hex,
        "purpose": purpose,
    }


def same_holder(one: Holder, other: Holder) -> bool:
    """The same run's lock, whatever its last refresh."""
    return bool(one) and {k: v for k, v in one.items() if k != "refreshed"} == {
        k: v for k, v in other.items() if k != "refreshed"
    }


def _is_stale(holder: Holder, *, now: float | None = None) -> bool:
    seen = holder.get("refreshed", holder.get("started"))
    current = time.time() if now is None else now
    if not isinstance(seen, int | float) or current - seen > STALE_AFTER_SECONDS:
        return True
    pid = holder.get("pid")
    if holder.get("host") == socket.gethostname() and isinstance(pid, int):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def read_holder(storage: ObjectStore) -> Holder:
    """The lock's current holder ({} when there is none or it cannot be read)."""
    try:
        loaded = json.loads(storage.get_bytes(LOCK_KEY))
    except (LakeError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


class LockBusy(LakeError):
    """The lake's lock is held by a live run."""


def _busy(holder: Holder) -> LockBusy:
    since = time.strftime("%H:%M:%S", time.localtime(float(str(holder.get("started", 0)))))
    what = "a destroy" if holder.get("purpose") == "destroy" else "another ingest"
    return LockBusy(
        f"{what} is running on this lake (pid {holder.get('pid')} on "
        f"{holder.get('host')}, since {since})",
        "wait for it to finish and run again",
    )


def _acquire(storage: ObjectStore, me: Holder, wait_seconds: float) -> None:
    payload = json.dumps(me).encode()
    deadline = time.monotonic() + wait_seconds
    while not storage.create_if_absent(LOCK_KEY, payload):
        holder = read_holder(storage)
        if _is_stale(holder):  # an unreadable lock ({}) counts as stale
            _take_over(storage, holder, payload)
            return
        if time.monotonic() >= deadline:
            raise _busy(holder)
        time.sleep(_POLL_SECONDS)


@contextmanager
def ingest_lock(
    storage: ObjectStore,
    *,
    wait_seconds: float = 0.0,
    purpose: str = "ingest",
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
) -> Iterator[Heartbeat]:
    """Hold the lake's lock for the block, refreshing it; wait up to `wait_seconds` for a
    running holder to finish, then refuse with one line naming it."""
    me = _holder(purpose)
    _acquire(storage, me, wait_seconds)
    beat = Heartbeat(lambda: _refresh(storage, me), heartbeat_seconds)
    try:
        _remove_claims(storage)
        with beat:
            yield beat
    finally:
        if same_holder(read_holder(storage), me):  # never release a lock someone else holds
            storage.delete([LOCK_KEY])


def _refresh(storage: ObjectStore, me: Holder) -> bool:
    """Rewrite our lock with a new `refreshed` time; False when it is no longer ours."""
    if not same_holder(read_holder(storage), me):
        return False
    me["refreshed"] = time.time()
    storage.put_bytes(LOCK_KEY, json.dumps(me).encode())
    return True


def _remove_claims(storage: ObjectStore) -> None:
    """Takeover claims left by runs that died mid-takeover: the holder is decided now."""
    claims = [item.key for item in storage.list(TAKEOVER_PREFIX)]
    if claims:
        storage.delete(claims)


def _take_over(storage: ObjectStore, stale: Holder, payload: bytes) -> None:
    """Replace a dead run's lock; of several runs that find it stale, exactly one wins.

    The winner is whoever creates the claim object named after that stale lock (the same
    conditional write as the lock itself); a run that reads the stale lock after the
    winner replaced it fails the second check. The claim goes once the takeover is decided.
    """
    token = hashlib.sha256(json.dumps(stale, sort_keys=True).encode()).hexdigest()[:16]
    claim = f"{TAKEOVER_PREFIX}{token}"
    taken = LakeError("another ingest took over the lake's lock just now", "run again in a moment")
    if not storage.create_if_absent(claim, payload):
        raise taken
    try:
        if read_holder(storage) != stale:
            raise taken
        storage.delete([LOCK_KEY])
        if not storage.create_if_absent(LOCK_KEY, payload):
            raise taken
    finally:
        storage.delete([claim])
