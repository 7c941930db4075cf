"""Shared fixtures: an isolated LAKE_HOME per test and a provisioned local lake."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.lake import Lake
from ingest.settings import Settings
from ingest.targets import open_lake
from tests.support.lakes import ingest, provision_local

REPO_ROOT = Path(__file__).resolve().parent.parent
TERRAFORM_DIR = REPO_ROOT / "terraform"


#: Modules whose tests make the project's own AWS calls in this process: one xdist worker
#: runs them all, in order, so the recorder (tests/aws/conftest.py, `aws_calls`) sees every
#: call before test_lake_user_policy.py (last) judges the policy against them.
AWS_CALLS_GROUP = "aws-calls"
_AWS_CALLS_MODULES = frozenset(
    {
        "tests/aws/test_athena_engine.py",
        "tests/aws/test_athena_results.py",
        "tests/aws/test_glue_partitions.py",
        "tests/aws/test_ingest_aws.py",
        "tests/aws/test_lake_user_policy.py",
        "tests/tui/test_aws_target.py",
    }
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With `pytest -n N --dist loadgroup` (make test), a module's tests stay on one worker,
    so module-scoped fixtures (a Terraform apply) are set up once."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            module = item.path.relative_to(REPO_ROOT).as_posix()
            group = AWS_CALLS_GROUP if module in _AWS_CALLS_MODULES else module
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's LAKE_HOME, target or AWS profile."""
    monkeypatch.setenv("LAKE_HOME", str(tmp_path / "lake"))
    for name in ("NBA_LAKE_TARGET", "NBA_LAKE_TERRAFORM_DIR", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env(target="local", lake_home=tmp_path / "lake")


@pytest.fixture
def terraform_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of terraform/ (declarations only) that a test may break."""
    copy = tmp_path / "terraform"
    shutil.copytree(
        TERRAFORM_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".terraform", "*.tfstate*", ".terraform.lock.hcl", "*_override.tf"
        ),
    )
    monkeypatch.setenv("NBA_LAKE_TERRAFORM_DIR", str(copy))
    yield copy


@pytest.fixture
def local_lake(settings: Settings) -> Lake:
    """A freshly provisioned local lake."""
    return provision_local(settings)


@pytest.fixture(scope="session")
def sample_lake_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local lake with the whole sample league ingested, built once per session.

    Tests must treat it as read-only; a test that writes uses `local_lake` instead.
    """
    from ingest.sources.base import NBA_DATASETS
    from ingest.sources.sample import SampleSource

    home = tmp_path_factory.mktemp("sample-lake")
    settings = Settings.from_env(target="local", lake_home=home, env={})
    lake = provision_local(settings)
    source = SampleSource()
    outcomes = ingest(lake, source, list(NBA_DATASETS), list(source.seasons))
    assert all(o.status == "written" for o in outcomes), outcomes
    return home


@pytest.fixture
def sample_lake(sample_lake_home: Path) -> Lake:
    """The session's ingested sample lake (read-only)."""
    return open_lake(Settings.from_env(target="local", lake_home=sample_lake_home, env={}))
