"""What a destroy of an `aws` lake would lose, asked of AWS before Terraform runs.

Terraform destroys the bucket last, after its policy, encryption and public-access block,
and AWS refuses to delete a bucket that holds any object version. So a destroy that is
going to fail must be refused before it starts, or the data is left unprotected.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from ingest.storage.base import LOCKS_PREFIX


def _gone(err: ClientError) -> bool:
    """The bucket or workgroup no longer exists: nothing there to lose."""
    error = err.response.get("Error", {})
    if error.get("Code") == "NoSuchBucket":
        return True
    return error.get("Code") == "InvalidRequestException" and "not found" in str(
        error.get("Message", "")
    )


def shown(items: list[str], limit: int = 5) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def bucket_contents(s3: Any, bucket: str) -> list[str]:
    """Top-level prefixes (and loose keys) of `bucket` that hold any object version or
    delete marker. The bucket is versioned, so a deleted object still counts (ListObjectsV2
    would not show it) and S3 refuses to delete the bucket until every version is gone.
    The lock (`_locks/`) is bookkeeping, not data: `clear_locks` removes it before the
    destroy (which holds the lock while it checks)."""
    try:
        answer = s3.list_object_versions(Bucket=bucket, Delimiter="/", MaxKeys=1000)
    except ClientError as err:
        if _gone(err):
            return []
        raise
    entries = [*answer.get("Versions", []), *answer.get("DeleteMarkers", [])]
    prefixes = [prefix["Prefix"] for prefix in answer.get("CommonPrefixes", [])]
    return sorted({*prefixes, *(entry["Key"] for entry in entries)} - {LOCKS_PREFIX})


def clear_locks(s3: Any, bucket: str) -> None:
    """Delete every version and delete marker under `_locks/`, so an otherwise empty
    versioned bucket can be deleted (this also releases the destroy's own lock)."""
    pages = s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=LOCKS_PREFIX)
    for page in pages:
        entries = [*page.get("Versions", []), *page.get("DeleteMarkers", [])]
        if entries:
            s3.delete_objects(
                Bucket=bucket,
                Delete={
                    "Objects": [{"Key": e["Key"], "VersionId": e["VersionId"]} for e in entries],
                    "Quiet": True,
                },
            )


def saved_queries(athena: Any, workgroup: str) -> int:
    """How many saved (named) queries the workgroup holds (its query history is not data:
    it goes with the workgroup)."""
    try:
        answer = athena.list_named_queries(WorkGroup=workgroup, MaxResults=50)
    except ClientError as err:
        if _gone(err):
            return 0
        raise
    return len(answer.get("NamedQueryIds", []))


def data_held(s3: Any, athena: Any, outputs: dict[str, Any]) -> list[str]:
    """Where the lake named by `outputs` (`terraform output` values) holds data, one phrase
    per place; empty when a destroy would lose nothing."""
    held = []
    bucket, workgroup = outputs.get("bucket"), outputs.get("workgroup")
    if bucket:
        where = bucket_contents(s3, str(bucket))
        if where:
            held.append(f"bucket {bucket}: {shown(where)}")
    if workgroup:
        count = saved_queries(athena, str(workgroup))
        if count:
            held.append(f"workgroup {workgroup}: {count} saved queries")
    return held
