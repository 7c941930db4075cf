"""Python functions for datetime.html: Trino's parsers (ISO 8601, MySQL-style date_parse,
Joda-style parse_datetime, durations) and human_readable_seconds.

Parsed timestamps with a zone come back as STRUCT(ts, tz): the wall-clock time and Trino's
zone key; the SQL side turns that into the analyzer's timestamp-with-time-zone value.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ingest.query.trino.udf import invalid, udf
from ingest.query.trino.zones import offset_key, zone_key

_ISO = re.compile(
    r"^(?P<date>[+-]?\d{4,}(?:-\d{2}(?:-\d{2})?)?)"
    r"(?:T(?P<hour>\d{2})(?::?(?P<minute>\d{2})(?::?(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?)?)?"
    r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _micros(fraction: str | None, digits: int = 6) -> int:
    text = (fraction or "")[:digits].ljust(digits, "0")
    return int(text) * int(10 ** (6 - digits))


def _millis_rounded(moment: datetime) -> datetime:
    """timestamp(3): Trino keeps milliseconds, rounding the rest half up."""
    micros = moment.microsecond
    rounded = (micros + 500) // 1000 * 1000
    return moment.replace(microsecond=0) + timedelta(microseconds=rounded)


@udf("athena_from_iso8601_timestamp", ["VARCHAR"], "STRUCT(ts TIMESTAMP, tz VARCHAR)")
def from_iso8601_timestamp(text: str) -> dict[str, object]:
    match = _ISO.match(text.strip())
    if match is None:
        raise invalid(f'Invalid format: "{text}"')
    parts = match.group("date").split("-")
    try:
        moment = datetime(
            int(parts[0]),
            int(parts[1]) if len(parts) > 1 else 1,
            int(parts[2]) if len(parts) > 2 else 1,
            int(match.group("hour") or 0),
            int(match.group("minute") or 0),
            int(match.group("second") or 0),
            _micros(match.group("fraction")),
        )
    except ValueError:
        raise invalid(f'Invalid format: "{text}"') from None
    zone = match.group("zone")
    key = (
        "UTC"
        if not zone
        else zone_key(zone if ":" in zone or len(zone) <= 3 else f"{zone[:3]}:{zone[3:]}")
    )
    if key is None:
        raise invalid(f'Invalid format: "{text}"')
    return {"ts": _millis_rounded(moment), "tz": key}


_ISO_DATE = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "ymd"),
    (re.compile(r"^(\d{4})-W(\d{2})(?:-(\d))?$"), "week"),
    (re.compile(r"^(\d{4})-(\d{3})$"), "ordinal"),
    (re.compile(r"^(\d{4})(?:-(\d{2}))?$"), "month"),
)


@udf("athena_from_iso8601_date", ["VARCHAR"], "DATE")
def from_iso8601_date(text: str) -> date:
    value = text.strip()
    try:
        for pattern, kind in _ISO_DATE:
            match = pattern.match(value)
            if match is None:
                continue
            year = int(match.group(1))
            if kind == "ymd":
                return date(year, int(match.group(2)), int(match.group(3)))
            if kind == "week":
                return date.fromisocalendar(year, int(match.group(2)), int(match.group(3) or 1))
            if kind == "ordinal":
                day = int(match.group(2))
                if not 1 <= day <= (366 if date(year, 12, 31).timetuple().tm_yday == 366 else 365):
                    raise ValueError(day)
                return date(year, 1, 1) + timedelta(days=day - 1)
            return date(year, int(match.group(2) or 1), 1)
    except ValueError:
        pass
    raise invalid(f'Invalid format: "{text}"')


# -- date_parse: MySQL specifiers, read as Trino (Joda) reads them --------------------------------

_MYSQL_FIELDS = {
    "Y": r"(?P<year>\d{4})",
    "y": r"(?P<year2>\d{2})",
    "m": r"(?P<month>\d{1,2})",
    "c": r"(?P<month>\d{1,2})",
    "d": r"(?P<day>\d{1,2})",
    "e": r"(?P<day>\d{1,2})",
    "H": r"(?P<hour>\d{1,2})",
    "k": r"(?P<hour>\d{1,2})",
    "h": r"(?P<hour12>\d{1,2})",
    "I": r"(?P<hour12>\d{1,2})",
    "l": r"(?P<hour12>\d{1,2})",
    "i": r"(?P<minute>\d{1,2})",
    "s": r"(?P<second>\d{1,2})",
    "S": r"(?P<second>\d{1,2})",
    "f": r"(?P<fraction>\d{1,9})",
    "p": r"(?P<ampm>[AaPp][Mm])",
    "b": r"(?P<monthname>[A-Za-z]{3})",
    "M": r"(?P<monthname>[A-Za-z]+)",
    "a": r"[A-Za-z]{3}",
    "W": r"[A-Za-z]+",
    "j": r"(?P<yday>\d{1,3})",
    "T": r"(?P<hour>\d{1,2}):(?P<minute>\d{1,2}):(?P<second>\d{1,2})",
    "r": r"(?P<hour12>\d{1,2}):(?P<minute>\d{1,2}):(?P<second>\d{1,2}) (?P<ampm>[AaPp][Mm])",
}


def _mysql_regex(pattern: str) -> re.Pattern[str]:
    out, index, seen = [], 0, set()
    while index < len(pattern):
        ch = pattern[index]
        if ch == "%" and index + 1 < len(pattern):
            code = pattern[index + 1]
            if code in "DUuVwX":
                raise invalid(f"%{code} not supported in date format string")
            field = _MYSQL_FIELDS.get(code)
            if field is None:
                out.append(re.escape(code))
            else:
                for name in re.findall(r"\?P<(\w+)>", field):
                    if name in seen:
                        field = field.replace(f"?P<{name}>", "?:")
                    seen.add(name)
                out.append(field)
            index += 2
            continue
        out.append(re.escape(ch))
        index += 1
    return re.compile("^" + "".join(out) + "$", re.I)


def _month_number(name: str) -> int:
    lowered = name.lower()
    for number, month in enumerate(_MONTHS, 1):
        if month == lowered or month[:3] == lowered:
            return number
    raise ValueError(name)


def _assemble(fields: dict[str, str | None]) -> datetime:
    year = int(str(fields["year"])) if fields.get("year") else 1970
    if fields.get("year2"):
        two = int(str(fields["year2"]))
        year = 2000 + two if two < 70 else 1900 + two  # Trino's pivot: 1970-2069
    month = int(str(fields["month"])) if fields.get("month") else 1
    if fields.get("monthname"):
        month = _month_number(str(fields["monthname"]))
    day = int(str(fields["day"])) if fields.get("day") else 1
    hour = int(str(fields["hour"])) if fields.get("hour") else 0
    if fields.get("hour12"):
        hour = int(str(fields["hour12"])) % 12
        if str(fields.get("ampm") or "").upper() == "PM":
            hour += 12
    elif fields.get("ampm") and str(fields["ampm"]).upper() == "PM" and hour < 12:
        hour += 12
    moment = datetime(
        year,
        month,
        day,
        hour,
        int(str(fields.get("minute") or 0)),
        int(str(fields.get("second") or 0)),
        _micros(fields.get("fraction")),
    )
    if fields.get("yday"):
        moment = moment.replace(month=1, day=1) + timedelta(days=int(str(fields["yday"])) - 1)
    return moment


@udf("athena_date_parse", ["VARCHAR", "VARCHAR"], "TIMESTAMP")
def date_parse(text: str, pattern: str) -> datetime:
    match = _mysql_regex(pattern).match(text)
    if match is None:
        raise invalid(f'Invalid format: "{text}"')
    try:
        return _millis_rounded(_assemble(match.groupdict()))
    except ValueError:
        raise invalid(f'Invalid format: "{text}"') from None


# -- parse_datetime: Joda patterns ----------------------------------------------------------------

_JODA_FIELDS = {
    "y": r"(?P<year>\d{1,9})",
    "Y": r"(?P<year>\d{1,9})",
    "M": r"(?P<month>\d{1,2})",
    "MMM": r"(?P<monthname>[A-Za-z]{3})",
    "MMMM": r"(?P<monthname>[A-Za-z]+)",
    "d": r"(?P<day>\d{1,2})",
    "H": r"(?P<hour>\d{1,2})",
    "k": r"(?P<hour>\d{1,2})",
    "h": r"(?P<hour12>\d{1,2})",
    "m": r"(?P<minute>\d{1,2})",
    "s": r"(?P<second>\d{1,2})",
    "S": r"(?P<fraction>\d{1,9})",
    "a": r"(?P<ampm>[AaPp][Mm])",
    "E": r"[A-Za-z]+",
    "Z": r"(?P<offset>Z|[+-]\d{2}:?\d{2})",
    "z": r"(?P<zonename>[A-Za-z_/+\-0-9]+)",
}


def _joda_regex(pattern: str) -> re.Pattern[str]:
    out, index = [], 0
    while index < len(pattern):
        ch = pattern[index]
        if ch == "'":
            end = pattern.find("'", index + 1)
            if end < 0:
                raise invalid(f"Invalid pattern: {pattern}")
            out.append(re.escape(pattern[index + 1 : end] or "'"))
            index = end + 1
            continue
        if ch.isalpha():
            run = index
            while run < len(pattern) and pattern[run] == ch:
                run += 1
            letters = pattern[index:run]
            if ch == "Z" and len(letters) >= 3:
                field = r"(?P<zonename>[A-Za-z_/+\-0-9]+)"
            elif ch == "M" and len(letters) >= 3:
                field = _JODA_FIELDS["MMM" if len(letters) == 3 else "MMMM"]
            elif ch in _JODA_FIELDS:
                field = _JODA_FIELDS[ch]
                if ch in "yYMdHkhms" and len(letters) >= 2 and ch not in "yY":
                    field = field.replace(r"\d{1,2}", r"\d{2}")
            else:
                raise invalid(f"Illegal pattern component: {letters}")
            out.append(field)
            index = run
            continue
        out.append(re.escape(ch))
        index += 1
    return re.compile("^" + "".join(out) + "$", re.I)


@udf("athena_parse_datetime", ["VARCHAR", "VARCHAR"], "STRUCT(ts TIMESTAMP, tz VARCHAR)")
def parse_datetime(text: str, pattern: str) -> dict[str, object]:
    match = _joda_regex(pattern).match(text)
    if match is None:
        raise invalid(f'Invalid format: "{text}" is malformed')
    fields = match.groupdict()
    try:
        moment = _millis_rounded(_assemble(fields))
    except ValueError:
        raise invalid(f'Invalid format: "{text}"') from None
    key: str | None = "UTC"
    if fields.get("offset"):
        offset = str(fields["offset"])
        if offset.upper() == "Z":
            key = "UTC"
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            key = offset_key(sign * (int(digits[:2]) * 60 + int(digits[2:4])))
    elif fields.get("zonename"):
        key = zone_key(str(fields["zonename"]))
    if key is None:
        raise invalid(f'Invalid format: "{text}": unknown time zone')
    return {"ts": moment, "tz": key}


# -- durations -------------------------------------------------------------------------------------

_DURATION_UNITS = {
    "ns": Decimal("0.000001"),
    "us": Decimal("0.001"),
    "ms": Decimal(1),
    "s": Decimal(1000),
    "m": Decimal(60_000),
    "h": Decimal(3_600_000),
    "d": Decimal(86_400_000),
}


@udf("athena_parse_duration", ["VARCHAR"], "BIGINT")
def parse_duration(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*", text)
    if match is None or match.group(2) not in _DURATION_UNITS:
        raise invalid(f"duration is not a valid data duration string: {text}")
    millis = Decimal(match.group(1)) * _DURATION_UNITS[match.group(2)]
    return int(millis.quantize(Decimal(1), rounding=ROUND_HALF_UP))


_SPANS = (("week", 604_800), ("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1))


@udf("athena_human_readable_seconds", ["DOUBLE"], "VARCHAR")
def human_readable_seconds(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise invalid("Invalid argument found: " + str(value))
    remaining = int(Decimal(repr(abs(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    parts = []
    for name, size in _SPANS:
        count, remaining = divmod(remaining, size)
        if count:
            parts.append(f"{count} {name}{'' if count == 1 else 's'}")
    return ", ".join(parts) if parts else "0 seconds"


__all__ = ["_DAYS"]
