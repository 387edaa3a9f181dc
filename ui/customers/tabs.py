"""The workspace tabs: people & rapport, needs, objections, promises, timeline, questions."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from journal.domain import vocab
from journal.domain.aspects import Aspect
from journal.domain.dates import day_date, day_time, relative, short_date
from journal.domain.records import ImportantDateView, InteractionView, PromiseView
from journal.domain.text import short
from journal.reads import queries
from journal.services import contacts, interactions, needs, promises, questions
from journal.storage.changes import Changes
from ui.customers.item_dialogs import (
    ContactDialog,
    ImportantDateDialog,
    InteractionDialog,
    ItemDialog,
    NeedDialog,
    ObjectionDialog,
    PlanMeetingDialog,
    PromiseDialog,
    QuestionDialog,
    RapportDialog,
)
from ui.customers.items_tab import KEY_ROLE, Editor, ItemNode, ItemsTab, Key
from ui.customers.merge_dialog import MergePersonDialog
from ui.shell.context import AppContext
from ui.widgets.forms import attempt
from ui.widgets.small_dialogs import ask_date


def _editor(cls: type[ItemDialog]) -> Editor:
    def edit(
        ctx: AppContext, customer_id: int, item_id: int | None, parent: QWidget | None
    ) -> Changes | None:
        return cls.ask(ctx, customer_id, item_id, parent)

    return edit


def quote_md(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


class PeopleTab(ItemsTab):
    kinds = ("contact", "rapport", "date")
    aspects = frozenset({Aspect.PEOPLE, Aspect.RAPPORT, Aspect.DATES})
    columns = ("Person and what I know", "Kind", "When")
    label = "People"
    empty_text = "No people yet. Add the people you talk to here (Ins), then what you learn about them."

    def build(self) -> None:
        self.add_action("Add &person…", self.add_person, "Ins", "Add a person at this customer")
        self.add_action(
            "Add &rapport fact…",
            self.add_fact,
            "Ctrl+Shift+R",
            "Add something personal you learned about the selected person",
        )
        self.add_action("Add &date…", self.add_date, "Ctrl+Shift+D", "Add a birthday, renewal or other date")
        self.add_action(
            "&Merge into…",
            self.merge_person,
            "Ctrl+Shift+J",
            "Merge the selected person, entered twice, into the one to keep",
            when=lambda key: key[0] == "contact",
        )
        self.editors = {
            "contact": _editor(ContactDialog),
            "rapport": _editor(RapportDialog),
            "date": _editor(ImportantDateDialog),
        }
        j = self.ctx.journal
        self.deleters = {
            "contact": lambda i: contacts.delete_contact(j, i),
            "rapport": lambda i: contacts.delete_rapport_fact(j, i),
            "date": lambda i: contacts.delete_important_date(j, i),
        }

    def _person_id(self) -> int | None:
        key = self.selected()
        item = self.tree.currentItem()
        if key is None or item is None:
            return None
        if key[0] == "contact":
            return key[1]
        parent = item.parent()
        parent_key = parent.data(0, KEY_ROLE) if parent is not None else None
        return int(parent_key[1]) if parent_key and parent_key[0] == "contact" else None

    def add_person(self) -> None:
        if self.customer_id is not None:
            changes = ContactDialog.ask(self.ctx, self.customer_id, None, self)
            if changes:
                self.select("contact", changes.created_id("contact"))

    def add_fact(self) -> None:
        if self.customer_id is None:
            return
        changes = RapportDialog.ask(self.ctx, self.customer_id, None, self, contact_id=self._person_id())
        if changes:
            self.select("rapport", changes.created_id("rapport"))

    def add_date(self) -> None:
        if self.customer_id is None:
            return
        changes = ImportantDateDialog.ask(
            self.ctx, self.customer_id, None, self, contact_id=self._person_id()
        )
        if changes:
            self.select("date", changes.created_id("date"))

    def merge_person(self) -> None:
        key = self.selected()
        if key is None or key[0] != "contact":
            return
        changes = MergePersonDialog.ask(self.ctx, key[1], self)
        if changes:
            kept = changes.ids("contact", "updated")
            if kept:
                self.select("contact", kept[0])
            self.ctx.status_message.emit(f"{changes.label}. Ctrl+Z takes it back.")

    def fill(self, customer_id: int) -> None:
        j = self.ctx.journal
        today = j.clock.today()
        facts = defaultdict(list)
        self._facts = {f.id: f for f in queries.rapport_facts(j, customer_id)}
        for f in self._facts.values():
            facts[f.contact_id].append(f)
        dates = defaultdict(list)
        self._dates = {d.id: d for d in queries.important_dates(j, customer_id)}
        for d in self._dates.values():
            dates[d.contact_id].append(d)
        self._contacts = {c.id: c for c in queries.contacts(j, customer_id)}
        for c in self._contacts.values():
            person = self.row(("contact", c.id), [c.name, c.role, ""])
            font = person.font(0)
            font.setBold(True)
            person.setFont(0, font)
            for f in facts[c.id]:
                hook = f" · follow up: {f.hook}" if f.hook and not f.hook_asked else ""
                when = short_date(f.learned_on, today) if f.learned_on else ""
                self.row(
                    ("rapport", f.id), [f"{f.text}{hook}", vocab.RAPPORT_LABELS[f.category], when], person
                )
            for d in dates[c.id]:
                self._date_row(d, person, today)
        company = dates[None]
        if company:
            group = self.group("Company dates", len(company))
            for d in company:
                self._date_row(d, group, today)

    def _date_row(self, d: ImportantDateView, parent: ItemNode, today: date) -> None:
        nxt = d.next_occurrence(today)
        soon = (nxt - today).days <= 14
        label = d.label or vocab.DATE_KIND_LABELS[d.date_kind]
        self.row(
            ("date", d.id),
            [
                label,
                vocab.DATE_KIND_LABELS[d.date_kind],
                f"{short_date(nxt, today)} ({relative(nxt, today)})",
            ],
            parent,
            tone="good" if soon else None,
        )

    def count(self, customer_id: int) -> int:
        return len(queries.contacts(self.ctx.journal, customer_id))

    def describe(self, kind: str, item_id: int) -> str:
        if kind == "rapport":
            return self._describe_fact(item_id)
        if kind == "date":
            return self._describe_date(item_id)
        c = self._contacts.get(item_id)
        if c is None:
            return ""
        lines = [f"**{c.name}**" + (f" — {c.role}" if c.role else "")]
        reach = [x for x in (c.email, c.phone) if x]
        if c.channel:
            reach.append(f"prefers {vocab.CHANNEL_LABELS[c.channel].lower()}")
        if reach:
            lines.append(" · ".join(reach))
        if c.notes:
            lines.append(c.notes)
        return "\n\n".join(lines)

    def _describe_fact(self, fact_id: int) -> str:
        f = self._facts.get(fact_id)
        if f is None:
            return ""
        today = self.ctx.journal.clock.today()
        head = f"**{vocab.RAPPORT_LABELS[f.category]}**" + (f" — {f.contact_name}" if f.contact_name else "")
        parts = [head, quote_md(f.text)]
        if f.hook:
            asked = " (asked)" if f.hook_asked else ""
            parts.append(f"**Follow up:** {f.hook}{asked}")
        if f.learned_on:
            parts.append(f"Learned {day_date(f.learned_on, today)}")
        return "\n\n".join(parts)

    def _describe_date(self, date_id: int) -> str:
        d = self._dates.get(date_id)
        if d is None:
            return ""
        today = self.ctx.journal.clock.today()
        nxt = d.next_occurrence(today)
        label = d.label or vocab.DATE_KIND_LABELS[d.date_kind]
        return f"**{label}**\n\nNext: {day_date(nxt, today)} ({relative(nxt, today)})"


class NeedsTab(ItemsTab):
    kinds = ("need",)
    aspects = frozenset({Aspect.NEEDS, Aspect.PEOPLE})  # who said it
    columns = ("What they need", "Kind", "Importance", "Said by", "Since")
    label = "Needs"
    open_kind = "need"
    empty_text = "No needs recorded yet. Ask what they are trying to achieve, and what gets in the way."

    def build(self) -> None:
        self.add_action("&Add…", self.add, "Ins", "Add a need, pain point, goal or concern")
        self.add_action(
            "Mark &resolved", self.resolve, "Ctrl+D", "Mark the selected need resolved", when=self._is_open
        )
        self.editors = {"need": _editor(NeedDialog)}
        self.deleters = {"need": lambda i: needs.delete_need(self.ctx.journal, i)}

    def _is_open(self, key: Key) -> bool:
        n = self._needs.get(key[1])
        return n is not None and vocab.is_open("need", n.status)

    def add(self) -> None:
        if self.customer_id is not None:
            changes = NeedDialog.ask(self.ctx, self.customer_id, None, self)
            if changes:
                self.select("need", changes.created_id("need"))

    def resolve(self) -> None:
        key = self.selected()
        if key:
            attempt(self, lambda: needs.set_need_status(self.ctx.journal, key[1], "resolved"))

    def fill(self, customer_id: int) -> None:
        j = self.ctx.journal
        today = j.clock.today()
        rows = queries.needs(j, customer_id)
        self._needs = {n.id: n for n in rows}
        groups = (
            ("Open", ("open",)),
            ("Addressed — check the fix landed", ("addressed",)),
            ("Resolved or dropped", ("resolved", "dropped")),
        )
        for title, statuses in groups:
            items = [n for n in rows if n.status in statuses]
            if not items and statuses != ("open",):
                continue
            group = self.group(title, len(items))
            for n in items:
                since = n.created_at.astimezone(j.clock.local_tz()).date()
                self.row(
                    ("need", n.id),
                    [
                        n.text + (f" — “{n.quote}”" if n.quote else ""),
                        vocab.NEED_KIND_LABELS[n.need_kind],
                        vocab.IMPORTANCE_LABELS.get(n.importance, ""),
                        n.contact_name,
                        short_date(since, today),
                    ],
                    group,
                    tone="muted" if n.status in ("resolved", "dropped") else None,
                )

    def describe(self, kind: str, item_id: int) -> str:
        n = self._needs.get(item_id)
        if n is None:
            return ""
        parts = [f"**{vocab.NEED_KIND_LABELS[n.need_kind]}:** {n.text}"]
        if n.quote:
            who = f"\n>\n> — {n.contact_name}" if n.contact_name else ""
            parts.append(quote_md(n.quote) + who)
        parts.append(f"Status: {vocab.NEED_STATUS_LABELS[n.status]}")
        return "\n\n".join(parts)


class ObjectionsTab(ItemsTab):
    kinds = ("objection",)
    aspects = frozenset({Aspect.OBJECTIONS, Aspect.PEOPLE})
    columns = ("Concern", "Status", "Did my answer work?", "Raised by")
    label = "Objections"
    open_kind = "objection"
    empty_text = "No objections recorded. When they hesitate, write down the concern in their words."

    def build(self) -> None:
        self.add_action("&Add…", self.add, "Ins", "Add an objection they raised")
        self.add_action(
            "Mark &resolved",
            self.resolve,
            "Ctrl+D",
            "Mark the selected objection resolved",
            when=lambda key: getattr(self._objections.get(key[1]), "status", "") != "resolved",
        )
        self.editors = {"objection": _editor(ObjectionDialog)}
        self.deleters = {"objection": lambda i: needs.delete_objection(self.ctx.journal, i)}

    def add(self) -> None:
        if self.customer_id is not None:
            changes = ObjectionDialog.ask(self.ctx, self.customer_id, None, self)
            if changes:
                self.select("objection", changes.created_id("objection"))

    def resolve(self) -> None:
        key = self.selected()
        if key:
            attempt(self, lambda: needs.set_objection_status(self.ctx.journal, key[1], "resolved"))

    def fill(self, customer_id: int) -> None:
        rows = queries.objections(self.ctx.journal, customer_id)
        self._objections = {o.id: o for o in rows}
        worked = {None: "not sure yet", True: "yes", False: "no"}
        for title, statuses in (
            ("Still in the way", vocab.OPEN_STATUSES["objection"]),
            ("Resolved", ("resolved",)),
        ):
            items = [o for o in rows if o.status in statuses]
            if not items and statuses == ("resolved",):
                continue
            group = self.group(title, len(items))
            for o in items:
                self.row(
                    ("objection", o.id),
                    [
                        o.concern,
                        vocab.OBJECTION_STATUS_LABELS[o.status],
                        worked[o.worked] if o.response else "",
                        o.contact_name,
                    ],
                    group,
                    tone="muted" if o.status == "resolved" else None,
                )

    def describe(self, kind: str, item_id: int) -> str:
        o = self._objections.get(item_id)
        if o is None:
            return ""
        parts = ["**Their concern**", quote_md(o.concern)]
        parts.append(f"**My response:** {o.response}" if o.response else "*No response recorded yet.*")
        return "\n\n".join(parts)


TIMELINE_PAGE = 100
PROMISES_PAGE = 100  # kept and released promises read at a time
MORE_ROLE = Qt.ItemDataRole.UserRole + 1
OPEN_PROMISES = vocab.OPEN_STATUSES["promise"]
CLOSED_PROMISES = tuple(s for s in vocab.PROMISE_STATUSES if s not in OPEN_PROMISES)


class PagedTab(ItemsTab):
    """A tab whose older rows in one group are read a page at a time: a last "Show older…" row, read as
    the list is scrolled to it or when Enter is pressed on it (`_older`)."""

    older_noun = ""  # what the older rows are, for the row's tooltip

    def _start_paging(self) -> None:
        self.tree.itemActivated.connect(self._maybe_more)
        self._more_row: ItemNode | None = None

    def _older(self) -> None:
        raise NotImplementedError

    def _offer_more_row(self, group: ItemNode | None, left: int) -> None:
        """While `left` older rows are unread: the last row of `group` says so."""
        if left <= 0 or group is None:
            self.model.more = None
            return
        self._more_row = self.row(None, [f"Show older… ({left:,} more)"], group)
        self._more_row.setData(0, MORE_ROLE, "more")
        self._more_row.setToolTip(0, f"Scroll down or press Enter for older {self.older_noun}")
        self.model.more = self._older

    def _take_more_row(self) -> bool:
        """Remove the "Show older…" row; whether it was the current row."""
        was_current = self._more_row is not None and self.tree.currentItem() is self._more_row
        if self._more_row is not None:
            self.model.remove_row(self._more_row)
            self._more_row = None
        return was_current

    def _maybe_more(self, item: ItemNode, _column: int = 0) -> None:
        if item.data(0, MORE_ROLE) == "more":
            self._older()


class PromisesTab(PagedTab):
    kinds = ("promise",)
    older_noun = "promises"
    aspects = frozenset({Aspect.PROMISES, Aspect.PEOPLE})
    columns = ("Promise", "Due", "Status", "To / from")
    label = "Promises"
    open_kind = "promise"
    empty_text = "No promises yet. Follow through: write down what you promised, and what they did."

    def build(self) -> None:
        self.add_action("I &promise…", lambda: self.add("me"), "Ins", "Add something I promised them")
        self.add_action(
            "They p&romise…", lambda: self.add("them"), "Shift+Ins", "Add something they promised"
        )
        is_open = self._is_open
        self.add_action(
            "Mark &kept", self.keep, "Ctrl+D", "Mark the selected promise kept today", when=is_open
        )
        self.add_action("Re&schedule…", self.reschedule, "Ctrl+Shift+S", "Move the due date", when=is_open)
        self.add_action("Re&lease…", self.release, None, "Let the promise go, with a reason", when=is_open)
        self.add_action(
            "Re&open",
            self.reopen,
            None,
            "Open a kept or released promise again",
            when=lambda key: not self._is_open(key),
        )
        self.editors = {"promise": _editor(PromiseDialog)}
        self.deleters = {"promise": lambda i: promises.delete_promise(self.ctx.journal, i)}
        self._start_paging()
        self.limit = PROMISES_PAGE
        self.promises_read = 0  # promises read from the journal: tests check the paging
        self._promises: dict[int, PromiseView] = {}
        self._closed: ItemNode | None = None
        self._closed_total = 0

    def _is_open(self, key: Key) -> bool:
        p = self._promises.get(key[1])
        return p is not None and p.status == "open"

    def add(self, owner: str) -> None:
        if self.customer_id is None:
            return
        changes = PromiseDialog.ask(self.ctx, self.customer_id, None, self, owner=owner)
        if changes:
            self.select("promise", changes.created_id("promise"))

    def keep(self) -> None:
        key = self.selected()
        if key:
            attempt(self, lambda: promises.mark_kept(self.ctx.journal, key[1]))

    def reschedule(self) -> None:
        key = self.selected()
        if key is None:
            return
        p = self._promises[key[1]]
        when = ask_date(self, self.ctx, "Reschedule promise", f"New due date for “{short(p.text, 60)}”")
        if when is not None:
            attempt(self, lambda: promises.reschedule(self.ctx.journal, key[1], when))

    def release(self) -> None:
        key = self.selected()
        if key is None:
            return
        reason = ask_text(self, "Release promise", "Why is this promise no longer needed?")
        if reason is not None:
            attempt(self, lambda: promises.release(self.ctx.journal, key[1], reason=reason))

    def reopen(self) -> None:
        key = self.selected()
        if key:
            attempt(self, lambda: promises.reopen(self.ctx.journal, key[1]))

    def load(self, customer_id: int | None) -> None:
        if customer_id != self.customer_id:
            self.limit = PROMISES_PAGE
        super().load(customer_id)

    def fill(self, customer_id: int) -> None:
        """The open promises, all of them; the kept and released ones a page at a time, newest first
        (a long-standing customer has thousands)."""
        j = self.ctx.journal
        today = j.clock.today()
        rows = queries.promises(j, customer_id, statuses=OPEN_PROMISES)
        counts = queries.status_counts(j, "promise", customer_id)
        self._closed_total = sum(n for status, n in counts.items() if status not in OPEN_PROMISES)
        closed = queries.promises(j, customer_id, statuses=CLOSED_PROMISES, limit=self.limit)
        self.promises_read += len(rows) + len(closed)
        self._promises = {p.id: p for p in (*rows, *closed)}
        for title, owner in (("I owe them", "me"), ("They owe me", "them")):
            items = [p for p in rows if p.owner == owner]
            group = self.group(title, len(items))
            for p in items:
                self._row(p, group, today)
        self._closed = None
        if self._closed_total:
            group = self._closed = self.group("Kept and released", self._closed_total)
            for p in closed:
                self._row(p, group, today)
        self._more_row = None
        self._offer_more()

    def _offer_more(self) -> None:
        self._offer_more_row(self._closed, self._closed_total - self._closed_shown())

    def _closed_shown(self) -> int:
        return sum(1 for p in self._promises.values() if p.status not in OPEN_PROMISES)

    def _older(self) -> None:
        """Read the next page of kept and released promises into the list."""
        if self.customer_id is None or self._closed is None:
            return
        j = self.ctx.journal
        shown = self._closed_shown()
        older = queries.promises(
            j, self.customer_id, statuses=CLOSED_PROMISES, limit=PROMISES_PAGE, offset=shown
        )
        self.promises_read += len(older)
        was_current = self._take_more_row()
        today = j.clock.today()
        for n, p in enumerate(older):
            self._promises[p.id] = p
            self._row(p, self._closed, today)
            if n == 0 and was_current:
                self.select("promise", p.id)  # the keyboard stays where "Show older…" was
        self.limit = max(self.limit, shown + len(older))
        self._offer_more()

    def _row(self, p: PromiseView, group: ItemNode, today: date) -> None:
        late = p.days_late(today)
        if p.status == "open":
            status = f"{late} days late" if late > 1 else ("1 day late" if late else "open")
            due = f"{short_date(p.due_on, today)} ({relative(p.due_on, today)})"
        else:
            done = p.completed_on or p.due_on
            on_time = p.kept_on_time
            status = vocab.PROMISE_STATUS_LABELS[p.status]
            if on_time is not None:
                status += " on time" if on_time else f" late ({(done - p.due_on).days} days)"
            due = short_date(p.due_on, today)
        owner = "" if p.status == "open" else ("mine · " if p.owner == "me" else "theirs · ")
        self.row(
            ("promise", p.id),
            [f"{owner}{p.text}", due, status, p.contact_name],
            group,
            tone="overdue" if late else ("muted" if p.status != "open" else None),
        )

    def describe(self, kind: str, item_id: int) -> str:
        p = self._promises.get(item_id)
        if p is None:
            return ""
        who = "I promised" if p.owner == "me" else "They promised"
        today = self.ctx.journal.clock.today()
        text = f"**{who}:** {p.text}\n\nDue {day_date(p.due_on, today)}"
        if p.status == "released" and p.release_reason:
            text += f"\n\nReleased: {p.release_reason}"
        if p.completed_on:
            text += f"\n\nKept on {day_date(p.completed_on, today)}"
        return text


class TimelineTab(PagedTab):
    kinds = ("interaction",)
    older_noun = "meetings"
    aspects = frozenset({Aspect.MEETINGS, Aspect.PEOPLE})  # who attended
    columns = ("When", "Kind", "With", "What happened")
    wide_column = 3
    label = "Timeline"
    empty_text = "No meetings logged yet. After a call, log it (Ins) while it is fresh."

    def build(self) -> None:
        self.add_action("&Log…", self.log, "Ins", "Log a call, meeting or message")
        self.add_action("&Plan meeting…", self.plan, None, "Plan a meeting with a goal (Ctrl+Shift+M)")
        self.add_action(
            "&Cancel meeting",
            self.cancel,
            None,
            "Cancel the selected planned meeting (kept in history)",
            when=lambda key: getattr(self._shown.get(key[1]), "state", "") == "planned",
        )
        self.editors = {"interaction": self._edit}
        self.deleters = {"interaction": lambda i: interactions.delete_interaction(self.ctx.journal, i)}
        self._start_paging()
        self.limit = TIMELINE_PAGE
        self.meetings_read = 0  # meetings read from the journal: tests check a change reads only its own
        self._past: ItemNode | None = None

    def count(self, customer_id: int) -> int:
        return queries.interaction_count(self.ctx.journal, customer_id)

    def _edit(self, ctx: AppContext, customer_id: int, item_id: int | None, parent: QWidget | None) -> None:
        shown = self._shown.get(item_id or -1)
        if shown is not None and shown.state == "planned":
            PlanMeetingDialog.ask(ctx, customer_id, item_id, parent)
        else:
            InteractionDialog.ask(ctx, customer_id, item_id, parent)

    def log(self) -> None:
        """Log a meeting; with a planned meeting selected, log that one (it completes the plan)."""
        if self.customer_id is not None:
            key = self.selected()
            meeting = key[1] if key and key[0] == "interaction" else None
            if meeting is not None and queries.interaction(self.ctx.journal, meeting).state != "planned":
                meeting = None  # a meeting already logged: this logs a new one
            self.ctx.log_requested.emit(self.customer_id, meeting)

    def plan(self) -> None:
        if self.customer_id is not None:
            changes = PlanMeetingDialog.ask(self.ctx, self.customer_id, None, self)
            if changes:
                self.select("interaction", changes.created_id("interaction"))

    def cancel(self) -> None:
        key = self.selected()
        if key:
            attempt(self, lambda: interactions.cancel_planned(self.ctx.journal, key[1]))

    def load(self, customer_id: int | None) -> None:
        if customer_id != self.customer_id:
            self.limit = TIMELINE_PAGE
        super().load(customer_id)

    def ensure_shown(self, interaction_id: int) -> None:
        """Page further back until an interaction is in the list (for opening one from a search)."""
        if self.customer_id is None or interaction_id in self._shown:
            return
        position = queries.interaction_position(self.ctx.journal, interaction_id)
        if position is not None:
            self.limit = max(self.limit, position + 1)
            self.load(self.customer_id)

    def fill(self, customer_id: int) -> None:
        j = self.ctx.journal
        planned = queries.planned_meetings(j, customer_id=customer_id)
        self._total = queries.interaction_count(j, customer_id)
        done = queries.interactions(j, queries.interaction_ids(j, customer_id, limit=self.limit))
        self.meetings_read += len(planned) + len(done)
        self._shown: dict[int, InteractionView] = {i.id: i for i in (*planned, *done)}
        if planned:
            group = self.group("Coming up", len(planned))
            for i in planned:
                self._row(i, group)
        past = self._past = self.group("Past", self._total)
        for i in done:
            self._row(i, past)
        self._more_row = None
        self._offer_more()

    def _offer_more(self) -> None:
        shown = sum(1 for i in self._shown.values() if i.state != "planned")
        self._offer_more_row(self._past, self._total - shown)

    def _older(self) -> None:
        """Read the next page of older meetings into the list (as the view scrolls to its end)."""
        if self.customer_id is None:
            return
        j = self.ctx.journal
        shown = sum(1 for i in self._shown.values() if i.state != "planned")
        ids = queries.interaction_ids(j, self.customer_id, limit=TIMELINE_PAGE, offset=shown)
        was_current = self._take_more_row()
        older = queries.interactions(j, ids)
        self.meetings_read += len(older)
        for n, i in enumerate(older):
            self._shown[i.id] = i
            if self._past is not None:
                self._row(i, self._past)
            if n == 0 and was_current:
                self.select("interaction", i.id)  # the keyboard stays where "Show older…" was
        self.limit = max(self.limit, shown + len(ids))
        self._offer_more()

    def apply(self, changes: Changes) -> bool:
        """Meetings logged, edited or deleted: read only those and put them in place among the past
        meetings shown. A planned meeting coming, going or being held, a person renamed or removed, or a
        meeting gone that is not shown: read the tab again."""
        cid, past = self.customer_id, self._past
        if cid is None or past is None:
            return False
        meetings = [r for r in changes.refs if r.kind == "interaction" and r.customer_id == cid]
        for r in changes.refs:
            if r in meetings or (r.kind == "contact" and r.action == "created"):
                continue  # a new person can only be at a meeting read here anyway
            if r.customer_id in (None, cid) and not self.aspects.isdisjoint(r.aspects):
                return False
        gone = {r.id for r in meetings if r.action == "deleted"}
        wanted = list(dict.fromkeys(r.id for r in meetings if r.id not in gone))
        if any(self._shown[i].state != "done" for i in (*gone, *wanted) if i in self._shown):
            return False
        if any(i not in self._shown for i in gone):
            return False
        j = self.ctx.journal
        read = queries.interactions(j, wanted)
        self.meetings_read += len(read)
        if len(read) != len(wanted) or any(i.state != "done" for i in read):
            return False
        for node in [n for n in past.children if n.key and n.key[1] in (*gone, *wanted)]:
            self.model.remove_row(node)
        for gone_id in gone:
            del self._shown[gone_id]
        self._total = queries.interaction_count(j, cid)
        current = self.selected()
        for i in read:
            self._shown.pop(i.id, None)
            rows = [self._shown[n.key[1]] for n in past.children if n.key]
            place = self._newest_first(i)
            at = next((k for k, r in enumerate(rows) if place < self._newest_first(r)), len(rows))
            if at == len(rows) and self._more_row is not None:
                continue  # older than every meeting shown: it comes with the next page
            self._shown[i.id] = i
            self._row(i, past, at)
        past.cells[0] = f"Past · {self._total:,}" if self._total else "Past · none"
        self.model.node_changed(past)
        self._take_more_row()
        self._offer_more()
        self.limit = max(TIMELINE_PAGE, sum(1 for n in past.children if n.key))
        if current is not None and current[1] in wanted:
            self.select(*current)
        self._selection_changed()
        self.empty.setVisible(self._first_item() is None)
        return True

    @staticmethod
    def _newest_first(i: InteractionView) -> tuple[float, int]:
        """A meeting's place among the past ones, newest first (as `queries.interaction_ids` orders them)."""
        return (-i.occurred_at.timestamp(), -i.id)

    def _row(self, i: InteractionView, parent: ItemNode, at: int | None = None) -> None:
        tz = self.ctx.journal.clock.local_tz()
        local = i.occurred_at.astimezone(tz)
        today = self.ctx.journal.clock.today()
        when = f"{short_date(local.date(), today)}, {local:%H:%M}"
        people = ", ".join(p.name for p in i.attendees)
        if i.state == "planned":
            what = f"Goal: {i.goal}" if i.goal else "Planned"
        elif i.state == "cancelled":
            what = "Cancelled"
        else:
            first = next((line.lstrip("># ").strip() for line in i.notes.splitlines() if line.strip()), "")
            outcome = vocab.OUTCOME_LABELS.get(i.outcome, "") if i.outcome else ""
            what = " — ".join(x for x in (outcome, first) if x)
        cells = [when, vocab.INTERACTION_KIND_LABELS.get(i.interaction_kind, ""), people, what]
        tone = "muted" if i.state == "cancelled" else None
        if at is None:
            self.row(("interaction", i.id), cells, parent, tone=tone)
        else:
            node = ItemNode(cells, ("interaction", i.id))
            node.tone = tone
            self.model.insert_row(node, parent, at)

    def describe(self, kind: str, item_id: int) -> str:
        i = self._shown.get(item_id)
        if i is None:
            return ""
        local = i.occurred_at.astimezone(self.ctx.journal.clock.local_tz())
        today = self.ctx.journal.clock.today()
        head = f"### {vocab.INTERACTION_KIND_LABELS.get(i.interaction_kind, '')} — {day_time(local, today)}"
        parts = [head]
        if i.attendees:
            parts.append("With " + ", ".join(p.name for p in i.attendees))
        if i.goal:
            parts.append(f"**Goal:** {i.goal}")
        if i.notes:
            parts.append(i.notes)
        if i.outcome:
            parts.append(f"**Outcome:** {vocab.OUTCOME_LABELS[i.outcome]}")
        if i.next_step:
            by = f" (by {day_date(i.next_step_on, today)})" if i.next_step_on else ""
            parts.append(f"**Next step:** {i.next_step}{by}")
        reflection = [
            (label, value)
            for label, value in (
                ("Went well", i.went_well),
                ("To improve", i.to_improve),
                ("Lesson", i.lesson),
                ("Question that opened them up", i.opening_question),
            )
            if value
        ]
        if reflection or i.listening:
            parts.append("---\n\n**Reflection**")
            parts.extend(f"*{label}:* {value}" for label, value in reflection)
            if i.listening:
                parts.append(f"*Listening:* {i.listening}/5")
        return "\n\n".join(parts)


