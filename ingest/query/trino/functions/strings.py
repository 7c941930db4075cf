"""String functions and operators (trino.io/docs/current/functions/string.html).

Positions and lengths count Unicode code points; trim removes what Java calls whitespace
(including U+2028); substr with a start of 0 or before the string's beginning is empty;
split_part past the last part is NULL; upper leaves 'ß' as it is, as Java's per-character
mapping does.
"""

from __future__ import annotations

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino import errors as err
from ingest.query.trino import types as t
from ingest.query.trino.registry import REGISTRY, Call
from ingest.query.trino.signatures import Bindings
from ingest.query.trino.types import TrinoType

REGISTRY.begin("string", strict=True)  # NULL in, NULL out, unless noted

#: Java's Character.isWhitespace set: what Trino's trim functions remove.
WHITESPACE = "".join(
    chr(c)
    for c in (
        *range(0x09, 0x0E),
        *range(0x1C, 0x21),
        0x1680,
        *range(0x2000, 0x2007),
        *range(0x2008, 0x200B),
        0x2028,
        0x2029,
        0x205F,
        0x3000,
    )
)


def _same_length(args: list[TrinoType], b: Bindings) -> TrinoType:
    return args[0] if args[0].base == "varchar" else t.VARCHAR


REGISTRY.scalar(
    "chr(bigint) -> varchar(1)",
    "CASE WHEN {0} < 0 OR {0} > 1114111 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Not a valid "
    "Unicode "
    "code point: ' || {0}) "
    "ELSE chr(CAST({0} AS INTEGER)) END",
)
REGISTRY.scalar(
    "codepoint(varchar(1)) -> integer",
    "CASE WHEN length({0}) <> 1 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Input string must be a "
    "single "
    "character string') "
    "ELSE unicode({0}) END",
)


def _concat_result(args: list[TrinoType], b: Bindings) -> TrinoType:
    if args[0].base == "varbinary":
        return t.VARBINARY
    lengths = [a.length for a in args]
    return t.varchar(sum(lengths)) if all(n is not None for n in lengths) else t.VARCHAR  # type: ignore[arg-type]


def _concat(call: Call) -> exp.Expr:
    if len(call.args) < 2:
        raise err.error(
            err.INVALID_FUNCTION_ARGUMENT,
            "There must be two or more concatenation arguments",
            call.node,
        )
    sql = call.sql(0)
    for arg in call.args[1:]:
        sql = duck.template("{0} || {1}", sql, arg.sql)
    return sql


REGISTRY.scalar("concat(varchar, varchar...) -> varchar", _concat, _concat_result)
REGISTRY.scalar("concat(varbinary, varbinary...) -> varbinary", _concat, _concat_result)


def _concat_ws(call: Call) -> exp.Expr:
    return duck.call("concat_ws", *(a.sql for a in call.args))


REGISTRY.scalar("concat_ws(varchar, varchar...) -> varchar", _concat_ws, strict=(0,))
REGISTRY.scalar(
    "concat_ws(varchar, array(varchar)) -> varchar",
    "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE coalesce(array_to_string({1}, {0}), '') "
    "END",
)
REGISTRY.scalar("ends_with(varchar, varchar) -> boolean", "ends_with({0}, {1})")
REGISTRY.scalar("starts_with(varchar, varchar) -> boolean", "starts_with({0}, {1})")
REGISTRY.scalar(
    "hamming_distance(varchar, varchar) -> bigint",
    "CASE WHEN length({0}) <> length({1}) THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'The input "
    "strings "
    "to hamming_distance function must have the same length') "
    "ELSE CAST(len(list_filter(range(1, length({0}) + 1), lambda __i: substring({0}, __i, 1) <> "
    "substring({1}, __i, 1))) AS BIGINT) END",
)
REGISTRY.scalar("length(varchar) -> bigint", "CAST(length({0}) AS BIGINT)")
REGISTRY.scalar("length(varbinary) -> bigint", "CAST(octet_length({0}) AS BIGINT)")
REGISTRY.scalar(
    "levenshtein_distance(varchar, varchar) -> bigint", "CAST(levenshtein({0}, {1}) AS BIGINT)"
)
REGISTRY.scalar("lower(varchar) -> varchar", "lower({0})", _same_length)
REGISTRY.scalar(
    "upper(varchar) -> varchar",
    "CASE WHEN contains({0}, 'ß') THEN athena_upper({0}) ELSE upper({0}) END",
    _same_length,
)

