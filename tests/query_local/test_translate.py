"""Analyzer units: Trino types and coercions, result types, patterns, and errors.

These run without DuckDB: the analyzer turns Athena SQL into DuckDB SQL with each result
column's Trino type, or refuses with Athena's error category before anything runs.
"""

from __future__ import annotations

import pytest

from ingest.query.datetime_patterns import PatternError, joda_to_strftime
from ingest.query.result import QueryError
from ingest.query.sandbox import check_statement
from ingest.query.show_patterns import matcher, wildcard_match
from ingest.query.translate import parse_statement
from ingest.query.trino import types as t
from ingest.query.trino.compiler import CompiledStatement, compile_statement
from ingest.query.trino.datetime_format import FormatProblem, mysql_to_strftime
from ingest.query.trino.errors import closest, edit_distance
from ingest.query.trino.java_text import double_to_string, java_format
from ingest.query.trino.regex import PatternProblem, replacement, translate

TABLES = {
    "games": [
        ("game_id", t.parse_type("varchar")),
        ("season", t.parse_type("integer")),
        ("points", t.parse_type("bigint")),
        ("ratio", t.parse_type("double")),
        ("price", t.parse_type("decimal(10,2)")),
        ("played_at", t.parse_type("timestamp")),
        ("tags", t.parse_type("array<string>")),
        ("stats", t.parse_type("map<string,bigint>")),
        ("venue", t.parse_type("struct<name:string,seats:int>")),
    ]
}


def compile_sql(sql: str) -> CompiledStatement:
    return compile_statement(
        sql,
        parse_statement(sql),
        database="db",
        table_columns=lambda _db, name: TABLES.get(name),
        table_names=lambda: sorted(TABLES),
    )


def result_types(sql: str) -> list[str]:
    return [column.type.result_name for column in compile_sql(sql).columns]


def refusal(sql: str) -> str:
    with pytest.raises(QueryError) as caught:
        compile_sql(sql)
    message = str(caught.value)
    assert "\n" not in message
    return message


# -- types -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("string", "varchar"),
        ("int", "integer"),
        ("array<string>", "array(varchar)"),
        ("map<string,bigint>", "map(varchar, bigint)"),
        ("struct<a:int,b:array<double>>", "row(a integer, b array(double))"),
        ("decimal(10,2)", "decimal(10,2)"),
        ("timestamp", "timestamp(3)"),
        ("timestamp(6) with time zone", "timestamp(6) with time zone"),
        ("row(x bigint, y varchar)", "row(x bigint, y varchar)"),
    ],
)
def test_types_read_hive_and_trino_names(text: str, spelled: str) -> None:
    assert str(t.parse_type(text)) == spelled


def test_coercions_follow_trino() -> None:
    integer, bigint, double = (
        t.parse_type("integer"),
        t.parse_type("bigint"),
        t.parse_type("double"),
    )
    assert t.can_coerce(integer, bigint)
    assert t.can_coerce(bigint, double)
    assert not t.can_coerce(bigint, integer)
    assert not t.can_coerce(t.varchar(), integer)
    assert not t.can_coerce(integer, t.varchar())
    assert t.can_coerce(t.decimal(2, 1), t.decimal(10, 2))
    assert t.common_super_type(integer, t.decimal(2, 1)) == t.decimal(11, 1)
    assert t.common_super_type(t.varchar(), integer) is None
    assert t.common_super_type(t.array(integer), t.array(double)) == t.array(double)


@pytest.mark.parametrize(
    ("sql", "types"),
    [
        (
            "SELECT 1, 2147483648, 1.5, 1e0, 'a', true, NULL",
            ["integer", "bigint", "decimal(2,1)", "double", "varchar", "boolean", "unknown"],
        ),
        (
            "SELECT 1.5 * 2.25, 1.5 + 10.25, 10.0 / 3",
            ["decimal(5,3)", "decimal(5,2)", "decimal(3,1)"],
        ),
        (
            "SELECT season + 1, points + season, ratio * season FROM games",
            ["integer", "bigint", "double"],
        ),
        (
            "SELECT price * 2, avg(price), sum(price) FROM games GROUP BY price",
            ["decimal(20,2)", "decimal(10,2)", "decimal(38,2)"],
        ),
        (
            "SELECT tags, stats, venue, venue.name FROM games",
            [
                "array(varchar)",
                "map(varchar, bigint)",
                "row(name varchar, seats integer)",
                "varchar",
            ],
        ),
        (
            "SELECT played_at, DATE '2024-01-02', count(*) FROM games GROUP BY 1",
            ["timestamp(3)", "date", "bigint"],
        ),
        (
            "SELECT ARRAY[1, 2], MAP(ARRAY['a'], ARRAY[1.5]), ROW(1, 'x')",
            ["array(integer)", "map(varchar, decimal(2,1))", "row(integer, varchar)"],
        ),
    ],
)
def test_result_types_are_trino_spelled(sql: str, types: list[str]) -> None:
    # varchar lengths are dropped in result headers, as Athena's are
    assert result_types(sql) == types


def test_the_translation_reads_only_declared_tables() -> None:
    compiled = compile_sql("SELECT g.season FROM games g WHERE g.points > 10")
    assert compiled.tables == frozenset({"games"})
    assert "games" in compiled.duckdb_sql


