"""The brief on the customer page: a "Brief" button in the header, the next planned meetings under it
(each a link to its brief), and "Brief" for the planned meeting selected in the Timeline."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from journal.domain import vocab
from journal.domain.aspects import Aspect
from journal.domain.errors import NotFound
from journal.reads import planned, queries
from journal.reads.brief_words import flat, moment
from ui.customers.page import CustomersPage
from ui.customers.tabs import TimelineTab
from ui.shell.context import AppContext, ChangeWatch

SHOWN = 2


class NextMeetings(QLabel):
    """ "Next: Meeting Wed 25 Nov, 11:30 (in 2 days) — Meet the new financial controller · Brief"."""

    def __init__(self, ctx: AppContext, page: CustomersPage) -> None:
        super().__init__(page.workspace.header)
        self.ctx = ctx
        self.page = page
        self.setObjectName("nextMeetings")
        self.setAccessibleName("Planned meetings")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setToolTip("Planned meetings with this customer; click one to read its brief")
        self.linkActivated.connect(self._open)
        ctx.current_customer_changed.connect(lambda _: self.update_text())
        # Kept current while the workspace is shown (this line hides itself when there is nothing to say).
        self.watch = ChangeWatch(
            ctx,
            page.workspace,
            {Aspect.MEETINGS},
            lambda _: self.update_text(),
            customer=page.workspace.customer_id,
        )

    def update_text(self) -> None:
        cid = self.page.workspace.customer_id()
        meetings = []
        if cid is not None:
            try:
                meetings = planned.upcoming(self.ctx.journal, cid)
            except NotFound:
                meetings = []
        today = self.ctx.journal.clock.today()
        tz = self.ctx.journal.clock.local_tz()
        lines = []
        for m in meetings[:SHOWN]:
            kind = vocab.INTERACTION_KIND_LABELS.get(m.interaction_kind, m.interaction_kind)
            goal = f" — {html.escape(flat(m.goal))}" if m.goal.strip() else ""
            when = html.escape(moment(m.occurred_at.astimezone(tz), today))
            lines.append(f'Next: {kind} {when}{goal} · <a href="{m.id}">Brief</a>')
        if len(meetings) > SHOWN:
            lines.append(f"and {len(meetings) - SHOWN} more planned (Timeline, Alt+5)")
        self.setText("<br>".join(lines))
        self.setVisible(bool(lines))

    def _open(self, link: str) -> None:
        cid = self.page.workspace.customer_id()
        if cid is not None and link.isdigit():
            self.ctx.brief_requested.emit(cid, int(link))


def install_on_customer_page(
    page: QWidget, ctx: AppContext, open_brief: Callable[[int | None], None]
) -> None:
    """The brief's button and next meetings in the customer header, its action in the Timeline."""
    assert isinstance(page, CustomersPage)
    header = page.workspace.header
    header.add_button(
        "&Brief",
        "Read the brief before a call (Ctrl+B)",
        lambda: open_brief(page.workspace.customer_id()),
        "briefButton",
    )
    upcoming = NextMeetings(ctx, page)
    header.add_line(upcoming)
    upcoming.update_text()

    for tab in page.workspace.tab_list:
        if isinstance(tab, TimelineTab):
            _add_meeting_brief(ctx, tab)


def _add_meeting_brief(ctx: AppContext, tab: TimelineTab) -> None:
    def is_meeting(key: tuple[str, int]) -> bool:
        try:
            return key[0] == "interaction" and queries.interaction(ctx.journal, key[1]).state == "planned"
        except NotFound:
            return False

    def open_brief() -> None:
        key = tab.selected()
        if key is not None and tab.customer_id is not None and key[0] == "interaction":
            ctx.brief_requested.emit(tab.customer_id, key[1])

    tab.add_action(
        "&Brief",
        open_brief,
        None,
        "Read the brief for the selected planned meeting: its goal, its people, what is open",
        when=is_meeting,
    )
