"""The API key, read from Secrets Manager when a run needs it; never stored or logged.

Terraform creates the secret empty (so the key is never in its state or plan) and passes
the function only the secret's ARN; the user sets the value once (see the README).
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ingest.errors import LakeError
from ingest.targets.aws import client
from ingest.targets.aws_errors import aws_error


def _set_it(secret_arn: str) -> str:
    return (
        f"set it once: aws secretsmanager put-secret-value --secret-id {secret_arn} "
        "--secret-string YOUR_KEY"
    )


def read_api_key(secret_arn: str, region: str, secrets: Any | None = None) -> str:
    """The key in the secret `secret_arn` (whitespace around it removed)."""
    if not secret_arn:
        raise LakeError(
            "the function has no NBA_LAKE_SECRET_ARN in its environment",
            "run `make apply TARGET=aws` with enable_schedule = true to redeploy it",
        )
    secrets = secrets or client("secretsmanager", region)
    try:
        answer = secrets.get_secret_value(SecretId=secret_arn)
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            raise LakeError(
                "the API key is not set in Secrets Manager", _set_it(secret_arn)
            ) from None
        raise aws_error(err) from None
    except BotoCoreError as err:
        raise aws_error(err) from None
    key = str(answer.get("SecretString") or "").strip()
    if not key:
        raise LakeError("the API key in Secrets Manager is empty", _set_it(secret_arn))
    return key
