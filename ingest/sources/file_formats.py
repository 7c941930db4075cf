"""A CSV, JSON array or NDJSON file read as a stream of pages, never as a whole.

Memory is bounded by a page (`page_size` records or `PAGE_BYTES` of input, whichever
comes first) plus one record: a line or record longer than `MAX_RECORD_BYTES` is refused
with its line number, whatever the format, so a 5 GB file with no line break costs no
more than a small one. Records come out as the file has them: CSV cells as strings,
JSON values as orjson parses them. Every error is one line that names the line.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from functools import partial
from json.scanner import make_scanner
from pathlib import Path
from typing import IO, Any, Final, Literal

import orjson

from ingest.errors import LakeError
from ingest.sources.base import Page, Record
from ingest.sources.file_schema import MAX_COLUMNS, UniqueNames

Format = Literal["csv", "json", "ndjson"]
FORMATS_BY_SUFFIX: Final[dict[str, Format]] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
}
#: The longest line or record taken: DuckDB's JSON reader (the local raw tables) reads
#: records up to 16 MiB, and Athena's rows stop at 32 MB.
MAX_RECORD_BYTES: Final = 16 * 1024 * 1024
#: The deepest nesting taken (each object or array inside another is a level): raw
#: records are written back as JSON, and JSON writers give up a few hundred levels down.
MAX_NESTING: Final = 64
#: A page closes at this much input even before `page_size` records.
PAGE_BYTES: Final = 32 * 1024 * 1024
FORMATS_HINT: Final = "use a .csv, .json (an array of objects) or .ndjson file, saved as UTF-8"

_BOM: Final = b"\xef\xbb\xbf"
#: how much of a file decides its format (and whether it is text at all)
SNIFF_BYTES: Final = 64 * 1024
_CHUNK: Final = 64 * 1024
_DELIMITERS: Final = (",", "\t", ";", "|")
_NDJSON_HINT: Final = "NDJSON needs one complete JSON object per line"
_JSON_KEY = r'"((?:[^"\\]|\\.)*)"\s*:\s*\['
#: `"players": [{` (an array of objects) first, else any array, for the "save that array" hint
_RECORDS_ARRAY = (re.compile(_JSON_KEY + r"\s*\{"), re.compile(_JSON_KEY))
_NOT_SPACE = re.compile(r"[^ \t\r\n]")
#: after an item: white space, a comma or the closing bracket, white space
_SEPARATOR = re.compile(r"[ \t\r\n]*([,\]])[ \t\r\n]*")
_MIB = 1024 * 1024


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
    pager = _Pager(page_size)
    if fmt == "csv":
        delimiter = "\t" if suffix == ".tsv" else _guess_delimiter(head)
        yield from _csv_pages(path, delimiter, shown, pager)
    elif fmt == "json":
        yield from _json_pages(path, head, shown, pager)
    else:
        yield from _ndjson_pages(path, shown, pager, declared=suffix in (".ndjson", ".jsonl"))


def detect_format(head: bytes, suffix: str, shown: str) -> Format:
    """The suffix decides between CSV and JSON; the content decides JSON array vs NDJSON."""
    body = head.removeprefix(_BOM).lstrip()
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
    line = head.removeprefix(_BOM).split(b"\n", 1)[0].decode("utf-8", errors="replace")
    counts = [(line.count(d), -i, d) for i, d in enumerate(_DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else ","


class _Pager:
    """Collects records into pages of at most `size` records or `PAGE_BYTES` of input."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.page: Page = []
        self.bytes = 0

    def add(self, record: Record, size: int) -> Page | None:
        """Add a record; the page when it is full (then start a new one)."""
        self.page.append(record)
        self.bytes += size
        if len(self.page) < self.size and self.bytes < PAGE_BYTES:
            return None
        page, self.page, self.bytes = self.page, [], 0
        return page


class _Keys:
    """Every key the file uses: refuses two that differ only in letter case (Athena's names
    ignore case, so both would be one column) and more than MAX_COLUMNS of them."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self._by_folded: dict[str, str] = {}
        self._last: Any = None

    def check(self, keys: Any, line: int | Callable[[], int]) -> None:
        """Check a record's keys; `line` (or a function finding it) names it in errors."""
        if keys == self._last:  # records usually share their keys: one C-speed comparison
            return
        self._last = keys
        for key in keys:
            folded = str(key).lower()
            known = self._by_folded.setdefault(folded, key)
            if known != key:
                raise LakeError(
                    f"{self.shown} line {_number(line)}: columns '{known}' and '{key}' differ "
                    "only in letter case, and Athena reads names without case, so they "
                    "would collide",
                    "rename one of them; nothing was written",
                )
        if len(self._by_folded) > MAX_COLUMNS:
            raise LakeError(
                f"{self.shown} line {_number(line)}: the file has more than {MAX_COLUMNS:,} "
                "columns",
                f"the lake takes files of up to {MAX_COLUMNS:,} columns: split it into narrower "
                "files (see README, Loading data)",
            )


