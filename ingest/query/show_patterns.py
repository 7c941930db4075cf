"""SHOW TABLES / SHOW SCHEMAS patterns, matched in linear time.

Athena's pattern grammar: `*` matches any characters and `|` separates alternatives; the
SQL LIKE forms `%` (any characters) and `_` (one character) are accepted too. Matching is
case-insensitive. A pattern is never turned into a regular expression: a run of stars
(`'*****************!'`) would make a backtracking regex take exponential time.
"""

from __future__ import annotations

from collections.abc import Callable

_ANY = "*"
_ONE = "?"


def _tokens(pattern: str) -> list[str]:
    """The pattern with `%` as `*`, `_` as one-character, and runs of stars collapsed."""
    out: list[str] = []
    for ch in pattern:
        token = _ANY if ch in "*%" else _ONE if ch == "_" else ch.lower()
        if token == _ANY and out and out[-1] == _ANY:
            continue
        out.append(token)
    return out


def wildcard_match(pattern: str, text: str) -> bool:
    """Whether `text` matches one wildcard pattern (no `|`), in O(len(pattern) * len(text))."""
    tokens, value = _tokens(pattern), text.lower()
    t, v = 0, 0
    star, resume = -1, 0
    while v < len(value):
        if t < len(tokens) and tokens[t] != _ANY and (tokens[t] == _ONE or tokens[t] == value[v]):
            t += 1
            v += 1
        elif t < len(tokens) and tokens[t] == _ANY:
            star, resume = t, v
            t += 1
        elif star >= 0:
            t = star + 1
            resume += 1
            v = resume
        else:
            return False
    while t < len(tokens) and tokens[t] == _ANY:
        t += 1
    return t == len(tokens)


def matcher(pattern: str | None) -> Callable[[str], bool]:
    """A predicate for names matching Athena's SHOW pattern (None: everything)."""
    if not pattern:
        return lambda name: True
    alternatives = [part.strip() for part in pattern.replace("''", "'").split("|")]
    return lambda name: any(wildcard_match(part, name) for part in alternatives)
