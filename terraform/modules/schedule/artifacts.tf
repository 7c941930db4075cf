# The function's code travels through S3, in a bucket of its own: never in the lake's bucket,
# whose emptiness `nba-lake destroy` checks before it lets Terraform delete anything.
# Terraform owns the one object in it (every version of it goes with `terraform destroy`),
# so a plain destroy empties and deletes this bucket; --delete-data sets force_destroy too.

locals {
  artifacts_bucket = "${var.name}-artifacts-${var.account_id}-${var.region}"
  artifact_key     = "lambda/${var.name}.zip"
}

resource "aws_s3_bucket" "artifacts" {
  #checkov:skip=CKV_AWS_18:The bucket holds only the function's build artifact, which `make package` rebuilds from the checkout; access logs would need a second log bucket.
  #checkov:skip=CKV_AWS_144:The artifact is rebuilt from the checkout at any time; replicating it to another region buys nothing.
  #checkov:skip=CKV_AWS_145:SSE-S3 (AES256) as for the lake bucket: a customer-managed KMS key adds cost, and Lambda would need kms:Decrypt to read its own code.
  #checkov:skip=CKV2_AWS_62:Nothing reacts to uploads; Terraform updates the function itself when the artifact changes.
  bucket        = local.artifacts_bucket
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Versioned, so the function names the exact version of its code it runs.
resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

data "aws_iam_policy_document" "artifacts_tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]

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

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  policy = data.aws_iam_policy_document.artifacts_tls_only.json

  # S3 rejects concurrent changes to one bucket's access settings; apply them one at a time.
  depends_on = [aws_s3_bucket_public_access_block.artifacts, aws_s3_bucket_ownership_controls.artifacts]
}

# Old artifacts are kept a week (a rollback is `terraform apply` of an older checkout anyway).
resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    id     = "expire-old-artifacts"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 7
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.artifacts]
}

resource "aws_s3_object" "artifact" {
  bucket      = aws_s3_bucket.artifacts.id
  key         = local.artifact_key
  source      = var.artifact_path
  source_hash = filemd5(var.artifact_path)

  tags = var.tags

  lifecycle {
    precondition {
      condition     = fileexists(var.artifact_path)
      error_message = "The function's artifact ${var.artifact_path} does not exist: run `make package` (make apply builds it when enable_schedule is true), or set schedule_artifact_path."
    }
  }

  # The version id is what the function points at: versioning must be on before the upload.
  depends_on = [aws_s3_bucket_versioning.artifacts]
}
