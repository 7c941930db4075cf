"""Example queries that answer the seed's questions, against the curated tables.

Table names come from the outputs contract (lake.outputs.tables), never from here, so
the examples follow a renamed table.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.outputs import LakeOutputs


@dataclass(frozen=True)
class Example:
    title: str
    description: str
    sql: str


def _top_scorers(stats: str) -> Example:
    return Example(
        "Top scorers per team",
        "the three best scorers of each team in the latest season",
        f"""-- Top 3 scorers per team, latest season
WITH latest AS (
  SELECT max(season) AS season FROM {stats}
),
ranked AS (
  SELECT s.team, s.name, s.position, s.games, s.points_per_game,
         rank() OVER (PARTITION BY s.team ORDER BY s.points_per_game DESC) AS team_rank
  FROM {stats} s
  JOIN latest l ON s.season = l.season
  WHERE s.games > 0
)
SELECT team, team_rank, name, position, games, round(points_per_game, 1) AS ppg
FROM ranked
WHERE team_rank <= 3
ORDER BY team, team_rank;
""",
    )


def _by_position(stats: str) -> Example:
    return Example(
        "Points per game by position",
        "average and per-game scoring of each position, per season",
        f"""-- Points per game by position and season
SELECT position,
       season,
       count(*) AS players,
       round(avg(points_per_game), 2) AS avg_ppg,
       round(sum(points) / sum(games), 2) AS points_per_game_played,
       round(avg(rebounds_per_game), 2) AS avg_rpg,
       round(avg(assists_per_game), 2) AS avg_apg
FROM {stats}
WHERE games > 0
GROUP BY position, season
ORDER BY season DESC, avg_ppg DESC;
""",
    )


def _season_over_season(stats: str) -> Example:
    return Example(
        "Season-over-season comparison",
        "who improved most from the previous season",
        f"""-- Biggest scoring changes from the previous season
WITH per_season AS (
  SELECT player_id, name, team, season, points_per_game
  FROM {stats}
  WHERE games > 0
)
SELECT cur.name,
       cur.team,
       cur.season,
       round(prev.points_per_game, 1) AS ppg_before,
       round(cur.points_per_game, 1) AS ppg_now,
       round(cur.points_per_game - prev.points_per_game, 1) AS change
FROM per_season cur
JOIN per_season prev
  ON prev.player_id = cur.player_id AND prev.season = cur.season - 1
WHERE cur.season = (SELECT max(season) FROM per_season)
ORDER BY change DESC
LIMIT 25;
""",
    )


def _rosters(players: str, teams: str) -> Example:
    return Example(
        "Rosters by conference",
        "players, average height and salary per team",
        f"""-- Team rosters: size, height and payroll
SELECT t.conference,
       t.city || ' ' || t.name AS team,
       count(p.player_id) AS players,
       round(avg(p.height_inches), 1) AS avg_height_in,
       sum(p.salary) AS payroll
FROM {teams} t
JOIN {players} p ON p.team_id = t.team_id AND p.season = t.season
GROUP BY t.conference, t.city, t.name
ORDER BY t.conference, payroll DESC;
""",
    )


def examples_for(outputs: LakeOutputs) -> list[Example]:
    """The examples whose tables this lake has."""
    tables = outputs.tables
    found: list[Example] = []
    if "player_season_stats" in tables:
        stats = tables["player_season_stats"].curated
        found += [_top_scorers(stats), _by_position(stats), _season_over_season(stats)]
    if "players" in tables and "teams" in tables:
        found.append(_rosters(tables["players"].curated, tables["teams"].curated))
    return found
