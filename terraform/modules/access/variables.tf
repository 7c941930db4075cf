variable "partition" {
  description = "AWS partition of the account (\"aws\", \"aws-cn\", \"aws-us-gov\"), for the ARNs."
  type        = string
  default     = "aws"
}

variable "region" {
  description = "Region of the Glue Data Catalog and the Athena workgroup."
  type        = string
}

variable "account_id" {
  description = "AWS account id that owns the catalog and the workgroup."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be a 12-digit AWS account id."
  }
}

variable "bucket" {
  description = "Name of the lake bucket."
  type        = string

  validation {
    condition     = length(var.bucket) >= 3 && length(var.bucket) <= 63
    error_message = "The bucket must be an S3 bucket name (3-63 characters)."
  }
}

variable "prefixes" {
  description = "Key prefixes (no slash at either end) of the bucket layout: raw, curated, rejected, manifests, results, locks and state (the watermarks)."
  type = object({
    raw       = string
    curated   = string
    rejected  = string
    manifests = string
    results   = string
    locks     = string
    state     = string
  })
}

variable "database_name" {
  description = "Name of the lake's Glue database."
  type        = string
}

variable "workgroup_name" {
  description = "Name of the lake's Athena workgroup."
  type        = string
}
