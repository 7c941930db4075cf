"""A CSV, JSON array or NDJSON file (or URL) the user brings, and its inferred schema.

Records come out as the file has them: CSV rows as dicts of strings exactly as written,
JSON values as parsed. The curated table's columns are inferred from the values
(`infer_columns`), never guessed from the first row, and inference never fails: a column
it cannot type consistently is a string.
"""

from __future__ import annotations

import csv
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Final, Literal

import orjson
import requests

from ingest.errors import LakeError
from ingest.sources.base import InferredColumn, Page, Record
from ingest.sources.http import build_session, download, safe_url, url_suffix

Format = Literal["csv", "json", "ndjson"]
FORMATS_BY_SUFFIX: Final[dict[str, Format]] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
}
_BOM: Final = b"\xef\xbb\xbf"
_SNIFF_BYTES: Final = 64 * 1024
_DELIMITERS: Final = (",", "\t", ";", "|")
_TABLE_NAME: Final = re.compile(r"[a-z][a-z0-9_]*")
_FORMATS_HINT: Final = "use a .csv, .json (an array of objects) or .ndjson file, saved as UTF-8"


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
        if not _TABLE_NAME.fullmatch(table):
            raise LakeError(
                f"'{table}' is not a usable table name",
                f"use lower-case letters, digits and underscores, e.g. --table "
                f"{to_snake_case(table) or 'my_table'}",
            )
        self.location = location.strip()
        self.table = table
        self.datasets: tuple[str, ...] = (table,)
        self.page_size = page_size
        self._session = session

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
        """Yield the file's records in pages; `season` does not apply to a file."""
        if dataset != self.table:
            raise LakeError(
                f"the file source holds table '{self.table}', not '{dataset}'",
                f"ask for dataset '{self.table}'",
            )
        if not self.is_url:
            path = _local_path(self.location)
            yield from read_records(path, self.page_size, suffix=path.suffix.lower())
            return
        if self._session is None:
            self._session = build_session()
        suffix = url_suffix(self.location)
        with tempfile.TemporaryDirectory(prefix="nba-lake-file-") as folder:
            path = Path(folder) / f"download{suffix}"
            with path.open("wb") as sink:
                download(self._session, self.location, sink)
            yield from read_records(path, self.page_size, suffix=suffix, display=self.display)

    @staticmethod
    def infer_columns(records: Iterable[Record]) -> list[InferredColumn]:
        """See the module-level `infer_columns`."""
        return infer_columns(records)


def _local_path(location: str) -> Path:
    path = Path(location.removeprefix("file://")).expanduser()
    if not path.exists():
        raise LakeError(f"no file at {path}", f"check the path (relative to {Path.cwd()})")
    if path.is_dir():
        raise LakeError(f"{path} is a folder, not a file", _FORMATS_HINT)
    return path


# --- reading ----------------------------------------------------------------------------


