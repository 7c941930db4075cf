"""Date and time functions (trino.io/docs/current/functions/datetime.html).

Athena's session time zone is UTC. A timestamp with time zone keeps its zone (see `zones`):
field functions and formats read its wall clock in that zone, date_add moves hours on the
instant and days or months on the wall clock, date_diff counts whole units elapsed.
Units, zones and format strings must be literals so they can be checked before the query
runs, as Trino checks them.
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck, zones
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.casts import compile_cast, fraction_text
from ingest.query.trino.datetime_format import (
    FormatProblem,
    PatternError,
    joda_pieces,
    mysql_to_strftime,
)
from ingest.query.trino.registry import REGISTRY, Call
from ingest.query.trino.types import TrinoType

REGISTRY.begin("datetime", strict=True)  # NULL in, NULL out

_TEMPORAL = ("date", "timestamp(p)", "timestamp(p) with time zone")
_FIXED_UNITS = {"millisecond": 1, "second": 1_000, "minute": 60_000, "hour": 3_600_000}
_CALENDAR_UNITS = ("day", "week", "month", "quarter", "year")


def local(value_sql: exp.Expr, kind: TrinoType) -> exp.Expr:
    """The wall-clock TIMESTAMP of a date, timestamp or timestamp with time zone."""
    if kind.base == "timestamp with time zone":
        return zones.local(value_sql)
    if kind.base == "date":
        return duck.cast_to(value_sql, "TIMESTAMP")
    return value_sql


def instant(value_sql: exp.Expr, kind: TrinoType) -> exp.Expr:
    """The TIMESTAMPTZ instant (a plain timestamp is read in the session zone, UTC)."""
    if kind.base == "timestamp with time zone":
        return zones.instant(value_sql)
    return duck.call("timezone", duck.string("UTC"), local(value_sql, kind))


def offset_minutes(value_sql: exp.Expr, kind: TrinoType) -> exp.Expr:
    if kind.base != "timestamp with time zone":
        return duck.number(0)
    return duck.template(
        "(epoch_ms({0}) - epoch_ms({1})) // 60000", zones.local(value_sql), zones.instant(value_sql)
    )


def offset_text(minutes: exp.Expr, colon: bool, utc_as_z: bool) -> exp.Expr:
    separator = ":" if colon else ""
    zero = "'Z'" if utc_as_z else f"'+00{separator}00'"
    return duck.template(
        f"CASE WHEN {{0}} = 0 THEN {zero} ELSE (CASE WHEN {{0}} < 0 THEN '-' ELSE '+' END) "
        f"|| lpad(CAST(abs({{0}}) // 60 AS VARCHAR), 2, '0') || '{separator}' || "
        f"lpad(CAST(abs({{0}}) "
        f"% 60 AS VARCHAR), 2, '0') END",
        minutes,
    )


def _zone_argument(call: Call, index: int) -> exp.Expr:
    """A zone argument as Trino's zone key (checked now when it is a literal)."""
    text = call.constant(index)
    if isinstance(text, str):
        key = zones.zone_key(text)
        if key is None:
            return call.fail(err.INVALID_FUNCTION_ARGUMENT, f"'{text}' is not a valid time zone")
        return duck.string(key)
    return call.sql(index)


def _unit(call: Call, index: int = 0) -> str:
    text = call.constant(index)
    if not isinstance(text, str):
        raise err.not_supported(f"{call.name}() with a unit that is not a literal", call.node)
    return text.strip().lower()


# -- building values -------------------------------------------------------------------------------

REGISTRY.scalar(
    "date(varchar) -> date", lambda c: compile_cast(c.ctx, c.args[0], t.DATE, c.node).sql
)
REGISTRY.scalar("date(timestamp(p)) -> date", lambda c: duck.cast_to(c.sql(0), "DATE"))
REGISTRY.scalar(
    "date(timestamp(p) with time zone) -> date",
    lambda c: duck.cast_to(zones.local(c.sql(0)), "DATE"),
)
for _kind in _TEMPORAL:
    REGISTRY.scalar(
        f"last_day_of_month({_kind}) -> date",
        lambda c: duck.call("last_day", duck.cast_to(local(c.sql(0), c.type(0)), "DATE")),
    )


def _parsed_zoned(struct: exp.Expr) -> exp.Expr:
    zone = duck.call("struct_extract", struct, duck.string("tz"))
    naive = duck.call("struct_extract", struct, duck.string("ts"))
    return zones.pack(duck.call("timezone", zones.icu(zone), naive), zone)


