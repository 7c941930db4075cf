"""`nba-lake check`: verify what every table reads against the run manifests."""

from __future__ import annotations

from rich.console import Console

from ingest.errors import LakeError
from ingest.pipeline.check import check_lake, save_findings
from ingest.settings import Settings
from ingest.targets import open_lake


def check(settings: Settings, console: Console) -> None:
    """One line per problem, and a non-zero exit when there is any; the findings are kept
    for the next ingest, which rewrites what they name."""
    lake = open_lake(settings)
    problems = check_lake(lake)
    save_findings(lake, problems)
    for problem in problems:
        console.print(problem.line(), highlight=False, soft_wrap=True, markup=False)
    if problems:
        raise LakeError(
            f"check found {len(problems)} damaged object(s) in the lake",
            "run `nba-lake ingest` for the datasets named above: it rewrites them",
        )
    console.print("Every live object matches its manifest.", highlight=False)
