"""The run manifest: what one ingest fetched, landed, rejected and wrote, with checksums.

Its key is derived from the input's content, so a rerun of the same input finds it
already there and writes nothing new. It is written last: its presence means the
dataset-season was fully published.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


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
    replaced: list[str] = field(default_factory=list)

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), indent=2, sort_keys=True) + "\n").encode()


def manifest_key(prefix: str, dataset: str, season: int, input_sha256: str) -> str:
    return f"{prefix}/{dataset}/{dataset}-{season}-{input_sha256[:16]}.json"
