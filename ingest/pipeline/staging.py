"""Files being built for one run, under LAKE_HOME/tmp, hashed as they are written.

Nothing reaches the lake until a file is complete: publishing moves (local) or uploads
(S3) the finished file under its final key in one step. Disk writes, hashing and Parquet
encoding release the GIL, so they run on one background thread, in order, while the
next page is validated; a short queue bounds the memory that takes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

import pyarrow as pa
import pyarrow.parquet as pq

_MAX_PENDING = 4


class _Writer:
    """One background thread that runs write jobs in submission order."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nba-lake-stage")
        self._pending: deque[Future[None]] = deque()

    def submit(self, job: Callable[[], None]) -> None:
        while len(self._pending) >= _MAX_PENDING:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(job))

    def drain(self) -> None:
        """Wait for every job so far; re-raises the first failure."""
        while self._pending:
            self._pending.popleft().result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class StagedFile:
    """An append-only local file with a running SHA-256 and size."""

    def __init__(self, folder: Path, suffix: str, writer: _Writer) -> None:
        fd, name = tempfile.mkstemp(dir=folder, suffix=suffix)
        self.path = Path(name)
        self._handle = os.fdopen(fd, "wb")
        self._digest = hashlib.sha256()
        self._writer = writer
        self.size = 0

    def write(self, data: bytes | memoryview) -> None:
        if data:
            self.size += len(data)
            self._writer.submit(lambda: self._append(data))

    def _append(self, data: bytes | memoryview) -> None:
        self._handle.write(data)
        self._digest.update(data)

    def close(self) -> None:
        """Release the file without finishing it (a run that failed)."""
        self._handle.close()

    def finish(self) -> str:
        """Flush to disk and return the content's SHA-256 (hex)."""
        self._writer.drain()
        if not self._handle.closed:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
        return self._digest.hexdigest()


def file_sha256(path: Path) -> tuple[str, int]:
    """A finished file's SHA-256 (hex) and size, after an fsync (it is about to be published)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
        os.fsync(handle.fileno())
    return digest.hexdigest(), path.stat().st_size


class StagedParquet:
    """A Parquet file written page by page (zstd), for one curated partition."""

    def __init__(self, folder: Path, schema: pa.Schema, writer: _Writer) -> None:
        fd, name = tempfile.mkstemp(dir=folder, suffix=".parquet")
        os.close(fd)
        self.path = Path(name)
        self.rows = 0
        self._parquet = pq.ParquetWriter(self.path, schema, compression="zstd")
        self._closed = False
        self._writer = writer

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self.rows += table.num_rows
            self._writer.submit(lambda: self._parquet.write_table(table))

    def close(self) -> None:
        """Release the file without finishing it (a run that failed); closing twice is fine."""
        if not self._closed:
            self._closed = True
            self._parquet.close()

    def finish(self) -> tuple[str, int]:
        """Close, fsync and return (SHA-256 hex, size in bytes)."""
        self._writer.drain()
        self.close()
        return file_sha256(self.path)


class StagingArea:
    """A private folder per run; removed when the run ends, whatever happened."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(dir=root, prefix="run-"))
        self._writer = _Writer()
        self._opened: list[StagedFile | StagedParquet] = []

    @staticmethod
    def remove_leftovers(root: Path) -> None:
        """Drop staging folders of runs that died; call only while holding the ingest lock."""
        for folder in root.glob("run-*"):
            shutil.rmtree(folder, ignore_errors=True)

    def file(self, suffix: str) -> StagedFile:
        staged = StagedFile(self.folder, suffix, self._writer)
        self._opened.append(staged)
        return staged

    def parquet(self, schema: pa.Schema) -> StagedParquet:
        staged = StagedParquet(self.folder, schema, self._writer)
        self._opened.append(staged)
        return staged

    def __enter__(self) -> StagingArea:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._writer.close()
        for staged in self._opened:
            staged.close()
        shutil.rmtree(self.folder, ignore_errors=True)
