# The Athena workgroup of the lake. Its settings are enforced, so a client cannot send results
# elsewhere, skip encryption or lift the per-query scan limit.

locals {
  results_location = "s3://${var.bucket}/${var.results_prefix}/"
}

resource "aws_athena_workgroup" "this" {
  name          = var.workgroup_name
  description   = var.description
  state         = "ENABLED"
  force_destroy = var.force_destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = var.engine_version
    }

    result_configuration {
      output_location       = local.results_location
      expected_bucket_owner = var.expected_bucket_owner

      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }

  tags = var.tags
}
