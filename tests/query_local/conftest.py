"""Fixtures for the local engine: a private copy of the sample lake and one engine over it.

The copy keeps the session's `sample_lake_home` read-only: every query writes its result
CSV under the results location, as Athena does.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.lake import Lake
from ingest.query.local_engine import DuckDbEngine
from ingest.settings import Settings
from ingest.targets import open_lake
from tests.query_local.reference import Reference


@pytest.fixture(scope="session")
def query_lake_home(sample_lake_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("query-lake") / "lake"
    shutil.copytree(sample_lake_home, home)
    return home


@pytest.fixture(scope="session")
def query_lake(query_lake_home: Path) -> Lake:
    return open_lake(Settings.from_env(target="local", lake_home=query_lake_home, env={}))


@pytest.fixture(scope="session")
def engine(query_lake: Lake) -> Iterator[DuckDbEngine]:
    duck = query_lake.target.query_engine(query_lake)
    assert isinstance(duck, DuckDbEngine)
    yield duck
    duck.close()


@pytest.fixture(scope="session")
def ref(query_lake: Lake) -> Reference:
    return Reference(query_lake)
