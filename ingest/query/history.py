"""Query history under LAKE_HOME: every query with its time, duration, rows and status.

An append-only NDJSON file: a crash loses at most the line being written, and readers
skip a torn last line.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class HistoryEntry:
    sql: str
    started_at: float  # Unix time
    seconds: float
    rows: int
    status: str  # SUCCEEDED | FAILED | CANCELLED
    engine: str
    query_id: str = ""
    bytes_scanned: int = 0
    error: str = ""

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.started_at))


class QueryHistory:
    """Append and search the history file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def add(self, entry: HistoryEntry) -> None:
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())

    def entries(self, search: str = "", limit: int = 500) -> list[HistoryEntry]:
        """Newest first; `search` matches the SQL or the error, case-insensitively."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        needle = search.lower()
        found: list[HistoryEntry] = []
        for line in reversed(lines):
            try:
                entry = HistoryEntry(**json.loads(line))
            except (ValueError, TypeError):
                continue
            if needle in entry.sql.lower() or (needle and needle in entry.error.lower()):
                found.append(entry)
                if len(found) >= limit:
                    break
        return found
