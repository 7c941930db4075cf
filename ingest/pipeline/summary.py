"""The ingest summary as plain cells, so the CLI table and the TUI screen show the same thing."""

from __future__ import annotations

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
