"""Matching what a file brings with what the journal holds, so nothing comes in twice.

Customers match by their name (case and spacing aside) and, for a person without a company, by the
domain of their work email. People match by email anywhere, then by name within their customer.
An exact match only fills the fields the journal has empty: what the rep wrote is never overwritten.
A near match — "Acme Ltd" and "ACME Limited", "Jon Smith" and "Jonathan Smith" at the same company —
is a `Review` for the rep: merge, keep both, or skip. Until decided it brings nothing in.

`make_plan` reads nothing from the journal: it works on a `Snapshot` taken once, so the same plan can be
made again (with the rep's decisions) on any thread, and a dry run costs no write at all.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from journal.domain.errors import ValidationError
from journal.domain.text import name_key
from journal.exchange.imports.checks import Checked, check
from journal.exchange.imports.entries import Birthday, Entry, Skipped
from journal.storage.db import Journal

Decision = Literal["merge", "keep", "skip"]
DECISIONS: tuple[Decision, ...] = ("merge", "keep", "skip")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say what kind of company it is, not which one: "Acme Ltd" is "ACME Limited".
LEGAL_FORMS = _words(
    "ltd limited inc incorporated llc llp lp corp corporation co company plc gmbh ag sa sas sarl srl spa "
    "bv nv pty pvt oy ab as aps kg ohg se kk the and group holdings"
)
FREE_MAIL = _words(
    "gmail.com googlemail.com yahoo.com yahoo.co.uk ymail.com hotmail.com hotmail.co.uk outlook.com live.com "
    "msn.com icloud.com me.com mac.com aol.com proton.me protonmail.com gmx.de gmx.net gmx.com web.de "
    "mail.ru yandex.ru yandex.com qq.com 163.com zoho.com fastmail.com hey.com t-online.de orange.fr "
    "free.fr libero.it btinternet.com"
)


def loose_key(name: str) -> str:
    """A company's name without case, punctuation or its legal form."""
    words = re.sub(r"[^\w]+", " ", name_key(name)).split()
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)


def work_domain(email: str) -> str:
    domain = email.rpartition("@")[2].casefold()
    return "" if domain in FREE_MAIL else domain


@dataclass
class KnownCustomer:
    id: int  # negative: made by this plan
    name: str
    kind: str
    website: str
    industry: str


@dataclass
class KnownPerson:
    id: int  # negative: made by this plan
    customer_id: int
    name: str
    role: str
    email: str
    phone: str
    notes: str
    has_birthday: bool


@dataclass
class Snapshot:
    """The journal's customers and people, indexed the ways matching looks them up."""

    customers: dict[int, KnownCustomer] = field(default_factory=dict)
    people: dict[int, KnownPerson] = field(default_factory=dict)
    by_key: dict[str, int] = field(default_factory=dict)
    by_loose: dict[str, list[int]] = field(default_factory=dict)
    by_domain: dict[str, int] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    people_of: dict[int, list[int]] = field(default_factory=dict)

    def add_customer(self, c: KnownCustomer) -> None:
        self.customers[c.id] = c
        self.by_key.setdefault(name_key(c.name), c.id)
        self.by_loose.setdefault(loose_key(c.name), []).append(c.id)

    def add_person(self, p: KnownPerson) -> None:
        self.people[p.id] = p
        self.people_of.setdefault(p.customer_id, []).append(p.id)
        if p.email:
            self.index_email(p, p.email)

    def index_email(self, p: KnownPerson, email: str) -> None:
        self.by_email.setdefault(email.casefold(), p.id)
        domain = work_domain(email)
        if domain and self.customers[p.customer_id].kind == "company":
            self.by_domain.setdefault(domain, p.customer_id)

    def copy(self) -> Snapshot:
        """A copy to plan on (the plan adds what it makes); the records in it are copied too."""
        other = Snapshot()
        for c in self.customers.values():
            other.add_customer(KnownCustomer(**vars(c)))
        for p in self.people.values():
            other.add_person(KnownPerson(**vars(p)))
        return other


def snapshot(journal: Journal) -> Snapshot:
    """The journal's customers (archived ones too: their names are taken) and people."""
    conn = journal.conn()
    snap = Snapshot()
    for cid, name, kind, website, industry in conn.execute(
        "SELECT id, name, customer_kind, website, industry FROM customer ORDER BY archived, id"
    ):
        snap.add_customer(KnownCustomer(cid, name, kind, website, industry))
    birthdays = {
        int(r[0])
        for r in conn.execute(
            "SELECT contact_id FROM important_date WHERE contact_id IS NOT NULL AND date_kind = 'birthday'"
        )
    }
    for pid, cid, name, role, email, phone, notes in conn.execute(
        "SELECT id, customer_id, name, role, email, phone, notes FROM contact ORDER BY id"
    ):
        snap.add_person(KnownPerson(pid, cid, name, role, email, phone, notes, pid in birthdays))
    return snap


@dataclass
class Review:
    """A near match for the rep to decide."""

    key: str
    kind: Literal["customer", "person"]
    line: int
    incoming: str
    existing_id: int  # negative: a record made earlier in the same file
    existing: str
    reason: str
    rows: int = 1  # rows of the file it decides


