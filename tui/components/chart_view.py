"""A result as a chart: pickers for the kind, x, y and group columns above the plot.

The first chart is the one the core proposes from the result's shape; changing a picker
keeps the other choices where they still fit and lets the core choose the rest, the same
rules as `nba-lake query --chart`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, Static

from ingest.charts.columns import roles
from ingest.charts.spec import KINDS, ChartError, ChartKind, ChartRequest, ChartSpec, complete
from ingest.query.result import QueryResult
from tui.components.chart_plot import ChartPlot

NO_GROUP = "(none)"
EVERY_NUMBER = "(every number)"


class ChartView(Vertical):
    """The chart of one result and the pickers that shape it."""

    def __init__(self, result: QueryResult) -> None:
        super().__init__(classes="chart-view")
        self.result = result
        self.spec: ChartSpec | None = None
        self.problem = ""
        try:
            self.spec = complete(result.table)
        except ChartError as err:
            self.problem = str(err)

    def compose(self) -> ComposeResult:
        if self.spec is None:
            yield Static(f"Nothing to chart: {self.problem}", classes="result-note")
            return
        columns = roles(self.result.table)
        names = [c.name for c in columns]
        numbers = [c.name for c in columns if c.role in ("number", "time")]
        texts = [c.name for c in columns if c.role in ("text", "time")]
        with Horizontal(classes="chart-controls"):
            yield Label("chart", classes="chart-label")
            yield _select("chart-kind", list(KINDS), self.spec.kind)
            yield Label("x", classes="chart-label")
            yield _select("chart-x", names, self.spec.x)
            yield Label("y", classes="chart-label")
            yield _select("chart-y", [EVERY_NUMBER, *numbers], _y_value(self.spec))
            yield Label("by", classes="chart-label")
            yield _select("chart-group", [NO_GROUP, *texts], self.spec.group or NO_GROUP)
        yield ChartPlot(self.result.table, self.spec)

    def focus_controls(self) -> None:
        found = self.query(Select)
        if found:
            self.screen.set_focus(found.first())

    @property
    def plot(self) -> ChartPlot:
        return self.query_one(ChartPlot)

    def _value(self, select_id: str) -> str | None:
        value = self.query_one(f"#{select_id}", Select).value
        return value if isinstance(value, str) else None

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        if self.spec is None or event.select.id is None:
            return
        kind = self._value("chart-kind")
        x, y, group = self._value("chart-x"), self._value("chart-y"), self._value("chart-group")
        wanted = ChartRequest(
            kind=_kind(kind),
            x=x,
            y=() if y in (None, EVERY_NUMBER) else (str(y),),
            group="" if group in (None, NO_GROUP) else group,
        )
        changed = event.select.id.removeprefix("chart-")
        self.choose(wanted, changed)

    def choose(self, wanted: ChartRequest, changed: str) -> ChartSpec:
        """Apply the user's choices; what no longer fits the changed one is proposed anew."""
        keep_only = {
            "kind": ChartRequest(kind=wanted.kind),
            "x": ChartRequest(kind=wanted.kind, x=wanted.x),
            "y": ChartRequest(kind=wanted.kind, y=wanted.y),
            "group": ChartRequest(kind=wanted.kind, x=wanted.x, group=wanted.group),
        }.get(changed, ChartRequest(kind=wanted.kind))
        spec, problem = None, ""
        # a new kind gets the columns that suit it; a new column keeps the rest if it can
        tries = (keep_only,) if changed == "kind" else (wanted, keep_only)
        for request in tries:
            try:
                spec = complete(self.result.table, request)
                break
            except ChartError as err:
                problem = problem or str(err)
        if spec is None:  # nothing fits the new kind: keep the chart as it was
            self.notify(problem, severity="warning", title="Chart")
            spec = self.spec
            assert spec is not None
        elif problem:
            self.notify(f"{problem}; chose the others to fit", title="Chart")
        self.spec = spec
        self._show_choices(spec)
        self.plot.spec = spec
        return spec

    def _show_choices(self, spec: ChartSpec) -> None:
        values = {
            "chart-kind": spec.kind,
            "chart-x": spec.x,
            "chart-y": _y_value(spec),
            "chart-group": spec.group or NO_GROUP,
        }
        with self.prevent(Select.Changed):
            for select_id, value in values.items():
                select = self.query_one(f"#{select_id}", Select)
                if select.value != value:
                    select.value = value


def _kind(value: str | None) -> ChartKind | None:
    for kind in KINDS:
        if kind == value:
            return kind
    return None


def _y_value(spec: ChartSpec) -> str:
    if spec.kind == "histogram" or len(spec.y) != 1:
        return EVERY_NUMBER
    return spec.y[0]


def _select(select_id: str, options: list[str], value: str) -> Select[str]:
    known = value in options
    return Select(
        [(name, name) for name in options],
        value=value if known else Select.NULL,
        allow_blank=not known,
        compact=True,
        id=select_id,
        classes="chart-select",
    )
