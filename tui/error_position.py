"""Where in the editor an Athena error points: `line L:C` of the failed statement, mapped
to the buffer and selected (the word there), so the mistake is highlighted in place."""

from __future__ import annotations

import re

from textual.widgets import TextArea

_POSITION = re.compile(r"\bline (\d+):(\d+)\b")


def error_position(error: str) -> tuple[int, int] | None:
    """(line, column), both from 1, of an error message like 'SYNTAX_ERROR: line 1:8: ...'."""
    found = _POSITION.search(error)
    return (int(found.group(1)), int(found.group(2))) if found else None


def _offset_to_location(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n"), offset - (before.rfind("\n") + 1)


def buffer_location(
    buffer: str, statement: str, cursor: int, where: tuple[int, int]
) -> tuple[int, int] | None:
    """The (row, column) in `buffer` of position `where` inside `statement` (the occurrence
    of the statement nearest the cursor), or None when the statement is not in the buffer."""
    starts = []
    index = buffer.find(statement)
    while index >= 0:
        starts.append(index)
        index = buffer.find(statement, index + 1)
    if not starts:
        return None
    start = min(starts, key=lambda s: abs(s - cursor))
    line, column = where
    lines = statement.split("\n")
    if not 1 <= line <= len(lines):
        return None
    offset = (
        start
        + sum(len(text) + 1 for text in lines[: line - 1])
        + min(column - 1, len(lines[line - 1]))
    )
    return _offset_to_location(buffer, offset)


def mark_error(editor: TextArea, statement: str, error: str, cursor: int) -> bool:
    """Select the word at the error's position in `editor`; False when there is none."""
    where = error_position(error)
    if where is None:
        return False
    location = buffer_location(editor.text, statement, cursor, where)
    if location is None:
        return False
    row, column = location
    line = editor.document.get_line(row)
    end = column
    while end < len(line) and (line[end].isalnum() or line[end] in "_$"):
        end += 1
    editor.selection = editor.selection.__class__((row, column), (row, max(end, column + 1)))
    editor.scroll_cursor_visible()
    return True
