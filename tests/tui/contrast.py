"""WCAG contrast of what the workbench draws: every text cell's colour against its
background, as the screen is rendered (coloraide computes the ratios).

Box drawing, block elements and braille are lines and chart marks, not text, and are
left out; a dim cell is blended half way to its background, as terminals draw it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from coloraide import Color
from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.console import Console
from textual.app import App
from textual.geometry import Region

#: WCAG 2.1 AA for normal text.
TEXT_RATIO = 4.5
_GRAPHICS = (
    (0x2500, 0x259F),  # box drawing, block elements
    (0x2800, 0x28FF),  # braille (chart marks)
    (0x25A0, 0x25A0),
)


def ratio(foreground: tuple[int, int, int], background: tuple[int, int, int]) -> float:
    """The WCAG 2.1 contrast ratio of two sRGB colours."""
    fg = Color("srgb", [v / 255 for v in foreground])
    bg = Color("srgb", [v / 255 for v in background])
    return float(fg.contrast(bg, method="wcag21"))


def hex_rgb(colour: str) -> tuple[int, int, int]:
    triplet = RichColor.parse(colour).get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def _is_text(char: str) -> bool:
    code = ord(char)
    return not char.isspace() and not any(low <= code <= high for low, high in _GRAPHICS)


@dataclass(frozen=True)
class Cell:
    text: str
    foreground: tuple[int, int, int]
    background: tuple[int, int, int]
    ratio: float


def low_contrast_text(
    app: App[None], minimum: float = TEXT_RATIO, within: Region | None = None
) -> list[Cell]:
    """Every run of text on the screen whose contrast is under `minimum`; `within` keeps
    to one region (a modal's box: what is behind it is dimmed on purpose)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    found: list[Cell] = []
    x = y = 0
    for segment in console._record_buffer:
        if segment.control:
            continue
        start_x, start_y = x, y
        if segment.text == "\n":
            x, y = 0, y + 1
            continue
        x += cell_len(segment.text)
        if within is not None and not within.contains(start_x, start_y):
            continue
        style = segment.style
        text = "".join(c for c in segment.text if _is_text(c))
        if not text or style is None:
            continue
        fg = style.color.get_truecolor() if style.color else None
        bg = style.bgcolor.get_truecolor() if style.bgcolor else None
        if fg is None or bg is None:
            continue  # the terminal's own colours: not the app's choice
        foreground, background = (fg.red, fg.green, fg.blue), (bg.red, bg.green, bg.blue)
        if style.reverse:
            foreground, background = background, foreground
        if style.dim:
            foreground = tuple(  # type: ignore[assignment]
                round((f + b) / 2) for f, b in zip(foreground, background, strict=True)
            )
        value = ratio(foreground, background)
        if value < minimum:
            found.append(Cell(text, foreground, background, round(value, 2)))
    return found
