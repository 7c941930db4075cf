"""Python functions for conversion.html and the JSON/double text Trino prints."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal

from ingest.query.trino import java_text
from ingest.query.trino.udf import invalid, udf

# -- numbers as text -----------------------------------------------------------------------------


@udf("athena_double_text", ["DOUBLE"], "VARCHAR")
def double_text(value: float) -> str:
    return java_text.scientific(value)


@udf("athena_real_text", ["FLOAT"], "VARCHAR")
def real_text(value: float) -> str:
    return java_text.scientific(value, single=True)


@udf("athena_double_repr", ["DOUBLE"], "VARCHAR")
def double_repr(value: float) -> str:
    return repr(value)


# -- conversion ------------------------------------------------------------------------------------


def _format_value(tagged: str | None) -> object:
    if tagged is None:
        return None
    tag, text = tagged[0], tagged[1:]
    if tag == "s":
        return text
    if tag == "b":
        return text.lower() == "true"
    if tag == "i":
        return int(text)
    if tag == "n":
        return Decimal(text)
    if tag == "f":
        return float(text)
    if tag == "D":
        return date.fromisoformat(text)
    if tag == "T":
        return datetime.fromisoformat(text)
    return text


@udf("athena_format", ["VARCHAR", "VARCHAR[]"], "VARCHAR")
def format_(pattern: str, args: list[str | None]) -> str:
    try:
        return java_text.java_format(pattern, [_format_value(a) for a in args])
    except java_text.FormatError as err:
        raise invalid(str(err)) from None


_NUMBER_UNITS = ((1e15, "Q"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


@udf("athena_format_number", ["DOUBLE"], "VARCHAR")
def format_number(value: float) -> str:
    """Trino: three significant digits with a K/M/B/T/Q suffix ('12.3K', '1M')."""
    magnitude = abs(value)
    suffix, scale = "", 1.0
    for limit, name in _NUMBER_UNITS:
        if magnitude >= limit:
            suffix, scale = name, limit
            break
    scaled = Decimal(repr(value / scale))
    digits = scaled.adjusted() + 1
    rounded = scaled.quantize(Decimal(1).scaleb(min(0, digits - 3)), rounding="ROUND_HALF_UP")
    text = f"{rounded.normalize():f}"
    return f"{text}{suffix}"


_SIZE_UNITS = {"B": 0, "kB": 1, "MB": 2, "GB": 3, "TB": 4, "PB": 5, "EB": 6, "ZB": 7, "YB": 8}


@udf("athena_parse_data_size", ["VARCHAR"], "DECIMAL(38,0)")
def parse_data_size(text: str) -> Decimal:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*", text)
    if match is None or match.group(2) not in _SIZE_UNITS:
        raise invalid(f"Invalid data size: '{text}'")
    value = Decimal(match.group(1)) * (Decimal(1024) ** _SIZE_UNITS[match.group(2)])
    return value.quantize(Decimal(1), rounding=ROUND_DOWN)
