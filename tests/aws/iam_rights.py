"""The IAM rights behind AWS operations, and an evaluator for identity policies.

API operation names are not IAM action names (HeadObject needs s3:GetObject, ListObjectsV2
needs s3:ListBucket, DeleteObjects needs s3:DeleteObject per key), and Glue checks a right
on a table against the table, its database and the catalog. `RIGHTS` maps each operation
the project performs to the (action, resource ARN) pairs it needs; an operation missing
from it fails the policy test, which says to add it here.

Sources:
- S3 actions per operation: https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
  (s3:GetObject; with s3:ListBucket a missing key answers 404, without it 403),
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html (s3:DeleteObject
  for every key), https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
  (s3:ListBucket), https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
  (s3:ListBucketVersions).
- Glue resources per operation: https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html
  ("Actions on a table, partition, or table version require permission on the table,
  database, and catalog").
- What Athena does on the caller's behalf (`athena_on_behalf`): see its docstring.

moto enforces IAM only in part (some services, no conditions), so the evaluation is ours:
Allow statements only, `*` and `?` wildcards in resources, no wildcards in actions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from tests.support.aws_calls import Call

ACCOUNT_ID = "123456789012"  # moto's account


@dataclass(frozen=True)
class Right:
    """One IAM action on one resource ARN (which may itself be a `*` pattern, e.g. the
    `database/*` GetDatabases needs, or the tables Athena may read)."""

    action: str
    resource: str


@dataclass(frozen=True)
class LakeNames:
    """The names a lake user's policy is scoped to."""

    region: str
    bucket: str
    database: str
    workgroup: str
    data_prefixes: tuple[str, ...]  # where tables keep their files (raw, curated)
    results_prefix: str

    @property
    def bucket_arn(self) -> str:
        return f"arn:aws:s3:::{self.bucket}"

    def owns(self, resource: str) -> bool:
        """Whether a policy for this lake is the one to grant rights on `resource`."""
        if resource == self.bucket_arn or resource.startswith(f"{self.bucket_arn}/"):
            return True
        glue = glue_arn(self.region, "")
        if resource.startswith(glue):
            path = resource[len(glue) :]
            shared = ("catalog", "database/*", "database/default", f"database/{self.database}")
            return path in shared or path.startswith(f"table/{self.database}/")
        return resource == f"arn:aws:athena:{self.region}:{ACCOUNT_ID}:workgroup/{self.workgroup}"


def glue_arn(region: str, path: str) -> str:
    return f"arn:aws:glue:{region}:{ACCOUNT_ID}:{path}"


def _s3_object(action: str) -> Callable[[Call, dict[str, str]], list[Right]]:
    """An object operation; a read of a missing key also needs ListBucket (404, not 403)."""

    def rights(call: Call, _: dict[str, str]) -> list[Right]:
        bucket, key = call.params["Bucket"], call.params["Key"]
        found = [Right(action, f"arn:aws:s3:::{bucket}/{key}")]
        if action == "s3:GetObject":
            found.append(Right("s3:ListBucket", f"arn:aws:s3:::{bucket}"))
        return found

    return rights


def _s3_bucket(action: str) -> Callable[[Call, dict[str, str]], list[Right]]:
    return lambda call, _: [Right(action, f"arn:aws:s3:::{call.params['Bucket']}")]


def _copy_object(call: Call, _: dict[str, str]) -> list[Right]:
    """CopyObject / UploadPartCopy: read the source, write the destination.
    https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html (Permissions)"""
    source = call.params["CopySource"]
    if isinstance(source, str):
        source_bucket, _sep, source_key = source.lstrip("/").partition("/")
    else:
        source_bucket, source_key = source["Bucket"], source["Key"]
    bucket, key = call.params["Bucket"], call.params["Key"]
    return [
        Right("s3:GetObject", f"arn:aws:s3:::{source_bucket}/{source_key}"),
        Right("s3:PutObject", f"arn:aws:s3:::{bucket}/{key}"),
    ]


def _delete_objects(call: Call, _: dict[str, str]) -> list[Right]:
    bucket = call.params["Bucket"]
    return [
        Right("s3:DeleteObject", f"arn:aws:s3:::{bucket}/{item['Key']}")
        for item in call.params["Delete"]["Objects"]
    ]


def _glue_table(name_param: str) -> Callable[[Call, dict[str, str]], list[Right]]:
    """A table-level Glue operation: the table, its database and the catalog."""

    def rights(call: Call, _: dict[str, str]) -> list[Right]:
        params = call.params
        table = params["TableInput"]["Name"] if name_param == "TableInput" else params[name_param]
        database = params["DatabaseName"]
        action = f"glue:{call.operation}"
        return [
            Right(action, glue_arn(call.region, path))
            for path in ("catalog", f"database/{database}", f"table/{database}/{table}")
        ]

    return rights


