"""Regular expression functions (trino.io/docs/current/functions/regexp.html), on RE2.

Patterns written as literals are translated and checked before the query runs (see
`regex`); a pattern computed by the query is handed to RE2 as it is.
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck, regex
from ingest.query.trino import errors as err
from ingest.query.trino.lambdas import apply
from ingest.query.trino.registry import REGISTRY, Call

REGISTRY.begin("regexp", strict=True)  # NULL in, NULL out


def _pattern(call: Call, index: int = 1) -> tuple[exp.Expr, regex.Pattern | None]:
    """The pattern argument in RE2 syntax, and its analysis when it is a literal."""
    text = call.constant(index)
    if not isinstance(text, str):
        return call.sql(index), None
    try:
        found = regex.translate(text)
    except regex.PatternProblem as problem:
        raise err.not_supported(
            f"{call.name}() with a pattern using {problem}",
            call.node,
            "RE2, the local engine's regex library, has none",
        ) from None
    return duck.string(found.re2), found


def _with_group_check(
    call: Call, found: regex.Pattern | None, group: exp.Expr, body: exp.Expr
) -> exp.Expr:
    if found is None:
        return body
    return duck.template(
        f"CASE WHEN {{0}} < 0 THEN {{1}} WHEN {{0}} > {found.groups} THEN {{2}} ELSE {{3}} END",
        group,
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "Group cannot be negative"),
        call.fail(
            err.INVALID_FUNCTION_ARGUMENT, f"Pattern has {found.groups} groups. Cannot access group"
        ),
        body,
    )


def _count(call: Call) -> exp.Expr:
    pattern, _ = _pattern(call)
    return duck.template("CAST(len(regexp_extract_all({0}, {1})) AS BIGINT)", call.sql(0), pattern)


def _extract_all(call: Call) -> exp.Expr:
    pattern, found = _pattern(call)
    group = call.sql(2) if len(call.args) > 2 else duck.number(0)
    body = duck.template(
        "regexp_extract_all({0}, {1}, CAST({2} AS INTEGER))", call.sql(0), pattern, group
    )
    return _with_group_check(call, found, group, body)


def _extract(call: Call) -> exp.Expr:
    pattern, found = _pattern(call)
    group = call.sql(2) if len(call.args) > 2 else duck.number(0)
    body = duck.template(
        "CASE WHEN regexp_matches({0}, {1}) THEN regexp_extract({0}, {1}, CAST({2} AS INTEGER)) "
        "ELSE NULL END",
        call.sql(0),
        pattern,
        group,
    )
    return _with_group_check(call, found, group, body)


def _like(call: Call) -> exp.Expr:
    pattern, _ = _pattern(call)
    return duck.call("regexp_matches", call.sql(0), pattern)


def _position(call: Call) -> exp.Expr:
    """regexp_position: where the n-th match at or after `start` begins. RE2 reports no
    offsets, so the text before that match is captured with a lazy prefix that skips
    n - 1 matches: `^((?:.*?(?:p)){n-1}.*?)(?:p)`."""
    pattern, _ = _pattern(call)
    start = call.sql(2) if len(call.args) > 2 else duck.number(1)
    occurrence = call.sql(3) if len(call.args) > 3 else duck.number(1)
    rest = duck.template("substring({0}, CAST({1} AS INTEGER))", call.sql(0), start)
    skipping = duck.template(
        "'(?s)^((?:.*?(?:' || {0} || ')){' || CAST({1} - 1 AS VARCHAR) || '}.*?)(?:' || {0} || ')'",
        pattern,
        occurrence,
    )
    found = duck.template(
        "CAST({0} + length(regexp_extract({1}, {2}, 1)) AS INTEGER)", start, rest, skipping
    )
    return duck.template(
        "CASE WHEN {0} < 1 THEN {4} WHEN {1} < 1 THEN {5} "
        "WHEN {0} > length({2}) + 1 OR {1} > len(regexp_extract_all({3}, {6})) THEN -1 ELSE {7} "
        "END",
        start,
        occurrence,
        call.sql(0),
        rest,
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "start position cannot be smaller than 1"),
        call.fail(err.INVALID_FUNCTION_ARGUMENT, "occurrence cannot be smaller than 1"),
        pattern,
        found,
    )


def _replace(call: Call) -> exp.Expr:
    pattern, found = _pattern(call)
    if len(call.args) == 2:
        return duck.template("regexp_replace({0}, {1}, '', 'g')", call.sql(0), pattern)
    text = call.constant(2)
    if not isinstance(text, str) or found is None:
        raise err.not_supported(
            "regexp_replace() with a replacement or pattern that is not a literal",
            call.node,
            "the replacement must be translated from Java's $1 syntax before the query runs",
        )
    converted, problem = regex.replacement(text, found)
    if problem is not None:
        return call.fail(err.INVALID_FUNCTION_ARGUMENT, problem)
    return duck.template(
        "regexp_replace({0}, {1}, {2}, 'g')", call.sql(0), pattern, duck.string(converted)
    )


def _replace_with(call: Call) -> exp.Expr:
    """regexp_replace(s, p, x -> ...): the function gets each match's groups as an array."""
    pattern, found = _pattern(call)
    if found is None:
        raise err.not_supported(
            "regexp_replace() with a lambda and a pattern that is not a literal", call.node
        )
    anchored = duck.string(f"^(?:{found.re2})$")
    i = call.ctx.fresh("__i")
    matches = duck.template("regexp_extract_all({0}, {1})", call.sql(0), pattern)
    parts = duck.template("regexp_split_to_array({0}, {1})", call.sql(0), pattern)
    match = duck.call("list_extract", matches, duck.column(i))
    groups = exp.Array(
        expressions=[
            duck.call("regexp_extract", match, anchored, duck.number(group))
            for group in range(1, found.groups + 1)
        ]
    )
    replaced = apply(call.sql(2), [groups])
    pieces = duck.call(
        "list_transform",
        duck.call("range", duck.number(1), duck.template("len({0}) + 1", matches)),
        duck.lambda_(
            [i],
            duck.template(
                "coalesce({0}, '') || list_extract({1}, {2} + 1)", replaced, parts, duck.column(i)
            ),
        ),
    )
    return duck.template(
        "list_extract({0}, 1) || coalesce(array_to_string({1}, ''), '')", parts, pieces
    )


