"""Charts in the core: which chart a result's shape proposes, how a large result is cut
to what a plot can show, and the drawing on a real plotext figure."""

from __future__ import annotations

from datetime import date, timedelta

import plotext
import pyarrow as pa
import pytest
from plotext._figure import _figure_class

from ingest.charts.draw import draw
from ingest.charts.reduce import MAX_SERIES, prepare
from ingest.charts.spec import ChartError, ChartRequest, ChartSpec, complete, parse_request, propose


def test_a_label_and_a_number_propose_bars() -> None:
    table = pa.table({"team": ["BOS", "LAL", "MIA"], "ppg": [11.2, 10.1, 9.5]})
    assert propose(table) == ChartSpec("bar", "team", ("ppg",))


def test_a_season_and_numbers_propose_lines_one_per_group() -> None:
    table = pa.table(
        {
            "team": ["BOS", "BOS", "LAL", "LAL"],
            "season": pa.array([2024, 2025, 2024, 2025], pa.int32()),
            "wins": [50, 55, 40, 47],
        }
    )
    assert propose(table) == ChartSpec("line", "season", ("wins",), "team")
    # no label column: a line per number
    numbers = table.drop_columns(["team"]).append_column("losses", pa.array([32, 27, 42, 35]))
    assert propose(numbers) == ChartSpec("line", "season", ("wins", "losses"))


def test_a_date_column_is_a_time_axis_even_as_text() -> None:
    typed = pa.table({"game_date": [date(2025, 1, d) for d in (1, 2, 3)], "points": [1, 2, 3]})
    assert propose(typed) == ChartSpec("line", "game_date", ("points",))
    text = pa.table({"ingest_date": ["2025-01-01", "2025-01-02"], "rows": [10, 20]})
    assert propose(text) == ChartSpec("line", "ingest_date", ("rows",))


def test_one_season_only_is_no_time_axis() -> None:
    table = pa.table({"season": [2025, 2025], "team": ["A", "B"], "ppg": [1.0, 2.0]})
    assert propose(table) == ChartSpec("bar", "team", ("ppg",))


def test_two_numbers_scatter_and_one_number_counts() -> None:
    pair = pa.table({"player_id": [1, 2], "rebounds": [3.0, 4.0], "assists": [1.0, 9.0]})
    assert propose(pair) == ChartSpec("scatter", "rebounds", ("assists",))  # ids are no measure
    single = pa.table({"points": [1.0, 2.0, 2.5]})
    assert propose(single) == ChartSpec("histogram", "points")


def test_nothing_to_plot_is_none_or_a_clear_error() -> None:
    table = pa.table({"name": ["a", "b"]})
    assert propose(table) is None
    with pytest.raises(ChartError, match="no number column"):
        complete(table)


def test_the_user_choices_are_kept_and_the_rest_proposed() -> None:
    table = pa.table(
        {"pos": ["C", "F"], "season": [2024, 2025], "ppg": [1.0, 2.0], "rpg": [3.0, 4.0]}
    )
    assert complete(table, ChartRequest(kind="bar")) == ChartSpec("bar", "pos", ("ppg",))
    assert complete(table, ChartRequest(y=("rpg",))) == ChartSpec("line", "season", ("rpg",), "pos")
    assert complete(table, ChartRequest(group="")) == ChartSpec("line", "season", ("ppg", "rpg"))
    with pytest.raises(ChartError, match="'pos' is not a number"):
        complete(table, ChartRequest(kind="line", y=("pos",)))
    with pytest.raises(ChartError, match="no column 'nope'"):
        complete(table, ChartRequest(x="nope"))


def test_the_cli_request_text() -> None:
    assert parse_request("auto") == ChartRequest()
    assert parse_request("line x = season y=ppg,apg group=team") == ChartRequest(
        "line", "season", ("ppg", "apg"), "team"
    )
    assert parse_request("bar group=none").group == ""
    for bad in ("pie", "line bar", "x", "colour=red"):
        with pytest.raises(ChartError):
            parse_request(bad)
    spec = ChartSpec("line", "season", ("ppg",), "team")
    assert parse_request(spec.describe()) == ChartRequest("line", "season", ("ppg",), "team")
    table = pa.table({"pos": ["C", "F"], "season": [2024, 2025], "ppg": [1.0, 2.0]})
    alone = complete(table, ChartRequest(group=""))
    assert alone.describe() == "line x=season y=ppg group=none"
    assert complete(table, parse_request(alone.describe())) == alone  # the same chart again


