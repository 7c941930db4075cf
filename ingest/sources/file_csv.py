"""CSV (and TSV) records, a line at a time: quotes that never close, or close in the middle
of a value, are errors naming the line the record began on, never rows merged silently."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import IO

from ingest.errors import LakeError
from ingest.sources.base import Page
from ingest.sources.file_records import (
    FORMATS_HINT,
    MAX_RECORD_BYTES,
    UTF8_HINT,
    KeyCheck,
    Pager,
    too_long,
)
from ingest.sources.file_schema import UniqueNames


class _Lines:
    """Feeds csv.reader one line at a time, so no line or record is ever held whole beyond
    MAX_RECORD_BYTES; remembers where the record being read began, for errors."""

    def __init__(self, text: IO[str], shown: str) -> None:
        self.text = text
        self.shown = shown
        self.line = 0
        self.record_start = 1
        self.record_size = 0

    def __iter__(self) -> Iterator[str]:
        cap = MAX_RECORD_BYTES
        for line in iter(partial(self.text.readline, cap + 1), ""):
            self.line += 1
            self.record_size += len(line)
            if self.record_size > cap:
                spans = self.line > self.record_start
                raise too_long(self.shown, self.record_start, open_quote=spans)
            yield line

    def record_done(self) -> int:
        """The size of the record just read; the next one starts on the next line."""
        size, self.record_size, self.record_start = self.record_size, 0, self.line + 1
        return size


def csv_pages(path: Path, delimiter: str, shown: str, pager: Pager) -> Iterator[Page]:
    with path.open(encoding="utf-8-sig", newline="") as text:
        lines = _Lines(text, shown)
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = next(reader, None)
            if not header:
                raise LakeError(f"{shown} has no header row", "put the column names on line 1")
            keys = _unique_header(header)
            KeyCheck(shown).check(keys, 1)
            lines.record_done()
            width, rows = len(keys), 0
            for row in reader:
                start, size = lines.record_start, lines.record_done()
                if not row:
                    continue  # a blank line
                if len(row) > width:
                    raise LakeError(
                        f"{shown} line {start} has {len(row)} fields, the header {width}",
                        "quote values that contain the delimiter, or fix the header",
                    )
                if len(row) < width:
                    row += [""] * (width - len(row))
                rows += 1
                full = pager.add(dict(zip(keys, row, strict=True)), size)
                if full:
                    yield full
        except csv.Error as err:
            raise _csv_error(err, shown, lines.record_start) from None
        except UnicodeDecodeError:
            raise LakeError(
                f"{shown} is not UTF-8 text (near line {lines.line + 1})",
                UTF8_HINT,
            ) from None
    if not rows:
        shown_keys = ", ".join(keys[:3]) + (", ..." if width > 3 else "")
        raise LakeError(
            f"{shown} has a header row ({shown_keys}) but no rows below it",
            "add the records under the header line",
        )
    if pager.page:
        yield pager.page


def _csv_error(err: csv.Error, shown: str, start: int) -> LakeError:
    """csv's own words made plain; `start` is the line the broken record began on."""
    text = str(err)
    fix = 'close every quote, and double a quote inside a quoted value ("")'
    if "unexpected end of data" in text:
        return LakeError(f"{shown} line {start} opens a quote that never closes", fix)
    if "expected after" in text:
        return LakeError(
            f"{shown} line {start}: a quoted value is followed by more text (a quote opened "
            "there may close too late)",
            fix,
        )
    if "field larger than field limit" in text:
        return LakeError(
            f"{shown} line {start} holds a value over {csv.field_size_limit():,} characters",
            f"a quote opened there may never close; {fix}",
        )
    if "NUL" in text:
        return LakeError(f"{shown} line {start} holds a NUL character (binary data?)", FORMATS_HINT)
    return LakeError(f"{shown} line {start} is not valid CSV ({text})", FORMATS_HINT)


def _unique_header(header: list[str]) -> list[str]:
    """Header names as written; a blank one becomes column_N, a repeat gets _2, _3 ..."""
    names = UniqueNames()
    return [
        names.claim(raw if raw.strip() else f"column_{index}")
        for index, raw in enumerate(header, start=1)
    ]
