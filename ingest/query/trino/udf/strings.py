"""Python functions for string.html: soundex, luhn_check, normalize, from_utf8, strpos with
an instance, Java's per-character upper case."""

from __future__ import annotations

import unicodedata

from ingest.query.trino.udf import invalid, udf

_SOUNDEX = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}


@udf("athena_soundex", ["VARCHAR"], "VARCHAR")
def soundex(text: str) -> str:
    """American Soundex as Apache Commons Codec computes it (H and W do not separate)."""
    letters = [ch for ch in text.upper() if "A" <= ch <= "Z"]
    if not letters:
        return ""
    out = [letters[0]]
    last = _SOUNDEX.get(letters[0], "")
    for ch in letters[1:]:
        code = _SOUNDEX.get(ch, "")
        if ch in "HW":
            continue
        if code and code != last:
            out.append(code)
        last = code
        if len(out) == 4:
            break
    return "".join(out).ljust(4, "0")


@udf("athena_luhn_check", ["VARCHAR"], "BOOLEAN")
def luhn_check(text: str) -> bool:
    if not text:
        return False
    if not text.isdigit() or not text.isascii():
        raise invalid(f"Input string must contain only digits: {text}")
    total = 0
    for index, ch in enumerate(reversed(text)):
        digit = int(ch)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


@udf("athena_normalize", ["VARCHAR", "VARCHAR"], "VARCHAR")
def normalize(text: str, form: str) -> str:
    if form.upper() not in ("NFC", "NFD", "NFKC", "NFKD"):
        raise invalid(f"Normalization form must be one of [NFD, NFC, NFKD, NFKC]: {form}")
    return unicodedata.normalize(form.upper(), text)  # type: ignore[arg-type]


@udf("athena_from_utf8", ["BLOB", "VARCHAR"], "VARCHAR")
def from_utf8(data: bytes, replacement: str) -> str:
    return bytes(data).decode("utf-8", errors="replace").replace("\ufffd", replacement)


@udf("athena_strpos", ["VARCHAR", "VARCHAR", "BIGINT"], "BIGINT")
def strpos(text: str, part: str, instance: int) -> int:
    """The position of the instance-th occurrence (from the end when negative), else 0."""
    positions = []
    start = 0
    while True:
        found = text.find(part, start)
        if found < 0:
            break
        positions.append(found + 1)
        start = found + 1
        if not part and start > len(text):
            break
    if abs(instance) > len(positions):
        return 0
    return positions[instance - 1] if instance > 0 else positions[instance]


@udf("athena_upper", ["VARCHAR"], "VARCHAR")
def upper(text: str) -> str:
    """Java's per-character upper case: a character without a one-character capital stays."""
    return "".join(ch if len(ch.upper()) != 1 else ch.upper() for ch in text)


@udf("athena_substr_binary", ["BLOB", "BIGINT", "BIGINT"], "BLOB", special_nulls=True)
def substr_binary(data: bytes | None, start: int | None, length: int | None) -> bytes | None:
    if data is None or start is None:
        return None
    data = bytes(data)
    size = len(data)
    if start == 0 or -start > size or (length is not None and length <= 0):
        return b""
    begin = start - 1 if start > 0 else size + start
    end = size if length is None else min(size, begin + length)
    return data[begin:end]
