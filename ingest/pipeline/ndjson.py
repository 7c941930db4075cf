"""Records to NDJSON, one record per line, exactly as the source gave them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson

_SEPARATOR = b"},{"

Buffer = bytes | memoryview


def dump_record(record: Any) -> bytes:
    """One JSON line; the stdlib handles what orjson refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(record)
    except TypeError:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _fast_lines(records: list[Any], all_objects: bool) -> memoryview | None:
    """The page's lines without the final newline, or None when the shortcut does not hold.

    orjson serialises a whole list several times faster than record by record. Its output
    has no raw newlines (strings escape them), so after turning every `},{` into `}\\n{`
    the line count proves the replaced ones were exactly the top-level separators: each
    record is an object and no value contained the sequence.
    """
    if not (all_objects or all(isinstance(r, dict) for r in records)):
        return None
    try:
        body = orjson.dumps(records).replace(_SEPARATOR, b"}\n{")
    except TypeError:
        return None
    if body.count(b"\n") != len(records) - 1:
        return None
    return memoryview(body)[1:-1]  # drop "[" and "]" without copying


def write_ndjson(
    records: list[Any], write: Callable[[Buffer], None], *, all_objects: bool = False
) -> None:
    """Hand a page's NDJSON to `write` (newline-terminated); `all_objects` skips a check."""
    if not records:
        return
    lines = _fast_lines(records, all_objects)
    if lines is None:
        write(b"".join(dump_record(record) + b"\n" for record in records))
        return
    write(lines)
    write(b"\n")


def to_ndjson(records: list[Any]) -> bytes:
    """A page as NDJSON bytes (for callers that want one value)."""
    chunks: list[Buffer] = []
    write_ndjson(records, chunks.append)
    return b"".join(chunks)
