"""Trino's time zone keys, and `timestamp with time zone` values in DuckDB.

Trino keeps a zone with each such value and prints it ('2012-10-30 18:00:00.000
America/Los_Angeles'); DuckDB's TIMESTAMPTZ keeps only the instant. Here a value is a
STRUCT(ts TIMESTAMPTZ, tz VARCHAR): the instant and Trino's zone key (a region name,
'UTC', or an offset like '+05:30'). DuckDB's ICU names an offset zone 'GMT+05:30'.
"""

from __future__ import annotations

import re
from functools import lru_cache
from zoneinfo import available_timezones

from sqlglot import exp

from ingest.query.trino import duck

_UTC_ALIASES = frozenset(
    s.lower()
    for s in (
        "UTC",
        "Z",
        "GMT",
        "UT",
        "Zulu",
        "Universal",
        "Etc/UTC",
        "Etc/GMT",
        "Etc/UCT",
        "Etc/Universal",
        "Etc/Zulu",
        "UCT",
        "Etc/Greenwich",
        "Greenwich",
        "GMT0",
        "Etc/GMT0",
        "Etc/GMT+0",
        "Etc/GMT-0",
    )
)
_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$", re.I)


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def zone_key(text: str) -> str | None:
    """Trino's key for a zone ('+13' -> '+13:00', 'z' -> 'UTC'); None if it is not one."""
    stripped = text.strip()
    lowered = stripped.lower()
    if lowered in _UTC_ALIASES:
        return "UTC"
    match = _OFFSET.match(stripped)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if hours > 14 or minutes > 59:
            return None
        if hours == minutes == 0:
            return "UTC"
        return f"{sign}{hours:02d}:{minutes:02d}"
    return _regions().get(lowered)


def offset_key(minutes: int) -> str:
    """An offset in minutes as Trino's zone key."""
    if minutes == 0:
        return "UTC"
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def icu(zone: exp.Expr) -> exp.Expr:
    """A zone key as DuckDB's ICU names it (offsets get a 'GMT' prefix)."""
    if isinstance(zone, exp.Literal) and zone.is_string:
        key = zone.this
        return duck.string(f"GMT{key}" if key[:1] in "+-" else key)
    return duck.template(
        "CASE WHEN left({0}, 1) IN ('+', '-') THEN 'GMT' || {0} ELSE {0} END", zone
    )


def pack(instant: exp.Expr, zone: exp.Expr) -> exp.Expr:
    """The struct for an instant (TIMESTAMPTZ) shown in `zone`."""
    return duck.template(f"CAST({{'ts': {{0}}, 'tz': {{1}}}} AS {duck.TZ_STRUCT})", instant, zone)


def from_local(naive: exp.Expr, key: str) -> exp.Expr:
    """A wall-clock TIMESTAMP in zone `key` as a timestamp with time zone."""
    instant = duck.call("timezone", icu(duck.string(key)), naive)
    return pack(instant, duck.string(key))


def instant(value: exp.Expr) -> exp.Expr:
    return duck.call("struct_extract", value, duck.string("ts"))


def zone_of(value: exp.Expr) -> exp.Expr:
    return duck.call("struct_extract", value, duck.string("tz"))


def local(value: exp.Expr) -> exp.Expr:
    """The wall-clock TIMESTAMP a timestamp with time zone shows."""
    return duck.call("timezone", icu(zone_of(value)), instant(value))


def with_local(value: exp.Expr, naive: exp.Expr) -> exp.Expr:
    """A new wall-clock time in the same zone as `value` (for calendar arithmetic)."""
    zone = zone_of(value)
    return pack(duck.call("timezone", icu(zone), naive), zone)
