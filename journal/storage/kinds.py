"""The kinds of record, defined once: each kind's model and table, the words for it, whether search
finds it, and how to reach the customer it belongs to.

A kind's name is what `Changes` carries and what links say (`item:promise/12`); `models`, `undo`,
`search`, `queries`, `sample` and the UI all look kinds up here rather than mapping names to tables
themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import peewee as pw

from journal.domain.aspects import Aspect
from journal.storage import models


@dataclass(frozen=True)
class RecordKind:
    name: str
    model: type[
        pw.Model
    ]  # the declared model (journal.models); a journal's own copy: `journal.models.<model name>`
    label: str  # one, in words: "rapport fact"
    plural: str  # several: "rapport facts"
    heading: str = ""  # the search results' group title; empty: search does not find this kind
    customer: str = ""  # how a row reaches its customer: "self", "customer_id", or the kind of its parent
    reported_as: str = ""  # the kind a change to a row is reported as, when not its own (rows of a link)
    aspect: Aspect = field(kw_only=True)  # what a change to it is, to the views (journal.changes)

    @property
    def table(self) -> str:
        return str(self.model._meta.table_name)

    @property
    def model_name(self) -> str:
        return self.model.__name__

    @property
    def searchable(self) -> bool:
        return bool(self.heading)

    @property
    def changes_kind(self) -> str:
        return self.reported_as or self.name


# Searched kinds first, in the order search results are grouped.
ALL: tuple[RecordKind, ...] = (
    RecordKind(
        "customer", models.Customer, "customer", "customers", "Customers", "self", aspect=Aspect.CUSTOMERS
    ),
    RecordKind("contact", models.Contact, "person", "people", "People", "customer_id", aspect=Aspect.PEOPLE),
    RecordKind(
        "rapport",
        models.RapportFact,
        "rapport fact",
        "rapport facts",
        "Rapport",
        "contact",
        aspect=Aspect.RAPPORT,
    ),
    RecordKind(
        "need", models.Need, "need", "needs", "Needs and pain points", "customer_id", aspect=Aspect.NEEDS
    ),
    RecordKind(
        "objection",
        models.Objection,
        "objection",
        "objections",
        "Objections",
        "customer_id",
        aspect=Aspect.OBJECTIONS,
    ),
    RecordKind(
        "promise", models.Promise, "promise", "promises", "Promises", "customer_id", aspect=Aspect.PROMISES
    ),
    RecordKind(
        "question",
        models.Question,
        "question",
        "questions",
        "Questions",
        "customer_id",
        aspect=Aspect.QUESTIONS,
    ),
    RecordKind(
        "interaction",
        models.Interaction,
        "meeting",
        "meetings",
        "Meetings and notes",
        "customer_id",
        aspect=Aspect.MEETINGS,
    ),
    RecordKind(
        "date",
        models.ImportantDate,
        "important date",
        "important dates",
        customer="customer_id",
        aspect=Aspect.DATES,
    ),
    RecordKind("tag", models.Tag, "tag", "tags", aspect=Aspect.CUSTOMERS),
    RecordKind(
        "stage_change",
        models.StageChange,
        "stage change",
        "stage changes",
        "",
        "customer_id",
        "customer",
        aspect=Aspect.CUSTOMERS,
    ),
    RecordKind(
        "customer_tag",
        models.CustomerTag,
        "customer's tag",
        "customer's tags",
        "",
        "customer_id",
        "customer",
        aspect=Aspect.CUSTOMERS,
    ),
    RecordKind(
        "attendee",
        models.Attendee,
        "attendee",
        "attendees",
        "",
        "interaction",
        "interaction",
        aspect=Aspect.MEETINGS,
    ),
    RecordKind(
        "bank_question", models.BankQuestion, "bank question", "bank questions", aspect=Aspect.QUESTION_BANK
    ),
    RecordKind("draft", models.Draft, "draft", "drafts", customer="customer_id", aspect=Aspect.DRAFTS),
    RecordKind(
        "calendar_event", models.CalendarEvent, "calendar event", "calendar events", aspect=Aspect.CALENDAR
    ),
    RecordKind("setting", models.Setting, "setting", "settings", aspect=Aspect.SETTINGS),
)
BY_NAME: dict[str, RecordKind] = {k.name: k for k in ALL}
BY_TABLE: dict[str, RecordKind] = {k.table: k for k in ALL}
SEARCHED: tuple[RecordKind, ...] = tuple(k for k in ALL if k.searchable)


def kind(name: str) -> RecordKind:
    """The kind of that name; ValueError for a name no kind has."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}") from None


def customer_sql(record: RecordKind) -> str | None:
    """SQL giving the customer id of the row whose rowid is bound to `?`; None for kinds of no customer.

    Made from our own table and column names only (record tables' rowid is their id)."""
    match record.customer:
        case "":
            return None
        case "self":
            return f"SELECT id FROM {record.table} WHERE rowid = ?"
        case "customer_id":
            return f"SELECT customer_id FROM {record.table} WHERE rowid = ?"
    parent = BY_NAME[record.customer]
    link = f"{parent.table}_id"
    return (
        f"SELECT p.customer_id FROM {record.table} r JOIN {parent.table} p ON p.id = r.{link}"
        " WHERE r.rowid = ?"
    )
