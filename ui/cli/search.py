"""`sales-journal search QUERY`: the palette's search, in a terminal (best matches first)."""

from __future__ import annotations

import argparse
import sys

from journal.domain.text import visible
from journal.reads import search
from journal.reads.search import KIND_LABELS
from journal.storage import kinds
from ui.cli.terminal import json_text, say

SINGULAR = {k.name: k.label for k in kinds.SEARCHED}
WIDTH = max(len(word) for word in SINGULAR.values())


_BOLD, _PLAIN = "\ue000", "\ue001"  # private-use characters: shown as they are by `visible`


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("the limit must be between 1 and 1000")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "search",
        help="find customers, people, notes, needs, promises and questions by their words",
        description="Search everything in the journal, best matches first. Several words find notes with "
        "all of them; the last word also matches as the start of a word (“warehou”); accents and case "
        "do not matter. Quotes, dashes and AND/OR are searched as plain text.",
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="the words to look for")
    parser.add_argument(
        "--limit", type=_limit, default=20, metavar="N", help="at most N results (default 20)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for reading (default); json: a list of {type, id, customer, snippet, score, …}",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ui.cli import open_journal  # imported here: ui.cli imports this module by name

    query = " ".join(args.query)
    journal = open_journal(args)
    try:
        hits = search.search(journal, query, limit=args.limit)
    finally:
        journal.close()
    if args.format == "json":
        rows = [
            {
                "type": h.type,
                "id": h.id,
                "customer": h.customer,
                "customer_id": h.customer_id,
                "title": h.title,
                "snippet": h.snippet_plain(),
                "score": h.score,
            }
            for h in hits
        ]
        say(json_text(rows))
        return 0
    if not hits:
        say(f"Nothing found for “{query}”.", file=sys.stderr)
        return 0
    bold = sys.stdout.isatty()
    for h in hits:
        where = "" if h.type == "customer" else f"  ·  {h.customer}"
        say(f"{SINGULAR[h.type]:<{WIDTH}} #{h.id:<6} {h.title}{where}")
        if h.snippet_plain() != h.title:
            snippet = visible(h.snippet_marked(_BOLD, _PLAIN))  # the marks are ours, the words theirs
            on, off = ("\033[1m", "\033[0m") if bold else ("", "")
            sys.stdout.write(f"{'':{WIDTH + 8}}{snippet.replace(_BOLD, on).replace(_PLAIN, off)}\n")
    found = sorted({h.type for h in hits}, key=search.KINDS.index)
    say(
        f"\n{len(hits)} result{'s' if len(hits) != 1 else ''}: "
        + ", ".join(f"{sum(1 for h in hits if h.type == k)} {KIND_LABELS[k].lower()}" for k in found),
        file=sys.stderr,
    )
    return 0
