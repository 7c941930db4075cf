"""Print benchmark figures as a table and record them in LAKE_HOME/bench.json.

bench.json is a list of {name, value, unit, baseline, ratio}; an entry replaces the one
of the same name, so each benchmark adds its figures beside the others'.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ingest.atomic import atomic_write_json


@dataclass(frozen=True)
class Figure:
    """One measured figure; `ratio` compares it with `baseline` (the goal says which way)."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    goal: str = ""


def bench_path() -> Path:
    home = Path(os.environ.get("LAKE_HOME", Path.cwd() / ".lake"))
    return home / "bench.json"


def record(figures: list[Figure], path: Path | None = None) -> None:
    """Merge figures into bench.json (by name) and print them."""
    path = path or bench_path()
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        entries = []
    names = {f.name for f in figures}
    kept = [e for e in entries if isinstance(e, dict) and e.get("name") not in names]
    new = [{k: v for k, v in asdict(f).items() if k != "goal"} for f in figures]
    atomic_write_json(path, kept + new)
    table = Table(title=f"Benchmarks -> {path}", title_justify="left")
    for column in ("name", "value", "unit", "baseline", "ratio", "goal"):
        table.add_column(column, justify="left" if column in ("name", "unit", "goal") else "right")
    for f in figures:
        table.add_row(
            f.name,
            f"{f.value:,.4g}",
            f.unit,
            "" if f.baseline is None else f"{f.baseline:,.4g}",
            "" if f.ratio is None else f"{f.ratio:.2f}",
            f.goal,
        )
    Console().print(table)
