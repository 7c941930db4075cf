"""Every local result also saved as CSV under the workgroup's results location, as Athena does.

A background thread writes them, so the caller has its rows without waiting on the file;
`flush()` waits (and reports a file that could not be written), `close()` finishes.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa

from ingest.errors import LakeError
from ingest.query.results_csv import to_csv
from ingest.storage.base import split_s3_uri
from ingest.storage.local import LocalObjectStore


class ResultsWriter:
    """Writes result CSVs to `s3://bucket/prefix/<query id>.csv` under a local buckets root."""

    def __init__(self, buckets_root: Path, results_location: str) -> None:
        location = results_location if results_location.endswith("/") else results_location + "/"
        bucket, self._prefix = split_s3_uri(location)
        self._location = location
        self._store = LocalObjectStore(buckets_root, bucket)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="duckdb-results")
        self._pending: list[Future[None]] = []

    def queue(self, query_id: str, table: pa.Table) -> str:
        """Hand the result to the writer thread; returns where the CSV will be."""
        self._pending = [f for f in self._pending if not f.done() or f.exception()]
        key = f"{self._prefix}{query_id}.csv"
        store = self._store
        self._pending.append(self._pool.submit(lambda: store.put_bytes(key, to_csv(table))))
        return f"{self._location}{query_id}.csv"

    def flush(self) -> None:
        """Wait until every result CSV so far is written; raises if one could not be."""
        pending, self._pending = self._pending, []
        problems = [str(f.exception()) for f in pending if f.exception() is not None]
        if problems:
            raise LakeError(
                f"could not write a result CSV: {problems[0]}", "check that LAKE_HOME is writable"
            )

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._pool.shutdown(wait=True)
