################################################################################
# General
################################################################################

variable "region" {
  description = "AWS region the lake is created in (S3 bucket, Glue Data Catalog, Athena workgroup)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))
    error_message = "The region must be an AWS region code such as \"us-east-1\" or \"eu-central-1\" (lower case)."
  }
}

variable "project" {
  description = "Project name, written into the Project tag of every taggable resource."
  type        = string
  default     = "nba-data-lake"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9 _.:/=+@-]{0,254}$", var.project))
    error_message = "The project must be 1-255 characters of letters, digits, spaces and _.:/=+@- (an AWS tag value), starting with a letter or digit."
  }
}

variable "tags" {
  description = "Extra tags for every taggable resource; merged into the provider's default_tags with the Project and ManagedBy tags (keys given here win)."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([
      for key, value in var.tags :
      length(key) >= 1 && length(key) <= 128 && length(value) <= 256 && !startswith(lower(key), "aws:")
    ])
    error_message = "Tag keys must be 1-128 characters and must not start with \"aws:\"; tag values must be at most 256 characters."
  }
}

################################################################################
# Storage (S3)
################################################################################

variable "bucket_name" {
  description = "Base name of the lake bucket. With bucket_unique_suffix the real name is \"<bucket_name>-<account id>-<region>\", because S3 bucket names are global."
  type        = string
  default     = "sports-data-lake"

  validation {
    # 63 (the S3 limit) minus the longest suffix: "-" + 12-digit account id + "-" + a region code of up to 15 characters.
    condition     = length(var.bucket_name) >= 3 && length(var.bucket_name) <= 34
    error_message = "The bucket_name must be 3-34 characters long, so that the \"-<account id>-<region>\" suffix still fits in S3's 63-character limit."
  }

  validation {
    # No dots: a dotted bucket name breaks TLS certificate matching for virtual-hosted-style requests.
    condition     = can(regex("^[a-z0-9][a-z0-9-]*[a-z0-9]$", var.bucket_name)) && !startswith(var.bucket_name, "xn--") && !startswith(var.bucket_name, "sthree-")
    error_message = "The bucket_name may contain only lower-case letters, digits and hyphens, must start and end with a letter or digit, and must not start with \"xn--\" or \"sthree-\" (S3 naming rules; dots are not allowed here)."
  }
}

variable "bucket_unique_suffix" {
  description = "Append \"-<account id>-<region>\" to bucket_name so that the bucket name is globally unique."
  type        = bool
  default     = true
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete the bucket with all its objects. Keep false: `nba-lake destroy --delete-data` (make destroy DELETE_DATA=1) sets it in the state first when you do mean to delete the data."
  type        = bool
  default     = false
}

variable "raw_prefix" {
  description = "Key prefix (no leading or trailing slash) of the raw layer: NDJSON as the API sent it."
  type        = string
  default     = "raw"

  validation {
    condition     = can(regex("^[A-Za-z0-9_=.-]+(/[A-Za-z0-9_=.-]+)*$", var.raw_prefix)) && !strcontains(var.raw_prefix, "..")
    error_message = "The raw_prefix must be one or more path segments of letters, digits and _=.- separated by single slashes, with no slash at either end."
  }
}

variable "curated_prefix" {
  description = "Key prefix (no leading or trailing slash) of the curated layer: typed Parquet written by ingest."
  type        = string
  default     = "curated"

  validation {
    condition     = can(regex("^[A-Za-z0-9_=.-]+(/[A-Za-z0-9_=.-]+)*$", var.curated_prefix)) && !strcontains(var.curated_prefix, "..")
    error_message = "The curated_prefix must be one or more path segments of letters, digits and _=.- separated by single slashes, with no slash at either end."
  }
}

variable "rejected_prefix" {
  description = "Key prefix (no leading or trailing slash) where ingest writes records that failed validation, with the reason."
  type        = string
  default     = "rejected"

  validation {
    condition     = can(regex("^[A-Za-z0-9_=.-]+(/[A-Za-z0-9_=.-]+)*$", var.rejected_prefix)) && !strcontains(var.rejected_prefix, "..")
    error_message = "The rejected_prefix must be one or more path segments of letters, digits and _=.- separated by single slashes, with no slash at either end."
  }
}

variable "manifests_prefix" {
  description = "Key prefix (no leading or trailing slash) of the ingest run manifests."
  type        = string
  default     = "_manifests"

  validation {
    condition     = can(regex("^[A-Za-z0-9_=.-]+(/[A-Za-z0-9_=.-]+)*$", var.manifests_prefix)) && !strcontains(var.manifests_prefix, "..")
    error_message = "The manifests_prefix must be one or more path segments of letters, digits and _=.- separated by single slashes, with no slash at either end."
  }
}

