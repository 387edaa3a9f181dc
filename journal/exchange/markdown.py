"""A readable export: one Markdown file per customer (their page, then their timeline, newest first) and
an index, in a folder — for reading years of notes without the app. Each file is written atomically, 0600.

What the rep typed (or an import brought in) is escaped as the brief's Markdown is (`md_escape`): raw
HTML, links, images and emphasis come out as the characters typed, never as markup a viewer acts on, and
invisible controls as spaces — so a note reads the same, and does the same harmless nothing, in any viewer.
Their words — the notes' quote lines — stay quotes. Times are the rep's own, on the journal's clock.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journal.domain import vocab
from journal.domain.money import format_minor
from journal.domain.records import CustomerDetail
from journal.reads import queries
from journal.reads.brief_render import md_escape
from journal.services import settings
from journal.storage.db import Journal
from journal.storage.paths import check_output, ensure_private_dir, write_private_atomic


@dataclass(frozen=True)
class MarkdownExport:
    folder: Path
    customers: int

    def summary(self) -> str:
        return f"{self.customers:,} customer pages and an index"


_UNSAFE = re.compile(r"[^\w .,&()'-]+")


def file_name(name: str, taken: set[str]) -> str:
    """A portable file name for a customer: no slashes, control or reserved characters; unique."""
    base = _UNSAFE.sub("-", unicodedata.normalize("NFC", name)).strip(" .-")[:80] or "customer"
    candidate, n = f"{base}.md", 2
    while candidate.lower() in taken:
        candidate, n = f"{base} ({n}).md", n + 1
    taken.add(candidate.lower())
    return candidate


def _line(line: str) -> str:
    """One line of user text, shown literally: no HTML, links, images or emphasis a viewer acts on."""
    return md_escape(line)


def _text(value: str, *, quotes: bool = False) -> str:
    """User text as Markdown: lines kept apart. In meeting notes (`quotes`), a quote line of theirs
    ("> …") is a quote of their words, set off from the lines around it."""
    groups: list[tuple[bool, list[str]]] = []
    for raw in value.splitlines():
        quote = quotes and raw.lstrip().startswith(">")
        if quote:
            words = raw.lstrip()[1:].strip().strip('"“”„«»').strip()
            line = f"> {_line(words)}" if words else ">"
        else:
            line = _line(raw)
        if not groups or groups[-1][0] != quote:
            groups.append((quote, []))
        groups[-1][1].append(line)
    return "\n\n".join("  \n".join(lines) for _, lines in groups)


def _inline(value: str) -> str:
    return " ".join(_line(line) for line in value.splitlines())


def _field(label: str, value: str) -> list[str]:
    text = _text(value, quotes=label == "Notes")
    return (
        [f"**{label}:**", "", text, ""]
        if "\n\n" in text or text.startswith(">")
        else [f"**{label}:** {text}", ""]
    )


def customer_page(journal: Journal, detail: CustomerDetail) -> str:
    cid = detail.id
    out = [f"# {_inline(detail.name)}", ""]
    facts = [
        ("Stage", vocab.STAGE_LABELS.get(detail.stage, detail.stage)),
        ("Deal value", format_minor(detail.value_minor, str(settings.get(journal, "currency")))),
        ("Industry", detail.industry),
        ("Website", detail.website),
        ("Tags", ", ".join(detail.tags)),
        ("Archived", "yes" if detail.archived else ""),
        ("Revisit on", f"{detail.revisit_on} — {detail.revisit_reason}" if detail.revisit_on else ""),
    ]
    out += [f"- **{label}:** {_inline(value)}" for label, value in facts if value]
    if detail.about:
        out += ["", _text(detail.about)]
    people = queries.contacts(journal, cid)
    if people:
        out += ["", "## People", ""]
        for p in people:
            bits = ", ".join(x for x in (p.role, p.email, p.phone) if x)
            out.append(f"- **{_inline(p.name)}**" + (f" — {_inline(bits)}" if bits else ""))
            if p.notes:
                out.append(f"  {_inline(p.notes)}")
    rapport = queries.rapport_facts(journal, cid)
    if rapport:
        out += ["", "## Rapport", ""]
        for r in rapport:
            hook = f" (follow up: {_inline(r.hook)})" if r.hook else ""
            out.append(f"- {_inline(r.contact_name)}: {_inline(r.text)}{hook}")
    dates = queries.important_dates(journal, cid)
    if dates:
        out += ["", "## Dates", ""]
        for d in dates:
            year = f"{d.year}-" if d.year else ""
            who = f" ({_inline(d.contact_name)})" if d.contact_name else ""
            label = d.label or vocab.DATE_KIND_LABELS.get(d.date_kind, d.date_kind)
            out.append(f"- {year}{d.month:02d}-{d.day:02d}: {_inline(label)}{who}")
    needs = queries.needs(journal, cid)
    if needs:
        out += ["", "## Needs and pain points", ""]
        for n in needs:
            kind = vocab.NEED_KIND_LABELS.get(n.need_kind, n.need_kind)
            quote = f" — “{_inline(n.quote)}”" if n.quote else ""
            out.append(
                f"- [{vocab.NEED_STATUS_LABELS.get(n.status, n.status)}] {kind}: {_inline(n.text)}{quote}"
            )
    objections = queries.objections(journal, cid)
    if objections:
        out += ["", "## Objections", ""]
        for o in objections:
            worked = "" if o.worked is None else f" (my answer {'worked' if o.worked else 'did not work'})"
            answer = f" — answered: {_inline(o.response)}{worked}" if o.response else worked
            status = vocab.OBJECTION_STATUS_LABELS.get(o.status, o.status)
            out.append(f"- [{status}] {_inline(o.concern)}{answer}")
    promises = queries.promises(journal, cid)
    if promises:
        out += ["", "## Promises", ""]
        for pr in promises:
            who = "I promised" if pr.owner == "me" else "They promised"
            done = f", {pr.status} {pr.completed_on or ''}".rstrip() if pr.status != "open" else ""
            why = f" — let go: {_inline(pr.release_reason)}" if pr.release_reason else ""
            out.append(f"- {who} (due {pr.due_on}{done}): {_inline(pr.text)}{why}")
    asks = queries.questions(journal, cid)
    if asks:
        out += ["", "## Questions", ""]
        for q in asks:
            answer = f" — {_inline(q.answer)}" if q.answer else ""
            out.append(f"- [{'asked' if q.status == 'asked' else 'to ask'}] {_inline(q.text)}{answer}")
    for title, state in (("Planned", "planned"), ("Timeline", "done")):
        out += _meetings(journal, title, queries.interaction_ids(journal, cid, state=state))
    return "\n".join(out).rstrip() + "\n"


def _next_step(text: str, on: date | None, status: str) -> str:
    if on is None:
        return text
    return f"{text} (by {on}{'' if status == 'open' else ', ' + status})"


def _meetings(journal: Journal, title: str, ids: list[int]) -> list[str]:
    out: list[str] = []
    if ids:
        out += ["", f"## {title}", ""]
        for i in queries.interactions(journal, ids):
            kind = vocab.INTERACTION_KIND_LABELS.get(i.interaction_kind, i.interaction_kind)
            when = journal.clock.local(i.occurred_at).strftime("%Y-%m-%d %H:%M")
            out += [f"### {when} — {kind}", ""]
            if i.attendees:
                out.append(f"With {_inline(', '.join(p.name for p in i.attendees))}.")
                out.append("")
            for label, value in (
                ("Goal", i.goal),
                ("Notes", i.notes),
                ("Outcome", vocab.OUTCOME_LABELS.get(i.outcome, i.outcome) if i.outcome else ""),
                ("Next step", _next_step(i.next_step, i.next_step_on, i.next_step_status)),
                ("Went well", i.went_well),
                ("To improve", i.to_improve),
                ("Lesson", i.lesson),
            ):
                if value:
                    out += _field(label, value)
    return out


def _put_in_place(built: Path, folder: Path) -> None:
    """Move the pages in `built` into `folder`, replacing pages of the same name from an earlier export."""
    if not folder.exists():
        built.rename(folder)
        return
    for page in built.iterdir():
        page.replace(folder / page.name)


def export_markdown(
    journal: Journal, folder: Path, *, progress: Callable[[int, int], None] | None = None
) -> MarkdownExport:
    m = journal.models
    rows = [
        (int(c.id), str(c.name))
        for c in m.Customer.select(m.Customer.id, m.Customer.name).order_by(m.Customer.name_key)
    ]
    taken: set[str] = {"index.md"}
    names = [file_name(name, taken) for _, name in rows]
    for name in ("index.md", *names):  # every page is checked before the first is written
        check_output(folder / name, journal=journal.path)
    ensure_private_dir(folder.parent)
    # The pages are written into a private folder beside the target and put in its place only once all
    # are on disk: a full disk or a crash half-way leaves the folder as it was.
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".partial", dir=folder.parent))
    try:
        index = ["# Customers", ""]
        for n, ((cid, _), name) in enumerate(zip(rows, names, strict=True)):
            detail = queries.customer(journal, cid)
            write_private_atomic(building / name, customer_page(journal, detail))
            stage = vocab.STAGE_LABELS.get(detail.stage, detail.stage)
            link = name.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            index.append(f"- [{_inline(detail.name)}]({link}) — {stage}")
            if progress is not None:
                progress(n + 1, len(rows))
        write_private_atomic(building / "index.md", "\n".join(index) + "\n")
        _put_in_place(building, folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return MarkdownExport(folder, len(rows))
