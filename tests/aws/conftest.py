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
- ``lambda_artifact``: the scheduled function's zip (`make package`), built once per test run
  (shared by the pytest-xdist workers).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.aws_calls import CallRecorder
from tests.support.emulator import REPO_ROOT, MotoServer, emulator_env

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


@dataclass(frozen=True)
class Artifact:
    """The function's zip and the packager's record of it."""

    path: Path
    record: dict[str, Any]


def build_artifact(output: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`scripts/package_lambda.py` as `make package` runs it (pip fetches the wheels)."""
    return subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "package_lambda.py"),
            "--output",
            str(output),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="session")
def lambda_artifact(tmp_path_factory: pytest.TempPathFactory) -> Artifact:
    """The scheduled function's artifact, built once per test run: under pytest-xdist the
    first worker that needs it builds it in the run's shared temporary folder (the parent of
    the workers' own) while the others wait on a lock, then reuse it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / "lambda-artifact"
    folder.mkdir(exist_ok=True)
    output = folder / "nba-lake-ingest.zip"
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not output.with_suffix(".json").exists():
            built = build_artifact(output)
            assert built.returncode == 0, built.stdout + built.stderr
    return Artifact(output, json.loads(output.with_suffix(".json").read_text()))