def read_records(
    path: Path, page_size: int, *, suffix: str = "", display: str | None = None
) -> Iterator[Page]:
    """Pages of records from a CSV, JSON array or NDJSON file (format by suffix, else sniffed)."""
    shown = display or str(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError as err:
        raise LakeError(
            f"cannot read {shown} ({err.strerror})", "check the file's permissions"
        ) from None
    fmt = _detect_format(head, suffix, shown)
    try:
        if fmt == "csv":
            delimiter = "\t" if suffix == ".tsv" else _guess_delimiter(head)
            with path.open(encoding="utf-8-sig", newline="") as text:
                yield from _pages(_csv_records(text, delimiter, shown), page_size)
        elif fmt == "json":
            yield from _pages(iter(_json_records(path.read_bytes(), shown)), page_size)
        else:
            with path.open("rb") as stream:
                yield from _pages(_ndjson_records(stream, shown), page_size)
    except UnicodeDecodeError:
        raise LakeError(
            f"{shown} is not UTF-8 text", "save it as UTF-8 (in Excel: 'CSV UTF-8')"
        ) from None


def _detect_format(head: bytes, suffix: str, shown: str) -> Format:
    """The suffix decides between CSV and JSON; the content decides JSON array vs NDJSON."""
    body = head.removeprefix(_BOM).lstrip()
    if not body:
        raise LakeError(f"{shown} is empty", "give a file with a header row or some records")
    if body.startswith((b"\x1f\x8b", b"PK\x03\x04", b"PAR1")) or b"\x00" in body:
        raise LakeError(f"{shown} is binary (compressed or Parquet?), not text", _FORMATS_HINT)
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
        raise LakeError(f"{shown} does not hold JSON records", _FORMATS_HINT)
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


def _csv_records(text: IO[str], delimiter: str, shown: str) -> Iterator[Record]:
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header:
            raise LakeError(f"{shown} has no header row", "put the column names on line 1")
        keys = _unique_header(header)
        width = len(keys)
        for row in reader:
            if not row:
                continue  # a blank line
            if len(row) > width:
                raise LakeError(
                    f"{shown} line {reader.line_num} has {len(row)} fields, the header {width}",
                    "quote values that contain the delimiter, or fix the header",
                )
            if len(row) < width:
                row += [""] * (width - len(row))
            yield dict(zip(keys, row, strict=True))
    except csv.Error as err:
        raise LakeError(
            f"{shown} line {reader.line_num} is not valid CSV ({err})", _FORMATS_HINT
        ) from None


def _unique_header(header: list[str]) -> list[str]:
    """Header names as written; a blank one becomes column_N, a repeat gets _2, _3 ..."""
    keys: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(header, start=1):
        key = raw if raw.strip() else f"column_{index}"
        candidate, n = key, 1
        while candidate in seen:
            n += 1
            candidate = f"{key}_{n}"
        seen.add(candidate)
        keys.append(candidate)
    return keys


def _json_records(body: bytes, shown: str) -> list[Record]:
    try:
        value = orjson.loads(body.removeprefix(_BOM))
    except orjson.JSONDecodeError as err:
        raise LakeError(f"{shown} is not valid JSON ({err})", _FORMATS_HINT) from None
    if isinstance(value, dict):
        lists = [key for key, item in value.items() if isinstance(item, list)]
        hint = (
            f"the records may be the array under '{lists[0]}': save just that array"
            if lists
            else _FORMATS_HINT
        )
        raise LakeError(f"{shown} holds a JSON object, not an array of records", hint)
    if not isinstance(value, list):
        raise LakeError(f"{shown} does not hold JSON records", _FORMATS_HINT)
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise LakeError(f"{shown}: item {index} of the array is not an object", _FORMATS_HINT)
    return value


def _ndjson_records(stream: IO[bytes], shown: str) -> Iterator[Record]:
    for number, line in enumerate(stream, start=1):
        data = line.removeprefix(_BOM) if number == 1 else line
        if not data.strip():
            continue
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError as err:
            raise LakeError(
                f"{shown} line {number} is not JSON ({err.msg})",
                "NDJSON needs one complete JSON object per line",
            ) from None
        if not isinstance(value, dict):
            raise LakeError(
                f"{shown} line {number} is not a JSON object",
                "NDJSON needs one complete JSON object per line",
            )
        yield value


def _pages(records: Iterator[Record], size: int) -> Iterator[Page]:
    page: Page = []
    for record in records:
        page.append(record)
        if len(page) >= size:
            yield page
            page = []
    if page:
        yield page


# --- names ------------------------------------------------------------------------------

_ACRONYM_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z])([A-Z])")
_DIGIT_WORD = re.compile(r"([0-9])([A-Z][a-z])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_MAX_NAME = 255  # Glue's limit for a column name


def to_snake_case(name: str) -> str:
    """A Glue/Athena-friendly column name: `Points Per Game` -> points_per_game, `PlayerID` ->
    player_id, `FG%` -> fg_pct, `3PM` -> col_3pm. Accents are folded to ASCII; a name with
    nothing usable left becomes "" (callers pick a positional name)."""
    text = name.replace("%", " pct ").replace("#", " num ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _ACRONYM_WORD.sub(r"\1_\2", text)
    text = _LOWER_UPPER.sub(r"\1_\2", text)
    text = _DIGIT_WORD.sub(r"\1_\2", text)
    snake = _NOT_ALNUM.sub("_", text.lower()).strip("_")
    if snake[:1].isdigit():
        snake = f"col_{snake}"
    return snake[:_MAX_NAME].rstrip("_")


# --- types ------------------------------------------------------------------------------

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
# Leading zeros ("007", "02134") mark identifiers, which a number type would mangle.
_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)")  # no "+": Arrow will not parse it as an int
_FLOAT_TEXT = re.compile(r"[+-]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIMESTAMP_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)
_NUMERIC = frozenset({"int", "bigint", "double"})
_TEMPORAL = frozenset({"date", "timestamp"})


def _int_kind(value: int) -> str:
    if _INT32[0] <= value <= _INT32[1]:
        return "int"
    return "bigint" if _INT64[0] <= value <= _INT64[1] else "string"


def _text_kind(text: str) -> str | None:
    """The narrowest type that holds a string value as written; None for an empty one."""
    if not text:
        return None
    if _INT_TEXT.fullmatch(text):
        return _int_kind(int(text))
    if _FLOAT_TEXT.fullmatch(text):
        return "double"
    if text.lower() in ("true", "false"):
        return "boolean"
    if _DATE_TEXT.fullmatch(text):
        return "date" if _valid(date.fromisoformat, text) else "string"
    if _TIMESTAMP_TEXT.fullmatch(text):
        return "timestamp" if _valid(datetime.fromisoformat, text) else "string"
    return "string"


def _valid(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _kind(value: object) -> str | None:
    """A value's type: JSON types map directly, strings by what they hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return _int_kind(value)
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return _text_kind(value)
    return "string"  # a nested object or array: kept as its JSON text


def _merge(kinds: set[str]) -> str:
    """One type for everything a column holds; anything inconsistent is a string."""
    if not kinds or "string" in kinds:
        return "string"
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds <= _NUMERIC:
        return "double" if "double" in kinds else "bigint"
    if kinds <= _TEMPORAL:
        return "timestamp"
    return "string"


class SchemaInference:
    """Infers columns incrementally, so the pipeline can feed pages as it streams them."""

    def __init__(self) -> None:
        self._kinds: dict[str, set[str]] = {}

    def update(self, records: Iterable[Record]) -> None:
        kinds = self._kinds
        for record in records:
            for key, value in record.items():
                seen = kinds.get(key)
                if seen is None:
                    seen = kinds[key] = set()
                elif "string" in seen:
                    continue  # already as wide as it gets
                kind = _kind(value)
                if kind is not None:
                    seen.add(kind)

    def columns(self) -> list[InferredColumn]:
        """Columns in first-seen key order, with unique snake_case names."""
        columns: list[InferredColumn] = []
        used: set[str] = set()
        for position, (key, kinds) in enumerate(self._kinds.items(), start=1):
            base = to_snake_case(str(key)) or f"column_{position}"
            name, n = base, 1
            while name in used:
                n += 1
                name = f"{base}_{n}"
            used.add(name)
            columns.append(InferredColumn(name=name, source_key=key, type=_merge(kinds)))
        return columns


def infer_columns(records: Iterable[Record]) -> list[InferredColumn]:
    """Columns for records: snake_case names and Hive types inferred over every value.

    int/bigint, double, boolean, date (YYYY-MM-DD), timestamp (ISO 8601), else string.
    Nulls and empty strings say nothing; ints mixed with doubles widen to double, dates with
    timestamps to timestamp, anything else mixed falls back to string.
    """
    inference = SchemaInference()
    inference.update(records)
    return inference.columns()
