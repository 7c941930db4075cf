"""One ingest at a time per lake: a lock object in the bucket, created with a conditional write.

The same mechanism serves both targets (`create_if_absent` is an exclusive create locally
and `If-None-Match: *` on S3). A lock left by a run that died is taken over when its
process is gone (same host) or it is older than the time limit (any host).
"""

from __future__ import annotations

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
        storage.delete([LOCK_KEY])
        if not storage.create_if_absent(LOCK_KEY, payload):
            raise LakeError("another ingest took the lake's lock just now", "run again in a moment")
    try:
        yield
    finally:
        if _read_holder(storage).get("pid") == me["pid"]:
            storage.delete([LOCK_KEY])
