"""Validation: every record is either good or rejected with a reason, never a crash."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.pipeline.curate import curate
from ingest.pipeline.mappings import NBA_MAPPINGS
from ingest.pipeline.ndjson import to_ndjson
from ingest.pipeline.validate import RawSchema, _fast_table, record_problem, validate_page
from ingest.provision.local_spec import load_local_spec
from ingest.schema import Column
from tests.conftest import TERRAFORM_DIR
from tests.pipeline.records import stat

SPEC = load_local_spec(TERRAFORM_DIR, env={})
STATS = SPEC.datasets["player_season_stats"]
SCHEMA = RawSchema(STATS.raw.columns, NBA_MAPPINGS["player_season_stats"].required)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
field_names = st.sampled_from(
    [
        "PlayerID",
        "Season",
        "Games",
        "Points",
        "Team",
        "playerid",
        "Name",
        "Minutes",
        "Extra",
        "Updated",
    ]
)


def mutated_stat() -> st.SearchStrategy[Any]:
    """SportsData-shaped records with fields replaced, dropped or added at random."""
    return st.builds(
        lambda changes, dropped: {
            **{k: v for k, v in stat(1).items() if k not in dropped},
            **changes,
        },
        st.dictionaries(field_names, json_values, max_size=4),
        st.sets(field_names, max_size=3),
    )


records = st.one_of(mutated_stat(), json_values)


@settings(max_examples=300, deadline=None)
@given(st.lists(records, max_size=8))
def test_every_record_is_good_or_rejected_with_a_reason(page: list[Any]) -> None:
    checked = validate_page(page, SCHEMA)
    assert len(checked.good) + len(checked.rejects) == len(page)
    assert checked.table.num_rows == len(checked.good)
    assert all(reason for _, reason in checked.rejects)
    curated = curate(checked.table, NBA_MAPPINGS["player_season_stats"], STATS.curated.columns)
    assert curated.num_rows == len(checked.good)
    assert to_ndjson(checked.good).count(b"\n") == len(checked.good)


@settings(max_examples=300, deadline=None)
@given(st.lists(mutated_stat(), min_size=1, max_size=6))
def test_the_fast_path_is_never_more_lenient_than_the_record_check(page: list[Any]) -> None:
    if _fast_table(page, SCHEMA) is not None:
        assert all(record_problem(record, SCHEMA) is None for record in page)


def test_reasons_name_the_field_and_the_problem() -> None:
    assert record_problem(stat(1, Games=12.5), SCHEMA) == (
        "field 'games' = 12.5: expected an integer (int)"
    )
    assert record_problem(stat(1, Games=True), SCHEMA) is not None
    assert record_problem(stat(1, PlayerID=2**40), SCHEMA) == (
        "field 'playerid' = 1099511627776: integer out of range for int (int)"
    )
    assert record_problem({"playerid": 1, "PlayerID": 2}, SCHEMA) is not None
    assert record_problem([1, 2], SCHEMA) == "record is a JSON list, not an object"
    assert record_problem(stat(1, Team=None), SCHEMA) is None  # optional fields may be null


def test_a_good_page_takes_the_fast_path() -> None:
    page = [stat(i) for i in range(1, 50)]
    assert _fast_table(page, SCHEMA) is not None
    assert _fast_table([*page, stat(99, Points="x")], SCHEMA) is None
    assert (
        validate_page([*page, stat(99, Points="x")], SCHEMA)
        .rejects[0][1]
        .startswith("field 'points'")
    )


def test_declared_columns_cover_every_mapping_source() -> None:
    for key, mapping in NBA_MAPPINGS.items():
        raw_names = {c.name for c in SPEC.datasets[key].raw.columns}
        curated_names = {c.name for c in SPEC.datasets[key].curated.columns}
        assert set(mapping.sources.values()) <= raw_names, key
        assert set(mapping.required) <= raw_names, key
        assert set(mapping.sources) | set(mapping.derived) <= curated_names, key


def test_columns_only_schema_helper() -> None:
    schema = RawSchema((Column("a", "int"),), ())
    assert validate_page([{"A": 1}, {"a": None}], schema).table.column("a").to_pylist() == [1, None]
