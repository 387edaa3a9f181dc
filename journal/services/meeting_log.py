"""Logging a meeting after it happened: the interaction and everything found in it, all or nothing.

`log_meeting` checks the whole entry first — every item, every reference — and only then writes it in one
transaction: the interaction (or the planned meeting it completes), new people, needs, objections,
rapport facts, questions and promises (each linked back to the interaction as its source), updates to
items already open, promises kept, and the customer's stage where the outcome makes it unambiguous.
The services it calls join that transaction, so a failure anywhere leaves the journal as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.text import TEXT_MAX, check_choice, check_date, clean_text, fold_name, short
from journal.reads import planned as planned_rule
from journal.services import (
    contacts,
    customers,
    drafts,
    duplicates,
    interactions,
    needs,
    next_steps,
    promises,
    questions,
)
from journal.storage import models
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.store import apply, clean_fields, fetch

# A person an item is about: a contact's id, the name of a person added in this same log, or nobody.
PersonRef = int | str | None

CLOSING_OUTCOMES = ("won", "lost")  # the only outcomes that need no next step
NOT_NOW_STEP = "Get back in touch"  # the next step of a "not now", on the revisit date, if none is given


@dataclass(frozen=True)
class NewPerson:
    name: str
    role: str = ""


@dataclass(frozen=True)
class NewNeed:
    text: str
    quote: str = ""  # in their words
    need_kind: str = "need"
    importance: int = 2
    person: PersonRef = None


@dataclass(frozen=True)
class NewObjection:
    concern: str
    response: str = ""
    person: PersonRef = None


@dataclass(frozen=True)
class NewRapport:
    text: str
    person: PersonRef = None  # None: the one person who attended
    category: str = "other"
    hook: str = ""


@dataclass(frozen=True)
class NewPromise:
    text: str
    due_on: date
    owner: str = "me"
    person: PersonRef = None


@dataclass(frozen=True)
class NeedUpdate:
    need_id: int
    status: str = "addressed"


@dataclass(frozen=True)
class ObjectionUpdate:
    objection_id: int
    status: str = "resolved"
    worked: bool | None = None  # whether my answer worked (None: leave as it is)
    response: str = ""  # what I answered this time ("": keep the answer recorded before)


@dataclass(frozen=True)
class QuestionAsked:
    question_id: int
    answer: str = ""


@dataclass(frozen=True)
class Reflection:
    went_well: str = ""
    to_improve: str = ""
    lesson: str = ""
    listening: int | None = None  # 1 (I did the talking) … 5 (they did)
    opening_question: str = ""

    @property
    def is_empty(self) -> bool:
        return self.listening is None and not any(
            t.strip() for t in (self.went_well, self.to_improve, self.lesson, self.opening_question)
        )


@dataclass(frozen=True)
class MeetingEntry:
    """Everything the Log meeting form (or `sales-journal log`) collects about one meeting."""

    notes: str = ""
    occurred_at: datetime | None = None  # None: now (or the planned time of the meeting it completes)
    interaction_kind: str = "meeting"
    attendees: tuple[int, ...] = ()
    new_people: tuple[NewPerson, ...] = ()  # created as contacts of the customer; they attended
    needs: tuple[NewNeed, ...] = ()
    objections: tuple[NewObjection, ...] = ()
    rapport: tuple[NewRapport, ...] = ()
    questions: tuple[str, ...] = ()  # to ask next time
    need_updates: tuple[NeedUpdate, ...] = ()
    objection_updates: tuple[ObjectionUpdate, ...] = ()
    questions_asked: tuple[QuestionAsked, ...] = ()
    promises: tuple[NewPromise, ...] = ()
    kept: tuple[int, ...] = ()  # open promises (mine or theirs) kept
    hooks_asked: tuple[int, ...] = ()  # rapport facts whose follow-up hook I asked about
    next_steps_done: tuple[int, ...] = ()  # earlier meetings whose open next step this one did
    outcome: str = ""
    next_step: str = ""
    next_step_on: date | None = None
    reason: str = ""  # not now / lost: the reason they gave, in their words
    revisit_on: date | None = None
    reflection: Reflection = field(default_factory=Reflection)
    planned_id: int | None = None  # the planned meeting this log completes

    @property
    def item_count(self) -> int:
        return (
            len(self.needs)
            + len(self.objections)
            + len(self.rapport)
            + len(self.questions)
            + len(self.promises)
        )


_OPENING_QUOTES = ('"', "“", "„", "«")


def quote_lines(notes: str) -> str:
    """Keep a line typed as their words — starting with a quote mark — as a Markdown quote ("> …"): the
    quote marks and the spaces inside them go, the quote itself says whose words they are."""
    out = []
    for line in notes.split("\n"):
        if line.lstrip().startswith(_OPENING_QUOTES):
            words = line.strip()[1:].strip()
            if words.endswith(('"', "”", "“", "»")):
                words = words[:-1].rstrip()
            line = f"> {words}"
        out.append(line)
    return "\n".join(out)


def quoted(notes: str) -> list[str]:
    """Their own words in a meeting's notes: the text of every quote line."""
    out = []
    for line in notes.splitlines():
        if line.lstrip().startswith(">"):
            words = line.lstrip().lstrip(">").strip().strip('"“”„«»').strip()
            if words:
                out.append(words)
    return out


