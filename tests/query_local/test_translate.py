"""Translation units: Joda patterns, rewrites, and constructs that must fail by name."""

from __future__ import annotations

import pytest

from ingest.query.datetime_patterns import PatternError, joda_to_strftime
from ingest.query.result import QueryError
from ingest.query.sandbox import check_statement
from ingest.query.translate import parse_statement, to_duckdb


@pytest.mark.parametrize(
    ("joda", "strftime"),
    [
        ("yyyy-MM-dd HH:mm:ss", "%Y-%m-%d %H:%M:%S"),
        ("yy M d H m s", "%y %-m %-d %-H %-M %-S"),
        ("MMM MMMM EEE EEEE a hh h", "%b %B %a %A %p %I %-I"),
        ("SSS SSSSSS D DDD ww e Z z xxxx", "%g %f %-j %j %V %u %z %Z %G"),
        ("'at' HH'h'", "at %Hh"),
        ("'it''s' ''", "it's '"),
        ("50% yyyy", "50%% %Y"),
    ],
)
def test_joda_patterns(joda: str, strftime: str) -> None:
    assert joda_to_strftime(joda) == strftime


@pytest.mark.parametrize("joda", ["G", "kk", "SS", "'open", "Q"])
def test_joda_patterns_without_equivalent(joda: str) -> None:
    with pytest.raises(PatternError):
        joda_to_strftime(joda)


def translate(sql: str) -> str:
    return to_duckdb(parse_statement(sql))


def test_rewrites() -> None:
    assert "ATHENA_MAP_AGG(k, v)" in translate("SELECT map_agg(k, v) FROM t")
    assert "STRFTIME(ts, '%Y')" in translate("SELECT format_datetime(ts, 'yyyy') FROM t")
    assert "DATE_SUB('day', a, b)" in translate("SELECT date_diff('day', a, b) FROM t")
    assert "CARDINALITY(m)" in translate("SELECT cardinality(m) FROM t")
    assert "QUANTILE_DISC(x, 0.5)" in translate("SELECT approx_percentile(x, 0.5) FROM t")
    assert "ATHENA_CAST_INTEGER(x)" in translate("SELECT CAST(x AS integer) FROM t")
    assert "ATHENA_TRY_CAST_BIGINT(x)" in translate("SELECT TRY_CAST(x AS bigint) FROM t")
    assert "FROM db.t" in translate("SELECT 1 AS one FROM awsdatacatalog.db.t")
    assert translate("SELECT A AS B FROM T") == "SELECT a AS b FROM t"


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("SELECT reduce(a, 0, (s, x) -> s + x, s -> s) FROM t", "Reduce"),
        ("SELECT approx_percentile(x, w, 0.5) FROM t", "approx_percentile"),
        ("SELECT format_datetime(ts, 'G yyyy') FROM t", "format_datetime"),
        ("SELECT format_datetime(ts, fmt) FROM t", "format_datetime"),
        ("SELECT map_agg(k) FROM t", "map_agg"),
    ],
)
def test_untranslatable_constructs_fail_by_name(sql: str, named: str) -> None:
    with pytest.raises(QueryError, match="NOT_SUPPORTED") as caught:
        translate(sql)
    assert named in str(caught.value)
    assert "\n" not in str(caught.value)


def test_syntax_errors_are_one_line() -> None:
    with pytest.raises(QueryError, match="SYNTAX_ERROR: line 1") as caught:
        parse_statement("SELECT FROM WHERE (")
    assert "\n" not in str(caught.value)


def test_policy_accepts_ctes_and_catalog_tables() -> None:
    tree = parse_statement(
        "WITH recent AS (SELECT * FROM glue_nba_data_lake.teams) "
        "SELECT * FROM recent JOIN awsdatacatalog.glue_nba_data_lake.players p ON true "
        "CROSS JOIN UNNEST(ARRAY[1]) AS u(x)"
    )
    check_statement(tree, "glue_nba_data_lake", {"teams", "players"})
