"""A bucket as a folder: `LAKE_HOME/s3/<bucket>/<key>`, written atomically."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.atomic import atomic_write_bytes
from ingest.errors import LakeError
from ingest.storage.base import ObjectInfo


class LocalObjectStore:
    """Files in S3 layout; keys are relative paths under the bucket folder."""

    def __init__(self, buckets_root: Path, bucket: str) -> None:
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
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(path, temp)
        temp.replace(target)

    def move_file(self, key: str, path: Path) -> None:
        """A rename when staging shares the filesystem (it does under LAKE_HOME)."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.replace(target)
        except OSError:
            self.put_file(key, path)
            path.unlink()

    def create_if_absent(self, key: str, data: bytes) -> bool:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return True

    def get_bytes(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise LakeError(f"no object s3://{self.bucket}/{key}", "check the key") from None

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
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
