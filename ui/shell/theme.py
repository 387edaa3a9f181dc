"""Light and dark: the app's colours, and following the system's colour scheme (or the rep's choice).

Every status colour (overdue, due, slipping, good, muted, …) is defined here once per scheme, each readable
at 4.5:1 or more on the surfaces it is drawn on (tests/ui/shell/test_theme.py computes the ratios). Models and
views ask `tone(name)` when they paint, so a change of scheme repaints them in the new colours.

The scheme follows `QStyleHints.colorScheme()` and its change signal unless Preferences → Appearance
says Light or Dark; that choice is also handed to `QStyleHints.setColorScheme` so the platform's own
parts (title bars, dialogs) agree. The palette itself is set here, so the dark scheme looks the same on
every platform, offscreen included.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Literal

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

import resources

Scheme = Literal["light", "dark"]
Preference = Literal["system", "light", "dark"]
PREFERENCES: tuple[tuple[Preference, str], ...] = (("system", "System"), ("light", "Light"), ("dark", "Dark"))
SETTINGS_KEY = "appearance/scheme"
ENV_APPEARANCE = "SALES_JOURNAL_APPEARANCE"  # system, light or dark: wins over the saved choice

# Status colours: the text colour for each, and the soft background a badge of that tone sits on.
TONES = ("overdue", "due", "slipping", "good", "muted", "error", "ok", "link", "heading")
BADGES = ("overdue", "slipping", "good")


@dataclass(frozen=True)
class Colours:
    window: str  # page backgrounds, where labels sit
    base: str  # lists, tables, text fields
    alternate: str  # every other row
    button: str
    text: str
    placeholder: str
    highlight: str
    highlighted_text: str
    disabled_text: str
    tones: dict[str, str] = field(default_factory=dict)
    badges: dict[str, str] = field(default_factory=dict)  # tone -> badge background
    chart: dict[str, str] = field(default_factory=dict)  # outcome bars and the listening line

    def surfaces(self) -> tuple[str, ...]:
        """Every background a status colour may be drawn on."""
        return (self.window, self.base, self.alternate, self.button)


LIGHT = Colours(
    window="#efefef",
    base="#ffffff",
    alternate="#f6f6f6",
    button="#efefef",
    text="#1d1d1f",
    placeholder="#5f6368",
    highlight="#2f65ad",
    highlighted_text="#ffffff",
    disabled_text="#8a8a8a",
    tones={
        "overdue": "#a1231b",
        "due": "#1f4e79",
        "slipping": "#7a4f01",
        "good": "#1e6b34",
        "muted": "#5f6368",
        "error": "#b3261e",
        "ok": "#2e6b3a",
        "link": "#1f4e79",
        "heading": "#1f3b57",
    },
    badges={"overdue": "#fbe3e1", "slipping": "#fdf0d5", "good": "#e3f1e6"},
    chart={
        "won": "#1e6b34",
        "advanced": "#5c9e6e",
        "no_change": "#b8b8b8",
        "setback": "#d49a3a",
        "not_now": "#6f8fb8",
        "lost": "#b3423a",
        "listening": "#2b4f81",
    },
)

DARK = Colours(
    window="#2b2b2b",
    base="#1f1f1f",
    alternate="#262626",
    button="#333333",
    text="#e6e6e6",
    placeholder="#a3a7ad",
    highlight="#3d6fb6",
    highlighted_text="#ffffff",
    disabled_text="#7a7a7a",
    tones={
        "overdue": "#ff8a80",
        "due": "#8ab4f8",
        "slipping": "#f0bd63",
        "good": "#81c995",
        "muted": "#a3a7ad",
        "error": "#ff8a80",
        "ok": "#81c995",
        "link": "#8ab4f8",
        "heading": "#a8c7e6",
    },
    badges={"overdue": "#4a1f1c", "slipping": "#3f3218", "good": "#1d3a26"},
    chart={
        "won": "#81c995",
        "advanced": "#4f8a60",
        "no_change": "#6b6b6b",
        "setback": "#d49a3a",
        "not_now": "#7f9fc8",
        "lost": "#e0665c",
        "listening": "#8ab4f8",
    },
)

SCHEMES: dict[Scheme, Colours] = {"light": LIGHT, "dark": DARK}


# -- contrast (WCAG 2) -----------------------------------------------------------------------------------


def luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# -- the scheme in use -------------------------------------------------------------------------------------

_scheme: Scheme = "light"


def scheme() -> Scheme:
    return _scheme


def colours() -> Colours:
    return SCHEMES[_scheme]


def tone(name: str) -> QColor:
    """A status colour of the scheme in use."""
    return QColor(colours().tones[name])


def chart(name: str) -> QColor:
    return QColor(colours().chart[name])


def palette_for(c: Colours) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    window, text = QColor(c.window), QColor(c.text)
    p.setColor(role.Window, window)
    p.setColor(role.WindowText, text)
    p.setColor(role.Base, QColor(c.base))
    p.setColor(role.AlternateBase, QColor(c.alternate))
    p.setColor(role.Text, text)
    p.setColor(role.Button, QColor(c.button))
    p.setColor(role.ButtonText, text)
    p.setColor(role.BrightText, QColor("#ffffff"))
    p.setColor(role.PlaceholderText, QColor(c.placeholder))
    p.setColor(role.Highlight, QColor(c.highlight))
    p.setColor(role.HighlightedText, QColor(c.highlighted_text))
    p.setColor(role.ToolTipBase, QColor(c.base))
    p.setColor(role.ToolTipText, text)
    p.setColor(role.Link, QColor(c.tones["link"]))
    p.setColor(role.LinkVisited, QColor(c.tones["link"]))
    button = QColor(c.button)
    p.setColor(role.Light, button.lighter(150))
    p.setColor(role.Midlight, button.lighter(125))
    p.setColor(role.Mid, button.darker(130))
    p.setColor(role.Dark, button.darker(160))
    p.setColor(role.Shadow, QColor("#000000"))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(c.disabled_text))
    return p


def style_sheet(c: Colours) -> str:
    """resources/style.qss with its @tone and @badge-tone names filled in."""
    values = {**c.tones, **{f"badge-{k}": v for k, v in c.badges.items()}}
    return re.sub(
        r"@([a-z-]+)", lambda m: values.get(m.group(1), m.group(0)), resources.read_text("style.qss")
    )


def brief_css(c: Colours) -> str:
    """The brief page's colours on screen (printing and PDFs keep the journal's dark-on-white page)."""
    t = c.tones
    return (
        f"body {{ color: {c.text}; background-color: {c.base}; }}"
        f" h2 {{ color: {t['heading']}; }} a {{ color: {t['link']}; }}"
        f" .subtitle, .label, .muted, .empty, .count {{ color: {t['muted']}; }}"
        f" .detail, .quote {{ color: {c.text}; }}"
        f" .late {{ color: {t['overdue']}; }} .warn {{ color: {t['slipping']}; }}"
        f" .goal {{ background-color: {c.alternate}; }}"
    )


def system_scheme() -> Scheme:
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication) and app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def _qt_scheme(preference: Preference) -> Qt.ColorScheme:
    return {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
        preference, Qt.ColorScheme.Unknown
    )


class Theme(QObject):
    """The one scheme-keeper of the application: applies the palette and style sheet, and again when the
    system's scheme or the rep's choice changes."""

    changed = Signal(str)  # the scheme now in use: "light" or "dark"

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("theme")
        self.app = app
        self.preference: Preference = "system"
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: self.apply())

    def set_preference(self, preference: str) -> None:
        self.preference = preference if preference in ("light", "dark") else "system"  # type: ignore[assignment]
        self.app.styleHints().setColorScheme(_qt_scheme(self.preference))
        self.apply()

    def wanted(self) -> Scheme:
        return (
            "dark"
            if self.preference == "dark"
            else "light"
            if self.preference == "light"
            else system_scheme()
        )

    def apply(self) -> None:
        global _scheme
        _scheme = self.wanted()
        c = SCHEMES[_scheme]
        self.app.setPalette(palette_for(c))
        self.app.setStyleSheet(style_sheet(c))
        self.changed.emit(_scheme)


def theme(app: QApplication | None = None) -> Theme:
    """The application's Theme, made (and applied) the first time it is asked for."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        raise RuntimeError("the theme needs a QApplication")
    found = app.findChild(Theme, "theme")
    if isinstance(found, Theme):
        return found
    made = Theme(app)
    made.apply()
    return made


def saved_preference(settings: QSettings) -> str:
    """The appearance to use: the environment's (for demonstrations), else the one chosen in Preferences."""
    chosen = os.environ.get(ENV_APPEARANCE, "").strip().lower()
    if chosen in ("system", "light", "dark"):
        return chosen
    return str(settings.value(SETTINGS_KEY, "system") or "system")
