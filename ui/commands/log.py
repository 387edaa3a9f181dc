"""`sales-journal log CUSTOMER --notes TEXT …`: capture a meeting from a terminal, through the same service
and checks as the Log meeting form (bad input: exit 2, the reason, nothing written)."""

from __future__ import annotations

import argparse
from datetime import date

from journal import meeting_log, queries, vocab
from journal.clock import Clock
from journal.dates import describe, parse_date, parse_datetime
from journal.db import Journal
from journal.errors import ValidationError
from journal.meeting_log import MeetingEntry, NewNeed, NewPerson, NewPromise, Reflection
from journal.text import name_key


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
    parser.add_argument(
        "--need", metavar="TEXT", action="append", default=[], help="a need they have (repeat)"
    )
    parser.add_argument("--pain", metavar="TEXT", action="append", default=[], help="a pain point (repeat)")
    parser.add_argument("--lesson", metavar="TEXT", default="", help="one lesson from this meeting")
    parser.add_argument("--listening", type=int, metavar="1-5", help="how well I listened, 1 to 5")
    planned = parser.add_mutually_exclusive_group()
    planned.add_argument(
        "--meeting", type=_record_id, metavar="ID", help="the planned meeting this log completes"
    )
    planned.add_argument(
        "--unplanned", action="store_true", help="a new meeting, even if one was planned just now"
    )
    parser.add_argument(
        "-n",
        "--dry-run",
        action="store_true",
        help="show what would be logged, dates resolved; write nothing",
    )
    parser.set_defaults(func=run)


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
    """One of the customer's people by name: the whole name in any case, or the start of one."""
    people = queries.contacts(journal, customer_id)
    wanted = name_key(text)
    found = [c for c in people if name_key(c.name) == wanted] or [
        c for c in people if name_key(c.name).startswith(wanted)
    ]
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
    needs = [NewNeed(text) for text in args.need] + [NewNeed(text, need_kind="pain") for text in args.pain]
    planned_id = args.meeting
    if planned_id is None and not args.unplanned:
        held = meeting_log.meeting_just_held(journal, customer_id)
        planned_id = held.id if held is not None else None
    new_people = []
    for spec in args.new_person:
        name, _, role = spec.partition(",")
        new_people.append(NewPerson(name.strip(), role.strip()))
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
        needs=tuple(needs),
        promises=tuple(promises),
        outcome=args.outcome or "",
        next_step=args.next_step,
        next_step_on=_date(args.next_date, clock, "next_step_on"),
        reason=args.reason,
        revisit_on=_date(args.revisit, clock, "revisit_on"),
        reflection=Reflection(lesson=args.lesson, listening=args.listening),
        planned_id=planned_id,
    )


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
            if args.dry_run:
                preview(entry, customer.name, journal.clock)
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
        print(
            f"Logged a {kind} with {customer.name}{people} on {when:%a} {when.day} {when:%b %Y, %H:%M}"
            + (f": {found}." if found else ".")
        )
        if entry.planned_id is not None:
            goal = f" ({interaction.goal})" if interaction.goal else ""
            print(f"  It completes the meeting planned for {when:%a} {when.day} {when:%b, %H:%M}{goal}.")
        print_dates(entry, journal.clock.today())
        stage = queries.customer(journal, customer.id).stage
        if stage != customer.stage or meeting_log.stage_for_outcome(interaction.outcome) is not None:
            print(f"  {customer.name} is now at {vocab.STAGE_LABELS[stage]}.")
    finally:
        journal.close()
    return 0


def print_dates(entry: MeetingEntry, today: date) -> None:
    """Every date the rep typed, as it was understood."""
    for promise in entry.promises:
        who = "I promised" if promise.owner == "me" else "They promised"
        print(f"  {who}: {promise.text} — due {describe(promise.due_on, today)}")
    if entry.next_step:
        by = f" — {describe(entry.next_step_on, today)}" if entry.next_step_on else ""
        print(f"  Next step: {entry.next_step}{by}")
    if entry.revisit_on:
        print(f"  Revisit them {describe(entry.revisit_on, today)}")


def preview(entry: MeetingEntry, customer: str, clock: Clock) -> None:
    kind = vocab.INTERACTION_KIND_LABELS[entry.interaction_kind].lower()
    when = clock.local(entry.occurred_at or clock.now())
    print(
        f"Would log a {kind} with {customer} on {when:%a} {when.day} {when:%b %Y, %H:%M} (nothing written):"
    )
    print_dates(entry, clock.today())
