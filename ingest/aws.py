"""boto3 clients for the `aws` target.

Credentials come from the standard AWS chain (env, profile, SSO, instance role); the
region from outputs.json. `AWS_ENDPOINT_URL` (honoured by boto3 itself) points every
client at an emulator, which is how the tests reach a moto server.
"""

from __future__ import annotations

from typing import Any, cast

import boto3
from botocore.config import Config

_CONFIG = Config(
    retries={"max_attempts": 8, "mode": "adaptive"}, connect_timeout=10, read_timeout=60
)


def client(service: str, region: str) -> Any:
    """A client with adaptive retries and timeouts."""
    session = cast(Any, boto3.session.Session())  # stubs type clients per literal name
    return session.client(service, region_name=region, config=_CONFIG)