def stage_for_outcome(outcome: str, current: str = "lead", before: str = "") -> str | None:
    """The stage an outcome moves the customer to, where that is unambiguous: won, lost, not now; and a
    not-now or lost customer who advanced is active again, in the open stage they were in before (`before`),
    or a lead."""
    if outcome in ("won", "lost", "not_now"):
        return outcome
    if outcome == "advanced" and current in ("not_now", "lost"):
        return before if before in vocab.OPEN_STAGES else "lead"
    return None


def _stage_before(journal: Journal, customer_id: int, stage: str) -> str:
    """The stage a customer was in before they last moved to `stage`."""
    m = journal.models
    row = (
        m.StageChange.select(m.StageChange.from_stage)
        .where((m.StageChange.customer == customer_id) & (m.StageChange.to_stage == stage))
        .where(m.StageChange.from_stage.not_in(("not_now", "lost")))
        .order_by(m.StageChange.changed_at.desc(), m.StageChange.id.desc())
        .first()
    )
    return str(row.from_stage) if row is not None else ""


def next_step_needed(outcome: str) -> bool:
    return outcome not in CLOSING_OUTCOMES


@contextlib.contextmanager
def _item(prefix: str, label: str) -> Iterator[None]:
    """Name the item a problem belongs to: "Promise 2: …", field "promises.1.due_on"."""
    try:
        yield
    except ValidationError as e:
        raise ValidationError(f"{label}: {e.message}", f"{prefix}.{e.field or 'text'}") from None


@dataclass
class _Checked:
    """An entry after checking: cleaned values, and who each person reference means."""

    entry: MeetingEntry
    customer_name: str
    fields: dict[str, Any]
    attendees: list[int]
    new_people: list[dict[str, str]]
    planned: models.Interaction | None
    contact_ids: set[int]
    new_keys: dict[str, str]  # name key -> name as typed, for people added in this log


def _check_person(ref: PersonRef, checked: _Checked, field_name: str = "person") -> PersonRef:
    if ref is None:
        return None
    if isinstance(ref, bool) or not isinstance(ref, int | str):
        raise ValidationError("Choose one of their people.", field_name)
    if isinstance(ref, int):
        if ref not in checked.contact_ids:
            raise ValidationError("That person is not one of this customer’s people.", field_name)
        return ref
    if fold_name(ref) not in checked.new_keys:
        raise ValidationError(f"“{ref}” is not one of the people added in this log.", field_name)
    return ref