REGISTRY.scalar(
    "from_iso8601_timestamp(varchar) -> timestamp(3) with time zone",
    lambda c: _parsed_zoned(duck.call("athena_from_iso8601_timestamp", c.sql(0))),
)
REGISTRY.scalar("from_iso8601_date(varchar) -> date", "athena_from_iso8601_date({0})")
REGISTRY.scalar(
    "at_timezone(timestamp(p) with time zone, varchar) -> timestamp(p) with time zone",
    lambda c: zones.pack(zones.instant(c.sql(0)), _zone_argument(c, 1)),
)
REGISTRY.scalar(
    "at_timezone(timestamp(p), varchar) -> timestamp(p) with time zone",
    lambda c: zones.pack(duck.call("timezone", duck.string("UTC"), c.sql(0)), _zone_argument(c, 1)),
)
REGISTRY.scalar(
    "with_timezone(timestamp(p), varchar) -> timestamp(p) with time zone",
    lambda c: zones.pack(
        duck.call("timezone", zones.icu(_zone_argument(c, 1)), c.sql(0)), _zone_argument(c, 1)
    ),
)


def _unixtime(seconds: exp.Expr) -> exp.Expr:
    return duck.template(
        "timezone('UTC', make_timestamp(CAST(round({0} * 1000) AS BIGINT) * 1000))", seconds
    )


REGISTRY.scalar(
    "from_unixtime(double) -> timestamp(3) with time zone",
    lambda c: zones.pack(_unixtime(c.sql(0)), duck.string("UTC")),
)
REGISTRY.scalar(
    "from_unixtime(double, varchar) -> timestamp(3) with time zone",
    lambda c: zones.pack(_unixtime(c.sql(0)), _zone_argument(c, 1)),
)


def _unixtime_offset(call: Call) -> exp.Expr:
    minutes = duck.template("{0} * 60 + {1}", call.sql(1), call.sql(2))
    zone = duck.template(
        "CASE WHEN {0} = 0 THEN 'UTC' ELSE {1} END",
        minutes,
        offset_text(minutes, colon=True, utc_as_z=False),
    )
    return call.template(
        "CASE WHEN {1} < -14 OR {1} > 14 OR {2} < -59 OR {2} > 59 OR abs({1} * 60 + {2}) > 840 "
        "THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Invalid offset minutes') ELSE {3} END",
        zones.pack(_unixtime(call.sql(0)), zone),
    )


REGISTRY.scalar(
    "from_unixtime(double, bigint, bigint) -> timestamp(3) with time zone", _unixtime_offset
)
for _name in ("from_unixtime_nanos", "from_iso8601_timestamp_nanos"):
    REGISTRY.refuse(
        _name, "it returns timestamp(9) with time zone; the local engine keeps microseconds"
    )

# -- converting out --------------------------------------------------------------------------------


def _iso8601(call: Call) -> exp.Expr:
    kind = call.type(0)
    if kind.base == "date":
        return duck.template("strftime({0}, '%Y-%m-%d')", call.sql(0))
    wall = local(call.sql(0), kind)
    text = duck.template(
        "strftime({0}, '%Y-%m-%dT%H:%M:%S') || {1}", wall, fraction_text(wall, kind.precision)
    )
    if kind.base == "timestamp":
        return text
    return duck.template(
        "{0} || {1}",
        text,
        offset_text(offset_minutes(call.sql(0), kind), colon=True, utc_as_z=True),
    )


for _kind in _TEMPORAL:
    REGISTRY.scalar(f"to_iso8601({_kind}) -> varchar", _iso8601)
REGISTRY.scalar("to_milliseconds(interval day to second) -> bigint", "{0}")
REGISTRY.scalar("to_unixtime(timestamp(p)) -> double", "epoch_us({0}) / 1000000.0")
REGISTRY.scalar(
    "to_unixtime(timestamp(p) with time zone) -> double",
    lambda c: duck.template("epoch_us({0}) / 1000000.0", zones.instant(c.sql(0))),
)

# -- truncating and adding -------------------------------------------------------------------------


def _date_trunc(call: Call) -> exp.Expr:
    unit = _unit(call)
    kind = call.type(1)
    allowed = (
        ("day", "week", "month", "quarter", "year")
        if kind.base == "date"
        else ("millisecond", "second", "minute", "hour", *_CALENDAR_UNITS)
    )
    if unit not in allowed:
        return call.fail(
            err.INVALID_FUNCTION_ARGUMENT,
            f"'{unit}' is not a valid {'DATE' if kind.base == 'date' else 'TIMESTAMP'} field",
        )
    truncated = duck.call("date_trunc", duck.string(unit), local(call.sql(1), kind))
    if kind.base == "date":
        return duck.cast_to(truncated, "DATE")
    if kind.base == "timestamp with time zone":
        return zones.with_local(call.sql(1), truncated)
    return truncated


for _kind in _TEMPORAL:
    REGISTRY.scalar(f"date_trunc(varchar, {_kind}) -> {_kind}", _date_trunc)