def _split(call: Call) -> exp.Expr:
    pattern, _ = _pattern(call)
    return duck.template("regexp_split_to_array({0}, {1})", call.sql(0), pattern)


REGISTRY.scalar("regexp_count(varchar, varchar) -> bigint", _count)
REGISTRY.scalar("regexp_extract_all(varchar, varchar) -> array(varchar)", _extract_all)
REGISTRY.scalar("regexp_extract_all(varchar, varchar, bigint) -> array(varchar)", _extract_all)
REGISTRY.scalar("regexp_extract(varchar, varchar) -> varchar", _extract)
REGISTRY.scalar("regexp_extract(varchar, varchar, bigint) -> varchar", _extract)
REGISTRY.scalar("regexp_like(varchar, varchar) -> boolean", _like)
REGISTRY.scalar("regexp_position(varchar, varchar) -> integer", _position)
REGISTRY.scalar("regexp_position(varchar, varchar, integer) -> integer", _position)
REGISTRY.scalar("regexp_position(varchar, varchar, integer, integer) -> integer", _position)
REGISTRY.scalar("regexp_replace(varchar, varchar) -> varchar", _replace)
REGISTRY.scalar("regexp_replace(varchar, varchar, varchar) -> varchar", _replace)
REGISTRY.scalar(
    "regexp_replace(varchar, varchar, function(array(varchar),varchar)) -> varchar", _replace_with
)
REGISTRY.scalar("regexp_split(varchar, varchar) -> array(varchar)", _split)
