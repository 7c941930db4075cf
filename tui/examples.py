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
        f"""-- Team rosters: size, height and payroll (one row per player and per team)
SELECT t.conference,
       t.city || ' ' || t.name AS team,
       count(p.player_id) AS players,
       round(avg(p.height_inches), 1) AS avg_height_in,
       sum(p.salary) AS payroll
FROM {teams} t
JOIN {players} p ON p.team_id = t.team_id
GROUP BY t.conference, t.city, t.name
ORDER BY t.conference, payroll DESC;
""",
    )


def consistency_check(stats: str, box: str) -> Example:
    """The check that box scores add up to season statistics (also in the README)."""
    return Example(
        "Box scores add up to season statistics",
        "per season: player-seasons compared, and how many differ (0 is right)",
        f"""-- Do the box scores add up? Games, points, rebounds and assists summed over
-- {box} must equal {stats}, per player, season and season type.
WITH box AS (
  SELECT player_id, season, season_type,
         count(*) AS games, sum(points) AS points,
         sum(rebounds) AS rebounds, sum(assists) AS assists
  FROM {box}
  GROUP BY player_id, season, season_type
),
compared AS (
  SELECT coalesce(s.season, b.season) AS season,
         coalesce(s.season_type, b.season_type) AS season_type,
         coalesce(s.games, 0) = coalesce(b.games, 0)
           AND coalesce(s.points, 0) = coalesce(b.points, 0)
           AND coalesce(s.rebounds, 0) = coalesce(b.rebounds, 0)
           AND coalesce(s.assists, 0) = coalesce(b.assists, 0) AS adds_up
  FROM {stats} s
  FULL OUTER JOIN box b
    ON b.player_id = s.player_id AND b.season = s.season AND b.season_type = s.season_type
)
SELECT season, season_type, count(*) AS player_seasons, count_if(NOT adds_up) AS mismatched
FROM compared
GROUP BY season, season_type
ORDER BY season, season_type;
""",
    )


def _game_log(stats: str, box: str) -> Example:
    return Example(
        "A player's game log",
        "every game of the latest season's top scorer",
        f"""-- Game log of the latest season's top scorer
WITH latest AS (SELECT max(season) AS season FROM {box}),
star AS (
  SELECT s.player_id FROM {stats} s JOIN latest l ON s.season = l.season
  ORDER BY s.points DESC LIMIT 1
)
SELECT g.game_date, g.team, IF(g.home, 'vs', '@') AS at, g.opponent,
       g.minutes, g.points, g.rebounds, g.assists, g.plus_minus
FROM {box} g
JOIN latest l ON g.season = l.season
JOIN star ON g.player_id = star.player_id
ORDER BY g.game_date;
""",
    )


def _standings(games: str) -> Example:
    return Example(
        "Standings by date",
        "wins and losses of every team, from the games played up to a day",
        f"""-- Standings on a day, computed from the games (change the date)
WITH results AS (
  SELECT season, game_date, home_team AS team, IF(home_score > away_score, 1, 0) AS won
  FROM {games} WHERE season_type = 1
  UNION ALL
  SELECT season, game_date, away_team, IF(away_score > home_score, 1, 0)
  FROM {games} WHERE season_type = 1
)
SELECT team,
       count(*) AS played,
       sum(won) AS wins,
       count(*) - sum(won) AS losses,
       round(CAST(sum(won) AS double) / count(*), 3) AS win_pct
FROM results
WHERE season = 2025 AND game_date <= DATE '2025-01-15'
GROUP BY team
ORDER BY win_pct DESC, wins DESC;
""",
    )


def _best_games(box: str) -> Example:
    return Example(
        "Best single-game performances",
        "the highest-scoring games by a player",
        f"""-- The 20 best scoring games, with the rest of the line
SELECT name, team, opponent, game_date, minutes, points, rebounds, assists,
       format('%d-%d', field_goals_made, field_goals_attempted) AS fg,
       format('%d-%d', three_pointers_made, three_pointers_attempted) AS threes
FROM {box}
ORDER BY points DESC, rebounds + assists DESC
LIMIT 20;
""",
    )


def _home_away(box: str) -> Example:
    return Example(
        "Home and away splits",
        "who scores more at home than on the road (latest season)",
        f"""-- Points per game at home and away, players with 40+ games in the latest season
SELECT name, team,
       count_if(home) AS home_games,
       count_if(NOT home) AS away_games,
       round(avg(IF(home, points)), 1) AS home_ppg,
       round(avg(IF(NOT home, points)), 1) AS away_ppg,
       round(avg(IF(home, points)) - avg(IF(NOT home, points)), 1) AS difference
FROM {box}
WHERE season = (SELECT max(season) FROM {box})
GROUP BY player_id, name, team
HAVING count(*) >= 40
ORDER BY difference DESC
LIMIT 20;
""",
    )


def _rolling(box: str) -> Example:
    return Example(
        "Rolling 10-game average",
        "points over each player's last ten games (window functions), latest form first",
        f"""-- Form: average points over the last 10 games, as of each player's latest game
WITH rolling AS (
  SELECT player_id, name, team, game_date, points,
         avg(points) OVER (
           PARTITION BY player_id ORDER BY game_date
           ROWS BETWEEN 9 PRECEDING AND CURRENT ROW
         ) AS last_10_avg,
         row_number() OVER (PARTITION BY player_id ORDER BY game_date DESC) AS from_last
  FROM {box}
  WHERE season = (SELECT max(season) FROM {box})
)
SELECT name, team, game_date AS last_game, points, round(last_10_avg, 1) AS last_10_avg
FROM rolling
WHERE from_last = 1
ORDER BY last_10_avg DESC
LIMIT 20;
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
    if "player_game_stats" in tables:
        box = tables["player_game_stats"].curated
        if "player_season_stats" in tables:
            stats = tables["player_season_stats"].curated
            found += [_game_log(stats, box), consistency_check(stats, box)]
        found += [_best_games(box), _home_away(box), _rolling(box)]
    if "games" in tables:
        found.append(_standings(tables["games"].curated))
    return found
