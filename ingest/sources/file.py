"""A CSV, JSON array or NDJSON file (or URL) the user brings: one table, read as a stream.

Records come out as the file has them: CSV rows as dicts of strings exactly as written,
JSON values as parsed. The table's columns are inferred from every value (see
`file_schema`), which takes a first pass over the file before the run reads it again, so
a page at a time is all that is ever held (see `file_formats`). A URL, or anything that
cannot be read twice (a pipe), is first copied to a temporary file; a local file that
changes between the two passes is refused rather than half-seen.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

import requests

from ingest.errors import LakeError
from ingest.names import MAX_FILE_TABLE_NAME
from ingest.sources.base import InferredColumn, Page, Record
from ingest.sources.file_formats import FORMATS_BY_SUFFIX, detect_format, read_pages
from ingest.sources.file_records import FORMATS_HINT, SNIFF_BYTES
from ingest.sources.file_schema import (
    MAX_COLUMNS,
    SchemaInference,
    infer_columns,
    to_snake_case,
)
from ingest.sources.http import build_session, download, safe_url, url_suffix

__all__ = [
    "FORMATS_BY_SUFFIX",
    "MAX_COLUMNS",
    "FileSource",
    "SchemaInference",
    "infer_columns",
    "to_snake_case",
]

_TABLE_NAME: Final = re.compile(r"[a-z][a-z0-9_]*")


class FileSource:
    """Records from one local file or http(s) URL; the whole file is one table."""

    name = "file"
    seasons: tuple[int, ...] | None = None  # a file has no seasons
    infers_schema = True

    def __init__(
        self,
        location: str,
        table: str,
        *,
        page_size: int = 50_000,
        session: requests.Session | None = None,
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        suggestion = to_snake_case(table)[:MAX_FILE_TABLE_NAME].rstrip("_") or "my_table"
        if not _TABLE_NAME.fullmatch(table):
            raise LakeError(
                f"'{table}' is not a usable table name",
                f"use lower-case letters, digits and underscores, e.g. --table {suggestion}",
            )
        if len(table) > MAX_FILE_TABLE_NAME:
            raise LakeError(
                f"the table name '{table[:20]}...' is {len(table)} characters long",
                f"use at most {MAX_FILE_TABLE_NAME}, e.g. --table {suggestion[:40].rstrip('_')}",
            )
        self.location = location.strip()
        self.table = table
        self.datasets: tuple[str, ...] = (table,)
        self.page_size = page_size
        self._session = session
        self._copy: tempfile.TemporaryDirectory[str] | None = None
        self._readable: tuple[Path, str] | None = None
        self._stamp: tuple[int, int, int] | None = None

    @property
    def is_url(self) -> bool:
        return self.location.lower().startswith(("http://", "https://"))

    @property
    def display(self) -> str:
        """The location as messages show it: a URL loses its query string (it may hold a token)."""
        return safe_url(self.location) if self.is_url else self.location

    @property
    def description(self) -> str:
        return f"records from {self.display}"

    def __repr__(self) -> str:
        return f"FileSource(location={self.display!r}, table={self.table!r})"

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        """Yield the file's records in pages; `season` does not apply to a file.

        Each call reads the file from the start (inference, then the run); a URL is
        downloaded once, on the first call."""
        if dataset != self.table:
            raise LakeError(
                f"the file source holds table '{self.table}', not '{dataset}'",
                f"ask for dataset '{self.table}'",
            )
        path, suffix = self._local_file()
        self._check_unchanged(path)
        yield from read_pages(path, self.page_size, suffix=suffix, shown=self.display)
        self._check_unchanged(path)

    def close(self) -> None:
        """Remove the temporary copy, if one was made (also done when the source is dropped)."""
        if self._copy is not None:
            self._copy.cleanup()
            self._copy, self._readable, self._stamp = None, None, None

    @staticmethod
    def infer_columns(records: Iterable[Record]) -> list[InferredColumn]:
        """See `file_schema.infer_columns`."""
        return infer_columns(records)

    def _local_file(self) -> tuple[Path, str]:
        """A regular file to read (and read again): the user's own, or a temporary copy."""
        if self._readable is not None:
            return self._readable
        if self.is_url:
            if self._session is None:
                self._session = build_session()
            suffix = url_suffix(self.location)
            copy = self._temporary(suffix)
            with copy.open("wb") as sink:
                download(self._session, self.location, sink)
        else:
            path = _local_path(self.location)
            suffix = path.suffix.lower()
            if stat.S_ISREG(path.stat().st_mode):
                copy = path
            else:  # a pipe or a device gives its bytes once: keep them for the second pass
                copy = self._temporary(suffix)
                with path.open("rb") as origin, copy.open("wb") as sink:
                    head = origin.read(SNIFF_BYTES)
                    detect_format(head, suffix, self.display)  # /dev/zero stops here
                    sink.write(head)
                    shutil.copyfileobj(origin, sink, 1 << 20)
        self._readable = (copy, suffix)
        return self._readable

    def _temporary(self, suffix: str) -> Path:
        self._copy = tempfile.TemporaryDirectory(prefix="nba-lake-file-")
        return Path(self._copy.name) / f"download{suffix}"

    def _check_unchanged(self, path: Path) -> None:
        """The run reads the file twice: both reads must see the same file."""
        found = path.stat()
        stamp = (found.st_size, found.st_mtime_ns, found.st_ino)
        if self._stamp is None:
            self._stamp = stamp
        elif stamp != self._stamp:
            raise LakeError(
                f"{self.display} changed while it was being read",
                "ingest it again once nothing is writing to it; nothing was published",
            )


def _local_path(location: str) -> Path:
    path = Path(location.removeprefix("file://")).expanduser()
    if not path.exists():
        raise LakeError(f"no file at {path}", f"check the path (relative to {Path.cwd()})")
    if path.is_dir():
        raise LakeError(f"{path} is a folder, not a file", FORMATS_HINT)
    if not os.access(path, os.R_OK):
        raise LakeError(f"cannot read {path} (permission denied)", "check the file's permissions")
    return path
