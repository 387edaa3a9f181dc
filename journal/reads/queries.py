"""Read-only questions to the journal. Each returns frozen records; none of them writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import peewee as pw

from journal.domain import health, vocab
from journal.domain.errors import NotFound
from journal.domain.health import Health, assess, cadence_of
from journal.domain.records import (
    BankQuestionView,
    ContactView,
    CustomerDetail,
    CustomerRef,
    CustomerRow,
    ImportantDateView,
    InteractionView,
    NeedView,
    ObjectionView,
    Person,
    PromiseView,
    QuestionView,
    RapportFactView,
    StageChangeView,
)
from journal.domain.text import fold_name, name_key
from journal.reads import search
from journal.services import settings
from journal.storage import kinds, models
from journal.storage.db import Journal
from journal.storage.kinds import customer_sql
from journal.storage.models import parse_utc

CUSTOMER_SORTS = ("name", "stage", "last_contact", "next_due", "health", "value", "industry")

_LAST_AT = "(SELECT r.last_at FROM rollup_customer_contact r WHERE r.customer_id = c.id)"
_NEXT_DUE = "(SELECT min(p.due_on) FROM promise p WHERE p.customer_id = c.id AND p.status = 'open')"
_OVERDUE_MINE = (
    "(SELECT count(*) FROM promise p WHERE p.customer_id = c.id AND p.status = 'open'"
    " AND p.owner = 'me' AND p.due_on < :today)"
)
# Overdue promises of mine per customer, counted once from the promise index (for the health sort).
_OVERDUE_BY_CUSTOMER = (
    "WITH od AS (SELECT customer_id, count(*) AS n FROM promise"
    " WHERE status = 'open' AND owner = 'me' AND due_on < :today GROUP BY customer_id) "
)
_STAGE_RANK = "CASE c.stage " + " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(vocab.STAGES)) + " END"


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def local_date(journal: Journal, when: datetime | None) -> date | None:
    return None if when is None else when.astimezone(journal.clock.local_tz()).date()


def _order_sql(sort: str, defaults: dict[str, int | None], descending: bool) -> health.Sql:
    d = " DESC" if descending else ""
    match sort:
        case "name":
            return health.Sql(f"c.name_key{d}", {})
        case "stage":
            return health.Sql(f"{_STAGE_RANK}{d}, c.name_key", {})
        case "industry":
            return health.Sql(f"c.industry = '', c.industry COLLATE NOCASE{d}, c.name_key", {})
        case "value":
            return health.Sql(f"c.value_minor{d} NULLS LAST, c.name_key", {})
        case "last_contact":
            return health.Sql(f"{_LAST_AT}{d} NULLS LAST, c.name_key", {})
        case "next_due":
            return health.Sql(f"{_NEXT_DUE}{d} NULLS LAST, c.name_key", {})
        case "health":
            # Worst first: overdue promises of mine, then how far through the cadence.
            cadence = health.cadence_sql(defaults)
            ratio = health.ratio_sql(_LAST_AT, cadence.text)
            worst = "" if descending else " DESC"
            return health.Sql(
                f"coalesce(od.n, 0){worst}, coalesce({ratio.text}, -1){worst}, c.name_key",
                {**cadence.params, **ratio.params},
            )
    raise ValueError(f"unknown sort {sort!r}")


def customer_ids(
    journal: Journal,
    *,
    text: str = "",
    stage: str | None = None,
    archived: bool = False,
    sort: str = "name",
    descending: bool = False,
) -> list[int]:
    """The ids of the customers matching a filter, in display order (filtering and sorting in SQL)."""
    where = ["c.archived = :archived"]
    params: dict[str, Any] = {"archived": int(archived), "today": journal.clock.today().isoformat()}
    if text.strip():
        named = search.named(journal, text, "customer") or []  # "harbor cafe" finds "Harbor Café"
        marks = ",".join(f":named{i}" for i in range(len(named))) or "NULL"
        where.append(
            f"(c.name_key LIKE :like ESCAPE '\\' OR c.industry LIKE :like ESCAPE '\\' OR c.id IN ({marks}))"
        )
        params.update({f"named{i}": cid for i, cid in enumerate(named)})
        params["like"] = f"%{like_escaped(name_key(text))}%"
    if stage:
        where.append("c.stage = :stage")
        params["stage"] = stage
    order = _order_sql(sort, settings.cadence_defaults(journal), descending)
    with_overdue = sort == "health"
    sql = (
        (_OVERDUE_BY_CUSTOMER if with_overdue else "")
        + "SELECT c.id FROM customer c"
        + (" LEFT JOIN od ON od.customer_id = c.id" if with_overdue else "")
        + f" WHERE {' AND '.join(where)} ORDER BY {order.text}"
    )
    return [row["id"] for row in _execute(journal, sql, {**params, **order.params})]


def like_escaped(text: str) -> str:
    """Text to match literally inside a LIKE pattern written with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _execute(journal: Journal, sql: str, params: dict[str, Any]) -> list[sqlite3.Row]:
    cursor = journal.conn().cursor()
    cursor.row_factory = sqlite3.Row
    return list(cursor.execute(sql, params).fetchall())


