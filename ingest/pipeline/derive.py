"""Curated columns computed from raw ones, for fields no API sends as such.

Each function returns a `Derivation` (raw page -> Arrow array), all column-at-a-time Arrow
compute; a value that cannot be derived becomes null (the raw layer keeps what was sent).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ingest.pipeline.curate import Derivation, convert

#: stats.nba.com SEASON_ID prefix -> SportsData.io season type (1 regular, 2 preseason,
#: 3 postseason, 5 all-star). Play-in games (prefix 5) are not loaded.
NBA_SEASON_TYPES: dict[str, int] = {"1": 2, "2": 1, "3": 5, "4": 3}


def column(name: str) -> Derivation:
    """The raw column as it is."""
    return lambda raw: raw.column(name)


def constant(value: object, arrow_type: pa.DataType) -> Derivation:
    return lambda raw: pa.array([value] * raw.num_rows, arrow_type)


def day_of(name: str) -> Derivation:
    """The date of an ISO date or timestamp text (`2024-12-01` or `2024-12-01T00:00:00`)."""
    return lambda raw: convert(raw.column(name), "date")


def equals(name: str, value: str) -> Derivation:
    """True where the text column holds `value` (case-insensitive)."""
    return lambda raw: pc.equal(pc.utf8_upper(convert(raw.column(name), "string")), value.upper())


def difference(left: str, right: str) -> Derivation:
    return lambda raw: pc.subtract(
        convert(raw.column(left), "double"), convert(raw.column(right), "double")
    )


def rounded(name: str) -> Derivation:
    """A decimal rounded to a whole number (stats.nba.com's season minutes: 2701.75)."""
    return lambda raw: pc.round(convert(raw.column(name), "double"))


def blank_to_null(name: str) -> Derivation:
    """Text with empty values as null (stats.nba.com writes "" for a retired player's team)."""

    def derive(raw: pa.Table) -> pa.Array:
        text = convert(raw.column(name), "string")
        return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)

    return derive


def nba_season(name: str = "season_id") -> Derivation:
    """stats.nba.com's SEASON_ID ("22023": regular season 2023-24) -> the lake's season (2024)."""

    def derive(raw: pa.Table) -> pa.Array:
        text = convert(raw.column(name), "string")
        start = convert(pc.utf8_slice_codeunits(text, 1, 5), "int")
        return pc.add(start, 1)

    return derive


def nba_season_type(name: str = "season_id") -> Derivation:
    """stats.nba.com's SEASON_ID prefix -> the season type (2... regular: 1, 4... playoffs: 3)."""

    def derive(raw: pa.Table) -> pa.Array:
        prefix = pc.utf8_slice_codeunits(convert(raw.column(name), "string"), 0, 1)
        keys = pa.array(list(NBA_SEASON_TYPES))
        found = pc.index_in(prefix, value_set=keys)
        return pc.take(pa.array(list(NBA_SEASON_TYPES.values()), pa.int32()), found)

    return derive


def matchup_opponent(name: str = "matchup") -> Derivation:
    """The other team of a stats.nba.com MATCHUP: "LAL @ DEN" and "LAL vs. DEN" -> DEN."""

    def derive(raw: pa.Table) -> pa.Array:
        text = convert(raw.column(name), "string")
        found = pc.extract_regex(text, r"(?:@|vs\.)\s+(?P<opponent>\S+)\s*$")
        return pc.struct_field(found, [0])

    return derive


def matchup_home(name: str = "matchup") -> Derivation:
    """True for the home side of a MATCHUP ("DEN vs. LAL"), false for the away side ("@")."""

    def derive(raw: pa.Table) -> pa.Array:
        text = convert(raw.column(name), "string")
        home = pc.match_substring(text, " vs. ")
        away = pc.match_substring(text, " @ ")
        return pc.if_else(pc.or_(home, away), home, pa.scalar(None, pa.bool_()))

    return derive


def name_part(name: str, part: str) -> Derivation:
    """First or last name from "Last, First" (stats.nba.com's DISPLAY_LAST_COMMA_FIRST); a
    single name ("Nenê") is the last name."""

    def derive(raw: pa.Table) -> pa.Array:
        text = convert(raw.column(name), "string")
        found = pc.extract_regex(text, r"^(?P<last>[^,]*?)\s*(?:,\s*(?P<first>.*))?$")
        return pc.struct_field(found, [1 if part == "first" else 0])

    return derive


def roster_status(name: str = "rosterstatus") -> Derivation:
    """stats.nba.com ROSTERSTATUS 1/0 -> "Active"/"Inactive", like SportsData's Status."""

    def derive(raw: pa.Table) -> pa.Array:
        active = pc.equal(convert(raw.column(name), "int"), 1)
        return pc.if_else(active, "Active", "Inactive")

    return derive