_PAD = (
    "CASE WHEN {1} < 0 OR {1} > 2147483647 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Target length "
    "must be in the range [0..2147483647]') "
    "WHEN length({2}) = 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Padding string must not be "
    "empty') "
    "ELSE NAME({0}, CAST({1} AS INTEGER), {2}) END"
)
REGISTRY.scalar("lpad(varchar, bigint, varchar) -> varchar", _PAD.replace("NAME", "lpad"))
REGISTRY.scalar("rpad(varchar, bigint, varchar) -> varchar", _PAD.replace("NAME", "rpad"))


def _trim(name: str) -> object:
    def translate(call: Call) -> exp.Expr:
        chars = call.sql(1) if len(call.args) > 1 else duck.string(WHITESPACE)
        return duck.call(name, call.sql(0), chars)

    return translate


for _name in ("trim", "ltrim", "rtrim"):
    REGISTRY.scalar(f"{_name}(varchar) -> varchar", _trim(_name), _same_length)  # type: ignore[arg-type]
    REGISTRY.scalar(f"{_name}(varchar, varchar) -> varchar", _trim(_name), _same_length)  # type: ignore[arg-type]

REGISTRY.scalar("luhn_check(varchar) -> boolean", "athena_luhn_check({0})")
REGISTRY.scalar("replace(varchar, varchar) -> varchar", "replace({0}, {1}, '')")
REGISTRY.scalar(
    "replace(varchar, varchar, varchar) -> varchar",
    "CASE WHEN {1} = '' THEN {2} || array_to_string(string_split({0}, ''), {2}) || (CASE WHEN {0} "
    "= '' THEN '' ELSE {2} END) "
    "ELSE replace({0}, {1}, {2}) END",
)
REGISTRY.scalar("reverse(varchar) -> varchar", "reverse({0})", _same_length)
REGISTRY.scalar("soundex(varchar) -> varchar", "athena_soundex({0})")

_NO_EMPTY_DELIMITER = (
    "FAIL('INVALID_FUNCTION_ARGUMENT', 'The delimiter may not be the empty string')"
)
REGISTRY.scalar(
    "split(varchar, varchar) -> array(varchar)",
    f"CASE WHEN {{1}} = '' THEN {_NO_EMPTY_DELIMITER} ELSE string_split({{0}}, {{1}}) END",
)
REGISTRY.scalar(
    "split(varchar, varchar, bigint) -> array(varchar)",
    "CASE WHEN {2} <= 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Limit must be positive') "
    f"WHEN {{1}} = '' THEN {_NO_EMPTY_DELIMITER} "
    "WHEN len(string_split({0}, {1})) <= {2} THEN string_split({0}, {1}) "
    "ELSE list_concat(list_slice(string_split({0}, {1}), 1, {2} - 1), "
    "[array_to_string(list_slice(string_split({0}, {1}), {2}, len(string_split({0}, {1}))), {1})]) "
    "END",
)
REGISTRY.scalar(
    "split_part(varchar, varchar, bigint) -> varchar",
    "CASE WHEN {2} <= 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Index must be greater than zero') "
    "WHEN {2} > len(string_split({0}, {1})) THEN NULL ELSE split_part({0}, {1}, CAST({2} AS "
    "INTEGER)) "
    "END",
)

