"""What every reader of a user's file shares: the limits on a record, pages bounded by
count and size, and the checks on the keys a file uses.

Memory is bounded by a page (`page_size` records or `PAGE_BYTES` of input, whichever
comes first) plus one record: a line or record longer than `MAX_RECORD_BYTES` is refused
with its line number, whatever the format, so a 5 GB file with no line break costs no
more than a small one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from ingest.errors import LakeError
from ingest.sources.base import Page, Record
from ingest.sources.file_schema import MAX_COLUMNS

#: The longest line or record taken: DuckDB's JSON reader (the local raw tables) reads
#: records up to 16 MiB, and Athena's rows stop at 32 MB.
MAX_RECORD_BYTES: Final = 16 * 1024 * 1024
#: The deepest nesting taken (each object or array inside another is a level): raw
#: records are written back as JSON, and JSON writers give up a few hundred levels down.
MAX_NESTING: Final = 64
#: A page closes at this much input even before `page_size` records.
PAGE_BYTES: Final = 32 * 1024 * 1024
#: how much of a file decides its format (and whether it is text at all)
SNIFF_BYTES: Final = 64 * 1024
FORMATS_HINT: Final = "use a .csv, .json (an array of objects) or .ndjson file, saved as UTF-8"
UTF8_HINT: Final = "save it as UTF-8 (in Excel: 'CSV UTF-8')"
BOM: Final = b"\xef\xbb\xbf"

_JSON_KEY = r'"((?:[^"\\]|\\.)*)"\s*:\s*\['
#: `"players": [{` (an array of objects) first, else any array, for the "save that array" hint
_RECORDS_ARRAY = (re.compile(_JSON_KEY + r"\s*\{"), re.compile(_JSON_KEY))
_MIB = 1024 * 1024


class Pager:
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


class KeyCheck:
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


def check_nesting(value: Any, shown: str, line: int | Callable[[], int]) -> None:
    if _nests_too_deep(value):
        raise LakeError(
            f"{shown} line {_number(line)} holds values nested more than {MAX_NESTING} levels deep",
            "flatten that record; the lake keeps records of at most that depth",
        )


def too_long(shown: str, line: int, *, data: bytes = b"", open_quote: bool = False) -> LakeError:
    cap = f"{MAX_RECORD_BYTES // _MIB} MiB"
    key = records_key(data[:SNIFF_BYTES]) if data else None
    if key is not None:
        hint = f"it looks like one JSON object holding the records in '{key}': save just that array"
    elif open_quote:
        hint = "the record runs over several lines: a quote opened there may never close"
    else:
        hint = "records are limited to that size: shorten or split it"
    return LakeError(f"{shown} line {line} starts a record longer than {cap}", hint)


def records_key(text: bytes | str) -> str | None:
    """The key of the first array in a JSON object's text (of objects, if there is one)."""
    data = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else text
    for pattern in _RECORDS_ARRAY:
        match = pattern.search(data)
        if match:
            return match.group(1)
    return None
