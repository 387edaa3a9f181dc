"""File → Import contacts or calendar…: a file previewed with its columns mapped (editable), each near
match decided (merge, keep both, skip), then written in one step that Ctrl+Z takes back, and a summary.

Reading the file, taking the journal's snapshot and matching run on a worker thread (a 10,000-row file
takes seconds); the write runs on the window's own connection, so the undo stack records it as one step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from journal.domain.errors import JournalError
from journal.exchange.imports import csv_layouts, detect, matching
from journal.exchange.imports.apply import apply
from journal.exchange.imports.entries import Source
from journal.exchange.imports.fields import FIELDS
from journal.exchange.imports.matching import Decision, Plan, Review
from journal.exchange.imports.meetings import MeetingPlan, apply_meetings, plan_meetings
from journal.storage.db import Journal
from ui.imports.preview_model import ImportPreviewModel, field_label
from ui.shell.context import AppContext
from ui.widgets import forms
from ui.widgets.jobs import Job, Progress

CALENDAR_DAYS = 365  # a calendar's events a year back and a year ahead


@dataclass
class Loaded:
    """What the worker read: the file, and the journal's customers and people (or the calendar's plan)."""

    source: Source
    snapshot: matching.Snapshot | None = None
    meetings: MeetingPlan | None = None


@dataclass
class Outcome:
    """What the import did, for the summary."""

    counts: dict[str, int]
    merged: int = 0
    kept_both: int = 0
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _read(journal: Journal, path: Path) -> Loaded:
    """On the worker: the file read and the journal looked at through this thread's own connection."""
    clock = journal.clock
    today = clock.today()
    span = timedelta(days=CALENDAR_DAYS)
    try:
        source = detect.read(
            path, date_order=clock.date_order, window=(today - span, today + span), zone=clock.local_tz()
        )
        if source.kind == "ics":
            return Loaded(source, meetings=plan_meetings(journal, source.meetings, source.path_name))
        return Loaded(source, snapshot=matching.snapshot(journal))
    finally:
        journal.db.close()  # this thread's connection only


