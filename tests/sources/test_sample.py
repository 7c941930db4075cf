"""The sample league: deterministic, shaped like SportsData.io NBA v3, internally consistent."""

from __future__ import annotations

import re
from itertools import chain
from typing import Any

import pytest

import ingest.sources.sample as sample_module
from ingest.errors import LakeError
from ingest.sources.base import NBA_DATASETS, Record, Source
from ingest.sources.sample import ROWS_PER_SCALE, SEASONS, SampleSource

# JSON types of each field as SportsData.io NBA v3 sends them (None: the API sends null).
PLAYER_FIELDS: dict[str, tuple[type, ...]] = {
    "PlayerID": (int,),
    "SportsDataID": (str,),
    "Status": (str,),
    "TeamID": (int, type(None)),
    "Team": (str, type(None)),
    "Jersey": (int, type(None)),
    "PositionCategory": (str,),
    "Position": (str,),
    "FirstName": (str,),
    "LastName": (str,),
    "BirthDate": (str,),
    "BirthCity": (str,),
    "BirthState": (str, type(None)),
    "BirthCountry": (str,),
    "College": (str,),
    "Height": (int,),
    "Weight": (int,),
    "Salary": (int, type(None)),
    "Experience": (int,),
}
TEAM_FIELDS: dict[str, tuple[type, ...]] = {
    "TeamID": (int,),
    "Key": (str,),
    "Active": (bool,),
    "City": (str,),
    "Name": (str,),
    "LeagueID": (int,),
    "StadiumID": (int,),
    "Conference": (str,),
    "Division": (str,),
    "PrimaryColor": (str,),
    "SecondaryColor": (str,),
    "TertiaryColor": (str,),
    "QuaternaryColor": (str,),
    "WikipediaLogoUrl": (str,),
    "WikipediaWordMarkUrl": (str,),
    "GlobalTeamID": (int,),
    "NbaDotComTeamID": (int,),
    "HeadCoach": (str,),
}
STAT_TOTALS = [
    "FieldGoalsMade",
    "FieldGoalsAttempted",
    "FieldGoalsPercentage",
    "TwoPointersMade",
    "TwoPointersAttempted",
    "ThreePointersMade",
    "ThreePointersAttempted",
    "FreeThrowsMade",
    "FreeThrowsAttempted",
    "OffensiveRebounds",
    "DefensiveRebounds",
    "Rebounds",
    "Assists",
    "Steals",
    "BlockedShots",
    "Turnovers",
    "PersonalFouls",
    "Points",
    "PlusMinus",
    "DoubleDoubles",
    "TripleDoubles",
    "FantasyPoints",
]
STAT_FIELDS: dict[str, tuple[type, ...]] = {
    "StatID": (int,),
    "TeamID": (int,),
    "PlayerID": (int,),
    "SeasonType": (int,),
    "Season": (int,),
    "Name": (str,),
    "Team": (str,),
    "Position": (str,),
    "Started": (int,),
    "GlobalTeamID": (int,),
    "Updated": (str,),
    "Games": (int,),
    "Minutes": (int,),
    "Seconds": (int,),
    **{field: (float,) for field in STAT_TOTALS},
}


def rows(source: SampleSource, dataset: str, season: int = 2025) -> list[Record]:
    return list(chain.from_iterable(source.fetch(dataset, season)))


def check_shape(records: list[Record], fields: dict[str, tuple[type, ...]]) -> None:
    for record in records:
        missing = set(fields) - set(record)
        assert not missing, f"missing {missing}"
        for field, types in fields.items():
            value = record[field]
            # bool is an int in Python, but not in JSON: an int field must not hold a bool
            assert type(value) in types, f"{field}={value!r} is not {types}"


@pytest.fixture(scope="module")
def league() -> dict[str, Any]:
    source = SampleSource()
    return {
        "teams": rows(source, "teams"),
        "players": rows(source, "players"),
        "stats": {season: rows(source, "player_season_stats", season) for season in SEASONS},
    }