_ENTRIES = "CASE WHEN {0} = '' THEN [] ELSE string_split({0}, {1}) END"
_BAD_ENTRY = "len(list_filter(" + _ENTRIES + ", lambda __e: len(string_split(__e, {2})) <> 2)) > 0"
_KEYS = "list_transform(" + _ENTRIES + ", lambda __e: split_part(__e, {2}, 1))"
_VALUES = "list_transform(" + _ENTRIES + ", lambda __e: split_part(__e, {2}, 2))"
REGISTRY.scalar(
    "split_to_map(varchar, varchar, varchar) -> map(varchar,varchar)",
    f"CASE WHEN {_BAD_ENTRY} THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Key-value delimiter must "
    f"appear "
    f"exactly once in each entry') "
    f"WHEN len(list_distinct({_KEYS})) <> len({_KEYS}) THEN FAIL('INVALID_FUNCTION_ARGUMENT', "
    f"'Duplicate "
    f"keys are not allowed') "
    f"ELSE map({_KEYS}, {_VALUES}) END",
)
REGISTRY.scalar(
    "split_to_multimap(varchar, varchar, varchar) -> map(varchar,array(varchar))",
    f"CASE WHEN {_BAD_ENTRY} THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Key-value delimiter must "
    f"appear "
    f"exactly once in each entry') "
    f"ELSE map(list_distinct({_KEYS}), list_transform(list_distinct({_KEYS}), lambda __k: "
    f"list_transform(list_filter({_ENTRIES}, lambda __e: split_part(__e, {{2}}, 1) = __k), lambda "
    f"__e: split_part(__e, {{2}}, 2)))) END",
)
REGISTRY.scalar("strpos(varchar, varchar) -> bigint", "CAST(strpos({0}, {1}) AS BIGINT)")
REGISTRY.scalar(
    "strpos(varchar, varchar, bigint) -> bigint",
    "CASE WHEN {2} = 0 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'instance must not be zero') ELSE "
    "athena_strpos({0}, {1}, {2}) END",
)
REGISTRY.alias("position", "strpos")
REGISTRY.scalar(
    "substr(varchar, bigint) -> varchar",
    "CASE WHEN {1} = 0 OR -{1} > length({0}) THEN '' ELSE substring({0}, CAST({1} AS INTEGER)) END",
    _same_length,
)
REGISTRY.scalar(
    "substr(varchar, bigint, bigint) -> varchar",
    "CASE WHEN {1} = 0 OR -{1} > length({0}) OR {2} <= 0 THEN '' ELSE substring({0}, CAST({1} AS "
    "INTEGER), CAST(least({2}, 2147483647) AS INTEGER)) END",
    _same_length,
)
REGISTRY.scalar("substr(varbinary, bigint) -> varbinary", "athena_substr_binary({0}, {1}, NULL)")
REGISTRY.scalar(
    "substr(varbinary, bigint, bigint) -> varbinary", "athena_substr_binary({0}, {1}, {2})"
)
REGISTRY.alias("substring", "substr")
REGISTRY.scalar("translate(varchar, varchar, varchar) -> varchar", "translate({0}, {1}, {2})")
REGISTRY.refuse(
    "word_stem",
    "Trino stems with Lucene's Snowball stemmers, which the local engine does not ship",
)
REGISTRY.scalar("normalize(varchar) -> varchar", "athena_normalize({0}, 'NFC')")
REGISTRY.scalar("normalize(varchar, varchar) -> varchar", "athena_normalize({0}, {1})")
REGISTRY.scalar("to_utf8(varchar) -> varbinary", "encode({0})")
REGISTRY.scalar("from_utf8(varbinary) -> varchar", "athena_from_utf8({0}, '\ufffd')")
REGISTRY.scalar(
    "from_utf8(varbinary, varchar) -> varchar",
    "CASE WHEN length({1}) > 1 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Replacement character "
    "string "
    "must empty or a single character') "
    "ELSE athena_from_utf8({0}, {1}) END",
)
REGISTRY.scalar(
    "from_utf8(varbinary, bigint) -> varchar",
    "CASE WHEN {1} < 0 OR {1} > 1114111 THEN FAIL('INVALID_FUNCTION_ARGUMENT', 'Invalid "
    "replacement "
    "character') "
    "ELSE athena_from_utf8({0}, chr(CAST({1} AS INTEGER))) END",
)
