# Serverless ingestion: a Lambda function that runs the project's own ingest pipeline (the
# code of `nba-lake ingest`, packaged by `make package`), started by one EventBridge
# Scheduler schedule per job. Its configuration is the lake's outputs contract; the API key
# is read from Secrets Manager at run time, never put in its environment or in the state.
# A run that fails is retried, then lands in an SQS queue, which raises an alarm.

locals {
  log_group_name = "/aws/lambda/${var.name}"
  # The handler reads these (ingest/serverless/config.py); nothing secret goes here.
  environment = {
    NBA_LAKE_OUTPUTS    = jsonencode(var.lake_outputs)
    NBA_LAKE_SECRET_ARN = aws_secretsmanager_secret.api_key.arn
    # Lambda's only writable folder: where a run stages its files.
    LAKE_HOME = "/tmp/nba-lake"
  }
}

# Created empty: the user puts the key in with `aws secretsmanager put-secret-value` (see the
# README), so it is never in Terraform's state or plan.
resource "aws_secretsmanager_secret" "api_key" {
  #checkov:skip=CKV2_AWS_57:A SportsData.io key is issued by SportsData.io; Secrets Manager cannot rotate it, the user replaces it there and here.
  #checkov:skip=CKV_AWS_149:The AWS-managed key (aws/secretsmanager) encrypts it; a customer-managed key would add cost and a key policy for one short string.
  name                    = "${var.name}/sportsdata-api-key"
  description             = "SportsData.io API key of the scheduled NBA lake ingest (set its value yourself; read by the function at run time)."
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "function" {
  #checkov:skip=CKV_AWS_158:Log lines hold job names, counts and errors, never the key or data; CloudWatch Logs encrypts them at rest already, without a customer-managed key's cost.
  #checkov:skip=CKV_AWS_338:Operational logs of a daily job: a year's retention is the data lake's manifests' job, not the logs'; log_retention_days sets it.
  name              = local.log_group_name
  retention_in_days = var.log_retention_days

  tags = var.tags
}

data "aws_iam_policy_document" "assume_by_lambda" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  name               = "${var.name}-fn-${var.region}"
  description        = "Execution role of the scheduled NBA lake ingest: the lake user's rights plus its secret, logs and failure queue."
  assume_role_policy = data.aws_iam_policy_document.assume_by_lambda.json

  tags = var.tags
}

# The lake user's rights (exactly what ingest uses) plus the function's own.
data "aws_iam_policy_document" "function" {
  source_policy_documents = [var.lake_user_policy_json]

  statement {
    sid       = "ReadTheApiKey"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.api_key.arn]
  }

  statement {
    sid       = "WriteItsLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function.arn}:*"]
  }

  # Where a run that failed for good is sent (aws_lambda_function_event_invoke_config).
  statement {
    sid       = "SendFailedRuns"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.failures.arn]
  }
}

resource "aws_iam_role_policy" "function" {
  name   = "nba-lake-ingest"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.function.json
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_50:X-Ray tracing of a once-a-day batch job adds cost and rights for little: the JSON log line per job and the manifests say what happened.
  #checkov:skip=CKV_AWS_115:The lake's ingest lock already lets one run write at a time; reserving concurrency fails on new accounts (their limit of 10 must stay unreserved).
  #checkov:skip=CKV_AWS_116:Failed runs go to an SQS queue through aws_lambda_function_event_invoke_config (on_failure), the destination that supersedes a dead-letter queue for asynchronous invocations.
  #checkov:skip=CKV_AWS_117:The function reaches only AWS APIs and the NBA API over HTTPS; a VPC would need a NAT gateway (about 32 USD a month) to reach the API at all.
  #checkov:skip=CKV_AWS_173:The environment holds resource names only (the outputs contract and the secret's ARN); the API key is read from Secrets Manager at run time.
  #checkov:skip=CKV_AWS_272:The artifact is built and uploaded by the same `make apply` that deploys it, through a private, versioned bucket; code signing would need a signing profile for nothing more.
  function_name = var.name
  description   = "NBA data lake: runs a scheduled `nba-lake ingest` job (the project's pipeline) into the lake."
  role          = aws_iam_role.function.arn
  runtime       = "python3.12"
  architectures = ["x86_64"]
  handler       = "ingest.serverless.handler.handle"

  s3_bucket         = aws_s3_object.artifact.bucket
  s3_key            = aws_s3_object.artifact.key
  s3_object_version = aws_s3_object.artifact.version_id
  source_code_hash  = filebase64sha256(var.artifact_path)

  memory_size = var.memory_mb
  timeout     = var.timeout_seconds

  ephemeral_storage {
    size = var.ephemeral_storage_mb
  }

  environment {
    variables = local.environment
  }

  tags = var.tags

  lifecycle {
    precondition {
      # Lambda's limit for all environment variables together.
      condition     = length(jsonencode(local.environment)) <= 4096
      error_message = "The function's configuration (the lake's outputs contract) is over Lambda's 4 KB for environment variables: shorten the table names or declare fewer datasets."
    }
  }

  # The log group first, so that Lambda never creates it without its retention.
  depends_on = [aws_cloudwatch_log_group.function, aws_iam_role_policy.function]
}
