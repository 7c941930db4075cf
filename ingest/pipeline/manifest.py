"""The run manifest: what one ingest fetched, landed, rejected and wrote, with checksums.

Its key is derived from the input's content, so a rerun of the same input finds it
already there and writes nothing new. It is written last: its presence means the
dataset-season was fully published.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.publish import Published


@dataclass
class Manifest:
    run_id: str
    source: str
    dataset: str
    season: int
    input_sha256: str
    started_at: str
    finished_at: str = ""
    duration_seconds: float = 0.0
    fetched: int = 0
    landed: int = 0
    rejected: int = 0
    curated_rows: int = 0
    bytes_written: int = 0
    objects: list[dict[str, Any]] = field(default_factory=list)
    #: objects the run found already in place (a rerun completing a run that died)
    present: list[dict[str, Any]] = field(default_factory=list)
    #: objects this run replaced: kept for the grace period, then deleted (see `retire`)
    replaced: list[str] = field(default_factory=list)
    #: date-keyed datasets: the days added, changed, unchanged and removed
    days: dict[str, list[str]] | None = None

    @classmethod
    def of(
        cls,
        outcome: JobOutcome,
        published: Published,
        *,
        run_id: str,
        source: str,
        input_sha256: str,
        started_at: str,
        finished_at: str,
        duration_seconds: float,
    ) -> Manifest:
        """The manifest of a finished job: its counts and what publishing did."""
        return cls(
            run_id=run_id,
            source=source,
            dataset=outcome.dataset,
            season=outcome.season,
            input_sha256=input_sha256,
            started_at=started_at,
            finished_at=finished_at,
            duration_seconds=round(duration_seconds, 3),
            fetched=outcome.fetched,
            landed=outcome.landed,
            rejected=outcome.rejected,
            curated_rows=outcome.curated_rows,
            bytes_written=published.bytes_written,
            objects=[item.to_json() for item in published.written],
            present=[item.to_json() for item in published.present],
            replaced=list(published.retired),
            days=None if outcome.days is None else outcome.days.to_json(),
        )

    def keep_records_of(self, previous: bytes) -> None:
        """A rerun that rewrites this manifest (same input: a repair, a completed crash)
        keeps the earlier run's object records it did not replace, so `check` can still
        verify every object."""
        try:
            old = json.loads(previous)
            entries = [*old.get("objects", []), *old.get("present", [])]
        except (ValueError, AttributeError):
            return
        mine = {o["key"] for o in [*self.objects, *self.present]} | set(self.replaced)
        self.present += [o for o in entries if isinstance(o, dict) and o.get("key") not in mine]

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), indent=2, sort_keys=True) + "\n").encode()


def manifest_key(prefix: str, dataset: str, season: int, input_sha256: str) -> str:
    return f"{prefix}/{dataset}/{dataset}-{season}-{input_sha256[:16]}.json"