def customer_rows(journal: Journal, ids: Sequence[int]) -> dict[int, CustomerRow]:
    """The list lines for these customers, in one query however many there are."""
    if not ids:
        return {}
    today = journal.clock.today()
    defaults = settings.cadence_defaults(journal)
    marks = ", ".join(f":id{n}" for n in range(len(ids)))
    sql = (
        "SELECT c.id, c.name, c.stage, c.industry, c.archived, c.value_minor, c.cadence_days,"
        f" c.snoozed_until, {_LAST_AT} AS last_at, {_NEXT_DUE} AS next_due, {_OVERDUE_MINE} AS overdue"
        f" FROM customer c WHERE c.id IN ({marks})"
    )
    params: dict[str, Any] = {"today": today.isoformat(), **{f"id{n}": i for n, i in enumerate(ids)}}
    out: dict[int, CustomerRow] = {}
    for row in _execute(journal, sql, params):
        last = local_date(journal, parse_utc(row["last_at"])) if row["last_at"] else None
        out[row["id"]] = CustomerRow(
            id=row["id"],
            name=row["name"],
            stage=row["stage"],
            industry=row["industry"],
            archived=bool(row["archived"]),
            value_minor=row["value_minor"],
            last_contact=last,
            next_due=_as_date(row["next_due"]),
            health=assess(
                today=today,
                last_contact=last,
                cadence_days=health.cadence_of(row["cadence_days"], row["stage"], defaults),
                overdue_mine=row["overdue"],
                snoozed_until=_as_date(row["snoozed_until"]),
                stage=row["stage"],
            ),
        )
    return out


def customer_count(journal: Journal, *, archived: bool | None = False) -> int:
    m = journal.models
    query = m.Customer.select()
    if archived is not None:
        query = query.where(m.Customer.archived == archived)
    return int(query.count())


def last_contact(journal: Journal, customer_id: int) -> date | None:
    m = journal.models
    last = (
        m.Interaction.select(pw.fn.MAX(m.Interaction.occurred_at))
        .where((m.Interaction.customer == customer_id) & (m.Interaction.state == "done"))
        .scalar()
    )
    if isinstance(last, str):
        last = parse_utc(last)
    return local_date(journal, last)


def overdue_mine_count(journal: Journal, customer_id: int) -> int:
    m = journal.models
    return int(
        m.Promise.select()
        .where(
            (m.Promise.customer == customer_id)
            & (m.Promise.status == "open")
            & (m.Promise.owner == "me")
            & (m.Promise.due_on < journal.clock.today())
        )
        .count()
    )


def customer(journal: Journal, customer_id: int) -> CustomerDetail:
    m = journal.models
    c = m.Customer.get_or_none(m.Customer.id == customer_id)
    if c is None:
        raise NotFound("That customer no longer exists.")
    tags = tuple(
        t.name
        for t in m.Tag.select(m.Tag.name)
        .join(m.CustomerTag)
        .where(m.CustomerTag.customer == customer_id)
        .order_by(m.Tag.name_key)
    )
    cadence = cadence_of(c.cadence_days, c.stage, settings.cadence_defaults(journal))
    last = last_contact(journal, customer_id)
    health = assess(
        today=journal.clock.today(),
        last_contact=last,
        cadence_days=cadence,
        overdue_mine=overdue_mine_count(journal, customer_id),
        snoozed_until=c.snoozed_until,
        stage=c.stage,
    )
    return CustomerDetail(
        id=c.id,
        uid=c.uid,
        name=c.name,
        customer_kind=c.customer_kind,
        industry=c.industry,
        website=c.website,
        about=c.about,
        stage=c.stage,
        value_minor=c.value_minor,
        revisit_on=c.revisit_on,
        revisit_reason=c.revisit_reason,
        cadence_custom=c.cadence_days,
        cadence_days=cadence,
        snoozed_until=c.snoozed_until,
        archived=c.archived,
        tags=tags,
        last_contact=last,
        health=health,
        created_at=c.created_at,
    )


