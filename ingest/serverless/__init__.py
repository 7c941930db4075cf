"""Ingestion on a schedule, in AWS Lambda: the function's handler and what operates it.

The function runs the project's own pipeline (`plan_source`, `run_ingest`: the code of
`nba-lake ingest`) for the job an EventBridge Scheduler event names. Its configuration is
the lake's outputs contract (passed by Terraform as the function's environment), the API
key comes from Secrets Manager at run time. `nba-lake schedule status|run` read the same
contract from outputs.json. Nothing here imports the CLI's printing (rich), DuckDB,
sqlglot or Textual: the function's artifact does not hold them.
"""
