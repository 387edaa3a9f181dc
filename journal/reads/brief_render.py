"""A brief as plain text (80 columns), Markdown, HTML and JSON.

All three page-like formats are drawn from one outline (`outline`), so they list the same things in the
same order and differ only in markup. Every piece of user text travels as a `Span` and is escaped by
the renderer for its format: a note containing `<b>` or starting with `# ` comes out literally.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from journal.domain import vocab
from journal.domain.health import Health
from journal.reads import brief_words as w
from journal.reads.brief import Brief, Section

TEXT_WIDTH = 80
ABOUT_CHARS = 240

# Where the rest of a long section lives in the app.
_MORE_IN = {
    "i_owe": "the Promises tab",
    "they_owe": "the Promises tab",
    "care_about": "the Needs tab",
    "objections": "the Objections tab",
    "questions": "the Questions tab",
    "people": "the People tab",
    "last_conversations": "the Timeline",
}


@dataclass(frozen=True)
class Span:
    """A run of text. `user` text is escaped by every renderer; `link` is (kind, id) of the item."""

    text: str
    link: tuple[str, int] | None = None
    tone: str = ""  # "late" (overdue), "warn", "muted", "quote", "strong"


@dataclass
class Line:
    spans: list[Span]
    label: str = ""  # shown before the spans, e.g. "Goal"


@dataclass
class Item:
    title: Line
    details: list[Line] = field(default_factory=list)
    late: bool = False


@dataclass
class Block:
    key: str
    title: str
    count: int
    items: list[Item]
    empty: str
    note: str = ""  # a short qualifier after the title ("in this meeting")
    footer: list[Line] = field(default_factory=list)
    numbered: bool = False


@dataclass
class Outline:
    name: str
    subtitle: str
    meeting: Line | None  # the meeting this brief is for, and its goal: shown first
    goal: Line | None
    facts: list[Line]
    blocks: list[Block]


def _line(*spans: Span, label: str = "") -> Line:
    return Line([s for s in spans if s.text], label)


def _more(section: Section[Any]) -> list[Line]:
    if not section.more:
        return []
    where = _MORE_IN.get(section.key, "its tab")
    return [_line(Span(f"… and {section.more} more in {where}.", tone="muted"))]


def outline(b: Brief) -> Outline:
    """The brief as headed blocks of lines, ready for any markup."""
    today, h = b.today, b.customer
    meeting = goal = None
    if b.meeting is not None:
        m = b.meeting
        meeting = _line(Span(w.meeting_when(m, today), link=("interaction", m.id)), label=w.kind(m.kind))
        if m.goal.strip():
            goal = _line(Span(w.flat(m.goal), tone="strong"), label="Goal")
        elif m.state == "planned":
            goal = _line(
                Span("none written yet — what do you want to learn or agree?", tone="muted"), label="Goal"
            )
    facts = []
    facts.append(
        _line(Span(w.people(h.with_people) or "no one recorded yet"), label=w.with_label(h, b.meeting))
    )
    facts.append(_line(Span(w.stage_line(h, today)), label="Stage"))
    facts.append(_line(Span(w.last_contact(h), tone="warn" if h.past_cadence else ""), label="Last contact"))
    if h.health.status in ("overdue", "paused"):  # the other states are what the lines above say
        facts.append(_line(Span(w.health(h), tone=_health_tone(h.health)), label="Health"))
    if b.revisit is not None:
        r = b.revisit
        said = f"they said “{w.flat(r.reason)}” — " if r.reason.strip() else ""
        due = r.due_in is not None and r.due_in <= 0
        label = "Not now" if r.stage == "not_now" else "Lost"
        facts.append(
            _line(Span(said), Span(w.revisit_short(r, today), tone="warn" if due else ""), label=label)
        )
    for m in h.upcoming:
        if b.meeting is not None and m.id == b.meeting.id:
            continue
        goal_text = f" — {w.flat(m.goal)}" if m.goal.strip() else ""
        facts.append(
            _line(
                Span(w.meeting_when(m, today), link=("meeting", m.id)),
                Span(goal_text),
                label=f"Next {w.kind(m.kind).lower()}",
            )
        )
    for m in h.unlogged:
        facts.append(
            _line(Span(w.unlogged(m, today), link=("interaction", m.id), tone="warn"), label="Log it")
        )
    for s in h.next_steps:
        facts.append(
            _line(
                Span(w.flat(s.text), link=("interaction", s.id)),
                Span(f" — {w.due(s, today)}", tone="late" if s.days_late else ""),
                label="Next step",
            )
        )
    for d in h.dates:
        facts.append(_line(Span(w.date_item(d, today), link=("date", d.id), tone="warn"), label="Coming up"))
    if h.tags:
        facts.append(_line(Span(", ".join(w.flat(t) for t in h.tags), tone="muted"), label="Tags"))
    if h.about.strip():
        about = w.flat(h.about)
        if len(about) > ABOUT_CHARS:
            about = about[: ABOUT_CHARS - 1].rsplit(" ", 1)[0] + "…"
        facts.append(_line(Span(about, tone="muted"), label="About"))

    blocks = [
        _promises(b, "me"),
        _promises(b, "them"),
        _care(b),
        _objections(b),
        _people(b),
        _conversations(b),
        _questions(b),
    ]
    return Outline(h.name, f"Brief for {today:%a} {today.day} {today:%b %Y}", meeting, goal, facts, blocks)


def _health_tone(health: Health) -> str:
    return {"overdue": "late", "slipping": "warn", "due": "warn"}.get(health.status, "")


def _promises(b: Brief, owner: str) -> Block:
    section = b.i_owe if owner == "me" else b.they_owe
    items = []
    for p in section.items:
        who = w.promise_people(p, owner, b.today)
        items.append(
            Item(
                _line(Span(w.flat(p.text), link=("promise", p.id))),
                [
                    _line(
                        Span(w.due(p, b.today), tone="late" if p.days_late else ""),
                        Span(f" · {who}" if who else ""),
                    )
                ],
                late=bool(p.days_late) and owner == "me",
            )
        )
    return Block(section.key, section.title, section.total, items, section.empty, footer=_more(section))


def _care(b: Brief) -> Block:
    section = b.care_about.open
    items = []
    for n in section.items:
        details = []
        who = w.flat(n.contact_name)
        if n.quote.strip():
            details.append(
                _line(Span(f"“{w.flat(n.quote)}”", tone="quote"), Span(f" — {who}" if who else ""))
            )
        elif who:
            details.append(_line(Span(f"raised by {who}, {w.ago(n.raised_on, b.today)}", tone="muted")))
        items.append(
            Item(
                _line(Span(w.flat(n.text), link=("need", n.id)), Span(f" — {w.need_tags(n)}", tone="muted")),
                details,
            )
        )
    footer = _more(section)
    if b.care_about.resolved:
        spans = [Span("Resolved lately: ", tone="muted")]
        for i, r in enumerate(b.care_about.resolved):
            spans.append(Span("; " if i else ""))
            spans.append(Span(w.flat(r.text), link=("need", r.id)))
            spans.append(Span(f" ({w.ago(r.resolved_on, b.today)})", tone="muted"))
        spans.append(Span(" — check the fix landed.", tone="muted"))
        footer.append(_line(*spans))
    return Block(section.key, section.title, section.total, items, section.empty, footer=footer)


def _objections(b: Brief) -> Block:
    section = b.objections
    items = []
    for o in section.items:
        details = []
        if o.response.strip():
            details.append(_line(Span(w.flat(o.response)), label="My answer"))
        state = w.objection_state(o)
        tone = "warn" if (o.status == "open" or o.worked is False) else "muted"
        who = f" · raised by {w.flat(o.contact_name)}" if o.contact_name else ""
        details.append(
            _line(Span(state, tone=tone), Span(f"{who}, {w.ago(o.raised_on, b.today)}", tone="muted"))
        )
        for answer in o.worked_elsewhere:
            details.append(_line(Span(w.flat(answer)), label="Worked with others"))
        items.append(Item(_line(Span(w.flat(o.concern), link=("objection", o.id))), details))
    return Block(section.key, section.title, section.total, items, section.empty, footer=_more(section))


def _people(b: Brief) -> Block:
    section = b.people
    items = []
    for p in section.items:
        details = [_line(Span(w.hook(f.hook), link=("rapport", f.id), tone="strong")) for f in p.hooks]
        details += [_line(Span(w.date_item(d, b.today), link=("date", d.id), tone="warn")) for d in p.dates]
        for f in p.facts:
            when = f" ({w.day(f.learned_on, b.today)})" if f.learned_on else ""
            category = vocab.RAPPORT_LABELS.get(f.category, f.category)
            details.append(
                _line(
                    Span(f"{category}: ", tone="muted"),
                    Span(w.flat(f.text)),
                    Span(when, tone="muted"),
                )
            )
        if not details:
            details.append(
                _line(Span("Nothing personal noted yet — what do they enjoy outside work?", tone="muted"))
            )
        role = f" — {w.flat(p.role)}" if p.role else ""
        items.append(
            Item(_line(Span(w.flat(p.name), link=("contact", p.id), tone="strong"), Span(role)), details)
        )
    note = "this meeting’s first" if b.meeting is not None and b.meeting.attendees else ""
    footer = []
    if b.people_also:
        names = ", ".join(w.flat(p.name) + (f" ({w.flat(p.role)})" if p.role else "") for p in b.people_also)
        footer.append(_line(Span(f"Also at {w.flat(b.customer.name)}: ", tone="muted"), Span(names)))
    return Block(section.key, section.title, section.total, items, section.empty, note=note, footer=footer)


def _conversations(b: Brief) -> Block:
    section = b.last_conversations
    items = []
    for c in section.items:
        details = []
        if c.summary:
            details.append(_line(Span(c.summary)))
        if c.next_step.strip():
            details.append(_line(Span(w.next_step(c, b.today)), label="Next step"))
        details += [_line(Span(text), label=label) for label, text in w.reflections(c)]
        items.append(
            Item(
                _line(Span(w.conversation_title(c, b.today), link=("interaction", c.id), tone="strong")),
                details,
            )
        )
    return Block(section.key, section.title, section.total, items, section.empty)


def _questions(b: Brief) -> Block:
    section = b.questions
    items = []
    for q in section.items:
        if q.source == "queued":
            assert q.id is not None
            title = _line(Span(w.flat(q.text), link=("question", q.id)))
            details = []
            if q.closed:
                hint = "invites a yes or no — could it start with “what” or “how”?"
                details = [_line(Span(hint, tone="muted"))]
        else:
            title = _line(Span(w.flat(q.text)))
            details = [_line(Span(f"suggested · {q.reason}", tone="muted"))]
        items.append(Item(title, details))
    return Block(
        section.key, section.title, section.total, items, section.empty, footer=_more(section), numbered=True
    )


# -- plain text -----------------------------------------------------------------------------------------


def _plain(line: Line) -> str:
    text = "".join(s.text for s in line.spans)
    return f"{line.label}: {text}" if line.label else text


def _wrap(text: str, first: str, rest: str, width: int) -> list[str]:
    return textwrap.wrap(
        text, width=width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    ) or [first.rstrip()]


def render_text(b: Brief, *, width: int = TEXT_WIDTH) -> str:
    """For a terminal: no markup, wrapped to `width` columns; overdue promises of mine marked "!"."""
    o = outline(b)
    out = []
    title = o.name.upper()
    gap = width - len(title) - len(o.subtitle)
    out.append(f"{title}{' ' * gap}{o.subtitle}" if gap >= 2 else f"{title}\n{o.subtitle}")
    out.append("═" * min(width, max(len(title), len(o.subtitle)) if gap < 2 else width))
    if o.meeting is not None:
        out.extend(_wrap(_plain(o.meeting), "", "    ", width))
        if o.goal is not None:
            out.extend(_wrap(_plain(o.goal).replace("Goal: ", "GOAL  ", 1), "", "      ", width))
        out.append("")
    for line in o.facts:
        out.extend(_wrap(_plain(line), "", "    ", width))
    for block in o.blocks:
        out.append("")
        head = block.title.upper()
        if block.count and block.key != "revisit":
            head += f" · {block.count}"
        if block.note:
            head += f" ({block.note})"
        out.append(head)
        out.append("─" * min(width, len(head)))
        if not block.items:
            out.extend(_wrap(block.empty, "  ", "  ", width))
        for n, item in enumerate(block.items, start=1):
            mark = f"{n}." if block.numbered else ("!" if item.late else "•")
            first = f"  {mark} "
            out.extend(_wrap(_plain(item.title), first, " " * len(first), width))
            for detail in item.details:
                out.extend(_wrap(_plain(detail), " " * len(first), " " * (len(first) + 2), width))
        for line in block.footer:
            out.extend(_wrap(_plain(line), "  ", "  ", width))
    return "\n".join(out) + "\n"


# -- Markdown -------------------------------------------------------------------------------------------

_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_MD_ALWAYS = re.compile(r"([\\`*_\[\]<|~]|&(?=#?\w+;))")
_MD_AT_START = re.compile(r"^(\s*)(?:([-+#>=])|(\d+)([.)]))")


def md_escape(text: str) -> str:
    """User text that Markdown shows literally: whatever could start markup here is escaped, and
    whatever could start a block (a list, heading or quote) is escaped at the start too."""
    text = _MD_ALWAYS.sub(r"\\\1", _ANY_CONTROL.sub(" ", text))
    return _MD_AT_START.sub(
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), text
    )


def _md_spans(line: Line) -> str:
    parts = []
    for s in line.spans:
        text = md_escape(s.text)
        if s.tone in ("late", "strong") and text.strip():
            text = f"**{text}**"
        elif s.tone == "quote" and text.strip():
            text = f"*{text}*"
        parts.append(text)
    body = "".join(parts)
    return f"**{md_escape(line.label)}:** {body}" if line.label else body


def render_markdown(b: Brief) -> str:
    o = outline(b)
    out = [f"# {md_escape(o.name)}", "", f"*{md_escape(o.subtitle)}*", ""]
    if o.meeting is not None:
        out += [f"**{md_escape(o.meeting.label)}:** {_md_spans(Line(o.meeting.spans))}", ""]
        if o.goal is not None:
            out += [f"> {_md_spans(o.goal)}", ""]
    out += [f"- {_md_spans(line)}" for line in o.facts]
    for block in o.blocks:
        head = block.title
        if block.count and block.key != "revisit":
            head += f" · {block.count}"
        if block.note:
            head += f" ({block.note})"
        out += ["", f"## {md_escape(head)}", ""]
        if not block.items:
            out.append(f"*{md_escape(block.empty)}*")
        for n, item in enumerate(block.items, start=1):
            mark = f"{n}." if block.numbered else "-"
            lines = [_md_spans(item.title), *(_md_spans(d) for d in item.details)]
            pad = " " * (len(mark) + 1)
            out.append(f"{mark} " + ("\\\n" + pad).join(lines))
        if block.footer:
            out.append("")
            out += [_md_spans(line) for line in block.footer]
    return "\n".join(out) + "\n"


# -- HTML ------------------------------------------------------------------------------------------------

# The colours of a brief's words, the same on the screen, on paper and in a PDF (dark on white).
_WORDS = """
.label { color: #6b6b6b; }
.detail { color: #3c3c3c; }
.late { color: #9b1c14; font-weight: 600; }
.warn { color: #7a4f01; }
.muted { color: #6b6b6b; }
.quote { font-style: italic; color: #2b2b2b; }
.strong { font-weight: 600; }
.empty { color: #6b6b6b; font-style: italic; }
"""

# Qt's rich text understands this subset of CSS too, so the view, print and PDF use the same page.
STYLE = (
    """
body { font-size: 10.5pt; color: #1d1d1f; background-color: #ffffff; }
h1 { font-size: 19pt; font-weight: 600; margin-top: 0; margin-bottom: 0; }
h2 { font-size: 12.5pt; font-weight: 600; color: #1f3b57; margin-top: 20px; margin-bottom: 4px; }
p { margin-top: 0; margin-bottom: 3px; }
ul, ol { margin-top: 2px; margin-bottom: 2px; }
li { margin-bottom: 7px; }
a { color: #1f4e79; text-decoration: none; }
.subtitle { color: #6b6b6b; margin-bottom: 10px; }
.goal { background-color: #eef3f8; margin-bottom: 10px; }
.goaltext { font-size: 12pt; }
.count { color: #8a8a8a; font-weight: 400; }
"""
    + _WORDS
)


def _h(text: str) -> str:
    return html.escape(_ANY_CONTROL.sub(" ", text), quote=True)


def _html_spans(line: Line, links: bool) -> str:
    parts = []
    for s in line.spans:
        text = _h(s.text)
        if links and s.link is not None:
            scheme = "brief" if s.link[0] == "meeting" else "item"
            text = f'<a href="{scheme}:{s.link[0]}/{s.link[1]}">{text}</a>'
        if s.tone:
            text = f'<span class="{s.tone}">{text}</span>'
        parts.append(text)
    body = "".join(parts)
    return f'<span class="label">{_h(line.label)}:</span> {body}' if line.label else body


def _html_block(block: Block, links: bool) -> list[str]:
    count = f' <span class="count">· {block.count}</span>' if block.count and block.key != "revisit" else ""
    note = f' <span class="count">({_h(block.note)})</span>' if block.note else ""
    out = [f'<h2><a name="{block.key}"></a>{_h(block.title)}{count}{note}</h2>']
    if not block.items:
        out.append(f'<p class="empty">{_h(block.empty)}</p>')
    else:
        tag = "ol" if block.numbered else "ul"
        out.append(f"<{tag}>")
        for item in block.items:
            lines = [_html_spans(item.title, links)]
            lines += [f'<span class="detail">{_html_spans(d, links)}</span>' for d in item.details]
            out.append(f"<li>{'<br>'.join(lines)}</li>")
        out.append(f"</{tag}>")
    out += [f"<p>{_html_spans(line, links)}</p>" for line in block.footer]
    return out


def render_html(b: Brief, *, links: bool = False, colours: str = "") -> str:
    """A standalone page. With `links`, items link to `item:KIND/ID` (and planned meetings to
    `brief:meeting/ID`) for the app to open. `colours` (CSS) overrides the dark-on-white page's colours,
    for a screen in a dark scheme; printed and saved pages keep dark on white."""
    o = outline(b)
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>Brief — {_h(o.name)}</title>",
        f"<style>{STYLE}{colours}</style>",
        "</head><body>",
        f"<h1>{_h(o.name)}</h1>",
        f'<p class="subtitle">{_h(o.subtitle)}</p>',
    ]
    if o.meeting is not None:
        goal = f'<p class="goaltext">{_html_spans(o.goal, links)}</p>' if o.goal is not None else ""
        out.append(
            '<table class="goal" width="100%" cellpadding="8" cellspacing="0">'
            f'<tr><td><p class="meeting">{_html_spans(o.meeting, links)}</p>{goal}</td></tr></table>'
        )
    out += [f'<p class="fact">{_html_spans(line, links)}</p>' for line in o.facts]
    for block in o.blocks:
        out += _html_block(block, links)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# -- one printed page --------------------------------------------------------------------------------------

# On paper (PDF or printed) a brief is one A4 or Letter page: each section shows its first few items and
# counts the rest, a conversation keeps its summary and next step, a person their hooks, dates and
# newest facts; the sections stand in two columns.
PAGE_SHOWN = {
    "i_owe": 5,
    "they_owe": 3,
    "care_about": 5,
    "objections": 3,
    "people": 5,
    "last_conversations": 2,
    "questions": 4,
}
PAGE_DETAILS = {"people": 4, "last_conversations": 2}  # detail lines kept per item
PAGE_LEFT = ("i_owe", "they_owe", "care_about", "objections")
PAGE_STYLE = (
    """
body { font-size: 8.5pt; color: #1d1d1f; background-color: #ffffff; }
h1 { font-size: 15pt; font-weight: 600; margin-top: 0; margin-bottom: 0; }
h2 { font-size: 10pt; font-weight: 600; color: #1f3b57; margin-top: 8px; margin-bottom: 1px; }
p { margin-top: 0; margin-bottom: 1px; }
ul, ol { margin-top: 0; margin-bottom: 0; margin-left: 12px; -qt-list-indent: 0; }
li { margin-bottom: 2px; }
a { color: #1f4e79; text-decoration: none; }
.subtitle { color: #6b6b6b; margin-bottom: 4px; }
.goal { background-color: #eef3f8; margin-bottom: 4px; }
.goaltext { font-size: 10pt; }
.count { color: #8a8a8a; font-weight: 400; }
"""
    + _WORDS
)


def _on_a_page(block: Block) -> Block:
    shown = PAGE_SHOWN.get(block.key)
    if shown is None or (len(block.items) <= shown and block.key not in PAGE_DETAILS):
        return block
    keep = PAGE_DETAILS.get(block.key)
    items = [Item(i.title, i.details[:keep] if keep else i.details, i.late) for i in block.items[:shown]]
    hidden = block.count - len(items)
    footer = [line for line in block.footer if not line.spans or not line.spans[0].text.startswith("… and ")]
    if hidden > 0:
        where = _MORE_IN.get(block.key, "the app")
        footer.insert(0, _line(Span(f"… and {hidden} more in {where}.", tone="muted")))
    return dataclasses.replace(block, items=items, footer=footer)


def render_page(b: Brief) -> str:
    """The brief as one printable page (for a PDF or paper): two columns, long sections cut short."""
    o = outline(b)
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>Brief — {_h(o.name)}</title>",
        f"<style>{PAGE_STYLE}</style>",
        "</head><body>",
        f"<h1>{_h(o.name)}</h1>",
        f'<p class="subtitle">{_h(o.subtitle)}</p>',
    ]
    if o.meeting is not None:
        goal = f'<p class="goaltext">{_html_spans(o.goal, False)}</p>' if o.goal is not None else ""
        out.append(
            '<table class="goal" width="100%" cellpadding="4" cellspacing="0">'
            f'<tr><td><p class="meeting">{_html_spans(o.meeting, False)}</p>{goal}</td></tr></table>'
        )
    out += [f'<p class="fact">{_html_spans(line, False)}</p>' for line in o.facts]
    blocks = [_on_a_page(block) for block in o.blocks]
    left = [line for block in blocks if block.key in PAGE_LEFT for line in _html_block(block, False)]
    right = [line for block in blocks if block.key not in PAGE_LEFT for line in _html_block(block, False)]
    out.append(
        '<table width="100%" cellpadding="0" cellspacing="0"><tr>'
        f'<td width="49%" valign="top">{"".join(left)}</td><td width="2%"></td>'
        f'<td width="49%" valign="top">{"".join(right)}</td></tr></table>'
    )
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# -- JSON ------------------------------------------------------------------------------------------------


def _plainify(value: Any) -> Any:
    if isinstance(value, Section):
        return {"total": value.total, "items": [_plainify(i) for i in value.items], "empty": value.empty}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plainify(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plainify(v) for v in value]
    return value


def brief_dict(b: Brief) -> dict[str, Any]:
    """The brief as plain values with stable keys (dates as ISO 8601 text)."""
    care = _plainify(b.care_about.open)
    care["resolved"] = _plainify(b.care_about.resolved)
    return {
        "today": b.today.isoformat(),
        "customer": _plainify(b.customer),
        "meeting": _plainify(b.meeting),
        "i_owe": _plainify(b.i_owe),
        "they_owe": _plainify(b.they_owe),
        "care_about": care,
        "objections": _plainify(b.objections),
        "people": _plainify(b.people),
        "last_conversations": _plainify(b.last_conversations),
        "questions": _plainify(b.questions),
        "revisit": _plainify(b.revisit),
    }


def render_json(b: Brief) -> str:
    return json.dumps(brief_dict(b), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "html": render_html, "json": render_json}
