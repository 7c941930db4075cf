"""From a result and a chart spec to the few points the screen can show.

A terminal chart is a few hundred cells wide, so drawing 100,000 points only costs time:
lines keep each screen column's lowest and highest value (the envelope a full drawing
would show), scatters one point per plot cell, bars as many bars as fit (repeated labels
averaged), histograms are counted here into as many bins as fit. Everything is pyarrow
compute, so reducing 100,000 rows takes milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pyarrow as pa
import pyarrow.compute as pc

from ingest.charts.columns import role_of
from ingest.charts.spec import ChartSpec

#: Separate lines or point colours at most (the palettes have this many colours).
MAX_SERIES = 8
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class Series:
    """One line, one set of points or the bars: x and y as plain floats."""

    label: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]


@dataclass(frozen=True)
class ChartData:
    """What to draw, already reduced to the plot's size."""

    spec: ChartSpec
    title: str
    series: tuple[Series, ...]
    #: bar labels (the bars' xs are their positions 1..n)
    labels: tuple[str, ...] = ()
    horizontal: bool = False
    #: tick positions and their labels, when the axis is dates or seasons
    x_ticks: tuple[tuple[float, ...], tuple[str, ...]] | None = None
    #: what the reduction left out or summarised, for the user
    note: str = ""
    #: the result's rows behind the chart
    rows: int = 0

    @property
    def points(self) -> int:
        """Points actually drawn."""
        return sum(len(s.xs) for s in self.series)


def _as_float(column: pa.ChunkedArray | pa.Array, name: str) -> pa.ChunkedArray | pa.Array:
    """Numbers as float64; dates and timestamps as days since 1970; ISO date text likewise."""
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        day = pc.strptime(
            pc.utf8_slice_codeunits(column, 0, 10), "%Y-%m-%d", "s", error_is_null=True
        )
        return _as_float(day, name)
    if pa.types.is_date(kind):
        return pc.cast(pc.cast(column, pa.date32()).cast(pa.int32()), pa.float64())
    if pa.types.is_timestamp(kind):
        seconds = pc.cast(pc.cast(column, pa.timestamp("s", kind.tz)), pa.int64())
        return pc.divide(pc.cast(seconds, pa.float64()), 86_400.0)
    return pc.cast(column, pa.float64())


def _day_label(day: float) -> str:
    return (_EPOCH + timedelta(days=math.floor(day))).isoformat()


def _ticks(
    spec: ChartSpec, table: pa.Table, xs: list[float]
) -> tuple[tuple[float, ...], tuple[str, ...]] | None:
    """Readable ticks for a date axis (ISO dates) or a few whole seasons; else plotext's own."""
    if not xs:
        return None
    role = role_of(spec.x, table.column(spec.x))
    low, high = min(xs), max(xs)
    if role.is_date:
        count = 5 if high > low else 1
        ticks = [low + (high - low) * i / max(count - 1, 1) for i in range(count)]
        return tuple(ticks), tuple(_day_label(t) for t in ticks)
    if role.role == "time" and high - low <= 12:
        whole = [float(v) for v in range(math.ceil(low), math.floor(high) + 1)]
        return tuple(whole), tuple(str(int(v)) for v in whole)
    return None


def _pairs(table: pa.Table, x: str, y: str) -> pa.Table:
    """(x, y) as floats sorted by x, rows with a null dropped."""
    pairs = pa.table({"x": _as_float(table.column(x), x), "y": _as_float(table.column(y), y)})
    pairs = pairs.filter(pc.and_(pc.is_valid(pairs["x"]), pc.is_valid(pairs["y"])))
    return pairs.take(pc.sort_indices(pairs["x"]))