def _sole_attendee(checked: _Checked) -> PersonRef:
    people: list[PersonRef] = [*checked.attendees, *(p["name"] for p in checked.new_people)]
    return people[0] if len(people) == 1 else None


def check_entry(journal: Journal, customer_id: int, entry: MeetingEntry) -> _Checked:
    """Check everything in a log without writing anything. Raises ValidationError naming the field."""
    m = journal.models
    customer = fetch(m.Customer, customer_id, "customer")
    now = journal.clock.now()
    tz = journal.clock.local_tz()

    planned = None
    if entry.planned_id is not None:
        planned = fetch(m.Interaction, entry.planned_id, "planned meeting")
        if planned.customer_id != customer_id:
            raise ValidationError("That planned meeting belongs to another customer.", "planned_id")
        if planned.state != "planned":
            raise ValidationError("That meeting has already been logged or was cancelled.", "planned_id")

    when = entry.occurred_at
    if when is None:
        when = planned.occurred_at if planned is not None and planned.occurred_at <= now else now
    fields = clean_fields(
        {
            "occurred_at": when,
            "interaction_kind": entry.interaction_kind,
            "notes": quote_lines(entry.notes),
            "outcome": entry.outcome,
            "next_step": entry.next_step,
            "next_step_on": entry.next_step_on,
            "went_well": entry.reflection.went_well,
            "to_improve": entry.reflection.to_improve,
            "lesson": entry.reflection.lesson,
            "listening": entry.reflection.listening,
            "opening_question": entry.reflection.opening_question,
        },
        interactions.clean_interaction_field,  # the same field rules, so both ways of writing one agree
    )
    when = fields["occurred_at"]
    if when > now + planned_rule.FUTURE_SLACK:
        raise ValidationError(
            "That time is still to come. Log a meeting once it has happened, or plan it instead.",
            "occurred_at",
        )
    meeting_day = when.astimezone(tz).date()
    today = journal.clock.today()

    contact_ids = {c.id for c in m.Contact.select(m.Contact.id).where(m.Contact.customer == customer_id)}
    checked = _Checked(entry, customer.name, fields, [], [], planned, contact_ids, {})
    for contact_id in dict.fromkeys(entry.attendees):
        if contact_id not in contact_ids:
            raise ValidationError(
                "One of the people ticked is not one of this customer’s people.", "attendees"
            )
        checked.attendees.append(contact_id)
    existing_names = {
        fold_name(c.name): c.name
        for c in m.Contact.select(m.Contact.name).where(m.Contact.customer == customer_id)
    }
    for n, person in enumerate(entry.new_people):
        with _item(f"new_people.{n}", f"New person {n + 1}"):
            values = clean_fields({"name": person.name, "role": person.role}, contacts.clean_contact_field)
            key = fold_name(values["name"])
            if key in existing_names:
                raise ValidationError(
                    f"{existing_names[key]} is already one of their people: "
                    "say they were there instead of adding them.",
                    "name",
                )
            if key in checked.new_keys:
                raise ValidationError(f"{values['name']} is added twice.", "name")
            checked.new_keys[key] = values["name"]
            checked.new_people.append(values)

    outcome = fields["outcome"]
    next_step, next_on = fields["next_step"], fields["next_step_on"]
    reason = clean_text(entry.reason, field="reason", label="Their reason", max_len=TEXT_MAX)
    revisit = check_date(entry.revisit_on, field="revisit_on", label="Revisit date")
    if outcome in ("not_now", "lost"):
        if not reason:
            raise ValidationError(
                "Write down the reason they gave, in their words — it is what you will come back to.",
                "reason",
            )
        if outcome == "not_now" and revisit is None:
            raise ValidationError(
                "Pick a date to revisit them (three months is a good default).", "revisit_on"
            )
        if revisit is not None and revisit <= today:
            raise ValidationError("The revisit date should be in the future.", "revisit_on")
        if outcome == "not_now" and not next_step:
            next_step, next_on = NOT_NOW_STEP, revisit
    if next_step_needed(outcome) and not next_step:
        raise ValidationError(
            "What happens next? Write the next step (or choose Won or Lost as the outcome).", "next_step"
        )
    if next_step and next_on is None:
        raise ValidationError("When will the next step happen? e.g. fri, next week, dec 3.", "next_step_on")
    if next_on is not None and next_on < meeting_day:
        raise ValidationError("The next step’s date is before the meeting.", "next_step_on")
    fields["next_step"], fields["next_step_on"] = next_step, next_on

    cleaned_needs = []
    for n, need in enumerate(entry.needs):
        with _item(f"needs.{n}", f"Need {n + 1}"):
            values = {
                "text": need.text,
                "quote": need.quote,
                "need_kind": need.need_kind,
                "importance": need.importance,
            }
            values = clean_fields(values, needs.clean_need_field)
            cleaned_needs.append(replace(need, **values, person=_check_person(need.person, checked)))
    cleaned_objections = []
    for n, objection in enumerate(entry.objections):
        with _item(f"objections.{n}", f"Objection {n + 1}"):
            values = clean_fields(
                {"concern": objection.concern, "response": objection.response}, needs.clean_objection_field
            )
            cleaned_objections.append(
                replace(objection, **values, person=_check_person(objection.person, checked))
            )
    cleaned_rapport = []
    for n, fact in enumerate(entry.rapport):
        with _item(f"rapport.{n}", f"Rapport fact {n + 1}"):
            values = clean_fields(
                {"text": fact.text, "category": fact.category, "hook": fact.hook}, contacts.clean_fact_field
            )
            about = _check_person(fact.person, checked) or _sole_attendee(checked)
            if about is None:
                raise ValidationError("Say who this is about.", "person")
            cleaned_rapport.append(replace(fact, **values, person=about))
    cleaned_questions = []
    for n, text in enumerate(entry.questions):
        with _item(f"questions.{n}", f"Question {n + 1}"):
            cleaned_questions.append(clean_fields({"text": text}, questions.clean_question_field)["text"])
    cleaned_promises = []
    for n, promise in enumerate(entry.promises):
        with _item(f"promises.{n}", f"Promise {n + 1}"):
            values = clean_fields(
                {"text": promise.text, "due_on": promise.due_on, "owner": promise.owner},
                promises.clean_promise_field,
            )
            if values["due_on"] < meeting_day:
                raise ValidationError("The due date is before the meeting.", "due_on")
            cleaned_promises.append(replace(promise, **values, person=_check_person(promise.person, checked)))

    _check_updates(journal, customer_id, entry)
    _check_no_copies(journal, customer_id, cleaned_needs, cleaned_objections, cleaned_promises)
    checked.entry = replace(
        entry,
        needs=tuple(cleaned_needs),
        objections=tuple(cleaned_objections),
        rapport=tuple(cleaned_rapport),
        questions=tuple(cleaned_questions),
        promises=tuple(cleaned_promises),
        reason=reason,
        revisit_on=revisit,
    )
    return checked


