output "lake_user_policy_json" {
  description = "IAM policy (JSON) with exactly the rights ingest and query use on this lake."
  value       = data.aws_iam_policy_document.lake_user.json
}
