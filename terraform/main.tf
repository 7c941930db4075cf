# Root module of the NBA data lake: one S3 bucket (storage), a Glue database with a raw and
# a curated table per dataset (catalog), an Athena workgroup (query) and the least-privilege
# policy of a lake user (access, an output only). Its outputs are the contract the Python
# side reads (`terraform output -json` -> LAKE_HOME/outputs.json).
#
# Endpoints are never configured here: the tests point the provider at a local emulator with
# an override file written next to a copy of this directory (tests/support/emulator.py).

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  tags = merge(
    {
      Project   = var.project
      ManagedBy = "terraform"
    },
    var.tags,
  )

  # S3 bucket names are global: suffix the account id and region unless told not to.
  bucket_name = var.bucket_unique_suffix ? "${var.bucket_name}-${data.aws_caller_identity.current.account_id}-${var.region}" : var.bucket_name

  # Every key prefix of the bucket layout. The results prefix gets a lifecycle expiry, so no
  # other prefix may live under it (or contain it); checked by a precondition on an output.
  layout_prefixes = {
    raw       = var.raw_prefix
    curated   = var.curated_prefix
    rejected  = var.rejected_prefix
    manifests = var.manifests_prefix
    results   = var.results_prefix
  }
  layout_names = keys(local.layout_prefixes)
  overlapping_prefixes = flatten([
    for i, a in local.layout_names : [
      for b in slice(local.layout_names, i + 1, length(local.layout_names)) :
      "${a}_prefix (\"${local.layout_prefixes[a]}\") and ${b}_prefix (\"${local.layout_prefixes[b]}\")"
      if startswith("${local.layout_prefixes[a]}/", "${local.layout_prefixes[b]}/") || startswith("${local.layout_prefixes[b]}/", "${local.layout_prefixes[a]}/")
    ]
  ])
}

module "storage" {
  source = "./modules/storage"

  bucket_name                            = local.bucket_name
  force_destroy                          = var.force_destroy
  results_prefix                         = var.results_prefix
  athena_results_expiration_days         = var.athena_results_expiration_days
  noncurrent_version_expiration_days     = var.noncurrent_version_expiration_days
  abort_incomplete_multipart_upload_days = var.abort_incomplete_multipart_upload_days
}

module "catalog" {
  source = "./modules/catalog"

  database_name  = var.database_name
  bucket         = module.storage.bucket
  raw_prefix     = var.raw_prefix
  curated_prefix = var.curated_prefix
  datasets       = var.datasets
}

module "query" {
  source = "./modules/query"

  workgroup_name                 = var.workgroup_name
  bucket                         = module.storage.bucket
  expected_bucket_owner          = data.aws_caller_identity.current.account_id
  results_prefix                 = var.results_prefix
  bytes_scanned_cutoff_per_query = var.bytes_scanned_cutoff_per_query
  # Always: a workgroup that ran any query is "not empty" (its query history) and AWS
  # refuses to delete it otherwise, halfway through a destroy. Saved queries are checked
  # for by `nba-lake destroy` before Terraform runs (see ingest/targets/aws_data.py).
  force_destroy = true
}

module "access" {
  source = "./modules/access"

  partition      = data.aws_partition.current.partition
  region         = var.region
  account_id     = data.aws_caller_identity.current.account_id
  bucket         = local.bucket_name
  database_name  = var.database_name
  workgroup_name = var.workgroup_name
  prefixes = {
    raw       = var.raw_prefix
    curated   = var.curated_prefix
    rejected  = var.rejected_prefix
    manifests = var.manifests_prefix
    results   = var.results_prefix
    # ingest's lock object (ingest/pipeline/lock.py, LOCK_KEY)
    locks = "_locks"
    # the watermarks of daily loads (ingest/storage/watermark.py, STATE_PREFIX)
    state = "_state"
  }
}

locals {
  # The outputs contract (outputs.tf) as one value: the scheduled function's configuration.
  # tests/aws/test_schedule_apply.py checks it equals what `terraform output` gives the CLI.
  lake_outputs = {
    target                         = "aws"
    region                         = var.region
    bucket                         = module.storage.bucket
    database                       = module.catalog.database
    tables                         = module.catalog.tables
    workgroup                      = module.query.workgroup
    results_location               = module.query.results_location
    raw_prefix                     = var.raw_prefix
    curated_prefix                 = var.curated_prefix
    rejected_prefix                = var.rejected_prefix
    manifests_prefix               = var.manifests_prefix
    bytes_scanned_cutoff_per_query = module.query.bytes_scanned_cutoff_per_query
    athena_results_expiration_days = var.athena_results_expiration_days
  }

  # The sources a scheduled job may read: those of `nba-lake ingest` but `file` (the function
  # has no local files). tests/aws/test_schedule_static.py keeps it equal to the Python side.
  schedule_sources = ["sample", "nbastats", "sportsdata"]
}

module "schedule" {
  source = "./modules/schedule"
  count  = var.enable_schedule ? 1 : 0

  name                        = var.schedule_name
  partition                   = data.aws_partition.current.partition
  region                      = var.region
  account_id                  = data.aws_caller_identity.current.account_id
  lake_outputs                = local.lake_outputs
  lake_user_policy_json       = module.access.lake_user_policy_json
  jobs                        = var.schedule_jobs
  sources                     = local.schedule_sources
  datasets                    = keys(var.datasets)
  timezone                    = var.schedule_timezone
  artifact_path               = var.schedule_artifact_path
  memory_mb                   = var.schedule_memory_mb
  timeout_seconds             = var.schedule_timeout_seconds
  ephemeral_storage_mb        = var.schedule_ephemeral_storage_mb
  max_retries                 = var.schedule_max_retries
  max_event_age_seconds       = var.schedule_max_event_age_seconds
  log_retention_days          = var.schedule_log_retention_days
  alarm_actions               = var.schedule_alarm_actions
  secret_recovery_window_days = var.schedule_secret_recovery_window_days
  force_destroy               = var.force_destroy
}
