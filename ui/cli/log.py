"""`sales-journal log CUSTOMER --notes TEXT …`: capture a meeting from a terminal, through the same service
and checks as the Log meeting form (bad input: exit 2, the reason, nothing written)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from journal.domain import vocab
from journal.domain.clock import Clock
from journal.domain.dates import describe, parse_date, parse_datetime
from journal.domain.errors import ValidationError
from journal.domain.text import fold_name
from journal.reads import planned, queries
from journal.services import duplicates, meeting_log
from journal.services.duplicates import OpenItem
from journal.services.meeting_log import (
    MeetingEntry,
    NeedUpdate,
    NewNeed,
    NewObjection,
    NewPerson,
    NewPromise,
    NewRapport,
    QuestionAsked,
    Reflection,
)
from journal.storage.db import Journal
from ui.cli.terminal import say


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "log",
        help="log a call or meeting: notes, needs, promises both ways, outcome and next step",
        description="Log a call or meeting with CUSTOMER (an id, a name in any case, or the start of one). "
        "Dates are typed as you would say them: fri, next week, in 3 days, dec 3, 2026-12-01. "
        "A next step (with --next-step and --next-date) is needed unless the outcome is won or lost; "
        "not_now needs --reason and --revisit. A meeting planned with them in the last twelve hours is "
        "completed by the log (it becomes the logged meeting); --meeting ID names another, --unplanned "
        "logs a new one. Numeric dates follow your locale (12/1 is 1 December in the US, 12 January "
        "elsewhere); every date is shown back as it was understood, and --dry-run shows it all first. "
        "Nothing is written unless everything is right.",
        epilog='example: sales-journal log acme --notes "Walked through pricing" --outcome advanced '
        '--next-step "Send the order form" --next-date fri --promise-me "Send pricing@tomorrow" '
        '--need "Close the books in two days"',
    )
    parser.add_argument(
        "customer", metavar="CUSTOMER", help="the customer: id, name, or unique start of a name"
    )
    parser.add_argument(
        "--notes", required=True, help="what they said (Markdown; start a line with > to quote)"
    )
    parser.add_argument("--kind", choices=vocab.INTERACTION_KINDS, default="meeting", help="default: meeting")
    parser.add_argument(
        "--with",
        dest="attendees",
        metavar="NAME",
        action="append",
        default=[],
        help="who was there: one of their people, by name or its start (repeat)",
    )
    parser.add_argument(
        "--new-person",
        metavar="'NAME, ROLE'",
        action="append",
        default=[],
        help="someone new who was there, added to their people (repeat)",
    )
    parser.add_argument("--when", metavar="WHEN", help="when it happened, e.g. 'today 14:00' (default: now)")
    parser.add_argument("--outcome", choices=[o for o in vocab.OUTCOMES if o], help="how it ended")
    parser.add_argument("--next-step", metavar="TEXT", default="", help="what happens next")
    parser.add_argument("--next-date", metavar="WHEN", help="when the next step happens")
    parser.add_argument(
        "--reason", metavar="TEXT", default="", help="not_now / lost: their reason, in their words"
    )
    parser.add_argument("--revisit", metavar="WHEN", help="not_now: when to revisit them")
    parser.add_argument(
        "--promise-me", metavar="TEXT@WHEN", action="append", default=[], help="something I promised (repeat)"
    )
    parser.add_argument(
        "--promise-them",
        metavar="TEXT@WHEN",
        action="append",
        default=[],
        help="something they promised (repeat)",
    )
    found = parser.add_argument_group(
        "what was found",
        "Each of these adds one item (repeat them); the options indented under one describe the item "
        "just before them on the line, e.g. --need 'Close in two days' --quote 'We lose a week' "
        "--importance high --said-by anke.",
    )
    for flag, dest, metavar, text in (
        ("--need", "need", "TEXT", "a need they have"),
        ("--pain", "pain", "TEXT", "a pain point"),
        ("--quote", "quote", "TEXT", "  the need in their own words"),
        ("--importance", "importance", "LEVEL", "  how much it matters: low, medium or high"),
        ("--objection", "objection", "CONCERN", "an objection: their concern"),
        ("--answer", "answer", "TEXT", "  what I answered (objection), or their answer (--asked)"),
        ("--said-by", "said_by", "NAME", "  who said it (need or objection): one of their people"),
        ("--rapport", "rapport", "TEXT", "something personal I learned"),
        ("--hook", "hook", "TEXT", "  what to ask about next time"),
        ("--about", "about", "NAME", "  whom it is about (default: the one person who was there)"),
        ("--question", "question", "TEXT", "a question to ask next time"),
        ("--asked", "asked", "QUESTION", "a question on my list that I asked: its id or words"),
        ("--kept", "kept", "PROMISE", "an open promise (mine or theirs) kept: its id or words"),
        ("--addressed", "addressed", "NEED", "an open need addressed in this meeting: its id or words"),
    ):
        found.add_argument(flag, metavar=metavar, dest="items", action=_InOrder, item=dest, help=text)
    parser.add_argument("--lesson", metavar="TEXT", default="", help="one lesson from this meeting")
    parser.add_argument("--listening", type=int, metavar="1-5", help="how well I listened, 1 to 5")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--meeting", type=_record_id, metavar="ID", help="the planned meeting this log completes"
    )
    which.add_argument(
        "--unplanned", action="store_true", help="a new meeting, even if one was planned just now"
    )
    parser.add_argument(
        "-n",
        "--dry-run",
        action="store_true",
        help="show what would be logged, dates resolved; write nothing",
    )
    parser.set_defaults(func=run)


class _InOrder(argparse.Action):
    """Keeps the item options in the order typed, so --quote belongs to the --need before it."""

    def __init__(self, *args: Any, item: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: Any = None
    ) -> None:
        items = list(getattr(namespace, "items", None) or [])
        items.append((self.item, str(values)))
        namespace.items = items


def _record_id(text: str) -> int:
    if not text.strip().isdecimal() or not 0 < int(text) < 2**63:
        raise argparse.ArgumentTypeError(f"“{text}” is not a meeting's id (a whole number)")
    return int(text)


# Where each checked field came from on the command line, so a refusal names the option to fix.
OPTIONS = {
    "notes": "--notes",
    "occurred_at": "--when",
    "next_step": "--next-step",
    "next_step_on": "--next-date",
    "reason": "--reason",
    "revisit_on": "--revisit",
    "lesson": "--lesson",
    "listening": "--listening",
    "needs": "--need/--pain",
    "objections": "--objection",
    "rapport": "--rapport",
    "questions": "--question",
    "questions_asked": "--asked",
    "kept": "--kept",
    "need_updates": "--addressed",
    "planned_id": "--meeting",
    "attendees": "--with",
    "new_people": "--new-person",
}


def _option(field: str | None, args: argparse.Namespace) -> str:
    head, _, rest = (field or "").partition(".")
    if head == "promises":
        index = int(rest.split(".")[0]) if rest.split(".")[0].isdigit() else 0
        return "--promise-me" if index < len(args.promise_me) else "--promise-them"
    return OPTIONS.get(head, "")


def _attendee(journal: Journal, customer_id: int, text: str) -> int:
    """One of the customer's people by name: the whole name, its start or a surname, compared folded
    (case, accents, ß/ss, apostrophes do not matter)."""
    people = queries.contacts(journal, customer_id)
    wanted = fold_name(text)
    found = (
        [c for c in people if fold_name(c.name) == wanted]
        or [c for c in people if fold_name(c.name).startswith(wanted)]
        or [c for c in people if f" {wanted}" in f" {fold_name(c.name)}"]  # a surname, or its start
    )
    if len(found) == 1:
        return found[0].id
    names = ", ".join(c.name for c in (found or people)) or "none recorded yet"
    what = f"matches {len(found)} of their people" if found else "is not one of their people"
    raise ValidationError(
        f'“{text}” {what} ({names}). Use --new-person "Name, role" for someone new.', "attendees"
    )


def _date(text: str | None, clock: Clock, field: str) -> date | None:
    return parse_date(text, clock.today(), order=clock.date_order, field=field) if text else None


def _promise(spec: str, owner: str, clock: Clock, n: int) -> NewPromise:
    text, at, when = spec.rpartition("@")
    if not at or not text.strip() or not when.strip():
        option = "--promise-me" if owner == "me" else "--promise-them"
        raise ValidationError(
            f"{option} “{spec}” needs a due date after an @, e.g. “Send pricing@fri”.", f"promises.{n}.due_on"
        )
    due = parse_date(when, clock.today(), order=clock.date_order, field=f"promises.{n}.due_on")
    return NewPromise(text.strip(), due, owner)


def entry_from(args: argparse.Namespace, journal: Journal, customer_id: int) -> MeetingEntry:
    """The command line's words as a MeetingEntry (dates parsed relative to the journal's today)."""
    clock = journal.clock
    promises = [_promise(s, "me", clock, n) for n, s in enumerate(args.promise_me)]
    promises += [_promise(s, "them", clock, len(promises) + n) for n, s in enumerate(args.promise_them)]
    planned_id = args.meeting
    if planned_id is None and not args.unplanned:
        held = planned.completed_by_log(journal, customer_id)
        planned_id = held.id if held is not None else None
    new_people = []
    for spec in args.new_person:
        name, _, role = spec.partition(",")
        new_people.append(NewPerson(name.strip(), role.strip()))
    found = _found(args.items or [], journal, customer_id, new_people)
    return MeetingEntry(
        notes=args.notes,
        attendees=tuple(_attendee(journal, customer_id, name) for name in args.attendees),
        new_people=tuple(new_people),
        occurred_at=parse_datetime(
            args.when, clock.now(), clock.local_tz(), order=clock.date_order, field="occurred_at"
        )
        if args.when
        else None,
        interaction_kind=args.kind,
        needs=found.needs,
        objections=found.objections,
        rapport=found.rapport,
        questions=found.questions,
        questions_asked=found.asked,
        need_updates=found.addressed,
        kept=found.kept,
        promises=tuple(promises),
        outcome=args.outcome or "",
        next_step=args.next_step,
        next_step_on=_date(args.next_date, clock, "next_step_on"),
        reason=args.reason,
        revisit_on=_date(args.revisit, clock, "revisit_on"),
        reflection=Reflection(lesson=args.lesson, listening=args.listening),
        planned_id=planned_id,
    )


IMPORTANCE = {"low": 1, "medium": 2, "high": 3, "1": 1, "2": 2, "3": 3}
# The options that describe the item before them, and the items they can describe.
DESCRIBES = {
    "quote": ("need", "pain"),
    "importance": ("need", "pain"),
    "said_by": ("need", "pain", "objection"),
    "answer": ("objection", "asked"),
    "hook": ("rapport",),
    "about": ("rapport",),
}


@dataclass
class _Found:
    needs: tuple[NewNeed, ...] = ()
    objections: tuple[NewObjection, ...] = ()
    rapport: tuple[NewRapport, ...] = ()
    questions: tuple[str, ...] = ()
    asked: tuple[QuestionAsked, ...] = ()
    addressed: tuple[NeedUpdate, ...] = ()
    kept: tuple[int, ...] = ()


def _flag(item: str) -> str:
    return "--" + item.replace("_", "-")


def _found(
    items: list[tuple[str, str]], journal: Journal, customer_id: int, new_people: list[NewPerson]
) -> _Found:
    """The item options, in the order typed, as the entry's needs, objections, rapport facts…"""
    made: list[tuple[str, Any]] = []  # (item option, the record so far)
    for item, value in items:
        if item in DESCRIBES:
            if not made or made[-1][0] not in DESCRIBES[item]:
                wanted = " or ".join(_flag(i) for i in DESCRIBES[item])
                raise ValidationError(f"{_flag(item)} “{value}” describes the {wanted} just before it.", "")
            kind, record = made[-1]
            if item == "quote":
                record = replace(record, quote=value)
            elif item == "importance":
                if value.strip().lower() not in IMPORTANCE:
                    raise ValidationError(f"--importance is low, medium or high (got “{value}”).", "")
                record = replace(record, importance=IMPORTANCE[value.strip().lower()])
            elif item in ("said_by", "about"):
                record = replace(record, person=_person(journal, customer_id, value, new_people))
            elif item == "answer":
                record = replace(
                    record, **({"response": value} if kind == "objection" else {"answer": value})
                )
            else:
                record = replace(record, hook=value)
            made[-1] = (kind, record)
        elif item in ("need", "pain"):
            made.append((item, NewNeed(value, need_kind=item)))
        elif item == "objection":
            made.append((item, NewObjection(value)))
        elif item == "rapport":
            made.append((item, NewRapport(value)))
        elif item == "question":
            made.append((item, value))
        elif item == "asked":
            made.append((item, QuestionAsked(_open_one(journal, customer_id, "question", value))))
        elif item == "kept":
            made.append((item, _open_one(journal, customer_id, "promise", value)))
        else:
            made.append((item, NeedUpdate(_open_one(journal, customer_id, "need", value))))

    def of(*kinds: str) -> tuple[Any, ...]:
        return tuple(record for kind, record in made if kind in kinds)

    return _Found(
        of("need", "pain"),
        of("objection"),
        of("rapport"),
        of("question"),
        of("asked"),
        of("addressed"),
        of("kept"),
    )


