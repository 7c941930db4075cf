"""EXPLAIN on the local engine: the statement is analyzed as Athena would analyze it, and
the plan shown is DuckDB's (it says so: Athena's plan comes from Trino's optimizer).

Forms: `EXPLAIN stmt`, `EXPLAIN (TYPE LOGICAL|DISTRIBUTED, FORMAT TEXT) stmt` give one
`Query Plan` varchar column; `EXPLAIN (TYPE VALIDATE) stmt` gives `Valid` = true once the
statement analyzes. EXPLAIN ANALYZE (which runs the query and reports Trino's execution
statistics) and the IO / JSON / GRAPHVIZ forms are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.query.result import QueryError

_EXPLAIN = re.compile(
    r"^\s*EXPLAIN\b\s*(?P<analyze>ANALYZE\b\s*(?:VERBOSE\b)?)?\s*(?:\((?P<options>[^)]*)\))?\s*(?P<rest>.*)$",
    re.I | re.S,
)
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")


def _match(sql: str) -> tuple[re.Match[str], str] | None:
    """The EXPLAIN pattern matched over `sql` with its comments blanked (same length, so
    offsets hold), and the explained statement cut from the original text at the same place
    with everything before it blanked: its error positions are the whole text's, as Athena's
    are, and a `--` inside one of its string literals stays text."""
    blanked = _COMMENTS.sub(lambda found: _NOT_NEWLINE.sub(" ", found.group(0)), sql)
    match = _EXPLAIN.match(blanked)
    if match is None:
        return None
    start = match.start("rest")
    statement = _NOT_NEWLINE.sub(" ", sql[:start]) + sql[start:].rstrip().rstrip(";")
    return match, statement


HEADER = "Local engine plan (DuckDB), not Athena's: Athena plans the same statement with Trino."


@dataclass(frozen=True)
class Explain:
    statement: str
    validate: bool


def scanned_statement(sql: str) -> str | None:
    """What an EXPLAIN scans: nothing (None) for a plan; the statement itself for EXPLAIN
    ANALYZE, which runs it (on Athena). `sql` itself when it is not an EXPLAIN."""
    found = _match(sql)
    if found is None:
        return sql
    return found[1] if found[0].group("analyze") else None


def parse(sql: str) -> Explain | None:
    """The statement an EXPLAIN asks about (None when `sql` is not an EXPLAIN)."""
    found = _match(sql)
    if found is None:
        return None
    match, statement = found
    if match.group("analyze"):
        raise QueryError(
            "NOT_SUPPORTED: EXPLAIN ANALYZE is not supported by the local engine: it runs the "
            "statement on Athena's cluster and reports Trino's execution statistics",
            "use EXPLAIN for the plan, or run EXPLAIN ANALYZE on Athena",
        )
    validate = False
    for option in (match.group("options") or "").split(","):
        words = option.upper().split()
        if not words:
            continue
        if (
            words[0] == "TYPE"
            and len(words) == 2
            and words[1] in ("LOGICAL", "DISTRIBUTED", "VALIDATE")
        ):
            validate = validate or words[1] == "VALIDATE"
        elif words == ["FORMAT", "TEXT"]:
            continue
        else:
            raise QueryError(
                f"NOT_SUPPORTED: EXPLAIN option '{option.strip()}' is not supported by the local "
                f"engine",
                "use EXPLAIN, EXPLAIN (TYPE LOGICAL) or EXPLAIN (TYPE VALIDATE)",
            )
    if not statement.strip():
        raise QueryError("SYNTAX_ERROR: EXPLAIN needs a statement", "write EXPLAIN SELECT ...")
    return Explain(statement, validate)


def plan_text(rows: list[tuple[object, ...]]) -> str:
    """DuckDB's EXPLAIN rows as one text, under a line saying whose plan it is."""
    body = "\n".join(str(row[-1]) for row in rows)
    return f"{HEADER}\n{body}"