def _runs(keys: pa.ChunkedArray | pa.Array) -> list[tuple[int, int]]:
    """(start, length) of each run of equal values in sorted `keys`."""
    if len(keys) == 0:
        return []
    encoded = pc.run_end_encode(
        keys.combine_chunks() if isinstance(keys, pa.ChunkedArray) else keys
    )
    ends = encoded.run_ends.to_pylist()
    return [(start, end - start) for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def _has_repeats(sorted_values: pa.ChunkedArray) -> bool:
    values = sorted_values.combine_chunks()
    if len(values) < 2:
        return False
    return bool(pc.any(pc.equal(values.slice(1), values.slice(0, len(values) - 1))).as_py())


def _mean_per_x(pairs: pa.Table) -> pa.Table:
    """One point per distinct x: the average y (x sorted; one step per distinct x)."""
    xs, ys = [], []
    for start, length in _runs(pairs["x"]):
        xs.append(pairs["x"][start].as_py())
        ys.append(pc.mean(pairs["y"].slice(start, length)).as_py())
    return pa.table({"x": pa.array(xs, pa.float64()), "y": pa.array(ys, pa.float64())})


def _envelope(pairs: pa.Table, columns: int) -> pa.Table:
    """Per screen column: the lowest and the highest y, in x order (2 points a column)."""
    low, high = (v.as_py() for v in pc.min_max(pairs["x"]).values())
    span = (high - low) or 1.0
    bins = pc.floor(pc.multiply(pc.subtract(pairs["x"], low), (columns - 1) / span))
    xs: list[float] = []
    ys: list[float] = []
    for start, length in _runs(bins):
        x_part, y_part = pairs["x"].slice(start, length), pairs["y"].slice(start, length)
        y_low, y_high = (v.as_py() for v in pc.min_max(y_part).values())
        xs += [x_part[0].as_py(), x_part[length - 1].as_py()]
        ys += [y_low, y_high]
    return pa.table({"x": pa.array(xs, pa.float64()), "y": pa.array(ys, pa.float64())})


def _groups(table: pa.Table, group: str, y: str) -> tuple[list[str], int]:
    """The groups to draw (highest average y first, at most MAX_SERIES) and how many exist."""
    values = pa.table(
        {"g": pc.cast(table.column(group), pa.string()), "y": _as_float(table.column(y), y)}
    )
    means = (
        values.group_by("g")
        .aggregate([("y", "mean")])
        .sort_by([("y_mean", "descending"), ("g", "ascending")])
    )
    names = [str(g) for g in means["g"].to_pylist()]
    return names[:MAX_SERIES], len(names)


def _subset(table: pa.Table, group: str, value: str) -> pa.Table:
    return table.filter(pc.equal(pc.cast(table.column(group), pa.string()), value))


def _series_tables(table: pa.Table, spec: ChartSpec) -> tuple[list[tuple[str, pa.Table]], str]:
    """(label, rows) per series, and a note when groups were left out."""
    if spec.group:
        names, total = _groups(table, spec.group, spec.y[0])
        note = (
            f"{len(names)} of {total} {spec.group} values (highest average)"
            if total > len(names)
            else ""
        )
        return [(name, _subset(table, spec.group, name)) for name in names], note
    return [("", table)], ""


def _lines(table: pa.Table, spec: ChartSpec, width: int) -> tuple[list[Series], list[str]]:
    notes: list[str] = []
    series: list[Series] = []
    averaged = reduced = False
    parts, group_note = _series_tables(table, spec)
    for label, rows in parts:
        for y in spec.y:
            pairs = _pairs(rows, spec.x, y)
            if pairs.num_rows > 2 * width:  # more points than the plot has room for
                pairs, reduced = _envelope(pairs, width), True
            elif _has_repeats(pairs["x"]):
                pairs, averaged = _mean_per_x(pairs), True
            name = label or (y if len(spec.y) > 1 else "")
            series.append(
                Series(name, tuple(pairs["x"].to_pylist()), tuple(pairs["y"].to_pylist()))
            )
    if averaged:
        notes.append(f"average per {spec.x}")
    if reduced:
        notes.append("low and high per column")
    if group_note:
        notes.append(group_note)
    return series, notes


def _scatter(
    table: pa.Table, spec: ChartSpec, width: int, height: int
) -> tuple[list[Series], list[str]]:
    series: list[Series] = []
    reduced = False
    parts, group_note = _series_tables(table, spec)
    columns, rows_ = max(2 * width, 2), max(4 * height, 2)
    everything = _pairs(table, spec.x, spec.y[0])
    if everything.num_rows == 0:
        return [], []
    x_low, x_high = (v.as_py() for v in pc.min_max(everything["x"]).values())
    y_low, y_high = (v.as_py() for v in pc.min_max(everything["y"]).values())
    for label, rows in parts:
        pairs = _pairs(rows, spec.x, spec.y[0])
        if pairs.num_rows > columns:
            x_scale = (columns - 1) / ((x_high - x_low) or 1.0)
            y_scale = (rows_ - 1) / ((y_high - y_low) or 1.0)
            cx = pc.floor(pc.multiply(pc.subtract(pairs["x"], x_low), x_scale))
            cy = pc.floor(pc.multiply(pc.subtract(pairs["y"], y_low), y_scale))
            cells = pc.add(pc.multiply(cx, float(rows_)), cy)
            order = pc.sort_indices(cells)
            firsts = [start for start, _ in _runs(cells.take(order))]
            kept = pairs.take(order.take(pa.array(firsts, pa.int64())))
            reduced = reduced or kept.num_rows < pairs.num_rows
            pairs = kept
        series.append(Series(label, tuple(pairs["x"].to_pylist()), tuple(pairs["y"].to_pylist())))
    notes = ["one point per cell"] if reduced else []
    return series, notes + ([group_note] if group_note else [])


def _bars(
    table: pa.Table, spec: ChartSpec, width: int, height: int
) -> tuple[list[Series], tuple[str, ...], bool, list[str]]:
    labels = pc.cast(table.column(spec.x), pa.string()).fill_null("∅")
    values = pa.table({"label": labels, "y": _as_float(table.column(spec.y[0]), spec.y[0])})
    values = values.filter(pc.is_valid(values["y"]))
    notes: list[str] = []
    if pc.count_distinct(values["label"]).as_py() < values.num_rows:
        values = values.group_by("label", use_threads=False).aggregate([("y", "mean")])
        values = values.rename_columns(["label", "y"])
        notes.append(f"average per {spec.x}")
    names = [str(v) for v in values["label"].to_pylist()]
    longest = max((len(n) for n in names), default=0)
    horizontal = longest > 6 or len(names) * 4 > width
    fit = max(3, height - 6) if horizontal else max(3, (width - 8) // max(longest + 1, 4))
    if len(names) > fit:
        notes.append(f"first {fit} of {len(names)} {spec.x} values")
        values = values.slice(0, fit)
        names = names[:fit]
    ys = tuple(values["y"].to_pylist())
    series = [Series(spec.y[0], tuple(float(i + 1) for i in range(len(ys))), ys)]
    return series, tuple(names), horizontal, notes


def _histogram(table: pa.Table, spec: ChartSpec, width: int) -> tuple[list[Series], list[str]]:
    values = _as_float(table.column(spec.x), spec.x)
    values = pc.drop_null(values)
    if len(values) == 0:
        return [], []
    low, high = (v.as_py() for v in pc.min_max(values).values())
    bins = max(5, min(40, (width - 10) // 3))
    size = ((high - low) / bins) or 1.0
    index = pc.min_element_wise(pc.floor(pc.divide(pc.subtract(values, low), size)), bins - 1)
    ordered = pc.sort_indices(index)
    sorted_bins = index.take(ordered)
    per_bin = {sorted_bins[start].as_py(): length for start, length in _runs(sorted_bins)}
    xs = tuple(low + size * (i + 0.5) for i in range(bins))
    ys = tuple(float(per_bin.get(float(i), 0)) for i in range(bins))
    return [Series("rows", xs, ys)], [f"{bins} bins of {size:,.3g}"]


def _title(spec: ChartSpec) -> str:
    if spec.kind == "histogram":
        return f"{spec.x}: how many rows per value"
    what = ", ".join(spec.y)
    by = f" per {spec.group}" if spec.group else ""
    return f"{what} by {spec.x}{by}"


def prepare(table: pa.Table, spec: ChartSpec, width: int, height: int) -> ChartData:
    """The spec's chart of `table`, reduced for a plot `width` x `height` characters."""
    width, height = max(width, 10), max(height, 5)
    labels: tuple[str, ...] = ()
    horizontal = False
    ticks = None
    if spec.kind == "line":
        series, notes = _lines(table, spec, width)
        ticks = _ticks(spec, table, [x for s in series for x in s.xs])
    elif spec.kind == "scatter":
        series, notes = _scatter(table, spec, width, height)
        ticks = _ticks(spec, table, [x for s in series for x in s.xs])
    elif spec.kind == "bar":
        series, labels, horizontal, notes = _bars(table, spec, width, height)
    else:
        series, notes = _histogram(table, spec, width)
    return ChartData(
        spec=spec,
        title=_title(spec),
        series=tuple(series),
        labels=labels,
        horizontal=horizontal,
        x_ticks=ticks,
        note=" · ".join(notes),
        rows=table.num_rows,
    )