def _timeline(rows: int) -> pa.Table:
    start = date(2000, 1, 1)
    return pa.table(
        {
            "day": [start + timedelta(days=i) for i in range(rows)],
            "points": [float((i * 7919) % 1000) for i in range(rows)],
        }
    )


def test_a_100k_point_line_keeps_each_columns_low_and_high() -> None:
    table = _timeline(100_000)
    data = prepare(table, ChartSpec("line", "day", ("points",)), 150, 40)
    [series] = data.series
    assert len(series.xs) <= 2 * 150 and data.rows == 100_000
    assert min(series.ys) == 0.0 and max(series.ys) == 999.0  # the extremes survive
    assert list(series.xs) == sorted(series.xs)
    assert "low and high" in data.note
    assert data.x_ticks is not None and data.x_ticks[1][0] == "2000-01-01"


def test_repeated_x_values_are_averaged() -> None:
    table = pa.table({"season": [2024, 2024, 2025], "ppg": [10.0, 20.0, 30.0]})
    data = prepare(table, ChartSpec("line", "season", ("ppg",)), 80, 20)
    assert data.series[0].xs == (2024.0, 2025.0) and data.series[0].ys == (15.0, 30.0)
    assert data.x_ticks == ((2024.0, 2025.0), ("2024", "2025"))


def test_groups_beyond_the_palette_are_left_out_and_said_so() -> None:
    teams = [f"T{i:02d}" for i in range(12)]
    table = pa.table(
        {
            "team": [t for t in teams for _ in range(2)],
            "season": [s for _ in teams for s in (2024, 2025)],
            "wins": [float(i) for i in range(24)],
        }
    )
    data = prepare(table, ChartSpec("line", "season", ("wins",), "team"), 100, 30)
    assert len(data.series) == MAX_SERIES
    assert [s.label for s in data.series][:2] == ["T11", "T10"]  # highest average first
    assert f"{MAX_SERIES} of 12 team values" in data.note


def test_a_scatter_keeps_one_point_per_cell() -> None:
    rows = 100_000
    table = pa.table(
        {"a": [float(i % 500) for i in range(rows)], "b": [float(i % 7) for i in range(rows)]}
    )
    data = prepare(table, ChartSpec("scatter", "a", ("b",)), 100, 25)
    [series] = data.series
    assert len(series.xs) <= 200 * 100 and len(series.xs) < rows
    assert len(set(zip(series.xs, series.ys, strict=True))) == len(series.xs)


def test_bars_fit_the_height_and_repeated_labels_are_averaged() -> None:
    names = [f"player_{i:03d}" for i in range(100)]
    table = pa.table({"name": names + names[:1], "ppg": [float(i) for i in range(100)] + [100.0]})
    data = prepare(table, ChartSpec("bar", "name", ("ppg",)), 100, 30)
    assert data.horizontal and len(data.labels) == 30 - 6
    assert data.series[0].ys[0] == 50.0  # player_000: (0 + 100) / 2
    assert "average per name" in data.note and "first 24 of 100" in data.note


def test_a_histogram_counts_every_row() -> None:
    table = pa.table({"points": [float(i % 37) for i in range(10_000)]})
    data = prepare(table, ChartSpec("histogram", "points"), 100, 30)
    assert sum(data.series[0].ys) == 10_000


def test_draw_on_a_plotext_figure() -> None:
    table = pa.table({"team": ["BOS", "LAL"], "ppg": [11.5, 10.25]})
    data = prepare(table, ChartSpec("bar", "team", ("ppg",)), 60, 15)
    figure = _figure_class()
    figure.plotsize(60, 15)
    draw(figure, data, colours=[(10, 88, 168)])
    text = plotext.uncolorize(figure.build())
    assert "ppg by team" in text and "BOS" in text and "LAL" in text