@dataclass
class NewCustomer:
    ref: int
    line: int
    name: str
    kind: str
    website: str
    industry: str


@dataclass
class NewPerson:
    ref: int
    line: int
    customer_ref: int
    name: str
    role: str
    email: str
    phone: str
    notes: str


@dataclass
class NewDate:
    customer_ref: int
    person_ref: int
    birthday: Birthday


@dataclass
class Plan:
    """What importing would do. Refs below zero are records this plan makes."""

    source_name: str
    new_customers: list[NewCustomer] = field(default_factory=list)
    new_people: list[NewPerson] = field(default_factory=list)
    new_dates: list[NewDate] = field(default_factory=list)
    customer_fills: dict[int, dict[str, str]] = field(default_factory=dict)
    person_fills: dict[int, dict[str, str]] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    unchanged: int = 0  # rows already in the journal as they are
    waiting: int = 0  # rows held back by an undecided review
    decided_skip: int = 0

    @property
    def records(self) -> int:
        """How many records importing would create."""
        return len(self.new_customers) + len(self.new_people) + len(self.new_dates)

    def counts(self) -> dict[str, int]:
        return {
            "customers_created": len(self.new_customers),
            "people_created": len(self.new_people),
            "dates_created": len(self.new_dates),
            "customers_filled": len(self.customer_fills),
            "people_filled": len(self.person_fills),
            "unchanged": self.unchanged,
            "to_review": len(self.reviews),
            "waiting_for_review": self.waiting,
            "skipped": len(self.skipped) + self.decided_skip,
        }


NEAR = 0.88  # how alike two spellings of a name are (difflib's ratio) to be shown as a possible match


