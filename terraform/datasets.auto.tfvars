# The datasets of the lake, declared once. Terraform builds the Glue tables from this
# file (for_each over var.datasets) and the Python side reads the same file with
# python-hcl2 to lay out the local lake, so the two targets cannot drift apart.
#
# Each dataset has:
#   raw     - the APIs' records as NDJSON (OpenX JSON SerDe); columns are the APIs' JSON
#             keys in lower case; partitioned by ingest_date. Two API shapes land in one
#             raw table: SportsData.io's (PascalCase keys, also the sample league's) and
#             stats.nba.com's (UPPER_SNAKE keys); a record fills the columns of its shape.
#   curated - typed Parquet with snake_case columns, one layout for every source. The
#             partition keys say how a dataset is replaced, and the pipeline reads them:
#               none                  one row per player / team, latest attributes; a load
#                                     writes a new version and switches the table to it
#               season                a season is replaced as a whole
#               season, game_month    date-keyed: a load rewrites only the months whose
#                                     days changed ('YYYY-MM', one Parquet file per month)
# Column types are Hive/Glue types: int, bigint, double, boolean, string, date, timestamp.
# Partition keys are int or string: types Glue filters (and Athena prunes) on.

datasets = {
  players = {
    description = "One row per player (every player the source knows, past ones included), latest attributes; replaced as a whole on each load."
    raw = {
      table = "nba_player_data"
      columns = [
        { name = "playerid", type = "int" },
        { name = "status", type = "string" },
        { name = "teamid", type = "int" },
        { name = "team", type = "string" },
        { name = "jersey", type = "int" },
        { name = "positioncategory", type = "string" },
        { name = "position", type = "string" },
        { name = "firstname", type = "string" },
        { name = "lastname", type = "string" },
        { name = "birthdate", type = "string" },
        { name = "birthcity", type = "string" },
        { name = "birthcountry", type = "string" },
        { name = "college", type = "string" },
        { name = "height", type = "int" },
        { name = "weight", type = "int" },
        { name = "salary", type = "bigint" },
        { name = "experience", type = "int" },
        { name = "person_id", type = "int" },
        { name = "display_first_last", type = "string" },
        { name = "display_last_comma_first", type = "string" },
        { name = "rosterstatus", type = "int" },
        { name = "from_year", type = "string" },
        { name = "to_year", type = "string" },
        { name = "team_id", type = "int" },
        { name = "team_abbreviation", type = "string" },
        { name = "team_city", type = "string" },
        { name = "team_name", type = "string" },
      ]
      partition_keys = [
        { name = "ingest_date", type = "string" },
      ]
    }
    curated = {
      table = "players"
      columns = [
        { name = "player_id", type = "int" },
        { name = "first_name", type = "string" },
        { name = "last_name", type = "string" },
        { name = "status", type = "string" },
        { name = "team_id", type = "int" },
        { name = "team", type = "string" },
        { name = "jersey", type = "int" },
        { name = "position", type = "string" },
        { name = "position_category", type = "string" },
        { name = "birth_date", type = "date" },
        { name = "birth_city", type = "string" },
        { name = "birth_country", type = "string" },
        { name = "college", type = "string" },
        { name = "height_inches", type = "int" },
        { name = "weight_lbs", type = "int" },
        { name = "salary", type = "bigint" },
        { name = "experience_years", type = "int" },
      ]
      partition_keys = []
    }
  }

  teams = {
    description = "One row per team, latest attributes; replaced as a whole on each load."
    raw = {
      table = "nba_team_data"
      columns = [
        { name = "teamid", type = "int" },
        { name = "key", type = "string" },
        { name = "active", type = "boolean" },
        { name = "city", type = "string" },
        { name = "name", type = "string" },
        { name = "conference", type = "string" },
        { name = "division", type = "string" },
        { name = "primarycolor", type = "string" },
        { name = "secondarycolor", type = "string" },
        { name = "wikipedialogourl", type = "string" },
        { name = "headcoach", type = "string" },
        { name = "team_id", type = "int" },
        { name = "abbreviation", type = "string" },
        { name = "min_year", type = "string" },
        { name = "max_year", type = "string" },
        { name = "teamcity", type = "string" },
        { name = "teamname", type = "string" },
      ]
      partition_keys = [
        { name = "ingest_date", type = "string" },
      ]
    }
    curated = {
      table = "teams"
      columns = [
        { name = "team_id", type = "int" },
        { name = "team_key", type = "string" },
        { name = "city", type = "string" },
        { name = "name", type = "string" },
        { name = "conference", type = "string" },
        { name = "division", type = "string" },
        { name = "active", type = "boolean" },
        { name = "primary_color", type = "string" },
        { name = "secondary_color", type = "string" },
        { name = "logo_url", type = "string" },
        { name = "head_coach", type = "string" },
      ]
      partition_keys = []
    }
  }

  player_season_stats = {
    description = "Per-player season totals, one row per player, season and season type (1 regular season, 3 playoffs)."
    raw = {
      table = "nba_player_season_stats_data"
      columns = [
        { name = "statid", type = "int" },
        { name = "teamid", type = "int" },
        { name = "playerid", type = "int" },
        { name = "seasontype", type = "int" },
        { name = "season", type = "int" },
        { name = "name", type = "string" },
        { name = "team", type = "string" },
        { name = "position", type = "string" },
        { name = "started", type = "int" },
        { name = "games", type = "int" },
        { name = "minutes", type = "int" },
        { name = "fieldgoalsmade", type = "double" },
        { name = "fieldgoalsattempted", type = "double" },
        { name = "threepointersmade", type = "double" },
        { name = "threepointersattempted", type = "double" },
        { name = "freethrowsmade", type = "double" },
        { name = "freethrowsattempted", type = "double" },
        { name = "rebounds", type = "double" },
        { name = "assists", type = "double" },
        { name = "steals", type = "double" },
        { name = "blockedshots", type = "double" },
        { name = "turnovers", type = "double" },
        { name = "points", type = "double" },
        { name = "updated", type = "string" },
        { name = "season_id", type = "string" },
        { name = "player_id", type = "int" },
        { name = "player_name", type = "string" },
        { name = "team_id", type = "int" },
        { name = "team_abbreviation", type = "string" },
        { name = "gp", type = "int" },
        { name = "min", type = "double" },
        { name = "fgm", type = "double" },
        { name = "fga", type = "double" },
        { name = "fg3m", type = "double" },
        { name = "fg3a", type = "double" },
        { name = "ftm", type = "double" },
        { name = "fta", type = "double" },
        { name = "oreb", type = "double" },
        { name = "dreb", type = "double" },
        { name = "reb", type = "double" },
        { name = "ast", type = "double" },
        { name = "tov", type = "double" },
        { name = "stl", type = "double" },
        { name = "blk", type = "double" },
        { name = "pf", type = "double" },
        { name = "pts", type = "double" },
        { name = "plus_minus", type = "double" },
      ]
      partition_keys = [
        { name = "ingest_date", type = "string" },
      ]
    }
    curated = {
      table = "player_season_stats"
      columns = [
        { name = "player_id", type = "int" },
        { name = "name", type = "string" },
        { name = "team_id", type = "int" },
        { name = "team", type = "string" },
        { name = "position", type = "string" },
        { name = "season_type", type = "int" },
        { name = "games", type = "int" },
        { name = "started", type = "int" },
        { name = "minutes", type = "int" },
        { name = "points", type = "double" },
        { name = "rebounds", type = "double" },
        { name = "assists", type = "double" },
        { name = "steals", type = "double" },
        { name = "blocks", type = "double" },
        { name = "turnovers", type = "double" },
        { name = "field_goals_made", type = "double" },
        { name = "field_goals_attempted", type = "double" },
        { name = "three_pointers_made", type = "double" },
        { name = "free_throws_made", type = "double" },
        { name = "points_per_game", type = "double" },
        { name = "rebounds_per_game", type = "double" },
        { name = "assists_per_game", type = "double" },
        { name = "minutes_per_game", type = "double" },
        { name = "updated_at", type = "timestamp" },
      ]
      partition_keys = [
        { name = "season", type = "int" },
      ]
    }
  }

  games = {
    description = "One row per game: date, teams, final score and status, by season type (1 regular season, 3 playoffs)."
    raw = {
      table = "nba_game_data"
      columns = [
        { name = "gameid", type = "int" },
        { name = "season", type = "int" },
        { name = "seasontype", type = "int" },
        { name = "status", type = "string" },
        { name = "day", type = "string" },
        { name = "datetime", type = "string" },
        { name = "awayteam", type = "string" },
        { name = "hometeam", type = "string" },
        { name = "awayteamid", type = "int" },
        { name = "hometeamid", type = "int" },
        { name = "awayteamscore", type = "int" },
        { name = "hometeamscore", type = "int" },
        { name = "updated", type = "string" },
        { name = "isclosed", type = "boolean" },
        { name = "datetimeutc", type = "string" },
        { name = "season_id", type = "string" },
        { name = "team_id", type = "int" },
        { name = "team_abbreviation", type = "string" },
        { name = "team_name", type = "string" },
        { name = "game_id", type = "string" },
        { name = "game_date", type = "string" },
        { name = "matchup", type = "string" },
        { name = "wl", type = "string" },
        { name = "min", type = "double" },
        { name = "pts", type = "double" },
        { name = "plus_minus", type = "double" },
      ]
      partition_keys = [
        { name = "ingest_date", type = "string" },
      ]
    }
    curated = {
      table = "games"
      columns = [
        { name = "game_id", type = "string" },
        { name = "season_type", type = "int" },
        { name = "game_date", type = "date" },
        { name = "status", type = "string" },
        { name = "home_team", type = "string" },
        { name = "away_team", type = "string" },
        { name = "home_score", type = "int" },
        { name = "away_score", type = "int" },
      ]
      partition_keys = [
        { name = "season", type = "int" },
        { name = "game_month", type = "string" },
      ]
    }
  }

  player_game_stats = {
    description = "The box score: one row per player per game."
    raw = {
      table = "nba_player_game_stats_data"
      columns = [
        { name = "statid", type = "int" },
        { name = "teamid", type = "int" },
        { name = "playerid", type = "int" },
        { name = "seasontype", type = "int" },
        { name = "season", type = "int" },
        { name = "name", type = "string" },
        { name = "team", type = "string" },
        { name = "position", type = "string" },
        { name = "started", type = "int" },
        { name = "gameid", type = "int" },
        { name = "opponentid", type = "int" },
        { name = "opponent", type = "string" },
        { name = "day", type = "string" },
        { name = "datetime", type = "string" },
        { name = "homeoraway", type = "string" },
        { name = "isgameover", type = "boolean" },
        { name = "updated", type = "string" },
        { name = "games", type = "int" },
        { name = "minutes", type = "int" },
        { name = "seconds", type = "int" },
        { name = "fieldgoalsmade", type = "double" },
        { name = "fieldgoalsattempted", type = "double" },
        { name = "threepointersmade", type = "double" },
        { name = "threepointersattempted", type = "double" },
        { name = "freethrowsmade", type = "double" },
        { name = "freethrowsattempted", type = "double" },
        { name = "offensiverebounds", type = "double" },
        { name = "defensiverebounds", type = "double" },
        { name = "rebounds", type = "double" },
        { name = "assists", type = "double" },
        { name = "steals", type = "double" },
        { name = "blockedshots", type = "double" },
        { name = "turnovers", type = "double" },
        { name = "personalfouls", type = "double" },
        { name = "points", type = "double" },
        { name = "plusminus", type = "double" },
        { name = "season_id", type = "string" },
        { name = "player_id", type = "int" },
        { name = "player_name", type = "string" },
        { name = "team_id", type = "int" },
        { name = "team_abbreviation", type = "string" },
        { name = "game_id", type = "string" },
        { name = "game_date", type = "string" },
        { name = "matchup", type = "string" },
        { name = "wl", type = "string" },
        { name = "min", type = "double" },
        { name = "fgm", type = "double" },
        { name = "fga", type = "double" },
        { name = "fg3m", type = "double" },
        { name = "fg3a", type = "double" },
        { name = "ftm", type = "double" },
        { name = "fta", type = "double" },
        { name = "oreb", type = "double" },
        { name = "dreb", type = "double" },
        { name = "reb", type = "double" },
        { name = "ast", type = "double" },
        { name = "stl", type = "double" },
        { name = "blk", type = "double" },
        { name = "tov", type = "double" },
        { name = "pf", type = "double" },
        { name = "pts", type = "double" },
        { name = "plus_minus", type = "double" },
      ]
      partition_keys = [
        { name = "ingest_date", type = "string" },
      ]
    }
    curated = {
      table = "player_game_stats"
      columns = [
        { name = "player_id", type = "int" },
        { name = "name", type = "string" },
        { name = "game_id", type = "string" },
        { name = "game_date", type = "date" },
        { name = "season_type", type = "int" },
        { name = "team", type = "string" },
        { name = "opponent", type = "string" },
        { name = "home", type = "boolean" },
        { name = "started", type = "boolean" },
        { name = "minutes", type = "int" },
        { name = "points", type = "int" },
        { name = "rebounds", type = "int" },
        { name = "offensive_rebounds", type = "int" },
        { name = "defensive_rebounds", type = "int" },
        { name = "assists", type = "int" },
        { name = "steals", type = "int" },
        { name = "blocks", type = "int" },
        { name = "turnovers", type = "int" },
        { name = "fouls", type = "int" },
        { name = "field_goals_made", type = "int" },
        { name = "field_goals_attempted", type = "int" },
        { name = "three_pointers_made", type = "int" },
        { name = "three_pointers_attempted", type = "int" },
        { name = "free_throws_made", type = "int" },
        { name = "free_throws_attempted", type = "int" },
        { name = "plus_minus", type = "int" },
      ]
      partition_keys = [
        { name = "season", type = "int" },
        { name = "game_month", type = "string" },
      ]
    }
  }
}
