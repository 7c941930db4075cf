"""`nba-lake query ... --chart` draws the result in a plain terminal (here: a pipe)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.cli import main


@pytest.fixture
def lake_home(sample_lake_home: Path, tmp_path: Path) -> Path:
    """A private copy of the sample lake: a query writes history and a result CSV."""
    home = tmp_path / "lake"
    shutil.copytree(sample_lake_home, home)
    return home


def test_query_chart_draws_in_a_plain_terminal(
    lake_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = (
        "SELECT position, season, round(avg(points_per_game), 2) AS ppg "
        "FROM player_season_stats GROUP BY 1, 2 ORDER BY 2"
    )
    assert main(["--lake-home", str(lake_home), "query", sql, "--chart"]) == 0
    out, err = capsys.readouterr()
    assert "ppg by season per position" in out
    assert "2021" in out and "2025" in out  # whole seasons on the x axis
    assert "┌" in out and "└" in out
    assert "\x1b[" not in out  # no colour codes in a pipe
    assert 'chart: --chart "line x=season y=ppg group=position"' in err
    assert "25 rows" in err


def test_query_chart_takes_a_kind_and_columns(
    lake_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = "SELECT team, avg(points_per_game) AS ppg FROM player_season_stats GROUP BY team"
    code = main(["--lake-home", str(lake_home), "query", sql, "--chart", "histogram"])
    assert code == 0
    out, err = capsys.readouterr()
    assert "ppg: how many rows per value" in out
    assert 'chart: --chart "histogram x=ppg"' in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--chart", "pie"], "unknown chart 'pie'"),
        (["--chart", "--format", "csv"], "--chart draws on the terminal"),
        (["--chart", "line y=team"], "'team' is not a number"),
    ],
)
def test_a_bad_chart_request_is_one_clear_line(
    lake_home: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    sql = "SELECT team, count(*) AS players FROM players GROUP BY team"
    assert main(["--lake-home", str(lake_home), "query", sql, *args]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nba-lake: error:") and message in err[0]