REGISTRY.scalar(
    "date_trunc(varchar, time(p)) -> time(p)",
    lambda c: duck.cast_to(
        duck.call(
            "date_trunc", duck.string(_unit(c)), duck.template("DATE '1970-01-01' + {0}", c.sql(1))
        ),
        "TIME",
    ),
)


def _date_add(call: Call) -> exp.Expr:
    unit = _unit(call)
    kind = call.type(2)
    amount, value = call.sql(1), call.sql(2)
    if unit in _FIXED_UNITS:
        if kind.base == "date":
            return call.fail(err.INVALID_FUNCTION_ARGUMENT, f"'{unit}' is not a valid DATE field")
        step = duck.call("to_milliseconds", duck.template(f"{{0}} * {_FIXED_UNITS[unit]}", amount))
        if kind.base == "timestamp with time zone":
            return zones.pack(
                duck.template("{0} + {1}", zones.instant(value), step), zones.zone_of(value)
            )
        return duck.template("{0} + {1}", value, step)
    if unit not in _CALENDAR_UNITS:
        return call.fail(err.INVALID_FUNCTION_ARGUMENT, f"'{unit}' is not a valid TIMESTAMP field")
    if unit in ("day", "week"):
        step = duck.call(
            "to_days",
            duck.template(f"CAST({{0}} * {7 if unit == 'week' else 1} AS INTEGER)", amount),
        )
    else:
        factor = {"month": 1, "quarter": 3, "year": 12}[unit]
        step = duck.call("to_months", duck.template(f"CAST({{0}} * {factor} AS INTEGER)", amount))
    moved = duck.template("{0} + {1}", local(value, kind), step)
    if kind.base == "date":
        return duck.cast_to(moved, "DATE")
    if kind.base == "timestamp with time zone":
        return zones.with_local(value, moved)
    return moved


for _kind in _TEMPORAL:
    REGISTRY.scalar(f"date_add(varchar, bigint, {_kind}) -> {_kind}", _date_add)
REGISTRY.scalar(
    "date_add(varchar, bigint, time(p)) -> time(p)",
    lambda c: duck.template(
        "{0} + to_milliseconds({1} * " + str(_FIXED_UNITS.get(_unit(c), 1)) + ")",
        c.sql(2),
        c.sql(1),
    ),
)


def _date_diff(call: Call) -> exp.Expr:
    unit = _unit(call)
    kind = call.type(1)
    first, second = call.sql(1), call.sql(2)
    if unit in _FIXED_UNITS:
        if kind.base == "date":
            return call.fail(err.INVALID_FUNCTION_ARGUMENT, f"'{unit}' is not a valid DATE field")
        micros = duck.template(
            "epoch_us({1}) - epoch_us({0})", instant(first, kind), instant(second, kind)
        )
        return duck.template(
            f"CAST(trunc(({{0}}) / {_FIXED_UNITS[unit] * 1000}) AS BIGINT)", micros
        )
    if unit not in _CALENDAR_UNITS:
        return call.fail(err.INVALID_FUNCTION_ARGUMENT, f"'{unit}' is not a valid TIMESTAMP field")
    return duck.cast_to(
        duck.call("date_sub", duck.string(unit), local(first, kind), local(second, kind)), "BIGINT"
    )


for _kind in _TEMPORAL:
    REGISTRY.scalar(f"date_diff(varchar, {_kind}, {_kind}) -> bigint", _date_diff)
REGISTRY.scalar("parse_duration(varchar) -> interval day to second", "athena_parse_duration({0})")
REGISTRY.scalar("human_readable_seconds(double) -> varchar", "athena_human_readable_seconds({0})")

# -- formatting and parsing ------------------------------------------------------------------------


def _format_text(call: Call) -> str:
    text = call.constant(1)
    if not isinstance(text, str):
        raise err.not_supported(f"{call.name}() with a format that is not a literal", call.node)
    return text


def _date_format(call: Call) -> exp.Expr:
    try:
        pattern = mysql_to_strftime(_format_text(call))
    except FormatProblem as problem:
        return call.fail(err.INVALID_FUNCTION_ARGUMENT, str(problem))
    return duck.call("strftime", local(call.sql(0), call.type(0)), duck.string(pattern))


def _format_datetime(call: Call) -> exp.Expr:
    kind = call.type(0)
    try:
        pieces = joda_pieces(_format_text(call))
    except PatternError as problem:
        raise err.not_supported(
            f"format_datetime() with {problem}", call.node, "DuckDB's strftime has no equivalent"
        ) from None
    wall = local(call.sql(0), kind)
    minutes = offset_minutes(call.sql(0), kind)
    parts: list[exp.Expr] = []
    for what, text in pieces:
        if what == "strftime":
            parts.append(duck.call("strftime", wall, duck.string(text)))
        elif text in ("Z", "ZZ"):
            parts.append(offset_text(minutes, colon=text == "ZZ", utc_as_z=False))
        elif text == "ZZZ":
            parts.append(
                zones.zone_of(call.sql(0))
                if kind.base == "timestamp with time zone"
                else duck.string("UTC")
            )
        else:
            raise err.not_supported(
                f"format_datetime() with the zone name pattern '{text}'", call.node
            )
    result = parts[0]
    for part in parts[1:]:
        result = duck.template("{0} || {1}", result, part)
    return result


