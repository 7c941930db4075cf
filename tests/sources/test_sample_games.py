"""The sample league's schedule, games and box scores: a valid season that adds up."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from itertools import chain
from typing import Any

import pytest

from ingest.errors import LakeError
from ingest.sources.base import DaySource, Record
from ingest.sources.calendar import DayWindow
from ingest.sources.sample import SampleSource
from ingest.sources.sample_schedule import season_schedule

COUNTED = ("Points", "Rebounds", "Assists", "Minutes", "Started", "FieldGoalsMade",
           "ThreePointersAttempted", "FreeThrowsMade", "Steals", "PlusMinus")  # fmt: skip


def rows(source: SampleSource, dataset: str, season: int = 2025) -> list[Record]:
    return list(chain.from_iterable(source.fetch(dataset, season)))


@pytest.fixture(scope="module")
def season() -> dict[str, Any]:
    source = SampleSource()
    return {
        "games": rows(source, "games"),
        "lines": rows(source, "player_game_stats"),
        "stats": rows(source, "player_season_stats"),
    }


@pytest.mark.parametrize("year", [2021, 2025, 1990])
def test_the_schedule_is_a_full_valid_season(year: int) -> None:
    schedule = season_schedule(2025, year)
    games = schedule.games
    assert len(games) == 1230
    home, away = Counter(g.home for g in games), Counter(g.away for g in games)
    assert set(home.values()) == set(away.values()) == {41}  # 82 each, half at home
    busy = Counter((g.day, team) for g in games for team in (g.home, g.away))
    assert max(busy.values()) == 1, "a team plays twice on one day"
    meetings = Counter(frozenset((g.home, g.away)) for g in games)
    assert len(meetings) == 435 and set(meetings.values()) <= {2, 3}  # everyone meets all
    assert date(year - 1, 10, 20) <= schedule.first_day <= date(year - 1, 10, 26)
    assert date(year, 4, 1) <= schedule.last_day <= date(year, 4, 20)
    assert [g.number for g in games] == list(range(1, 1231))
    assert [g.day for g in games] == sorted(g.day for g in games)


def test_box_scores_add_up_to_the_season_statistics(season: dict[str, Any]) -> None:
    totals: dict[int, Counter[str]] = defaultdict(Counter)
    for line in season["lines"]:
        player = totals[line["PlayerID"]]
        player["Games"] += 1
        for field in COUNTED:
            player[field] += line[field]
    for stat in season["stats"]:
        played = totals.get(stat["PlayerID"], Counter())
        assert played["Games"] == stat["Games"], stat["PlayerID"]
        for field in COUNTED:
            assert played[field] == stat[field], (stat["PlayerID"], field)


def test_every_game_adds_up_and_nobody_ties(season: dict[str, Any]) -> None:
    scored: Counter[tuple[int, str]] = Counter()
    for line in season["lines"]:
        scored[(line["GameID"], line["HomeOrAway"])] += line["Points"]
    for game in season["games"]:
        home = scored[(game["GameID"], "HOME")]
        away = scored[(game["GameID"], "AWAY")]
        assert (home, away) == (game["HomeTeamScore"], game["AwayTeamScore"])
        assert home != away
    assert len(season["games"]) == 1230
    assert len({g["GameID"] for g in season["games"]}) == 1230


def test_each_line_is_a_possible_box_score(season: dict[str, Any]) -> None:
    games = {g["GameID"]: g for g in season["games"]}
    for line in season["lines"]:
        game = games[line["GameID"]]
        assert line["Day"] == game["Day"] and line["Games"] == 1
        side = "HomeTeam" if line["HomeOrAway"] == "HOME" else "AwayTeam"
        other = "AwayTeam" if side == "HomeTeam" else "HomeTeam"
        assert (line["Team"], line["Opponent"]) == (game[side], game[other])
        assert line["Points"] == (
            2 * line["FieldGoalsMade"] + line["ThreePointersMade"] + line["FreeThrowsMade"]
        )
        assert line["Rebounds"] == line["OffensiveRebounds"] + line["DefensiveRebounds"]
        for made, attempted in (
            ("FieldGoalsMade", "FieldGoalsAttempted"),
            ("ThreePointersMade", "ThreePointersAttempted"),
            ("FreeThrowsMade", "FreeThrowsAttempted"),
        ):
            assert 0 <= line[made] <= line[attempted]
    assert len({line["StatID"] for line in season["lines"]}) == len(season["lines"])
    per_game = Counter((line["GameID"], line["PlayerID"]) for line in season["lines"])
    assert max(per_game.values()) == 1


def test_as_of_reveals_only_what_was_played_and_statistics_to_date() -> None:
    source = SampleSource(as_of=date(2025, 1, 15))
    assert source.seasons == (2021, 2022, 2023, 2024, 2025)
    lines = rows(source, "player_game_stats")
    assert max(line["Day"] for line in lines) == "2025-01-15T00:00:00"
    totals: Counter[int] = Counter()
    for line in lines:
        totals[line["PlayerID"]] += line["Points"]
    stats = rows(source, "player_season_stats")
    assert all(totals.get(s["PlayerID"], 0) == s["Points"] for s in stats)
    assert sum(s["Games"] for s in stats) == len(lines)
    full = {s["PlayerID"]: s for s in rows(SampleSource(), "player_season_stats")}
    assert sum(s["Points"] for s in stats) < sum(s["Points"] for s in full.values())
    # earlier seasons are over by then: their statistics are the full ones
    assert rows(source, "player_season_stats", 2024) == rows(
        SampleSource(), "player_season_stats", 2024
    )
    with pytest.raises(LakeError, match="no season 2026"):
        rows(SampleSource(as_of=date(2025, 1, 15), season_range=(2021, 2030)), "games", 2026)


def test_a_day_window_is_exactly_its_days() -> None:
    source = SampleSource()
    assert isinstance(source, DaySource)
    window = DayWindow(date(2025, 1, 12), date(2025, 1, 16))
    days = list(chain.from_iterable(source.fetch_days("player_game_stats", 2025, window)))
    assert {line["Day"][:10] for line in days} == {f"2025-01-{d}" for d in range(12, 17)}
    everything = rows(source, "player_game_stats")
    assert days == [line for line in everything if "2025-01-12" <= line["Day"][:10] <= "2025-01-16"]


def test_the_season_range_is_configurable_and_enforced() -> None:
    wide = SampleSource(season_range=(2016, 2025))
    assert wide.seasons == tuple(range(2016, 2026))
    assert len(rows(wide, "games", 2016)) == 1230
    with pytest.raises(LakeError, match=r"no season 2015 \(it has 2016-2025\)"):
        rows(wide, "games", 2015)
    with pytest.raises(LakeError, match="not a range"):
        SampleSource(season_range=(2025, 2021))
    players = rows(wide, "players")
    seen = {s["PlayerID"] for year in (2016, 2020) for s in rows(wide, "player_season_stats", year)}
    assert seen <= {p["PlayerID"] for p in players}  # wider range, more former players


def test_scale_grows_the_box_scores_and_they_still_add_up() -> None:
    source = SampleSource(scale=2)
    lines = rows(source, "player_game_stats", 2023)
    stats = rows(source, "player_season_stats", 2023)
    assert len(stats) == 900
    assert len(lines) == sum(s["Games"] for s in stats)
    points: Counter[int] = Counter()
    for line in lines:
        points[line["PlayerID"]] += line["Points"]
    assert all(points.get(s["PlayerID"], 0) == s["Points"] for s in stats)


def test_deterministic() -> None:
    window = DayWindow(date(2022, 12, 1), date(2022, 12, 3))
    first = list(SampleSource().fetch_days("player_game_stats", 2023, window))
    again = list(SampleSource().fetch_days("player_game_stats", 2023, window))
    assert first == again and first
    other = list(SampleSource(seed=7).fetch_days("player_game_stats", 2023, window))
    assert other != first