def _number(line: int | Callable[[], int]) -> int:
    return line if isinstance(line, int) else line()


def _nests_too_deep(value: Any) -> bool:
    """True when `value` holds containers more than MAX_NESTING levels deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_NESTING:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _check_nesting(value: Any, shown: str, line: int | Callable[[], int]) -> None:
    if _nests_too_deep(value):
        raise LakeError(
            f"{shown} line {_number(line)} holds values nested more than {MAX_NESTING} levels deep",
            "flatten that record; the lake keeps records of at most that depth",
        )


def _too_long(shown: str, line: int, *, data: bytes = b"", open_quote: bool = False) -> LakeError:
    cap = f"{MAX_RECORD_BYTES // _MIB} MiB"
    key = _records_key(data[:SNIFF_BYTES]) if data else None
    if key is not None:
        hint = f"it looks like one JSON object holding the records in '{key}': save just that array"
    elif open_quote:
        hint = "the record runs over several lines: a quote opened there may never close"
    else:
        hint = "records are limited to that size: shorten or split it"
    return LakeError(f"{shown} line {line} starts a record longer than {cap}", hint)


def _records_key(text: bytes | str) -> str | None:
    """The key of the first array in a JSON object's text (of objects, if there is one)."""
    data = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else text
    for pattern in _RECORDS_ARRAY:
        match = pattern.search(data)
        if match:
            return match.group(1)
    return None


# --- CSV --------------------------------------------------------------------------------


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
                raise _too_long(self.shown, self.record_start, open_quote=spans)
            yield line

    def record_done(self) -> int:
        """The size of the record just read; the next one starts on the next line."""
        size, self.record_size, self.record_start = self.record_size, 0, self.line + 1
        return size


def _csv_pages(path: Path, delimiter: str, shown: str, pager: _Pager) -> Iterator[Page]:
    with path.open(encoding="utf-8-sig", newline="") as text:
        lines = _Lines(text, shown)
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = next(reader, None)
            if not header:
                raise LakeError(f"{shown} has no header row", "put the column names on line 1")
            keys = _unique_header(header)
            _Keys(shown).check(keys, 1)
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
                "save it as UTF-8 (in Excel: 'CSV UTF-8')",
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


# --- JSON array -------------------------------------------------------------------------


