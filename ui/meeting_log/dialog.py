"""Log meeting (Ctrl+L): what was heard, found, promised and decided, typed in two minutes — never lost.

The form is built for the keyboard. Focus starts in the notes. Each "found" section is a row where Enter
adds a line and Enter on an empty row moves on to the next section; Alt+letter jumps to any section;
Ctrl+R opens the reflection; Ctrl+Enter saves everything in one write (journal.meeting_log).

Nothing typed is lost: a draft is kept in the journal every few seconds and when the window is closed,
and offered again the next time a meeting is logged for that customer. Cancel (Esc) asks before it
throws anything away.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from journal.domain import vocab
from journal.domain.dates import day_date, day_time
from journal.domain.errors import JournalError, NotFound, ValidationError
from journal.domain.text import short
from journal.reads import planned as planned_rule
from journal.reads import queries
from journal.services import drafts, meeting_log
from journal.services.meeting_log import (
    MeetingEntry,
    NeedUpdate,
    NewNeed,
    NewObjection,
    NewPerson,
    NewPromise,
    NewRapport,
    ObjectionUpdate,
    QuestionAsked,
    Reflection,
)
from journal.storage.changes import Changes
from ui.meeting_log.found import FoundPanel, line_edit
from ui.meeting_log.items_model import Item, open_items
from ui.meeting_log.quick_add import QuickAdd, is_plain_enter
from ui.shell import screens
from ui.shell.context import AppContext, initiated_by
from ui.widgets import forms
from ui.widgets.attendees import AttendeePicker
from ui.widgets.boxes import choice_box
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.fields import LISTENING_LABELS, DateField, DateTimeField, ScaleField
from ui.widgets.forms import FormDialog

FORM = "meeting_log"
AUTOSAVE_MS = 3000
PAUSE_MS = 800  # …and as soon as typing pauses, so a crash mid-sentence loses at most the last second
DRAFT_VERSION = 1
REVISIT_DAYS = 90
REFLECT_KEY = "meeting_log/reflect_open"


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class MeetingLogDialog(FormDialog):
    draft_saved = Signal(int)  # the draft's id, each time one is kept

    def __init__(
        self,
        ctx: AppContext,
        customer_id: int | None,
        planned_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Log meeting", parent, save_text="Save log")
        self.setObjectName("meetingLogDialog")
        self.customer_id: int | None = None
        self.draft_id: int | None = None
        self._owns_draft = False  # this form has written to (or taken over) the draft
        self._saved_text = ""
        self._promise_rows: list[tuple[QuickAdd, int]] = []
        self.today = ctx.journal.clock.today()
        # Opened without a customer: the planned-meeting list offers recent meetings with anyone.
        self._any_customer = customer_id is None
        self._build()
        self._set_customer(customer_id, planned_id)
        self.mark_clean()
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(PAUSE_MS)
        self.pause.timeout.connect(self.autosave)
        typing = [self.notes.textChanged, self.open_model.ticked, self.people.changed]
        typing += [s.changed for s in self.sections.values()]
        edits = (self.next_step, self.reason, self.went_well, self.to_improve, self.lesson, self.opening)
        typing += [e.textChanged for e in edits]
        for signal in typing:
            signal.connect(self._typing)
        self._offer_draft()
        self._fit_to_screen()

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        clock = self.ctx.journal.clock
        body = QWidget(self)
        page = QVBoxLayout(body)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(8)

        self.title = QLabel("Log a meeting", body)
        self.title.setObjectName("logTitle")
        self.title.setProperty("role", "heading")
        keys = QLabel(
            "Enter adds a line · Enter on an empty line moves on · Alt+letter jumps · Ctrl+Enter saves", body
        )
        keys.setProperty("role", "hint")
        keys.setWordWrap(True)  # on a narrow screen the keys wrap under each other, not widen the form
        keys.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        keys.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(keys, 1)
        page.addLayout(top)

        head = QFormLayout()
        head.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.picker = CustomerPicker(self.ctx.journal, body)
        self.picker.picked.connect(self._picked)
        self.add_field("customer", "C&ustomer", self.picker, layout=head)
        self.planned = QComboBox(body)
        self.planned.setMaximumWidth(560)
        self.planned.currentIndexChanged.connect(lambda _: self._planned_changed())
        self.add_field("planned_id", "Co&mpletes", self.planned, layout=head)
        page.addLayout(head)

        columns = QHBoxLayout()
        columns.setSpacing(18)
        page.addLayout(columns, 1)

        # Left: the meeting itself.
        left = QFormLayout()
        left.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.when = DateTimeField(clock, placeholder="now, today 2pm…")
        self.when.setText("now")
        self.kind = choice_box(vocab.INTERACTION_KIND_LABELS, "meeting")
        self.people = AttendeePicker(self.ctx, None, allow_new=True)
        self.people.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(
            "What they said, in their own words: what worries them, what they want, the words they used.\n"
            '" or > at the start of a line keeps it as their quote.'
        )
        self.notes.setMinimumHeight(180)
        self.add_field("occurred_at", "W&hen", self.when, layout=left)
        self.add_field("interaction_kind", "&Kind", self.kind, layout=left)
        self.add_field("attendees", "&With", self.people, layout=left)
        self.add_field("notes", "&Notes", self.notes, layout=left)
        left_box = QWidget(body)
        left_box.setLayout(left)
        left_box.setMinimumWidth(380)
        columns.addWidget(left_box, 9)

        # Right: what was found, promised, and what happened to what was open.
        self.found = FoundPanel(clock, self.people, body)
        self.found.finished.connect(self._after_promises)
        self.sections = self.found.sections
        self.rapport_person = self.found.rapport_person
        self.open_model, self.open_view = self.found.open_model, self.found.open_view
        self.open_title, self.open_error = self.found.open_title, self.found.open_error
        columns.addWidget(self.found, 11)
        self.people.changed.connect(self.found.people_changed)

        # Bottom: outcome and next step, then the reflection.
        page.addWidget(_rule())
        outcome_row = QHBoxLayout()
        outcome_row.setSpacing(14)
        forms_in_row: list[QFormLayout] = []
        for _ in range(3):
            f = QFormLayout()
            f.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            forms_in_row.append(f)
        self.outcome = choice_box(vocab.OUTCOME_LABELS | {"": "Not recorded"}, "")
        self.outcome.currentIndexChanged.connect(lambda _: self._outcome_changed())
        self.next_step = line_edit("The next step, e.g. Demo for their IT lead")
        self.next_on = DateField(clock, optional=True, placeholder="fri, next week…")
        self.add_field("outcome", "&Outcome", self.outcome, layout=forms_in_row[0])
        self.add_field("next_step", "Next &step", self.next_step, layout=forms_in_row[1])
        self.add_field("next_step_on", "b&y", self.next_on, layout=forms_in_row[2])
        outcome_row.addLayout(forms_in_row[0], 2)
        outcome_row.addLayout(forms_in_row[1], 5)
        outcome_row.addLayout(forms_in_row[2], 4)
        page.addLayout(outcome_row)

        self.closing = QWidget(body)
        closing_row = QHBoxLayout(self.closing)
        closing_row.setContentsMargins(0, 0, 0, 0)
        closing_row.setSpacing(14)
        reason_form, revisit_form = QFormLayout(), QFormLayout()
        self.reason = line_edit("The reason they gave, in their words")
        self.revisit = DateField(clock, optional=True, placeholder="in 3 months, mar 1…")
        self.add_field("reason", "Their &reason", self.reason, layout=reason_form)
        self.add_field("revisit_on", "Re&visit on", self.revisit, layout=revisit_form)
        closing_row.addLayout(reason_form, 7)
        closing_row.addLayout(revisit_form, 4)
        self.closing.hide()
        page.addWidget(self.closing)

        self.reflect_button = QPushButton("Reflect on how it went", body)
        self.reflect_button.setObjectName("reflectButton")
        self.reflect_button.setAccessibleName("Reflect on how it went")
        self.reflect_button.setCheckable(True)
        self.reflect_button.setToolTip("A thirty-second self-check: skippable, but worth it (Ctrl+R)")
        self.reflect_button.toggled.connect(self._show_reflection)
        QShortcut(QKeySequence("Ctrl+R"), self).activated.connect(self.toggle_reflection)
        self.reflection = QWidget(body)
        self.reflection.setObjectName("reflection")
        reflect_grid = QHBoxLayout(self.reflection)
        reflect_grid.setContentsMargins(0, 0, 0, 0)
        reflect_grid.setSpacing(14)
        col_a, col_b = QFormLayout(), QFormLayout()
        self.went_well = line_edit("What worked: a question, a story, the silence…")
        self.to_improve = line_edit("What I would do differently")
        self.lesson = line_edit("One lesson to carry into the next meeting")
        self.listening = ScaleField(LISTENING_LABELS)
        self.opening = line_edit("The question that opened them up")
        self.add_field("went_well", "Went well", self.went_well, layout=col_a)
        self.add_field("to_improve", "To improve", self.to_improve, layout=col_a)
        self.add_field("lesson", "&Lesson", self.lesson, layout=col_a)
        self.add_field("listening", "Listenin&g", self.listening, layout=col_b)
        self.add_field("opening_question", "&Question that\nopened them up", self.opening, layout=col_b)
        reflect_grid.addLayout(col_a, 6)
        reflect_grid.addLayout(col_b, 5)
        self.reflection.hide()
        page.addWidget(self.reflect_button, 0, Qt.AlignmentFlag.AlignLeft)
        page.addWidget(self.reflection)

        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.insertWidget(0, body, 1)
        outer.removeWidget(self.buttons)
        self.draft_note = QLabel(self)
        self.draft_note.setObjectName("draftNote")
        self.draft_note.setProperty("role", "muted")
        bottom = QHBoxLayout()
        bottom.addWidget(self.draft_note)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._chain_tab_order()
        if self.ctx.settings.value(REFLECT_KEY, False) in (True, "true"):
            self.reflect_button.setChecked(True)

    def _chain_tab_order(self) -> None:
        chain: list[QWidget] = [self.picker, self.planned, self.when.edit, self.kind, self.people.view]
        if self.people.new_person is not None:
            chain.append(self.people.new_person)
        chain.append(self.notes)
        for section in self.sections.values():
            chain.extend(section.focus_widgets())
        chain += [
            self.open_view,
            self.outcome,
            self.next_step,
            self.next_on.edit,
            self.reason,
            self.revisit.edit,
        ]
        chain += [
            self.reflect_button,
            self.went_well,
            self.to_improve,
            self.lesson,
            self.listening,
            self.opening,
        ]
        chain += [
            self.buttons.button(b)
            for b in (self.buttons.StandardButton.Save, self.buttons.StandardButton.Cancel)
        ]
        self._tab_chain = chain

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab follow the form's reading order, skipping what is hidden or disabled.

        (Kept here rather than in Qt's focus chain, which compound widgets such as the list views
        rearrange as they are shown and hidden.)"""
        stops = [w for w in self._tab_chain if w.isVisibleTo(self) and w.isEnabled()]
        current = QApplication.focusWidget()
        here = next(
            (
                n
                for n, w in enumerate(stops)
                if current is not None and (w is current or w.isAncestorOf(current))
            ),
            None,
        )
        if here is None:
            return super().focusNextPrevChild(forward)
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        stops[(here + (1 if forward else -1)) % len(stops)].setFocus(reason)
        return True

    def _fit_to_screen(self) -> None:
        self.resize(1180, 820)
        screens.shrink_to_screen(self)

    # -- the customer and what is open with them -----------------------------------------------------

    def _set_customer(
        self, customer_id: int | None, planned_id: int | None = None, *, focus: bool = True
    ) -> None:
        j = self.ctx.journal
        try:
            ref = queries.customer_ref(j, customer_id) if customer_id is not None else None
        except NotFound:
            ref = None
        self.customer_id = ref.id if ref is not None else None
        known = ref is not None
        self.show_field("customer", not known or self.picker.customer_id is not None)
        self.title.setText(f"Log a meeting with {ref.name}" if ref else "Log a meeting")
        self.setWindowTitle(f"Log meeting — {ref.name}" if ref else "Log meeting")
        self.people.load(self.customer_id)
        self.found.people_changed()
        self.found.set_open_items(open_items(j, self.customer_id) if self.customer_id is not None else [])
        self._load_planned(planned_id)
        for widget in (
            self.when,
            self.kind,
            self.people,
            self.notes,
            self.found,
            self.outcome,
            self.next_step,
            self.next_on,
            self.closing,
            self.reflect_button,
            self.reflection,
        ):
            widget.setEnabled(known)  # the customer comes first: the rest is about them
        if focus:
            (self.notes if known else self.picker).setFocus(Qt.FocusReason.OtherFocusReason)

    def _load_planned(self, planned_id: int | None) -> None:
        """The planned meetings this log can complete: the customer's, and when the form was opened without
        a customer, the recent ones with anyone (choosing one chooses its customer)."""
        j = self.ctx.journal
        planned = planned_rule.offered_for_log(j, self.customer_id, any_customer=self._any_customer)
        names = (
            {
                cid: row.name
                for cid, row in queries.customer_rows(j, list({p.customer_id for p in planned})).items()
            }
            if self._any_customer
            else {}
        )
        self._planned = {p.id: p for p in planned}
        self.planned.blockSignals(True)
        self.planned.clear()
        first = (
            "Choose the customer above, or one of these planned meetings"
            if self.customer_id is None
            else "A new meeting (not one I planned)"
        )
        self.planned.addItem(first, None)
        tz = j.clock.local_tz()
        for p in planned:
            local = p.occurred_at.astimezone(tz)
            goal = f" — {short(p.goal, 60)}" if p.goal else ""
            who = f"{names.get(p.customer_id, '')}, planned" if names else "Planned"
            day = day_date(local.date(), self.today)
            self.planned.addItem(f"{who} {day}, {local:%H:%M}{goal}", p.id)
        if planned_id is None and self.customer_id is not None:
            held = planned_rule.completed_by_log(j, self.customer_id)
            planned_id = held.id if held is not None else None
        self.planned.setCurrentIndex(max(0, self.planned.findData(planned_id)))
        self.planned.blockSignals(False)
        self.show_field("planned_id", bool(planned))
        self._planned_changed()

    def _planned_changed(self) -> None:
        meeting = self._planned.get(self.planned.currentData()) if hasattr(self, "_planned") else None
        if meeting is None:
            return
        if meeting.customer_id != self.customer_id:  # a planned meeting with someone else: log that one
            self.picker.choose_quietly(meeting.customer_id)
            self._set_customer(meeting.customer_id, meeting.id, focus=False)
            if not self.has_words():
                self._offer_draft()
            return
        now = self.ctx.journal.clock.now()
        if meeting.occurred_at <= now:
            self.when.set_value(meeting.occurred_at)
        self.kind.setCurrentIndex(max(0, self.kind.findData(meeting.interaction_kind)))
        self.people.set_checked_ids({p.id for p in meeting.attendees})

    def _picked(self, customer_id: object) -> None:
        if isinstance(customer_id, int) and customer_id != self.customer_id:
            self._set_customer(customer_id)
            if not self.has_words():
                self._offer_draft()

    def _after_promises(self) -> None:
        target = self.open_view if self.open_view.isVisible() else self.outcome
        target.setFocus(Qt.FocusReason.TabFocusReason)

    # -- outcome and reflection ----------------------------------------------------------------------

    def _outcome_changed(self) -> None:
        outcome = self.outcome.currentData()
        self.closing.setVisible(outcome in ("not_now", "lost"))
        if outcome == "not_now" and not self.revisit.text().strip():
            self.revisit.set_value(self.ctx.journal.clock.today() + timedelta(days=REVISIT_DAYS))
        if outcome in meeting_log.CLOSING_OUTCOMES:
            self.next_step.setPlaceholderText("Optional now: anything still to do?")
        elif outcome == "not_now":
            self.next_step.setPlaceholderText(f"{meeting_log.NOT_NOW_STEP} (on the revisit date)")
        else:
            self.next_step.setPlaceholderText("The next step, e.g. Demo for their IT lead")

    def toggle_reflection(self) -> None:
        if self.reflect_button.isEnabled():
            self.reflect_button.setChecked(not self.reflect_button.isChecked())

    def _show_reflection(self, shown: bool) -> None:
        self.reflection.setVisible(shown)
        self.ctx.settings.setValue(REFLECT_KEY, shown)
        if shown and self.isVisible():
            self.went_well.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- what the form holds -------------------------------------------------------------------------

    def _section_items(self, name: str, prefix: str, offset: int = 0) -> list[Item]:
        """A section's lines and the one still in its row; a bad row names itself like the journal does."""
        section = self.sections[name]
        items = section.items()
        try:
            pending = section.pending()
        except ValidationError as e:
            raise ValidationError(str(e), f"{prefix}.{offset + len(items)}.{e.field or 'text'}") from None
        return items + ([pending] if pending is not None else [])

    def entry(self) -> MeetingEntry:
        """The form as a MeetingEntry; raises ValidationError for what can be told before the journal."""
        when = self.when.value(field="occurred_at")
        listening = self.listening.value() or None
        mine = self._section_items("mine", "promises")
        theirs = self._section_items("theirs", "promises", len(mine))
        self._promise_rows = [(self.sections["mine"], n) for n in range(len(mine))]
        self._promise_rows += [(self.sections["theirs"], n) for n in range(len(theirs))]
        updates: dict[str, list[Any]] = {
            "need": [],
            "objection": [],
            "question": [],
            "promise": [],
            "next_step": [],
            "hook": [],
        }
        for item in self.open_model.items():
            if not item.state:
                continue
            if item.kind == "need":
                updates["need"].append(NeedUpdate(item.id, item.state))
            elif item.kind == "objection":
                worked = True if item.state == "resolved" else None  # resolved: my answer worked
                updates["objection"].append(ObjectionUpdate(item.id, item.state, worked, item.answer))
            elif item.kind == "question":
                updates["question"].append(QuestionAsked(item.id, item.answer))
            else:
                updates[item.kind].append(item.id)
        closing = self.outcome.currentData() in ("not_now", "lost")
        return MeetingEntry(
            notes=self.notes.toPlainText(),
            occurred_at=when,
            interaction_kind=self.kind.currentData(),
            attendees=tuple(self.people.checked_ids()),
            new_people=tuple(NewPerson(name, role) for name, role in self.people.new_people()),
            needs=tuple(
                NewNeed(i["text"], i.get("quote", ""), i["need_kind"], i["importance"])
                for i in self._section_items("needs", "needs")
            ),
            objections=tuple(
                NewObjection(i["concern"], i.get("response", ""))
                for i in self._section_items("objections", "objections")
            ),
            rapport=tuple(
                NewRapport(i["text"], i["person"], i.get("category") or "other", i.get("hook", ""))
                for i in self._section_items("rapport", "rapport")
            ),
            questions=tuple(i["text"] for i in self._section_items("questions", "questions")),
            promises=tuple(
                NewPromise(i["text"], date.fromisoformat(i["due_on"]), i["owner"]) for i in (*mine, *theirs)
            ),
            need_updates=tuple(updates["need"]),
            objection_updates=tuple(updates["objection"]),
            questions_asked=tuple(updates["question"]),
            kept=tuple(updates["promise"]),
            next_steps_done=tuple(updates["next_step"]),
            hooks_asked=tuple(updates["hook"]),
            outcome=self.outcome.currentData(),
            next_step=self.next_step.text(),
            next_step_on=self.next_on.value(field="next_step_on"),
            reason=self.reason.text() if closing else "",
            revisit_on=self.revisit.value(field="revisit_on") if closing else None,
            reflection=Reflection(
                self.went_well.text(),
                self.to_improve.text(),
                self.lesson.text(),
                listening,
                self.opening.text(),
            ),
            planned_id=self.planned.currentData(),
        )

    def has_words(self) -> bool:
        """Whether anything was typed or ticked that would be lost by throwing the form away."""
        texts = (
            self.notes.toPlainText(),
            self.next_step.text(),
            self.reason.text(),
            self.went_well.text(),
            self.to_improve.text(),
            self.lesson.text(),
            self.opening.text(),
        )
        return (
            any(t.strip() for t in texts)
            or any(s.has_text() or s.model.rowCount() for s in self.sections.values())
            or any(item.state or item.answer for item in self.open_model.items())
            or bool(self.people.new_people())
            or self.listening.value() > 0
        )

    def is_dirty(self) -> bool:
        return self.has_words()

    # -- drafts --------------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Everything typed, as typed (dates the person wrote stay words, except when: a moment)."""
        try:
            when_value = self.when.value()
            when = (
                when_value.astimezone(self.ctx.journal.clock.local_tz()).strftime("%Y-%m-%d %H:%M")
                if when_value
                else ""
            )
        except ValidationError:
            when = self.when.text()
        return {
            "v": DRAFT_VERSION,
            "customer_id": self.customer_id,
            "planned_id": self.planned.currentData(),
            "when": when,
            "kind": self.kind.currentData(),
            "attendees": self.people.checked_ids(),
            "new_people": [list(p) for p in self.people.new_people()],
            "notes": self.notes.toPlainText(),
            "sections": {name: s.state() for name, s in self.sections.items()},
            "open": {i.key: [i.state, i.answer] for i in self.open_model.items() if i.state or i.answer},
            "outcome": self.outcome.currentData(),
            "next_step": self.next_step.text(),
            "next_step_on": self.next_on.text(),
            "reason": self.reason.text(),
            "revisit_on": self.revisit.text(),
            "reflection": {
                "went_well": self.went_well.text(),
                "to_improve": self.to_improve.text(),
                "lesson": self.lesson.text(),
                "listening": self.listening.value(),
                "opening_question": self.opening.text(),
            },
        }

    def restore(self, payload: dict[str, Any]) -> None:
        """Fill the form from a draft's state; what no longer exists (a deleted person) is skipped."""
        planned = payload.get("planned_id")
        if isinstance(planned, int) and self.planned.findData(planned) >= 0:
            self.planned.setCurrentIndex(self.planned.findData(planned))
        self.when.setText(str(payload.get("when") or "now"))
        self.kind.setCurrentIndex(max(0, self.kind.findData(payload.get("kind", "meeting"))))
        attendees = {i for i in payload.get("attendees") or [] if isinstance(i, int)}
        self.people.set_checked_ids(attendees)
        for person in payload.get("new_people") or []:
            if isinstance(person, list) and person:
                self.people.add_new(", ".join(str(p) for p in person if p))
        self.notes.setPlainText(str(payload.get("notes") or ""))
        for name, state in (payload.get("sections") or {}).items():
            if name in self.sections and isinstance(state, dict):
                self.sections[name].set_state(state)
        for key, value in (payload.get("open") or {}).items():
            if isinstance(value, list) and len(value) == 2:
                self.open_model.set_state(key, str(value[0]), str(value[1]))
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(payload.get("outcome", ""))))
        self.next_step.setText(str(payload.get("next_step") or ""))
        self.next_on.setText(str(payload.get("next_step_on") or ""))
        self.reason.setText(str(payload.get("reason") or ""))
        self.revisit.setText(str(payload.get("revisit_on") or ""))
        reflection = payload.get("reflection") or {}
        self.went_well.setText(str(reflection.get("went_well") or ""))
        self.to_improve.setText(str(reflection.get("to_improve") or ""))
        self.lesson.setText(str(reflection.get("lesson") or ""))
        listening = reflection.get("listening")
        self.listening.setValue(listening if isinstance(listening, int) and 0 <= listening <= 5 else 0)
        self.opening.setText(str(reflection.get("opening_question") or ""))
        if any(
            reflection.get(k) for k in ("went_well", "to_improve", "lesson", "listening", "opening_question")
        ):
            self.reflect_button.setChecked(True)

    def _offer_draft(self) -> None:
        """Offer the draft kept for this customer. Opened without a customer, offer the newest draft of
        any (a log left unsaved with someone is not forgotten); declining that one leaves it alone."""
        j = self.ctx.journal
        found = drafts.latest_draft(j, FORM, self.customer_id)
        elsewhere = None
        if found is None and self.customer_id is None:
            found = elsewhere = next(iter(drafts.drafts(j, FORM)), None)
        if found is None or found.id == self.draft_id:
            return
        tz = j.clock.local_tz()
        when = found.updated_at.astimezone(tz)
        notes = str(found.payload.get("notes") or "").strip()
        preview = f"\n\n“{short(notes, 140)}”" if notes else ""
        cid = found.customer_id
        try:
            who = f" with {queries.customer_ref(j, cid).name}" if cid is not None else ""
        except NotFound:
            return
        afresh = (
            "If you start afresh instead, it stays kept for when you log a meeting with them."
            if elsewhere is not None
            else "If you start afresh instead, that draft is replaced once you type."
        )
        if elsewhere is None:
            self.draft_id = found.id
        if forms.confirm(
            self,
            "Continue your unsaved log?",
            f"You started logging a meeting{who} on {day_time(when, self.today)} and did not save it."
            f"{preview}"
            f"\n\nContinue it? {afresh}",
            "Continue it",
            destructive=False,
        ):
            if elsewhere is not None and cid is not None:
                self.draft_id = found.id
                self.picker.choose_quietly(cid)
                self._set_customer(cid)
            self.restore(found.payload)
            self._owns_draft = True
            self._saved_text = json.dumps(self.state(), sort_keys=True)
            self.draft_note.setText(f"Continuing the draft from {day_time(when, self.today)}")
            self.notes.setFocus(Qt.FocusReason.OtherFocusReason)
            cursor = self.notes.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.notes.setTextCursor(cursor)

    def _typing(self, *_: object) -> None:
        if self.timer.isActive():  # not once the form is saved or closed
            self.pause.start()

    def _stop_timers(self) -> None:
        self.timer.stop()
        self.pause.stop()

    def autosave(self) -> bool:
        """Keep a draft of what is typed, if anything changed since the last one. Returns whether it wrote."""
        if not self.has_words():
            return False
        payload = self.state()
        text = json.dumps(payload, sort_keys=True)
        if text == self._saved_text:
            return False
        try:
            with initiated_by(self):
                changes = drafts.save_draft(
                    self.ctx.journal,
                    FORM,
                    payload,
                    customer_id=self.customer_id,
                    interaction_id=self.planned.currentData(),
                    draft_id=self.draft_id,
                )
        except JournalError as e:
            self.draft_note.setText(f"Could not keep a draft: {e}")
            return False
        self.draft_id = changes.ids("draft")[0]
        self._owns_draft = True
        self._saved_text = text
        now = self.ctx.journal.clock.now().astimezone(self.ctx.journal.clock.local_tz())
        self.draft_note.setText(f"Draft kept at {now:%H:%M}")
        self.draft_saved.emit(self.draft_id)
        return True

    # -- saving and closing ----------------------------------------------------------------------------

    def save(self) -> Changes:
        if self.customer_id is None:
            raise ValidationError("Choose the customer this meeting was with.", "customer")
        changes = meeting_log.log_meeting(
            self.ctx.journal,
            self.customer_id,
            self.entry(),
            draft_id=self.draft_id if self._owns_draft else None,
        )
        self._stop_timers()
        return changes

    def show_validation(self, error: ValidationError) -> None:
        field = error.field or ""
        prefix, _, rest = field.partition(".")
        index = int(rest.split(".")[0]) if rest.split(".")[0].isdigit() else None
        if prefix == "promises" and index is not None and index < len(self._promise_rows):
            section, row = self._promise_rows[index]
            self.found.show_section_error(section, str(error), row)
        elif prefix in self.sections and index is not None:
            self.found.show_section_error(self.sections[prefix], str(error), index)
        elif prefix == "new_people":
            super().show_validation(ValidationError(str(error), "attendees"))
        elif prefix in ("need_updates", "objection_updates", "questions_asked", "kept"):
            self.open_error.setText(str(error))
            self.open_error.show()
            self.open_view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            if field in ("reason", "revisit_on"):
                self.closing.show()
            if field in ("went_well", "to_improve", "lesson", "listening", "opening_question"):
                self.reflect_button.setChecked(True)
            super().show_validation(error)

    def clear_errors(self) -> None:
        super().clear_errors()
        self.found.hide_errors()

    def reject(self) -> None:
        """Cancel or Esc: throw the log away — after asking, if anything was typed."""
        if self.has_words() and not forms.confirm(
            self,
            "Discard this meeting log?",
            "What you typed here will be thrown away, draft included. "
            "(Closing the window instead keeps it as a draft.)",
            "Discard",
        ):
            return
        self._stop_timers()
        if self.draft_id is not None and self._owns_draft:
            forms.attempt(self, lambda: drafts.discard_draft(self.ctx.journal, self.draft_id or 0))
        QDialog.reject(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window (or the app quitting) keeps what was typed as a draft, without asking."""
        self._stop_timers()
        if self.result() == QDialog.DialogCode.Rejected and self.has_words():
            self.autosave()
            if self._owns_draft:
                self.ctx.status_message.emit("Your meeting log is kept as a draft: Ctrl+L brings it back.")
        event.accept()
        QDialog.reject(self)

    def done(self, result: int) -> None:
        self._stop_timers()
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_plain_enter(event):
            return  # Enter adds lines here; only Ctrl+Enter saves
        super().keyPressEvent(event)

    @classmethod
    def ask(
        cls,
        ctx: AppContext,
        customer_id: int | None,
        planned_id: int | None = None,
        parent: QWidget | None = None,
    ) -> Changes | None:
        dialog = cls(ctx, customer_id, planned_id, parent)
        accepted = dialog.exec()
        changes = dialog.changes if accepted else None
        if changes:
            name = queries.customer_ref(ctx.journal, dialog.customer_id).name if dialog.customer_id else ""
            found = meeting_log.summary(changes)
            ctx.status_message.emit(f"Logged the meeting with {name}" + (f": {found}." if found else "."))
        dialog.deleteLater()
        return changes