def test_is_a_source_and_says_it_is_synthetic() -> None:
    source: Source = SampleSource()
    assert source.name == "sample"
    assert "synthetic demo data, not real NBA statistics" in SampleSource.description
    assert "synthetic demo data, not real NBA statistics" in (sample_module.__doc__ or "")
    assert SampleSource().seasons == SEASONS == (2021, 2022, 2023, 2024, 2025)


def test_counts(league: dict[str, Any]) -> None:
    assert len(league["teams"]) == 30
    assert len({t["Key"] for t in league["teams"]}) == 30
    active = [p for p in league["players"] if p["Status"] == "Active"]
    assert len(active) == ROWS_PER_SCALE == 450
    for season in SEASONS:
        assert len(league["stats"][season]) == 450
    per_team: dict[int, int] = {}
    for player in active:
        per_team[player["TeamID"]] = per_team.get(player["TeamID"], 0) + 1
    assert set(per_team.values()) == {15}
    # former players (retired before 2025) are listed too, without a team
    former = [p for p in league["players"] if p["Status"] == "Inactive"]
    assert former and all(p["TeamID"] is None and p["Team"] is None for p in former)


def test_teams_shape(league: dict[str, Any]) -> None:
    teams = league["teams"]
    check_shape(teams, TEAM_FIELDS)
    assert {t["Conference"] for t in teams} == {"Eastern", "Western"}
    assert len({t["Division"] for t in teams}) == 6
    for team in teams:
        assert re.fullmatch(r"[A-Z]{3}", team["Key"])
        assert team["LeagueID"] == 3
        for color in ("PrimaryColor", "SecondaryColor", "TertiaryColor", "QuaternaryColor"):
            assert re.fullmatch(r"[0-9A-F]{6}", team[color])


def test_players_shape(league: dict[str, Any]) -> None:
    players = league["players"]
    check_shape(players, PLAYER_FIELDS)
    team_keys = {t["TeamID"]: t["Key"] for t in league["teams"]}
    assert len({p["PlayerID"] for p in players}) == len(players)
    for p in players:
        assert p["Status"] in ("Active", "Inactive") and p["SportsDataID"] == ""
        if p["Status"] == "Active":
            assert team_keys[p["TeamID"]] == p["Team"]
        assert p["Position"] in ("PG", "SG", "SF", "PF", "C")
        assert p["PositionCategory"] == {"PG": "G", "SG": "G", "SF": "F", "PF": "F"}.get(
            p["Position"], "C"
        )
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00", p["BirthDate"])
        assert 70 <= p["Height"] <= 90 and 150 <= p["Weight"] <= 320
        assert p["Jersey"] is None or 0 <= p["Jersey"] <= 99
    # nullable fields do carry nulls somewhere, like the API
    assert any(p["Salary"] is None for p in players)
    assert any(p["BirthState"] is None for p in players)


def test_season_stats_shape_and_consistency(league: dict[str, Any]) -> None:
    for season, stats in league["stats"].items():
        check_shape(stats, STAT_FIELDS)
        assert len({s["StatID"] for s in stats}) == len(stats)
        assert any(s["Games"] == 0 for s in stats), "some players play no games"
        for s in stats:
            assert s["Season"] == season and s["SeasonType"] == 1
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", s["Updated"])
            assert (
                s["Points"]
                == 2 * s["FieldGoalsMade"] + s["ThreePointersMade"] + s["FreeThrowsMade"]
            )
            assert s["Rebounds"] == s["OffensiveRebounds"] + s["DefensiveRebounds"]
            for made, attempted in (
                ("FieldGoalsMade", "FieldGoalsAttempted"),
                ("TwoPointersMade", "TwoPointersAttempted"),
                ("ThreePointersMade", "ThreePointersAttempted"),
                ("FreeThrowsMade", "FreeThrowsAttempted"),
            ):
                assert 0 <= s[made] <= s[attempted]
            assert s["FieldGoalsMade"] == s["TwoPointersMade"] + s["ThreePointersMade"]
            assert s["FieldGoalsAttempted"] == (
                s["TwoPointersAttempted"] + s["ThreePointersAttempted"]
            )
            assert 0 <= s["Started"] <= s["Games"] <= 82
            assert 0 <= s["TripleDoubles"] <= s["DoubleDoubles"] <= s["Games"]
            assert 0 <= s["Seconds"] < 60
            for field in STAT_TOTALS:
                if field not in ("FantasyPoints", "PlusMinus") and "Percentage" not in field:
                    assert s[field] == int(s[field]) >= 0, field
            if s["Games"] == 0:
                assert s["Points"] == s["Minutes"] == 0


