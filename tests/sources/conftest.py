"""A real HTTP server on loopback for the source tests (one per module, cleared per test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture(scope="module")
def _server() -> Iterator[HTTPServer]:
    """A threaded server on 127.0.0.1, so a slow handler cannot stall the next request."""
    srv = HTTPServer(host="127.0.0.1", threaded=True)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def server(_server: HTTPServer) -> Iterator[HTTPServer]:
    yield _server
    _server.clear()
