# One EventBridge Scheduler schedule per job. The scheduler invokes the function
# asynchronously with the job as its event; the context attributes in <...> are filled in by
# the scheduler, so the run knows the day it was scheduled for (the watermark does the rest).

resource "aws_scheduler_schedule_group" "this" {
  name = var.name

  tags = var.tags
}

data "aws_iam_policy_document" "assume_by_scheduler" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name}-scheduler-${var.region}"
  description        = "Lets the NBA lake's schedules invoke the ingest function."
  assume_role_policy = data.aws_iam_policy_document.assume_by_scheduler.json

  tags = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeTheIngestFunction"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.this.arn, "${aws_lambda_function.this.arn}:*"]
  }

  # A delivery the scheduler gives up on goes to the same queue as a failed run.
  statement {
    sid       = "SendUndeliveredRuns"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.failures.arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "invoke-nba-lake-ingest"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule" "job" {
  #checkov:skip=CKV_AWS_297:The schedule holds a job's name, datasets and source, never the key or data; EventBridge encrypts it with an AWS-owned key already, and a customer-managed key would add cost and a key policy.
  for_each = var.jobs

  name                         = each.key
  group_name                   = aws_scheduler_schedule_group.this.name
  description                  = "nba-lake ingest --source ${each.value.source} --dataset ${each.value.dataset}${each.value.season == null ? "" : " --season ${each.value.season}"}"
  schedule_expression          = each.value.cron
  schedule_expression_timezone = var.timezone
  state                        = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.this.arn
    role_arn = aws_iam_role.scheduler.arn
    # The event the handler reads (ingest/serverless/event.py).
    input = jsonencode({
      job            = each.key
      source         = each.value.source
      dataset        = each.value.dataset
      season         = each.value.season
      scheduled_time = "<aws.scheduler.scheduled-time>"
      execution_id   = "<aws.scheduler.execution-id>"
    })

    retry_policy {
      maximum_event_age_in_seconds = var.max_event_age_seconds
      maximum_retry_attempts       = 3
    }

    dead_letter_config {
      arn = aws_sqs_queue.failures.arn
    }
  }

  lifecycle {
    precondition {
      condition     = contains(var.sources, each.value.source)
      error_message = "Job ${each.key}: unknown source \"${each.value.source}\"; a scheduled job reads one of: ${join(", ", var.sources)}."
    }

    precondition {
      condition     = each.value.dataset == "all" || alltrue([for name in split(",", each.value.dataset) : contains(var.datasets, trimspace(name))])
      error_message = "Job ${each.key}: dataset \"${each.value.dataset}\" must be all or a comma-separated list of the lake's datasets: ${join(", ", var.datasets)}."
    }
  }

  # The scheduler checks that its role can invoke the target when the schedule is created.
  depends_on = [aws_iam_role_policy.scheduler]
}
