"""`+` and `-` on dates, times, timestamps and intervals, as Trino computes them.

Intervals are held in Trino's units (milliseconds for day-to-second, months for
year-to-month). Adding hours moves the instant; adding days or months to a timestamp with
time zone moves the wall clock in its zone (so DST is honoured both ways); month
arithmetic clamps to the month's last day (Jan 31 + 1 month = Feb 28/29).
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck, zones
from ingest.query.trino import types as t
from ingest.query.trino.context import Context, Typed

_DAY = "interval day to second"
_MONTH = "interval year to month"


def millis(amount: exp.Expr) -> exp.Expr:
    return duck.call("to_milliseconds", amount)


def months(amount: exp.Expr) -> exp.Expr:
    return duck.call("to_months", amount)


def shift(value: Typed, interval: Typed, sign: str) -> Typed | None:
    """`value` moved by `interval` (sign '+' or '-'), or None when Trino has no such operator."""
    base, unit = value.type.base, interval.type.base
    amount = interval.sql if sign == "+" else duck.template("-{0}", interval.sql)
    step = millis(amount) if unit == _DAY else months(amount)
    if base == "date":
        moved = duck.template("CAST(CAST({0} AS TIMESTAMP) + {1} AS DATE)", value.sql, step)
        return Typed(moved, t.DATE)
    if base == "timestamp":
        return Typed(duck.template("{0} + {1}", value.sql, step), value.type)
    if base == "time":
        if unit != _DAY:
            return None
        return Typed(duck.template("{0} + {1}", value.sql, step), value.type)
    if base == "timestamp with time zone":
        if unit == _DAY:
            moved = zones.pack(
                duck.template("{0} + {1}", zones.instant(value.sql), step), zones.zone_of(value.sql)
            )
        else:
            moved = zones.with_local(
                value.sql, duck.template("{0} + {1}", zones.local(value.sql), step)
            )
        return Typed(moved, value.type)
    return None


def _micros(value: Typed) -> exp.Expr:
    if value.type.base == "timestamp with time zone":
        return duck.call("epoch_us", zones.instant(value.sql))
    if value.type.base == "date":
        return duck.call("epoch_us", duck.cast_to(value.sql, "TIMESTAMP"))
    return duck.call("epoch_us", value.sql)


def arithmetic(ctx: Context, op: str, left: Typed, right: Typed) -> Typed | None:
    a, b = left.type.base, right.type.base
    intervals = (_DAY, _MONTH)
    if a in intervals and b == a and op in "+-":
        return Typed(duck.template(f"{{0}} {op} {{1}}", left.sql, right.sql), left.type)
    if b in intervals and a not in intervals and op in "+-":
        return shift(left, right, op)
    if a in intervals and b not in intervals and op == "+":
        return shift(right, left, "+")
    if op == "-" and a == b and a in ("date", "timestamp", "timestamp with time zone"):
        diff = duck.template("({0} - {1}) // 1000", _micros(left), _micros(right))
        return Typed(diff, t.INTERVAL_DAY)
    if op in "*/" and (a in intervals) != (b in intervals):
        interval, factor = (left, right) if a in intervals else (right, left)
        if not factor.type.is_numeric or (op == "/" and factor is left):
            return None
        kind = interval.type
        scaled = duck.template(
            f"CAST(round(CAST({{0}} AS DOUBLE) {op} {{1}}) AS "
            f"{'BIGINT' if kind.base == _DAY else 'INTEGER'})",
            interval.sql,
            factor.sql,
        )
        return Typed(scaled, kind)
    return None
