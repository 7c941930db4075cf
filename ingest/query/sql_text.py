"""Quoting names and strings into SQL text; Athena (Trino) and DuckDB quote alike."""

from __future__ import annotations


def quote_identifier(name: str) -> str:
    """`"name"`, with embedded double quotes doubled: any table name reads back as itself."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """`'text'`, with embedded single quotes doubled."""
    return "'" + text.replace("'", "''") + "'"
