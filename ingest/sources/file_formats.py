"""A CSV, JSON array or NDJSON file read as a stream of pages, never as a whole: the
format comes from the suffix, else from the first bytes, and the reader from its module
(`file_csv`, `file_json`; the limits they share in `file_records`). Records come out as
the file has them: CSV cells as strings, JSON values as orjson parses them. Every error
is one line that names the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Final, Literal

import orjson

from ingest.errors import LakeError
from ingest.sources.base import Page
from ingest.sources.file_csv import csv_pages
from ingest.sources.file_json import json_pages, ndjson_pages
from ingest.sources.file_records import BOM, FORMATS_HINT, SNIFF_BYTES, Pager

Format = Literal["csv", "json", "ndjson"]
FORMATS_BY_SUFFIX: Final[dict[str, Format]] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
}
_DELIMITERS: Final = (",", "\t", ";", "|")


def read_pages(path: Path, page_size: int, *, suffix: str, shown: str) -> Iterator[Page]:
    """Pages of records from a CSV, JSON array or NDJSON file (format by suffix, else sniffed)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as err:
        raise LakeError(
            f"cannot read {shown} ({err.strerror})", "check the file's permissions"
        ) from None
    fmt = detect_format(head, suffix, shown)
    pager = Pager(page_size)
    if fmt == "csv":
        delimiter = "\t" if suffix == ".tsv" else _guess_delimiter(head)
        yield from csv_pages(path, delimiter, shown, pager)
    elif fmt == "json":
        yield from json_pages(path, head, shown, pager)
    else:
        yield from ndjson_pages(path, shown, pager, declared=suffix in (".ndjson", ".jsonl"))


def detect_format(head: bytes, suffix: str, shown: str) -> Format:
    """The suffix decides between CSV and JSON; the content decides JSON array vs NDJSON."""
    body = head.removeprefix(BOM).lstrip()
    if not body:
        raise LakeError(f"{shown} is empty", "give a file with a header row or some records")
    if body.startswith((b"\x1f\x8b", b"PK\x03\x04", b"PAR1")) or b"\x00" in body:
        raise LakeError(f"{shown} is binary (compressed or Parquet?), not text", FORMATS_HINT)
    by_suffix = FORMATS_BY_SUFFIX.get(suffix)
    if by_suffix == "csv":
        return "csv"
    if body.startswith(b"["):
        return "json"
    if body.startswith(b"{"):
        first_line, newline, _ = body.partition(b"\n")
        if newline and not _parses(first_line):
            return "json"  # a pretty-printed object: the JSON reader explains the problem
        return "ndjson"
    if by_suffix is not None:  # a JSON suffix, but neither an array nor objects
        raise LakeError(f"{shown} does not hold JSON records", FORMATS_HINT)
    return "csv"


def _parses(data: bytes) -> bool:
    try:
        orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return True


def _guess_delimiter(head: bytes) -> str:
    """The most frequent of , TAB ; | in the header line (comma on a tie or none)."""
    line = head.removeprefix(BOM).split(b"\n", 1)[0].decode("utf-8", errors="replace")
    counts = [(line.count(d), -i, d) for i, d in enumerate(_DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else ","