class _JsonArray:
    """The items of a top-level JSON array, a chunk of text at a time.

    Fast path: orjson parses every complete item of the chunk at once (the text up to the
    chunk's last `}` that closes an item, wrapped in brackets: it parses only if that `}`
    is at the array's top level). Anything else (an item cut by the chunk's end and with
    braces of its own, a huge item, a broken one) goes one item at a time: the stdlib's
    C scanner finds where the item ends, reading on as needed, and orjson parses it, so
    both paths give the same values. Only a chunk and the current item are ever held.
    """

    def __init__(self, text: IO[str], shown: str) -> None:
        self.text = text
        self.shown = shown
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._line, self._counted = 1, 0  # the line that buf[_counted] is on
        # the C scanner behind json.loads: (text, position) -> (value, end)
        decoder = json.JSONDecoder(parse_constant=_not_json)
        self._scan: Callable[[str, int], tuple[Any, int]] = make_scanner(decoder)  # type: ignore[arg-type]
        self._fast = True  # off until the next chunk once the fast path failed in this one
        self._item_at: tuple[int, int] = (0, 0)  # (position, items after it) of the last item
        self.maybe_deep = False  # the item handed out could nest past MAX_NESTING

    def _more(self, size: int = 0) -> bool:
        """Drop what was consumed and read another chunk; False at the end of the file."""
        if self.eof:
            return False
        self.line_at(self.pos)
        self._counted -= self.pos
        chunk = self.text.read(size or _CHUNK)
        self.buf, self.pos = self.buf[self.pos :] + chunk, 0
        self.eof, self._fast = not chunk, True
        return not self.eof

    def line_at(self, index: int) -> int:
        """The line of buf[index], counting only the text not counted before."""
        if index < self._counted:
            return self._line - self.buf.count("\n", index, self._counted)
        self._line += self.buf.count("\n", self._counted, index)
        self._counted = index
        return self._line

    def item_line(self) -> int:
        """The line the item just handed out starts on (found again only when asked)."""
        pos, skip = self._item_at
        for _ in range(skip):
            end = self._scan(self.buf, pos)[1]
            pos = _SEPARATOR.match(self.buf, end).end()  # type: ignore[union-attr]
        return self.line_at(pos)

    def _next_char(self) -> str | None:
        while True:
            found = _NOT_SPACE.search(self.buf, self.pos)
            if found:
                self.pos = found.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self._more():
                return None

    def _invalid(self, index: int, at: int, why: str) -> LakeError:
        return LakeError(
            f"{self.shown} line {self.line_at(at)}: item {index} of the array is not valid "
            f"JSON ({why})",
            FORMATS_HINT,
        )

    def _batch(self) -> tuple[list[Any], int] | None:
        """Every complete item from `pos` on, parsed at once, and where the last one ends;
        None when that does not work (then the next ones go one by one until a new chunk)."""
        end = len(self.buf)
        for _ in range(3):
            cut = self.buf.rfind("}", self.pos, end)
            if cut < 0:
                break
            try:
                values = orjson.loads("[" + self.buf[self.pos : cut + 1] + "]")
            except orjson.JSONDecodeError:
                end = cut
                continue
            if values and all(type(value) is dict for value in values):
                return values, cut + 1
            break
        self._fast = False
        return None

    def _item(self, index: int) -> tuple[Any, int]:
        """The item at `pos` and where it ends, reading on while it runs past the text (in
        ever larger reads, so a big item is scanned a few times, not once per chunk)."""
        size = _CHUNK
        while True:
            try:
                end = self._scan(self.buf, self.pos)[1]
            except (StopIteration, json.JSONDecodeError) as problem:
                err = (
                    problem
                    if isinstance(problem, json.JSONDecodeError)
                    else json.JSONDecodeError("Expecting value", self.buf, int(problem.value))
                )
                if len(self.buf) - self.pos <= MAX_RECORD_BYTES and self._more(size):
                    size *= 2
                    continue  # the item may just run past the text at hand
                at_end = not self.buf[err.pos :].strip() or err.msg.startswith("Unterminated")
                if at_end and not self.eof:
                    raise _too_long(self.shown, self.line_at(self.pos)) from None
                if at_end:
                    raise self._truncated() from None
                raise self._invalid(index, err.pos, err.msg) from None
            except ValueError as err:  # NaN, Infinity
                raise self._invalid(index, self.pos, str(err)) from None
            except RecursionError:
                raise self._invalid(index, self.pos, "nested too deeply") from None
            if end - self.pos > MAX_RECORD_BYTES:
                raise _too_long(self.shown, self.line_at(self.pos))
            try:  # orjson has the last word on values, as for NDJSON
                return orjson.loads(self.buf[self.pos : end]), end
            except orjson.JSONDecodeError as err:
                raise self._invalid(index, self.pos, err.msg) from None

    def items(self) -> Iterator[tuple[Any, int, int]]:
        """(value, index, size) of each item; the file must be one array and nothing else."""
        self._next_char()
        self.pos += 1  # the "[" the format was detected by
        char, index = self._next_char(), 0
        if char == "]":
            self.pos += 1
        while char != "]":
            if char is None:
                raise self._truncated()
            start = self.pos
            batch = self._batch() if self._fast else None
            if batch:
                values, end = batch
                size = max(1, (end - start) // len(values))
                self.maybe_deep = self._openers(start, end) - len(values) >= MAX_NESTING
                for skip, value in enumerate(values):
                    self._item_at = (start, skip)
                    yield value, index, size
                    index += 1
                self.pos = end
            else:
                value, self.pos = self._item(index)
                self.maybe_deep = self._openers(start, self.pos) > MAX_NESTING
                self._item_at = (start, 0)
                yield value, index, self.pos - start
                index += 1
            char = self._separator(index - 1)
        if self._next_char() is not None:
            raise LakeError(
                f"{self.shown} line {self.line_at(self.pos)}: text follows the JSON array",
                FORMATS_HINT,
            )

    def _openers(self, start: int, end: int) -> int:
        """How many objects and arrays open in buf[start:end]: an upper bound on nesting."""
        return self.buf.count("{", start, end) + self.buf.count("[", start, end)

    def _separator(self, index: int) -> str | None:
        """Past the `,` or `]` after item `index`: the next item's first character, or `]`."""
        char = self._next_char()
        if char == "]":
            self.pos += 1
            return char
        if char == ",":
            self.pos += 1
            char = self._next_char()
            if char == "]":
                raise LakeError(
                    f"{self.shown} line {self.line_at(self.pos)}: a comma ends the JSON array "
                    "(a trailing comma is not JSON)",
                    FORMATS_HINT,
                )
            return char
        if char is None:
            return None
        raise LakeError(
            f"{self.shown} line {self.line_at(self.pos)}: expected ',' or ']' after item "
            f"{index} of the array",
            FORMATS_HINT,
        )

    def _truncated(self) -> LakeError:
        return LakeError(
            f"{self.shown} is not valid JSON: it ends before its array is closed (truncated?)",
            FORMATS_HINT,
        )


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


def _json_pages(path: Path, head: bytes, shown: str, pager: _Pager) -> Iterator[Page]:
    if head.removeprefix(_BOM).lstrip().startswith(b"{"):
        key = _records_key(head)
        raise LakeError(
            f"{shown} holds a JSON object, not an array of records",
            f"the records may be the array under '{key}': save just that array"
            if key is not None
            else FORMATS_HINT,
        )
    keys = _Keys(shown)
    count = 0
    with path.open(encoding="utf-8-sig", newline="") as text:
        try:
            array = _JsonArray(text, shown)
            for value, index, size in array.items():
                if not isinstance(value, dict):
                    raise LakeError(
                        f"{shown} line {array.item_line()}: item {index} of the array is not "
                        "an object",
                        FORMATS_HINT,
                    )
                keys.check(value.keys(), array.item_line)
                if array.maybe_deep:
                    _check_nesting(value, shown, array.item_line)
                count += 1
                full = pager.add(value, size)
                if full:
                    yield full
        except UnicodeDecodeError:
            raise LakeError(
                f"{shown} is not UTF-8 text", "save it as UTF-8 (in Excel: 'CSV UTF-8')"
            ) from None
    if not count:
        raise LakeError(f"{shown} holds an empty JSON array", "give a file with some records")
    if pager.page:
        yield pager.page


# --- NDJSON -----------------------------------------------------------------------------


def _wrapped_records(record: Record, *, only_key: bool) -> str | None:
    """The key under which `record` holds an array of objects: a wrapper around the records,
    not a record. With `only_key`, only when that array is all the object holds."""
    if only_key and len(record) != 1:
        return None
    for key, value in record.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return str(key)
    return None


def _wrapper_error(shown: str, line: int, key: str) -> LakeError:
    return LakeError(
        f"{shown} line {line} is one JSON object holding the records in its '{key}' array, "
        "not a record",
        "save just that array ([{...}, {...}]) as .json, or one object per line as .ndjson",
    )


def _ndjson_pages(path: Path, shown: str, pager: _Pager, *, declared: bool) -> Iterator[Page]:
    """One object per line. A file that is one object wrapping an array of records (`{"players":
    [...]}` on one line) is refused, unless the file says it is NDJSON (.ndjson, .jsonl) and the
    object holds more than the array."""
    keys = _Keys(shown)
    first: tuple[Record, int] | None = None
    count = 0
    with path.open("rb") as stream:
        for number, line in enumerate(iter(partial(stream.readline, MAX_RECORD_BYTES + 1), b""), 1):
            if len(line) > MAX_RECORD_BYTES:
                raise _too_long(shown, number, data=line)
            data = line.removeprefix(_BOM) if number == 1 else line
            if not data or data.isspace():
                continue
            try:
                value = orjson.loads(data)
            except orjson.JSONDecodeError as err:
                raise LakeError(
                    f"{shown} line {number} is not JSON ({err.msg})", _NDJSON_HINT
                ) from None
            if not isinstance(value, dict):
                raise LakeError(f"{shown} line {number} is not a JSON object", _NDJSON_HINT)
            keys.check(value.keys(), number)
            if data.count(b"{") + data.count(b"[") > MAX_NESTING:
                _check_nesting(value, shown, number)
            count += 1
            if first is None:
                first = (value, number)
                key = _wrapped_records(value, only_key=True)
                if key is not None:
                    raise _wrapper_error(shown, number, key)
            full = pager.add(value, len(line))
            if full:
                yield full
    if first is not None and count == 1 and not declared:
        key = _wrapped_records(first[0], only_key=False)
        if key is not None:
            raise _wrapper_error(shown, first[1], key)
    if pager.page:
        yield pager.page
