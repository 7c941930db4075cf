variable "workgroup_name" {
  description = "Name of the Athena workgroup to create."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,128}$", var.workgroup_name))
    error_message = "The workgroup_name must be 1-128 characters of letters, digits and ._-."
  }
}

variable "description" {
  description = "Description of the workgroup."
  type        = string
  default     = "NBA data lake queries: results in the lake bucket, per-query scan limit enforced."
}

variable "bucket" {
  description = "Name of the bucket Athena writes query results to."
  type        = string

  validation {
    condition     = length(var.bucket) >= 3 && length(var.bucket) <= 63
    error_message = "The bucket must be an S3 bucket name (3-63 characters)."
  }
}

variable "expected_bucket_owner" {
  description = "AWS account id that must own the results bucket (Athena refuses to write results elsewhere); null to not check."
  type        = string
  default     = null

  validation {
    condition     = var.expected_bucket_owner == null || can(regex("^[0-9]{12}$", var.expected_bucket_owner))
    error_message = "The expected_bucket_owner must be a 12-digit AWS account id, or null."
  }
}

variable "results_prefix" {
  description = "Key prefix (no slash at either end) for query results in the bucket."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_=.-]+(/[A-Za-z0-9_=.-]+)*$", var.results_prefix))
    error_message = "The results_prefix must be path segments separated by single slashes, with no slash at either end."
  }
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena cancels a query of this workgroup once it has scanned more than this many bytes."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10485760 && floor(var.bytes_scanned_cutoff_per_query) == var.bytes_scanned_cutoff_per_query
    error_message = "The bytes_scanned_cutoff_per_query must be a whole number, at least 10485760 (10 MiB, Athena's minimum)."
  }
}

variable "engine_version" {
  description = "Athena engine version to pin the workgroup to."
  type        = string
  default     = "Athena engine version 3"

  validation {
    condition     = contains(["AUTO", "Athena engine version 2", "Athena engine version 3"], var.engine_version)
    error_message = "The engine_version must be \"AUTO\", \"Athena engine version 2\" or \"Athena engine version 3\"."
  }
}

variable "force_destroy" {
  description = "Allow destroying the workgroup even if it holds saved (named) queries or query history (AWS refuses to delete a workgroup that ran any query otherwise)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags for the workgroup (the root module tags through the provider's default_tags instead)."
  type        = map(string)
  default     = {}
}