def customer_ref(journal: Journal, customer_id: int) -> CustomerRef:
    m = journal.models
    c = m.Customer.get_or_none(m.Customer.id == customer_id)
    if c is None:
        raise NotFound("That customer no longer exists.")
    return CustomerRef(c.id, c.name, c.stage, c.archived)


def find_customers(journal: Journal, query: str, *, include_archived: bool = False) -> list[CustomerRef]:
    """Customers a typed name means: an id, an exact name, else those it is the start of; names compare
    folded (`fold_name`: case, accents, ß/ss, apostrophes), as search compares them.

    One match means the name is unambiguous; several are the candidates to show.
    """
    m = journal.models
    query = query.strip()
    base = m.Customer.select(m.Customer.id, m.Customer.name, m.Customer.stage, m.Customer.archived)
    if not include_archived:
        base = base.where(m.Customer.archived == False)  # noqa: E712 - peewee expression
    if query.isdecimal() and int(query) < 2**63:  # `isdigit` also takes "²", which int() refuses
        by_id = base.where(m.Customer.id == int(query)).first()
        if by_id is not None:
            return [CustomerRef(by_id.id, by_id.name, by_id.stage, by_id.archived)]
    key = fold_name(query)
    if not key:
        return []
    exact = base.where(m.Customer.name_key == name_key(query)).first()
    if exact is not None:
        return [CustomerRef(exact.id, exact.name, exact.stage, exact.archived)]
    ids = search.named(journal, query, "customer")
    if ids is None:  # one letter: the names that start with it
        rows = base.where(pw.SQL("name_key LIKE ? ESCAPE '\\'", [like_escaped(key) + "%"]))
    else:
        rows = base.where(m.Customer.id.in_(ids))
    named = sorted(((fold_name(c.name), c) for c in rows), key=lambda pair: (pair[0], pair[1].name))
    same = [c for folded, c in named if folded == key]
    if len(same) == 1:
        return [CustomerRef(same[0].id, same[0].name, same[0].stage, same[0].archived)]
    return [CustomerRef(c.id, c.name, c.stage, c.archived) for f, c in named if f.startswith(key)][:50]


def stage_history(journal: Journal, customer_id: int) -> list[StageChangeView]:
    m = journal.models
    rows = (
        m.StageChange.select()
        .where(m.StageChange.customer == customer_id)
        .order_by(m.StageChange.changed_at.desc(), m.StageChange.id.desc())
    )
    return [
        StageChangeView(s.id, s.from_stage, s.to_stage, s.reason, s.revisit_on, s.changed_at) for s in rows
    ]


def contacts(journal: Journal, customer_id: int) -> list[ContactView]:
    m = journal.models
    rows = m.Contact.select().where(m.Contact.customer == customer_id).order_by(m.Contact.name)
    return [_contact_view(c) for c in rows]


def contact(journal: Journal, contact_id: int) -> ContactView:
    m = journal.models
    c = m.Contact.get_or_none(m.Contact.id == contact_id)
    if c is None:
        raise NotFound("That person no longer exists.")
    return _contact_view(c)


def _contact_view(c: models.Contact) -> ContactView:
    return ContactView(c.id, c.customer_id, c.name, c.role, c.email, c.phone, c.channel, c.notes)


def rapport_facts(journal: Journal, customer_id: int) -> list[RapportFactView]:
    """Every rapport fact about the customer's people, newest first."""
    m = journal.models
    rows = (
        m.RapportFact.select(m.RapportFact, m.Contact.id, m.Contact.name)
        .join(m.Contact)
        .where(m.Contact.customer == customer_id)
        .order_by(m.RapportFact.learned_on.desc(nulls="last"), m.RapportFact.id.desc())
    )
    return [
        RapportFactView(
            f.id, f.contact_id, f.contact.name, f.category, f.text, f.learned_on, f.hook, f.hook_asked
        )
        for f in rows
    ]


