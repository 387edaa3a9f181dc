"""The search palette (Ctrl+K): one box that finds anything in the journal and runs commands by name.

Typing searches every kind of note (journal.search) a moment after the last key, so typing never waits
for a search; results are grouped by kind with counts, the best of each first. Commands are the main
window's own actions, looked up by name when the palette opens, so every action any feature adds can be
run from here: "log meeting", "today", or an action and a customer ("brief Acme", "edit Acme").
Enter opens a hit in its customer's workspace with the searched words marked (ctx.highlight_terms).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from journal.domain.aspects import Aspect
from journal.domain.text import fold
from journal.reads import queries, search
from journal.reads.search import KIND_LABELS, MARK_CLOSE, MARK_OPEN
from journal.storage.changes import KIND_ASPECTS
from journal.storage.search_text import words
from ui.search.model import ROW_ROLE, PaletteModel, PaletteRow
from ui.shell.context import AppContext, ChangeWatch
from ui.shell.main_window import MainWindow

DEBOUNCE_MS = 80  # a search starts this long after the last key, never between keys
PER_KIND = 5  # hits shown of each kind (all of one kind: the "Show all" row)
ALL_OF_KIND = 50
MAX_COMMANDS = 5
MAX_RECENT = 8
MARK_COLOUR = "#fde68a"
# What the palette shows: hits of every kind searched, with their customers' names.
SEARCHED = frozenset({KIND_ASPECTS[kind] for kind in search.KINDS} | {Aspect.CUSTOMERS})

# Words that name the same thing in a command ("log meeting" runs "Log interaction…").
SYNONYMS: dict[str, tuple[str, ...]] = {
    "meeting": ("interaction", "call", "visit"),
    "call": ("interaction", "meeting"),
    "interaction": ("meeting", "call"),
    "note": ("interaction", "log"),
    "find": ("search",),
    "customer": ("account", "client"),
    "client": ("customer",),
    "account": ("customer",),
}
CONNECTORS = frozenset({"for", "with", "to", "at", "on", "of", "about"})
# Actions that never act on one customer, so "quit Acme" is not offered.
NOT_FOR_A_CUSTOMER = frozenset(
    {
        "quit",
        "about",
        "new_journal",
        "open_journal",
        "open_home_journal",
        "open_sample_journal",
        "open_data_folder",
        "new_customer",
        "search_palette",
    }
)


def action_name(action: QAction) -> str:
    """An action's text as a person reads it: no mnemonic ampersands, no trailing dots."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip(".…").strip()


@dataclass(frozen=True)
class CommandMatch:
    action: QAction
    name: str
    customer_id: int  # 0: the command as it is
    customer: str
    score: float


def _folded_words(text: str) -> list[str]:
    return [fold(w) for w in words(text)]