variable "results_prefix" {
  description = "Key prefix (no leading or trailing slash) of the Athena query results. Objects under it expire after athena_results_expiration_days."
  type        = string
  default     = "athena-results"

  validation {
    condition     = can(regex("^[A-Za-z0-9_=.-]+(/[A-Za-z0-9_=.-]+)*$", var.results_prefix)) && !strcontains(var.results_prefix, "..")
    error_message = "The results_prefix must be one or more path segments of letters, digits and _=.- separated by single slashes, with no slash at either end."
  }
}

variable "athena_results_expiration_days" {
  description = "Days after which Athena query results (objects under results_prefix) expire."
  type        = number
  default     = 30

  validation {
    condition     = var.athena_results_expiration_days >= 1 && floor(var.athena_results_expiration_days) == var.athena_results_expiration_days
    error_message = "The athena_results_expiration_days must be a whole number of days, at least 1."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which noncurrent (overwritten or deleted) object versions are removed for good."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "The noncurrent_version_expiration_days must be a whole number of days, at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which incomplete multipart uploads are aborted and their parts deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1 && floor(var.abort_incomplete_multipart_upload_days) == var.abort_incomplete_multipart_upload_days
    error_message = "The abort_incomplete_multipart_upload_days must be a whole number of days, at least 1."
  }
}

################################################################################
# Catalog (Glue)
################################################################################

variable "database_name" {
  description = "Name of the Glue Data Catalog database holding the lake's tables."
  type        = string
  default     = "glue_nba_data_lake"

  validation {
    # Athena needs lower case; hyphens would force quoting in every query.
    condition     = can(regex("^[a-z][a-z0-9_]{0,254}$", var.database_name))
    error_message = "The database_name must be 1-255 characters of lower-case letters, digits and underscores, starting with a letter."
  }
}

variable "datasets" {
  description = <<-EOT
    The datasets of the lake, keyed by dataset name (declared in datasets.auto.tfvars, which the Python side reads too).
    Each dataset has a raw table (NDJSON as the API sent it) and a curated table (typed Parquet), each with its
    table name, ordered columns and ordered partition keys. Types are Hive/Glue types: int, bigint, double,
    boolean, string, date, timestamp.
  EOT
  type = map(object({
    description = string
    raw = object({
      table          = string
      columns        = list(object({ name = string, type = string }))
      partition_keys = list(object({ name = string, type = string }))
    })
    curated = object({
      table          = string
      columns        = list(object({ name = string, type = string }))
      partition_keys = list(object({ name = string, type = string }))
    })
  }))

  validation {
    condition     = length(var.datasets) >= 1 && alltrue([for key, dataset in var.datasets : can(regex("^[a-z][a-z0-9_]*$", key)) && length(trimspace(dataset.description)) > 0])
    error_message = "Declare at least one dataset; dataset keys must be lower snake_case (e.g. \"player_season_stats\") and every dataset needs a non-empty description."
  }

  validation {
    condition = alltrue(flatten([
      for dataset in values(var.datasets) : [
        for table in [dataset.raw, dataset.curated] : can(regex("^[a-z][a-z0-9_]{0,254}$", table.table))
      ]
    ]))
    error_message = "Table names must be lower snake_case: a lower-case letter followed by lower-case letters, digits or underscores (at most 255 characters)."
  }

  validation {
    condition     = length(distinct(flatten([for dataset in values(var.datasets) : [dataset.raw.table, dataset.curated.table]]))) == 2 * length(var.datasets)
    error_message = "Every table name (raw and curated, across all datasets) must be unique within the database."
  }

  validation {
    condition = alltrue(flatten([
      for dataset in values(var.datasets) : [
        for table in [dataset.raw, dataset.curated] : [
          for column in concat(table.columns, table.partition_keys) : can(regex("^[a-z_][a-z0-9_]{0,254}$", column.name))
        ]
      ]
    ]))
    error_message = "Column and partition key names must be lower snake_case (lower-case letters, digits and underscores, not starting with a digit), as Glue and Athena store them."
  }

  validation {
    condition = alltrue(flatten([
      for dataset in values(var.datasets) : [
        for table in [dataset.raw, dataset.curated] : [
          for column in concat(table.columns, table.partition_keys) : contains(["int", "bigint", "double", "boolean", "string", "date", "timestamp"], column.type)
        ]
      ]
    ]))
    error_message = "Column and partition key types must be one of: int, bigint, double, boolean, string, date, timestamp."
  }

  validation {
    condition = alltrue(flatten([
      for dataset in values(var.datasets) : [
        for table in [dataset.raw, dataset.curated] :
        length(table.columns) >= 1 && length(distinct([for column in concat(table.columns, table.partition_keys) : column.name])) == length(table.columns) + length(table.partition_keys)
      ]
    ]))
    error_message = "Every table needs at least one column, and within a table the column and partition key names must all be distinct."
  }
}

