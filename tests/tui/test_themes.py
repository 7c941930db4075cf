"""Readable themes: every text colour of both themes reaches WCAG AA (4.5:1) on the
backgrounds it is drawn on, computed from the theme objects themselves and from the
screens as they are rendered."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import TextArea

from ingest.settings import Settings
from tests.tui.contrast import TEXT_RATIO, hex_rgb, low_contrast_text, ratio
from tests.tui.pilot import run_sql, set_sql, settle
from tui.app import LakeApp
from tui.components.chart_plot import ChartPlot
from tui.themes import DARK, LIGHT, PALETTES, Palette, app_theme, editor_theme

#: The theme variables text is drawn in, and the backgrounds it is drawn on.
TEXT_VARIABLES = (
    "text",
    "foreground",
    "text-muted",
    "text-disabled",
    "text-primary",
    "text-secondary",
    "text-accent",
    "text-success",
    "text-warning",
    "text-error",
    "footer-key-foreground",
    "footer-description-foreground",
)
BACKGROUNDS = ("background", "surface", "panel")


def _rgb(style_colour: Any) -> tuple[int, int, int]:
    triplet = style_colour.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


@pytest.mark.parametrize("palette", PALETTES.values(), ids=list(PALETTES))
def test_every_text_colour_of_the_app_theme_is_readable(palette: Palette) -> None:
    variables = app_theme(palette).to_color_system().generate()
    failures = []
    for text in TEXT_VARIABLES:
        for background in BACKGROUNDS:
            value = ratio(hex_rgb(variables[text]), hex_rgb(variables[background]))
            if value < TEXT_RATIO:
                failures.append(f"{text} on {background}: {value:.2f}")
    cursor = ratio(
        hex_rgb(variables["block-cursor-foreground"]), hex_rgb(variables["block-cursor-background"])
    )
    assert cursor >= TEXT_RATIO, f"cursor {cursor:.2f}"
    assert failures == []


@pytest.mark.parametrize("palette", PALETTES.values(), ids=list(PALETTES))
def test_every_syntax_colour_is_readable_on_every_editor_background(palette: Palette) -> None:
    theme = editor_theme(palette)
    assert theme.base_style is not None and theme.base_style.bgcolor is not None
    backgrounds = {
        "editor": theme.base_style.bgcolor,
        "current line": theme.cursor_line_style.bgcolor,  # type: ignore[union-attr]
        "selection": theme.selection_style.bgcolor,  # type: ignore[union-attr]
    }
    colours = {name: style.color for name, style in theme.syntax_styles.items()}
    colours["text"] = theme.base_style.color
    colours["line numbers"] = theme.gutter_style.color  # type: ignore[union-attr]
    failures = []
    for name, colour in colours.items():
        assert colour is not None, name
        for where, background in backgrounds.items():
            value = ratio(_rgb(colour), _rgb(background))
            if value < TEXT_RATIO:
                failures.append(f"{name} on {where}: {value:.2f}")
    assert failures == []
    # the words the issue measured: tables and aliases (plain text), punctuation, keywords
    for name in ("keyword", "punctuation.delimiter", "punctuation.bracket", "variable"):
        assert name in theme.syntax_styles


@pytest.mark.parametrize("palette", PALETTES.values(), ids=list(PALETTES))
def test_chart_series_are_readable_on_the_chart(palette: Palette) -> None:
    surface = hex_rgb(palette.surface)
    for colour in palette.series:
        assert ratio(hex_rgb(colour), surface) >= TEXT_RATIO, colour


async def _screens(app: LakeApp, pilot: Any) -> dict[str, list[Any]]:
    """The readability problems of each screen a user sees, rendered."""
    found: dict[str, list[Any]] = {}
    await settle(pilot)
    await set_sql(pilot, "SELECT t.name, count(*) AS n, 'x' AS s -- a comment\nFROM teams t")
    found["editor"] = low_contrast_text(app)
    await run_sql(
        pilot,
        "SELECT t.conference, count(*) AS teams, 'x' AS note -- comment\n"
        "FROM teams t GROUP BY t.conference ORDER BY 2 DESC",
    )
    found["results"] = low_contrast_text(app)
    await pilot.press("ctrl+f")
    for _ in range(100):
        await pilot.pause(0.02)
        if app.query(ChartPlot) and app.query_one(ChartPlot).data is not None:
            break
    await pilot.pause()
    found["chart"] = low_contrast_text(app)
    await run_sql(pilot, "SELECT nope FROM teams")
    found["error"] = low_contrast_text(app)
    await pilot.press("f2", "right")
    found["catalog"] = low_contrast_text(app)
    await pilot.press("f12")
    await settle(pilot)
    found["status"] = low_contrast_text(app)
    await pilot.press("escape", "f9")
    await settle(pilot)
    found["history"] = low_contrast_text(app, within=app.screen.query_one("#history-box").region)
    await pilot.press("escape", "f1")
    await pilot.pause()
    found["help"] = low_contrast_text(app, within=app.screen.query_one("#help-box").region)
    await pilot.press("escape", "ctrl+l")
    await settle(pilot)
    found["ingest"] = low_contrast_text(app)
    return {name: cells for name, cells in found.items() if cells}


@pytest.mark.slow
@pytest.mark.parametrize("light", [False, True], ids=["dark", "light"])
async def test_every_text_on_screen_is_readable(tui_settings: Settings, light: bool) -> None:
    app = LakeApp(tui_settings, light=light)
    async with app.run_test(size=(120, 36)) as pilot:
        assert app.theme == (LIGHT if light else DARK)
        problems = await _screens(app, pilot)
    assert problems == {}


async def test_the_editor_follows_the_app_theme(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        editor = app.query_one(TextArea)
        assert app.theme == DARK and editor.theme == DARK
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT and editor.theme == LIGHT
