"""Literals typed as Trino types them.

`1` is integer (bigint past 2^31), `1.5` is decimal(2,1) (precision counts digits without
leading zeros), `1e0` is double, `'cat'` is varchar(3), `X'AB'` varbinary, and the typed
literals `DATE '...'`, `TIMESTAMP '...'` (precision from its fraction; a zone makes it
`with time zone`), `DECIMAL '...'` (leading zeros count), `BIGINT '5'`, `INTERVAL '2' DAY`,
`JSON '...'`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlglot import exp

from ingest.query.trino import duck, zones
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.context import Context, Typed
from ingest.query.trino.types import TrinoType

INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
_DECIMAL = re.compile(r"^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$")
_TIMESTAMP = re.compile(
    r"^\s*(\d{4,})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?"
    r"\s*(.*?)\s*$"
)
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?\s*$")


def number(node: exp.Literal, ctx: Context) -> Typed:
    text = node.this
    if "e" in text.lower():
        return Typed(duck.cast_to(duck.number(text), "DOUBLE"), t.DOUBLE, float(text))
    if "." in text:
        return decimal_literal(text, node, leading_zeros=False)
    value = int(text)
    if value <= INT_MAX:
        return Typed(duck.number(text), t.INTEGER, value)
    if value <= BIGINT_MAX:
        return Typed(duck.cast_to(duck.number(text), "BIGINT"), t.BIGINT, value)
    raise err.error(err.INVALID_LITERAL, f"Invalid numeric literal: {text}", node)


def decimal_literal(text: str, node: exp.Expr, *, leading_zeros: bool) -> Typed:
    """A decimal literal's type: digits (with or without leading zeros) and scale."""
    match = _DECIMAL.match(text)
    if match is None or not (match.group(2) or match.group(3)):
        raise err.error(err.INVALID_LITERAL, f"'{text}' is not a valid decimal literal", node)
    sign, integral, fraction = match.group(1), match.group(2), match.group(3) or ""
    if not leading_zeros:
        integral = integral.lstrip("0")
    precision = max(1, len(integral) + len(fraction))
    if precision > t.MAX_PRECISION:
        raise err.error(err.INVALID_LITERAL, f"decimal literal {text} has too many digits", node)
    scale = len(fraction)
    value = f"{sign}{integral or '0'}.{fraction}" if fraction else f"{sign}{integral or '0'}"
    kind = t.decimal(precision, scale)
    return Typed(duck.cast(duck.string(value), kind), kind, value)


def string(text: str) -> Typed:
    return Typed(duck.string(text), t.varchar(len(text)), text)


