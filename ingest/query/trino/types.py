"""Trino's types as Athena (engine v3) names them, and the rules that relate them.

One small immutable value per type (`TrinoType`), spelled exactly as Trino spells it
(`varchar(3)`, `decimal(12,1)`, `array(row(a integer, b varchar))`), plus the two rules the
analyzer needs everywhere: which implicit coercions Trino allows (`can_coerce`) and the
common super type of two types (`common_super_type`), both from Trino's type coercion
rules (io.trino.type.TypeCoercion). A result column reports `result_name`: varchar without
its length, as Athena's result metadata does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PRECISION = 38
INTEGERS = ("tinyint", "smallint", "integer", "bigint")
#: An integer type seen as a decimal: the digits its largest value needs.
INTEGER_DIGITS = {"tinyint": 3, "smallint": 5, "integer": 10, "bigint": 19}
_PARAMETERLESS = frozenset(
    (
        *INTEGERS,
        "boolean",
        "real",
        "double",
        "varbinary",
        "json",
        "date",
        "unknown",
        "interval day to second",
        "interval year to month",
        "uuid",
        "ipaddress",
    )
)


@dataclass(frozen=True)
class RowField:
    """One field of a row type; `name` is None for an anonymous field (`row(integer)`)."""

    name: str | None
    type: TrinoType

    def __str__(self) -> str:
        return f"{self.name} {self.type}" if self.name else str(self.type)


@dataclass(frozen=True)
class TrinoType:
    """A Trino type: its base name and parameters.

    `params` holds: (length,) or () for varchar; (precision, scale) for decimal; (precision,)
    for time/timestamp (with or without time zone); (element,) for array; (key, value) for
    map; RowFields for row.
    """

    base: str
    params: tuple[object, ...] = ()

    def __str__(self) -> str:
        return self._spell(keep_length=True)

    def _spell(self, *, keep_length: bool) -> str:
        base, params = self.base, self.params
        if base == "varchar":
            return f"varchar({params[0]})" if params and keep_length else "varchar"
        if base == "char":
            return f"char({params[0]})"
        if base == "decimal":
            return f"decimal({params[0]},{params[1]})"
        if base in ("timestamp", "time"):
            return f"{base}({params[0]})"
        if base in ("timestamp with time zone", "time with time zone"):
            return f"{base.split()[0]}({params[0]}) with time zone"
        if base in ("array", "map", "row"):
            inner = ", ".join(
                p._spell(keep_length=keep_length)
                if isinstance(p, TrinoType)
                else _field_spell(p, keep_length)
                for p in params
            )
            return f"{base}({inner})"
        return base

    @property
    def result_name(self) -> str:
        """The name a result column reports (Athena: varchar without its length)."""
        return self._spell(keep_length=False)

    # -- shape helpers -------------------------------------------------------------------

    @property
    def is_integer(self) -> bool:
        return self.base in INTEGERS

    @property
    def is_numeric(self) -> bool:
        return self.base in (*INTEGERS, "real", "double", "decimal")

    @property
    def is_exact(self) -> bool:
        return self.base in (*INTEGERS, "decimal")

    @property
    def is_string(self) -> bool:
        return self.base in ("varchar", "char")

    @property
    def precision(self) -> int:
        value = self.params[0]
        assert isinstance(value, int)
        return value

    @property
    def scale(self) -> int:
        value = self.params[1]
        assert isinstance(value, int)
        return value

    @property
    def element(self) -> TrinoType:
        value = self.params[0]
        assert isinstance(value, TrinoType)
        return value

    @property
    def key(self) -> TrinoType:
        return self.element

    @property
    def value(self) -> TrinoType:
        value = self.params[1]
        assert isinstance(value, TrinoType)
        return value

    @property
    def fields(self) -> tuple[RowField, ...]:
        return tuple(p for p in self.params if isinstance(p, RowField))

    @property
    def length(self) -> int | None:
        return int(self.params[0]) if self.params else None  # type: ignore[call-overload]

    def walk(self) -> list[TrinoType]:
        """This type and every type nested in it."""
        found = [self]
        for param in self.params:
            if isinstance(param, TrinoType):
                found += param.walk()
            elif isinstance(param, RowField):
                found += param.type.walk()
        return found


def _field_spell(field: object, keep_length: bool) -> str:
    assert isinstance(field, RowField)
    inner = field.type._spell(keep_length=keep_length)
    return f"{field.name} {inner}" if field.name else inner


# -- constructors ------------------------------------------------------------------------

BOOLEAN = TrinoType("boolean")
TINYINT = TrinoType("tinyint")
SMALLINT = TrinoType("smallint")
INTEGER = TrinoType("integer")
BIGINT = TrinoType("bigint")
REAL = TrinoType("real")
DOUBLE = TrinoType("double")
VARCHAR = TrinoType("varchar")
VARBINARY = TrinoType("varbinary")
JSON = TrinoType("json")
DATE = TrinoType("date")
UNKNOWN = TrinoType("unknown")
INTERVAL_DAY = TrinoType("interval day to second")
INTERVAL_MONTH = TrinoType("interval year to month")


def varchar(length: int | None = None) -> TrinoType:
    return TrinoType("varchar", () if length is None else (length,))


def decimal(precision: int, scale: int = 0) -> TrinoType:
    return TrinoType("decimal", (precision, scale))


def timestamp(precision: int = 3) -> TrinoType:
    return TrinoType("timestamp", (precision,))


def timestamp_tz(precision: int = 3) -> TrinoType:
    return TrinoType("timestamp with time zone", (precision,))


def time(precision: int = 3) -> TrinoType:
    return TrinoType("time", (precision,))


def array(element: TrinoType) -> TrinoType:
    return TrinoType("array", (element,))


def map_of(key: TrinoType, value: TrinoType) -> TrinoType:
    return TrinoType("map", (key, value))


def row(*fields: RowField | TrinoType) -> TrinoType:
    return TrinoType(
        "row", tuple(f if isinstance(f, RowField) else RowField(None, f) for f in fields)
    )


def as_decimal(t: TrinoType) -> TrinoType:
    """An exact numeric type as a decimal (integer -> decimal(10,0))."""
    return decimal(INTEGER_DIGITS[t.base], 0) if t.is_integer else t


# -- parsing type names ------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(\(|\)|<|>|:|,|[A-Za-z_][A-Za-z0-9_]*|\d+|\"(?:[^\"]|\"\")*\")")
_ALIASES = {
    "int": "integer",
    "string": "varchar",
    "float": "real",
    "binary": "varbinary",
    "struct": "row",
    "dec": "decimal",
    "numeric": "decimal",
    "character": "char",
}


class TypeSyntaxError(ValueError):
    """A type name that does not parse."""


def parse_type(text: str) -> TrinoType:
    """`array(map(varchar, decimal(10,2)))` -> TrinoType; Hive names (int, string) accepted."""
    tokens = [m.group(1) for m in _TOKEN.finditer(text)]
    if "".join(tokens).replace(" ", "") != re.sub(r"\s+", "", text):
        raise TypeSyntaxError(f"unknown type '{text}'")
    parsed, rest = _parse(tokens)
    if rest:
        raise TypeSyntaxError(f"unknown type '{text}'")
    return parsed


def _words(tokens: list[str]) -> tuple[str, list[str]]:
    """Multi-word base names: `timestamp(3) with time zone`, `interval day to second`."""
    word = tokens[0].lower()
    return _ALIASES.get(word, word), tokens[1:]


def _numbers(tokens: list[str]) -> tuple[list[int], list[str]]:
    if not tokens or tokens[0] != "(":
        return [], tokens
    values: list[int] = []
    rest = tokens[1:]
    while rest and rest[0] != ")":
        if rest[0] != ",":
            values.append(int(rest[0]))
        rest = rest[1:]
    return values, rest[1:]


def _with_time_zone(tokens: list[str]) -> tuple[bool, list[str]]:
    lowered = [t.lower() for t in tokens[:3]]
    if lowered == ["with", "time", "zone"]:
        return True, tokens[3:]
    if lowered == ["without", "time", "zone"]:
        return False, tokens[3:]
    return False, tokens


def _parse(tokens: list[str]) -> tuple[TrinoType, list[str]]:
    if not tokens:
        raise TypeSyntaxError("missing type")
    base, rest = _words(tokens)
    if base == "interval":
        words = [t.lower() for t in rest[:3]]
        if words in (["day", "to", "second"], ["year", "to", "month"]):
            return TrinoType(f"interval {' '.join(words)}"), rest[3:]
        raise TypeSyntaxError("interval types are 'interval day to second' or 'year to month'")
    if base in ("double", "precision") and rest and rest[0].lower() == "precision":
        return DOUBLE, rest[1:]
    if base in _PARAMETERLESS:
        return TrinoType(base), rest
    if base in ("varchar", "char"):
        numbers, rest = _numbers(rest)
        if base == "char":
            return TrinoType("char", (numbers[0] if numbers else 1,)), rest
        return varchar(numbers[0] if numbers else None), rest
    if base == "decimal":
        numbers, rest = _numbers(rest)
        precision = numbers[0] if numbers else MAX_PRECISION
        scale = numbers[1] if len(numbers) > 1 else 0
        if not 1 <= precision <= MAX_PRECISION or not 0 <= scale <= precision:
            raise TypeSyntaxError(f"invalid decimal({precision},{scale})")
        return decimal(precision, scale), rest
    if base in ("timestamp", "time"):
        numbers, rest = _numbers(rest)
        zoned, rest = _with_time_zone(rest)
        precision = numbers[0] if numbers else 3
        name = f"{base} with time zone" if zoned else base
        return TrinoType(name, (precision,)), rest
    if base in ("array", "map", "row"):
        return _parse_nested(base, rest)
    raise TypeSyntaxError(f"unknown type '{tokens[0]}'")


def _parse_nested(base: str, tokens: list[str]) -> tuple[TrinoType, list[str]]:
    if not tokens or tokens[0] not in ("(", "<"):
        raise TypeSyntaxError(f"{base} needs its element types")
    rest = tokens[1:]
    items: list[RowField | TrinoType] = []
    while True:
        name: str | None = None
        if base == "row" and len(rest) > 1 and rest[1] == ":":
            name = rest[0].strip('"').lower()
            rest = rest[2:]
        elif base == "row" and len(rest) > 1 and rest[1] not in ("(", ",", ")", ">"):
            lowered = rest[0].lower()
            multiword = lowered in ("timestamp", "time", "interval", "double")
            if not multiword or rest[1].lower() in ("timestamp", "time", "interval", "double"):
                name = rest[0].strip('"').lower()
                rest = rest[1:]
        item, rest = _parse(rest)
        items.append(RowField(name, item) if base == "row" else item)
        if not rest:
            raise TypeSyntaxError(f"unterminated {base}(...)")
        if rest[0] == ",":
            rest = rest[1:]
            continue
        if rest[0] in (")", ">"):
            rest = rest[1:]
            break
        raise TypeSyntaxError(f"unexpected '{rest[0]}' in {base}(...)")
    if base == "array" and len(items) == 1 and isinstance(items[0], TrinoType):
        return array(items[0]), rest
    if base == "map" and len(items) == 2 and all(isinstance(i, TrinoType) for i in items):
        key, value = items
        assert isinstance(key, TrinoType) and isinstance(value, TrinoType)
        return map_of(key, value), rest
    if base == "row":
        return row(*items), rest
    raise TypeSyntaxError(f"wrong number of types in {base}(...)")


# -- coercion ------------------------------------------------------------------------------

_INTEGER_RANK = {name: i for i, name in enumerate(INTEGERS)}


def _decimal_fits(t: TrinoType, target: TrinoType) -> bool:
    source = as_decimal(t)
    return (
        target.scale >= source.scale
        and target.precision - target.scale >= source.precision - source.scale
    )


def can_coerce(source: TrinoType, target: TrinoType) -> bool:
    """Whether Trino converts `source` to `target` implicitly."""
    if source in (target, UNKNOWN):
        return True
    sb, tb = source.base, target.base
    if source.is_integer:
        if target.is_integer:
            return _INTEGER_RANK[sb] <= _INTEGER_RANK[tb]
        if tb in ("real", "double"):
            return True
        return tb == "decimal" and _decimal_fits(source, target)
    if sb == "decimal":
        if tb == "decimal":
            return _decimal_fits(source, target)
        return tb in ("real", "double")
    if sb == "real":
        return tb == "double"
    if sb == "varchar":
        if tb != "varchar":
            return False
        return target.length is None or (
            source.length is not None and source.length <= target.length
        )
    if sb == "date":
        return tb in ("timestamp", "timestamp with time zone")
    if sb == "timestamp":
        return tb in ("timestamp", "timestamp with time zone") and (
            target.precision >= source.precision
        )
    if sb in ("time", "timestamp with time zone"):
        return tb == sb and target.precision >= source.precision
    if sb == tb == "array":
        return can_coerce(source.element, target.element)
    if sb == tb == "map":
        return can_coerce(source.key, target.key) and can_coerce(source.value, target.value)
    if sb == tb == "row":
        return len(source.fields) == len(target.fields) and all(
            can_coerce(a.type, b.type) for a, b in zip(source.fields, target.fields, strict=True)
        )
    return False


def _numeric_super(a: TrinoType, b: TrinoType) -> TrinoType | None:
    if a.is_integer and b.is_integer:
        return a if _INTEGER_RANK[a.base] >= _INTEGER_RANK[b.base] else b
    if "double" in (a.base, b.base):
        return DOUBLE
    if "real" in (a.base, b.base):
        return REAL
    da, db = as_decimal(a), as_decimal(b)
    scale = max(da.scale, db.scale)
    digits = max(da.precision - da.scale, db.precision - db.scale)
    return decimal(min(MAX_PRECISION, digits + scale), scale)


def common_super_type(a: TrinoType, b: TrinoType) -> TrinoType | None:
    """The type both convert to (Trino's getCommonSuperType), or None."""
    if a == b:
        return a
    if a == UNKNOWN:
        return b
    if b == UNKNOWN:
        return a
    if a.is_numeric and b.is_numeric:
        return _numeric_super(a, b)
    if a.base == b.base == "varchar":
        if a.length is None or b.length is None:
            return VARCHAR
        return varchar(max(a.length, b.length))
    if {a.base, b.base} <= {"date", "timestamp", "timestamp with time zone"}:
        zoned = "timestamp with time zone" in (a.base, b.base)
        precision = max(t.precision for t in (a, b) if t.base != "date")
        return timestamp_tz(precision) if zoned else timestamp(precision)
    if a.base == b.base and a.base in ("time", "time with time zone"):
        return TrinoType(a.base, (max(a.precision, b.precision),))
    if a.base == b.base == "array":
        element = common_super_type(a.element, b.element)
        return array(element) if element else None
    if a.base == b.base == "map":
        key, value = common_super_type(a.key, b.key), common_super_type(a.value, b.value)
        return map_of(key, value) if key and value else None
    if a.base == b.base == "row" and len(a.fields) == len(b.fields):
        fields = []
        for fa, fb in zip(a.fields, b.fields, strict=True):
            merged = common_super_type(fa.type, fb.type)
            if merged is None:
                return None
            fields.append(RowField(fa.name if fa.name == fb.name else None, merged))
        return row(*fields)
    return None


def super_type_of(types: list[TrinoType]) -> TrinoType | None:
    """The common super type of several types (UNKNOWN for none)."""
    found = UNKNOWN
    for t in types:
        merged = common_super_type(found, t)
        if merged is None:
            return None
        found = merged
    return found


def is_orderable(t: TrinoType) -> bool:
    """Types with an ordering (< and ORDER BY): not map, json, nor containers of them."""
    return all(x.base not in ("map", "json", "unknown") or x is t for x in t.walk()) and (
        t.base not in ("map", "json")
    )


def is_comparable(t: TrinoType) -> bool:
    """Types with equality (=, IN, GROUP BY, DISTINCT)."""
    return all(x.base != "json" for x in t.walk())