def _check_no_copies(
    journal: Journal,
    customer_id: int,
    new_needs: list[NewNeed],
    new_objections: list[NewObjection],
    new_promises: list[NewPromise],
) -> None:
    """A need, objection or promise that is already open is updated, never added again."""
    typed: dict[str, list[str]] = {
        "need": [n.text for n in new_needs],
        "objection": [o.concern for o in new_objections],
        "promise": [p.text for p in new_promises],
    }
    fields = {
        "need": ("needs", "Need"),
        "objection": ("objections", "Objection"),
        "promise": ("promises", "Promise"),
    }
    for kind, texts in typed.items():
        if not texts:
            continue
        prefix, label = fields[kind]
        existing = duplicates.by_text(duplicates.open_items(journal, customer_id, kind))
        earlier: set[str] = set()
        for n, text in enumerate(texts):
            key = fold_name(text)
            copy = existing.get(key)
            if copy is not None:
                raise ValidationError(
                    f"{label} {n + 1}: {duplicates.describe(copy)} is already open — update that one "
                    "instead of adding a copy.",
                    f"{prefix}.{n}.text",
                )
            if key and key in earlier:
                raise ValidationError(f"{label} {n + 1}: “{text}” is written twice.", f"{prefix}.{n}.text")
            earlier.add(key)


