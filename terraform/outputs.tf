# These outputs are the contract between Terraform and the Python side: `make apply` writes
# `terraform output -json` to LAKE_HOME/outputs.json, and ingest and the TUI take every name
# (bucket, database, tables, workgroup, prefixes) from there. Rename nothing without them.

output "target" {
  description = "Which lake target these outputs describe; always \"aws\" for this module (the local target writes \"local\")."
  value       = "aws"
}

output "region" {
  description = "AWS region of the bucket, the Glue database and the Athena workgroup."
  value       = var.region
}

output "bucket" {
  description = "Name of the lake bucket (with the account/region suffix when bucket_unique_suffix is true)."
  value       = module.storage.bucket
}

output "bucket_arn" {
  description = "ARN of the lake bucket."
  value       = module.storage.bucket_arn
}

output "database" {
  description = "Name of the Glue Data Catalog database holding the lake's tables."
  value       = module.catalog.database
}

output "tables" {
  description = "Glue table names per dataset: map of dataset key => { raw = <raw table>, curated = <curated table> }."
  value       = module.catalog.tables
}

output "workgroup" {
  description = "Name of the Athena workgroup to run queries in (its settings are enforced)."
  value       = module.query.workgroup
}

output "results_location" {
  description = "S3 location (s3://bucket/prefix/) where Athena writes query results; objects there expire."
  value       = module.query.results_location

  precondition {
    condition     = length(local.overlapping_prefixes) == 0
    error_message = "The bucket layout prefixes must not overlap (the results prefix expires, and each layer needs its own prefix): ${join(", ", local.overlapping_prefixes)}."
  }
}

output "raw_prefix" {
  description = "Key prefix (no slashes at the ends) of the raw NDJSON layer."
  value       = var.raw_prefix
}

output "curated_prefix" {
  description = "Key prefix (no slashes at the ends) of the curated Parquet layer."
  value       = var.curated_prefix
}

output "rejected_prefix" {
  description = "Key prefix (no slashes at the ends) where ingest writes rejected records with their reasons."
  value       = var.rejected_prefix
}

output "manifests_prefix" {
  description = "Key prefix (no slashes at the ends) of the ingest run manifests."
  value       = var.manifests_prefix
}

output "bytes_scanned_cutoff_per_query" {
  description = "Bytes a single query of the workgroup may scan before Athena cancels it."
  value       = module.query.bytes_scanned_cutoff_per_query
}

output "lake_user_policy_json" {
  description = "IAM policy (JSON) with exactly the rights `nba-lake ingest` and `nba-lake query` use on this lake, and those Athena uses on the caller's behalf. Attach it to the people and roles that load and query the lake (see the README)."
  value       = module.access.lake_user_policy_json
}

output "athena_results_expiration_days" {
  description = "Days after which query results under results_location expire (the bucket's lifecycle rule on AWS; the local target deletes them itself)."
  value       = var.athena_results_expiration_days
}

output "schedule" {
  description = "The scheduled ingestion (enable_schedule): function, schedule group and jobs, API-key secret, failure queue, alarm, log group, artifacts bucket; null when the schedule is off. `nba-lake schedule status|run` read it."
  value       = var.enable_schedule ? module.schedule[0].schedule : null
}
