"""`sales-journal brief CUSTOMER`: the pre-meeting brief in a terminal, or as Markdown, HTML, JSON or PDF."""

from __future__ import annotations

import argparse
import io
import shutil
import sys

from journal.domain.text import visible
from journal.reads import planned
from journal.reads.brief import Brief, build_brief
from journal.reads.brief_render import (
    TEXT_WIDTH,
    render_html,
    render_json,
    render_markdown,
    render_page,
    render_text,
)
from journal.storage import paths
from journal.storage.db import Journal
from ui.cli.terminal import say

FORMATS = ("text", "markdown", "html", "pdf", "json")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "brief",
        help="the brief to read before a call: what you owe, what they care about, what to ask",
        description="Print the brief for a customer: what you owe them and what they owe you, their needs "
        "in their own words, open objections, the people, the last conversations and questions to ask.",
    )
    parser.add_argument("customer", metavar="CUSTOMER", help="a name (any case), the start of one, or an id")
    parser.add_argument(
        "--meeting",
        metavar="ID",
        help="brief for this planned meeting (its id, or 'next' for the next one): its goal and its people",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="text (default), markdown, html, pdf or json"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (readable by you only) instead of printing"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ui.cli import (  # ui.cli imports this module by name
        CommandError,
        cannot_write,
        open_journal,
        output_path,
        resolve_customer,
    )

    if args.format == "pdf" and not args.output and sys.stdout.isatty():
        raise CommandError("A PDF is not for the terminal: add -o FILE (for example -o brief.pdf).")
    path = output_path(args, args.output) if args.output else None
    journal = open_journal(args)
    try:
        customer = resolve_customer(journal, args.customer)
        meeting = _meeting_id(journal, customer.id, args.meeting)
        brief = build_brief(journal, customer.id, today=journal.clock.today(), meeting_id=meeting)
    finally:
        journal.close()
    data = _render(brief, args.format, to_terminal=not args.output and sys.stdout.isatty())
    if path is not None:
        try:
            paths.write_private_atomic(path, data)
        except OSError as e:
            raise cannot_write(path, e) from e
        say(f"Wrote the brief for {customer.name} to {path}")
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        utf8 = (sys.stdout.encoding or "").lower().replace("-", "") == "utf8"
        if not utf8 and isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(errors="replace")
        say(data, end="")
    return 0


def _meeting_id(journal: Journal, customer_id: int, text: str | None) -> int | None:
    from ui.cli import CommandError

    if text is None:
        return None
    if text.strip().lower() == "next":
        meeting = planned.next_meeting(journal, customer_id)
        if meeting is None:
            raise CommandError("No meeting with them is planned; leave out --meeting for their brief.")
        return meeting.id
    if not text.strip().isdecimal() or int(text) >= 2**63:
        raise CommandError(f"--meeting takes a meeting's id or 'next', not “{text}”.")
    return int(text)


def _render(brief: Brief, fmt: str, *, to_terminal: bool) -> str | bytes:
    if fmt == "text":
        width = (
            min(TEXT_WIDTH, shutil.get_terminal_size((TEXT_WIDTH, 24)).columns) if to_terminal else TEXT_WIDTH
        )
        return visible(render_text(brief, width=max(50, width)))
    if fmt == "markdown":
        return render_markdown(brief)
    if fmt == "json":
        return render_json(brief)
    if fmt == "html":
        return render_html(brief)
    from ui.brief.pdf import pdf_bytes  # Qt, only for a PDF

    return pdf_bytes(render_page(brief), f"Brief — {brief.customer.name}")