def _person(journal: Journal, customer_id: int, text: str, new_people: list[NewPerson]) -> int | str:
    """One of their people, or someone added with --new-person in this log (by name)."""
    for person in new_people:
        if fold_name(person.name).startswith(fold_name(text)):
            return person.name
    return _attendee(journal, customer_id, text)


def _open_one(journal: Journal, customer_id: int, kind: str, text: str) -> int:
    """An open question, promise or need of the customer, by its id or (some of) its words."""
    if kind == "question":
        rows: list[Any] = queries.questions(journal, customer_id, statuses=vocab.OPEN_STATUSES["question"])
        what = "a question on your list"
    elif kind == "promise":
        rows, what = (
            queries.promises(journal, customer_id, statuses=vocab.OPEN_STATUSES["promise"]),
            "an open promise",
        )
    else:
        rows, what = queries.needs(journal, customer_id, statuses=vocab.OPEN_STATUSES["need"]), "an open need"
    items: list[tuple[int, str]] = [(r.id, r.text) for r in rows]
    wanted = fold_name(text)
    found = [i for i in items if text.strip() == str(i[0])] or [
        i for i in items if wanted and wanted in fold_name(i[1])
    ]
    if len(found) == 1:
        return found[0][0]
    if not found:
        listed = "; ".join(f"{i}: {t}" for i, t in items[:8]) or "none"
        raise ValidationError(f"“{text}” is not {what} of theirs ({listed}).", "")
    listed = "; ".join(f"{i}: {t}" for i, t in found[:8])
    raise ValidationError(f"“{text}” matches {len(found)} of their items ({listed}); give the id.", "")