def _matches_head(head: Sequence[str], vocabulary: Sequence[str]) -> bool:
    """Every typed word starts a different word of the command (or a word meaning the same)."""
    free = list(vocabulary)
    for typed in head:
        options = (typed, *SYNONYMS.get(typed, ()))
        hit = next((w for w in free if any(w.startswith(o) for o in options)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


def match_commands(
    actions: Sequence[QAction], query: str, find_customer: object = None
) -> list[CommandMatch]:
    """Commands that `query` names, best first: the typed words start words of an action's name (in any
    order); words left over can name a customer for the action to act on. `find_customer(text)` returns
    [(id, name), …] for that."""
    tokens = query.split()
    typed = [fold("".join(words(t))) for t in tokens]
    if not tokens or any(not t for t in typed[:1]) or len("".join(typed)) < 2:
        return []
    found: list[CommandMatch] = []
    for action in actions:
        name = action_name(action)
        if not name or not action.isEnabled():
            continue
        vocabulary = _folded_words(name)
        for k in range(len(typed), 0, -1):
            head = [t for t in typed[:k] if t]
            if not head or len("".join(head)) < 2 or not _matches_head(head, vocabulary):
                continue
            covered = len(head) / max(1, len(vocabulary))
            starts = 0.5 if vocabulary and vocabulary[0].startswith(head[0]) else 0.0
            rest = list(tokens[k:])
            while rest and fold(rest[0]) in CONNECTORS:
                rest.pop(0)
            if not rest:
                found.append(CommandMatch(action, name, 0, "", 2.0 + covered + starts))
            elif callable(find_customer) and action.objectName() not in NOT_FOR_A_CUSTOMER:
                for cid, customer in find_customer(" ".join(rest))[:3]:
                    found.append(CommandMatch(action, name, cid, customer, 1.0 + covered + starts))
            break
    if any(not m.customer_id for m in found):
        # Every word named a command ("back up"): words are not also read as a customer ("Upland").
        found = [m for m in found if not m.customer_id]
    found.sort(key=lambda m: (-m.score, m.name, m.customer))
    return found


def _snippet_is_title(row: PaletteRow) -> bool:
    """The words were found in the hit's headline: show it once, marked, on one line."""
    plain = row.detail.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").strip("… ")
    return plain == row.text.strip("… ")


class PaletteDelegate(QStyledItemDelegate):
    """Paints headings, commands and hits (title, customer, and the snippet with the words marked)."""

    def _row(self, index: QModelIndex | QPersistentModelIndex) -> PaletteRow | None:
        row = index.data(ROW_ROLE)
        return row if isinstance(row, PaletteRow) else None

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        row = self._row(index)
        line = option.fontMetrics.height()
        if row is None:
            return super().sizeHint(option, index)
        if row.role == "heading":
            return QSize(200, line + 14)
        if row.role == "hit":
            return QSize(200, line + 12 if _snippet_is_title(row) else 2 * line + 16)
        return QSize(200, line + 12)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        row = self._row(index)
        if row is None:
            super().paint(painter, option, index)
            return
        pal: QPalette = option.palette
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(rect.adjusted(4, 1, -4, -1), 5, 5)
        text_colour = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        if not selected:
            muted = pal.color(QPalette.ColorRole.PlaceholderText)
        inner = rect.adjusted(14, 0, -14, 0)
        font = QFont(option.font)
        fm = option.fontMetrics
        if row.role == "heading":
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            painter.setFont(font)
            painter.setPen(muted)
            box = inner.adjusted(0, 8, 0, 0)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, row.text.upper()
            )
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.detail)
        elif row.role == "hit" and _snippet_is_title(row):
            aside_width = min(fm.horizontalAdvance(row.aside) + 4, inner.width() // 3) if row.aside else 0
            line = QRect(inner.left(), rect.top() + 5, inner.width() - aside_width - 12, fm.height() + 2)
            self._paint_snippet(painter, option, row.detail, line, text_colour)
            painter.setPen(muted)
            painter.drawText(
                inner,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(row.aside, Qt.TextElideMode.ElideRight, aside_width),
            )
        elif row.role == "hit":
            top = QRect(inner.left(), rect.top() + 6, inner.width(), fm.height())
            aside_width = min(fm.horizontalAdvance(row.aside) + 4, inner.width() // 3) if row.aside else 0
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(text_colour)
            title = QRect(top.left(), top.top(), top.width() - aside_width - 12, top.height())
            painter.drawText(
                title,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(row.text, Qt.TextElideMode.ElideRight, title.width()),
            )
            painter.setFont(option.font)
            painter.setPen(muted)
            painter.drawText(
                top,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(row.aside, Qt.TextElideMode.ElideRight, aside_width),
            )
            snippet = QRect(inner.left(), top.bottom() + 3, inner.width(), fm.height() + 2)
            self._paint_snippet(painter, option, row.detail, snippet, muted if not selected else text_colour)
        else:
            painter.setFont(option.font)
            link = pal.color(QPalette.ColorRole.Link)
            painter.setPen(
                muted if row.role == "note" else link if row.role == "more" and not selected else text_colour
            )
            label = row.text if not row.aside else f"{row.text} · {row.aside}"
            if row.role == "command":
                label = f"›  {label}"
            elif row.role == "recent":
                label = f"↺  {label}"
            elif row.role == "more":
                label = f"{label}  →"
            right = fm.horizontalAdvance(row.detail) + 12 if row.detail else 0
            painter.drawText(
                inner.adjusted(0, 0, -right, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(label, Qt.TextElideMode.ElideRight, inner.width() - right),
            )
            if row.detail:
                painter.setPen(muted)
                painter.drawText(
                    inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.detail
                )
        painter.restore()

    def _paint_snippet(
        self, painter: QPainter, option: QStyleOptionViewItem, marked: str, box: QRect, colour: QColor
    ) -> None:
        text = html.escape(marked).replace(
            MARK_OPEN, f'<span style="background:{MARK_COLOUR}; color:#1f1f1f;">'
        )
        text = text.replace(MARK_CLOSE, "</span>")
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setHtml(f'<div style="color:{colour.name()}; white-space:nowrap;">{text}</div>')
        painter.save()
        painter.translate(box.topLeft())
        painter.setClipRect(QRect(0, 0, box.width(), box.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, context)
        painter.restore()


class SearchPalette(QFrame):
    """Floats over the top of the main window; Esc or a click elsewhere closes it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.ctx: AppContext = window.ctx
        self.setObjectName("searchPalette")
        self.setAccessibleName("Search everything")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(28)
        shadow.setOffset(0, 6)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.setGraphicsEffect(shadow)

        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchBox")
        self.edit.setAccessibleName("Search or type a command")
        self.edit.setPlaceholderText(
            "Search notes, people, needs, promises…  or a command: log meeting, brief Acme"
        )
        self.edit.setClearButtonEnabled(True)
        self.model = PaletteModel(self)
        self.list = QListView(self)
        self.list.setObjectName("searchResults")
        self.list.setAccessibleName("Search results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(PaletteDelegate(self.list))
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the box; arrows move here
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setMouseTracking(True)
        self.list.clicked.connect(lambda index: self.activate(index.row()))
        self.hint = QLabel(self)
        self.hint.setObjectName("searchHint")
        self.hint.setProperty("role", "muted")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.edit)

        self.only_kind: str | None = None  # "Show all needs" narrows the results to one kind
        self.searched_words: tuple[str, ...] = ()
        self.searches_run = 0  # how many searches ran (tests check typing runs one, not one per key)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        window.installEventFilter(self)
        # Hits never show what is no longer there: searched again after a write to what is searched
        # (or to customers' names) while open; opening searches afresh anyway.
        self.watch = ChangeWatch(self.ctx, self, SEARCHED, lambda _: self.refresh(), on_show=False)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.hide()

    # -- opening and closing ---------------------------------------------------------------------

    def open(self) -> None:
        self._place()
        self.show()
        self.raise_()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.refresh()

    def close_palette(self) -> None:
        self._timer.stop()
        self.only_kind = None
        self.hide()
        page = self.window_.pages.currentWidget()
        if page is not None and QApplication.focusWidget() in (None, self.edit):
            page.setFocus()

    def _place(self) -> None:
        central = self.window_.centralWidget()
        area = central.geometry() if central is not None else self.window_.rect()
        width = min(760, max(360, area.width() - 80))
        most = max(160, int(area.height() * 0.8))
        rows = sum(self.list.sizeHintForRow(r) for r in range(self.model.rowCount()))
        chrome = self.sizeHint().height() - self.list.sizeHint().height()
        height = min(most, chrome + max(rows + 4, 40))
        self.setGeometry(area.left() + (area.width() - width) // 2, area.top() + 24, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window_ and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        elif watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.only_kind is not None:
                self.only_kind = None
                self.refresh()
            else:
                self.close_palette()
            return True
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = 1 if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -1
            jump = 6 if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) else 1
            self.move_selection(step, jump)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive():  # Enter straight after typing: search what was typed first
                self._timer.stop()
                self.refresh()
            self.activate(self.list.currentIndex().row())
            return True
        return False

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.isVisible() and new is not None and not self.isAncestorOf(new) and new is not self:
            self.close_palette()

    # -- searching -------------------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Show the rows for what is typed now: commands, then hits grouped by kind (or recent searches
        when the box is empty)."""
        self._timer.stop()
        self.watch.take()
        query = self.edit.text().strip()
        if not query:
            self.searched_words = ()
            self.only_kind = None
            self.hint.setText("Type to search everything · ↑↓ move · Enter open · Esc close")
            self._show(self._recent_rows())
            return
        self.searches_run += 1
        rows: list[PaletteRow] = []
        if self.only_kind is None:
            rows.extend(self._command_rows(query))
        kinds = (self.only_kind,) if self.only_kind else search.KINDS
        found = search.find(
            self.ctx.journal,
            query,
            limit=ALL_OF_KIND if self.only_kind else PER_KIND * len(kinds),
            per_kind=None if self.only_kind else PER_KIND,
            kinds=kinds,
        )
        self.searched_words = found.words
        shown: dict[str, int] = {}
        for hit in found.hits:
            if hit.type not in shown:
                rows.append(PaletteRow("heading", KIND_LABELS[hit.type], found.count_text(hit.type)))
                shown[hit.type] = 0
            shown[hit.type] += 1
            aside = "" if hit.type == "customer" else hit.customer
            rows.append(PaletteRow("hit", hit.title, hit.snippet, aside, hit.type, hit.id))
            if self.only_kind is None and shown[hit.type] == PER_KIND < found.counts.get(hit.type, 0):
                label = KIND_LABELS[hit.type].lower()
                rows.append(
                    PaletteRow("more", f"Show all {found.count_text(hit.type)} {label}", kind=hit.type)
                )
        if not rows:
            rows.append(PaletteRow("note", f"Nothing found for “{query}”. Try fewer or shorter words."))
        total = sum(found.counts.values())
        more = "+" if found.capped else ""
        narrowed = f" in {KIND_LABELS[self.only_kind].lower()} (Esc: all kinds)" if self.only_kind else ""
        counted = f"{total:,}{more} match{'es' if total != 1 else ''}{narrowed} · " if total else ""
        self.hint.setText(f"{counted}↑↓ move · Enter open · Esc close")
        self._show(rows)

    def _show(self, rows: list[PaletteRow]) -> None:
        self.model.set_rows(rows)
        first = self.model.next_selectable(0, 1)
        if first is not None:
            self.list.setCurrentIndex(self.model.index(first))
        self.list.scrollToTop()
        if self.isVisible():
            self._place()  # as tall as its rows, up to most of the window

    def _command_rows(self, query: str) -> list[PaletteRow]:
        actions = [a for a in self.window_.actions() if a.objectName() != "search_palette"]

        def customers(text: str) -> list[tuple[int, str]]:
            return [(c.id, c.name) for c in queries.find_customers(self.ctx.journal, text)]

        matches = match_commands(actions, query, customers)[:MAX_COMMANDS]
        if not matches:
            return []
        rows = [PaletteRow("heading", "Commands", "")]
        for m in matches:
            keys = m.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            rows.append(
                PaletteRow(
                    "command", m.name, "" if m.customer_id else keys, m.customer, "", m.customer_id, m.action
                )
            )
        return rows

    def move_selection(self, step: int, jump: int = 1) -> None:
        """Move the selection `jump` selectable rows up or down (headings are skipped)."""
        row = self.list.currentIndex().row()
        target: int | None = row
        for _ in range(jump):
            start = (target if target is not None else -1) + step
            found = self.model.next_selectable(start, step)
            if found is None:
                break
            target = found
        if target is not None and target >= 0:
            index = self.model.index(target)
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)

    # -- opening what was chosen -----------------------------------------------------------------

    def activate(self, row_number: int) -> None:
        row = self.model.row_at(row_number)
        if row is None or not row.selectable:
            return
        if row.role == "recent":
            self.edit.setText(row.text)
            self.edit.end(False)
            self.refresh()
            return
        if row.role == "more":
            self.only_kind = row.kind
            self.refresh()
            return
        query = self.edit.text().strip()
        self.close_palette()
        if row.role == "command":
            action = row.action
            if row.item_id:
                self.ctx.customer_requested.emit(row.item_id)
            if isinstance(action, QAction):
                action.trigger()
            return
        self.remember(query)
        self.ctx.highlight_terms = self.searched_words
        try:
            if row.kind == "customer":
                self.ctx.customer_requested.emit(row.item_id)
            else:
                self.ctx.item_requested.emit(row.kind, row.item_id)
        finally:
            self.ctx.highlight_terms = ()

    # -- recent searches -------------------------------------------------------------------------

    def recent(self) -> list[str]:
        value = self.ctx.settings.value(self.ctx.journal_key("search/recent"))
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value][:MAX_RECENT] if isinstance(value, list) else []

    def remember(self, query: str) -> None:
        if not query:
            return
        kept = [query, *(q for q in self.recent() if q.casefold() != query.casefold())][:MAX_RECENT]
        self.ctx.settings.setValue(self.ctx.journal_key("search/recent"), kept)

    def _recent_rows(self) -> list[PaletteRow]:
        recent = self.recent()
        if not recent:
            return [
                PaletteRow("note", "Find any customer, person, note, need, promise or question by a word.")
            ]
        return [PaletteRow("heading", "Recent searches", ""), *(PaletteRow("recent", q) for q in recent)]
