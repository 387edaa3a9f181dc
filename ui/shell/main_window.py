"""The main window: menus, the pages (Today, Customers, …) and the carrying-out of navigation requests."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QMenu, QMessageBox, QStackedWidget, QWidget

import journal
from ui.shell import screens
from ui.shell.context import AppContext
from ui.shell.icons import app_icon
from ui.shell.navigation import NavigationRail

if TYPE_CHECKING:
    from ui.backups.feature import Backups, Checker
    from ui.brief.window import BriefWindow
    from ui.exports.calendar import CalendarExporter
    from ui.exports.feature import Exporter
    from ui.search.palette_widget import SearchPalette
    from ui.shell.upkeep import Statistics

Count = Callable[[], int | None]
DEFAULT_SIZE = QSize(1280, 820)  # with its frame; never more than the screen has free
SMALLEST_USABLE = QSize(640, 420)  # a saved size smaller than this gives way to the default


class MainWindow(QMainWindow):
    # Set by the features that make them (ui/shell/app.py FEATURES), for the shell and the other features.
    backups: Backups
    checker: Checker
    exporter: Exporter
    make_brief_window: Callable[[], BriefWindow]
    _brief_window: BriefWindow | None = None
    calendar_exporter: CalendarExporter
    statistics: Statistics

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setAccessibleName("Sales Journal")
        self.setWindowIcon(app_icon())
        self.setWindowTitle(f"{ctx.journal.path.stem} — Sales Journal")
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("pages")
        self.rail = NavigationRail(self)
        self.rail.selectionModel().currentChanged.connect(self._rail_moved)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.rail)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.pages.currentChanged.connect(self._page_changed)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(0)  # after the pages have refreshed from the same change
        self._count_timer.timeout.connect(self.update_counts)
        ctx.changed.connect(lambda _changes: self.recount())
        self._page_actions: dict[str, QAction] = {}
        self._counts: dict[str, Count] = {}
        self._makers: dict[str, Callable[[], QWidget]] = {}  # pages not built yet: built when first shown
        self._on_built: dict[str, list[Callable[[QWidget], object]]] = {}
        self.painted = False  # the window has been painted once: work for later may start
        self._after_paint_ran = False
        self.loading: set[str] = set()  # pages reading what they show on a worker thread
        self._after_paint: list[Callable[[], object]] = [self._count_timer.start]
        self._writing: list[QAction] = []  # disabled while the journal is read-only
        self.read_only_reason: str | None = None
        self.state_savers: list[Callable[[], None]] = []  # pages that remember splitters, columns…
        self.search_palette: SearchPalette | None = None  # made the first time it is asked for

        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        self.view_menu = bar.addMenu("&View")
        self.help_menu = bar.addMenu("&Help")
        self._build_file_menu()
        self._build_help_menu()
        self.statusBar().setObjectName("statusBar")
        ctx.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self._restore_geometry()

    @property
    def brief_window(self) -> BriefWindow:
        """The brief's window, made the first time it is asked for."""
        if self._brief_window is None:
            self._brief_window = self.make_brief_window()
        return self._brief_window

    @property
    def has_brief_window(self) -> bool:
        return self._brief_window is not None

    # -- building blocks other modules use -------------------------------------------------------

    def action(
        self,
        text: str,
        slot: object,
        *,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
        menu: QMenu | None = None,
        name: str = "",
        writes: bool = False,
    ) -> QAction:
        """A window-wide action with a shortcut and a tooltip (shown with its shortcut). An action that
        `writes` to the journal is disabled, saying why, while the journal is read-only."""
        act = QAction(text, self)
        if name:
            act.setObjectName(name)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = tip or text.replace("&", "").rstrip(".…")
        act.setToolTip(f"{tip} ({keys})" if keys else tip)
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.addAction(act)
        if menu is not None:
            menu.addAction(act)
        if writes:
            self._writing.append(act)
            self._refuse_if_read_only(act)
        return act

    def make_read_only(self, why: str) -> None:
        """The journal can be read, not changed: every action that would change it is disabled."""
        self.read_only_reason = why
        for act in self._writing:
            self._refuse_if_read_only(act)

    def _refuse_if_read_only(self, act: QAction) -> None:
        if self.read_only_reason is not None:
            act.setEnabled(False)
            act.setToolTip(
                f"{act.statusTip()} — not in this journal: it is read-only ({self.read_only_reason})"
            )

    def add_page(
        self,
        key: str,
        page: QWidget | Callable[[], QWidget],
        title: str,
        shortcut: str,
        counted: str = "",
        *,
        count: Count | None = None,
        first: bool = False,
    ) -> QAction:
        """Add a page to the window, to the navigation rail and a View menu entry (with its shortcut) that
        shows it; `first` puts it ahead of the others.

        `page` is the page, or what makes it: then it is made the first time it is shown or asked for
        (`page(key)`). `count` gives the rail's count (`counted` says what it counts), read after the
        window's first paint and again after every write, so it must be cheap and must not need the page.
        """
        if isinstance(page, QWidget):
            widget = page
        else:
            widget = QWidget(self)  # stands in until the page is made
            self._makers[key] = page
        widget.setProperty("pageKey", key)
        self.pages.addWidget(widget)
        act = self.action(
            title, lambda: self.show_page(key), shortcut=shortcut, menu=self.view_menu, name=f"show_{key}"
        )
        act.setCheckable(True)
        self._page_actions[key] = act
        if count is not None:
            self._counts[key] = count
        self.rail.nav_model.add(key, title.replace("&", ""), shortcut, counted, first=first)
        if first:
            self.view_menu.insertAction(self.view_menu.actions()[0], act)
        return act

    def when_built(self, key: str, then: Callable[[QWidget], object]) -> None:
        """Run `then(page)` once the page `key` is made (at once if it is)."""
        if key in self._makers:
            self._on_built.setdefault(key, []).append(then)
        elif key in self._page_actions:
            then(self.page(key))

    def is_built(self, key: str) -> bool:
        return key in self._page_actions and key not in self._makers

    def page(self, key: str) -> QWidget:
        """The page `key`, made now if it was not yet."""
        for i in range(self.pages.count()):
            widget = self.pages.widget(i)
            if widget is not None and widget.property("pageKey") == key:
                return self._build(key, i, widget) if key in self._makers else widget
        raise KeyError(key)

    def _build(self, key: str, index: int, stand_in: QWidget) -> QWidget:
        widget = self._makers.pop(key)()
        widget.setProperty("pageKey", key)
        was_current = self.pages.currentWidget() is stand_in
        self.pages.insertWidget(index, widget)
        if was_current:
            self.pages.setCurrentWidget(widget)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        for then in self._on_built.pop(key, []):
            then(widget)
        return widget

    def show_page(self, key: str) -> QWidget:
        widget = self.page(key)
        self.pages.setCurrentWidget(widget)
        for name, act in self._page_actions.items():
            act.setChecked(name == key)
        self.rail.show_key(key)
        widget.setFocus()
        self.recount()
        return widget

    def after_first_paint(self, then: Callable[[], object]) -> None:
        """Run `then` once the window has been painted (at once if it has): what a person need not see
        before the window itself waits for it."""
        if self.painted:
            then()
        else:
            self._after_paint.append(then)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self._run_after_paint)  # after this paint has reached the screen

    def _run_after_paint(self) -> None:
        pending, self._after_paint = self._after_paint, []
        for then in pending:
            then()
        self._after_paint_ran = True

    @property
    def settled(self) -> bool:
        """Painted, and what was left for after the first paint done (Today read, the rail counted)."""
        return self._after_paint_ran and not self.loading

    def recount(self) -> None:
        """Read the rail's counts again soon (once the window has been painted)."""
        if self.painted:
            self._count_timer.start()

    def _rail_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = self.rail.key_at(current)
        if key and key != self.current_page_key():
            rail_had_focus = self.rail.hasFocus()
            self.show_page(key)
            if rail_had_focus:  # arrowing down the rail: stay there until Tab goes into the page
                self.rail.setFocus()

    def update_counts(self) -> None:
        """Each page's count on the rail (pages added without a `count` show none)."""
        if not self.ctx.journal.is_open:
            return
        for key, count in self._counts.items():
            self.rail.nav_model.set_count(key, count())

    def restore_page(self) -> None:
        """Start on Today when there is one (the morning view), else the first page added."""
        if self._page_actions:
            self.show_page("today" if "today" in self._page_actions else next(iter(self._page_actions)))

    def _page_changed(self, _index: int) -> None:
        """The page shown decides the current customer: the one it shows (a page that shows none, none)."""
        widget = self.pages.currentWidget()
        shown = getattr(widget, "shown_customer_id", None)
        self.ctx.set_current_customer(shown() if callable(shown) else None)

    def current_page_key(self) -> str:
        widget = self.pages.currentWidget()
        return str(widget.property("pageKey")) if widget is not None else ""

    # -- menus -------------------------------------------------------------------------------------

    def _build_file_menu(self) -> None:
        self.file_menu.addSeparator()
        self.quit_action = self.action(
            "&Quit",
            self.close,
            shortcut=QKeySequence.StandardKey.Quit,
            menu=self.file_menu,
            name="quit",
            tip="Close Sales Journal",
        )
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))

    def _build_help_menu(self) -> None:
        keys = self.action(
            "&Keyboard shortcuts",
            self.show_shortcuts,
            shortcut="F1",
            menu=self.help_menu,
            name="keyboard_shortcuts",
            tip="Every key the app answers to",
        )
        keys.setShortcuts([QKeySequence("F1"), QKeySequence("Ctrl+/")])
        keys.setToolTip("Every key the app answers to (F1, Ctrl+/)")
        self.help_menu.addSeparator()
        self.action(
            "Open the &data folder",
            self.open_data_folder,
            menu=self.help_menu,
            name="open_data_folder",
            tip="Show the folder that holds this journal in the file manager",
        )
        self.help_menu.addSeparator()
        self.action(
            "&About Sales Journal",
            self.about,
            menu=self.help_menu,
            name="about",
            tip="The version, what the app is for, and which journal file is open",
        )

    def show_shortcuts(self) -> None:
        from ui.shell.shortcuts import ShortcutsDialog

        if hasattr(self, "make_brief_window"):
            self.brief_window  # noqa: B018 - made now, so that its keys are listed too
        ShortcutsDialog(self).exec()

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.journal.path.parent)))

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Sales Journal",
            f"<h3>Sales Journal {journal.__version__}</h3>"
            "<p>Listen, ask open-ended questions, show genuine interest, be honest, "
            "follow up and follow through, and persist with good timing.</p>"
            f"<p>This journal: <code>{self.ctx.journal.path}</code></p>",
        )

    # -- state kept between runs -------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        default = screens.centred(DEFAULT_SIZE, screens.available_area(self))
        screens.restore_or_default(
            self, self.ctx.settings.value("window/geometry"), default=default, minimum=SMALLEST_USABLE
        )
        state = self.ctx.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_state(self) -> None:
        for save in self.state_savers:
            save()
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("window/state", self.saveState())
        self.ctx.settings.setValue("window/page", self.current_page_key())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous() and not self.isMaximized() and not self.isFullScreen():
            screens.fit_to_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.ctx.settings.sync()
        super().closeEvent(event)
