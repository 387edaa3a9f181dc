"""What a view can show, as far as refreshing it goes: the aspects a change names (journal.changes)."""

from __future__ import annotations

from enum import StrEnum


class Aspect(StrEnum):
    """What a view can show, as far as refreshing it goes."""

    CUSTOMERS = "customers"  # a customer's own fields: name, stage, value, cadence, revisit, tags, archive
    PEOPLE = "people"  # the people at a customer
    RAPPORT = "rapport"  # what I know about them personally
    DATES = "dates"  # birthdays, renewals and other dates to remember
    MEETINGS = "meetings"  # meetings and touches, done and planned, with who attended: also last contact
    NEEDS = "needs"  # needs and pain points
    OBJECTIONS = "objections"
    PROMISES = "promises"  # mine and theirs
    QUESTIONS = "questions"  # a customer's questions to ask
    QUESTION_BANK = "question_bank"  # the shared bank of open-ended questions
    SETTINGS = "settings"  # preferences: cadences, currency, reminders…
    DRAFTS = "drafts"  # half-written forms: shown by no view
    CALENDAR = "calendar"  # what the calendar export last sent: shown by no view
