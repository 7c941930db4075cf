"""Trino aggregates functions."""

from __future__ import annotations

from ingest.query.trino.registry import REGISTRY

REGISTRY.begin("aggregates")