class ImportWizard(QDialog):
    PREVIEW, REVIEW, READY, SUMMARY = range(4)

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.setObjectName("importWizard")
        self.setAccessibleName("Import contacts or calendar")
        self.setWindowTitle(f"Import {path.name}")
        self.resize(900, 600)
        self.loaded: Loaded | None = None
        self.source: Source | None = None
        self.mapping: dict[str, str] = {}
        self.decisions: dict[str, Decision] = {}
        self.plan: Plan | None = None
        self.reviews: list[Review] = []  # those to decide, in the file's order
        self.at = 0  # the review shown
        self.outcome: Outcome | None = None
        self.job: Job | None = None
        self.combos: list[QComboBox] = []

        self.pages = QStackedWidget(self)
        self.pages.setObjectName("importPages")
        self.pages.addWidget(self._build_preview())
        self.pages.addWidget(self._build_review())
        self.pages.addWidget(self._build_ready())
        self.pages.addWidget(self._build_summary())

        self.back = self._button("&Back", "importBack", "Go back a step")
        self.next = self._button("&Next", "importNext", "Go on to the near matches and the import")
        self.next.setDefault(True)
        self.cancel = self._button("Cancel", "importCancel", "Close without importing anything (Esc)")
        self.back.clicked.connect(self._back)
        self.next.clicked.connect(self._next)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back, self.next, self.cancel):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._show(self.PREVIEW)
        self.next.setEnabled(False)

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", ""))
        button.setToolTip(tip)
        button.setAutoDefault(False)
        return button

    # -- the pages ---------------------------------------------------------------------------------------

    def _build_preview(self) -> QWidget:
        page = QWidget(self)
        self.what = QLabel("Reading the file…", page)
        self.what.setObjectName("importWhat")
        self.what.setWordWrap(True)
        self.problem = QLabel(page)
        self.problem.setObjectName("importProblem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.columns = QWidget(page)
        self.columns.setObjectName("importColumns")
        self.columns_form = QFormLayout(self.columns)
        scroll = QScrollArea(page)
        scroll.setObjectName("importMapping")
        scroll.setAccessibleName("Where each column goes")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.columns)
        self.mapping_area = scroll
        self.preview = ImportPreviewModel(self)
        self.table = QTableView(page)
        self.table.setObjectName("importPreview")
        self.table.setAccessibleName("The file's first rows")
        self.table.setModel(self.preview)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.addWidget(scroll)
        split.addWidget(self.table)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(page)
        layout.addWidget(self.what)
        layout.addWidget(self.problem)
        layout.addWidget(split, 1)
        return page

    def _build_review(self) -> QWidget:
        page = QWidget(self)
        self.review_count = QLabel(page)
        self.review_count.setObjectName("reviewCount")
        self.review_count.setProperty("role", "heading")
        self.review_text = QLabel(page)
        self.review_text.setObjectName("reviewText")
        self.review_text.setAccessibleName("The near match")
        self.review_text.setWordWrap(True)
        self.review_text.setTextFormat(Qt.TextFormat.PlainText)
        hint = QLabel("M merges them into the one in your journal, K keeps both, S leaves the row out.", page)
        hint.setProperty("role", "muted")
        row = QHBoxLayout()
        self.merge = self._decision(
            "&Merge", "M", "merge", "Bring the row into the record already in your journal"
        )
        self.keep = self._decision(
            "&Keep both", "K", "keep", "Make a new record beside the one in your journal"
        )
        self.skip = self._decision("&Skip", "S", "skip", "Leave the row out of this import")
        for b in (self.merge, self.keep, self.skip):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.review_count)
        layout.addWidget(self.review_text)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addStretch(1)
        return page

    def _decision(self, text: str, key: str, decision: Decision, tip: str) -> QPushButton:
        button = self._button(text, f"review_{decision}", f"{tip} ({key})")
        button.setShortcut(QKeySequence(key))
        button.clicked.connect(lambda: self._decide(decision))
        return button

    def _build_ready(self) -> QWidget:
        page = QWidget(self)
        self.ready_text = QLabel(page)
        self.ready_text.setObjectName("importReady")
        self.ready_text.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.ready_text)
        layout.addStretch(1)
        return page

    def _build_summary(self) -> QWidget:
        page = QWidget(self)
        self.summary = QTextBrowser(page)
        self.summary.setObjectName("importSummary")
        self.summary.setAccessibleName("What the import did")
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        return page

    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back.setVisible(page in (self.REVIEW, self.READY))
        self.next.setText({self.READY: "&Import", self.SUMMARY: "&Close"}.get(page, "&Next"))
        self.next.setVisible(page != self.REVIEW)
        self.cancel.setVisible(page != self.SUMMARY)
        focus: QWidget = self.merge if page == self.REVIEW else self.next
        if page == self.PREVIEW and self.combos:
            focus = self.combos[0]
        focus.setFocus()

    # -- reading -----------------------------------------------------------------------------------------

    def start(self) -> Job:
        journal = self.ctx.journal
        path = self.path
        job = self._run(lambda progress: _read(journal, path), self._loaded)
        return job

    def _run(self, work: Any, done: Any) -> Job:
        job = Job(work, self)
        job.succeeded.connect(done)
        job.failed.connect(self._failed)
        job.finished.connect(self._job_ended)
        self.job = job
        self.next.setEnabled(False)
        job.start()
        return job

    def _job_ended(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None

    def _failed(self, error: JournalError) -> None:
        if self.loaded is None:  # the file cannot be read at all: say why, and close
            forms.show_error(self, error, "Sales Journal cannot import this file")
            self.reject()
            return
        self._say_problem(str(error))

    def _say_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.next.setEnabled(True)

    def _loaded(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.source = loaded.source
        self.mapping = dict(loaded.source.mapping)
        self.preview.show_source(loaded.source)
        src = loaded.source
        if src.kind == "ics":
            size = f"{len(src.meetings):,} events in the year around today"
        else:
            size = f"{len(src.entries):,} people and companies"
        self.what.setText(f"“{src.path_name}”: {src.describe}, {size}.")
        self.mapping_area.setVisible(src.table is not None)
        if src.table is not None:
            self._build_combos(src.table.headers)
        self.next.setEnabled(True)
        self._show(self.PREVIEW)

    def _build_combos(self, headers: list[str]) -> None:
        choices = [f for f in FIELDS if f != "ignore"] + ["ignore"]
        sample = (
            self.source.table.rows[0] if self.source and self.source.table and self.source.table.rows else []
        )
        for column, header in enumerate(headers):
            combo = QComboBox(self.columns)
            combo.setObjectName(f"mapColumn{column}")
            combo.setAccessibleName(f"Where “{header}” goes")
            first = sample[column].strip() if column < len(sample) else ""
            combo.setToolTip(
                f"What the column “{header}” fills in" + (f" (first row: {first[:60]})" if first else "")
            )
            for f in choices:
                combo.addItem(field_label(f), f)
            combo.setCurrentIndex(choices.index(self.mapping.get(header, "ignore")))
            combo.currentIndexChanged.connect(
                lambda _i, c=column, h=header, box=combo: self._remap(c, h, box)
            )
            self.columns_form.addRow(header, combo)
            self.combos.append(combo)

    def _remap(self, column: int, header: str, combo: QComboBox) -> None:
        target = str(combo.currentData())
        self.mapping[header] = target
        self.preview.set_field(column, target)
        self.plan = None  # planned again with the new mapping
        self._say_problem("")

    # -- planning and deciding ---------------------------------------------------------------------------

    def _next(self) -> None:
        page = self.pages.currentIndex()
        if page == self.PREVIEW:
            self._plan()
        elif page == self.READY:
            self._import()
        elif page == self.SUMMARY:
            self.accept()

    def _back(self) -> None:
        page = self.pages.currentIndex()
        if page == self.REVIEW and self.at > 0:
            self.at -= 1
            self.decisions.pop(self.reviews[self.at].key, None)
            self._show_review()
        elif page == self.READY and self.reviews:
            self.at = len(self.reviews) - 1
            self.decisions.pop(self.reviews[self.at].key, None)
            self._show(self.REVIEW)
            self._show_review()
        else:
            self.decisions.clear()
            self._show(self.PREVIEW)

    def _plan(self) -> None:
        loaded, source = self.loaded, self.source
        if loaded is None or source is None or self.job is not None:
            return
        if loaded.meetings is not None:
            self._ready()
            return
        snap = loaded.snapshot or matching.Snapshot()
        mapping = dict(self.mapping)
        decisions = dict(self.decisions)
        order = self.ctx.journal.clock.date_order
        remapped = source.table is not None and mapping != source.mapping

        def work(progress: Progress) -> tuple[Source, Plan]:
            entries_source = source
            if remapped and source.table is not None:
                if not any(f in ("name", "first_name", "last_name", "company") for f in mapping.values()):
                    raise JournalError(
                        "Choose a column that holds a name or a company, or there is nothing to import."
                    )
                entries_source = csv_layouts.entries_from(source.table, mapping, source.path_name, order)
                entries_source.layout = source.layout
            plan = matching.make_plan(
                snap, entries_source.entries, name=source.path_name, decisions=decisions
            )
            return entries_source, plan

        self._run(work, self._planned)

    def _planned(self, result: tuple[Source, Plan]) -> None:
        self.source, self.plan = result
        self.source.mapping = dict(self.mapping)
        undecided = [r for r in self.plan.reviews if r.key not in self.decisions]
        if undecided:
            known = {r.key for r in self.reviews}
            self.reviews += [r for r in undecided if r.key not in known]
            self.at = next(i for i, r in enumerate(self.reviews) if r.key not in self.decisions)
            self._show(self.REVIEW)
            self._show_review()
        else:
            self._ready()

    def _show_review(self) -> None:
        review = self.reviews[self.at]
        self.review_count.setText(f"Near match {self.at + 1} of {len(self.reviews)}")
        rows = f" It decides {review.rows} rows." if review.rows > 1 else ""
        what = "customer" if review.kind == "customer" else "person"
        self.review_text.setText(
            f"{review.reason}\n\nFrom the file (line {review.line}): {review.incoming}\n"
            f"In your journal: {review.existing}\n\nIs it the same {what}?{rows}"
        )
        self.merge.setFocus()

    def _decide(self, decision: Decision) -> None:
        if self.pages.currentIndex() != self.REVIEW or self.job is not None or not self.reviews:
            return
        self.decisions[self.reviews[self.at].key] = decision
        following = [
            i for i in range(self.at + 1, len(self.reviews)) if self.reviews[i].key not in self.decisions
        ]
        if following:
            self.at = following[0]
            self._show_review()
        else:  # a decision may bring up new near matches (a kept company's people): plan again
            self._plan()

    def _ready(self) -> None:
        self._show(self.READY)
        self.next.setEnabled(True)
        name = self.path.name
        if self.loaded is not None and self.loaded.meetings is not None:
            c = self.loaded.meetings.counts()
            text = (
                f"Ready to import “{name}”: {c['meetings_created']:,} new meetings, "
                f"{c['meetings_moved']:,} moved; {c['unchanged']:,} already in your journal; "
                f"{c['skipped']:,} left out."
            )
        elif self.plan is not None:
            c = self.plan.counts()
            text = (
                f"Ready to import “{name}”: {c['customers_created']:,} new customers, "
                f"{c['people_created']:,} new people and {c['dates_created']:,} birthdays; empty fields "
                f"filled in for {c['customers_filled'] + c['people_filled']:,} records already in your "
                f"journal; {c['unchanged']:,} rows already there as they are; {c['skipped']:,} left out."
            )
        else:
            return
        self.ready_text.setText(f"{text}\n\nImport (Enter) writes it all as one step: Ctrl+Z takes it back.")

    # -- writing -----------------------------------------------------------------------------------------

    def _import(self) -> None:
        if self.loaded is None or self.source is None:
            return
        progress = QProgressDialog(f"Importing {self.path.name}…", "", 0, 0, self)
        progress.setObjectName("importProgress")
        progress.setAccessibleName("Import progress")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        journal = self.ctx.journal
        try:
            if self.loaded.meetings is not None:
                apply_meetings(journal, self.loaded.meetings)
                outcome = Outcome(self.loaded.meetings.counts())
                outcome.skipped = [
                    f"line {s.line} ({s.label}): {s.reason}" for s in self.loaded.meetings.skipped
                ]
            elif self.plan is not None:
                apply(journal, self.plan, progress=step)
                outcome = self._outcome(self.plan)
            else:
                return
        except JournalError as e:
            forms.show_error(self, e, "Sales Journal could not import this file")
            return
        finally:
            progress.reset()
            progress.deleteLater()
        outcome.skipped = [
            f"line {s.line} ({s.label}): {s.reason}" for s in self.source.skipped
        ] + outcome.skipped
        outcome.notes = list(self.source.notes) + outcome.notes
        self.outcome = outcome
        self._show_summary(outcome)
        self.ctx.status_message.emit(f"Imported {self.path.name}. Ctrl+Z takes the whole import back.")

    def _outcome(self, plan: Plan) -> Outcome:
        rows = {
            d: sum(r.rows for r in plan.reviews if self.decisions.get(r.key) == d) for d in ("merge", "keep")
        }
        outcome = Outcome(plan.counts(), merged=rows["merge"], kept_both=rows["keep"])
        outcome.skipped = [f"line {s.line} ({s.label}): {s.reason}" for s in plan.skipped]
        outcome.skipped += [
            f"line {r.line} ({r.incoming}): you chose to skip it — {r.reason}"
            for r in plan.reviews
            if self.decisions.get(r.key) == "skip"
        ]
        outcome.notes = list(plan.notices)
        return outcome

    def _show_summary(self, outcome: Outcome) -> None:
        c = outcome.counts
        if "meetings_created" in c:
            lines = [
                f"- **Created:** {c['meetings_created']:,} meetings",
                f"- **Moved:** {c['meetings_moved']:,} rescheduled meetings",
                f"- **Already in your journal:** {c['unchanged']:,}",
            ]
        else:
            lines = [
                f"- **Created:** {c['customers_created']:,} customers, {c['people_created']:,} people, "
                f"{c['dates_created']:,} birthdays",
                f"- **Filled in:** {c['customers_filled']:,} customers and {c['people_filled']:,} people "
                "(empty fields only)",
                f"- **Merged** into records already in your journal: {outcome.merged:,} rows",
                f"- **Kept both:** {outcome.kept_both:,} rows",
                f"- **Already in your journal as they are:** {c['unchanged']:,} rows",
            ]
        lines.append(f"- **Left out:** {len(outcome.skipped):,}")
        text = f"## Imported {self.path.name}\n\n" + "\n".join(lines)
        if outcome.skipped:
            text += "\n\n### Left out, and why\n\n" + "\n".join(f"- {s}" for s in outcome.skipped[:200])
        if outcome.notes:
            text += "\n\n### Notes\n\n" + "\n".join(f"- {n}" for n in outcome.notes[:50])
        text += "\n\nCtrl+Z in the main window takes the whole import back."
        self.summary.setMarkdown(text)
        self._show(self.SUMMARY)
