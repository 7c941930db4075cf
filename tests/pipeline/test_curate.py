"""Raw values to curated types: text from CSV cells and API strings, nulls, derived figures."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from ingest.pipeline.curate import convert, per_game


def test_timestamps_in_utc_with_or_without_zone() -> None:
    values = [
        "2025-04-14T03:12:45Z",
        "2025-04-14T03:12:45+02:00",
        "2025-04-14T03:12:45",
        "2025-04-14 03:12:45.123",
        None,
        "junk",
    ]
    assert convert(pa.array(values), "timestamp").to_pylist() == [
        dt.datetime(2025, 4, 14, 3, 12, 45),
        dt.datetime(2025, 4, 14, 1, 12, 45),
        dt.datetime(2025, 4, 14, 3, 12, 45),
        dt.datetime(2025, 4, 14, 3, 12, 45),
        None,
        None,
    ]


def test_dates_from_api_datetimes_and_plain_dates() -> None:
    values = ["1998-03-14T00:00:00", "2001-12-31", "", None, "not a date"]
    assert convert(pa.array(values), "date").to_pylist() == [
        dt.date(1998, 3, 14),
        dt.date(2001, 12, 31),
        None,
        None,
        None,
    ]


def test_text_to_numbers_and_booleans() -> None:
    assert convert(pa.array(["12", " 7 ", "", None]), "int").to_pylist() == [12, 7, None, None]
    assert convert(pa.array(["1.5", "x"]), "double").to_pylist() == [1.5, None]
    assert convert(pa.array(["true", "No", "Y", "maybe"]), "boolean").to_pylist() == [
        True,
        False,
        True,
        None,
    ]
    assert convert(pa.array([1, 2]), "string").to_pylist() == ["1", "2"]


def test_per_game_is_null_without_games() -> None:
    raw = pa.table({"games": [10, 0, None], "points": [95.0, 5.0, 3.0]})
    assert per_game("points")(raw).to_pylist() == [9.5, None, None]
