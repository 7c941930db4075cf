"""The object-store interface both targets implement, and S3 URI helpers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ingest.errors import LakeError

#: Where the lake keeps its lock (and takeover claims): bookkeeping, never data.
LOCKS_PREFIX = "_locks/"


@dataclass(frozen=True)
class ObjectInfo:
    """A stored object: its key and size in bytes."""

    key: str
    size: int


def is_hidden(name: str) -> bool:
    """Whether readers skip a file of this name: Athena (like Hive) ignores names starting
    with `_` or `.`, so the lake keeps its sidecars (`_days.json`, `_files.json`) there."""
    return name.startswith(("_", "."))


def split_s3_uri(uri: str) -> tuple[str, str]:
    """`s3://bucket/some/key` -> (`bucket`, `some/key`)."""
    if not uri.startswith("s3://"):
        raise LakeError(f"'{uri}' is not an s3:// location", "use s3://bucket/prefix/")
    bucket, _, key = uri[len("s3://") :].partition("/")
    return bucket, key


class ObjectStore(Protocol):
    """One bucket's objects, addressed by key."""

    bucket: str

    def uri(self, key: str) -> str:
        """`s3://bucket/key`: how the catalog and Athena name this object."""
        ...

    def put_bytes(self, key: str, data: bytes) -> None:
        """Store `data` under `key`, atomically: readers never see a partial object."""
        ...

    def put_file(self, key: str, path: Path) -> None: ...

    def move_file(self, key: str, path: Path) -> None:
        """Store a finished local file under `key` and remove the local copy."""
        ...

    def copy(self, source: str, key: str) -> None:
        """Copy the object at `source` to `key` inside the bucket (no download), atomically."""
        ...

    def stream(self, key: str) -> Iterator[bytes]:
        """An object's content in chunks (memory bounded by a chunk, whatever its size)."""
        ...

    def create_if_absent(self, key: str, data: bytes) -> bool:
        """Create `key` only if no object has it (S3 conditional write); False if taken."""
        ...

    def get_bytes(self, key: str) -> bytes: ...

    def get_tail(self, key: str, length: int) -> bytes:
        """The last `length` bytes of an object (a Parquet footer) in one ranged read."""
        ...

    def exists(self, key: str) -> bool: ...

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """Objects under `prefix`, in key order."""
        ...

    def delete(self, keys: Iterable[str]) -> int:
        """Delete these keys; returns how many existed."""
        ...