class QuestionsTab(ItemsTab):
    kinds = ("question",)
    aspects = frozenset({Aspect.QUESTIONS})
    columns = ("Question", "Status", "Answer")
    label = "Questions"
    open_kind = "question"
    empty_text = "No questions queued. Add open questions to ask next time: what, how, tell me about…"

    def build(self) -> None:
        self.add_action("&Add…", self.add, "Ins", "Queue a question to ask next time")
        self.add_action(
            "Mark &asked…",
            self.asked,
            "Ctrl+D",
            "Mark the selected question asked and note the answer",
            when=lambda key: getattr(self._questions.get(key[1]), "status", "") == "to_ask",
        )
        self.editors = {"question": _editor(QuestionDialog)}
        self.deleters = {"question": lambda i: questions.delete_question(self.ctx.journal, i)}

    def add(self) -> None:
        if self.customer_id is not None:
            changes = QuestionDialog.ask(self.ctx, self.customer_id, None, self)
            if changes:
                self.select("question", changes.created_id("question"))

    def asked(self) -> None:
        key = self.selected()
        if key is None:
            return
        answer = ask_text(self, "Question asked", "What did they say? (optional)")
        if answer is not None:
            attempt(self, lambda: questions.mark_asked(self.ctx.journal, key[1], answer=answer))

    def fill(self, customer_id: int) -> None:
        rows = queries.questions(self.ctx.journal, customer_id)
        self._questions = {q.id: q for q in rows}
        to_ask = [q for q in rows if q.status == "to_ask"]
        asked = [q for q in rows if q.status == "asked"]
        group = self.group("To ask", len(to_ask))
        for q in to_ask:
            self.row(("question", q.id), [q.text, "to ask", ""], group)
        if asked:
            group = self.group("Asked", len(asked))
            today = self.ctx.journal.clock.today()
            for q in asked:
                when = f"asked {short_date(q.asked_on, today)}" if q.asked_on else "asked"
                self.row(("question", q.id), [q.text, when, q.answer], group, tone="muted")

    def describe(self, kind: str, item_id: int) -> str:
        q = self._questions.get(item_id)
        if q is None:
            return ""
        text = f"**{q.text}**"
        if q.answer:
            text += "\n\n" + quote_md(q.answer)
        return text
