variable "database_name" {
  description = "Name of the Glue Data Catalog database to create."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,254}$", var.database_name))
    error_message = "The database_name must be 1-255 characters of lower-case letters, digits and underscores, starting with a letter."
  }
}

variable "database_description" {
  description = "Description of the Glue database."
  type        = string
  default     = "NBA data lake: a raw (NDJSON) and a curated (Parquet) table per dataset."
}

variable "bucket" {
  description = "Name of the bucket holding the tables' data."
  type        = string

  validation {
    condition     = length(var.bucket) >= 3 && length(var.bucket) <= 63
    error_message = "The bucket must be an S3 bucket name (3-63 characters)."
  }
}

variable "raw_prefix" {
  description = "Key prefix (no slash at either end) of the raw layer; each raw table lives under <raw_prefix>/<table>/."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_=.-]+(/[A-Za-z0-9_=.-]+)*$", var.raw_prefix))
    error_message = "The raw_prefix must be path segments separated by single slashes, with no slash at either end."
  }
}

variable "curated_prefix" {
  description = "Key prefix (no slash at either end) of the curated layer; each curated table lives under <curated_prefix>/<table>/."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_=.-]+(/[A-Za-z0-9_=.-]+)*$", var.curated_prefix))
    error_message = "The curated_prefix must be path segments separated by single slashes, with no slash at either end."
  }
}

variable "datasets" {
  description = "Datasets keyed by name, each with a raw and a curated table (name, ordered columns, ordered partition keys). The root module validates names and types in detail."
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
    condition     = length(distinct(flatten([for dataset in values(var.datasets) : [dataset.raw.table, dataset.curated.table]]))) == 2 * length(var.datasets)
    error_message = "Every table name (raw and curated, across all datasets) must be unique."
  }
}

variable "tags" {
  description = "Extra tags for the Glue database (Glue tables cannot be tagged; the root module tags through the provider's default_tags)."
  type        = map(string)
  default     = {}
}
