"""A bucket on S3 through boto3, with multipart uploads for large objects."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from ingest.errors import LakeError
from ingest.storage.base import ObjectInfo

#: S3 objects are atomic; uploads above this size go multipart (in parallel parts).
_TRANSFER = TransferConfig(
    multipart_threshold=16 * 1024 * 1024, multipart_chunksize=16 * 1024 * 1024
)


class S3ObjectStore:
    """Same methods and semantics as `LocalObjectStore`, on a real bucket."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"

    def put_bytes(self, key: str, data: bytes) -> None:
        self.client.upload_fileobj(io.BytesIO(data), self.bucket, key, Config=_TRANSFER)

    def put_file(self, key: str, path: Path) -> None:
        self.client.upload_file(str(path), self.bucket, key, Config=_TRANSFER)

    def move_file(self, key: str, path: Path) -> None:
        self.put_file(key, path)
        path.unlink()

    def copy(self, source: str, key: str) -> None:
        """A server-side copy (multipart above the threshold, as uploads are)."""
        self.client.copy({"Bucket": self.bucket, "Key": source}, self.bucket, key, Config=_TRANSFER)

    def stream(self, key: str) -> Iterator[bytes]:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise LakeError(f"no object s3://{self.bucket}/{key}", "check the key") from None
            raise
        yield from body.iter_chunks(1 << 20)

    def create_if_absent(self, key: str, data: bytes) -> bool:
        try:
            self.client.put_object(Bucket=self.bucket, Key=key, Body=data, IfNoneMatch="*")
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in {
                "PreconditionFailed",
                "ConditionalRequestConflict",
            }:
                return False
            raise
        return True

    def get_bytes(self, key: str) -> bytes:
        try:
            body: bytes = self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise LakeError(f"no object s3://{self.bucket}/{key}", "check the key") from None
            raise
        return body

    def get_tail(self, key: str, length: int) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=-{length}")
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise LakeError(f"no object s3://{self.bucket}/{key}", "check the key") from None
            raise
        body: bytes = response["Body"].read()
        return body

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
            return True
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield ObjectInfo(key=item["Key"], size=int(item["Size"]))

    def delete(self, keys: Iterable[str]) -> int:
        batch: list[str] = []
        deleted = 0
        for key in keys:
            batch.append(key)
            if len(batch) == 1000:  # DeleteObjects takes at most 1,000 keys
                deleted += self._delete_batch(batch)
                batch = []
        if batch:
            deleted += self._delete_batch(batch)
        return deleted

    def _delete_batch(self, keys: Sequence[str]) -> int:
        answer = self.client.delete_objects(
            Bucket=self.bucket, Delete={"Objects": [{"Key": key} for key in keys], "Quiet": True}
        )
        errors = answer.get("Errors", [])
        if errors:
            first = errors[0]
            raise LakeError(
                f"S3 refused to delete {len(errors)} objects "
                f"({first.get('Code')}: {first.get('Key')})",
                "check the bucket policy and your permissions",
            )
        return len(keys)
