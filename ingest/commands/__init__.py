"""Handlers behind the `nba-lake` subcommands; `ingest.cli` only parses and routes."""
