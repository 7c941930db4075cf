"""Mathematical functions (trino.io/docs/current/functions/math.html).

Result types follow Trino's signatures: abs/ceiling/floor/round/sign/truncate keep an
integer argument's type, decimals get Trino's precision rules (ceiling(decimal(p,s)) is
decimal(p-s+min(s,1),0)), everything else is double. Integer overflow fails.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import types as t
from ingest.query.trino.registry import REGISTRY, Call
from ingest.query.trino.signatures import Bindings
from ingest.query.trino.types import TrinoType

REGISTRY.begin("math")

_INTEGERS = ("tinyint", "smallint", "integer", "bigint")
_RANGE = {"tinyint": 2**7, "smallint": 2**15, "integer": 2**31, "bigint": 2**63}


def _per_numeric(signature: str, translate: object, result: object = None) -> None:
    """Register `signature` with N replaced by each integer type, real and double."""
    for kind in (*_INTEGERS, "real", "double"):
        REGISTRY.scalar(signature.replace("N", kind), translate, result)  # type: ignore[arg-type]


def _abs(call: Call) -> exp.Expr:
    kind = call.result
    if kind.base in _INTEGERS:
        low = -_RANGE[kind.base]
        return call.template(
            f"CASE WHEN {{0}} = {low} THEN FAIL('NUMERIC_VALUE_OUT_OF_RANGE', 'Value "
            f"-{_RANGE[kind.base]} "
            f"is out of range for abs()') ELSE abs({{0}}) END"
        )
    return call.template("abs({0})")


_per_numeric("abs(N) -> N", _abs)
REGISTRY.scalar(
    "abs(decimal(p,s)) -> decimal(p,s)", lambda c: duck.cast(c.template("abs({0})"), c.result)
)


def _rounded_decimal(args: list[TrinoType], b: Bindings) -> TrinoType:
    kind = args[0]
    return t.decimal(max(1, kind.precision - kind.scale + min(kind.scale, 1)), 0)


def _decimal_step(name: str) -> Callable[[Call], exp.Expr]:
    def translate(call: Call) -> exp.Expr:
        return duck.cast(call.template(f"{name}({{0}})"), call.result)

    return translate


for _name in ("ceiling", "floor"):
    _duck_name = "ceil" if _name == "ceiling" else "floor"
    _per_numeric(f"{_name}(N) -> N", _decimal_step(_duck_name))
    REGISTRY.scalar(
        f"{_name}(decimal(p,s)) -> decimal(p,s)", _decimal_step(_duck_name), _rounded_decimal
    )
REGISTRY.alias("ceil", "ceiling")

for _name, _sql in (
    ("cbrt", "cbrt({0})"),
    ("degrees", "degrees({0})"),
    ("radians", "radians({0})"),
    ("exp", "exp({0})"),
    ("ln", "ln({0})"),
    ("log2", "log2({0})"),
    ("log10", "log10({0})"),
    ("sqrt", "sqrt({0})"),
    ("acos", "acos({0})"),
    ("asin", "asin({0})"),
    ("atan", "atan({0})"),
    ("cos", "cos({0})"),
    ("cosh", "cosh({0})"),
    ("sin", "sin({0})"),
    ("sinh", "sinh({0})"),
    ("tan", "tan({0})"),
    ("tanh", "tanh({0})"),
):
    REGISTRY.scalar(f"{_name}(double) -> double", _sql)

REGISTRY.scalar("atan2(double, double) -> double", "atan2({0}, {1})")
REGISTRY.scalar("log(double, double) -> double", "ln({1}) / ln({0})")
REGISTRY.scalar("power(double, double) -> double", "pow({0}, {1})")
REGISTRY.alias("pow", "power")
REGISTRY.scalar("e() -> double", "exp(1)")
REGISTRY.scalar("pi() -> double", "pi()")
REGISTRY.scalar("infinity() -> double", "CAST('Infinity' AS DOUBLE)")
REGISTRY.scalar("nan() -> double", "CAST('NaN' AS DOUBLE)")
REGISTRY.scalar("is_finite(double) -> boolean", "isfinite({0})")
REGISTRY.scalar("is_infinite(double) -> boolean", "isinf({0})")
REGISTRY.scalar("is_nan(double) -> boolean", "isnan({0})")


def _mod_integer(call: Call) -> exp.Expr:
    return call.template(
        "CASE WHEN {1} = 0 THEN FAIL('DIVISION_BY_ZERO', 'Division by zero') ELSE {0} % {1} END"
    )


for _kind in _INTEGERS:
    REGISTRY.scalar(f"mod({_kind}, {_kind}) -> {_kind}", _mod_integer)
REGISTRY.scalar("mod(real, real) -> real", "fmod({0}, {1})")
REGISTRY.scalar("mod(double, double) -> double", "fmod({0}, {1})")


def _mod_result(args: list[TrinoType], b: Bindings) -> TrinoType:
    a, d = args
    scale = max(a.scale, d.scale)
    return t.decimal(min(d.precision - d.scale, a.precision - a.scale) + scale, scale)


def _mod_decimal(call: Call) -> exp.Expr:
    wide = duck.duck_type(t.decimal(38, call.result.scale))
    return duck.cast(
        call.template(
            f"CASE WHEN {{1}} = 0 THEN FAIL('DIVISION_BY_ZERO', 'Division by zero') "
            f"ELSE CAST({{0}} AS {wide}) % CAST({{1}} AS {wide}) END"
        ),
        call.result,
    )


REGISTRY.scalar("mod(decimal(a,b), decimal(c,d)) -> decimal(a,b)", _mod_decimal, _mod_result)

# round
for _kind in _INTEGERS:
    REGISTRY.scalar(f"round({_kind}) -> {_kind}", "{0}")


def _round_integer(call: Call) -> exp.Expr:
    digits = str(len(str(_RANGE[call.result.base])))
    return call.template(
        f"CASE WHEN {{1}} >= 0 THEN {{0}} WHEN -{{1}} > {digits} THEN "
        f"FAIL('NUMERIC_VALUE_OUT_OF_RANGE', "
        f"'round() digits out of range') "
        "ELSE CAST(round(CAST({0} AS HUGEINT), CAST({1} AS INTEGER)) AS "
        + duck.duck_type(call.result)
        + ") END"
    )


for _kind in _INTEGERS:
    REGISTRY.scalar(f"round({_kind}, integer) -> {_kind}", _round_integer)
REGISTRY.scalar("round(double) -> double", "round({0})")
REGISTRY.scalar("round(real) -> real", "CAST(round({0}) AS FLOAT)")
REGISTRY.scalar(
    "round(double, integer) -> double",
    "CASE WHEN isnan({0}) OR isinf({0}) THEN {0} ELSE round({0}, {1}) END",
)
REGISTRY.scalar("round(real, integer) -> real", "CAST(round({0}, {1}) AS FLOAT)")
REGISTRY.scalar("round(decimal(p,s)) -> decimal(p,s)", _decimal_step("round"), _rounded_decimal)


def _round_digits_result(args: list[TrinoType], b: Bindings) -> TrinoType:
    kind = args[0]
    return t.decimal(min(38, kind.precision + 1), kind.scale)


def _round_decimal_digits(call: Call) -> exp.Expr:
    return duck.cast(call.template("round({0}, {1})"), call.result)


REGISTRY.scalar(
    "round(decimal(p,s), integer) -> decimal(p,s)", _round_decimal_digits, _round_digits_result
)

# sign
for _kind in _INTEGERS:
    REGISTRY.scalar(
        f"sign({_kind}) -> {_kind}", f"CAST(sign({{0}}) AS {duck.duck_type(t.TrinoType(_kind))})"
    )
REGISTRY.scalar(
    "sign(double) -> double", "CASE WHEN isnan({0}) THEN {0} ELSE CAST(sign({0}) AS DOUBLE) END"
)
REGISTRY.scalar(
    "sign(real) -> real", "CASE WHEN isnan({0}) THEN {0} ELSE CAST(sign({0}) AS FLOAT) END"
)
REGISTRY.scalar("sign(decimal(p,s)) -> decimal(1,0)", "CAST(sign({0}) AS DECIMAL(1,0))")

# truncate
REGISTRY.scalar("truncate(double) -> double", "trunc({0})")
REGISTRY.scalar("truncate(real) -> real", "CAST(trunc({0}) AS FLOAT)")


def _truncated_decimal(args: list[TrinoType], b: Bindings) -> TrinoType:
    kind = args[0]
    return t.decimal(max(1, kind.precision - kind.scale), 0)


REGISTRY.scalar(
    "truncate(decimal(p,s)) -> decimal(p,s)", _decimal_step("trunc"), _truncated_decimal
)


def _truncate_digits(call: Call) -> exp.Expr:
    scale = call.result.scale
    wide = f"DECIMAL(38,{scale})"
    return duck.cast(
        call.template(
            f"CASE WHEN {{1}} >= {scale} THEN CAST({{0}} AS {wide}) "
            f"ELSE CAST(trunc(CAST({{0}} AS {wide}) * CAST(power(10, {{1}}) AS {wide})) / "
            f"CAST(power(10, "
            f"{{1}}) AS {wide}) AS {wide}) END"
        ),
        call.result,
    )


REGISTRY.scalar("truncate(decimal(p,s), integer) -> decimal(p,s)", _truncate_digits)

# random
REGISTRY.scalar("random() -> double", "random()")
REGISTRY.alias("rand", "random")


def _random_below(call: Call) -> exp.Expr:
    return duck.cast(
        call.template(
            "CASE WHEN {0} <= 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'bound must be positive') "
            "ELSE floor(random() * {0}) END"
        ),
        call.result,
    )


def _random_between(call: Call) -> exp.Expr:
    return duck.cast(
        call.template(
            "CASE WHEN {0} >= {1} THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'start value must be less "
            "than stop value') ELSE {0} + floor(random() * ({1} - {0})) END"
        ),
        call.result,
    )


for _kind in _INTEGERS:
    REGISTRY.scalar(f"random({_kind}) -> {_kind}", _random_below)
    REGISTRY.scalar(f"random({_kind}, {_kind}) -> {_kind}", _random_between)
REGISTRY.functions["rand"].overloads = list(REGISTRY.functions["random"].overloads)

# width_bucket
REGISTRY.scalar(
    "width_bucket(double, double, double, bigint) -> bigint",
    "CASE WHEN {3} <= 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'bucketCount must be greater than "
    "0') "
    "WHEN isnan({0}) OR isnan({1}) OR isnan({2}) OR isinf({1}) OR isinf({2}) THEN "
    "FAIL('INVALID_FUNCTION_ARGUMENT', "
    "'operand and bounds must be finite numbers') "
    "WHEN {1} = {2} THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'bounds cannot equal each other') "
    "WHEN {1} < {2} THEN (CASE WHEN {0} < {1} THEN 0 WHEN {0} >= {2} THEN {3} + 1 "
    "ELSE CAST(floor(({0} - {1}) / ({2} - {1}) * {3}) AS BIGINT) + 1 END) "
    "ELSE (CASE WHEN {0} > {1} THEN 0 WHEN {0} <= {2} THEN {3} + 1 "
    "ELSE CAST(floor(({1} - {0}) / ({1} - {2}) * {3}) AS BIGINT) + 1 END) END",
)
REGISTRY.scalar(
    "width_bucket(double, array(double)) -> bigint",
    "CASE WHEN list_bool_or(list_transform(list_zip(list_slice({1}, 1, len({1}) - 1), "
    "list_slice({1}, "
    "2, len({1}))), lambda __p: struct_extract(__p, 1) > struct_extract(__p, 2))) "
    "THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Bin values are not sorted in ascending order') "
    "ELSE CAST(len(list_filter({1}, lambda __b: __b <= {0})) AS BIGINT) END",
)

REGISTRY.scalar(
    "cosine_similarity(map(varchar,double), map(varchar,double)) -> double",
    "CASE WHEN list_bool_or(list_transform(map_values({0}), lambda __v: __v IS NULL)) "
    "OR list_bool_or(list_transform(map_values({1}), lambda __v: __v IS NULL)) THEN NULL "
    "ELSE coalesce(list_sum(list_transform(map_keys({0}), lambda __k: CASE WHEN map_contains({1}, "
    "__k) "
    "THEN map_extract_value({0}, __k) * map_extract_value({1}, __k) ELSE 0.0 END)), 0.0) "
    "/ (sqrt(coalesce(list_sum(list_transform(map_values({0}), lambda __v: __v * __v)), 0.0)) "
    "* sqrt(coalesce(list_sum(list_transform(map_values({1}), lambda __v: __v * __v)), 0.0))) END",
)

# bases, statistics
REGISTRY.scalar("from_base(varchar, bigint) -> bigint", "athena_from_base({0}, {1})")
REGISTRY.scalar("to_base(bigint, bigint) -> varchar", "athena_to_base({0}, {1})")
REGISTRY.scalar(
    "wilson_interval_lower(bigint, bigint, double) -> double", "athena_wilson({0}, {1}, {2}, false)"
)
REGISTRY.scalar(
    "wilson_interval_upper(bigint, bigint, double) -> double", "athena_wilson({0}, {1}, {2}, true)"
)
REGISTRY.scalar("beta_cdf(double, double, double) -> double", "athena_beta_cdf({0}, {1}, {2})")
REGISTRY.scalar("normal_cdf(double, double, double) -> double", "athena_normal_cdf({0}, {1}, {2})")
REGISTRY.scalar(
    "inverse_normal_cdf(double, double, double) -> double",
    "athena_inverse_normal_cdf({0}, {1}, {2})",
)
REGISTRY.refuse(
    "inverse_beta_cdf",
    "Trino computes it with a numeric solver accurate to 1e-9 only; its exact digits cannot be "
    "reproduced",
)
