"""Why deals stall: the categories a lost or not-now reason, or an objection, falls into.

The reason itself always stays in the customer's words; the category sits beside it so reasons can be
counted across the whole book. A category is suggested from the words (the rep can change it); the
suggestion is plain keyword matching, so it is predictable and explains itself.
"""

from __future__ import annotations

import re
import unicodedata

CATEGORIES: tuple[str, ...] = (
    "price",
    "timing",
    "no_budget",
    "no_authority",
    "no_need",
    "competitor",
    "status_quo",
    "other",
)
CATEGORY_LABELS = {
    "price": "Price",
    "timing": "Timing",
    "no_budget": "No budget",
    "no_authority": "Not their decision",
    "no_need": "No need",
    "competitor": "Competitor",
    "status_quo": "Happy as they are",
    "other": "Other",
    "": "Not sorted yet",
}

# Checked in this order: the first category with a matching phrase wins ("no budget for it this year" is
# about budget before it is about timing).
_PHRASES: tuple[tuple[str, str], ...] = (
    ("no_budget", "budget|no money|can't afford|cannot afford|funding|funds|cash flow|spending freeze"
                  "|hiring freeze|cost cutting|cutbacks"),
    ("competitor", "competitor|went with|chose another|another vendor|another supplier|cheaper supplier"
                   "|other supplier|other vendor|rival|signed with|their incumbent"),
    ("price", "price|pricing|expensive|too much|cost|cheaper|discount|per seat|per user|per site"
              "|fee|fees|rate"),
    ("no_authority", "board|boss|sign off|sign-off|approval|approve|head office|decision maker"
                     "|not my call|not their call|procurement|ceo|cfo|owner decides|committee|legal"
                     "|group it|group finance|acquired|head of|parent company"),
    ("timing", "not now|next year|next quarter|later|timing|busy|after the|until|season|q1|q2|q3|q4"
               "|year end|year-end|re-org|reorg|reorganisation|reorganization|merger|not ready|too soon"
               "|bandwidth|month-end|month end|right time|come back|ask me again|financial year|year ends"
               "|audit|in the middle of|spring|summer|autumn|winter|moving offices"),
    ("status_quo", "spreadsheet|excel|as they are|as is|current system|current setup|what we have"
                   "|happy with|works fine|stay with|keep using|in-house|in house|change|switching"
                   "|migration|risk|good enough|training"),
    ("no_need", "no need|don't need|do not need|not needed|not a priority|no use|not relevant|doesn't fit"
                "|does not fit|not for us|too small|not a problem"),
)  # fmt: skip


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return " " + " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split()) + " "


def suggest_category(text: str) -> str:
    """The category the words point to, "other" when none does, "" for no words at all."""
    folded = _fold(text)
    if not folded.strip():
        return ""
    for category, phrases in _PHRASES:
        for phrase in phrases.split("|"):
            if re.search(rf"(?<![a-z]){re.escape(phrase)}(?:s|es)?(?![a-z])", folded):
                return category
    return "other"


def check_category(value: str | None, text: str) -> str:
    """The category to store: the one given (validated), else the one the words suggest."""
    from journal.domain.errors import ValidationError

    if value is None:
        return suggest_category(text)
    if value not in CATEGORIES and value != "":
        names = ", ".join(CATEGORIES)
        raise ValidationError(f"“{value}” is not a kind of reason. Choose one of: {names}.", "category")
    return value
