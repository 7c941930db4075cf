"""How results leave the engine: values held in the analyzer's own representations become
what Athena returns.

Intervals and timestamps with time zone come back as Athena prints them ('2 03:00:00.000',
'3-5', '2012-10-30 18:00:00.000 America/Los_Angeles'), also inside arrays, maps and rows;
everything else is already in its final form.
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck, zones
from ingest.query.trino.types import TrinoType

_TEXT_TYPES = ("timestamp with time zone", "interval day to second", "interval year to month")


def needs_presenting(kind: TrinoType) -> bool:
    return any(inner.base in _TEXT_TYPES for inner in kind.walk())


def interval_text(sql: exp.Expr, kind: TrinoType) -> exp.Expr:
    if kind.base == "interval year to month":
        return duck.template(
            "CASE WHEN {0} < 0 THEN '-' ELSE '' END || CAST(abs({0}) // 12 AS VARCHAR) || '-' || "
            "CAST(abs({0}) % 12 AS VARCHAR)",
            sql,
        )
    return duck.template(
        "CASE WHEN {0} < 0 THEN '-' ELSE '' END || CAST(abs({0}) // 86400000 AS VARCHAR) || ' ' "
        "|| lpad(CAST(abs({0}) // 3600000 % 24 AS VARCHAR), 2, '0') || ':' "
        "|| lpad(CAST(abs({0}) // 60000 % 60 AS VARCHAR), 2, '0') || ':' "
        "|| lpad(CAST(abs({0}) // 1000 % 60 AS VARCHAR), 2, '0') || '.' "
        "|| lpad(CAST(abs({0}) % 1000 AS VARCHAR), 3, '0')",
        sql,
    )


def tz_text(sql: exp.Expr, kind: TrinoType) -> exp.Expr:
    from ingest.query.trino.casts import timestamp_text

    return duck.template(
        "{0} || ' ' || {1}", timestamp_text(zones.local(sql), kind.precision), zones.zone_of(sql)
    )


def present(sql: exp.Expr, kind: TrinoType) -> exp.Expr:
    """`sql` (a value of `kind`) as Athena returns it."""
    if not needs_presenting(kind):
        return sql
    if kind.base == "timestamp with time zone":
        return tz_text(sql, kind)
    if kind.base.startswith("interval"):
        return interval_text(sql, kind)
    if kind.base == "array":
        return duck.call(
            "list_transform", sql, duck.lambda_(["__e"], present(duck.column("__e"), kind.element))
        )
    if kind.base == "map":
        key = present(duck.template("struct_extract({0}, 'key')", duck.column("__e")), kind.key)
        value = present(
            duck.template("struct_extract({0}, 'value')", duck.column("__e")), kind.value
        )
        entries = duck.call(
            "list_transform",
            duck.call("map_entries", sql),
            duck.lambda_(
                ["__e"], duck.template("struct_pack(key := {0}, value := {1})", key, value)
            ),
        )
        return duck.call("map_from_entries", entries)
    if kind.base == "row":
        items = []
        for index, field in enumerate(kind.fields):
            name = duck.field_name(index, field.name)
            inner = present(duck.call("struct_extract", sql, duck.string(name)), field.type)
            items.append(
                exp.PropertyEQ(this=exp.to_identifier(name, quoted=True), expression=inner)
            )
        return duck.template(
            "CASE WHEN {0} IS NULL THEN NULL ELSE {1} END", sql, duck.call("struct_pack", *items)
        )
    return sql
