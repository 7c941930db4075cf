variable "bucket_name" {
  description = "Full (globally unique) name of the lake bucket."
  type        = string

  validation {
    condition     = length(var.bucket_name) >= 3 && length(var.bucket_name) <= 63 && can(regex("^[a-z0-9][a-z0-9-]*[a-z0-9]$", var.bucket_name))
    error_message = "The bucket name must be 3-63 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "force_destroy" {
  description = "Allow destroying the bucket together with all objects and object versions in it."
  type        = bool
  default     = false
}

variable "results_prefix" {
  description = "Key prefix (no slash at either end) of the Athena query results; objects under it expire."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_=.-]+(/[A-Za-z0-9_=.-]+)*$", var.results_prefix))
    error_message = "The results_prefix must be path segments separated by single slashes, with no slash at either end."
  }
}

variable "athena_results_expiration_days" {
  description = "Days after which objects under results_prefix expire."
  type        = number
  default     = 30

  validation {
    condition     = var.athena_results_expiration_days >= 1 && floor(var.athena_results_expiration_days) == var.athena_results_expiration_days
    error_message = "The athena_results_expiration_days must be a whole number, at least 1."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which noncurrent object versions are permanently deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "The noncurrent_version_expiration_days must be a whole number, at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which incomplete multipart uploads are aborted."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1 && floor(var.abort_incomplete_multipart_upload_days) == var.abort_incomplete_multipart_upload_days
    error_message = "The abort_incomplete_multipart_upload_days must be a whole number, at least 1."
  }
}

variable "tags" {
  description = "Extra tags for the bucket (the root module tags everything through the provider's default_tags instead)."
  type        = map(string)
  default     = {}
}