def _check_updates(journal: Journal, customer_id: int, entry: MeetingEntry) -> None:
    m = journal.models

    def owned(model: Any, ids: list[int], what: str, field_name: str) -> dict[int, Any]:
        rows = {r.id: r for r in model.select().where(model.id.in_(ids))} if ids else {}
        for item_id in ids:
            row = rows.get(item_id)
            if row is None:
                raise ValidationError(f"A {what} ticked here no longer exists.", field_name)
            if row.customer_id != customer_id:
                raise ValidationError(f"A {what} ticked here belongs to another customer.", field_name)
        return rows

    owned(m.Need, [u.need_id for u in entry.need_updates], "need", "need_updates")
    for u in entry.need_updates:
        check_choice(u.status, vocab.NEED_STATUSES, field="need_updates", label="Need status")
    owned(m.Objection, [u.objection_id for u in entry.objection_updates], "objection", "objection_updates")
    for n, o in enumerate(entry.objection_updates):
        check_choice(o.status, vocab.OBJECTION_STATUSES, field="objection_updates", label="Objection status")
        with _item(f"objection_updates.{n}", "My answer"):
            clean_fields({"response": o.response, "worked": o.worked}, needs.clean_objection_field)
    owned(m.Question, [q.question_id for q in entry.questions_asked], "question", "questions_asked")
    for n, q in enumerate(entry.questions_asked):
        with _item(f"questions_asked.{n}", "Answer"):
            clean_text(q.answer, field="answer", label="The answer", max_len=TEXT_MAX)
    kept = owned(m.Promise, list(entry.kept), "promise", "kept")
    for promise in kept.values():
        if promise.status != "open":
            raise ValidationError(f"“{short(promise.text)}” is no longer open.", "kept")
    steps = owned(m.Interaction, list(entry.next_steps_done), "next step", "next_steps_done")
    for step in steps.values():
        if step.next_step_status != "open" or step.next_step_on is None:
            raise ValidationError(
                f"The next step “{short(step.next_step)}” is no longer open.", "next_steps_done"
            )
    if entry.hooks_asked:
        facts = {
            f.id: f
            for f in m.RapportFact.select(m.RapportFact, m.Contact.customer)
            .join(m.Contact)
            .where(m.RapportFact.id.in_(list(entry.hooks_asked)))
        }
        for fact_id in entry.hooks_asked:
            fact = facts.get(fact_id)
            if fact is None:
                raise ValidationError("A rapport fact ticked here no longer exists.", "hooks_asked")
            if fact.contact.customer_id != customer_id:
                raise ValidationError(
                    "A rapport fact ticked here belongs to another customer.", "hooks_asked"
                )


