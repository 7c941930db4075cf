variable "name" {
  description = "Name of the function, and the stem of every other resource of the schedule (roles, queue, alarm, secret, schedule group, artifacts bucket)."
  type        = string

  validation {
    # 24 characters: the artifacts bucket "<name>-artifacts-<account id>-<region>" must fit S3's 63.
    condition     = can(regex("^[a-z][a-z0-9-]{0,22}[a-z0-9]$", var.name))
    error_message = "The schedule name must be 2-24 characters of lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "partition" {
  description = "AWS partition of the account (\"aws\", \"aws-cn\", \"aws-us-gov\"), for the ARNs."
  type        = string
  default     = "aws"
}

variable "region" {
  description = "Region of the function, its schedules and the lake."
  type        = string
}

variable "account_id" {
  description = "AWS account id the function runs in (names the artifacts bucket and scopes the scheduler's role)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be a 12-digit AWS account id."
  }
}

variable "lake_outputs" {
  description = "The lake's outputs contract (bucket, database, tables, workgroup, prefixes...): passed to the function as its configuration, exactly as `terraform output` gives it to the CLI."
  type        = any
}

variable "lake_user_policy_json" {
  description = "The lake user's IAM policy (module access): the rights ingest uses, granted to the function's role with the function's own."
  type        = string
}

variable "jobs" {
  description = "The scheduled jobs, keyed by job name: the datasets to load (`nba-lake ingest --dataset`), from which source, on which schedule (an EventBridge Scheduler cron() or rate() expression), and optionally the seasons (`--season`; default: the current season, and the watermark for date-keyed datasets)."
  type = map(object({
    dataset = string
    source  = string
    cron    = string
    season  = optional(string)
  }))

  validation {
    condition     = length(var.jobs) >= 1 && alltrue([for name in keys(var.jobs) : can(regex("^[A-Za-z0-9_.-]{1,64}$", name))])
    error_message = "Declare at least one job; job names are 1-64 letters, digits and _.- (EventBridge Scheduler's rule for schedule names)."
  }

  validation {
    condition     = alltrue([for job in values(var.jobs) : can(regex("^(cron\\([^)]+\\)|rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\))$", job.cron))])
    error_message = "Each job's cron must be an EventBridge Scheduler expression: cron(minutes hours day-of-month month day-of-week year), e.g. \"cron(0 10 * * ? *)\", or rate(N unit), e.g. \"rate(7 days)\"."
  }
}

variable "sources" {
  description = "Sources a job may name: the NBA sources of `nba-lake ingest` that need no local file."
  type        = list(string)
}

variable "datasets" {
  description = "Dataset keys a job may name (keys of the lake's dataset declarations)."
  type        = list(string)
}

variable "timezone" {
  description = "Time zone the jobs' cron expressions are read in (IANA name)."
  type        = string
  default     = "UTC"
}

variable "artifact_path" {
  description = "Path of the function's zip built by `make package` (relative paths are taken from the root module's folder)."
  type        = string
}

variable "memory_mb" {
  description = "Memory of the function in MB (Lambda gives CPU in proportion)."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240 && floor(var.memory_mb) == var.memory_mb
    error_message = "The memory_mb must be a whole number from 128 to 10240 (Lambda's range)."
  }
}

variable "timeout_seconds" {
  description = "Longest run of one job in seconds before Lambda stops it (at most 900)."
  type        = number
  default     = 900

  validation {
    condition     = var.timeout_seconds >= 30 && var.timeout_seconds <= 900 && floor(var.timeout_seconds) == var.timeout_seconds
    error_message = "The timeout_seconds must be a whole number from 30 to 900 (Lambda's limit)."
  }
}

variable "ephemeral_storage_mb" {
  description = "Size of the function's /tmp in MB, where a run stages its files before publishing them."
  type        = number
  default     = 512

  validation {
    condition     = var.ephemeral_storage_mb >= 512 && var.ephemeral_storage_mb <= 10240 && floor(var.ephemeral_storage_mb) == var.ephemeral_storage_mb
    error_message = "The ephemeral_storage_mb must be a whole number from 512 to 10240 (Lambda's range)."
  }
}

variable "max_retries" {
  description = "How often Lambda retries a failed run (0-2) before it goes to the failure queue."
  type        = number
  default     = 2

  validation {
    condition     = contains([0, 1, 2], var.max_retries)
    error_message = "The max_retries must be 0, 1 or 2 (Lambda's limit for asynchronous invocations)."
  }
}

variable "max_event_age_seconds" {
  description = "How long Lambda keeps trying a run (queued or retried) before it goes to the failure queue."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_event_age_seconds >= 60 && var.max_event_age_seconds <= 21600 && floor(var.max_event_age_seconds) == var.max_event_age_seconds
    error_message = "The max_event_age_seconds must be a whole number from 60 to 21600 (Lambda's range)."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch Logs keeps the function's log lines."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "The log_retention_days must be one of CloudWatch Logs' values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "alarm_actions" {
  description = "ARNs (e.g. an SNS topic) notified when a run fails for good (lands in the failure queue)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.alarm_actions : can(regex("^arn:aws[a-z-]*:[a-z0-9-]+:", arn))])
    error_message = "Each alarm action must be an ARN, e.g. arn:aws:sns:us-east-1:123456789012:alerts."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a destroyed API-key secret can still be restored (0 deletes it at once, so the lake can be re-created under the same name right away)."
  type        = number
  default     = 0

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30 && floor(var.secret_recovery_window_days) == var.secret_recovery_window_days)
    error_message = "The secret_recovery_window_days must be 0 or a whole number from 7 to 30 (Secrets Manager's rule)."
  }
}

variable "force_destroy" {
  description = "Allow destroying the artifacts bucket with objects other than the function's artifact in it (set with the lake's `--delete-data`)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every taggable resource (the provider's default_tags apply too)."
  type        = map(string)
  default     = {}
}
