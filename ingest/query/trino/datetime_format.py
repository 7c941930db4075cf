"""Trino's two date format languages for DuckDB's strftime.

- `date_format` takes MySQL specifiers (%Y-%m-%d %H:%i:%s); Trino refuses a few (%D %U %u
  %V %w %X) and reads an unknown one as its letter.
- `format_datetime` takes Joda-Time patterns (yyyy-MM-dd HH:mm:ss); the zone letters
  (Z, ZZ, ZZZ, z) need the value's zone, so they come back as separate pieces.
"""

from __future__ import annotations

from ingest.query.datetime_patterns import PatternError, joda_to_strftime

_MYSQL = {
    "a": "%a",
    "b": "%b",
    "c": "%-m",
    "d": "%d",
    "e": "%-d",
    "f": "%f",
    "H": "%H",
    "h": "%I",
    "I": "%I",
    "i": "%M",
    "j": "%j",
    "k": "%-H",
    "l": "%-I",
    "M": "%B",
    "m": "%m",
    "p": "%p",
    "r": "%I:%M:%S %p",
    "S": "%S",
    "s": "%S",
    "T": "%H:%M:%S",
    "v": "%V",
    "W": "%A",
    "x": "%G",
    "Y": "%Y",
    "y": "%y",
    "%": "%%",
}
#: MySQL specifiers Trino's date_format rejects.
MYSQL_UNSUPPORTED = frozenset("DUuVwX")


class FormatProblem(ValueError):
    """A specifier Trino rejects (the message is Trino's)."""


def mysql_to_strftime(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        ch = pattern[index]
        if ch != "%" or index + 1 >= len(pattern):
            out.append("%%" if ch == "%" else ch)
            index += 1
            continue
        code = pattern[index + 1]
        if code in MYSQL_UNSUPPORTED:
            raise FormatProblem(f"%{code} not supported in date format string")
        out.append(_MYSQL.get(code, code))
        index += 2
    return "".join(out)


def joda_pieces(pattern: str) -> list[tuple[str, str]]:
    """The pattern as ('strftime', format) and ('zone', letters) pieces, in order."""
    pieces: list[tuple[str, str]] = []
    current: list[str] = []
    index = 0
    while index < len(pattern):
        ch = pattern[index]
        if ch == "'":
            end = index + 1
            while end < len(pattern):
                if pattern.startswith("''", end):
                    end += 2
                    continue
                if pattern[end] == "'":
                    break
                end += 1
            current.append(pattern[index : end + 1])
            index = end + 1
            continue
        if ch in "Zz":
            run = index
            while run < len(pattern) and pattern[run] == ch:
                run += 1
            if current:
                pieces.append(("strftime", joda_to_strftime("".join(current))))
                current = []
            pieces.append(("zone", pattern[index:run]))
            index = run
            continue
        current.append(ch)
        index += 1
    if current:
        pieces.append(("strftime", joda_to_strftime("".join(current))))
    return pieces


__all__ = ["FormatProblem", "PatternError", "joda_pieces", "mysql_to_strftime"]
