"""Athena queries of the kinds analysts write, run on the sample lake through DuckDbEngine,
each checked against an answer computed independently (pyarrow / plain Python, no DuckDB)."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest

from ingest.query.local_engine import DuckDbEngine
from ingest.query.result import QueryResult
from tests.query_local.reference import Reference, Row, trino_round

Expected = Callable[[Reference], list[tuple[Any, ...]]]


@dataclass(frozen=True)
class Case:
    name: str
    sql: str
    expected: Expected
    ordered: bool = True


def rows_of(result: QueryResult) -> list[tuple[Any, ...]]:
    return [tuple(row.values()) for row in result.table.to_pylist()]


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, float) and isinstance(actual, float | int):
        return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, tuple | list) and isinstance(actual, tuple | list):
        return len(actual) == len(expected) and all(
            _same(a, e) for a, e in zip(actual, expected, strict=True)
        )
    if isinstance(expected, dict) and isinstance(actual, list):  # Arrow map -> [(k, v)]
        return _same(dict(actual), expected)
    if isinstance(expected, dict) and isinstance(actual, dict):
        return actual.keys() == expected.keys() and all(
            _same(actual[k], v) for k, v in expected.items()
        )
    return bool(actual == expected)


def assert_rows(
    actual: list[tuple[Any, ...]], expected: list[tuple[Any, ...]], ordered: bool
) -> None:
    if not ordered:
        actual, expected = sorted(actual, key=repr), sorted(expected, key=repr)
    assert len(actual) == len(expected), (actual[:5], expected[:5])
    for got, want in zip(actual, expected, strict=True):
        assert _same(got, want), (got, want)


def top(rows: list[Row], key: Callable[[Row], Any], n: int, offset: int = 0) -> list[Row]:
    return sorted(rows, key=key)[offset : offset + n]


def by(rows: list[Row], field: str) -> dict[Any, list[Row]]:
    groups: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[field]].append(row)
    return groups


def _present(rows: list[Row], field: str) -> list[Any]:
    """SQL aggregates skip NULLs."""
    return [x[field] for x in rows if x[field] is not None]


def _tier(per_game: float | None) -> str:
    if per_game is not None and per_game >= 20:
        return "star"
    return "starter" if per_game is not None and per_game >= 10 else "bench"


def _first_per_team(r: Reference) -> list[tuple[Any, ...]]:
    best = []
    for team, rows in sorted(by(r.season(2025), "team").items()):
        winner = min(rows, key=lambda x: (-x["points"], x["player_id"]))
        best.append((team, winner["name"], winner["points"]))
    return best


def _player_trend(r: Reference) -> list[tuple[Any, ...]]:
    rows = sorted((x for x in r.stats if x["player_id"] == 20000005), key=lambda x: x["season"])
    out, previous = [], None
    for row in rows:
        delta = None if previous is None else row["points"] - previous
        out.append((row["season"], row["points"], delta))
        previous = row["points"]
    return out


def _team_totals(r: Reference) -> list[tuple[Any, ...]]:
    cities = {t["team_key"]: t["city"] for t in r.teams}
    totals = Counter[str]()
    for row in r.season(2025):
        totals[row["team"]] += row["points"]
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])[:3]
    return [(team, cities[team], points) for team, points in ranked]


def _age_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _east_players(r: Reference) -> list[tuple[Any, ...]]:
    east = {t["team_id"] for t in r.teams if t["conference"] == "Eastern"}
    return [(sum(1 for p in r.players if p["team_id"] in east),)]


def _salary_order(r: Reference, nulls_first: bool) -> list[tuple[Any, ...]]:
    def key(p: Row) -> tuple[Any, ...]:
        missing = p["salary"] is None
        return (not missing if nulls_first else missing, -(p["salary"] or 0), p["player_id"])

    return [(p["player_id"], p["salary"]) for p in sorted(r.players, key=key)[:5]]


def _tokens_per_season(r: Reference) -> list[tuple[Any, ...]]:
    counts = Counter[int]()
    for row in r.stats:
        counts[row["season"]] += len(row["name"].split(" "))
    return sorted(counts.items())


CASES: list[Case] = [
    Case(
        "rows per season",
        "SELECT season, count(*) AS n FROM player_season_stats GROUP BY season ORDER BY season",
        lambda r: sorted(Counter(x["season"] for x in r.stats).items()),
    ),
    Case(
        "top scorers",
        "SELECT name, team, points FROM player_season_stats WHERE season = 2025 "
        "ORDER BY points DESC, player_id LIMIT 5",
        lambda r: [
            (x["name"], x["team"], x["points"])
            for x in top(r.season(2025), lambda x: (-x["points"], x["player_id"]), 5)
        ],
    ),
    Case(
        "offset then limit",
        "SELECT player_id FROM player_season_stats WHERE season = 2024 "
        "ORDER BY points DESC, player_id OFFSET 5 LIMIT 5",
        lambda r: [
            (x["player_id"],)
            for x in top(r.season(2024), lambda x: (-x["points"], x["player_id"]), 5, offset=5)
        ],
    ),
    Case(
        "cte and join",
        "WITH t AS (SELECT team, sum(points) AS pts FROM player_season_stats "
        "WHERE season = 2025 GROUP BY team) SELECT t.team, tm.city, t.pts FROM t "
        "JOIN teams tm ON tm.team_key = t.team ORDER BY t.pts DESC LIMIT 3",
        _team_totals,
    ),
    Case(
        "row_number per team",
        "SELECT team, name, points FROM (SELECT team, name, points, "
        "row_number() OVER (PARTITION BY team ORDER BY points DESC, player_id) AS rn "
        "FROM player_season_stats WHERE season = 2025) WHERE rn = 1 ORDER BY team",
        _first_per_team,
    ),
    Case(
        "lag over seasons",
        "SELECT season, points, points - lag(points) OVER (PARTITION BY player_id "
        "ORDER BY season) AS delta FROM player_season_stats WHERE player_id = 20000005 "
        "ORDER BY season",
        _player_trend,
    ),
    Case(
        "running total window",
        "SELECT season, sum(sum(points)) OVER (ORDER BY season) FROM "
        "player_season_stats GROUP BY season ORDER BY season",
        lambda r: [
            (s, float(sum(x["points"] for x in r.stats if x["season"] <= s)))
            for s in sorted({x["season"] for x in r.stats})
        ],
    ),
    Case(
        "rank with ties",
        "SELECT games, rank() OVER (ORDER BY games DESC) FROM player_season_stats "
        "WHERE season = 2023 ORDER BY games DESC, 2 LIMIT 10",
        lambda r: [
            (g, 1 + sum(1 for x in r.season(2023) if x["games"] > g))
            for g in sorted((x["games"] for x in r.season(2023)), reverse=True)[:10]
        ],
    ),
    Case(
        "regexp_like",
        "SELECT count(*) FROM player_season_stats WHERE regexp_like(name, '^[AE]')",
        lambda r: [(sum(1 for x in r.stats if x["name"][:1] in "AE"),)],
    ),
    Case(
        "regexp_like case-insensitive",
        "SELECT count(*) FROM players WHERE regexp_like(last_name, '(?i)wood$')",
        lambda r: [(sum(1 for x in r.players if x["last_name"].lower().endswith("wood")),)],
    ),
    Case(
        "date_format month buckets",
        "SELECT date_format(updated_at, '%Y-%m') AS m, count(*) FROM "
        "player_season_stats GROUP BY 1 ORDER BY 1",
        lambda r: sorted(Counter(x["updated_at"].strftime("%Y-%m") for x in r.stats).items()),
    ),
    Case(
        "date_format mysql names",
        "SELECT DISTINCT date_format(updated_at, '%W %M %e %H:%i:%s') FROM "
        "player_season_stats WHERE season = 2025",
        lambda r: sorted(
            {
                (
                    x["updated_at"].strftime("%A %B ")
                    + str(x["updated_at"].day)
                    + x["updated_at"].strftime(" %H:%M:%S"),
                )
                for x in r.season(2025)
            }
        ),
        ordered=False,
    ),
    Case(
        "date_parse",
        "SELECT date_parse('2024-03-05 07:08:09', '%Y-%m-%d %H:%i:%s')",
        lambda r: [(datetime(2024, 3, 5, 7, 8, 9),)],
    ),
    Case(
        "date_diff years (age)",
        "SELECT player_id, date_diff('year', birth_date, DATE '2025-06-30') "
        "FROM players WHERE birth_date IS NOT NULL ORDER BY player_id LIMIT 20",
        lambda r: [
            (p["player_id"], _age_years(p["birth_date"], date(2025, 6, 30)))
            for p in sorted(
                (p for p in r.players if p["birth_date"]), key=lambda p: p["player_id"]
            )[:20]
        ],
    ),
    Case(
        "date_diff days",
        "SELECT sum(date_diff('day', birth_date, DATE '2025-01-01')) FROM players",
        lambda r: [
            (sum((date(2025, 1, 1) - p["birth_date"]).days for p in r.players if p["birth_date"]),)
        ],
    ),
    Case(
        "date_diff whole units elapsed",
        "SELECT date_diff('day', TIMESTAMP '2024-01-01 23:00:00', "
        "TIMESTAMP '2024-01-02 01:00:00'), date_diff('hour', TIMESTAMP '2024-01-01 23:30:00', "
        "TIMESTAMP '2024-01-02 01:00:00')",
        lambda r: [(0, 1)],
    ),
    Case(
        "year and month of dates",
        "SELECT year(birth_date) AS y, count(*) FROM players WHERE "
        "month(birth_date) = 1 GROUP BY 1 ORDER BY 1",
        lambda r: sorted(
            Counter(
                p["birth_date"].year
                for p in r.players
                if p["birth_date"] and p["birth_date"].month == 1
            ).items()
        ),
    ),
    Case(
        "date_trunc month",
        "SELECT DISTINCT date_trunc('month', updated_at) FROM player_season_stats ORDER BY 1",
        lambda r: sorted(
            {
                (x["updated_at"].replace(day=1, hour=0, minute=0, second=0, microsecond=0),)
                for x in r.stats
            }
        ),
    ),
    Case(
        "cast and try_cast",
        "SELECT CAST('42' AS integer), TRY_CAST('abc' AS integer), "
        "TRY_CAST('7' AS bigint), CAST(season AS varchar) || '-' || team FROM player_season_stats "
        "WHERE player_id = 20000001 ORDER BY season LIMIT 1",
        lambda r: [
            (
                42,
                None,
                7,
                "{season}-{team}".format(
                    **min(
                        (x for x in r.stats if x["player_id"] == 20000001),
                        key=lambda x: x["season"],
                    )
                ),
            )
        ],
    ),
    Case(
        "cast double to integer rounds half away from zero",
        "SELECT CAST(2.5e0 AS integer), CAST(-2.5e0 AS integer), CAST(3.5e0 AS bigint), "
        "TRY_CAST(0.5e0 AS integer)",
        lambda r: [(3, -3, 4, 1)],
    ),
    Case(
        "cast per-game averages",
        "SELECT sum(CAST(points_per_game AS integer)) FROM player_season_stats",
        lambda r: [
            (
                sum(
                    trino_round(x["points_per_game"])
                    for x in r.stats
                    if x["points_per_game"] is not None
                ),
            )
        ],
    ),
    Case(
        "element_at and split",
        "SELECT element_at(split(name, ' '), 1) AS first, "
        "element_at(split(name, ' '), -1) AS last FROM player_season_stats WHERE season = 2025 "
        "ORDER BY player_id LIMIT 5",
        lambda r: [
            (x["name"].split(" ")[0], x["name"].split(" ")[-1])
            for x in top(r.season(2025), lambda x: x["player_id"], 5)
        ],
    ),
    Case(
        "element_at out of range is null",
        "SELECT element_at(ARRAY[1, 2], 5), element_at(MAP(ARRAY['a'], "
        "ARRAY[1]), 'b'), element_at(MAP(ARRAY['a'], ARRAY[1]), 'a')",
        lambda r: [(None, None, 1)],
    ),
    Case(
        "cardinality",
        "SELECT cardinality(split(name, ' ')) AS words, count(*) FROM player_season_stats "
        "GROUP BY 1 ORDER BY 1",
        lambda r: sorted(Counter(len(x["name"].split(" ")) for x in r.stats).items()),
    ),
    Case(
        "cardinality of a map",
        "SELECT cardinality(map_agg(team_key, city)) FROM teams",
        lambda r: [(len({t["team_key"] for t in r.teams}),)],
    ),
    Case(
        "array_distinct keeps first-seen order",
        "SELECT array_distinct(ARRAY[3, 1, 3, NULL, 2, NULL, 1]), array_join(array_distinct("
        "split('b,a,b,c', ',')), '')",
        lambda r: [([3, 1, None, 2], "bac")],
    ),
    Case(
        "unnest literal array",
        "SELECT x FROM UNNEST(ARRAY[3, 1, 2]) AS t(x) ORDER BY x",
        lambda r: [(1,), (2,), (3,)],
    ),
    Case(
        "cross join unnest",
        "SELECT season, count(part) FROM player_season_stats CROSS JOIN "
        "UNNEST(split(name, ' ')) AS u(part) GROUP BY season ORDER BY season",
        _tokens_per_season,
    ),
    Case(
        "unnest with ordinality",
        "SELECT n, x FROM UNNEST(ARRAY['a', 'b', 'c']) WITH ORDINALITY AS t(x, n) ORDER BY n",
        lambda r: [(1, "a"), (2, "b"), (3, "c")],
    ),
    Case(
        "json_extract_scalar",
        'SELECT json_extract_scalar(\'{"a": {"b": 7}, "c": [1]}\', \'$.a.b\'), '
        "json_extract_scalar('{\"a\": {\"b\": 7}}', '$.a'), "
        "json_extract_scalar('{\"c\": [1, 2]}', '$.c[1]')",
        lambda r: [("7", None, "2")],
    ),
    Case(
        "json_extract_scalar on data",
        "SELECT json_extract_scalar(concat('{\"t\": \"', team_key, '\"}'), '$.t') "
        "AS k FROM teams ORDER BY k LIMIT 3",
        lambda r: [(k,) for k in sorted(t["team_key"] for t in r.teams)[:3]],
    ),
    Case(
        "count_if",
        "SELECT season, count_if(points > 1000) FROM player_season_stats GROUP BY season "
        "ORDER BY season",
        lambda r: sorted(Counter(x["season"] for x in r.stats if x["points"] > 1000).items()),
    ),
    Case(
        "arbitrary",
        "SELECT team_key, arbitrary(city) FROM teams WHERE team_key = 'BOS' GROUP BY team_key",
        lambda r: [("BOS", next(t["city"] for t in r.teams if t["team_key"] == "BOS"))],
    ),
    Case(
        "order by nulls last",
        "SELECT player_id, salary FROM players ORDER BY salary DESC NULLS LAST, player_id LIMIT 5",
        lambda r: _salary_order(r, nulls_first=False),
    ),
    Case(
        "order by nulls first",
        "SELECT player_id, salary FROM players ORDER BY salary DESC NULLS FIRST, player_id LIMIT 5",
        lambda r: _salary_order(r, nulls_first=True),
    ),
    Case(
        "integer division", "SELECT 5 / 2, -5 / 2, 7 / 2.0, 9 / 4e0", lambda r: [(2, -2, 3.5, 2.25)]
    ),
    Case(
        "integer division of columns",
        "SELECT sum(games / 4), sum(minutes / games) FROM player_season_stats "
        "WHERE season = 2025 AND games > 0",
        lambda r: [
            (
                sum(int(x["games"] / 4) for x in r.season(2025) if x["games"] > 0),
                sum(int(x["minutes"] / x["games"]) for x in r.season(2025) if x["games"] > 0),
            )
        ],
    ),
    Case(
        "double division stays double",
        "SELECT sum(points / 2) FROM player_season_stats WHERE season = 2022",
        lambda r: [(sum(x["points"] / 2 for x in r.season(2022)),)],
    ),
    Case(
        "avg of integers is double",
        "SELECT avg(games) FROM player_season_stats WHERE season = 2021",
        lambda r: [(statistics.fmean(x["games"] for x in r.season(2021)),)],
    ),
    Case(
        "map_agg",
        "SELECT map_agg(team_key, city) FROM teams",
        lambda r: [({t["team_key"]: t["city"] for t in r.teams},)],
    ),
    Case(
        "map_agg per group",
        "SELECT player_id, map_agg(season, points) FROM player_season_stats "
        "WHERE player_id IN (20000001, 20000002) GROUP BY player_id ORDER BY player_id",
        lambda r: [
            (pid, {x["season"]: x["points"] for x in r.stats if x["player_id"] == pid})
            for pid in (20000001, 20000002)
        ],
    ),
    Case(
        "having",
        "SELECT team, count(*) FROM player_season_stats WHERE season = 2025 GROUP BY team "
        "HAVING sum(points) > 7000 ORDER BY team",
        lambda r: [
            (t, len(rows))
            for t, rows in sorted(by(r.season(2025), "team").items())
            if sum(x["points"] for x in rows) > 7000
        ],
    ),
    Case(
        "case buckets",
        "SELECT CASE WHEN points_per_game >= 20 THEN 'star' WHEN points_per_game >= 10 "
        "THEN 'starter' ELSE 'bench' END AS tier, count(*) FROM player_season_stats "
        "WHERE season = 2025 GROUP BY 1 ORDER BY 1",
        lambda r: sorted(Counter(_tier(x["points_per_game"]) for x in r.season(2025)).items()),
    ),
    Case(
        "coalesce",
        "SELECT sum(coalesce(salary, 0)), count(salary), count(*) FROM players",
        lambda r: [
            (
                sum(p["salary"] or 0 for p in r.players),
                sum(1 for p in r.players if p["salary"] is not None),
                len(r.players),
            )
        ],
    ),
    Case(
        "count distinct",
        "SELECT count(DISTINCT team), count(DISTINCT player_id) FROM player_season_stats",
        lambda r: [(len({x["team"] for x in r.stats}), len({x["player_id"] for x in r.stats}))],
    ),
    Case(
        "in subquery",
        "SELECT count(*) FROM players WHERE team_id IN (SELECT team_id FROM teams "
        "WHERE conference = 'Eastern')",
        _east_players,
    ),
    Case(
        "exists and left join",
        "SELECT count(*) FROM player_season_stats s LEFT JOIN players p "
        "ON p.player_id = s.player_id WHERE p.player_id IS NULL",
        lambda r: [
            (sum(1 for x in r.stats if x["player_id"] not in {p["player_id"] for p in r.players}),)
        ],
    ),
    Case(
        "union all",
        "SELECT 'east' AS c, count(*) FROM teams WHERE conference = 'Eastern' UNION ALL "
        "SELECT 'west', count(*) FROM teams WHERE conference = 'Western' ORDER BY c",
        lambda r: [
            ("east", sum(1 for t in r.teams if t["conference"] == "Eastern")),
            ("west", sum(1 for t in r.teams if t["conference"] == "Western")),
        ],
    ),
    Case(
        "string functions",
        "SELECT upper(substr(name, 1, 3)), length(name), lower(team) FROM "
        "player_season_stats WHERE season = 2021 ORDER BY player_id LIMIT 3",
        lambda r: [
            (x["name"][:3].upper(), len(x["name"]), x["team"].lower())
            for x in top(r.season(2021), lambda x: x["player_id"], 3)
        ],
    ),
    Case(
        "round and greatest",
        "SELECT round(avg(points_per_game), 2), greatest(max(games), 0), "
        "least(min(games), 1000) FROM player_season_stats WHERE season = 2024",
        lambda r: [
            (
                round(statistics.fmean(_present(r.season(2024), "points_per_game")), 2),
                max(x["games"] for x in r.season(2024)),
                min(x["games"] for x in r.season(2024)),
            )
        ],
    ),
    Case(
        "fully qualified name",
        "SELECT count(*) FROM awsdatacatalog.glue_nba_data_lake.teams",
        lambda r: [(len(r.teams),)],
    ),
    Case(
        "mixed-case identifiers",
        "SELECT Team, COUNT(*) AS N FROM Player_Season_Stats WHERE Season = 2025 "
        "GROUP BY Team ORDER BY N DESC, Team LIMIT 2",
        lambda r: sorted(
            Counter(x["team"] for x in r.season(2025)).items(), key=lambda kv: (-kv[1], kv[0])
        )[:2],
    ),
    Case(
        "raw keys are case-insensitive",
        "SELECT playerid, firstname, lastname FROM nba_player_data ORDER BY playerid LIMIT 3",
        lambda r: [
            (p["playerid"], p["firstname"], p["lastname"])
            for p in sorted(r.raw_players, key=lambda p: p["playerid"])[:3]
        ],
    ),
    Case(
        "raw nulls",
        "SELECT count(*) - count(salary) FROM nba_player_data",
        lambda r: [(sum(1 for p in r.raw_players if p.get("salary") is None),)],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_query_matches_independent_answer(engine: DuckDbEngine, ref: Reference, case: Case) -> None:
    result = engine.execute(case.sql)
    assert_rows(rows_of(result), case.expected(ref), case.ordered)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


def _rank_band(values: list[float], p: float, accuracy: float = 0.01) -> tuple[float, float]:
    """Athena's approx_percentile is within `accuracy` of the true rank."""
    ordered = sorted(values)
    n = len(ordered)
    low = ordered[max(0, math.floor((p - accuracy) * n) - 1)]
    high = ordered[min(n - 1, math.ceil((p + accuracy) * n))]
    return low, high


