"""Which chart to draw: a kind, an x column, the y columns and an optional group column.

`propose` picks one from the result's shape, the way people look at sports numbers:

- a date or season and numbers: lines over time, one per group when there is a text column;
- a text column and a number: bars;
- two numbers: a scatter;
- one number: a histogram.

`complete` does the same around what the user fixed (a kind, an x, a y, a group), so a
picker or `--chart "line y=ppg"` changes one choice and the rest follow. `parse_request`
reads the CLI's `--chart` text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

from ingest.charts.columns import ColumnRole, roles
from ingest.errors import LakeError

ChartKind = Literal["line", "bar", "scatter", "histogram"]
KINDS: tuple[ChartKind, ...] = ("line", "bar", "scatter", "histogram")
#: Lines drawn without a group column (one per numeric column) at most.
MAX_Y_COLUMNS = 4
_REQUEST_HINT = (
    'use --chart, --chart KIND or --chart "KIND x=COLUMN y=COLUMN[,COLUMN] group=COLUMN" '
    f"(KIND: {', '.join(KINDS)})"
)


@dataclass(frozen=True)
class ChartSpec:
    """What to draw. A histogram counts the values of `x`; the others plot `y` against `x`."""

    kind: ChartKind
    x: str
    y: tuple[str, ...] = ()
    group: str | None = None

    def describe(self) -> str:
        """`line x=season y=ppg group=team`: the CLI's --chart text for this chart (a line
        chart without a group says `group=none`, so the text draws the same chart again)."""
        parts = [self.kind, f"x={self.x}"]
        if self.y:
            parts.append(f"y={','.join(self.y)}")
        if self.group:
            parts.append(f"group={self.group}")
        elif self.kind == "line":
            parts.append("group=none")
        return " ".join(parts)


@dataclass(frozen=True)
class ChartRequest:
    """What the user fixed; anything left None is proposed (`group=""`: no group)."""

    kind: ChartKind | None = None
    x: str | None = None
    y: tuple[str, ...] = ()
    group: str | None = None


class ChartError(LakeError):
    """The result cannot be drawn as asked."""


def _varies(table: pa.Table, name: str) -> bool:
    """More than one value (a filtered `season = 2025` is no axis, a one-team column no group)."""
    column = table.column(name)
    if pa.types.is_boolean(column.type):
        column = pc.cast(column, pa.int8())
    low, high = pc.min_max(column).values()
    return bool(low.is_valid and low != high)


@dataclass
class _Shape:
    """The result's columns sorted by role, measures best first."""

    table: pa.Table
    columns: list[ColumnRole]

    def named(self, name: str) -> ColumnRole:
        for column in self.columns:
            if column.name == name:
                return column
        raise ChartError(
            f"the result has no column '{name}'",
            f"choose one of: {', '.join(c.name for c in self.columns)}",
        )

    @cached_property
    def measures(self) -> list[str]:
        """Numbers that are quantities: floats first (averages, rates), then the rest."""
        numbers = [c for c in self.columns if c.role == "number" and not c.is_id]
        floats = [c.name for c in numbers if pa.types.is_floating(self.table.column(c.name).type)]
        return floats + [c.name for c in numbers if c.name not in floats]

    @cached_property
    def numbers(self) -> list[str]:
        return [c.name for c in self.columns if c.role == "number"]

    @cached_property
    def times(self) -> list[str]:
        """Time columns with at least two points."""
        return [c.name for c in self.columns if c.role == "time" and _varies(self.table, c.name)]

    @cached_property
    def texts(self) -> list[str]:
        return [c.name for c in self.columns if c.role == "text"]

    def group_for(self, x: str) -> str | None:
        """A text column to split lines by: the first with more than one value."""
        for name in self.texts:
            if name != x and _varies(self.table, name):
                return name
        return None


def _proposed_kind(shape: _Shape) -> ChartKind | None:
    if shape.times and shape.measures:
        return "line"
    if shape.texts and shape.measures:
        return "bar"
    if len(shape.measures) >= 2:
        return "scatter"
    if shape.measures or shape.numbers:
        return "histogram"
    return None


