"""A bucket as a folder: `LAKE_HOME/s3/<bucket>/<key>`, written atomically."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.atomic import atomic_copy_file, atomic_write_bytes, fsync_dir
from ingest.errors import LakeError
from ingest.names import bucket_problem
from ingest.storage.base import ObjectInfo

_CHUNK = 1 << 20


class LocalObjectStore:
    """Files in S3 layout; keys are relative paths under the bucket folder."""

    def __init__(self, buckets_root: Path, bucket: str) -> None:
        problem = bucket_problem(bucket)
        if problem is not None:  # also keeps the folder inside buckets_root
            raise LakeError(
                f"'{bucket[:60]}' is not a valid bucket name (it must be {problem})",
                "check the bucket in outputs.json (re-run `make apply` to rewrite it)",
            )
        self.bucket = bucket
        self.root = buckets_root / bucket

    def path(self, key: str) -> Path:
        """The file behind a key; refuses keys that would leave the bucket folder."""
        target = (self.root / key).resolve()
        if not target.is_relative_to(self.root.resolve()):
            raise LakeError(
                f"key '{key}' points outside bucket {self.bucket}", "use a relative key"
            )
        return target

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"

    def put_bytes(self, key: str, data: bytes) -> None:
        atomic_write_bytes(self.path(key), data)

    def put_file(self, key: str, path: Path) -> None:
        atomic_copy_file(path, self.path(key))

    def move_file(self, key: str, path: Path) -> None:
        """A rename when staging shares the filesystem (it does under LAKE_HOME)."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.replace(target)
        except OSError:  # another filesystem: copy (atomically), then drop the original
            self.put_file(key, path)
            path.unlink()
            return
        fsync_dir(target.parent)  # the rename itself survives a power cut

    def copy(self, source: str, key: str) -> None:
        """Objects are never changed in place, so a hard link is a copy; a copy when the
        filesystem has no links."""
        origin, target = self.path(source), self.path(key)
        if not origin.is_file():
            raise LakeError(f"no object s3://{self.bucket}/{source}", "check the key")
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            os.link(origin, staged)
        except OSError:
            atomic_copy_file(origin, target)
            return
        staged.replace(target)
        fsync_dir(target.parent)

    def stream(self, key: str) -> Iterator[bytes]:
        try:
            with self.path(key).open("rb") as handle:
                yield from iter(lambda: handle.read(_CHUNK), b"")
        except FileNotFoundError:
            raise LakeError(f"no object s3://{self.bucket}/{key}", "check the key") from None

    def create_if_absent(self, key: str, data: bytes) -> bool:
        """Complete content first, then a hard link that fails if the key exists: a reader
        never sees the object empty (an exclusive create would show it before the write)."""
        target = self.path(key)
        staged = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        atomic_write_bytes(staged, data)
        try:
            os.link(staged, target)
        except FileExistsError:
            return False
        finally:
            staged.unlink(missing_ok=True)
        return True

    def get_bytes(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise LakeError(f"no object s3://{self.bucket}/{key}", "check the key") from None

    def get_tail(self, key: str, length: int) -> bytes:
        try:
            with self.path(key).open("rb") as handle:
                size = handle.seek(0, 2)
                handle.seek(max(0, size - length))
                return handle.read()
        except FileNotFoundError:
            raise LakeError(f"no object s3://{self.bucket}/{key}", "check the key") from None

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        # Walk only the folder the prefix lies in, not the whole bucket (query results pile up).
        start = self.path(prefix.rpartition("/")[0]) if "/" in prefix else self.root
        if not start.is_dir():
            return
        for path in sorted(start.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            key = path.relative_to(self.root).as_posix()
            if key.startswith(prefix):
                yield ObjectInfo(key=key, size=path.stat().st_size)

    def delete(self, keys: Iterable[str]) -> int:
        deleted = 0
        for key in keys:
            path = self.path(key)
            if path.is_file():
                path.unlink()
                deleted += 1
                self._prune_empty_parents(path.parent)
        return deleted

    def _prune_empty_parents(self, folder: Path) -> None:
        """S3 has no folders: drop the ones a delete leaves empty."""
        while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
