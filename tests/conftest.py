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
