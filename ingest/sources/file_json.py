"""JSON records: an array of objects or one object per line (NDJSON), streamed.

A file that is one object wrapping the records (`{"players": [...]}`) is refused with the
line, pretty-printed or not; so are records nested past MAX_NESTING levels.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import partial
from json.scanner import make_scanner
from pathlib import Path
from typing import IO, Any, Final

import orjson

from ingest.errors import LakeError
from ingest.sources.base import Page, Record
from ingest.sources.file_records import (
    BOM,
    FORMATS_HINT,
    MAX_NESTING,
    MAX_RECORD_BYTES,
    UTF8_HINT,
    KeyCheck,
    Pager,
    check_nesting,
    records_key,
    too_long,
)

_CHUNK: Final = 64 * 1024
_NDJSON_HINT: Final = "NDJSON needs one complete JSON object per line"
_NOT_SPACE = re.compile(r"[^ \t\r\n]")
#: after an item: white space, a comma or the closing bracket, white space
_SEPARATOR = re.compile(r"[ \t\r\n]*([,\]])[ \t\r\n]*")


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
                    raise too_long(self.shown, self.line_at(self.pos)) from None
                if at_end:
                    raise self._truncated() from None
                raise self._invalid(index, err.pos, err.msg) from None
            except ValueError as err:  # NaN, Infinity
                raise self._invalid(index, self.pos, str(err)) from None
            except RecursionError:
                raise self._invalid(index, self.pos, "nested too deeply") from None
            if end - self.pos > MAX_RECORD_BYTES:
                raise too_long(self.shown, self.line_at(self.pos))
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


def json_pages(path: Path, head: bytes, shown: str, pager: Pager) -> Iterator[Page]:
    if head.removeprefix(BOM).lstrip().startswith(b"{"):
        key = records_key(head)
        raise LakeError(
            f"{shown} holds a JSON object, not an array of records",
            f"the records may be the array under '{key}': save just that array"
            if key is not None
            else FORMATS_HINT,
        )
    keys = KeyCheck(shown)
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
                    check_nesting(value, shown, array.item_line)
                count += 1
                full = pager.add(value, size)
                if full:
                    yield full
        except UnicodeDecodeError:
            raise LakeError(f"{shown} is not UTF-8 text", UTF8_HINT) from None
    if not count:
        raise LakeError(f"{shown} holds an empty JSON array", "give a file with some records")
    if pager.page:
        yield pager.page


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


def ndjson_pages(path: Path, shown: str, pager: Pager, *, declared: bool) -> Iterator[Page]:
    """One object per line. A file that is one object wrapping an array of records (`{"players":
    [...]}` on one line) is refused, unless the file says it is NDJSON (.ndjson, .jsonl) and the
    object holds more than the array."""
    keys = KeyCheck(shown)
    first: tuple[Record, int] | None = None
    count = 0
    with path.open("rb") as stream:
        for number, line in enumerate(iter(partial(stream.readline, MAX_RECORD_BYTES + 1), b""), 1):
            if len(line) > MAX_RECORD_BYTES:
                raise too_long(shown, number, data=line)
            data = line.removeprefix(BOM) if number == 1 else line
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
                check_nesting(value, shown, number)
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
