"""Query buffers kept between sessions, in LAKE_HOME/tui/buffers.json.

Written atomically, so a crash while saving keeps the previous buffers; an unreadable
file starts the session with one empty buffer instead of failing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ingest.atomic import atomic_write_json


@dataclass(frozen=True)
class Buffer:
    """One editor tab: its title, text and cursor (row, column)."""

    title: str
    text: str
    cursor: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class SavedBuffers:
    buffers: list[Buffer]
    active: int = 0


def buffers_path(lake_home: Path) -> Path:
    return lake_home / "tui" / "buffers.json"


def load_buffers(path: Path) -> SavedBuffers:
    """The saved buffers, or none (a missing or damaged file is not an error here)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        buffers = [
            Buffer(str(b["title"]), str(b["text"]), (int(b["cursor"][0]), int(b["cursor"][1])))
            for b in document["buffers"]
        ]
        return SavedBuffers(buffers, int(document.get("active", 0)))
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return SavedBuffers([])


def save_buffers(path: Path, saved: SavedBuffers) -> None:
    """Write the buffers; a read-only LAKE_HOME only loses them, it does not crash the app."""
    document = {"active": saved.active, "buffers": [asdict(b) for b in saved.buffers]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_json(path, document)
    except OSError:
        pass