def run(args: argparse.Namespace) -> int:
    from ui.cli import (
        CommandError,
        open_journal,
        resolve_customer,
    )  # imported here: ui.cli imports this module by name

    journal = open_journal(args, write=True)
    try:
        customer = resolve_customer(journal, args.customer)
        try:
            entry = entry_from(args, journal, customer.id)
            alike = _alike_open(journal, customer.id, entry)
            if args.dry_run:
                preview(entry, customer.name, journal.clock)
                print_alike(alike)
                return 0
            changes = meeting_log.log_meeting(journal, customer.id, entry)
        except ValidationError as e:
            option = _option(e.field, args)
            raise CommandError(f"{e}" + (f" ({option})" if option and option not in str(e) else "")) from None
        interaction = queries.interaction(journal, changes.ids("interaction")[0])
        when = journal.clock.local(interaction.occurred_at)
        kind = vocab.INTERACTION_KIND_LABELS[interaction.interaction_kind].lower()
        found = meeting_log.summary(changes)
        people = f" ({', '.join(p.name for p in interaction.attendees)})" if interaction.attendees else ""
        say(
            f"Logged a {kind} with {customer.name}{people} on {when:%a} {when.day} {when:%b %Y, %H:%M}"
            + (f": {found}." if found else ".")
        )
        if entry.planned_id is not None:
            goal = f" ({interaction.goal})" if interaction.goal else ""
            say(f"  It completes the meeting planned for {when:%a} {when.day} {when:%b, %H:%M}{goal}.")
        print_dates(entry, journal.clock.today())
        stage = queries.customer(journal, customer.id).stage
        if stage != customer.stage or meeting_log.stage_for_outcome(interaction.outcome) is not None:
            say(f"  {customer.name} is now at {vocab.STAGE_LABELS[stage]}.")
        print_alike(alike)
    finally:
        journal.close()
    return 0


