"""The right-hand column of Log meeting: what I heard (needs, objections, personal facts, questions for
next time), the promises made both ways, and what happened to what was open from before.

Each section is a QuickAdd row: Enter adds a line, Enter on an empty row moves on to the next section.
The readers here turn a row into an item (or say, in plain words, what is wrong with it); the journal
checks everything again when the log is saved.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QWidget,
)

from journal.domain import vocab
from journal.domain.clock import Clock
from journal.domain.dates import parse_date
from journal.domain.errors import ValidationError
from journal.domain.text import short
from journal.services import duplicates
from journal.services.questions import is_closed_question
from ui.meeting_log.items_model import Item, OpenItem, OpenItemsModel, describe_date
from ui.meeting_log.quick_add import QuickAdd
from ui.widgets.attendees import AttendeePicker
from ui.widgets.boxes import choice_box
from ui.widgets.fields import DateField, tidy_header


def line_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "subheading")
    return label


class DueField(DateField):
    """A due date in a quick-add row: the same words, echoed back a little shorter."""

    def _describe(self) -> str:
        return describe_date(
            parse_date(self.edit.text(), self.clock.today(), order=self.clock.date_order), self.clock.today()
        )


def _due_field(clock: Clock) -> DateField:
    due = DueField(clock, optional=True, placeholder="fri, dec 3")
    due.edit.setFixedWidth(110)
    due.echo.setMinimumWidth(190)  # "→ Tue 2 Mar 2027 (in 100 days)" whole
    return due


class FoundPanel(QScrollArea):
    """The sections of what was found and promised, and the customer's open items to tick."""

    finished = Signal()  # Enter on the last (empty) promise row: on past the sections

    def __init__(self, clock: Clock, people: AttendeePicker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.people = people
        right = QWidget(self)
        grid = QGridLayout(right)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.sections: dict[str, QuickAdd] = {}
        self._grid_row = 0

        def section_title(text: str, hint: str = "") -> None:
            box = QHBoxLayout()
            box.setSpacing(10)
            box.setContentsMargins(0, 8 if self._grid_row else 0, 0, 2)
            box.addWidget(_heading(text))
            if hint:
                note = QLabel(hint)
                note.setProperty("role", "hint")
                note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                box.addWidget(note)
            box.addStretch(1)
            grid.addLayout(box, self._grid_row, 0, 1, 2)
            self._grid_row += 1

        titles: dict[str, QLabel] = {}

        def add(section: QuickAdd, label: str) -> QuickAdd:
            title = titles[section.name] = QLabel(label)
            grid.addWidget(title, self._grid_row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(section, self._grid_row, 1)
            self._grid_row += 1
            self.sections[section.name] = section
            return section

        section_title("What I heard")
        needs = add(QuickAdd("needs", self._read_need, self._describe_need), "N&eeds && pain")
        needs.add_input("text", line_edit("What they need"), "What they need", stretch=3)
        needs.add_input("quote", line_edit("In their words"), "In their words", stretch=3)
        needs.add_input("need_kind", choice_box(vocab.NEED_KIND_LABELS, "need"), "Kind", stretch=0)
        needs.add_input("importance", choice_box(vocab.IMPORTANCE_LABELS, 2), "Importance", stretch=0)
        objections = add(
            QuickAdd("objections", self._read_objection, self._describe_objection), "Ob&jections"
        )
        objections.add_input("concern", line_edit("Their concern"), "Their concern", stretch=3)
        objections.add_input("response", line_edit("How I answered"), "My response", stretch=3)
        rapport = add(QuickAdd("rapport", self._read_rapport, self._describe_rapport), "&Personal")
        rapport.add_input("text", line_edit("What I learned"), "What I learned", stretch=3)
        rapport.add_input("category", choice_box(vocab.RAPPORT_LABELS, "other"), "Kind of fact", stretch=0)
        self.rapport_person = QComboBox()
        rapport.add_input("person", self.rapport_person, "About whom", stretch=0)
        rapport.add_input("hook", line_edit("Ask about…"), "Follow-up to ask about", stretch=2)
        questions = add(QuickAdd("questions", self._read_question, lambda i: i["text"]), "&Ask next time")
        questions.add_input(
            "text", line_edit("An open question for next time: what, how, tell me about…"), "Question"
        )
        section_title("Promises", "what each side will do, by when")
        mine = add(QuickAdd("mine", self._read_mine, self._describe_promise), "&I promised")
        mine.add_input("text", line_edit("What I will do"), "What I promised", stretch=2)
        mine.add_input("due", _due_field(clock), "Due", stretch=3)
        theirs = add(QuickAdd("theirs", self._read_theirs, self._describe_promise), "&They promised")
        theirs.add_input("text", line_edit("What they will do"), "What they promised", stretch=2)
        theirs.add_input("due", _due_field(clock), "Due", stretch=3)
        # What is typed in these is offered the open item it is probably about, to update instead.
        self._alike: dict[str, OpenItem | None] = {}
        for section, kind, owner in (
            (needs, "need", ""),
            (objections, "objection", ""),
            (mine, "promise", "me"),
            (theirs, "promise", "them"),
        ):
            field = section.first_input()
            assert isinstance(field, QLineEdit)
            field.textChanged.connect(lambda text, s=section, k=kind, o=owner: self._offer(s, k, o, text))
            use = QShortcut(QKeySequence("Ctrl+U"), field, context=Qt.ShortcutContext.WidgetShortcut)
            use.activated.connect(lambda s=section: self.use_open_item(s))
        order = list(self.sections.values())
        for section in order:
            titles[section.name].setBuddy(section.first_input())
        for section, after in itertools.pairwise(order):
            section.move_on.connect(lambda s=after: s.first_input().setFocus(Qt.FocusReason.TabFocusReason))
        theirs.move_on.connect(self.finished.emit)

        self.open_title = QWidget()
        title_box = QHBoxLayout(self.open_title)
        title_box.setContentsMargins(0, 6, 0, 0)
        open_label = QLabel("Open from be&fore")
        open_label.setProperty("role", "subheading")
        open_hint = QLabel("Space ticks what happened; type answers beside them")
        open_hint.setProperty("role", "hint")
        open_hint.setToolTip(
            "Type a question’s answer, or what I answered an objection with, in the second column"
        )
        open_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        title_box.addWidget(open_label)
        title_box.addWidget(open_hint, 1)
        grid.addWidget(self.open_title, self._grid_row, 0, 1, 2)
        self._grid_row += 1
        self.open_model = OpenItemsModel(self)
        self.open_view = QTableView()
        self.open_view.setObjectName("openItems")
        self.open_view.setAccessibleName("Open from before")
        self.open_view.setModel(self.open_model)
        self.open_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.open_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.open_view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.open_view.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.open_view.verticalHeader().hide()
        tidy_header(self.open_view.horizontalHeader())
        self.open_view.setShowGrid(False)
        self.open_view.setWordWrap(False)
        self.open_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.open_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.open_view.horizontalHeader().resizeSection(1, 200)
        open_label.setBuddy(self.open_view)
        self.open_error = QLabel()
        self.open_error.setProperty("role", "error")
        self.open_error.setWordWrap(True)
        self.open_error.hide()
        self.open_model.dataChanged.connect(lambda *_: self.open_error.hide())
        grid.addWidget(self.open_view, self._grid_row, 0, 1, 2)
        grid.addWidget(self.open_error, self._grid_row + 1, 0, 1, 2)
        self._grid_row += 2
        grid.setRowStretch(self._grid_row, 1)

        self.setObjectName("foundSections")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(right)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_open_items(self, items: list[OpenItem]) -> None:
        self.open_model.set_items(items)
        self.open_title.setVisible(bool(items))
        self.open_view.setVisible(bool(items))
        self.open_view.setFixedHeight(min(5, max(1, len(items))) * 30 + 28)
        if items:
            self.open_view.setCurrentIndex(self.open_model.index(0, 0))

    def _candidates(self, kind: str, owner: str) -> list[OpenItem]:
        return [
            i
            for i in self.open_model.items()
            if i.kind == kind and "text" in i.extra and (not owner or i.extra.get("owner") == owner)
        ]

    def already_open(self, section: QuickAdd, kind: str, owner: str, text: str) -> OpenItem | None:
        """The open item `text` is probably about, if any (the same words first)."""
        found = [i for i in self._candidates(kind, owner) if duplicates.alike(text, i.extra["text"])]
        found.sort(key=lambda i: not duplicates.same(text, i.extra["text"]))
        return found[0] if found else None

    def _offer(self, section: QuickAdd, kind: str, owner: str, text: str) -> None:
        item = self.already_open(section, kind, owner, text)
        self._alike[section.name] = item
        if item is None:
            section.hint.hide()
            return
        section.hint.setText(
            f"Already open: “{short(item.extra['text'], 70)}” — "
            "Ctrl+U updates that one instead of adding a copy"
        )
        section.hint.show()

    def use_open_item(self, section: QuickAdd) -> None:
        """Leave the copy unwritten and go to the open item it is about, ticked with its usual next state
        (Space changes it)."""
        item = self._alike.get(section.name)
        row = self.open_model.row_of(item.key) if item is not None else None
        if item is None or row is None:
            return
        field = section.first_input()
        assert isinstance(field, QLineEdit)
        field.clear()
        if not item.state:
            self.open_model.cycle(row)
        self.open_view.setCurrentIndex(self.open_model.index(row, 0))
        self.open_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ensureWidgetVisible(self.open_view)

    def _not_a_copy(self, kind: str, owner: str, text: str) -> None:
        for item in self._candidates(kind, owner):
            if duplicates.same(text, item.extra["text"]):
                raise ValidationError(
                    f"“{short(item.extra['text'], 70)}” is already open — Ctrl+U updates it instead of "
                    "adding a copy.",
                    "text",
                )

    def people_changed(self) -> None:
        """Who a rapport fact can be about: the people ticked (or added) first, then the rest."""
        current = self.rapport_person.currentData()
        attended = {*self.people.checked_ids(), *(name for name, _ in self.people.new_people())}
        self.rapport_person.blockSignals(True)
        self.rapport_person.clear()
        everyone = self.people.people()
        ordered = [p for p in everyone if p[0] in attended] + [p for p in everyone if p[0] not in attended]
        for key, name in ordered:
            self.rapport_person.addItem(name, key)
        if not ordered:
            self.rapport_person.addItem("(add who was there first)", None)
        found = self.rapport_person.findData(current) if current is not None else -1
        self.rapport_person.setCurrentIndex(found if found >= 0 else 0)
        self.rapport_person.blockSignals(False)

    def show_section_error(self, section: QuickAdd, message: str, row: int) -> None:
        section.show_error(message, row if row < section.model.rowCount() else None)
        self.ensureWidgetVisible(section)

    def hide_errors(self) -> None:
        for section in self.sections.values():
            section.hide_error()
        self.open_error.hide()

    # -- reading a row -------------------------------------------------------------------------------

    def _date(self, text: str, field: str) -> date:
        if not text.strip():
            raise ValidationError("When? e.g. fri, next week, in 3 days, dec 3.", field)
        return parse_date(text, self.clock.today(), order=self.clock.date_order, field=field)

    @staticmethod
    def _required(value: str, message: str, field: str = "text") -> str:
        text = " ".join(value.split()) if "\n" not in value else value.strip()
        if not text:
            raise ValidationError(message, field)
        return text

    def _read_need(self, raw: dict[str, Any]) -> Item:
        text = raw["text"].strip() or raw["quote"].strip()
        self._required(text, "Write what they need in a line.")
        self._not_a_copy("need", "", text)
        return {
            "raw": raw,
            "text": text,
            "quote": raw["quote"].strip(),
            "need_kind": raw["need_kind"],
            "importance": raw["importance"],
        }

    def _describe_need(self, item: Item) -> str:
        kind = vocab.NEED_KIND_LABELS.get(item.get("need_kind", "need"), "Need")
        importance = vocab.IMPORTANCE_LABELS.get(item.get("importance", 2), "")
        quote = f" — “{item['quote']}”" if item.get("quote") and item["quote"] != item["text"] else ""
        return f"{kind} · {importance.lower()}: {item['text']}{quote}"

    def _read_objection(self, raw: dict[str, Any]) -> Item:
        concern = self._required(raw["concern"], "Write their concern.", "concern")
        self._not_a_copy("objection", "", concern)
        return {"raw": raw, "concern": concern, "response": raw["response"].strip()}

    @staticmethod
    def _describe_objection(item: Item) -> str:
        answer = f" — I answered: {item['response']}" if item.get("response") else " — not answered yet"
        return f"{item['concern']}{answer}"

    def _read_rapport(self, raw: dict[str, Any]) -> Item:
        text = self._required(raw["text"], "Write what you learned.")
        if raw["person"] is None:
            raise ValidationError(
                "Tick who was there (or add them under With) to say who this is about.", "person"
            )
        return {
            "raw": raw,
            "text": text,
            "category": raw.get("category") or "other",
            "person": raw["person"],
            "hook": raw["hook"].strip(),
        }

    def _describe_rapport(self, item: Item) -> str:
        names = dict(self.people.people())
        person = item.get("person")
        who = names.get(person, str(person)) if person is not None else ""
        hook = f" — ask: {item['hook']}" if item.get("hook") else ""
        kind = vocab.RAPPORT_LABELS.get(item.get("category", "other"), "")
        return f"{who}: {item['text']}" + (f" ({kind.lower()})" if kind != "Other" else "") + hook

    def _read_question(self, raw: dict[str, Any]) -> Item:
        text = self._required(raw["text"], "Write the question.")
        section = self.sections["questions"]
        if is_closed_question(text):
            section.hint.setText(f"“{short(text, 50)}” invites a yes or no; “what” or “how” opens people up.")
            section.hint.show()
        else:
            section.hint.hide()
        return {"raw": raw, "text": text}

    def _read_promise(self, raw: dict[str, Any], owner: str) -> Item:
        text = self._required(raw["text"], "Write what was promised.")
        self._not_a_copy("promise", owner, text)
        due = self._date(raw["due"], "due_on")
        return {"raw": raw, "text": text, "due_on": due.isoformat(), "owner": owner}

    def _read_mine(self, raw: dict[str, Any]) -> Item:
        return self._read_promise(raw, "me")

    def _read_theirs(self, raw: dict[str, Any]) -> Item:
        return self._read_promise(raw, "them")

    def _describe_promise(self, item: Item) -> str:
        due = date.fromisoformat(item["due_on"])
        return f"{item['text']} — due {describe_date(due, self.clock.today())}"
