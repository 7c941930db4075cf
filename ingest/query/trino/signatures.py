"""Function signatures with type variables, and binding actual argument types to them.

A signature is written the way Trino's documentation writes it:
`array_position(array(T), T) -> bigint`, `map_filter(map(K,V), function(K,V,boolean)) ->
map(K,V)`, `abs(decimal(p,s)) -> decimal(p,s)`, `concat(varchar...) -> varchar`.
Upper-case single letters are type variables, lower-case letters in decimal(...) are
precision/scale variables, `...` marks a repeated last parameter. Binding follows Trino:
first without coercion, then allowing the implicit coercions (`can_coerce`), type variables
taking the common super type of what they meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.query.trino import types as t
from ingest.query.trino.types import RowField, TrinoType

_SIGNATURE = re.compile(r"^\s*(?P<name>[^(\s]+)\s*\((?P<params>.*)\)\s*->\s*(?P<returns>.+)$")


_VARIABLE = re.compile(r"^[A-Z][0-9]?$")


def is_variable(p: TrinoType) -> bool:
    return bool(_VARIABLE.match(p.base)) and not p.params


def _split_top(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def parse_pattern(text: str) -> TrinoType:
    """A parameter pattern: a type with variables (T, K, V; decimal(p,s); function(...))."""
    text = text.strip()
    if _VARIABLE.match(text):
        return TrinoType(text)
    temporal = re.match(r"^(timestamp|time)\s*\(([a-z])\)(\s+with time zone)?$", text, re.I)
    if temporal:
        base = temporal.group(1).lower() + (" with time zone" if temporal.group(3) else "")
        return TrinoType(base, (temporal.group(2),))
    match = re.match(r"^(\w+)\s*\((.*)\)$", text, re.S)
    if match:
        base, inner = match.group(1).lower(), match.group(2)
        parts = _split_top(inner)
        if base == "decimal" and any(p.isalpha() for p in parts):
            return TrinoType("decimal", tuple(int(p) if p.isdigit() else p for p in parts))
        if base in ("array", "map", "function"):
            return TrinoType(base, tuple(parse_pattern(p) for p in parts))
        if base == "row" and any(_VARIABLE.match(p) for p in parts):
            return t.row(*(parse_pattern(p) for p in parts))
    return t.parse_type(text)


@dataclass(frozen=True)
class Pattern:
    """A parsed signature: parameter patterns, return pattern, repeated last parameter."""

    name: str
    params: tuple[TrinoType, ...]
    returns: TrinoType
    variadic: bool

    def accepts_arity(self, count: int) -> bool:
        if self.variadic:
            return count >= len(self.params) - 1
        return count == len(self.params)

    def param_for(self, index: int) -> TrinoType:
        if self.variadic and index >= len(self.params) - 1:
            return self.params[-1]
        return self.params[index]

    def __str__(self) -> str:
        shown = [str_pattern(p) for p in self.params]
        if self.variadic and shown:
            shown[-1] += "..."
        return f"{self.name}({', '.join(shown)})"


def str_pattern(p: TrinoType) -> str:
    if is_variable(p):
        return p.base
    if p.base == "decimal" and p.params and isinstance(p.params[0], str):
        return f"decimal({p.params[0]},{p.params[1]})"
    if p.params and isinstance(p.params[0], str):
        return (
            p.base.replace("timestamp", f"timestamp({p.params[0]})", 1)
            if p.base.startswith("timestamp")
            else f"{p.base}({p.params[0]})"
        )
    if p.base in ("array", "map", "function"):
        return (
            f"{p.base}({', '.join(str_pattern(x) for x in p.params if isinstance(x, TrinoType))})"
        )
    if p.base == "varchar":
        return "varchar"
    return str(p)


def parse_signature(text: str) -> Pattern:
    match = _SIGNATURE.match(text)
    if match is None:
        raise ValueError(f"bad signature {text!r}")
    params_text = match.group("params").strip()
    parts = _split_top(params_text) if params_text else []
    variadic = bool(parts) and parts[-1].endswith("...")
    if variadic:
        parts[-1] = parts[-1][:-3]
    return Pattern(
        match.group("name"),
        tuple(parse_pattern(p) for p in parts),
        parse_pattern(match.group("returns")),
        variadic,
    )


# -- binding ------------------------------------------------------------------------------------


class Bindings(dict[str, object]):
    """Type variable -> TrinoType, precision variable -> int."""


def _bind_decimal(pattern: TrinoType, actual: TrinoType, b: Bindings, coerce: bool) -> bool:
    if actual == t.UNKNOWN:
        return True
    if actual.base != "decimal" and not (coerce and actual.is_integer):
        return False
    actual = t.as_decimal(actual)
    p_name, s_name = str(pattern.params[0]), str(pattern.params[1])
    if p_name in b:
        bound = t.decimal(int(str(b[p_name])), int(str(b[s_name])))
        if bound == actual:
            return True
        if not coerce:
            return False
        merged = t.common_super_type(bound, actual)
        if merged is None or merged.base != "decimal":
            return False
        actual = merged
    b[p_name], b[s_name] = actual.precision, actual.scale
    return True


def _bind_precision(pattern: TrinoType, actual: TrinoType, b: Bindings, coerce: bool) -> bool:
    """timestamp(p), time(p), timestamp(p) with time zone: bind the precision."""
    if actual == t.UNKNOWN:
        return True
    name = str(pattern.params[0])
    if actual.base == pattern.base:
        precision = actual.precision
    elif coerce and actual.base == "date" and pattern.base.startswith("timestamp"):
        precision = 0
    elif coerce and actual.base == "timestamp" and pattern.base == "timestamp with time zone":
        precision = actual.precision
    else:
        return False
    bound = b.get(name)
    if bound is not None and bound != precision:
        if not coerce:
            return False
        precision = max(int(str(bound)), precision)
    b[name] = precision
    return True


def bind(pattern: TrinoType, actual: TrinoType, b: Bindings, coerce: bool) -> bool:
    """Match `actual` against `pattern`, extending `b`; False when it cannot match."""
    if is_variable(pattern):
        name = pattern.base
        bound = b.get(name)
        if bound is None:
            b[name] = actual
            return True
        assert isinstance(bound, TrinoType)
        if bound == actual or actual == t.UNKNOWN:
            return True
        if bound == t.UNKNOWN:
            b[name] = actual
            return True
        if not coerce:
            return False
        merged = t.common_super_type(bound, actual)
        if merged is None:
            return False
        b[name] = merged
        return True
    if pattern.base == "decimal" and pattern.params and isinstance(pattern.params[0], str):
        return _bind_decimal(pattern, actual, b, coerce)
    if pattern.params and isinstance(pattern.params[0], str):
        return _bind_precision(pattern, actual, b, coerce)
    if pattern.base in ("array", "map") and any(
        isinstance(p, TrinoType) and _has_variables(p) for p in pattern.params
    ):
        if actual == t.UNKNOWN:
            return True
        if actual.base != pattern.base:
            return False
        inner_patterns = [p for p in pattern.params if isinstance(p, TrinoType)]
        inner_actual = [p for p in actual.params if isinstance(p, TrinoType)]
        return all(bind(p, a, b, coerce) for p, a in zip(inner_patterns, inner_actual, strict=True))
    if pattern.base == "row" and _has_variables(pattern):
        if actual.base != "row" or len(actual.fields) != len(pattern.fields):
            return actual == t.UNKNOWN
        return all(
            bind(p.type, a.type, b, coerce)
            for p, a in zip(pattern.fields, actual.fields, strict=True)
        )
    if pattern.base == "varchar" and not pattern.params:
        return actual.base == "varchar" or actual == t.UNKNOWN
    if actual == pattern or actual == t.UNKNOWN:
        return True
    if pattern.base in ("timestamp", "timestamp with time zone", "time") and (
        actual.base == pattern.base
    ):
        return True  # any precision: the translation keeps it
    return coerce and t.can_coerce(actual, pattern)


def _has_variables(p: TrinoType) -> bool:
    if is_variable(p):
        return True
    if p.params and isinstance(p.params[0], str):
        return True
    return any(
        _has_variables(x.type if isinstance(x, RowField) else x)
        for x in p.params
        if isinstance(x, TrinoType | RowField)
    )


def substitute(pattern: TrinoType, b: Bindings) -> TrinoType:
    """The pattern with its variables replaced (an unbound variable is `unknown`)."""
    if is_variable(pattern):
        found = b.get(pattern.base)
        return found if isinstance(found, TrinoType) else t.UNKNOWN
    if pattern.base == "decimal" and any(isinstance(p, str) for p in pattern.params):
        precision, scale = (
            p if isinstance(p, int) else int(str(b.get(str(p), 38 if i == 0 else 0)))
            for i, p in enumerate(pattern.params)
        )
        return t.decimal(precision, scale)
    if pattern.params and isinstance(pattern.params[0], str):
        return TrinoType(pattern.base, (int(str(b.get(str(pattern.params[0]), 3))),))
    if pattern.base in ("array", "map", "function"):
        return TrinoType(
            pattern.base,
            tuple(substitute(p, b) for p in pattern.params if isinstance(p, TrinoType)),
        )
    if pattern.base == "row":
        return t.row(*(RowField(f.name, substitute(f.type, b)) for f in pattern.fields))
    return pattern