def test_stats_players_and_teams_join(league: dict[str, Any]) -> None:
    """Every season's stats join exactly one player; 2025's are the active players."""
    players = {p["PlayerID"]: p for p in league["players"]}
    teams = {t["TeamID"]: t for t in league["teams"]}
    current = league["stats"][2025]
    active = {p["PlayerID"] for p in league["players"] if p["Status"] == "Active"}
    assert {s["PlayerID"] for s in current} == active
    assert {s["PlayerID"] for stats in league["stats"].values() for s in stats} == set(players)
    for s in current:
        player = players[s["PlayerID"]]
        assert s["Name"] == f"{player['FirstName']} {player['LastName']}"
        assert s["Team"] == player["Team"] and s["Position"] == player["Position"]
    for stats in league["stats"].values():
        for s in stats:
            assert teams[s["TeamID"]]["Key"] == s["Team"]
            assert s["GlobalTeamID"] == teams[s["TeamID"]]["GlobalTeamID"]
    # rookies (no experience) were not in the league in 2021: someone else held the slot
    rookies = {p["PlayerID"] for p in league["players"] if p["Experience"] == 0}
    assert rookies
    assert not rookies & {s["PlayerID"] for s in league["stats"][2021]}


def test_deterministic() -> None:
    for dataset in NBA_DATASETS:
        assert rows(SampleSource(), dataset, 2023) == rows(SampleSource(), dataset, 2023)
    assert rows(SampleSource(seed=7), "players") != rows(SampleSource(), "players")
    assert rows(SampleSource(), "player_season_stats", 2024) != rows(
        SampleSource(), "player_season_stats", 2023
    )


def test_scale_adds_rows_and_keeps_scale_one_as_prefix() -> None:
    small = rows(SampleSource(scale=1), "player_season_stats", 2024)
    big = rows(SampleSource(scale=3), "player_season_stats", 2024)
    assert len(big) == 3 * ROWS_PER_SCALE
    assert big[: len(small)] == small
    assert len({s["StatID"] for s in big}) == len(big)
    big_players = rows(SampleSource(scale=3), "players")
    assert len({p["PlayerID"] for p in big_players}) == len(big_players)
    assert sum(p["Status"] == "Active" for p in big_players) == 1350
    assert SampleSource(scale=2223).row_count("player_season_stats") >= 1_000_000
    assert len(rows(SampleSource(scale=3), "teams")) == 30


@pytest.mark.parametrize("page_size", [1, 7, 100, 450, 1000])
def test_page_sizes(page_size: int) -> None:
    pages = list(SampleSource(page_size=page_size).fetch("player_season_stats", 2025))
    assert all(1 <= len(page) <= page_size for page in pages)
    assert all(len(page) == page_size for page in pages[:-1])
    assert sum(map(len, pages)) == 450


def test_default_page_size_is_50k() -> None:
    pages = list(SampleSource(scale=250).fetch("player_season_stats", 2025))
    assert [len(p) for p in pages] == [50_000, 50_000, 12_500]


def test_unknown_season_names_the_available_ones() -> None:
    with pytest.raises(LakeError) as err:
        list(SampleSource().fetch("player_season_stats", 2019))
    message = str(err.value)
    assert "2019" in message and "2021-2025" in message
    assert "\n" not in message


def test_unknown_dataset_and_bad_scale() -> None:
    with pytest.raises(LakeError, match="box_scores"):
        list(SampleSource().fetch("box_scores", 2025))
    for scale in (0, -1, 10**9):
        with pytest.raises(LakeError, match="scale"):
            SampleSource(scale=scale)


def test_season_is_ignored_for_players_and_teams() -> None:
    assert rows(SampleSource(), "players", 1990) == rows(SampleSource(), "players", 2025)
