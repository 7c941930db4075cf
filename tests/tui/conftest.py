"""Fixtures for the TUI tests: a private copy of the sample lake per test (the app writes
history and buffers under LAKE_HOME) and the app built on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.settings import Settings
from tests.aws.conftest import aws_env, clean_moto, moto_server  # noqa: F401  (fixtures)


@pytest.fixture
def tui_home(sample_lake_home: Path, tmp_path: Path) -> Path:
    """A writable copy of the session's sample lake."""
    home = tmp_path / "tui-lake"
    shutil.copytree(sample_lake_home, home)
    return home


@pytest.fixture
def tui_settings(tui_home: Path) -> Settings:
    return Settings.from_env(target="local", lake_home=tui_home, env={})
