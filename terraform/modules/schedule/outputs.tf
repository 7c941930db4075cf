output "schedule" {
  description = "What `nba-lake schedule status|run` needs: the function, its schedules (group and jobs), the secret, the failure queue, the alarm, the log group and the artifacts bucket."
  value = {
    function_name    = aws_lambda_function.this.function_name
    function_arn     = aws_lambda_function.this.arn
    schedule_group   = aws_scheduler_schedule_group.this.name
    jobs             = { for name, job in var.jobs : name => merge(job, { input = aws_scheduler_schedule.job[name].target[0].input }) }
    timezone         = var.timezone
    secret_arn       = aws_secretsmanager_secret.api_key.arn
    queue_url        = aws_sqs_queue.failures.url
    queue_arn        = aws_sqs_queue.failures.arn
    alarm_name       = aws_cloudwatch_metric_alarm.failed_runs.alarm_name
    log_group        = aws_cloudwatch_log_group.function.name
    artifacts_bucket = aws_s3_bucket.artifacts.id
    role_arn         = aws_iam_role.function.arn
  }
}