def _fill(shape: _Shape, kind: ChartKind, request: ChartRequest) -> ChartSpec:
    """The request's choices, and proposals for the rest, for a chart of `kind`."""
    measures = shape.measures or shape.numbers
    if kind == "histogram":
        x = request.x or (request.y[0] if request.y else None) or _first(measures)
        return ChartSpec("histogram", _need(x, "a number column to count"))
    if kind == "bar":
        x = request.x or _first(shape.texts) or _first(shape.times)
        y = request.y or tuple([m for m in measures if m != x][:1])
        return ChartSpec("bar", _need(x, "a label column"), _need_y(y), None)
    if kind == "scatter":
        x = request.x or _first(measures)
        y = request.y or tuple([m for m in measures if m != x][:1])
        group = request.group or None
        return ChartSpec("scatter", _need(x, "a number column"), _need_y(y), group)
    x = request.x or _first(shape.times) or _first(measures)
    group = request.group if request.group is not None else shape.group_for(x or "")
    group = group or None
    rest = [m for m in measures if m != x]
    y = request.y or tuple(rest[:1] if group else rest[:MAX_Y_COLUMNS])
    return ChartSpec("line", _need(x, "an x column"), _need_y(y), group)


def _first(names: list[str]) -> str | None:
    return names[0] if names else None


def _need(name: str | None, what: str) -> str:
    if not name:
        raise ChartError(f"nothing to chart: the result has no {what}", _REQUEST_HINT)
    return name


def _need_y(y: tuple[str, ...]) -> tuple[str, ...]:
    if not y:
        raise ChartError("nothing to chart: the result has no number column", _REQUEST_HINT)
    return y


def _check(shape: _Shape, spec: ChartSpec) -> ChartSpec:
    """Every named column exists, and what must be a number is one."""
    for name in (spec.x, *spec.y, *([spec.group] if spec.group else [])):
        shape.named(name)
    plotted = [*spec.y] if spec.kind != "histogram" else [spec.x]
    if spec.kind in ("line", "scatter"):
        plotted.append(spec.x)
    for name in plotted:
        if shape.named(name).role not in ("number", "time"):
            raise ChartError(
                f"'{name}' is not a number, so it cannot be plotted",
                f"choose a number column: {', '.join(shape.numbers) or 'the result has none'}",
            )
    if spec.group and len(spec.y) > 1:
        return replace(spec, y=spec.y[:1])
    return spec


def complete(table: pa.Table, request: ChartRequest | None = None) -> ChartSpec:
    """The chart for this result: the user's choices kept, the rest proposed."""
    request = request or ChartRequest()
    shape = _Shape(table, roles(table))
    kind = request.kind or _proposed_kind(shape)
    if kind is None:
        raise ChartError("nothing to chart: the result has no number column", _REQUEST_HINT)
    return _check(shape, _fill(shape, kind, request))


def propose(table: pa.Table) -> ChartSpec | None:
    """The chart the result's shape suggests, or None when it has nothing to plot."""
    try:
        return complete(table)
    except ChartError:
        return None


def parse_request(text: str) -> ChartRequest:
    """`auto`, `bar`, or `line x=season y=ppg,apg group=team` (the CLI's --chart text)."""
    tokens = re.sub(r"\s*=\s*", "=", text).split()
    kind: ChartKind | None = None
    fields: dict[str, str] = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        if not sep:
            if token == "auto" and kind is None:
                continue
            if token not in KINDS or kind is not None:
                raise ChartError(f"unknown chart '{token}'", _REQUEST_HINT)
            kind = token
        elif key in ("x", "y", "group") and value:
            fields[key] = "" if key == "group" and value == "none" else value
        else:
            raise ChartError(f"cannot read '{token}' in the chart request", _REQUEST_HINT)
    y = tuple(part for part in fields.get("y", "").split(",") if part)
    return ChartRequest(kind, fields.get("x"), y, fields.get("group"))