for _kind in ("timestamp(p)", "timestamp(p) with time zone"):
    REGISTRY.scalar(f"date_format({_kind}, varchar) -> varchar", _date_format)
    REGISTRY.scalar(f"format_datetime({_kind}, varchar) -> varchar", _format_datetime)
REGISTRY.scalar("date_parse(varchar, varchar) -> timestamp(3)", "athena_date_parse({0}, {1})")
REGISTRY.scalar(
    "parse_datetime(varchar, varchar) -> timestamp(3) with time zone",
    lambda c: _parsed_zoned(duck.call("athena_parse_datetime", c.sql(0), c.sql(1))),
)

# -- fields ----------------------------------------------------------------------------------------

_FIELDS = {
    "year": "year({0})",
    "quarter": "quarter({0})",
    "month": "month({0})",
    "week": "week({0})",
    "week_of_year": "week({0})",
    "day": "day({0})",
    "day_of_month": "day({0})",
    "day_of_week": "isodow({0})",
    "dow": "isodow({0})",
    "day_of_year": "dayofyear({0})",
    "doy": "dayofyear({0})",
    "year_of_week": "isoyear({0})",
    "yow": "isoyear({0})",
}
_TIME_FIELDS = {
    "hour": "hour({0})",
    "minute": "minute({0})",
    "second": "second({0})",
    "millisecond": "millisecond({0}) % 1000",
}


def _field(template: str) -> object:
    def translate(call: Call) -> exp.Expr:
        kind = call.type(0)
        value = call.sql(0) if kind.base in ("date", "time") else local(call.sql(0), kind)
        return duck.cast_to(duck.template(template, value), "BIGINT")

    return translate


for _name, _template in _FIELDS.items():
    for _kind in _TEMPORAL:
        REGISTRY.scalar(f"{_name}({_kind}) -> bigint", _field(_template))  # type: ignore[arg-type]
for _name, _template in _TIME_FIELDS.items():
    for _kind in ("timestamp(p)", "timestamp(p) with time zone", "time(p)"):
        REGISTRY.scalar(f"{_name}({_kind}) -> bigint", _field(_template))  # type: ignore[arg-type]

_INTERVAL_FIELDS = {
    "day": "{0} // 86400000",
    "day_of_month": "{0} // 86400000",
    "hour": "{0} // 3600000 % 24",
    "minute": "{0} // 60000 % 60",
    "second": "{0} // 1000 % 60",
    "millisecond": "{0} % 1000",
}
for _name, _template in _INTERVAL_FIELDS.items():
    REGISTRY.scalar(f"{_name}(interval day to second) -> bigint", _template)
REGISTRY.scalar("year(interval year to month) -> bigint", "CAST({0} // 12 AS BIGINT)")
REGISTRY.scalar("month(interval year to month) -> bigint", "CAST({0} % 12 AS BIGINT)")


def _zone_field(kind: str) -> object:
    def translate(call: Call) -> exp.Expr:
        minutes = offset_minutes(call.sql(0), call.type(0))
        expression = "{0} // 60" if kind == "hour" else "{0} % 60"
        return duck.cast_to(duck.template(expression, minutes), "BIGINT")

    return translate


REGISTRY.scalar("timezone_hour(timestamp(p) with time zone) -> bigint", _zone_field("hour"))  # type: ignore[arg-type]
REGISTRY.scalar("timezone_minute(timestamp(p) with time zone) -> bigint", _zone_field("minute"))  # type: ignore[arg-type]

# -- the current moment (Athena's session zone is UTC) --------------------------------------------

REGISTRY.scalar("current_date() -> date", "current_date")
REGISTRY.scalar(
    "current_timestamp() -> timestamp(3) with time zone",
    lambda c: zones.pack(
        duck.template("timezone('UTC', make_timestamp(epoch_ms(current_timestamp) * 1000))"),
        duck.string("UTC"),
    ),
)
REGISTRY.alias("now", "current_timestamp")
REGISTRY.scalar(
    "localtimestamp() -> timestamp(3)", "make_timestamp(epoch_ms(current_timestamp) * 1000)"
)
REGISTRY.scalar(
    "localtime() -> time(3)", "CAST(make_timestamp(epoch_ms(current_timestamp) * 1000) AS TIME)"
)
REGISTRY.scalar("current_timezone() -> varchar", "'UTC'")
REGISTRY.refuse(
    "current_time", "it returns time with time zone, which the local engine does not model"
)
