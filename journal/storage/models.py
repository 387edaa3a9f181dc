"""The journal's tables as peewee models. Only `journal/` touches these; the UI sees dataclasses.

The classes declared here are bound to no database: a query through them fails at once. Each open
journal has its own copies, `journal.models.Customer` and so on (see `Models`): subclasses of these,
bound to that journal's connection, whose foreign keys and back-references lead to the same journal's
copies. So every read or write reaches the file of the journal it went through, and nothing in the
process decides which file "the" models write to. (peewee's `Model.bind` and `Database.bind_ctx` would
rebind these shared classes, which two journals open at once cannot both have.)
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

import peewee as pw

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


def new_uid() -> str:
    return str(uuid.uuid4())


def format_utc(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime: the journal stores aware UTC times only")
    return value.astimezone(UTC).strftime(_STAMP)


def parse_utc(value: str) -> datetime:
    if len(value) == 27 and value[10] == "T" and value[19] == "." and value[26] == "Z":
        # The stored form, read ten times faster than by strptime (thousands per Today or list page).
        return datetime.fromisoformat(value[:26]).replace(tzinfo=UTC)
    return datetime.strptime(value, _STAMP).replace(tzinfo=UTC)


class UTCDateTimeField(pw.Field):
    """An aware UTC time stored as fixed-width ISO text, so text order is time order."""

    field_type = "TEXT"

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return value
        return format_utc(value)

    def python_value(self, value: Any) -> datetime | None:
        if value is None:
            return None
        return parse_utc(value)


class BaseModel(pw.Model):
    id = pw.AutoField()
    uid = pw.CharField(max_length=36, unique=True, default=new_uid)
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    class Meta:
        legacy_table_names = False
        only_save_dirty = True  # an edit writes the columns it changed, not the whole row


class Customer(BaseModel):
    name = pw.CharField()
    name_key = pw.CharField(unique=True)
    customer_kind = pw.CharField(default="company")
    industry = pw.CharField(default="")
    website = pw.CharField(default="")
    about = pw.TextField(default="")
    stage = pw.CharField(default="lead")
    value_minor = pw.IntegerField(null=True)
    revisit_on = pw.DateField(null=True, index=True)
    revisit_reason = pw.TextField(default="")
    cadence_days = pw.IntegerField(null=True)
    snoozed_until = pw.DateField(null=True)
    archived = pw.BooleanField(default=False)
    archived_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("archived", "name_key"), False), (("stage", "archived", "value_minor"), False))


class Tag(BaseModel):
    name = pw.CharField()
    name_key = pw.CharField(unique=True)


class CustomerTag(pw.Model):
    customer_id: int
    tag_id: int
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="tag_links")
    tag = pw.ForeignKeyField(Tag, on_delete="CASCADE", backref="customer_links")

    class Meta:
        legacy_table_names = False
        primary_key = pw.CompositeKey("customer", "tag")


class Interaction(BaseModel):
    customer_id: int
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="interactions")
    state = pw.CharField(default="done")
    interaction_kind = pw.CharField(default="meeting")
    occurred_at = UTCDateTimeField()
    goal = pw.TextField(default="")
    notes = pw.TextField(default="")
    outcome = pw.CharField(default="")
    next_step = pw.TextField(default="")
    next_step_on = pw.DateField(null=True)
    went_well = pw.TextField(default="")
    to_improve = pw.TextField(default="")
    lesson = pw.TextField(default="")
    listening = pw.IntegerField(null=True)
    opening_question = pw.TextField(default="")
    next_step_status = pw.CharField(default="open")  # open, done or dropped (see vocab)

    class Meta:
        indexes = (
            (("customer", "state", "occurred_at"), False),
            (("state", "occurred_at", "outcome", "listening"), False),
            (("state", "outcome", "occurred_at", "listening"), False),
            (("next_step_status", "next_step_on"), False),
        )


class StageChange(BaseModel):
    """History of stage moves, so a lost or not-now reason is never overwritten."""

    customer_id: int
    source_id: int | None
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="stage_changes")
    from_stage = pw.CharField(default="")
    to_stage = pw.CharField()
    reason = pw.TextField(default="")
    revisit_on = pw.DateField(null=True)
    reason_category = pw.CharField(default="")
    changed_at = UTCDateTimeField()
    source = pw.ForeignKeyField(Interaction, null=True, on_delete="SET NULL")

    class Meta:
        indexes = (
            (("customer", "changed_at", "id", "to_stage"), False),
            (("to_stage", "changed_at", "from_stage", "reason_category", "customer"), False),
        )


class Contact(BaseModel):
    customer_id: int
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="contacts")
    name = pw.CharField()
    role = pw.CharField(default="")
    email = pw.CharField(default="")
    phone = pw.CharField(default="")
    channel = pw.CharField(default="")
    notes = pw.TextField(default="")


class RapportFact(BaseModel):
    contact_id: int
    source_id: int | None
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE", backref="rapport_facts")
    category = pw.CharField(default="other")
    text = pw.TextField()
    learned_on = pw.DateField(null=True)
    hook = pw.TextField(default="")
    hook_asked = pw.BooleanField(default=False)
    source = pw.ForeignKeyField(Interaction, null=True, on_delete="SET NULL")


class ImportantDate(BaseModel):
    customer_id: int
    contact_id: int | None
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="important_dates")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="CASCADE", backref="important_dates")
    date_kind = pw.CharField(default="birthday")
    label = pw.CharField(default="")
    month = pw.IntegerField()
    day = pw.IntegerField()
    year = pw.IntegerField(null=True)


class Attendee(pw.Model):
    interaction_id: int
    contact_id: int
    interaction = pw.ForeignKeyField(Interaction, on_delete="CASCADE", backref="attendee_links")
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE", backref="attended")

    class Meta:
        legacy_table_names = False
        primary_key = pw.CompositeKey("interaction", "contact")


class Need(BaseModel):
    customer_id: int
    contact_id: int | None
    source_id: int | None
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="needs")
    need_kind = pw.CharField(default="need")
    text = pw.TextField()
    quote = pw.TextField(default="")
    importance = pw.IntegerField(default=2)
    status = pw.CharField(default="open")
    status_changed_at = UTCDateTimeField(null=True)
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="needs")
    source = pw.ForeignKeyField(Interaction, null=True, on_delete="SET NULL", backref="needs_found")

    class Meta:
        # and (need_kind, lower(trim(text)), customer_id, created_at): an index on an expression
        # (journal/storage/migrations.py V6)
        indexes = ((("customer", "status"), False),)


class Objection(BaseModel):
    customer_id: int
    contact_id: int | None
    source_id: int | None
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="objections")
    concern = pw.TextField()
    response = pw.TextField(default="")
    status = pw.CharField(default="open")
    worked = pw.BooleanField(null=True)
    status_changed_at = UTCDateTimeField(null=True)
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="objections")
    category = pw.CharField(default="")
    source = pw.ForeignKeyField(Interaction, null=True, on_delete="SET NULL", backref="objections_found")

    class Meta:
        indexes = (
            (("customer", "status"), False),
            (("worked", "category", "response", "customer", "created_at"), False),
            (("category", "created_at", "worked", "response"), False),
        )


class Promise(BaseModel):
    customer_id: int
    contact_id: int | None
    source_id: int | None
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="promises")
    owner = pw.CharField(default="me")
    text = pw.TextField()
    due_on = pw.DateField()
    status = pw.CharField(default="open")
    completed_on = pw.DateField(null=True)
    release_reason = pw.TextField(default="")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="promises")
    source = pw.ForeignKeyField(Interaction, null=True, on_delete="SET NULL", backref="promises_made")

    class Meta:
        indexes = (
            (("customer", "status", "due_on"), False),
            (("status", "owner", "due_on", "completed_on"), False),
        )


class Question(BaseModel):
    customer_id: int
    source_id: int | None
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE", backref="questions")
    text = pw.TextField()
    status = pw.CharField(default="to_ask")
    answer = pw.TextField(default="")
    asked_on = pw.DateField(null=True)
    source = pw.ForeignKeyField(Interaction, null=True, on_delete="SET NULL", backref="questions_found")

    class Meta:
        indexes = ((("customer", "status"), False),)


class BankQuestion(BaseModel):
    """The shared bank of open-ended questions, seeded from resources/questions.json."""

    topic = pw.CharField()
    text = pw.TextField()
    stages = pw.CharField(default="")  # space-separated stages it suits; empty: any
    need_kinds = pw.CharField(default="")  # space-separated need kinds it suits; empty: any
    keywords = pw.CharField(default="")  # space-separated words that tie it to a need's text


class Draft(BaseModel):
    """A half-written form (e.g. a meeting log), kept until it is saved or thrown away."""

    customer_id: int | None
    interaction_id: int | None
    form = pw.CharField()
    customer = pw.ForeignKeyField(Customer, null=True, on_delete="CASCADE", backref="drafts")
    interaction = pw.ForeignKeyField(Interaction, null=True, on_delete="SET NULL")
    payload = pw.TextField()

    class Meta:
        indexes = ((("form", "customer"), False),)


class CalendarEvent(BaseModel):
    """An event the calendar export sent: its UID, SEQUENCE and text, so a later export can send the same
    event changed (SEQUENCE + 1) or cancelled when what it stood for is settled."""

    event_uid = pw.CharField(unique=True)
    sequence = pw.IntegerField()
    fingerprint = pw.CharField()  # what the event said, hashed: a new one means a real change
    event = pw.TextField()  # the VEVENT as sent
    cancelled_at = UTCDateTimeField(null=True)


class Setting(pw.Model):
    key = pw.CharField(primary_key=True)
    value = pw.TextField()  # JSON

    class Meta:
        legacy_table_names = False


MODELS: tuple[type[pw.Model], ...] = (
    Customer,
    Tag,
    CustomerTag,
    Interaction,
    StageChange,
    Contact,
    RapportFact,
    ImportantDate,
    Attendee,
    Need,
    Objection,
    Promise,
    Question,
    BankQuestion,
    Draft,
    CalendarEvent,
    Setting,
)


M = TypeVar("M", bound=pw.Model)


def _bound_copy(model: type[M], db: pw.Database, copies: dict[type[pw.Model], type[pw.Model]]) -> type[M]:
    """A subclass of `model` bound to `db`, its foreign keys pointing at the copies already made."""
    attrs: dict[str, Any] = {"__module__": model.__module__, "__qualname__": model.__qualname__}
    for name, field in model._meta.fields.items():
        if isinstance(field, pw.ForeignKeyField):
            attrs[name] = pw.ForeignKeyField(
                copies[field.rel_model],
                backref=field.backref,
                on_delete=field.on_delete,
                on_update=field.on_update,
                null=field.null,
                index=field.index,
                unique=field.unique,
                column_name=field.column_name,
            )
            # Keep the declared column order (peewee orders fields by when they were made).
            attrs[name]._order, attrs[name]._sort_key = field._order, field._sort_key
    attrs["Meta"] = type("Meta", (), {"database": db, "table_name": model._meta.table_name})
    copy = cast("type[M]", type(model.__name__, (model,), attrs))  # made by peewee's ModelBase
    copies[model] = copy
    return copy


class Models:
    """One journal's models: each declared model bound to that journal's database alone."""

    def __init__(self, db: pw.Database) -> None:
        copies: dict[type[pw.Model], type[pw.Model]] = {}
        # In the order of MODELS, so a model's foreign keys find the copies of the models they lead to.
        self.Customer = _bound_copy(Customer, db, copies)
        self.Tag = _bound_copy(Tag, db, copies)
        self.CustomerTag = _bound_copy(CustomerTag, db, copies)
        self.Interaction = _bound_copy(Interaction, db, copies)
        self.StageChange = _bound_copy(StageChange, db, copies)
        self.Contact = _bound_copy(Contact, db, copies)
        self.RapportFact = _bound_copy(RapportFact, db, copies)
        self.ImportantDate = _bound_copy(ImportantDate, db, copies)
        self.Attendee = _bound_copy(Attendee, db, copies)
        self.Need = _bound_copy(Need, db, copies)
        self.Objection = _bound_copy(Objection, db, copies)
        self.Promise = _bound_copy(Promise, db, copies)
        self.Question = _bound_copy(Question, db, copies)
        self.BankQuestion = _bound_copy(BankQuestion, db, copies)
        self.Draft = _bound_copy(Draft, db, copies)
        self.CalendarEvent = _bound_copy(CalendarEvent, db, copies)
        self.Setting = _bound_copy(Setting, db, copies)
        self.all: tuple[type[pw.Model], ...] = tuple(copies.values())
