"""Type names written in SQL (CAST targets, RETURNING clauses) as Trino types."""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.types import RowField, TrinoType

_D = exp.DType
_SIMPLE: dict[object, TrinoType] = {
    _D.BOOLEAN: t.BOOLEAN,
    _D.TINYINT: t.TINYINT,
    _D.SMALLINT: t.SMALLINT,
    _D.INT: t.INTEGER,
    _D.BIGINT: t.BIGINT,
    _D.FLOAT: t.REAL,
    _D.DOUBLE: t.DOUBLE,
    _D.VARBINARY: t.VARBINARY,
    _D.BINARY: t.VARBINARY,
    _D.JSON: t.JSON,
    _D.DATE: t.DATE,
    _D.UNKNOWN: t.UNKNOWN,
    _D.UUID: TrinoType("uuid"),
    _D.IPADDRESS: TrinoType("ipaddress"),
}


def _params(node: exp.DataType) -> list[int]:
    values = []
    for param in node.expressions:
        inner = param.this if isinstance(param, exp.DataTypeParam) else param
        if isinstance(inner, exp.Literal) and not inner.is_string:
            values.append(int(inner.this))
    return values


def from_data_type(node: exp.Expr, where: exp.Expr | None = None) -> TrinoType:
    """A sqlglot DataType as the Trino type it names (`timestamp` is timestamp(3))."""
    if not isinstance(node, exp.DataType):
        raise err.error(err.SYNTAX_ERROR, "expected a type name", where)
    kind = node.this
    if isinstance(kind, exp.Interval):
        unit = kind.args.get("unit")
        first = unit.this.name.upper() if isinstance(unit, exp.IntervalSpan) else ""
        return t.INTERVAL_MONTH if first == "YEAR" else t.INTERVAL_DAY
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    params = _params(node)
    if kind in (_D.VARCHAR, _D.TEXT, _D.NVARCHAR):
        return t.varchar(params[0] if params else None)
    if kind in (_D.CHAR, _D.NCHAR):
        return TrinoType("char", (params[0] if params else 1,))
    if kind == _D.DECIMAL:
        precision = params[0] if params else 38
        scale = params[1] if len(params) > 1 else 0
        if not 1 <= precision <= 38 or scale > precision:
            raise err.error(
                err.INVALID_LITERAL if False else "INVALID_TYPE",
                f"DECIMAL precision must be in range [1, 38]: {precision}",
                where,
            )
        return t.decimal(precision, scale)
    if kind in (_D.TIMESTAMP, _D.DATETIME):
        return t.timestamp(params[0] if params else 3)
    if kind in (_D.TIMESTAMPTZ, _D.TIMESTAMPLTZ):
        return t.timestamp_tz(params[0] if params else 3)
    if kind == _D.TIME:
        return t.time(params[0] if params else 3)
    if kind == _D.TIMETZ:
        return TrinoType("time with time zone", (params[0] if params else 3,))
    if kind == _D.ARRAY:
        return t.array(from_data_type(node.expressions[0], where))
    if kind == _D.MAP:
        key, value = node.expressions
        return t.map_of(from_data_type(key, where), from_data_type(value, where))
    if kind == _D.STRUCT:
        fields = []
        for item in node.expressions:
            if isinstance(item, exp.ColumnDef):
                fields.append(RowField(item.name.lower(), from_data_type(item.args["kind"], where)))
            else:
                fields.append(RowField(None, from_data_type(item, where)))
        return t.row(*fields)
    raise err.error("TYPE_NOT_FOUND", f"Unknown type: {node.sql(dialect='trino')}", where)
