"""Joda-Time patterns (Athena's `format_datetime`, `parse_datetime`) as DuckDB strftime formats.

sqlglot converts MySQL-style `date_format` patterns, but passes Joda patterns through
unchanged, and DuckDB does not know them; this is the one place that does.
"""

from __future__ import annotations

#: Pattern letter -> {run length: strftime directive}; None as length means "any other".
_JODA: dict[str, dict[int | None, str]] = {
    "y": {2: "%y", None: "%Y"},
    "Y": {2: "%y", None: "%Y"},
    "x": {None: "%G"},
    "M": {1: "%-m", 2: "%m", 3: "%b", None: "%B"},
    "d": {1: "%-d", 2: "%d"},
    "H": {1: "%-H", 2: "%H"},
    "h": {1: "%-I", 2: "%I"},
    "m": {1: "%-M", 2: "%M"},
    "s": {1: "%-S", 2: "%S"},
    "S": {3: "%g", 6: "%f", 9: "%n"},
    "E": {1: "%a", 2: "%a", 3: "%a", None: "%A"},
    "a": {None: "%p"},
    "D": {1: "%-j", 3: "%j"},
    "w": {2: "%V"},
    "e": {1: "%u"},
    "z": {None: "%Z"},
    "Z": {1: "%z"},
}


class PatternError(ValueError):
    """A Joda pattern letter (or run length) DuckDB has no equivalent for."""


def _directive(letter: str, count: int) -> str:
    forms = _JODA.get(letter)
    if forms is None:
        raise PatternError(f"pattern letter '{letter}'")
    found = forms.get(count, forms.get(None))
    if found is None:
        raise PatternError(f"pattern '{letter * count}'")
    return found


def joda_to_strftime(pattern: str) -> str:
    """`yyyy-MM-dd HH:mm:ss` -> `%Y-%m-%d %H:%M:%S`; quoted text stays literal."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if pattern.startswith("''", i):
            out.append("'")
            i += 2
        elif char == "'":
            end = i + 1
            literal: list[str] = []
            while end < n:
                if pattern.startswith("''", end):
                    literal.append("'")
                    end += 2
                elif pattern[end] == "'":
                    break
                else:
                    literal.append(pattern[end])
                    end += 1
            if end >= n:
                raise PatternError("unterminated quote")
            out.append("".join(literal).replace("%", "%%"))
            i = end + 1
        elif char.isascii() and char.isalpha():
            run = i
            while run < n and pattern[run] == char:
                run += 1
            out.append(_directive(char, run - i))
            i = run
        else:
            out.append("%%" if char == "%" else char)
            i += 1
    return "".join(out)
