output "workgroup" {
  description = "Name of the Athena workgroup."
  value       = aws_athena_workgroup.this.name
}

output "workgroup_arn" {
  description = "ARN of the Athena workgroup."
  value       = aws_athena_workgroup.this.arn
}

output "results_location" {
  description = "S3 location (s3://bucket/prefix/) of the workgroup's query results."
  value       = local.results_location
}

output "bytes_scanned_cutoff_per_query" {
  description = "Per-query scan limit (bytes) enforced by the workgroup."
  value       = aws_athena_workgroup.this.configuration[0].bytes_scanned_cutoff_per_query
}