def unicode_string(node: exp.UnicodeString) -> Typed:
    """U&'...' with \\XXXX and \\+XXXXXX escapes."""
    raw = str(node.this)

    def decode(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        return "\\" if match.group(0) == "\\\\" else chr(int(code, 16))

    text = re.sub(r"\\\+([0-9A-Fa-f]{6})|\\([0-9A-Fa-f]{4})|\\\\", decode, raw)
    return string(text)


def hex_string(node: exp.HexString) -> Typed:
    digits = str(node.this)
    if len(digits) % 2:
        raise err.error(
            err.SYNTAX_ERROR,
            "Binary literal can only contain hexadecimal digits and must have an even number of "
            "them",
            node,
        )
    return Typed(duck.call("unhex", duck.string(digits)), t.VARBINARY, bytes.fromhex(digits))


def _fraction_precision(fraction: str | None) -> int:
    return len(fraction or "")


def timestamp_literal(text: str, node: exp.Expr, ctx: Context) -> Typed:
    """TIMESTAMP '2001-08-22 03:04:05.321[ zone]': precision from the fraction's digits."""
    match = _TIMESTAMP.match(text)
    if match is None:
        raise err.error(err.INVALID_LITERAL, f"'{text}' is not a valid timestamp literal", node)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    precision = _fraction_precision(fraction)
    if precision > 6:
        raise err.not_supported(
            f"TIMESTAMP '{text}' with precision {precision}",
            node,
            "the local engine keeps timestamps to the microsecond",
        )
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        raise err.error(
            err.INVALID_LITERAL, f"'{text}' is not a valid timestamp literal", node
        ) from None
    micros = (fraction or "").ljust(6, "0")[:6]
    local = f"{moment:%Y-%m-%d %H:%M:%S}.{micros}"
    if not zone:
        kind = t.timestamp(precision)
        return Typed(duck.cast_to(duck.string(local), "TIMESTAMP"), kind, local)
    key = zones.zone_key(zone)
    if key is None:
        raise err.error(err.INVALID_LITERAL, f"Time zone not supported: {zone}", node)
    kind = t.timestamp_tz(precision)
    sql = zones.from_local(duck.cast_to(duck.string(local), "TIMESTAMP"), key)
    return Typed(sql, kind, f"{local} {key}")


def date_literal(text: str, node: exp.Expr) -> Typed:
    match = re.match(r"^\s*(\d{4,})-(\d{1,2})-(\d{1,2})\s*$", text)
    try:
        if match is None:
            raise ValueError
        value = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise err.error(
            err.INVALID_LITERAL, f"'{text}' is not a valid date literal", node
        ) from None
    return Typed(duck.cast_to(duck.string(value.isoformat()), "DATE"), t.DATE, value)


def time_literal(text: str, node: exp.Expr) -> Typed:
    match = _TIME.match(text)
    if match is None:
        raise err.error(err.INVALID_LITERAL, f"'{text}' is not a valid time literal", node)
    hour, minute, second, fraction = match.groups()
    precision = _fraction_precision(fraction)
    if precision > 6:
        raise err.not_supported(f"TIME '{text}' with precision {precision}", node)
    micros = (fraction or "").ljust(6, "0")[:6]
    value = f"{int(hour):02d}:{int(minute):02d}:{int(second or 0):02d}.{micros}"
    return Typed(duck.cast_to(duck.string(value), "TIME"), t.time(precision), value)


_DAY_UNITS = {"DAY": 86_400_000, "HOUR": 3_600_000, "MINUTE": 60_000, "SECOND": 1_000}
_MONTH_UNITS = {"YEAR": 12, "MONTH": 1}


def _unit_names(unit: exp.Expr | None) -> tuple[str, str | None]:
    if isinstance(unit, exp.IntervalSpan):
        return unit.this.name.upper(), unit.expression.name.upper()
    return (unit.name.upper() if unit is not None else "DAY"), None


def interval_literal(node: exp.Interval) -> Typed:
    """INTERVAL '2' DAY -> milliseconds; INTERVAL '3' YEAR -> months (Trino's own units)."""
    value = node.this
    text = value.name if isinstance(value, exp.Literal) else None
    if text is None:
        raise err.not_supported("an INTERVAL whose value is not a string literal", node)
    first, last = _unit_names(node.args.get("unit"))
    text = text.strip()
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").strip()
    try:
        if first in _MONTH_UNITS:
            if last == "MONTH":
                years, _, months = body.partition("-")
                amount = int(years) * 12 + int(months or 0)
            else:
                amount = int(body) * _MONTH_UNITS[first]
            months_value = sign * amount
            return Typed(
                duck.cast_to(duck.number(months_value), "INTEGER"), t.INTERVAL_MONTH, months_value
            )
        millis = _day_millis(body, first, last)
    except (ValueError, KeyError):
        raise err.error(
            err.INVALID_LITERAL, f"Invalid INTERVAL {first} value: {text}", node
        ) from None
    millis_value = sign * millis
    return Typed(duck.cast_to(duck.number(millis_value), "BIGINT"), t.INTERVAL_DAY, millis_value)


def _day_millis(body: str, first: str, last: str | None) -> int:
    if last is None:
        if first == "SECOND":
            return round(float(body) * 1000)
        return int(body) * _DAY_UNITS[first]
    # DAY TO SECOND '2 03:04:05.321', HOUR TO MINUTE '3:04', ...
    units = ["DAY", "HOUR", "MINUTE", "SECOND"]
    wanted = units[units.index(first) : units.index(last) + 1]
    parts = re.split(r"[ :]", body)
    if len(parts) != len(wanted):
        raise ValueError(body)
    total = 0
    for unit, part in zip(wanted, parts, strict=True):
        total += round(float(part) * 1000) if unit == "SECOND" else int(part) * _DAY_UNITS[unit]
    return total


def typed_literal(kind: TrinoType, text: str, node: exp.Expr, ctx: Context) -> Typed | None:
    """`DATE '...'`, `DECIMAL '...'`, `TIMESTAMP '...'`, `BIGINT '5'`...: the literal's value
    and type, or None for a type whose literal means a CAST (those are cast normally)."""
    if kind.base == "date":
        return date_literal(text, node)
    if kind.base in ("timestamp", "timestamp with time zone"):
        return timestamp_literal(text, node, ctx)
    if kind.base == "time":
        return time_literal(text, node)
    if kind.base == "decimal":
        return decimal_literal(text, node, leading_zeros=True)
    return None
