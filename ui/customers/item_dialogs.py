"""Add / edit dialogs for everything kept about a customer: people, rapport, dates, needs, objections,
promises, questions and interactions. Each saves through one journal service."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.reads import queries
from journal.services import contacts, interactions, needs, promises, questions
from journal.storage.changes import Changes
from ui.shell.context import AppContext
from ui.widgets.attendees import AttendeePicker
from ui.widgets.boxes import choice_box, text_box
from ui.widgets.fields import LISTENING_LABELS, DateField, DateTimeField, ScaleField
from ui.widgets.forms import FormDialog
from ui.widgets.highlight import highlight_fields


def contact_box(ctx: AppContext, customer_id: int, current: int | None, *, none_text: str) -> QComboBox:
    box = QComboBox()
    box.addItem(none_text, None)
    for c in queries.contacts(ctx.journal, customer_id):
        box.addItem(f"{c.name} — {c.role}" if c.role else c.name, c.id)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


class ItemDialog(FormDialog):
    """A form about one item of one customer: `item_id` None means a new one."""

    noun = "item"

    def __init__(
        self,
        ctx: AppContext,
        customer_id: int,
        item_id: int | None = None,
        parent: QWidget | None = None,
        **preset: object,
    ) -> None:
        self.preset = preset  # initial values for a new item, e.g. whose rapport fact, whose promise
        verb = "New" if item_id is None else "Edit"
        super().__init__(ctx, f"{verb} {self.noun}", parent, save_text="Add" if item_id is None else "Save")
        self.setObjectName(f"{self.noun.replace(' ', '_')}Dialog")
        self.customer_id = customer_id
        self.item_id = item_id
        self.build()
        if item_id is not None:
            self.fill(item_id)
            self.mark_clean()
            highlight_fields(self, ctx.highlight_terms)
        self.resize(560, self.sizeHint().height())

    def build(self) -> None:
        raise NotImplementedError

    def fill(self, item_id: int) -> None:
        raise NotImplementedError

    @classmethod
    def ask(
        cls,
        ctx: AppContext,
        customer_id: int,
        item_id: int | None = None,
        parent: QWidget | None = None,
        **preset: object,
    ) -> Changes | None:
        dialog = cls(ctx, customer_id, item_id, parent, **preset)
        return dialog.changes if dialog.exec() else None

    def preset_id(self, key: str) -> int | None:
        value = self.preset.get(key)
        return value if isinstance(value, int) else None


class ContactDialog(ItemDialog):
    noun = "person"

    def build(self) -> None:
        self.name = QLineEdit()
        self.role = QLineEdit()
        self.role.setPlaceholderText("e.g. Head of Finance, decides on budget")
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.channel = choice_box(vocab.CHANNEL_LABELS)
        self.notes = text_box("How they like to work, who they report to…")
        self.add_field("name", "&Name", self.name)
        self.add_field("role", "&Role", self.role)
        self.add_field("email", "&Email", self.email)
        self.add_field("phone", "&Phone", self.phone)
        self.add_field("channel", "Prefers &contact by", self.channel)
        self.add_field("notes", "N&otes", self.notes)

    def fill(self, item_id: int) -> None:
        c = queries.contact(self.ctx.journal, item_id)
        self.name.setText(c.name)
        self.role.setText(c.role)
        self.email.setText(c.email)
        self.phone.setText(c.phone)
        self.channel.setCurrentIndex(max(0, self.channel.findData(c.channel)))
        self.notes.setPlainText(c.notes)

    def save(self) -> Changes:
        values = {
            "name": self.name.text(),
            "role": self.role.text(),
            "email": self.email.text(),
            "phone": self.phone.text(),
            "channel": self.channel.currentData(),
            "notes": self.notes.toPlainText(),
        }
        if self.item_id is None:
            return contacts.add_contact(self.ctx.journal, self.customer_id, **values)
        return contacts.update_contact(self.ctx.journal, self.item_id, **values)


class RapportDialog(ItemDialog):
    """A personal detail about a person: `contact_id` says whose (for a new one)."""

    noun = "rapport fact"

    def build(self) -> None:
        self.person = contact_box(
            self.ctx, self.customer_id, self.preset_id("contact_id"), none_text="Choose a person…"
        )
        self.text = text_box("e.g. Daughter Maya just started university in Leeds", 60)
        self.category = choice_box(vocab.RAPPORT_LABELS, "other")
        self.hook = QLineEdit()
        self.hook.setPlaceholderText("A follow-up to ask about next time, e.g. How is Maya settling in?")
        self.learned = DateField(
            self.ctx.journal.clock, optional=True, placeholder="today, last week, 2026-10-03…"
        )
        self.learned.setText("today")
        self.hook_asked = QCheckBox("Already asked about it")
        self.add_field("contact_id", "&Person", self.person)
        self.add_field("text", "&What I learned", self.text)
        self.add_field("category", "&Kind", self.category)
        self.add_field("hook", "Follow-up &hook", self.hook)
        self.add_field("learned_on", "&Learned on", self.learned)
        self.add_field("hook_asked", "", self.hook_asked)

    def fill(self, item_id: int) -> None:
        fact = next(f for f in queries.rapport_facts(self.ctx.journal, self.customer_id) if f.id == item_id)
        self.person.setCurrentIndex(max(0, self.person.findData(fact.contact_id)))
        self.person.setEnabled(False)
        self.text.setPlainText(fact.text)
        self.category.setCurrentIndex(max(0, self.category.findData(fact.category)))
        self.hook.setText(fact.hook)
        self.learned.set_value(fact.learned_on)
        self.hook_asked.setChecked(fact.hook_asked)

    def save(self) -> Changes:
        learned = self.learned.value(field="learned_on")
        if self.item_id is not None:
            return contacts.update_rapport_fact(
                self.ctx.journal,
                self.item_id,
                text=self.text.toPlainText(),
                category=self.category.currentData(),
                hook=self.hook.text(),
                learned_on=learned,
                hook_asked=self.hook_asked.isChecked(),
            )
        contact_id = self.person.currentData()
        if contact_id is None:
            raise ValidationError("Choose the person this is about.", "contact_id")
        return contacts.add_rapport_fact(
            self.ctx.journal,
            contact_id,
            text=self.text.toPlainText(),
            category=self.category.currentData(),
            hook=self.hook.text(),
            learned_on=learned,
        )


class ImportantDateDialog(ItemDialog):
    noun = "important date"

    def build(self) -> None:
        self.kind = choice_box(vocab.DATE_KIND_LABELS, "birthday")
        self.person = contact_box(
            self.ctx, self.customer_id, self.preset_id("contact_id"), none_text="The company"
        )
        self.label = QLineEdit()
        self.label.setPlaceholderText("e.g. Contract renewal, Founding day")
        self.when = DateField(self.ctx.journal.clock, placeholder="e.g. 14 march, 2027-03-14")
        self.year_known = QCheckBox("I know the year (for ages and anniversaries)")
        self.add_field("date_kind", "&Kind", self.kind)
        self.add_field("contact_id", "&Whose", self.person)
        self.add_field("label", "&Label", self.label)
        self.add_field("date", "&Date", self.when, hint="Only the day and month are needed.")
        self.add_field("year", "", self.year_known)

    def fill(self, item_id: int) -> None:
        d = next(x for x in queries.important_dates(self.ctx.journal, self.customer_id) if x.id == item_id)
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.date_kind)))
        self.person.setCurrentIndex(max(0, self.person.findData(d.contact_id)))
        self.label.setText(d.label)
        year = d.year or d.next_occurrence(self.ctx.journal.clock.today()).year
        self.when.set_value(date(year, d.month, 28 if (d.month, d.day) == (2, 29) and year % 4 else d.day))
        self.year_known.setChecked(d.year is not None)

    def save(self) -> Changes:
        when = self.when.value(field="date")
        assert when is not None
        values = {
            "month": when.month,
            "day": when.day,
            "year": when.year if self.year_known.isChecked() else None,
            "date_kind": self.kind.currentData(),
            "label": self.label.text(),
            "contact_id": self.person.currentData(),
        }
        if self.item_id is None:
            return contacts.add_important_date(self.ctx.journal, self.customer_id, **values)
        return contacts.update_important_date(self.ctx.journal, self.item_id, **values)


class NeedDialog(ItemDialog):
    noun = "need"

    def build(self) -> None:
        self.kind = choice_box(vocab.NEED_KIND_LABELS, "need")
        self.text = text_box("In a line: what they need, what hurts, what they want to reach", 60)
        self.quote = text_box("Their own words, as they said them", 60)
        self.importance = choice_box(vocab.IMPORTANCE_LABELS, 2)
        self.status = choice_box(vocab.NEED_STATUS_LABELS, "open")
        self.person = contact_box(self.ctx, self.customer_id, None, none_text="Not recorded")
        self.add_field("need_kind", "&Kind", self.kind)
        self.add_field("text", "&What", self.text)
        self.add_field("quote", "In their &words", self.quote)
        self.add_field("importance", "&Importance", self.importance)
        self.add_field("contact_id", "Who &said it", self.person)
        if self.item_id is not None:
            self.add_field("status", "&Status", self.status)

    def fill(self, item_id: int) -> None:
        n = queries.need(self.ctx.journal, item_id)
        self.kind.setCurrentIndex(max(0, self.kind.findData(n.need_kind)))
        self.text.setPlainText(n.text)
        self.quote.setPlainText(n.quote)
        self.importance.setCurrentIndex(max(0, self.importance.findData(n.importance)))
        self.status.setCurrentIndex(max(0, self.status.findData(n.status)))
        self.person.setCurrentIndex(max(0, self.person.findData(n.contact_id)))

    def save(self) -> Changes:
        values = {
            "need_kind": self.kind.currentData(),
            "text": self.text.toPlainText(),
            "quote": self.quote.toPlainText(),
            "importance": self.importance.currentData(),
            "contact_id": self.person.currentData(),
        }
        if self.item_id is None:
            return needs.add_need(self.ctx.journal, self.customer_id, **values)
        return needs.update_need(self.ctx.journal, self.item_id, status=self.status.currentData(), **values)


WORKED_LABELS = {"": "Not sure yet", "yes": "Yes, it landed", "no": "No, it did not"}


class ObjectionDialog(ItemDialog):
    noun = "objection"

    def build(self) -> None:
        self.concern = text_box("What worried them, ideally in their words", 60)
        self.response = text_box("How I answered it", 60)
        self.status = choice_box(vocab.OBJECTION_STATUS_LABELS, "open")
        self.worked = choice_box(WORKED_LABELS, "")
        self.person = contact_box(self.ctx, self.customer_id, None, none_text="Not recorded")
        self.add_field("concern", "&Concern", self.concern)
        self.add_field("response", "My &response", self.response)
        self.add_field("status", "&Status", self.status)
        self.add_field("worked", "Did it &work?", self.worked)
        self.add_field("contact_id", "&Raised by", self.person)

    def fill(self, item_id: int) -> None:
        o = queries.objection(self.ctx.journal, item_id)
        self.concern.setPlainText(o.concern)
        self.response.setPlainText(o.response)
        self.status.setCurrentIndex(max(0, self.status.findData(o.status)))
        worked = "" if o.worked is None else ("yes" if o.worked else "no")
        self.worked.setCurrentIndex(max(0, self.worked.findData(worked)))
        self.person.setCurrentIndex(max(0, self.person.findData(o.contact_id)))

    def save(self) -> Changes:
        worked = {"": None, "yes": True, "no": False}[self.worked.currentData()]
        values = {
            "concern": self.concern.toPlainText(),
            "response": self.response.toPlainText(),
            "status": self.status.currentData(),
            "worked": worked,
            "contact_id": self.person.currentData(),
        }
        if self.item_id is None:
            return needs.add_objection(self.ctx.journal, self.customer_id, **values)
        return needs.update_objection(self.ctx.journal, self.item_id, **values)


class PromiseDialog(ItemDialog):
    noun = "promise"

    def build(self) -> None:
        self.who = choice_box(vocab.PROMISE_OWNER_LABELS, self.preset.get("owner", "me"))
        self.text = text_box("e.g. Send the pricing for 40 seats", 60)
        self.due = DateField(self.ctx.journal.clock)
        self.person = contact_box(self.ctx, self.customer_id, None, none_text="Not recorded")
        self.add_field("owner", "&Who", self.who)
        self.add_field("text", "&What", self.text)
        self.add_field("due_on", "&Due", self.due)
        self.add_field("contact_id", "To / &from", self.person)

    def fill(self, item_id: int) -> None:
        p = queries.promise(self.ctx.journal, item_id)
        self.who.setCurrentIndex(max(0, self.who.findData(p.owner)))
        self.text.setPlainText(p.text)
        self.due.set_value(p.due_on)
        self.person.setCurrentIndex(max(0, self.person.findData(p.contact_id)))

    def save(self) -> Changes:
        values = {
            "owner": self.who.currentData(),
            "text": self.text.toPlainText(),
            "due_on": self.due.value(field="due_on"),
            "contact_id": self.person.currentData(),
        }
        if self.item_id is None:
            return promises.add_promise(self.ctx.journal, self.customer_id, **values)
        return promises.update_promise(self.ctx.journal, self.item_id, **values)


class QuestionDialog(ItemDialog):
    noun = "question"

    def build(self) -> None:
        self.text = text_box("An open question: what, how, why, tell me about…", 60)
        self.answer = text_box("What they said", 60)
        self.add_field("text", "&Question", self.text)
        if self.item_id is not None:
            self.add_field("answer", "&Answer", self.answer)

    def fill(self, item_id: int) -> None:
        q = next(x for x in queries.questions(self.ctx.journal, self.customer_id) if x.id == item_id)
        self.text.setPlainText(q.text)
        self.answer.setPlainText(q.answer)

    def save(self) -> Changes:
        if self.item_id is None:
            return questions.add_question(self.ctx.journal, self.customer_id, text=self.text.toPlainText())
        return questions.update_question(
            self.ctx.journal, self.item_id, text=self.text.toPlainText(), answer=self.answer.toPlainText()
        )


class InteractionDialog(ItemDialog):
    """A call, meeting or message that happened: when, who, what was said, what came of it."""

    noun = "interaction"

    def build(self) -> None:
        clock = self.ctx.journal.clock
        self.kind = choice_box(vocab.INTERACTION_KIND_LABELS, "meeting")
        self.when = DateTimeField(clock)
        self.when.setText("now")
        self.people = AttendeePicker(self.ctx, self.customer_id)
        self.notes = text_box("What they said (Markdown; start a line with > to keep their words)", 150)
        self.outcome = choice_box(vocab.OUTCOME_LABELS, "")
        self.next_step = QLineEdit()
        self.next_step.setPlaceholderText("e.g. Send the case study and book a demo with Priya")
        self.next_on = DateField(clock, optional=True)
        self.add_field("interaction_kind", "&Kind", self.kind)
        self.add_field("occurred_at", "W&hen", self.when)
        self.add_field("attendees", "&With", self.people)
        self.add_field("notes", "&Notes", self.notes)
        self.add_field("outcome", "&Outcome", self.outcome)
        self.add_field("next_step", "Next &step", self.next_step)
        self.add_field("next_step_on", "Next step &by", self.next_on)
        self.reflection = {
            name: QLineEdit() for name in ("went_well", "to_improve", "lesson", "opening_question")
        }
        self.listening = ScaleField(LISTENING_LABELS)
        self.add_field("went_well", "Went w&ell", self.reflection["went_well"])
        self.add_field("to_improve", "To im&prove", self.reflection["to_improve"])
        self.add_field("lesson", "&Lesson", self.reflection["lesson"])
        self.add_field("listening", "Listenin&g", self.listening)
        self.add_field(
            "opening_question", "&Question that opened them up", self.reflection["opening_question"]
        )

    def fill(self, item_id: int) -> None:
        i = queries.interaction(self.ctx.journal, item_id)
        self.kind.setCurrentIndex(max(0, self.kind.findData(i.interaction_kind)))
        self.when.set_value(i.occurred_at)
        self.people.set_checked_ids({p.id for p in i.attendees})
        self.notes.setPlainText(i.notes)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(i.outcome)))
        self.next_step.setText(i.next_step)
        self.next_on.set_value(i.next_step_on)
        for name, edit in self.reflection.items():
            edit.setText(getattr(i, name))
        self.listening.setValue(i.listening or 0)

    def save(self) -> Changes:
        values = {
            "interaction_kind": self.kind.currentData(),
            "occurred_at": self.when.value(field="occurred_at"),
            "notes": self.notes.toPlainText(),
            "outcome": self.outcome.currentData(),
            "next_step": self.next_step.text(),
            "next_step_on": self.next_on.value(field="next_step_on"),
            "listening": self.listening.value() or None,
            **{name: edit.text() for name, edit in self.reflection.items()},
        }
        people = self.people.checked_ids()
        if self.item_id is None:
            return interactions.add_interaction(
                self.ctx.journal, self.customer_id, attendees=people, **values
            )
        return interactions.update_interaction(self.ctx.journal, self.item_id, attendees=people, **values)


class PlanMeetingDialog(ItemDialog):
    """A meeting still to come: when, with whom, and what I want from it (the brief opens with the goal)."""

    noun = "planned meeting"

    def build(self) -> None:
        clock = self.ctx.journal.clock
        self.kind = choice_box(vocab.INTERACTION_KIND_LABELS, "meeting")
        self.when = DateTimeField(clock, placeholder="tomorrow 10am, fri 14:30, 2026-12-03 09:00…")
        self.people = AttendeePicker(self.ctx, self.customer_id)
        self.goal = text_box("What I want to learn or agree, e.g. Understand who signs off the budget", 60)
        self.add_field("occurred_at", "W&hen", self.when)
        self.add_field("interaction_kind", "&Kind", self.kind)
        self.add_field("attendees", "&With", self.people)
        self.add_field("goal", "&Goal", self.goal)

    def fill(self, item_id: int) -> None:
        i = queries.interaction(self.ctx.journal, item_id)
        self.kind.setCurrentIndex(max(0, self.kind.findData(i.interaction_kind)))
        self.when.set_value(i.occurred_at)
        self.people.set_checked_ids({p.id for p in i.attendees})
        self.goal.setPlainText(i.goal)

    def save(self) -> Changes:
        when = self.when.value(field="occurred_at")
        assert when is not None
        people = self.people.checked_ids()
        if self.item_id is None:
            return interactions.plan_meeting(
                self.ctx.journal,
                self.customer_id,
                occurred_at=when,
                goal=self.goal.toPlainText(),
                interaction_kind=self.kind.currentData(),
                attendees=people,
            )
        return interactions.update_interaction(
            self.ctx.journal,
            self.item_id,
            attendees=people,
            occurred_at=when,
            goal=self.goal.toPlainText(),
            interaction_kind=self.kind.currentData(),
        )
