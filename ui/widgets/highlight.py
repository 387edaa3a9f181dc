"""Show where a search hit is: the searched words marked in a form's text fields, the first one in view.

An item opened from the search palette arrives with `ctx.highlight_terms` set; its editor calls
`highlight_fields` once filled, so the note scrolls to the words that were found.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from journal.reads.search import Matcher

HIGHLIGHT = QColor("#fde68a")  # a soft marker yellow, readable under dark text


def _qt_spans(matcher: Matcher, text: str) -> list[tuple[int, int]]:
    """Where the words are, counted as Qt counts text (UTF-16 units: an emoji is two)."""

    def at(i: int) -> int:
        return len(text[:i].encode("utf-16-le")) // 2

    return [(at(start), at(end)) for start, end in matcher.spans(text)]


def highlight_fields(form: QWidget, terms: Iterable[str]) -> QWidget | None:
    """Mark `terms` (as searched: case and accents folded, the last one also as a prefix) in every text
    field of `form`; the first field with a match gets the focus with that match in view. Returns it."""
    terms = tuple(terms)
    if not terms:
        return None
    matcher = Matcher.for_words(terms)
    first: QWidget | None = None
    for field in form.findChildren(QWidget):
        if isinstance(field, QPlainTextEdit | QTextEdit):
            spans = _qt_spans(matcher, field.toPlainText())
            if not spans:
                continue
            marks = []
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT)
            for start, end in spans:
                mark = QTextEdit.ExtraSelection()
                cursor = QTextCursor(field.document())
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                mark.cursor = cursor
                mark.format = fmt
                marks.append(mark)
            field.setExtraSelections(marks)
            if first is None:
                cursor = field.textCursor()
                cursor.setPosition(spans[0][0])
                field.setTextCursor(cursor)
                field.ensureCursorVisible()
                first = field
        elif isinstance(field, QLineEdit) and first is None:
            spans = _qt_spans(matcher, field.text())
            if spans:
                field.setSelection(spans[0][0], spans[0][1] - spans[0][0])
                first = field
    if first is not None:
        first.setFocus()
    return first