# -- refusals and errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "SELECT * FROM games WHERE season = '2025'",
            "TYPE_MISMATCH: line 1:34: Cannot apply operator: integer = varchar(4)",
        ),
        (
            "SELECT seasn FROM games",
            "COLUMN_NOT_FOUND: line 1:8: Column 'seasn' cannot be resolved",
        ),
        (
            "SELECT * FROM gmes",
            "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.gmes' does not exist",
        ),
        ("SELECT lenght('a')", "FUNCTION_NOT_FOUND: line 1:8: Function 'lenght' not registered"),
        ("SELECT season, count(*) FROM games", "EXPRESSION_NOT_AGGREGATE: line 1:8"),
        ("SELECT word_stem('running')", "NOT_SUPPORTED: line 1:8: word_stem() is not supported"),
        ("SELECT regexp_like('a', '(?<=a)b')", "NOT_SUPPORTED: line 1:8: regexp_like() with"),
    ],
)
def test_errors_name_athena_categories_and_positions(sql: str, expected: str) -> None:
    message = refusal(sql)
    assert message.startswith(expected), message
    for internal in ("duckdb", "Error(", "Traceback", "sqlglot"):
        assert internal not in message


def test_near_misses_are_suggested() -> None:
    assert "did you mean `season`?" in refusal("SELECT seasn FROM games")
    assert "did you mean `games`?" in refusal("SELECT * FROM gmes")
    assert "did you mean `length`?" in refusal("SELECT lenght('a')")
    assert "did you mean" not in refusal("SELECT completely_else FROM games")


def test_edit_distance_counts_transpositions() -> None:
    assert edit_distance("seasn", "season") == 1
    assert edit_distance("ab", "ba") == 1
    assert edit_distance("abc", "xyz") == 3
    assert closest("poinst", ["points", "season"]) == "points"
    assert closest("zzzzzz", ["points", "season"]) is None


def test_syntax_errors_are_one_line_with_a_position() -> None:
    with pytest.raises(QueryError, match="SYNTAX_ERROR: line 1") as caught:
        parse_statement("SELECT FROM WHERE (")
    assert "\n" not in str(caught.value)
    with pytest.raises(QueryError, match="did you mean `SELECT`") as caught:
        parse_statement("SELCT 1")


def test_policy_accepts_ctes_and_catalog_tables() -> None:
    tree = parse_statement(
        "WITH recent AS (SELECT * FROM glue_nba_data_lake.teams) "
        "SELECT * FROM recent JOIN awsdatacatalog.glue_nba_data_lake.players p ON true "
        "CROSS JOIN UNNEST(ARRAY[1]) AS u(x)"
    )
    check_statement(tree, "glue_nba_data_lake", {"teams", "players"})


# -- patterns ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("joda", "strftime"),
    [
        ("yyyy-MM-dd HH:mm:ss", "%Y-%m-%d %H:%M:%S"),
        ("yy M d H m s", "%y %-m %-d %-H %-M %-S"),
        ("MMM MMMM EEE EEEE a hh h", "%b %B %a %A %p %I %-I"),
        ("'at' HH'h'", "at %Hh"),
        ("'it''s' ''", "it's '"),
        ("50% yyyy", "50%% %Y"),
    ],
)
def test_joda_patterns(joda: str, strftime: str) -> None:
    assert joda_to_strftime(joda) == strftime


@pytest.mark.parametrize("joda", ["G", "kk", "'open", "Q"])
def test_joda_patterns_without_equivalent(joda: str) -> None:
    with pytest.raises(PatternError):
        joda_to_strftime(joda)


def test_mysql_patterns() -> None:
    assert mysql_to_strftime("%Y-%m-%d %H:%i:%s") == "%Y-%m-%d %H:%M:%S"
    with pytest.raises(FormatProblem, match="%D not supported"):
        mysql_to_strftime("%D")


def test_java_regexes_become_re2_or_are_refused() -> None:
    pattern = translate("(?<year>\\d{4})-(\\d+)")
    assert pattern.re2 == "(?P<year>\\d{4})-(\\d+)"
    assert (pattern.groups, pattern.names) == (2, {"year": 1})
    assert translate("[(?<x>)]").groups == 0
    for unsupported in ("a(?=b)", "a(?!b)", "(a)\\1", "(?<=a)b"):
        with pytest.raises(PatternProblem):
            translate(unsupported)
    assert replacement("$1-${year}", pattern) == ("\\1-\\1", None)
    assert replacement("$9", pattern)[1] is not None


def test_java_number_text() -> None:
    assert double_to_string(1.0) == "1.0"
    assert double_to_string(1e7) == "1.0E7"
    assert double_to_string(0.001) == "0.001"
    assert double_to_string(0.0001) == "1.0E-4"
    assert double_to_string(float("nan")) == "NaN"
    assert (
        java_format("%s has %,d points (%.2f)", ["x", 12345, 1.005]) == "x has 12,345 points (1.01)"
    )


def test_show_patterns_are_linear() -> None:
    assert wildcard_match("gam*", "games")
    assert wildcard_match("g_mes", "games")
    assert not wildcard_match("g_me", "games")
    assert matcher("tea*|gam*")("games")
    assert not matcher("tea*|pla*")("games")
    assert matcher(None)("anything")
    hostile = "*a" * 40 + "b"
    assert not wildcard_match(hostile, "a" * 200)
