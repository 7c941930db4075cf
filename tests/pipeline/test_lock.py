"""The ingest lock: refreshed while a run works, so a long run is never taken over;
takeover claims never pile up; a run that lost its lock stops publishing."""

from __future__ import annotations

import json
import time

import pytest

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline import lock
from ingest.pipeline.lock import LOCK_KEY, TAKEOVER_PREFIX, ingest_lock, read_holder
from ingest.pipeline.plan import nba_plan
from ingest.pipeline.run import run_ingest
from tests.pipeline.fakes import ListSource
from tests.pipeline.records import season_stats

STATS = "player_season_stats"


def _locks(lake: Lake) -> list[str]:
    return [o.key for o in lake.storage.list("_locks/")]


def test_a_run_longer_than_the_staleness_limit_keeps_its_lock(
    local_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock, "STALE_AFTER_SECONDS", 0.6)
    with ingest_lock(local_lake.storage, heartbeat_seconds=0.1) as beat:
        time.sleep(1.5)  # well past the limit: only the heartbeat keeps the lock fresh
        with pytest.raises(LakeError, match="another ingest is running"):
            run_ingest(local_lake, nba_plan(ListSource({STATS: season_stats(3)}), [STATS], [2025]))
        assert beat.beats >= 5 and not beat.lost
        assert time.time() - float(read_holder(local_lake.storage)["refreshed"]) < 0.6
    assert _locks(local_lake) == []


def test_without_refreshes_the_same_lock_would_be_taken_over(
    local_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: a lock nobody refreshes is stale after the limit (a dead run's)."""
    monkeypatch.setattr(lock, "STALE_AFTER_SECONDS", 0.6)
    with ingest_lock(local_lake.storage, heartbeat_seconds=3600):
        time.sleep(1.0)
        [outcome] = run_ingest(
            local_lake, nba_plan(ListSource({STATS: season_stats(3)}), [STATS], [2025])
        )
        assert outcome.status == "written"


def test_a_run_that_lost_its_lock_stops_publishing(local_lake: Lake) -> None:
    with ingest_lock(local_lake.storage, heartbeat_seconds=0.05) as beat:
        usurper = {**read_holder(local_lake.storage), "token": "another run"}
        local_lake.storage.put_bytes(LOCK_KEY, json.dumps(usurper).encode())
        deadline = time.monotonic() + 5
        while not beat.lost and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(LakeError, match="lost the lake's lock"):
            beat.check()
    assert read_holder(local_lake.storage) == usurper  # not released: not ours


def test_takeover_claims_are_removed(local_lake: Lake) -> None:
    """A takeover leaves no claim behind, and claims a crash left are cleaned."""
    storage = local_lake.storage
    storage.put_bytes(f"{TAKEOVER_PREFIX}0123456789abcdef", b'{"pid": 1}')  # a crash's
    stale = {"host": "gone-host", "pid": 1, "started": 0.0}
    storage.put_bytes(LOCK_KEY, json.dumps(stale).encode())
    [outcome] = run_ingest(
        local_lake, nba_plan(ListSource({STATS: season_stats(3)}), [STATS], [2025])
    )
    assert outcome.status == "written"
    assert _locks(local_lake) == []
    for _ in range(3):  # one claim per crash used to pile up
        storage.put_bytes(LOCK_KEY, json.dumps({**stale, "pid": _ + 2}).encode())
        run_ingest(local_lake, nba_plan(ListSource({STATS: season_stats(3)}), [STATS], [2025]))
    assert _locks(local_lake) == []


def test_a_lost_takeover_race_removes_its_claim(local_lake: Lake) -> None:
    stale = {"host": "gone-host", "pid": 1, "started": 0.0}
    local_lake.storage.put_bytes(LOCK_KEY, json.dumps(stale).encode())
    lock._take_over(local_lake.storage, stale, b'{"pid": "first"}')
    with pytest.raises(LakeError, match="took over the lake's lock"):
        lock._take_over(local_lake.storage, stale, b'{"pid": "second"}')
    assert _locks(local_lake) == [LOCK_KEY]
