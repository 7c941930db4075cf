# The datasets of the lake, declared once. Terraform builds the Glue tables from this
# file (for_each over var.datasets) and the Python side reads the same file with
# python-hcl2 to lay out the local lake, so the two targets cannot drift apart.
#
# Each dataset has:
#   raw     - the API's records as NDJSON (OpenX JSON SerDe); columns are the API's JSON
#             keys in lower case; partitioned by ingest_date.
#   curated - typed Parquet with snake_case columns; partitioned by season.
# Column types are Hive/Glue types: int, bigint, double, boolean, string, date, timestamp.

datasets = {
  players = {
    description = "NBA players as listed by the API (one snapshot per ingest)."
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
      partition_keys = [
        { name = "season", type = "int" },
      ]
    }
  }

  teams = {
    description = "NBA teams as listed by the API (one snapshot per ingest)."
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
      partition_keys = [
        { name = "season", type = "int" },
      ]
    }
  }

  player_season_stats = {
    description = "Per-player regular-season totals, one row per player, team and season."
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
}