def _glue_tables(call: Call, _: dict[str, str]) -> list[Right]:
    database = call.params["DatabaseName"]
    return [
        Right("glue:GetTables", glue_arn(call.region, path))
        for path in ("catalog", f"database/{database}", f"table/{database}/*")
    ]


def _glue_databases(call: Call, _: dict[str, str]) -> list[Right]:
    return [
        Right("glue:GetDatabases", glue_arn(call.region, path))
        for path in ("catalog", "database/*")
    ]


def _glue_database(
    name: Callable[[dict[str, Any]], str],
) -> Callable[[Call, dict[str, str]], list[Right]]:
    def rights(call: Call, _: dict[str, str]) -> list[Right]:
        return [
            Right(f"glue:{call.operation}", glue_arn(call.region, path))
            for path in ("catalog", f"database/{name(call.params)}")
        ]

    return rights


def _athena(call: Call, workgroups: dict[str, str]) -> list[Right]:
    workgroup = call.params.get("WorkGroup") or workgroups.get(
        call.params.get("QueryExecutionId", ""), "primary"
    )
    arn = f"arn:aws:athena:{call.region}:{ACCOUNT_ID}:workgroup/{workgroup}"
    return [Right(f"athena:{call.operation}", arn)]


#: (service, operation) -> the rights one call needs, given the query-id -> workgroup map.
RIGHTS: dict[tuple[str, str], Callable[[Call, dict[str, str]], list[Right]]] = {
    ("s3", "GetObject"): _s3_object("s3:GetObject"),
    ("s3", "HeadObject"): _s3_object("s3:GetObject"),
    ("s3", "PutObject"): _s3_object("s3:PutObject"),
    ("s3", "CopyObject"): _copy_object,
    ("s3", "UploadPartCopy"): _copy_object,
    ("s3", "CreateMultipartUpload"): _s3_object("s3:PutObject"),
    ("s3", "UploadPart"): _s3_object("s3:PutObject"),
    ("s3", "CompleteMultipartUpload"): _s3_object("s3:PutObject"),
    ("s3", "AbortMultipartUpload"): _s3_object("s3:AbortMultipartUpload"),
    ("s3", "DeleteObjects"): _delete_objects,
    ("s3", "ListObjectsV2"): _s3_bucket("s3:ListBucket"),
    ("s3", "ListObjectVersions"): _s3_bucket("s3:ListBucketVersions"),
    ("glue", "GetTable"): _glue_table("Name"),
    ("glue", "CreateTable"): _glue_table("TableInput"),
    ("glue", "UpdateTable"): _glue_table("TableInput"),
    ("glue", "DeleteTable"): _glue_table("Name"),
    ("glue", "GetPartition"): _glue_table("TableName"),
    ("glue", "GetPartitions"): _glue_table("TableName"),
    ("glue", "BatchGetPartition"): _glue_table("TableName"),
    ("glue", "BatchCreatePartition"): _glue_table("TableName"),
    ("glue", "BatchUpdatePartition"): _glue_table("TableName"),
    ("glue", "CreatePartition"): _glue_table("TableName"),
    ("glue", "UpdatePartition"): _glue_table("TableName"),
    ("glue", "DeletePartition"): _glue_table("TableName"),
    ("glue", "GetTables"): _glue_tables,
    ("glue", "GetDatabases"): _glue_databases,
    ("glue", "GetDatabase"): _glue_database(lambda params: str(params["Name"])),
    ("glue", "CreateDatabase"): _glue_database(lambda params: str(params["DatabaseInput"]["Name"])),
    ("athena", "StartQueryExecution"): _athena,
    ("athena", "GetQueryExecution"): _athena,
    ("athena", "GetQueryResults"): _athena,
    ("athena", "StopQueryExecution"): _athena,
}

#: The scheduled ingestion's own operations: the function reading its API key, and the
#: operator's `nba-lake schedule status|run` (schedules, logs, metrics, queue, alarm, invoke).
#: Not the lake user's: test_schedule_apply.py judges the function's role, and the README says
#: who may operate the schedule.
SCHEDULE_OPERATIONS = {
    ("secretsmanager", "GetSecretValue"),
    ("secretsmanager", "ListSecretVersionIds"),
    ("scheduler", "ListSchedules"),
    ("scheduler", "GetSchedule"),
    ("logs", "FilterLogEvents"),
    ("cloudwatch", "GetMetricData"),
    ("cloudwatch", "DescribeAlarms"),
    ("sqs", "GetQueueAttributes"),
    ("lambda", "Invoke"),
}
#: Operations only `nba-lake destroy` (and the schedule's operator) makes, run by whoever
#: administers the lake (with the rights Terraform needs anyway), never by a lake user: not
#: part of the user's policy.
ADMINISTRATION_ONLY = {
    ("s3", "ListObjectVersions"),
    ("athena", "ListNamedQueries"),
} | SCHEDULE_OPERATIONS


