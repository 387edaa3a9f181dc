"""The fixed vocabularies of the domain, with the words a person sees for each value."""

from __future__ import annotations

STAGES = ("lead", "qualified", "proposal", "negotiation", "won", "lost", "not_now")
OPEN_STAGES = ("lead", "qualified", "proposal", "negotiation")
STAGE_LABELS = {
    "lead": "Lead",
    "qualified": "Qualified",
    "proposal": "Proposal",
    "negotiation": "Negotiation",
    "won": "Won",
    "lost": "Lost",
    "not_now": "Not now",
}
CUSTOMER_KINDS = ("company", "individual")

CHANNELS = ("", "email", "phone", "text", "video", "in_person")
CHANNEL_LABELS = {
    "": "No preference",
    "email": "Email",
    "phone": "Phone",
    "text": "Text message",
    "video": "Video call",
    "in_person": "In person",
}

RAPPORT_CATEGORIES = ("family", "interests", "career", "life_event", "preferences", "other")
RAPPORT_LABELS = {
    "family": "Family",
    "interests": "Interests",
    "career": "Career",
    "life_event": "Life event",
    "preferences": "Preferences",
    "other": "Other",
}

DATE_KINDS = ("birthday", "anniversary", "renewal", "other")
DATE_KIND_LABELS = {
    "birthday": "Birthday",
    "anniversary": "Anniversary",
    "renewal": "Renewal",
    "other": "Other",
}

INTERACTION_KINDS = ("call", "meeting", "visit", "email", "message")
INTERACTION_KIND_LABELS = {
    "call": "Call",
    "meeting": "Meeting",
    "visit": "Visit",
    "email": "Email",
    "message": "Message",
}
# A planned interaction has not happened yet; a done one has; a cancelled plan is kept for history.
INTERACTION_STATES = ("done", "planned", "cancelled")

# A meeting's next step is followed up like a promise of mine: done, moved, or dropped.
NEXT_STEP_STATUSES = ("open", "done", "dropped")

OUTCOMES = ("", "advanced", "no_change", "setback", "won", "lost", "not_now")
OUTCOME_LABELS = {
    "": "—",
    "advanced": "Advanced",
    "no_change": "No change",
    "setback": "Setback",
    "won": "Won",
    "lost": "Lost",
    "not_now": "Not now",
}

NEED_KINDS = ("need", "pain", "goal", "concern")
NEED_KIND_LABELS = {"need": "Need", "pain": "Pain point", "goal": "Goal", "concern": "Concern"}
NEED_STATUSES = ("open", "addressed", "resolved", "dropped")
NEED_STATUS_LABELS = {"open": "Open", "addressed": "Addressed", "resolved": "Resolved", "dropped": "Dropped"}
IMPORTANCE_LABELS = {1: "Low", 2: "Medium", 3: "High"}

OBJECTION_STATUSES = ("open", "answered", "resolved")
OBJECTION_STATUS_LABELS = {"open": "Open", "answered": "Answered", "resolved": "Resolved"}

PROMISE_OWNERS = ("me", "them")
PROMISE_OWNER_LABELS = {"me": "I promised", "them": "They promised"}
PROMISE_STATUSES = ("open", "kept", "released")
PROMISE_STATUS_LABELS = {"open": "Open", "kept": "Kept", "released": "Released"}

QUESTION_STATUSES = ("to_ask", "asked")
QUESTION_STATUS_LABELS = {"to_ask": "To ask", "asked": "Asked"}

# The statuses in which a record is still open — still to act on, shown first, counted as open — per kind.
# An addressed need waits for the customer to confirm the fix; an answered objection may not have worked.
OPEN_STATUSES: dict[str, tuple[str, ...]] = {
    "need": ("open", "addressed"),
    "objection": ("open", "answered"),
    "promise": ("open",),
    "question": ("to_ask",),
    "next_step": ("open",),  # a meeting's next step (interaction.next_step_status)
}


def is_open(kind: str, status: str) -> bool:
    return status in OPEN_STATUSES[kind]


def open_status_sql(kind: str, column: str = "status") -> tuple[str, tuple[str, ...]]:
    """`is_open` as an SQL condition on `column` (our own identifier), with its `?` parameters."""
    statuses = OPEN_STATUSES[kind]
    return f"{column} IN ({', '.join('?' * len(statuses))})", statuses
