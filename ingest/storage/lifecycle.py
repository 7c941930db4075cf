"""The bucket's lifecycle rule for query results, for the local target.

On AWS an S3 lifecycle rule deletes objects under the results prefix
`athena_results_expiration_days` after they were written; a folder has no such rule, so
the local target applies it itself whenever it starts a query engine.
"""

from __future__ import annotations

import time

from ingest.storage.local import LocalObjectStore

DAY_SECONDS = 86_400


def expire_objects(
    store: LocalObjectStore, prefix: str, days: int, *, now: float | None = None
) -> int:
    """Delete the objects under `prefix` written more than `days` days ago; returns how many."""
    cutoff = (time.time() if now is None else now) - days * DAY_SECONDS
    expired = []
    for item in store.list(prefix):
        try:
            if store.path(item.key).stat().st_mtime < cutoff:
                expired.append(item.key)
        except FileNotFoundError:  # removed meanwhile (another process expiring too)
            continue
    return store.delete(expired)
