"""Fixtures for tests that run against the local AWS emulator (moto server over HTTP).

- ``moto_server``: one moto server per test session on 127.0.0.1 (real HTTP, a child
  process). Its state is shared: use it directly only when the test sets up and tears down
  what it needs (the Terraform tests do: they reset once, then apply and destroy).
- ``clean_moto``: the same server, reset (every resource dropped) before the test.
- ``aws_env``: ``clean_moto`` plus an environment in which boto3 (and anything else that
  reads the standard AWS_* variables) can reach only the emulator: AWS_ENDPOINT_URL, fake
  credentials, the region, no profile or shared config files, no proxy for loopback.
- ``aws_calls``: every AWS operation the project performs from the first aws test on
  (tests/support/aws_calls.py). test_lake_user_policy.py runs last in the session and
  checks the `lake_user_policy_json` output against all of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.aws_calls import CallRecorder
from tests.support.emulator import MotoServer, emulator_env

#: Runs after every other test of the session, so that it judges all recorded calls.
LAST_MODULE = "test_lake_user_policy.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    last = [item for item in items if item.path.name == LAST_MODULE]
    items[:] = [item for item in items if item.path.name != LAST_MODULE] + last


@pytest.fixture(scope="session", autouse=True)
def aws_calls() -> Iterator[CallRecorder]:
    """The AWS operations the project performs, recorded for the rest of the session."""
    with CallRecorder().installed() as recorder:
        yield recorder


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    with MotoServer() as server:
        yield server


@pytest.fixture
def clean_moto(moto_server: MotoServer) -> MotoServer:
    moto_server.reset()
    return moto_server


@pytest.fixture
def aws_env(clean_moto: MotoServer, monkeypatch: pytest.MonkeyPatch) -> MotoServer:
    for key in [key for key in os.environ if key.startswith("AWS_")]:
        monkeypatch.delenv(key)
    for key, value in emulator_env(clean_moto.endpoint, clean_moto.region).items():
        if key.startswith("AWS_") or key in ("NO_PROXY", "no_proxy"):
            monkeypatch.setenv(key, value)
    return clean_moto
