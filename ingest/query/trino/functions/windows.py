"""Window functions (trino.io/docs/current/functions/window.html); aggregates over windows
use the aggregate translations with the OVER clause attached."""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino.registry import REGISTRY, Call

REGISTRY.begin("window")


def _ranking(name: str) -> object:
    def translate(call: Call) -> exp.Expr:
        return call.aggregate(name, *(a.sql for a in call.args))

    return translate


for _name in ("rank", "dense_rank", "row_number"):
    REGISTRY.window(f"{_name}() -> bigint", _ranking(_name))  # type: ignore[arg-type]
for _name in ("percent_rank", "cume_dist"):
    REGISTRY.window(f"{_name}() -> double", _ranking(_name))  # type: ignore[arg-type]
REGISTRY.window(
    "ntile(bigint) -> bigint",
    lambda c: c.template(
        "CASE WHEN {0} <= 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Buckets must be greater than "
        "0') ELSE {1} END",
        c.aggregate("ntile", c.sql(0)),
    ),
)
REGISTRY.window("first_value(T) -> T", _ranking("first_value"))  # type: ignore[arg-type]
REGISTRY.window("last_value(T) -> T", _ranking("last_value"))  # type: ignore[arg-type]
REGISTRY.window(
    "nth_value(T, bigint) -> T",
    lambda c: c.template(
        "CASE WHEN {1} <= 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Offset must be at least 1') "
        "ELSE {2} END",
        c.aggregate("nth_value", c.sql(0), c.sql(1)),
    ),
)


def _shift(name: str) -> object:
    def translate(call: Call) -> exp.Expr:
        args = [a.sql for a in call.args]
        shifted = call.aggregate(name, *args)
        if len(args) > 1:
            return call.template(
                "CASE WHEN {1} < 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Offset must be at least "
                "0') ELSE {" + str(len(args)) + "} END",
                shifted,
            )
        return shifted

    return translate


for _name in ("lead", "lag"):
    REGISTRY.window(f"{_name}(T) -> T", _shift(_name))  # type: ignore[arg-type]
    REGISTRY.window(f"{_name}(T, bigint) -> T", _shift(_name))  # type: ignore[arg-type]
    REGISTRY.window(f"{_name}(T, bigint, T) -> T", _shift(_name))  # type: ignore[arg-type]

__all__ = ["duck"]
