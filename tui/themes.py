"""The workbench's two themes, built so every text colour is readable on its background.

WCAG asks 4.5:1 between text and its background. Textual's own light theme and the
editor's default highlighting miss it badly (table names 1.11:1), so the app registers
its own: the app colours (`Theme`), the SQL highlighting (`TextAreaTheme`), the colours
Rich's named ANSI colours turn into (`TerminalTheme`), and the chart series. A test
computes the ratios from these objects and from rendered screens.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.theme import Theme
from textual.widgets.text_area import TextAreaTheme

DARK = "nba-lake-dark"
LIGHT = "nba-lake-light"


@dataclass(frozen=True)
class Palette:
    """The colours one theme is made of (hex strings)."""

    name: str
    dark: bool
    background: str
    surface: str
    panel: str
    foreground: str
    muted: str
    primary: str
    secondary: str
    accent: str
    warning: str
    error: str
    success: str
    #: SQL highlighting, on the editor's background
    keyword: str
    string: str
    number: str
    comment: str
    function: str
    type: str
    punctuation: str
    #: the editor's current line and selection backgrounds
    cursor_line: str
    selection: str
    #: chart series, in order
    series: tuple[str, ...]


DARK_PALETTE = Palette(
    name=DARK,
    dark=True,
    background="#15181d",
    surface="#1b1f26",
    panel="#2a303a",
    foreground="#e6e9ee",
    muted="#aab3c0",
    primary="#6cb6ff",
    secondary="#c8a6ff",
    accent="#ffb86b",
    warning="#f2c85b",
    error="#ff8a80",
    success="#7ee787",
    keyword="#79c0ff",
    string="#a5e3a9",
    number="#ffc285",
    comment="#a0a9b6",
    function="#d7b4ff",
    type="#7fe0d0",
    punctuation="#d3d9e0",
    cursor_line="#232833",
    selection="#2a3d57",
    series=(
        "#6cb6ff",
        "#ff8a80",
        "#7ee787",
        "#f2c85b",
        "#d7b4ff",
        "#5fd7e0",
        "#ffb86b",
        "#d3d9e0",
    ),
)

LIGHT_PALETTE = Palette(
    name=LIGHT,
    dark=False,
    background="#f6f7f9",
    surface="#ffffff",
    panel="#e4e7ec",
    foreground="#1b1f24",
    muted="#4a5260",
    primary="#0a58a8",
    secondary="#6a3d9a",
    accent="#9c3a00",
    warning="#7a4f00",
    error="#b0261c",
    success="#17702f",
    keyword="#0a4f9c",
    string="#17672b",
    number="#8f3900",
    comment="#565e6b",
    function="#6a2c9c",
    type="#005c6e",
    punctuation="#1b1f24",
    cursor_line="#eef1f5",
    selection="#cfe0f5",
    series=(
        "#0a58a8",
        "#b0261c",
        "#17702f",
        "#7a4f00",
        "#6a2c9c",
        "#005c6e",
        "#9c3a00",
        "#4a5260",
    ),
)

PALETTES = {DARK: DARK_PALETTE, LIGHT: LIGHT_PALETTE}


def app_theme(p: Palette) -> Theme:
    """The Textual theme; text colours are set, not derived, so each is known to pass."""
    return Theme(
        name=p.name,
        dark=p.dark,
        primary=p.primary,
        secondary=p.secondary,
        accent=p.accent,
        warning=p.warning,
        error=p.error,
        success=p.success,
        foreground=p.foreground,
        background=p.background,
        surface=p.surface,
        panel=p.panel,
        boost=p.panel,
        variables={
            "text": p.foreground,
            "text-muted": p.muted,
            "text-disabled": p.muted,
            "foreground-muted": p.muted,
            "text-primary": p.primary,
            "text-secondary": p.secondary,
            "text-accent": p.accent,
            "text-warning": p.warning,
            "text-error": p.error,
            "text-success": p.success,
            "primary-muted": p.panel,
            "secondary-muted": p.panel,
            "accent-muted": p.panel,
            "warning-muted": p.panel,
            "error-muted": p.panel,
            "success-muted": p.panel,
            "block-cursor-foreground": p.surface,
            "block-cursor-background": p.primary,
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-foreground": p.foreground,
            "block-cursor-blurred-background": p.selection,
            "block-hover-background": p.cursor_line,
            "input-cursor-foreground": p.surface,
            "input-cursor-background": p.foreground,
            "input-selection-background": p.selection,
            "footer-foreground": p.foreground,
            "footer-background": p.panel,
            "footer-key-foreground": p.primary if not p.dark else p.accent,
            "footer-key-background": p.panel,
            "footer-description-foreground": p.foreground,
            "footer-description-background": p.panel,
            "footer-item-background": p.panel,
            "button-foreground": p.foreground,
            "button-color-foreground": p.surface,
            "button-focus-text-style": "bold",
            "scrollbar": p.muted,
            "scrollbar-hover": p.foreground,
            "scrollbar-active": p.primary,
            "scrollbar-background": p.panel,
            "scrollbar-background-hover": p.panel,
            "scrollbar-background-active": p.panel,
            "scrollbar-corner-color": p.panel,
            "link-color": p.primary,
            "link-color-hover": p.primary,
            "link-background-hover": p.cursor_line,
            "border": p.primary,
            "border-blurred": p.muted,
            "markdown-h1-color": p.primary,
        },
    )


def editor_theme(p: Palette) -> TextAreaTheme:
    """SQL highlighting: every colour reaches 4.5:1 on the editor's background and on its
    current-line and selection backgrounds."""
    keyword = Style(color=p.keyword, bold=True)
    plain = Style(color=p.foreground)
    return TextAreaTheme(
        name=p.name,
        base_style=Style(color=p.foreground, bgcolor=p.surface),
        gutter_style=Style(color=p.muted, bgcolor=p.surface),
        cursor_style=Style(color=p.surface, bgcolor=p.foreground),
        cursor_line_style=Style(bgcolor=p.cursor_line),
        cursor_line_gutter_style=Style(color=p.foreground, bgcolor=p.cursor_line),
        bracket_matching_style=Style(bgcolor=p.selection, bold=True),
        selection_style=Style(bgcolor=p.selection),
        syntax_styles={
            "keyword": keyword,
            "keyword.operator": keyword,
            "conditional": keyword,
            "storageclass": keyword,
            "type.qualifier": keyword,
            "boolean": Style(color=p.number),
            "string": Style(color=p.string),
            "number": Style(color=p.number),
            "float": Style(color=p.number),
            "comment": Style(color=p.comment, italic=True),
            "function.call": Style(color=p.function),
            "type": Style(color=p.type),
            "type.builtin": Style(color=p.type),
            "attribute": Style(color=p.type),
            "field": plain,
            "variable": plain,
            "parameter": plain,
            "operator": Style(color=p.punctuation),
            "punctuation.bracket": Style(color=p.punctuation),
            "punctuation.delimiter": Style(color=p.punctuation),
            "spell": plain,
        },
    )


def _hex(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def ansi_theme(p: Palette) -> TerminalTheme:
    """What Rich's named colours (`green`, `yellow`, ...) become: the palette's readable
    ones, so a label styled the Rich way passes too."""
    black, white = _hex(p.foreground if not p.dark else p.muted), _hex(p.foreground)
    red, green, yellow = _hex(p.error), _hex(p.success), _hex(p.warning)
    blue, magenta, cyan = _hex(p.primary), _hex(p.secondary), _hex(p.type)
    normal = [black, red, green, yellow, blue, magenta, cyan, white]
    return TerminalTheme(_hex(p.background), _hex(p.foreground), normal, normal)


def chart_colours(dark: bool) -> tuple[tuple[int, int, int], ...]:
    """Chart series colours for the current theme, as plotext wants them (RGB)."""
    palette = DARK_PALETTE if dark else LIGHT_PALETTE
    return tuple(_hex(c) for c in palette.series)


def palette_for(dark: bool) -> Palette:
    return DARK_PALETTE if dark else LIGHT_PALETTE


#: Built once: every editor registers both and follows the app's light/dark choice.
EDITOR_THEMES = (editor_theme(DARK_PALETTE), editor_theme(LIGHT_PALETTE))
APP_THEMES = (app_theme(DARK_PALETTE), app_theme(LIGHT_PALETTE))
