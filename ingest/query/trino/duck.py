"""How each Trino type is held in DuckDB, and small builders for DuckDB expression trees.

Most types map one to one. Where DuckDB has no faithful twin the analyzer keeps its own
representation and converts on the way out (see `present`):
  - interval day to second: BIGINT milliseconds (Trino's own representation);
  - interval year to month: INTEGER months;
  - timestamp(p) with time zone: STRUCT(ts TIMESTAMPTZ, tz VARCHAR), because Trino keeps
    each value's zone and prints it;
  - json: VARCHAR holding canonical JSON text;
  - anonymous row fields are named field0, field1, ... (a DuckDB struct needs names).
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino.types import TrinoType

_SIMPLE = {
    "boolean": "BOOLEAN",
    "tinyint": "TINYINT",
    "smallint": "SMALLINT",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "real": "FLOAT",
    "double": "DOUBLE",
    "varchar": "VARCHAR",
    "char": "VARCHAR",
    "varbinary": "BLOB",
    "json": "VARCHAR",
    "date": "DATE",
    "unknown": '"NULL"',
    "interval day to second": "BIGINT",
    "interval year to month": "INTEGER",
    "uuid": "UUID",
}
#: The struct a timestamp with time zone is held in.
TZ_STRUCT = "STRUCT(ts TIMESTAMPTZ, tz VARCHAR)"


def field_name(index: int, name: str | None) -> str:
    """A row field's name in DuckDB (anonymous fields get their position)."""
    return name if name else f"field{index}"


def duck_type(t: TrinoType) -> str:
    """The DuckDB type that holds values of `t`."""
    if t.base in _SIMPLE:
        return _SIMPLE[t.base]
    if t.base == "decimal":
        return f"DECIMAL({t.precision},{t.scale})"
    if t.base == "timestamp":
        return "TIMESTAMP"
    if t.base == "time":
        return "TIME"
    if t.base == "timestamp with time zone":
        return TZ_STRUCT
    if t.base == "array":
        return f"{duck_type(t.element)}[]"
    if t.base == "map":
        return f"MAP({duck_type(t.key)}, {duck_type(t.value)})"
    if t.base == "row":
        inner = ", ".join(
            f'"{field_name(i, f.name)}" {duck_type(f.type)}' for i, f in enumerate(t.fields)
        )
        return f"STRUCT({inner})"
    raise ValueError(f"no DuckDB type for {t}")


def data_type(t: TrinoType) -> exp.DataType:
    """`duck_type(t)` as a sqlglot DataType (for CAST nodes)."""
    return exp.DataType.build(duck_type(t), dialect="duckdb")


# -- expression builders -------------------------------------------------------------------


def call(name: str, *args: exp.Expr) -> exp.Expr:
    """A DuckDB function call, generated verbatim."""
    return exp.Anonymous(this=name, expressions=list(args))


def cast(node: exp.Expr, t: TrinoType) -> exp.Expr:
    return exp.Cast(this=node, to=data_type(t))


def cast_to(node: exp.Expr, duck: str) -> exp.Expr:
    return exp.Cast(this=node, to=exp.DataType.build(duck, dialect="duckdb"))


def string(text: str) -> exp.Expr:
    return exp.Literal.string(text)


def number(value: int | float | str) -> exp.Expr:
    return exp.Literal.number(value)


def null() -> exp.Expr:
    return exp.Null()


def paren(node: exp.Expr) -> exp.Expr:
    return exp.Paren(this=node)


def case(whens: list[tuple[exp.Expr, exp.Expr]], default: exp.Expr | None = None) -> exp.Expr:
    node = exp.Case(ifs=[exp.If(this=c, true=v) for c, v in whens])
    if default is not None:
        node.set("default", default)
    return node


def raise_error(category: str, message: exp.Expr | str) -> exp.Expr:
    """DuckDB's error(): fails the query with `CATEGORY: message` (read back by the engine)."""
    text = string(f"{category}: {message}") if isinstance(message, str) else None
    if text is None:
        assert isinstance(message, exp.Expr)
        text = exp.DPipe(this=string(f"{category}: "), expression=message, safe=True)
    return call("error", text)


def lambda_(params: list[str], body: exp.Expr) -> exp.Expr:
    return exp.Lambda(this=body, expressions=[exp.to_identifier(p) for p in params])


def column(name: str, table: str | None = None) -> exp.Expr:
    return exp.column(name, table=table, quoted=True)


def template(sql: str, *args: exp.Expr) -> exp.Expr:
    """A DuckDB expression from text with `{0}`, `{1}` ... holes filled by argument trees."""
    from ingest.query.trino.templates import fill  # local: keeps this module dependency-free

    return fill(sql, list(args))