def log_meeting(
    journal: Journal, customer_id: int, entry: MeetingEntry, *, draft_id: int | None = None
) -> Changes:
    """Write a whole meeting log in one transaction; the draft it came from goes in the same one."""
    with journal.write() as tx:
        checked = check_entry(journal, customer_id, entry)
        e, f = checked.entry, checked.fields
        when: datetime = f["occurred_at"]
        today = journal.clock.today()
        meeting_day = min(when.astimezone(journal.clock.local_tz()).date(), today)
        kind = vocab.INTERACTION_KIND_LABELS[f["interaction_kind"]].lower()
        tx.describe(f"Log {kind} with ‘{short(checked.customer_name)}’")
        if checked.planned is not None:
            interaction_id = checked.planned.id
            apply(checked.planned, {**f, "state": "done"}, journal.clock.now())
            tx.updated("interaction", interaction_id, customer_id)
        else:
            interaction_id = interactions.add_interaction(journal, customer_id, **f).ids("interaction")[-1]

        people: dict[str, int] = {}
        for person in checked.new_people:
            changes = contacts.add_contact(journal, customer_id, **person)
            people[fold_name(person["name"])] = changes.ids("contact", "created")[-1]

        def who(ref: PersonRef) -> int | None:
            return people[fold_name(ref)] if isinstance(ref, str) else ref

        interactions.set_attendees(journal, interaction_id, [*checked.attendees, *people.values()])
        for need in e.needs:
            needs.add_need(
                journal,
                customer_id,
                text=need.text,
                quote=need.quote,
                need_kind=need.need_kind,
                importance=need.importance,
                contact_id=who(need.person),
                source_id=interaction_id,
            )
        for objection in e.objections:
            needs.add_objection(
                journal,
                customer_id,
                concern=objection.concern,
                response=objection.response,
                contact_id=who(objection.person),
                source_id=interaction_id,
            )
        for fact in e.rapport:
            contact_id = who(fact.person)
            assert contact_id is not None  # checked: a rapport fact is always about someone
            contacts.add_rapport_fact(
                journal,
                contact_id,
                text=fact.text,
                category=fact.category,
                hook=fact.hook,
                learned_on=meeting_day,
                source_id=interaction_id,
            )
        for text in e.questions:
            questions.add_question(journal, customer_id, text=text, source_id=interaction_id)
        for promise in e.promises:
            promises.add_promise(
                journal,
                customer_id,
                text=promise.text,
                due_on=promise.due_on,
                owner=promise.owner,
                contact_id=who(promise.person),
                source_id=interaction_id,
            )
        for update in e.need_updates:
            needs.set_need_status(journal, update.need_id, update.status)
        for o in e.objection_updates:
            values: dict[str, Any] = {"status": o.status}
            if o.worked is not None:
                values["worked"] = o.worked
            if o.response.strip():
                values["response"] = o.response
            needs.update_objection(journal, o.objection_id, **values)
        for asked in e.questions_asked:
            questions.mark_asked(journal, asked.question_id, answer=asked.answer, on=meeting_day)
        for promise_id in e.kept:
            promises.mark_kept(journal, promise_id, on=meeting_day)
        for step_id in e.next_steps_done:
            next_steps.mark_done(journal, step_id)
        for fact_id in e.hooks_asked:
            contacts.update_rapport_fact(journal, fact_id, hook_asked=True)
        current = fetch(journal.models.Customer, customer_id, "customer").stage
        stage = stage_for_outcome(f["outcome"], current, _stage_before(journal, customer_id, current))
        if stage is not None:
            customers.set_stage(
                journal,
                customer_id,
                stage,
                reason=e.reason,
                revisit_on=e.revisit_on,
                source_id=interaction_id,
            )
        if draft_id is not None:
            drafts.discard_draft(journal, draft_id)
    return tx.changes()


def summary(changes: Changes) -> str:
    """ "2 needs, 1 objection, 3 promises" — what a log added, for a status line."""
    words = {
        "need": ("need", "needs"),
        "objection": ("objection", "objections"),
        "rapport": ("rapport fact", "rapport facts"),
        "question": ("question", "questions"),
        "promise": ("promise", "promises"),
        "contact": ("new person", "new people"),
    }
    parts = []
    for kind, (one, many) in words.items():
        n = len(changes.ids(kind, "created"))
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    kept = len([r for r in changes.refs if r.kind == "promise" and r.action == "updated"])
    if kept:
        parts.append(f"{kept} promise{'s' if kept != 1 else ''} updated")
    return ", ".join(parts)