_UPDATE_WITH = {"need": "--addressed", "objection": "", "promise": "--kept"}


def _alike_open(journal: Journal, customer_id: int, entry: MeetingEntry) -> list[tuple[str, OpenItem]]:
    """Items already open that a new need, objection or promise is probably about. The very same text
    is refused (exit 2), naming the open one and how to update it; the merely alike are offered."""
    typed = {
        "need": [n.text for n in entry.needs],
        "objection": [o.concern for o in entry.objections],
        "promise": [p.text for p in entry.promises],
    }
    offers: list[tuple[str, OpenItem]] = []
    for kind, texts in typed.items():
        existing = duplicates.open_items(journal, customer_id, kind) if texts else []
        for text in texts:
            for item in duplicates.matching(text, existing):
                if duplicates.same(text, item.text):
                    how = _UPDATE_WITH[kind]
                    update = f" {how} {item.id} updates it;" if how else ""
                    raise ValidationError(
                        f"{duplicates.describe(item)} is already open:{update} leave out the copy.", ""
                    )
                offers.append((text, item))
    return offers


def print_alike(offers: list[tuple[str, OpenItem]]) -> None:
    for text, item in offers:
        how = _UPDATE_WITH[item.kind]
        update = f" ({how} {item.id} updates it)" if how else ""
        say(f"  Already open and alike “{text}”: {duplicates.describe(item)}{update}.")


def print_dates(entry: MeetingEntry, today: date) -> None:
    """Every date the rep typed, as it was understood."""
    for promise in entry.promises:
        who = "I promised" if promise.owner == "me" else "They promised"
        say(f"  {who}: {promise.text} — due {describe(promise.due_on, today)}")
    if entry.next_step:
        by = f" — {describe(entry.next_step_on, today)}" if entry.next_step_on else ""
        say(f"  Next step: {entry.next_step}{by}")
    if entry.revisit_on:
        say(f"  Revisit them {describe(entry.revisit_on, today)}")


def preview(entry: MeetingEntry, customer: str, clock: Clock) -> None:
    kind = vocab.INTERACTION_KIND_LABELS[entry.interaction_kind].lower()
    when = clock.local(entry.occurred_at or clock.now())
    say(f"Would log a {kind} with {customer} on {when:%a} {when.day} {when:%b %Y, %H:%M} (nothing written):")
    print_dates(entry, clock.today())
