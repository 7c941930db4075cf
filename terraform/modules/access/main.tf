# The least-privilege policy of a lake user: exactly the rights `nba-lake ingest` and
# `nba-lake query` (CLI and TUI) use, plus the rights Athena uses on the caller's behalf
# (reading tables, partitions and data, writing results). Nothing here is attached to
# anyone: the root module outputs the JSON for an administrator to attach (see the README).
#
# tests/aws/test_lake_user_policy.py records every AWS call the project makes in the aws
# tests and fails when this policy lacks a right those calls need, or grants one none of
# them needs. Every ARN is built from names known at plan time.

locals {
  bucket_arn  = "arn:${var.partition}:s3:::${var.bucket}"
  glue_prefix = "arn:${var.partition}:glue:${var.region}:${var.account_id}"
  catalog_arn = "${local.glue_prefix}:catalog"

  # Objects the project reads and writes: every layer, the run manifests, the ingest lock
  # (ingest/pipeline/lock.py), the watermarks (ingest/storage/watermark.py) and the query
  # results Athena writes and the engine reads.
  lake_objects = [for key in ["raw", "curated", "rejected", "manifests", "locks", "state", "results"] : "${local.bucket_arn}/${var.prefixes[key]}/*"]
  # Objects a later run deletes (replaced raw and curated versions once their grace period
  # is over, the retirement notices and check findings under the manifests) and the lock.
  replaced_objects = [for key in ["raw", "curated", "manifests", "locks"] : "${local.bucket_arn}/${var.prefixes[key]}/*"]
}

data "aws_iam_policy_document" "lake_user" {
  # ListBucket also makes HeadObject answer 404 rather than 403 for a missing key, which
  # ingest relies on. GetBucketLocation and ListBucketMultipartUploads: Athena, for results.
  statement {
    sid       = "LakeBucket"
    actions   = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"]
    resources = [local.bucket_arn]
  }

  statement {
    sid       = "ReadAndWriteLakeObjects"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = local.lake_objects
  }

  statement {
    sid       = "ReplaceLakeObjects"
    actions   = ["s3:DeleteObject"]
    resources = local.replaced_objects
  }

  # Athena writes results in parts and cleans up after a failed upload.
  statement {
    sid       = "AthenaResultUploads"
    actions   = ["s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${local.bucket_arn}/${var.prefixes.results}/*"]
  }

  # Glue checks a right on a table against the table, its database and the catalog.
  statement {
    sid = "ReadAndRegisterLakeTables"
    actions = [
      "glue:BatchCreatePartition",
      "glue:BatchGetPartition",
      "glue:BatchUpdatePartition",
      "glue:CreateTable",
      "glue:GetPartition",
      "glue:GetPartitions",
      "glue:GetTable",
      "glue:GetTables",
      "glue:UpdateTable",
    ]
    resources = [
      local.catalog_arn,
      "${local.glue_prefix}:database/${var.database_name}",
      "${local.glue_prefix}:table/${var.database_name}/*",
    ]
  }

  # Athena reads the lake's database and, in every region it runs in, the `default` one.
  statement {
    sid     = "ReadLakeDatabase"
    actions = ["glue:GetDatabase"]
    resources = [
      local.catalog_arn,
      "${local.glue_prefix}:database/${var.database_name}",
      "${local.glue_prefix}:database/default",
    ]
  }

  statement {
    sid       = "AthenaDefaultDatabase"
    actions   = ["glue:CreateDatabase"]
    resources = [local.catalog_arn, "${local.glue_prefix}:database/default"]
  }

  # `nba-lake tables` and SHOW DATABASES list database names (not their tables).
  statement {
    sid       = "ListDatabases"
    actions   = ["glue:GetDatabases"]
    resources = [local.catalog_arn, "${local.glue_prefix}:database/*"]
  }

  statement {
    sid = "QueryInTheLakeWorkgroup"
    actions = [
      "athena:GetQueryExecution",
      "athena:GetQueryResults",
      "athena:StartQueryExecution",
      "athena:StopQueryExecution",
    ]
    resources = ["arn:${var.partition}:athena:${var.region}:${var.account_id}:workgroup/${var.workgroup_name}"]
  }
}