def athena_on_behalf(lake: LakeNames) -> list[Right]:
    """What Athena does with the caller's own rights while it runs a query in the lake's
    workgroup: read the catalog, read the tables' files, write the results.

    - Glue: https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html
      (rights on a table and all its ancestors; SHOW DATABASES needs GetDatabases on
      `database/*`; "Mandatory": GetDatabase and CreateDatabase on the `default` database
      and the catalog in every region Athena runs in). The read actions are those the
      AWS managed policy AmazonAthenaFullAccess grants for queries
      (https://docs.aws.amazon.com/athena/latest/ug/managed-policies.html).
    - S3: https://docs.aws.amazon.com/athena/latest/ug/cross-account-permissions.html lists
      the actions Athena uses on the data and results buckets: GetBucketLocation,
      GetObject, ListBucket, ListBucketMultipartUploads, ListMultipartUploadParts,
      AbortMultipartUpload, PutObject. Data is only read; results are written and read.
    """
    region, database = lake.region, lake.database
    ancestors = ("catalog", f"database/{database}")
    rights = [Right("glue:GetDatabase", glue_arn(region, path)) for path in ancestors]
    reads = ("GetTable", "GetTables", "GetPartition", "GetPartitions", "BatchGetPartition")
    rights += [
        Right(f"glue:{action}", glue_arn(region, path))
        for action in reads
        for path in (*ancestors, f"table/{database}/*")
    ]
    rights += [Right("glue:GetDatabases", glue_arn(region, p)) for p in ("catalog", "database/*")]
    rights += [
        Right(action, glue_arn(region, path))
        for action in ("glue:GetDatabase", "glue:CreateDatabase")
        for path in ("catalog", "database/default")
    ]
    bucket, results = lake.bucket_arn, f"{lake.bucket_arn}/{lake.results_prefix}/*"
    rights += [
        Right(action, bucket)
        for action in ("s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads")
    ]
    rights += [Right("s3:GetObject", f"{bucket}/{prefix}/*") for prefix in lake.data_prefixes]
    writes = ("PutObject", "GetObject", "AbortMultipartUpload", "ListMultipartUploadParts")
    rights += [Right(f"s3:{action}", results) for action in writes]
    return rights


# -- evaluating a policy -------------------------------------------------------------------


def _pattern(arn_pattern: str) -> re.Pattern[str]:
    """IAM's resource matching: `*` any run of characters, `?` one; case-sensitive."""
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in arn_pattern)
    return re.compile("".join(parts) + r"\Z")


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


@dataclass(frozen=True)
class Grant:
    """One action on one resource pattern, as a statement of the policy grants it."""

    sid: str
    action: str
    resource: str

    def covers(self, right: Right) -> bool:
        return self.action.lower() == right.action.lower() and bool(
            _pattern(self.resource).match(right.resource)
        )


def grants(policy: dict[str, Any]) -> list[Grant]:
    """Every (action, resource) an identity policy grants; refuses what this evaluator
    cannot judge (Deny, NotAction, NotResource, conditions, principals, action wildcards)."""
    found: list[Grant] = []
    for statement in policy["Statement"]:
        unsupported = {"NotAction", "NotResource", "Condition", "Principal", "NotPrincipal"}
        assert not unsupported & set(statement), f"cannot judge {statement}"
        assert statement["Effect"] == "Allow", statement
        for action in _listed(statement["Action"]):
            assert "*" not in action and "?" not in action, f"wildcard action {action}"
            for resource in _listed(statement["Resource"]):
                found.append(Grant(statement.get("Sid", ""), action, resource))
    return found


def missing(policy: dict[str, Any], needed: Iterable[Right]) -> list[Right]:
    """Needed rights no statement grants."""
    granted = grants(policy)
    return sorted(
        {right for right in needed if not any(g.covers(right) for g in granted)},
        key=lambda right: (right.action, right.resource),
    )


def unneeded(policy: dict[str, Any], needed: Iterable[Right]) -> list[Grant]:
    """Grants (an action on a resource pattern) that no needed right uses."""
    rights = list(needed)
    return [g for g in grants(policy) if not any(g.covers(right) for right in rights)]
