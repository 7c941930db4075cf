"""Split a SQL buffer into statements and find the one under the cursor.

A small lexer (quotes, comments) is enough and never fails on half-typed SQL, which
matters in an editor: sqlglot would refuse a buffer that does not parse yet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Statement:
    """One statement's text and where it sits in the buffer (character offsets)."""

    text: str
    start: int
    end: int


def _boundaries(sql: str) -> list[int]:
    """Offsets of the semicolons that end statements (outside quotes and comments)."""
    ends, i, n = [], 0, len(sql)
    while i < n:
        char = sql[i]
        if char in ("'", '"', "`"):
            close = sql.find(char, i + 1)
            while close != -1 and close + 1 < n and sql[close + 1] == char:  # '' escapes
                close = sql.find(char, close + 2)
            i = n if close == -1 else close + 1
        elif sql.startswith("--", i):
            newline = sql.find("\n", i)
            i = n if newline == -1 else newline + 1
        elif sql.startswith("/*", i):
            close = sql.find("*/", i + 2)
            i = n if close == -1 else close + 2
        else:
            if char == ";":
                ends.append(i)
            i += 1
    return ends


def _is_blank(text: str) -> bool:
    """Only whitespace and comments."""
    stripped = text.strip()
    while stripped:
        if stripped.startswith("--"):
            newline = stripped.find("\n")
            stripped = "" if newline == -1 else stripped[newline + 1 :].strip()
        elif stripped.startswith("/*"):
            close = stripped.find("*/")
            stripped = "" if close == -1 else stripped[close + 2 :].strip()
        else:
            return False
    return True


def split_statements(sql: str) -> list[Statement]:
    """The buffer's statements, without their semicolons; blank ones are dropped."""
    statements, start = [], 0
    for end in [*_boundaries(sql), len(sql)]:
        chunk = sql[start:end]
        if not _is_blank(chunk):
            lead = len(chunk) - len(chunk.lstrip())
            statements.append(Statement(chunk.strip(), start + lead, start + len(chunk.rstrip())))
        start = end + 1
    return statements


def statement_at(sql: str, offset: int) -> Statement | None:
    """The statement containing `offset`, else the nearest one before it."""
    statements = split_statements(sql)
    before = [s for s in statements if s.start <= offset]
    for statement in statements:
        if statement.start <= offset <= statement.end + 1:
            return statement
    return before[-1] if before else (statements[0] if statements else None)
