"""How the NBA datasets' curated columns come from the API's fields.

Declared tables live in terraform/datasets.auto.tfvars; this is the one place that
knows what each curated column means. Raw column names are the API's keys in lower case.
"""

from __future__ import annotations

from ingest.pipeline.curate import CuratedMapping, per_game

NBA_MAPPINGS: dict[str, CuratedMapping] = {
    "players": CuratedMapping(
        required=("playerid",),
        sources={
            "player_id": "playerid",
            "first_name": "firstname",
            "last_name": "lastname",
            "status": "status",
            "team_id": "teamid",
            "team": "team",
            "jersey": "jersey",
            "position": "position",
            "position_category": "positioncategory",
            "birth_date": "birthdate",
            "birth_city": "birthcity",
            "birth_country": "birthcountry",
            "college": "college",
            "height_inches": "height",
            "weight_lbs": "weight",
            "salary": "salary",
            "experience_years": "experience",
        },
    ),
    "teams": CuratedMapping(
        required=("teamid", "key"),
        sources={
            "team_id": "teamid",
            "team_key": "key",
            "city": "city",
            "name": "name",
            "conference": "conference",
            "division": "division",
            "active": "active",
            "primary_color": "primarycolor",
            "secondary_color": "secondarycolor",
            "logo_url": "wikipedialogourl",
            "head_coach": "headcoach",
        },
    ),
    "player_season_stats": CuratedMapping(
        required=("playerid", "season", "games"),
        sources={
            "player_id": "playerid",
            "name": "name",
            "team_id": "teamid",
            "team": "team",
            "position": "position",
            "season_type": "seasontype",
            "games": "games",
            "started": "started",
            "minutes": "minutes",
            "points": "points",
            "rebounds": "rebounds",
            "assists": "assists",
            "steals": "steals",
            "blocks": "blockedshots",
            "turnovers": "turnovers",
            "field_goals_made": "fieldgoalsmade",
            "field_goals_attempted": "fieldgoalsattempted",
            "three_pointers_made": "threepointersmade",
            "free_throws_made": "freethrowsmade",
            "updated_at": "updated",
        },
        derived={
            "points_per_game": per_game("points"),
            "rebounds_per_game": per_game("rebounds"),
            "assists_per_game": per_game("assists"),
            "minutes_per_game": per_game("minutes"),
        },
        season_column="season",
    ),
}
