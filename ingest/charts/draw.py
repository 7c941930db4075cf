"""Draw prepared chart data on a plotext figure: the `plotext` module itself (the CLI) or
textual-plotext's `Plot` (the workbench), which share plotext's drawing calls."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ingest.charts.reduce import ChartData

#: A plotext colour: a name, a 256-colour index or an (r, g, b) triple.
Colour = str | int | tuple[int, int, int]


class Figure(Protocol):
    """The plotext calls `draw` makes (both the module and a figure object have them)."""

    def plot(self, *args: Any, **kwargs: Any) -> Any: ...
    def scatter(self, *args: Any, **kwargs: Any) -> Any: ...
    def bar(self, *args: Any, **kwargs: Any) -> Any: ...
    def title(self, label: str | None = None) -> Any: ...
    def xlabel(self, label: str | None = None) -> Any: ...
    def ylabel(self, label: str | None = None) -> Any: ...
    def xticks(self, ticks: Any = None, labels: Any = None) -> Any: ...


def draw(
    figure: Figure,
    data: ChartData,
    colours: Sequence[Colour] = (),
    markers: Sequence[str] = (),
) -> None:
    """Add the chart's series, labels and ticks to `figure` (the caller sizes and builds).

    `colours` and `markers` are taken in turn per series (plotext's own when empty).
    """
    spec = data.spec

    def colour(index: int) -> Colour | None:
        return colours[index % len(colours)] if colours else None

    def marker(index: int) -> str | None:
        return markers[index % len(markers)] if markers else None

    figure.title(data.title + (f"  ({data.note})" if data.note else ""))
    if spec.kind == "bar":
        if data.series:
            labels, values = list(data.labels), list(data.series[0].ys)
            if data.horizontal:  # plotext stacks bars from the bottom: keep the first on top
                labels, values = labels[::-1], values[::-1]
            figure.bar(
                labels,
                values,
                orientation="horizontal" if data.horizontal else "vertical",
                color=colour(0),
            )
        figure.ylabel("" if data.horizontal else spec.y[0])
        figure.xlabel(spec.y[0] if data.horizontal else spec.x)
        return
    for index, series in enumerate(data.series):
        label = series.label or None
        if spec.kind == "line":
            figure.plot(
                list(series.xs),
                list(series.ys),
                label=label,
                color=colour(index),
                marker=marker(index),
            )
        elif spec.kind == "scatter":
            figure.scatter(
                list(series.xs),
                list(series.ys),
                label=label,
                color=colour(index),
                marker=marker(index),
            )
        else:
            figure.bar(list(series.xs), list(series.ys), color=colour(index))
    figure.xlabel(spec.x)
    figure.ylabel("rows" if spec.kind == "histogram" else ", ".join(spec.y))
    if data.x_ticks is not None:
        positions, names = data.x_ticks
        figure.xticks(list(positions), list(names))
