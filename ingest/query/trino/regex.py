"""Trino's regular expressions (Java syntax) for DuckDB's RE2.

The two agree on the common syntax. RE2 spells named groups `(?P<name>...)` where Java
writes `(?<name>...)`, and has no look-around, backreferences, atomic groups or possessive
quantifiers: a pattern using those is refused before it runs instead of failing or
matching differently. Replacement strings change from Java's `$1` / `${name}` to RE2's `\\1`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNSUPPORTED = (
    (re.compile(r"\(\?<?[=!]"), "look-around assertions"),
    (re.compile(r"\(\?>"), "atomic groups"),
    (re.compile(r"(?<!\\)[*+?}]\+"), "possessive quantifiers"),
    (re.compile(r"\\k<"), "named backreferences"),
)


class PatternProblem(ValueError):
    """A Java pattern feature RE2 lacks (the message names it)."""


@dataclass(frozen=True)
class Pattern:
    """A pattern in RE2 syntax, with its capturing groups' count and names."""

    re2: str
    groups: int
    names: dict[str, int]


def _scan(pattern: str) -> tuple[int, dict[str, int], list[tuple[int, int, str]]]:
    """Capturing groups, their names, and the spans of `(?<name>` openers to rewrite."""
    groups, names, rewrites = 0, {}, []
    index, in_class = 0, False
    while index < len(pattern):
        ch = pattern[index]
        if ch == "\\":
            nxt = pattern[index + 1 : index + 2]
            if not in_class and nxt.isdigit() and nxt != "0":
                raise PatternProblem("backreferences")
            index += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            index += 1
            continue
        if ch == "[":
            in_class = True
            index += 1
            if pattern[index : index + 1] == "^":
                index += 1
            if pattern[index : index + 1] == "]":
                index += 1
            continue
        if ch == "(":
            if pattern.startswith("(?<", index) and pattern[index + 3 : index + 4] not in (
                "=",
                "!",
            ):
                end = pattern.find(">", index)
                groups += 1
                names[pattern[index + 3 : end]] = groups
                rewrites.append((index, index + 3, "(?P<"))
            elif pattern.startswith("(?P<", index):
                end = pattern.find(">", index)
                groups += 1
                names[pattern[index + 4 : end]] = groups
            elif not pattern.startswith("(?", index):
                groups += 1
        index += 1
    return groups, names, rewrites


def translate(pattern: str) -> Pattern:
    """The RE2 form of a Java pattern; raises PatternProblem for what RE2 cannot do."""
    for check, what in _UNSUPPORTED:
        if check.search(pattern):
            raise PatternProblem(what)
    groups, names, rewrites = _scan(pattern)
    out, last = [], 0
    for start, end, replacement in rewrites:
        out.append(pattern[last:start])
        out.append(replacement)
        last = end
    out.append(pattern[last:])
    return Pattern("".join(out), groups, names)


def replacement(text: str, pattern: Pattern) -> tuple[str, str | None]:
    """Java's replacement string as RE2's, and the problem Java would raise (or None)."""
    out, index = [], 0
    while index < len(text):
        ch = text[index]
        if ch == "\\":
            if index + 1 >= len(text):
                return "", "character to be escaped is missing"
            literal = text[index + 1]
            out.append("\\\\" if literal == "\\" else literal)
            index += 2
            continue
        if ch == "$":
            if text.startswith("${", index):
                end = text.find("}", index)
                name = text[index + 2 : end] if end > 0 else ""
                if end < 0 or name not in pattern.names:
                    return "", f"No group with name {{{name}}}"
                out.append(f"\\{pattern.names[name]}")
                index = end + 1
                continue
            digits = re.match(r"\d+", text[index + 1 :])
            if digits is None:
                return "", "Illegal group reference"
            number = digits.group(0)
            # Java takes as many digits as still name an existing group
            while len(number) > 1 and int(number) > pattern.groups:
                number = number[:-1]
            if int(number) > pattern.groups:
                return "", f"No group {number}"
            out.append(f"\\{number}" if int(number) < 10 else "")
            if int(number) >= 10:
                return "", "more than 9 groups"
            index += 1 + len(number)
            continue
        out.append(ch)
        index += 1
    return "".join(out), None