def _first_names_agree(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def near_person(a: str, b: str) -> bool:
    """ "Jon Smith" and "Jonathan Smith"; "Priya Shah" and "Priya Shah-Rao"; a typo or two."""
    wa, wb = name_key(a).replace("-", " ").split(), name_key(b).replace("-", " ").split()
    if not wa or not wb:
        return False
    if wa[-1] == wb[-1] and _first_names_agree(wa[0], wb[0]) and min(len(wa[0]), len(wb[0])) >= 2:
        return True
    if wa[0] == wb[0] and (set(wa[1:]) & set(wb[1:])):
        return True
    same = difflib.SequenceMatcher(None, " ".join(wa), " ".join(wb))
    # The cheap upper bounds first: most names at a company are nothing alike.
    return same.real_quick_ratio() >= NEAR and same.quick_ratio() >= NEAR and same.ratio() >= NEAR


class _Planner:
    def __init__(
        self, snap: Snapshot, name: str, decisions: Mapping[str, Decision], default: Decision | None
    ) -> None:
        self.snap = snap.copy()
        self.plan = Plan(name)
        self.decisions = decisions
        self.default = default
        self.next_ref = -1
        self.reviews: dict[str, Review] = {}
        self.new_customers: dict[int, NewCustomer] = {}
        self.new_people: dict[int, NewPerson] = {}
        self.touched = False  # whether the row being planned changes anything

    def _ref(self) -> int:
        ref = self.next_ref
        self.next_ref -= 1
        return ref

    def _decide(self, review: Review) -> Decision | None:
        known = self.reviews.get(review.key)
        if known is None:
            self.reviews[review.key] = review
            self.plan.reviews.append(review)
        else:
            known.rows += 1
        return self.decisions.get(review.key, self.default)

    def _customer_label(self, cid: int) -> str:
        return self.snap.customers[cid].name

    # -- customers ---------------------------------------------------------------------------------

    def customer_for(self, c: Checked) -> int | None:
        """The customer the row belongs to (made if need be), or None when it waits or is skipped."""
        if not c.company:
            for email in c.emails:
                pid = self.snap.by_email.get(email.casefold())
                if pid is not None:
                    return self.snap.people[pid].customer_id
            for email in c.emails:
                cid = self.snap.by_domain.get(work_domain(email))
                if cid is not None:
                    return cid
            key = name_key(c.name)
            cid = self.snap.by_key.get(key)
            if cid is not None and self.snap.customers[cid].kind == "individual":
                return cid
            return self._new_customer(c, c.name, "individual")
        cid = self.snap.by_key.get(name_key(c.company))
        if cid is not None:
            self._fill_customer(cid, c)
            return cid
        near = self.snap.by_loose.get(loose_key(c.company), [])
        reason = "the same name but for its legal form or punctuation"
        if not near:
            domains = [d for d in (work_domain(e) for e in c.emails) if d]
            near = [self.snap.by_domain[d] for d in domains if d in self.snap.by_domain]
            reason = f"people with the same email domain ({domains[0]})" if near else ""
        if near:
            other = near[0]
            review = Review(
                f"customer:{name_key(c.company)}={name_key(self._customer_label(other))}",
                "customer",
                c.line,
                c.company,
                other,
                self._customer_label(other),
                f"“{c.company}” looks like “{self._customer_label(other)}”: {reason}.",
            )
            decision = self._decide(review)
            if decision is None:
                self.plan.waiting += 1
                return None
            if decision == "skip":
                self.plan.decided_skip += 1
                return None
            if decision == "merge":
                self._fill_customer(other, c)
                return other
        return self._new_customer(c, c.company, "company")

    def _new_customer(self, c: Checked, name: str, kind: str) -> int:
        ref = self._ref()
        website, industry = (c.website, c.industry) if kind == "company" else ("", "")
        new = NewCustomer(ref, c.line, name, kind, website, industry)
        self.new_customers[ref] = new
        self.plan.new_customers.append(new)
        self.touched = True
        self.snap.add_customer(KnownCustomer(ref, name, kind, website, industry))
        return ref

    def _fill_customer(self, cid: int, c: Checked) -> None:
        known = self.snap.customers[cid]
        fills = {
            f: v
            for f, v in (("website", c.website), ("industry", c.industry))
            if v and not getattr(known, f) and known.kind == "company"
        }
        if not fills:
            return
        self.touched = True
        for f, v in fills.items():
            setattr(known, f, v)
        new = self.new_customers.get(cid)
        if new is not None:
            for f, v in fills.items():
                setattr(new, f, v)
        else:
            self.plan.customer_fills.setdefault(cid, {}).update(fills)

    # -- people ------------------------------------------------------------------------------------

    def known_by_email(self, c: Checked) -> int | None:
        for email in c.emails:
            pid = self.snap.by_email.get(email.casefold())
            if pid is not None:
                return pid
        return None

    def person(self, c: Checked, cid: int) -> bool:
        """Match or make the row's person at customer `cid`. Returns whether anything changed."""
        key = name_key(c.name)
        at = self.snap.people_of.get(cid, [])
        for pid in at:
            if name_key(self.snap.people[pid].name) == key:
                return self._fill_person(pid, c)
        for pid in at:
            known = self.snap.people[pid]
            if near_person(known.name, c.name):
                customer = self._customer_label(cid)
                review = Review(
                    f"person:{key}={name_key(known.name)}@{name_key(customer)}",
                    "person",
                    c.line,
                    c.name,
                    pid,
                    f"{known.name} ({customer})",
                    f"“{c.name}” looks like “{known.name}” at {customer}.",
                )
                decision = self._decide(review)
                if decision is None:
                    self.plan.waiting += 1
                    return False
                if decision == "skip":
                    self.plan.decided_skip += 1
                    return False
                if decision == "merge":
                    return self._fill_person(pid, c)
                break
        ref = self._ref()
        new = NewPerson(ref, c.line, cid, c.name, c.role, c.email, c.phone, c.notes)
        self.new_people[ref] = new
        self.plan.new_people.append(new)
        self.touched = True
        known = KnownPerson(ref, cid, c.name, c.role, c.email, c.phone, c.notes, c.birthday is not None)
        self.snap.add_person(known)
        for email in c.emails[1:]:
            self.snap.index_email(known, email)
        if c.birthday is not None:
            self.plan.new_dates.append(NewDate(cid, ref, c.birthday))
        return True

    def _fill_person(self, pid: int, c: Checked) -> bool:
        known = self.snap.people[pid]
        fills = {
            f: v
            for f, v in (("role", c.role), ("email", c.email), ("phone", c.phone), ("notes", c.notes))
            if v and not getattr(known, f)
        }
        for f, v in fills.items():
            setattr(known, f, v)
        if "email" in fills:
            self.snap.index_email(known, fills["email"])
        new = self.new_people.get(pid)
        if new is not None:
            for f, v in fills.items():
                setattr(new, f, v)
        elif fills:
            self.plan.person_fills.setdefault(pid, {}).update(fills)
        dated = c.birthday is not None and not known.has_birthday
        if dated and c.birthday is not None:
            known.has_birthday = True
            self.plan.new_dates.append(NewDate(known.customer_id, pid, c.birthday))
        self.touched = self.touched or bool(fills) or dated
        return bool(fills) or dated


def make_plan(
    snap: Snapshot,
    entries: list[Entry],
    *,
    name: str,
    decisions: Mapping[str, Decision] | None = None,
    default: Decision | None = None,
) -> Plan:
    """What importing `entries` would do to the journal `snap` was taken of. `decisions` answer reviews
    by key; `default` answers the rest (None: they wait)."""
    planner = _Planner(snap, name, decisions or {}, default)
    plan = planner.plan
    seen_notices: set[str] = set()
    for entry in entries:
        try:
            checked, notices = check(entry)
        except ValidationError as e:
            plan.skipped.append(Skipped(entry.line, entry.label, str(e)))
            continue
        for notice in notices:
            if notice not in seen_notices:
                seen_notices.add(notice)
                plan.notices.append(f"Line {entry.line} ({entry.label}): {notice}")
        planner.touched = False
        known = planner.known_by_email(checked) if checked.name else None
        if known is not None:  # the person is in the journal already, wherever they work now
            planner._fill_person(known, checked)
            if not planner.touched:
                plan.unchanged += 1
            continue
        cid = planner.customer_for(checked)
        if cid is None:
            continue
        if checked.name:
            planner.person(checked, cid)
        if not planner.touched:
            plan.unchanged += 1
    return plan
