"""The brief window: one calm, read-only page to read before (and during) a call.

It is a window of its own, not a page of the main window, so it can sit beside the main window or on a
second screen while the rep is on the call and logs notes in the main window; "Keep on top" keeps it
in view. Links jump to the item in the main window, ready to edit; the page follows every change.

Opened with Ctrl+B (the selected customer; today's planned meeting with them, if there is one), the
"Brief" button in the customer header, a planned meeting's "Brief" in the Timeline, the "Next meeting"
line under the header, or `ctx.brief_requested(customer_id, meeting_id)` from anywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSize, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QTextBrowser,
    QToolBar,
    QWidget,
)

from journal.domain.dates import day_time
from journal.domain.errors import JournalError, NotFound
from journal.reads.brief import Brief, build_brief
from journal.reads.brief_render import render_html, render_markdown, render_page
from journal.storage import paths
from journal.storage.changes import SHOWN
from ui.brief import pdf
from ui.shell import screens, theme
from ui.shell.context import AppContext, ChangeWatch
from ui.shell.main_window import MainWindow
from ui.widgets import forms

DEFAULT_SIZE = QSize(760, 900)  # with its frame: a page of text; trimmed to the screen
SMALLEST_USABLE = QSize(480, 360)


def ask_printer(parent: QWidget) -> QPrinter | None:
    """The printer the rep picks, or None. (Replaced in tests: a print dialog would wait for a person.)"""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(pdf.page_size())
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the brief")
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_pdf_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to save the PDF, or None. (Replaced in tests.)"""
    name, _ = QFileDialog.getSaveFileName(parent, "Save the brief as PDF", str(suggested), "PDF (*.pdf)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def bring_to_front(widget: QWidget) -> None:
    if QGuiApplication.platformName() != "offscreen":  # raising is a window manager's job, absent there
        widget.raise_()
    widget.activateWindow()


def _file_name(brief: Brief) -> str:
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", brief.customer.name).strip(" .") or "customer"
    return f"Brief - {safe} - {brief.today.isoformat()}.pdf"


class BriefWindow(QMainWindow):
    visibility_changed = Signal(bool)  # shown or hidden: View → Brief's tick follows it

    def __init__(self, ctx: AppContext, main: MainWindow) -> None:
        super().__init__(main, Qt.WindowType.Window)
        self.ctx = ctx
        self.main = main
        self.setObjectName("briefWindow")
        self.setAccessibleName("Brief")
        self.brief: Brief | None = None
        self.customer_id: int | None = None
        self.meeting_id: int | None = None
        self.history: list[tuple[int, int | None]] = []

        self.page = QTextBrowser(self)
        self.page.setObjectName("briefPage")
        self.page.setAccessibleName("Brief")
        self.page.setOpenLinks(False)
        self._paper()
        self.page.document().setDocumentMargin(28)
        self.page.anchorClicked.connect(self.open_link)
        self.page.highlighted.connect(self._hover)
        self.setCentralWidget(self.page)
        self.setFocusProxy(self.page)

        self.toolbar = QToolBar("Brief", self)
        self.toolbar.setObjectName("briefToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self.back_action = self._action("Back", self.back, "Alt+Left", "Back to the brief before (Alt+Left)")
        self.back_action.setShortcuts([QKeySequence("Alt+Left"), QKeySequence("Backspace")])
        self.toolbar.addSeparator()
        self.log_action = self._action("Log…", self.log_meeting, "Ctrl+L", "Log the conversation (Ctrl+L)")
        self.toolbar.addSeparator()
        self._action("Copy as Markdown", self.copy_markdown, "Ctrl+Shift+C", "Copy the brief as Markdown")
        self._action("Save as PDF…", self.save_pdf, "Ctrl+S", "Save the brief as a PDF to read on the way")
        self._action("Print…", self.print_brief, QKeySequence.StandardKey.Print, "Print the brief")
        self.toolbar.addSeparator()
        self.on_top = self._action(
            "Keep on top", self.keep_on_top, "Ctrl+T", "Keep this window above the others while on a call"
        )
        self.on_top.setCheckable(True)
        self._action("Refresh", self.refresh, "F5", "Read the journal again")
        zoom_in = self._action(
            "Larger", lambda: self.zoom(1), QKeySequence.StandardKey.ZoomIn, "", button=False
        )
        zoom_in.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        self._action("Smaller", lambda: self.zoom(-1), QKeySequence.StandardKey.ZoomOut, "", button=False)
        self._action("Close", self.close, "Esc", "Close the brief (Esc)", button=False)

        self.hint = QLabel(self)
        self.hint.setObjectName("briefHint")
        self.hint.setProperty("role", "muted")
        self.statusBar().addPermanentWidget(self.hint)
        self.statusBar().setObjectName("briefStatus")
        self._zoom = 0
        self._placed = False  # placed when first shown, once the main window has its place
        self._restore()
        # The brief shows everything about its customer (and the question bank, the currency): any write
        # but a draft. Read again at once while open; when closed, on being shown again.
        self.watch = ChangeWatch(
            ctx, self, SHOWN, lambda _: self.refresh(), customer=lambda: self.customer_id
        )
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.theme(app).changed.connect(self._scheme_changed)

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: str | QKeySequence.StandardKey,
        tip: str,
        *,
        button: bool = True,
    ) -> QAction:
        act = QAction(text, self)
        act.setObjectName("brief_" + re.sub(r"\W+", "_", text.lower()).strip("_"))
        act.setShortcut(QKeySequence(shortcut))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = tip or text
        act.setToolTip(tip if keys in tip or not keys else f"{tip} ({keys})")
        act.triggered.connect(slot)
        self.addAction(act)
        if button:
            self.toolbar.addAction(act)
            widget = self.toolbar.widgetForAction(act)
            if widget is not None:
                widget.setObjectName(act.objectName() + "Button")
                widget.setAccessibleName(text.rstrip("…"))
        return act

    # -- what it shows ------------------------------------------------------------------------------

    def show_brief(self, customer_id: int, meeting_id: int | None = None, *, remember: bool = True) -> bool:
        """Show a customer's brief (for a meeting: its people and goal first) and bring the window up."""
        try:
            brief = build_brief(
                self.ctx.journal, customer_id, today=self.ctx.journal.clock.today(), meeting_id=meeting_id
            )
        except JournalError as e:
            forms.show_error(self.main, e, "Brief")
            return False
        self.watch.take()  # read just now: nothing missed is left to apply
        if remember and self.customer_id is not None and (customer_id, meeting_id) != self._key():
            self.history.append((self.customer_id, self.meeting_id))
        self.customer_id, self.meeting_id = customer_id, meeting_id
        self._show(brief, keep_scroll=False)
        if not self._placed:
            self._placed = True
            self._place()
        self.show()
        bring_to_front(self)
        self.page.setFocus()
        return True

    def _key(self) -> tuple[int | None, int | None]:
        return self.customer_id, self.meeting_id

    def _show(self, brief: Brief, *, keep_scroll: bool) -> None:
        bar = self.page.verticalScrollBar()
        position = bar.value()
        self.brief = brief
        self.page.setHtml(render_html(brief, links=True, colours=theme.brief_css(theme.colours())))
        if keep_scroll:
            bar.setValue(position)
        today = self.ctx.journal.clock.today()
        when = f" — {day_time(brief.meeting.when, today)}" if brief.meeting else ""
        self.setWindowTitle(f"Brief — {brief.customer.name}{when}")
        self.back_action.setEnabled(bool(self.history))
        self.log_action.setText("Log this meeting…" if brief.meeting else "Log a conversation…")
        self.hint.setText("Tab moves between links · Enter opens · Esc closes")

    def _paper(self) -> None:
        """The page in the scheme's colours (printing and PDFs stay dark on white)."""
        c = theme.colours()
        self.page.setStyleSheet(
            f"QTextBrowser#briefPage {{ background: {c.base}; color: {c.text}; border: none; }}"
        )

    def _scheme_changed(self, _scheme: str) -> None:
        self._paper()
        if self.brief is not None:
            self._show(self.brief, keep_scroll=True)

    def refresh(self) -> None:
        if self.customer_id is None:
            return
        try:
            brief = build_brief(
                self.ctx.journal,
                self.customer_id,
                today=self.ctx.journal.clock.today(),
                meeting_id=self.meeting_id,
            )
        except NotFound:
            if self.meeting_id is not None:  # the meeting went; the customer's brief is still worth having
                self.meeting_id = None
                self.refresh()
            else:
                self.close()
            return
        except JournalError as e:
            self.statusBar().showMessage(str(e), 5000)
            return
        self._show(brief, keep_scroll=True)

    def back(self) -> None:
        if self.history:
            customer_id, meeting_id = self.history.pop()
            if customer_id is not None:
                self.show_brief(customer_id, meeting_id, remember=False)

    # -- links ----------------------------------------------------------------------------------------

    def open_link(self, url: QUrl) -> None:
        """item:KIND/ID opens the item in the main window, ready to edit; brief:meeting/ID that meeting's
        brief."""
        kind, _, number = url.path().partition("/")
        if not number.isdigit():
            return
        if url.scheme() == "brief" and kind == "meeting" and self.customer_id is not None:
            self.show_brief(self.customer_id, int(number))
        elif url.scheme() == "item":
            bring_to_front(self.main)
            self.ctx.item_requested.emit(kind, int(number))

    def _hover(self, url: QUrl) -> None:
        if not url.isEmpty():
            what = (
                "Open this meeting's brief" if url.scheme() == "brief" else "Open it in the journal, to edit"
            )
            self.statusBar().showMessage(what)
        else:
            self.statusBar().clearMessage()

    # -- actions --------------------------------------------------------------------------------------

    def log_meeting(self) -> None:
        if self.customer_id is not None:
            bring_to_front(self.main)
            self.ctx.log_requested.emit(self.customer_id, self.meeting_id)

    def copy_markdown(self) -> None:
        if self.brief is not None:
            QGuiApplication.clipboard().setText(render_markdown(self.brief))
            self.statusBar().showMessage("Copied the brief as Markdown.", 4000)

    def save_pdf(self) -> None:
        if self.brief is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path = ask_pdf_path(self, Path(folder or Path.home()) / _file_name(self.brief))
        if path is None:
            return
        try:
            paths.check_output(path, journal=self.ctx.journal.path)
            data = pdf.pdf_bytes(render_page(self.brief), f"Brief — {self.brief.customer.name}")
            paths.write_private_atomic(path, data)
        except JournalError as e:
            forms.show_error(self, e, "Brief")
            return
        except OSError as e:
            forms.show_error(self, JournalError(f"The PDF could not be saved: {e.strerror or e}."), "Brief")
            return
        self.statusBar().showMessage(f"Saved the brief to {path}", 6000)

    def print_brief(self) -> None:
        if self.brief is None:
            return
        printer = ask_printer(self)
        if printer is not None:
            printer.setDocName(f"Brief — {self.brief.customer.name}")
            pdf.print_html(render_page(self.brief), printer)
            self.statusBar().showMessage("Sent the brief to the printer.", 4000)

    def keep_on_top(self, on: bool) -> None:
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        self.ctx.settings.setValue("brief/on_top", on)
        self.show()

    def zoom(self, step: int) -> None:
        if -3 <= self._zoom + step <= 8:
            self._zoom += step
            self.page.zoomIn(step)
            self.ctx.settings.setValue("brief/zoom", self._zoom)

    # -- remembered between runs ------------------------------------------------------------------

    def _place(self) -> None:
        """Where it was last time if that suits this screen, else beside the main window when there is
        room, else at the screen's right edge; never larger than the screen's free area."""
        area = screens.available_area(self.main)
        main = self.main.frameGeometry()
        default = screens.beside(main, DEFAULT_SIZE, area, minimum_width=SMALLEST_USABLE.width())
        screens.restore_or_default(
            self,
            self.ctx.settings.value("brief/geometry"),
            default=default,
            minimum=SMALLEST_USABLE,
        )

    def _restore(self) -> None:
        zoom = self.ctx.settings.value("brief/zoom", 0)
        if str(zoom).lstrip("-").isdigit():
            self.zoom(int(str(zoom)))
        if str(self.ctx.settings.value("brief/on_top", "false")).lower() == "true":
            self.on_top.setChecked(True)
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)

    def save_state(self) -> None:
        if self.isVisible():
            self.ctx.settings.setValue("brief/geometry", self.saveGeometry())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # the real frame is known now: keep all of it on the screen
            screens.fit_to_screen(self)
        self.visibility_changed.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous():
            self.visibility_changed.emit(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