def test_approx_percentile_within_athena_error(engine: DuckDbEngine, ref: Reference) -> None:
    result = engine.execute(
        "SELECT approx_percentile(points, 0.5), approx_percentile(points_per_game, "
        "ARRAY[0.25, 0.9]) FROM player_season_stats WHERE season = 2025"
    )
    median, quartiles = rows_of(result)[0]
    points = _present(ref.season(2025), "points")
    low, high = _rank_band(points, 0.5)
    assert low <= median <= high and median in points
    per_game = _present(ref.season(2025), "points_per_game")
    for p, got in zip((0.25, 0.9), quartiles, strict=True):
        low, high = _rank_band(per_game, p)
        assert low <= got <= high
    assert [c.type for c in result.columns] == ["double", "array(double)"]


def test_raw_and_curated_agree_on_points(engine: DuckDbEngine) -> None:
    raw = rows_of(
        engine.execute(
            "SELECT season, sum(points), count(*) FROM nba_player_season_stats_data "
            "GROUP BY season ORDER BY season"
        )
    )
    curated = rows_of(
        engine.execute(
            "SELECT season, sum(points), count(*) FROM player_season_stats "
            "GROUP BY season ORDER BY season"
        )
    )
    assert len(curated) == 5
    assert_rows(raw, curated, ordered=True)