def important_dates(journal: Journal, customer_id: int) -> list[ImportantDateView]:
    m = journal.models
    rows = (
        m.ImportantDate.select(m.ImportantDate, m.Contact.id, m.Contact.name)
        .join(m.Contact, pw.JOIN.LEFT_OUTER)
        .where(m.ImportantDate.customer == customer_id)
        .order_by(m.ImportantDate.month, m.ImportantDate.day)
    )
    return [_date_view(d) for d in rows]


def _date_view(d: models.ImportantDate) -> ImportantDateView:
    name = _contact_name(d)
    return ImportantDateView(
        d.id, d.customer_id, d.contact_id, name, d.date_kind, d.label, d.month, d.day, d.year
    )


def _contact_name(record: models.ImportantDate | models.Need | models.Objection | models.Promise) -> str:
    """The name of the person a record was joined to (LEFT OUTER JOIN Contact), or ""."""
    contact = record.contact if record.contact_id is not None else None
    return contact.name if contact is not None else ""


def _people(journal: Journal, interaction_ids: Iterable[int]) -> dict[int, tuple[Person, ...]]:
    m = journal.models
    ids = list(interaction_ids)
    out: dict[int, list[Person]] = {i: [] for i in ids}
    if ids:
        rows = (
            m.Attendee.select(m.Attendee.interaction, m.Contact.id, m.Contact.name)
            .join(m.Contact)
            .where(m.Attendee.interaction.in_(ids))
            .order_by(m.Contact.name)
        )
        for row in rows:
            out[row.interaction_id].append(Person(row.contact.id, row.contact.name))
    return {k: tuple(v) for k, v in out.items()}


def _interaction_view(i: models.Interaction, people: tuple[Person, ...]) -> InteractionView:
    return InteractionView(
        id=i.id,
        customer_id=i.customer_id,
        state=i.state,
        interaction_kind=i.interaction_kind,
        occurred_at=i.occurred_at,
        goal=i.goal,
        notes=i.notes,
        outcome=i.outcome,
        next_step=i.next_step,
        next_step_on=i.next_step_on,
        went_well=i.went_well,
        to_improve=i.to_improve,
        lesson=i.lesson,
        listening=i.listening,
        opening_question=i.opening_question,
        attendees=people,
        next_step_status=i.next_step_status,
    )


def interaction_ids(
    journal: Journal, customer_id: int, *, state: str = "done", limit: int | None = None, offset: int = 0
) -> list[int]:
    """A customer's interactions in a state, newest first (planned: soonest first); a page of them with
    `limit` and `offset`."""
    m = journal.models
    order = m.Interaction.occurred_at.asc() if state == "planned" else m.Interaction.occurred_at.desc()
    query = (
        m.Interaction.select(m.Interaction.id)
        .where((m.Interaction.customer == customer_id) & (m.Interaction.state == state))
        .order_by(order, m.Interaction.id.desc())
    )
    return [row.id for row in _page(query, limit, offset)]


def interactions(journal: Journal, ids: Sequence[int]) -> list[InteractionView]:
    """These interactions, in the order given, in two queries however many there are."""
    m = journal.models
    if not ids:
        return []
    rows = {i.id: i for i in m.Interaction.select().where(m.Interaction.id.in_(list(ids)))}
    people = _people(journal, rows)
    return [_interaction_view(rows[i], people[i]) for i in ids if i in rows]


def interaction(journal: Journal, interaction_id: int) -> InteractionView:
    found = interactions(journal, [interaction_id])
    if not found:
        raise NotFound("That meeting no longer exists.")
    return found[0]


def recent_interactions(journal: Journal, customer_id: int, limit: int = 3) -> list[InteractionView]:
    return interactions(journal, interaction_ids(journal, customer_id, limit=limit))


