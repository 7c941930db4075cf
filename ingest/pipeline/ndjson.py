"""Records to NDJSON bytes, one record per line, exactly as the source gave them."""

from __future__ import annotations

import json
from typing import Any

import orjson

_SEPARATOR = b"},{"


def dump_record(record: Any) -> bytes:
    """One JSON line; the stdlib handles what orjson refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(record)
    except TypeError:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def to_ndjson(records: list[Any], *, all_objects: bool = False) -> bytes:
    """NDJSON for a page, newline-terminated.

    orjson serialises a whole list several times faster than record by record. The
    list's top-level separators are the only `},{` when the count matches exactly
    (each record is an object and no value contains the sequence); otherwise fall back.
    `all_objects` says the caller already knows every record is a dict.
    """
    if not records:
        return b""
    try:
        body = orjson.dumps(records)[1:-1]
    except TypeError:
        body = b""
    if (
        body
        and (all_objects or all(isinstance(r, dict) for r in records))
        and body.count(_SEPARATOR) == len(records) - 1
    ):
        return body.replace(_SEPARATOR, b"}\n{") + b"\n"
    return b"".join(dump_record(record) + b"\n" for record in records)
