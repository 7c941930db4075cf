# The lake bucket: private, encrypted, versioned, TLS only, with lifecycle rules that keep
# query results and old object versions from piling up.

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Server access logging needs a second, dedicated log bucket; the lake is a single-bucket demo and CloudTrail data events can be enabled account-wide instead.
  #checkov:skip=CKV_AWS_144:Cross-region replication needs a second bucket in another region and doubles storage cost; this single-region lake relies on versioning against overwrites and deletes, and its curated layer can be rebuilt from raw by re-running ingest.
  #checkov:skip=CKV_AWS_145:SSE-S3 (AES256) is the design choice: a customer-managed KMS key adds cost and key administration, and Athena/Glue readers would all need kms:Decrypt.
  #checkov:skip=CKV2_AWS_62:Nothing consumes bucket events; ingest registers partitions in Glue itself instead of reacting to S3 notifications.
  bucket        = var.bucket_name
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this.arn,
      "${aws_s3_bucket.this.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.tls_only.json

  # S3 rejects concurrent changes to one bucket's access settings; apply them one at a time.
  depends_on = [aws_s3_bucket_public_access_block.this, aws_s3_bucket_ownership_controls.this]
}

# Creating or changing this resource takes about 55 s whatever the backend: after the PUT the
# AWS provider (5.x) waits 10 s, then polls until it has read back the same rules 10 times in
# a row, 5 s apart. That is the provider's consistency waiter, not a mismatch in these rules.
resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-athena-results"
    status = "Enabled"

    filter {
      prefix = "${var.results_prefix}/"
    }

    expiration {
      days = var.athena_results_expiration_days
    }
  }

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    # Whole bucket.
    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    # Remove delete markers once no noncurrent versions are left behind them.
    expiration {
      expired_object_delete_marker = true
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    # Whole bucket.
    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }
  }

  # Lifecycle rules on noncurrent versions need versioning in place first.
  depends_on = [aws_s3_bucket_versioning.this]
}
