"""boto3's exceptions as the project's: one line that says what AWS refused and what to do.

The `aws` target wraps its storage and catalog in `translated`, so callers (the pipeline,
the CLI, the TUI's catalog tree) see only `LakeError`s, and one refused Glue call fails
one ingest job instead of escaping as a traceback.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
)

from ingest.errors import LakeError

T = TypeVar("T")
_AWS_HINT = "check your AWS credentials, region and permissions"


def aws_error(err: BotoCoreError | ClientError) -> LakeError:
    """The LakeError for a boto3 failure: the service's code and message on one line."""
    if isinstance(err, NoCredentialsError):
        return LakeError(
            "no AWS credentials found",
            "configure them (AWS_PROFILE, SSO or environment variables) or use TARGET=local",
        )
    if isinstance(err, NoRegionError):
        return LakeError("no AWS region set", "re-run `make apply TARGET=aws` to record it")
    if isinstance(err, EndpointConnectionError):
        return LakeError(f"cannot reach AWS: {err}", "check the network and the AWS region")
    if isinstance(err, ClientError):
        error = err.response.get("Error", {})
        operation = getattr(err, "operation_name", "") or "request"
        code, message = error.get("Code", "Error"), error.get("Message", "")
        detail = f"{code}: {message}" if message else str(code)
        return LakeError(f"AWS {operation} failed ({detail})", _AWS_HINT)
    return LakeError(f"AWS request failed: {' '.join(str(err).split())}", _AWS_HINT)


def _iterate(items: Iterator[Any]) -> Iterator[Any]:
    try:
        yield from items
    except (BotoCoreError, ClientError) as err:
        raise aws_error(err) from None


def _guard(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            value = method(*args, **kwargs)
        except (BotoCoreError, ClientError) as err:
            raise aws_error(err) from None
        return _iterate(value) if isinstance(value, Iterator) else value

    return call


class _Translated:
    """Forwards to the wrapped object; its methods raise LakeError instead of boto3's errors
    (also while iterating a listing they return)."""

    def __init__(self, wrapped: object) -> None:
        self._wrapped = wrapped

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._wrapped, name)
        return _guard(value) if callable(value) else value


def translated(component: T) -> T:
    """`component` (an object, or a plain function) whose every call turns boto3 errors
    into LakeError."""
    if inspect.isfunction(component):
        return cast(T, _guard(component))
    return cast(T, _Translated(component))