def planned_meetings(
    journal: Journal,
    *,
    customer_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[InteractionView]:
    """Planned interactions, soonest first, optionally for one customer and within [start, end)."""
    m = journal.models
    query = m.Interaction.select().where(m.Interaction.state == "planned")
    if customer_id is not None:
        query = query.where(m.Interaction.customer == customer_id)
    if start is not None:
        query = query.where(m.Interaction.occurred_at >= start)
    if end is not None:
        query = query.where(m.Interaction.occurred_at < end)
    rows = list(query.order_by(m.Interaction.occurred_at))
    people = _people(journal, (r.id for r in rows))
    return [_interaction_view(r, people[r.id]) for r in rows]


def interaction_count(journal: Journal, customer_id: int, *, state: str = "done") -> int:
    """How many interactions a customer has in a state."""
    m = journal.models
    return int(
        m.Interaction.select()
        .where((m.Interaction.customer == customer_id) & (m.Interaction.state == state))
        .count()
    )


def interaction_position(journal: Journal, interaction_id: int) -> int | None:
    """Where a done interaction stands in its customer's newest-first list (0 is the newest)."""
    m = journal.models
    i = m.Interaction.get_or_none(m.Interaction.id == interaction_id)
    if i is None or i.state != "done":
        return None
    at = m.Interaction.occurred_at.db_value(i.occurred_at)
    return int(
        m.Interaction.select()
        .where(
            (m.Interaction.customer == i.customer_id)
            & (m.Interaction.state == "done")
            & (
                (m.Interaction.occurred_at > at)
                | ((m.Interaction.occurred_at == at) & (m.Interaction.id > interaction_id))
            )
        )
        .count()
    )


def _page(query: Any, limit: int | None, offset: int) -> Any:
    if limit is not None:
        query = query.limit(limit).offset(offset)
    elif offset:
        query = query.limit(-1).offset(offset)
    return query


def status_counts(journal: Journal, kind: str, customer_id: int) -> dict[str, int]:
    """How many of a customer's needs, objections, questions or promises are in each status."""
    if kind not in vocab.OPEN_STATUSES:
        raise ValueError(f"a {kind} has no status")
    sql = f"SELECT status, count(*) FROM {kinds.kind(kind).table} WHERE customer_id = ? GROUP BY status"
    return {str(status): int(n) for status, n in journal.conn().execute(sql, (customer_id,))}


def promise_counts(journal: Journal, customer_id: int) -> dict[tuple[str, str], int]:
    """How many of a customer's promises there are for each (owner, status)."""
    sql = "SELECT owner, status, count(*) FROM promise WHERE customer_id = ? GROUP BY owner, status"
    return {(str(o), str(s)): int(n) for o, s, n in journal.conn().execute(sql, (customer_id,))}


def needs(
    journal: Journal,
    customer_id: int,
    *,
    statuses: Iterable[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[NeedView]:
    """A customer's needs, most important and newest first (a page of them with `limit`/`offset`)."""
    m = journal.models
    query = (
        m.Need.select(m.Need, m.Contact.id, m.Contact.name)
        .join(m.Contact, pw.JOIN.LEFT_OUTER)
        .where(m.Need.customer == customer_id)
    )
    if statuses is not None:
        query = query.where(m.Need.status.in_(list(statuses)))
    query = query.order_by(m.Need.importance.desc(), m.Need.created_at.desc(), m.Need.id.desc())
    return [_need_view(n) for n in _page(query, limit, offset)]


def need(journal: Journal, need_id: int) -> NeedView:
    m = journal.models
    n = (
        m.Need.select(m.Need, m.Contact.id, m.Contact.name)
        .join(m.Contact, pw.JOIN.LEFT_OUTER)
        .where(m.Need.id == need_id)
        .first()
    )
    if n is None:
        raise NotFound("That need no longer exists.")
    return _need_view(n)


def _need_view(n: models.Need) -> NeedView:
    return NeedView(
        id=n.id,
        customer_id=n.customer_id,
        need_kind=n.need_kind,
        text=n.text,
        quote=n.quote,
        importance=n.importance,
        status=n.status,
        status_changed_at=n.status_changed_at,
        contact_id=n.contact_id,
        contact_name=_contact_name(n),
        source_id=n.source_id,
        created_at=n.created_at,
    )


def objections(
    journal: Journal,
    customer_id: int,
    *,
    statuses: Iterable[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ObjectionView]:
    m = journal.models
    query = (
        m.Objection.select(m.Objection, m.Contact.id, m.Contact.name)
        .join(m.Contact, pw.JOIN.LEFT_OUTER)
        .where(m.Objection.customer == customer_id)
    )
    if statuses is not None:
        query = query.where(m.Objection.status.in_(list(statuses)))
    query = query.order_by(m.Objection.created_at.desc(), m.Objection.id.desc())
    return [_objection_view(o) for o in _page(query, limit, offset)]


def objection(journal: Journal, objection_id: int) -> ObjectionView:
    m = journal.models
    o = (
        m.Objection.select(m.Objection, m.Contact.id, m.Contact.name)
        .join(m.Contact, pw.JOIN.LEFT_OUTER)
        .where(m.Objection.id == objection_id)
        .first()
    )
    if o is None:
        raise NotFound("That objection no longer exists.")
    return _objection_view(o)


def _objection_view(o: models.Objection) -> ObjectionView:
    return ObjectionView(
        id=o.id,
        customer_id=o.customer_id,
        concern=o.concern,
        response=o.response,
        status=o.status,
        worked=o.worked,
        status_changed_at=o.status_changed_at,
        contact_id=o.contact_id,
        contact_name=_contact_name(o),
        source_id=o.source_id,
        created_at=o.created_at,
    )


def _promise_query(journal: Journal) -> pw.ModelSelect[models.Promise]:
    m = journal.models
    return (
        m.Promise.select(m.Promise, m.Customer.id, m.Customer.name, m.Contact.id, m.Contact.name)
        .join(m.Customer)
        .switch(m.Promise)
        .join(m.Contact, pw.JOIN.LEFT_OUTER)
        .switch(m.Promise)
    )


def promises(
    journal: Journal,
    customer_id: int,
    *,
    owner: str | None = None,
    statuses: Iterable[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[PromiseView]:
    """A customer's promises: open ones by due date (overdue first), then closed ones newest first."""
    m = journal.models
    query = _promise_query(journal).where(m.Promise.customer == customer_id)
    if owner is not None:
        query = query.where(m.Promise.owner == owner)
    if statuses is not None:
        query = query.where(m.Promise.status.in_(list(statuses)))
    query = query.order_by(
        pw.Case(None, [(m.Promise.status == "open", 0)], 1),
        pw.Case(None, [(m.Promise.status == "open", m.Promise.due_on)], None),
        m.Promise.completed_on.desc(nulls="last"),
        m.Promise.id.desc(),
    )
    return [_promise_view(p) for p in _page(query, limit, offset)]


def promise(journal: Journal, promise_id: int) -> PromiseView:
    m = journal.models
    p = _promise_query(journal).where(m.Promise.id == promise_id).first()
    if p is None:
        raise NotFound("That promise no longer exists.")
    return _promise_view(p)


def _promise_view(p: models.Promise) -> PromiseView:
    return PromiseView(
        id=p.id,
        customer_id=p.customer_id,
        customer_name=p.customer.name,
        owner=p.owner,
        text=p.text,
        due_on=p.due_on,
        status=p.status,
        completed_on=p.completed_on,
        release_reason=p.release_reason,
        contact_id=p.contact_id,
        contact_name=_contact_name(p),
        source_id=p.source_id,
        created_at=p.created_at,
    )


def questions(
    journal: Journal,
    customer_id: int,
    *,
    statuses: Iterable[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[QuestionView]:
    """A customer's questions: those to ask first (oldest first), then asked ones, newest first."""
    m = journal.models
    query = m.Question.select().where(m.Question.customer == customer_id)
    if statuses is not None:
        query = query.where(m.Question.status.in_(list(statuses)))
    query = query.order_by(
        pw.Case(None, [(m.Question.status == "to_ask", 0)], 1),
        pw.Case(None, [(m.Question.status == "to_ask", m.Question.id)], None),
        m.Question.asked_on.desc(nulls="last"),
        m.Question.id.desc(),
    )
    return [
        QuestionView(q.id, q.customer_id, q.text, q.status, q.answer, q.asked_on, q.source_id, q.created_at)
        for q in _page(query, limit, offset)
    ]


def bank_questions(journal: Journal) -> list[BankQuestionView]:
    m = journal.models
    rows = m.BankQuestion.select().order_by(m.BankQuestion.topic, m.BankQuestion.id)
    return [
        BankQuestionView(
            b.id,
            b.topic,
            b.text,
            tuple(b.stages.split()),
            tuple(b.need_kinds.split()),
            tuple(b.keywords.split()),
        )
        for b in rows
    ]


def health_of(journal: Journal, customer_id: int) -> Health:
    return customer(journal, customer_id).health


def item_customer(journal: Journal, kind: str, item_id: int) -> int:
    """The customer an item belongs to, e.g. to open a promise found by a search in its workspace."""
    sql = customer_sql(kinds.kind(kind))
    if sql is None:
        raise ValueError(f"a {kind} belongs to no customer")
    row = journal.conn().execute(sql, (item_id,)).fetchone()
    if row is None or row[0] is None:
        raise NotFound("That item no longer exists.")
    return int(row[0])
