"""One ingest at a time per lake: a lock object in the bucket, created with a conditional write.

The same mechanism serves both targets (`create_if_absent` is an exclusive create locally
and `If-None-Match: *` on S3). A lock left by a run that died is taken over when its
process is gone (same host) or it is older than the time limit (any host).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ingest.errors import LakeError
from ingest.storage.base import ObjectStore

LOCK_KEY = "_locks/ingest.lock"
STALE_AFTER_SECONDS = 3 * 60 * 60


def _holder() -> dict[str, object]:
    return {"host": socket.gethostname(), "pid": os.getpid(), "started": time.time()}


def _is_stale(holder: dict[str, object]) -> bool:
    started = holder.get("started")
    if not isinstance(started, int | float) or time.time() - started > STALE_AFTER_SECONDS:
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


def _read_holder(storage: ObjectStore) -> dict[str, object]:
    try:
        loaded = json.loads(storage.get_bytes(LOCK_KEY))
    except (LakeError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


@contextmanager
def ingest_lock(storage: ObjectStore) -> Iterator[None]:
    """Hold the lake's ingest lock for the duration of the block."""
    me = _holder()
    payload = json.dumps(me).encode()
    if not storage.create_if_absent(LOCK_KEY, payload):
        holder = _read_holder(storage)
        if not _is_stale(holder):
            since = time.strftime("%H:%M:%S", time.localtime(float(str(holder.get("started", 0)))))
            raise LakeError(
                f"another ingest is running on this lake (pid {holder.get('pid')} on "
                f"{holder.get('host')}, since {since})",
                "wait for it to finish and run again",
            )
        _take_over(storage, holder, payload)
    try:
        yield
    finally:
        if _read_holder(storage) == me:  # never release a lock someone else holds now
            storage.delete([LOCK_KEY])


def _take_over(storage: ObjectStore, stale: dict[str, object], payload: bytes) -> None:
    """Replace a dead run's lock; of several runs that find it stale, exactly one wins.

    The winner is whoever creates the claim object named after that stale lock (the same
    conditional write as the lock itself); claims are kept, so a run that read the stale
    lock late cannot claim it again after the winner has replaced it.
    """
    token = hashlib.sha256(json.dumps(stale, sort_keys=True).encode()).hexdigest()[:16]
    taken = LakeError("another ingest took over the lake's lock just now", "run again in a moment")
    if not storage.create_if_absent(f"{LOCK_KEY}.takeover-{token}", payload):
        raise taken
    if _read_holder(storage) != stale:
        raise taken
    storage.delete([LOCK_KEY])
    if not storage.create_if_absent(LOCK_KEY, payload):
        raise taken
