"""The ingest summary as plain cells, so the CLI table and the TUI screen show the same thing."""

from __future__ import annotations

from datetime import date

from ingest.pipeline.days import DayChanges
from ingest.pipeline.jobs import JobOutcome

SUMMARY_COLUMNS: tuple[str, ...] = (
    "dataset",
    "season",
    "status",
    "fetched",
    "landed",
    "rejected",
    "curated",
    "MB",
    "s",
)
LEFT_ALIGNED = frozenset({"dataset", "status"})
STATUS_COLOURS = {"written": "green", "unchanged": "cyan", "failed": "red"}


def summary_cells(outcome: JobOutcome) -> tuple[str, ...]:
    """One outcome's cells, in SUMMARY_COLUMNS order (a file has no season: "-")."""
    return (
        outcome.dataset,
        str(outcome.season or "-"),
        outcome.status,
        f"{outcome.fetched:,}",
        f"{outcome.landed:,}",
        f"{outcome.rejected:,}",
        f"{outcome.curated_rows:,}",
        f"{outcome.bytes_written / 1e6:,.1f}",
        f"{outcome.seconds:.1f}",
    )


def days_summary(days: DayChanges) -> str:
    """`1 day added (2025-01-16), 4 unchanged`: what a date-keyed job did, in words."""
    parts = []
    for name in ("added", "changed", "removed"):
        found: list[date] = sorted(getattr(days, name))
        if found:
            span = found[0].isoformat() if len(found) == 1 else f"{found[0]}..{found[-1]}"
            parts.append(f"{len(found)} day{'s' if len(found) != 1 else ''} {name} ({span})")
    if days.unchanged:
        parts.append(f"{len(days.unchanged)} unchanged")
    return ", ".join(parts) or "no game days"