################################################################################
# Query (Athena)
################################################################################

variable "workgroup_name" {
  description = "Name of the Athena workgroup the lake is queried through."
  type        = string
  default     = "nba-data-lake"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,128}$", var.workgroup_name))
    error_message = "The workgroup_name must be 1-128 characters of letters, digits and ._- (Athena's rule)."
  }
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena cancels any query of the workgroup that scans more than this many bytes (default 10 GiB). Athena's minimum is 10 MiB (10485760)."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10485760 && floor(var.bytes_scanned_cutoff_per_query) == var.bytes_scanned_cutoff_per_query
    error_message = "The bytes_scanned_cutoff_per_query must be a whole number of bytes, at least 10485760 (10 MiB, Athena's minimum)."
  }
}

################################################################################
# Scheduled ingestion (Lambda + EventBridge Scheduler), opt-in
################################################################################

variable "enable_schedule" {
  description = "Add the scheduled ingestion: a Lambda function running the project's ingest pipeline on EventBridge Scheduler schedules (schedule_jobs), its API key in Secrets Manager, logs, a failure queue and an alarm. Needs the artifact of `make package` (make apply builds it)."
  type        = bool
  default     = false
}

variable "schedule_name" {
  description = "Name of the ingest function; also the stem of its roles, queue, alarm, secret, schedule group and artifacts bucket."
  type        = string
  default     = "nba-data-lake-ingest"

  validation {
    # 24 characters: the artifacts bucket "<name>-artifacts-<account id>-<region>" must fit S3's 63.
    condition     = can(regex("^[a-z][a-z0-9-]{0,22}[a-z0-9]$", var.schedule_name))
    error_message = "The schedule_name must be 2-24 characters of lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "schedule_jobs" {
  description = <<-EOT
    The scheduled jobs, keyed by job name. Each runs `nba-lake ingest --source SOURCE --dataset DATASET [--season SEASON]`
    in the function on its schedule: an EventBridge Scheduler cron() or rate() expression, read in schedule_timezone.
    Without a season, a job loads the current season (date-keyed datasets, games and player_game_stats: from their
    watermark in the lake minus a 3-day look-back, up to the scheduled day, so missed days are caught up by the next
    run). Runs share the lake's ingest lock (a run that finds it taken fails and is retried): give jobs different
    times. Sources: sportsdata (its key in the secret), nbastats (no key, but stats.nba.com is known to refuse
    cloud addresses, AWS's included), sample.
  EOT
  type = map(object({
    dataset = string
    source  = string
    cron    = string
    season  = optional(string)
  }))
  default = {
    "games-daily" = {
      dataset = "games,player_game_stats"
      source  = "sportsdata"
      cron    = "cron(0 10 * * ? *)"
    }
    "season-stats-weekly" = {
      dataset = "player_season_stats"
      source  = "sportsdata"
      cron    = "cron(30 10 ? * MON *)"
    }
    "players-teams-weekly" = {
      dataset = "players,teams"
      source  = "sportsdata"
      cron    = "cron(0 11 ? * MON *)"
    }
  }

  validation {
    condition     = length(var.schedule_jobs) >= 1 && alltrue([for name in keys(var.schedule_jobs) : can(regex("^[A-Za-z0-9_.-]{1,64}$", name))])
    error_message = "Declare at least one job; job names are 1-64 letters, digits and _.- (EventBridge Scheduler's rule for schedule names)."
  }

  validation {
    condition     = alltrue([for job in values(var.schedule_jobs) : can(regex("^(cron\\([^)]+\\)|rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\))$", job.cron))])
    error_message = "Each job's cron must be an EventBridge Scheduler expression: cron(minutes hours day-of-month month day-of-week year), e.g. \"cron(0 10 * * ? *)\", or rate(N unit), e.g. \"rate(7 days)\"."
  }

  validation {
    condition     = alltrue([for job in values(var.schedule_jobs) : job.season == null || can(regex("^([0-9]{4}(-[0-9]{4})?|all)$", job.season))])
    error_message = "A job's season must be a season like \"2025\", a range like \"2021-2025\", or \"all\" (or left out for the current season)."
  }
}

variable "schedule_timezone" {
  description = "Time zone (IANA name) the jobs' cron expressions are read in. NBA games end late in US time: the default runs at 10:00 UTC catch the night's games."
  type        = string
  default     = "UTC"

  validation {
    condition     = can(regex("^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$", var.schedule_timezone))
    error_message = "The schedule_timezone must be an IANA time zone name such as \"UTC\" or \"America/New_York\"."
  }
}

variable "schedule_artifact_path" {
  description = "The function's zip (`make package` writes dist/nba-lake-ingest.zip); relative paths are taken from this folder."
  type        = string
  default     = "../dist/nba-lake-ingest.zip"

  validation {
    condition     = endswith(var.schedule_artifact_path, ".zip")
    error_message = "The schedule_artifact_path must name the .zip file `make package` builds."
  }
}

variable "schedule_memory_mb" {
  description = "Memory of the ingest function in MB (Lambda gives CPU in proportion)."
  type        = number
  default     = 1024

  validation {
    condition     = var.schedule_memory_mb >= 128 && var.schedule_memory_mb <= 10240 && floor(var.schedule_memory_mb) == var.schedule_memory_mb
    error_message = "The schedule_memory_mb must be a whole number from 128 to 10240 (Lambda's range)."
  }
}

variable "schedule_timeout_seconds" {
  description = "Longest run of one job in seconds before Lambda stops it (Lambda's most is 900)."
  type        = number
  default     = 900

  validation {
    condition     = var.schedule_timeout_seconds >= 30 && var.schedule_timeout_seconds <= 900 && floor(var.schedule_timeout_seconds) == var.schedule_timeout_seconds
    error_message = "The schedule_timeout_seconds must be a whole number from 30 to 900 (Lambda's limit)."
  }
}

variable "schedule_ephemeral_storage_mb" {
  description = "Size of the function's /tmp in MB, where a run stages its files before publishing them."
  type        = number
  default     = 512

  validation {
    condition     = var.schedule_ephemeral_storage_mb >= 512 && var.schedule_ephemeral_storage_mb <= 10240 && floor(var.schedule_ephemeral_storage_mb) == var.schedule_ephemeral_storage_mb
    error_message = "The schedule_ephemeral_storage_mb must be a whole number from 512 to 10240 (Lambda's range)."
  }
}

variable "schedule_max_retries" {
  description = "How often Lambda retries a failed run (0-2) before sending it to the failure queue."
  type        = number
  default     = 2

  validation {
    condition     = contains([0, 1, 2], var.schedule_max_retries)
    error_message = "The schedule_max_retries must be 0, 1 or 2 (Lambda's limit for asynchronous invocations)."
  }
}

variable "schedule_max_event_age_seconds" {
  description = "How long a run may wait or be retried (seconds) before it is sent to the failure queue."
  type        = number
  default     = 3600

  validation {
    condition     = var.schedule_max_event_age_seconds >= 60 && var.schedule_max_event_age_seconds <= 21600 && floor(var.schedule_max_event_age_seconds) == var.schedule_max_event_age_seconds
    error_message = "The schedule_max_event_age_seconds must be a whole number from 60 to 21600 (Lambda's range)."
  }
}

variable "schedule_log_retention_days" {
  description = "Days CloudWatch Logs keeps the function's log lines."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.schedule_log_retention_days)
    error_message = "The schedule_log_retention_days must be one of CloudWatch Logs' values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "schedule_alarm_actions" {
  description = "ARNs (e.g. an SNS topic) the failed-runs alarm notifies; empty: see its state with `nba-lake schedule status`."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.schedule_alarm_actions : can(regex("^arn:aws[a-z-]*:[a-z0-9-]+:", arn))])
    error_message = "Each schedule_alarm_actions entry must be an ARN, e.g. arn:aws:sns:us-east-1:123456789012:alerts."
  }
}

variable "schedule_secret_recovery_window_days" {
  description = "Days a destroyed API-key secret can be restored. 0 (the default) deletes it at once, so a destroyed lake can be applied again right away (set the key again then)."
  type        = number
  default     = 0

  validation {
    condition     = var.schedule_secret_recovery_window_days == 0 || (var.schedule_secret_recovery_window_days >= 7 && var.schedule_secret_recovery_window_days <= 30 && floor(var.schedule_secret_recovery_window_days) == var.schedule_secret_recovery_window_days)
    error_message = "The schedule_secret_recovery_window_days must be 0 or a whole number from 7 to 30 (Secrets Manager's rule)."
  }
}
