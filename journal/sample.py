"""Sample journals: believable, deterministic data for screenshots, demos and budgets in docs/.

`fill_sample` fills an empty journal in one write. Everything comes from `random.Random(seed)` and the
journal's clock, and every date is placed relative to today, so a sample always looks alive: promises
overdue by a few days, meetings planned for this week, birthdays coming up, customers slipping past
their cadence, a not-now customer whose revisit date has come.

Rows are inserted with raw SQL (`executemany`) rather than through the services: the large sample has
about a million rows and must be made in well under a minute.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.health import DEFAULT_CADENCE
from journal.domain.text import name_key
from journal.reads import search
from journal.storage import migrations
from journal.storage.db import Journal
from journal.storage.models import format_utc

SIZES = ("small", "large")

Row = tuple[object, ...]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class SampleCounts:
    """How many rows the sample put in each table."""

    customers: int = 0
    tags: int = 0
    customer_tags: int = 0
    stage_changes: int = 0
    contacts: int = 0
    rapport_facts: int = 0
    important_dates: int = 0
    interactions: int = 0
    attendees: int = 0
    needs: int = 0
    objections: int = 0
    promises: int = 0
    questions: int = 0

    def summary(self) -> str:
        """ "25 customers, 78 contacts, …" in a person's words."""
        parts = []
        for f in fields(self):
            parts.append(f"{getattr(self, f.name):,} {f.name.replace('_', ' ')}")
        return ", ".join(parts)


# Tables with search-index triggers (journal/storage/migrations.py V5).
_SEARCHED = (
    "customer",
    "customer_tag",
    "contact",
    "rapport_fact",
    "important_date",
    "interaction",
    "need",
    "objection",
    "promise",
    "question",
)

# Table → (SampleCounts field, the columns of the rows made for it), in the order rows must be inserted
# (parents first).
_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "tag": ("tags", ("id", "uid", "created_at", "updated_at", "name", "name_key")),
    "customer": (
        "customers",
        (
            "id", "uid", "created_at", "updated_at", "name", "name_key", "customer_kind", "industry",
            "website", "about", "stage", "value_minor", "revisit_on", "revisit_reason", "cadence_days",
            "snoozed_until", "archived", "archived_at",
        ),
    ),
    "customer_tag": ("customer_tags", ("customer_id", "tag_id")),
    "contact": (
        "contacts",
        (
            "id", "uid", "created_at", "updated_at", "customer_id", "name", "role", "email", "phone",
            "channel", "notes",
        ),
    ),
    "interaction": (
        "interactions",
        (
            "id", "uid", "created_at", "updated_at", "customer_id", "state", "interaction_kind",
            "occurred_at", "goal", "notes", "outcome", "next_step", "next_step_on", "went_well",
            "to_improve", "lesson", "listening", "opening_question",
        ),
    ),
    "attendee": ("attendees", ("interaction_id", "contact_id")),
    "stage_change": (
        "stage_changes",
        (
            "id", "uid", "created_at", "updated_at", "customer_id", "from_stage", "to_stage", "reason",
            "revisit_on", "changed_at", "source_id",
        ),
    ),
    "rapport_fact": (
        "rapport_facts",
        (
            "id", "uid", "created_at", "updated_at", "contact_id", "category", "text", "learned_on",
            "hook", "hook_asked", "source_id",
        ),
    ),
    "important_date": (
        "important_dates",
        (
            "id", "uid", "created_at", "updated_at", "customer_id", "contact_id", "date_kind", "label",
            "month", "day", "year",
        ),
    ),
    "need": (
        "needs",
        (
            "id", "uid", "created_at", "updated_at", "customer_id", "need_kind", "text", "quote",
            "importance", "status", "status_changed_at", "contact_id", "source_id",
        ),
    ),
    "objection": (
        "objections",
        (
            "id", "uid", "created_at", "updated_at", "customer_id", "concern", "response", "status",
            "worked", "status_changed_at", "contact_id", "source_id",
        ),
    ),
    "promise": (
        "promises",
        (
            "id", "uid", "created_at", "updated_at", "customer_id", "owner", "text", "due_on", "status",
            "completed_on", "release_reason", "contact_id", "source_id",
        ),
    ),
    "question": (
        "questions",
        (
            "id", "uid", "created_at", "updated_at", "customer_id", "text", "status", "answer",
            "asked_on", "source_id",
        ),
    ),
}  # fmt: skip


# -- phrase pools ----------------------------------------------------------------------------------------


class _Industry(NamedTuple):
    name: str
    nouns: tuple[str, ...]  # for company names: "Granite Logistics"
    place: str  # what a visit walks round
    about: tuple[str, ...]  # first sentence of "about"
    needs: tuple[tuple[str, str, str], ...]  # (need kind, text, quote in their words)


_INDUSTRIES: tuple[_Industry, ...] = (
    _Industry(
        "Logistics",
        ("Logistics", "Freight", "Haulage", "Transport", "Distribution", "Couriers"),
        "depot",
        (
            "Regional haulier running {n} trucks out of {sites} depots around {city}.",
            "Third-party warehousing and same-day delivery for retailers in and around {city}.",
            "Family-owned freight forwarder, founded in {year}; the second generation runs it now.",
        ),
        (
            (
                "pain",
                "Fuel surcharges are billed late or not at all",
                "We're basically giving away fuel every time diesel moves.",
            ),
            (
                "need",
                "Proof of delivery matched to each invoice",
                "No POD, no payment — and the PODs live in the drivers' cabs.",
            ),
            (
                "goal",
                "Invoice customers the day after delivery",
                "If we billed the next morning instead of the next month, the overdraft would go.",
            ),
            (
                "concern",
                "Drivers will not change how they hand in paperwork",
                "You try getting forty drivers to scan anything. Good luck.",
            ),
        ),
    ),
    _Industry(
        "Manufacturing",
        ("Engineering", "Fabrication", "Components", "Precision", "Plastics", "Machining", "Tooling"),
        "factory floor",
        (
            "Makes precision parts for the automotive and aerospace trade; {n} staff on two shifts.",
            "Sheet-metal fabrication and powder coating from one site outside {city}.",
            "Injection-moulded components for medical devices; ISO 13485 certified.",
        ),
        (
            (
                "pain",
                "Job costs are only known weeks after the order ships",
                "We find out we lost money on an order three weeks after it's gone out the door.",
            ),
            (
                "need",
                "Landed cost per part, including freight and scrap",
                "Steel went up 18% and I still can't tell you what a bracket costs us.",
            ),
            (
                "goal",
                "Quote new work from real margins, not gut feel",
                "I want to quote from numbers, not from what Dave remembers about the last job.",
            ),
            (
                "concern",
                "Shop-floor staff have no time for data entry",
                "The lads on the floor are paid to make parts, not fill in screens.",
            ),
        ),
    ),
    _Industry(
        "Healthcare",
        ("Dental", "Clinic", "Physiotherapy", "Health", "Medical", "Vets"),
        "clinic",
        (
            "Group of {sites} dental practices around {city}, private and insurance patients.",
            "Physiotherapy and sports-injury clinics; {n} clinicians across {sites} sites.",
            "Independent veterinary practice with a 24-hour emergency service.",
        ),
        (
            (
                "pain",
                "One in ten insurance claims is rejected for coding errors",
                "One in ten claims bounces, and nobody knows why until it does.",
            ),
            (
                "need",
                "Separate figures for every clinic",
                "Each practice manager wants their own numbers, and I build them by hand.",
            ),
            (
                "concern",
                "Patient data must stay in the country",
                "If patient data leaves the country, that's the end of the conversation.",
            ),
            (
                "goal",
                "Open two more clinics without adding back-office staff",
                "Two new clinics next year, and the back office stays the size it is.",
            ),
        ),
    ),
    _Industry(
        "Retail",
        ("Outfitters", "Home", "Stores", "Market", "Boutique", "Goods"),
        "flagship store",
        (
            "Independent retailer with {sites} shops and a growing online store.",
            "Outdoor clothing and kit; {sites} stores in the north and a busy website.",
            "Homeware shops in market towns around {city}; strong at Christmas, quiet in January.",
        ),
        (
            (
                "pain",
                "Stock counts never match the tills",
                "The shelf says twelve, the system says thirty, and the website sells the thirty.",
            ),
            ("goal", "Margin by store, by week", "I want to know on Monday which shop made money last week."),
            (
                "need",
                "Supplier invoices matched to deliveries automatically",
                "We pay for things that never arrived. I know we do.",
            ),
            (
                "concern",
                "Nothing can change in the run-up to Christmas",
                "From October to January, nobody touches anything. Full stop.",
            ),
        ),
    ),
    _Industry(
        "Construction",
        ("Builders", "Construction", "Contractors", "Roofing", "Groundworks", "Homes"),
        "site office",
        (
            "Main contractor for schools and housing; {n} staff plus subcontractors.",
            "Roofing and cladding contractor working across {city} and the surrounding counties.",
            "Builds around {n} new homes a year on small sites; family business since {year}.",
        ),
        (
            (
                "pain",
                "Retentions are tracked in a notebook",
                "There's about 200k of retentions out there and I couldn't tell you who owes what.",
            ),
            (
                "need",
                "Cost-to-complete for every project",
                "I need to know a job's going sideways before the QS does.",
            ),
            (
                "concern",
                "Site managers will not use an app",
                "My site managers will not type anything into a phone. Trust me.",
            ),
            (
                "goal",
                "Apply for valuations on time every month",
                "Every month we're late with a valuation is a month we're the bank.",
            ),
        ),
    ),
    _Industry(
        "Hospitality",
        ("Hotels", "Kitchen", "Inns", "Hospitality", "Catering", "Restaurants"),
        "kitchen",
        (
            "Group of {sites} restaurants and a central kitchen in {city}.",
            "Boutique hotels by the coast; {n} rooms across {sites} properties.",
            "Contract caterer for offices and events; busiest in December and June.",
        ),
        (
            (
                "pain",
                "Food cost is only known at month end",
                "By the time I see food cost, the month's already gone.",
            ),
            ("need", "Tips and payroll in one place", "Tronc is a nightmare. Every single month."),
            (
                "goal",
                "Same-week figures for every site",
                "I want each head chef to see their own numbers by Tuesday.",
            ),
        ),
    ),
    _Industry(
        "Software",
        ("Labs", "Software", "Systems", "Digital", "Analytics", "Cloud"),
        "office",
        (
            "Software company selling scheduling tools to clinics; {n} staff, mostly remote.",
            "Analytics platform for retailers, backed by a Series A last year.",
            "Digital agency building apps for banks and insurers; offices in {city} and Lisbon.",
        ),
        (
            (
                "pain",
                "Revenue recognition for annual contracts lives in a spreadsheet",
                "Deferred revenue lives in a spreadsheet only Tom understands.",
            ),
            (
                "goal",
                "Board-ready SaaS metrics on the first working day",
                "Investors want ARR and churn on the first of the month, not the tenth.",
            ),
            (
                "need",
                "Multi-currency billing",
                "Half our customers pay in euros and I convert every invoice by hand.",
            ),
        ),
    ),
    _Industry(
        "Professional services",
        ("Partners", "Associates", "Consulting", "Advisory", "& Partners", "Practice"),
        "office",
        (
            "Consultancy of {n} people working for councils and housing associations.",
            "Architecture practice known for schools and libraries; offices in {city}.",
            "Accountancy firm with {n} staff serving owner-managed businesses.",
        ),
        (
            (
                "pain",
                "Unbilled time leaks away every month",
                "We write off hours we actually worked because nobody logged them.",
            ),
            (
                "need",
                "Profitability by client and by project",
                "I suspect our biggest client is our least profitable one. I can't prove it.",
            ),
            (
                "goal",
                "Bill within three days of month end",
                "Invoices should go out on the third, not the twentieth.",
            ),
        ),
    ),
    _Industry(
        "Education",
        ("Academy", "Learning", "School", "Training", "College"),
        "campus",
        (
            "Independent school of {n} pupils, day and boarding.",
            "Training provider for apprenticeships in engineering and care.",
            "Language school in {city} with summer courses for international students.",
        ),
        (
            (
                "pain",
                "Fees are chased by hand",
                "We send about four hundred reminder emails a term, one by one.",
            ),
            (
                "concern",
                "Governors must approve any spend over 25k",
                "It'll have to go to the governors, and they only meet in March.",
            ),
            (
                "need",
                "Parents paying in instalments",
                "Half the parents want to pay monthly and our system thinks in terms.",
            ),
        ),
    ),
    _Industry(
        "Nonprofit",
        ("Foundation", "Trust", "Charity", "Alliance", "Community Trust"),
        "head office",
        (
            "Regional charity supporting carers; {n} staff and many more volunteers.",
            "Housing charity with {sites} hostels around {city}.",
            "Grant-making foundation with a small, busy finance team.",
        ),
        (
            (
                "need",
                "Restricted funds tracked separately",
                "Every grant has its own rules and I have to prove we followed them.",
            ),
            (
                "concern",
                "Every penny spent has to be justified to the trustees",
                "The trustees will ask why we're spending money on software instead of services.",
            ),
            (
                "goal",
                "Report to funders without a week of spreadsheet work",
                "Each funder wants a different report and I make all of them by hand.",
            ),
        ),
    ),
    _Industry(
        "Agriculture",
        ("Farms", "Growers", "Agri", "Orchards", "Dairy"),
        "farm shop",
        (
            "Mixed farm with a farm shop and a café; {n} acres outside {city}.",
            "Soft-fruit grower supplying two supermarkets; big seasonal workforce.",
            "Dairy cooperative of {n} farms with its own bottling plant.",
        ),
        (
            (
                "pain",
                "Seasonal workers are paid from a spreadsheet",
                "Two hundred pickers in July and the payroll is one spreadsheet. It scares me.",
            ),
            (
                "need",
                "Cost per crop, per field",
                "I want to know whether the strawberries actually pay for themselves.",
            ),
            ("concern", "Nothing can change during harvest", "June to September, don't even call me."),
        ),
    ),
    _Industry(
        "Real estate",
        ("Properties", "Estates", "Lettings", "Property Group"),
        "portfolio",
        (
            "Manages {n} residential units for private landlords around {city}.",
            "Commercial landlord with offices and light industrial units.",
            "Student lettings across {sites} cities; busy every August.",
        ),
        (
            (
                "pain",
                "Service charges reconciled by hand",
                "Every year-end I reconcile service charges for forty buildings by hand.",
            ),
            (
                "need",
                "Rent arrears visible by property",
                "I find out a tenant is three months behind when the landlord rings me.",
            ),
            (
                "goal",
                "Landlord statements out on the first of the month",
                "Landlords want their statements on the first. We manage the fifteenth.",
            ),
        ),
    ),
)

_GENERIC_NEEDS: tuple[tuple[str, str, str], ...] = (
    ("pain", "Month-end close takes the team four days",
     "We lose a whole week every quarter chasing spreadsheets."),
    ("pain", "Invoices are approved by email and get lost",
     "Half my job is forwarding invoices to people who never open them."),
    ("need", "One view of cash across all bank accounts",
     "I want to open one screen on Monday morning and know where we stand."),
    ("goal", "Get paid faster: debtor days down from 58 to 40",
     "If we got paid two weeks faster, we wouldn't need the overdraft at all."),
    ("concern", "Worried the team will not adopt another tool",
     "The last system we bought is still half-used three years later."),
    ("need", "Approvals that work from a phone",
     "I sign things off at the airport, not at my desk."),
    ("goal", "Be audit-ready without the January scramble",
     "Every January we basically stop working for the auditors."),
    ("pain", "Reporting depends on one analyst's macros",
     "If Priya goes on holiday, nobody gets a board pack."),
    ("concern", "Moving ten years of history out of the old system",
     "Ten years of history is in there. I can't lose it."),
    ("need", "Must connect to their existing ERP",
     "Whatever we buy has to talk to our ERP, full stop."),
    ("goal", "Grow to three more sites without hiring in finance",
     "We're opening three sites next year and I'm not hiring three more clerks."),
    ("pain", "Expense claims are still on paper",
     "I've got a shoebox of receipts on my desk right now. Literally."),
    ("concern", "Budget is frozen until the new financial year",
     "Nothing new gets signed before April, whatever it is."),
    ("need", "Purchase orders checked against budgets",
     "I find out we've overspent when the invoice arrives."),
    ("goal", "Department heads see their own numbers",
     "I want managers to stop asking me for their numbers."),
    ("concern", "Group IT will run a full security review",
     "Group IT will want to see everything — pen test, SOC 2, the lot."),
    ("pain", "Supplier statements are reconciled by hand every Friday",
     "Two people spend every Friday ticking off statements."),
    ("need", "A forecast that updates itself",
     "The forecast is out of date the moment I send it."),
    ("goal", "Close the books in two days",
     "Two days. That's the number the board wants to hear."),
    ("pain", "Credit control is one person and a phone",
     "Maureen chases every late payer herself, and she retires next year."),
)  # fmt: skip

# (concern, what they said, my response)
_OBJECTIONS: tuple[tuple[str, str, str], ...] = (
    ("Price is above what they budgeted", "Honestly, it's more than we were thinking.",
     "Broke the cost down per site and against the four-day close: it pays back inside six months."),
    ("Spreadsheets are good enough", "Spreadsheets are free and everyone knows them.",
     "Showed what the Friday reconciliation costs them in hours; offered a two-week pilot on one process."),
    ("Implementation would distract the team in their busy season",
     "We can't have anyone on a project before the year end.",
     "Proposed starting in February, one team at a time."),
    ("Do not want a three-year contract", "Three years is a long time to be locked in.",
     "Offered a one-year term with the price held for a second year."),
    ("Worried about support when something breaks",
     "When it breaks at month end, who do I actually call?",
     "Shared our support hours and response times; offered a named contact for the first 90 days."),
    ("Needs sign-off from group IT", "It'll die in IT's inbox if we're not careful.",
     "Sent the security pack and offered a call with our security lead."),
    ("Already talking to a competitor", "The other lot came in cheaper, I'll be honest.",
     "Asked what matters most to them; walked through the ERP integration they would otherwise build."),
    ("Not the right time: a reorganisation is under way", "Ask me again when the dust settles.",
     "Agreed to check back once the new structure is announced."),
    ("Unsure the integration copes with their customised ERP",
     "Our system is, let's say, heavily customised.",
     "Set up a technical call with their ERP partner and our integration lead."),
    ("Training time for staff", "I can't take twelve people off the floor for a week.",
     "Training is two recorded one-hour sessions; showed the onboarding plan."),
    ("Bad experience with the last vendor", "We were promised the world last time.",
     "Suggested they call two of our customers of their size, without me on the line."),
    ("Data would live in the cloud", "I like knowing where our data is.",
     "Explained where it is hosted and how backups work; sent the data-processing agreement."),
)  # fmt: skip

_PROMISES_ME: tuple[str, ...] = (
    "Send the pricing for {sites} sites",
    "Send a recap of today's call",
    "Introduce them to a reference customer in {industry}",
    "Send the security pack (SOC 2 report and pen-test summary)",
    "Send the draft proposal",
    "Book a demo for their finance team",
    "Send the case study on cutting month-end close",
    "Check whether we support their ERP version",
    "Send the implementation timeline",
    "Get a quote for the extra user licences",
    "Send the revised contract with a one-year term",
    "Find out what discount applies to charities",
    "Send the onboarding checklist",
    "Set up a call with our support lead",
    "Send the ROI worksheet filled in with their numbers",
    "Share the data-processing agreement",
)
_PROMISES_THEM: tuple[str, ...] = (
    "Send last quarter's invoice volumes",
    "Check budget timing with the CFO",
    "Get IT to review the integration document",
    "Confirm who signs off on the contract",
    "Share the end date of their current contract",
    "Send a sample of their month-end reports",
    "Book time with the operations team",
    "Send the list of people who need access",
    "Come back with feedback on the proposal",
    "Forward the procurement questionnaire",
    "Confirm the start date for the pilot",
    "Introduce me to the new financial controller",
)
_RELEASE_REASONS: tuple[str, ...] = (
    "No longer needed: they chose to start with one site.",
    "Superseded by the revised proposal.",
    "They asked us to hold off until the new year.",
    "Their CFO sorted it out directly.",
    "Overtaken by events — the project was re-scoped.",
)

# (question, an answer they gave)
_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("What does a good month-end look like for you?",
     "Closed by day two, no late nights, and the board pack goes out on time."),
    ("How do decisions like this usually get made here?",
     "The finance director recommends, the CFO signs; anything over 50k goes to the board."),
    ("What happened the last time you changed a system?",
     "It ran six months late because nobody owned it on their side."),
    ("What would have to be true for this to be a priority this quarter?",
     "An audit finding, or losing another person from the team."),
    ("If you could fix one thing about how invoices flow, what would it be?",
     "Stop approvals dying in people's inboxes."),
    ("Who else will feel the change if this goes ahead?",
     "The site managers — they'll approve purchase orders on their phones."),
    ("What worries you most about the rollout?",
     "That the team sees it as extra work instead of less."),
    ("How will you know, a year from now, that this was worth it?",
     "Days to close, and whether I still need the temp every January."),
    ("What has changed since we last spoke?",
     "They have hired a new financial controller who starts in January."),
    ("How would you explain this to your CFO in one sentence?",
     "Getting our evenings back at month end."),
    ("Where do things usually get stuck?",
     "Waiting for site managers to code their invoices."),
    ("What have you already tried?",
     "A shared inbox and a colour-coded spreadsheet. It lasted a month."),
    ("What are you hoping to stop doing?",
     "Re-keying the same numbers into three different places."),
    ("What would make this an easy yes for the board?",
     "A payback under a year and a reference from a business like ours."),
)  # fmt: skip

_GOALS: tuple[str, ...] = (
    "Agree the scope of the pilot",
    "Walk the finance team through the demo",
    "Go through the proposal line by line",
    "Meet the new financial controller",
    "Confirm the start date and the rollout plan",
    "Quarterly review: what's working, what isn't",
    "Answer IT's integration questions",
    "Talk through renewal options",
    "Understand how purchase orders are approved today",
    "Find out who else is involved in the decision",
)
_NEXT_STEPS: tuple[str, ...] = (
    "Send the recap and the pricing",
    "Book the demo with the finance team",
    "Follow up on the proposal",
    "Call after their board meeting",
    "Send the draft contract",
    "Check in on the pilot",
    "Chase the IT review",
    "Schedule the quarterly review",
    "Send the reference customer's details",
    "Ask for ten minutes with the CFO",
)
_DISCUSSION: tuple[str, ...] = (
    "Walked through how invoices are approved today.",
    "They showed me the spreadsheet behind the forecast — forty tabs.",
    "Most of the time went on integration questions.",
    "Talked about their plans for next year.",
    "Reviewed the proposal page by page.",
    "Spent the first ten minutes on their new site before getting to business.",
    "More relaxed than last time; they had just closed the quarter.",
    "Mapped out who does what at month end.",
    "They asked lots of questions about the rollout, which is a good sign.",
    "Went through the numbers from the pilot.",
    "Short one: they were between meetings.",
    "Quiet at first; opened up once we talked about the audit.",
)
_CANCEL_REASONS: tuple[str, ...] = (
    "{first} was off sick; rebooking for next week.",
    "They had an emergency board meeting.",
    "Clashed with their year-end stock count.",
    "{first} asked to move it — the CFO could not make it.",
)
_WENT_WELL: tuple[str, ...] = (
    "Let them talk for the first ten minutes without pitching.",
    "Asked about the audit before they raised it.",
    "Summarised their words back and they said “exactly”.",
    "Had the numbers ready when they asked.",
    "Got the CFO to say what success looks like.",
    "Kept it to the half hour I asked for.",
)
_TO_IMPROVE: tuple[str, ...] = (
    "Jumped to the demo too early.",
    "Talked over them twice.",
    "Did not ask who else needs to sign off.",
    "Forgot to confirm the next meeting before hanging up.",
    "Spent too long on features they do not care about.",
    "Should have brought the case study printed.",
)
_LESSONS: tuple[str, ...] = (
    "When they go quiet, wait — the real concern comes next.",
    "Ask about the decision process in the first meeting, not the third.",
    "Bring one slide, not twenty.",
    "Use their words: “month-end pain”, not “close automation”.",
    "A recap sent the same day gets read; the next day it does not.",
    "Price objections are often timing objections in disguise.",
)

# (category, text, follow-up hook); {daughter}, {son}, {city}, {month}, {team} are filled in.
_RAPPORT: tuple[tuple[str, str, str], ...] = (
    ("family", "Daughter {daughter} starts university in {city} in September",
     "Ask how {daughter} is settling in"),
    ("family", "Twins, {daughter} and {son}, both play junior hockey", "Ask how the hockey season is going"),
    ("family", "Expecting their second child in {month}", "Send congratulations after {month}"),
    ("family", "Looks after their father, who lives in {city}", "Ask how their dad is doing"),
    ("interests", "Runs half-marathons; training for {city} in the spring", "Ask how the training is going"),
    ("interests", "Keen sourdough baker; brings bread to the office", "Ask whether the new starter took"),
    ("interests", "Season ticket holder at {team}", "Ask about the weekend's match"),
    ("interests", "Sails most weekends from April to October", "Ask where they sailed this summer"),
    ("career", "Promoted to finance director in {month}; first time leading a team",
     "Ask how the new team is settling in"),
    ("career", "Studying for the CIMA finals", "Ask how the exams went"),
    ("life_event", "Just moved house to {city}", "Ask whether they're unpacked yet"),
    ("life_event", "Getting married in {month}", "Congratulate them after the wedding"),
    ("life_event", "Back from three months' parental leave", "Ask what changed while they were away"),
    ("preferences", "Prefers calls before 10am; no meetings on Fridays", ""),
    ("preferences", "Likes a one-page summary before any meeting", ""),
    ("preferences", "Does not drink coffee — tea, milk, no sugar", ""),
    ("other", "Grew up in {city}; still goes back most summers", "Ask about the summer trip home"),
    ("other", "Volunteers at the local food bank on Saturdays", "Ask how the food bank is doing"),
)  # fmt: skip

_STAGE_REASONS: dict[str, tuple[str, ...]] = {
    "qualified": ("Confirmed budget and a decision before the year end.",
                  "Real pain and a named sponsor.", "", ""),
    "proposal": ("They asked for a written proposal.", "", ""),
    "negotiation": ("Proposal accepted in principle; working through terms.", "", ""),
    "won": ("Signed for {sites} sites, one-year term.", "Contract signed; kick-off booked.", ""),
    "lost": (
        "We've decided to stay with our current supplier for another year.",
        "The board went with the cheaper option — price was the deciding factor.",
        "We're being acquired, and group finance will choose the systems.",
        "Honestly, the timing's wrong and I don't see it changing this year.",
        "We're building it in-house with our ERP partner.",
    ),
    "not_now": (
        "Come back after our financial year ends in March — nothing new gets approved before then.",
        "We're moving offices in the spring; ask me again once we've settled.",
        "New CFO starts in January. Let her find her feet, then call.",
        "The budget has gone on the warehouse extension this year. Try us in the autumn.",
        "We're in the middle of an audit — talk to me after it's signed off.",
    ),
}  # fmt: skip

_ABOUT_MORE: tuple[str, ...] = (
    "Finance team of {fin}; everything runs on spreadsheets and an old accounting package.",
    "Moved to a new ERP last year and still living with the workarounds.",
    "Growing fast: {sites} sites now, more planned next year.",
    "Came in through a referral from an existing customer.",
    "Met at the regional trade show in {month}.",
    "Owner-managed; the founder still signs every cheque.",
    "Part of a larger group; head office has a say in anything over 20k.",
    "Audit is done by a Big Four firm, which matters to them.",
)

_FIRST = (
    "Dana", "Sam", "Priya", "Tom", "Aisha", "Marcus", "Helen", "Raj", "Claire", "Owen", "Fatima", "Jack",
    "Mei", "Daniel", "Grace", "Luis", "Hannah", "Kwame", "Sophie", "Ben", "Ingrid", "Ravi", "Emma", "Noah",
    "Olivia", "Tariq", "Rachel", "Chris", "Zoe", "Patrick", "Anjali", "Lewis", "Nadia", "George", "Ruth",
    "Ethan", "Laura", "Hassan", "Amy", "Mateo", "Isabel", "Femi", "Kate", "Joe", "Lena", "Simon", "Yusuf",
    "Maria", "Gareth", "Chloe", "Victor", "Eleanor", "Ahmed", "Beth", "Karl", "Nina", "Rory", "Sunita",
    "Adam", "Joanna",
)  # fmt: skip
_LAST = (
    "Whitfield", "Ortiz", "Patel", "Hughes", "Khan", "Bennett", "Marsh", "Singh", "O'Neill", "Price",
    "Rahman", "Turner", "Chen", "Okafor", "Fletcher", "García", "Lindqvist", "Mensah", "Dubois", "Walsh",
    "Novak", "Iyer", "Campbell", "Brooks", "Nakamura", "Shah", "Doyle", "Evans", "Kowalski", "Reid",
    "Haddad", "Morgan", "Adeyemi", "Fischer", "Gallagher", "Moreau", "Russo", "Sato", "Thompson", "Ward",
    "Young", "Ali", "Baker", "Clarke", "Davies", "Ellis", "Foster", "Grant", "Hart", "Jensen", "Kaur",
    "Lopez", "Murphy", "Nash", "Osei", "Parry", "Quinn", "Rossi", "Stewart", "Vance",
)  # fmt: skip
_DAUGHTERS = ("Maya", "Isla", "Ava", "Zara", "Ella", "Ruby", "Amara", "Freya")
_SONS = ("Leo", "Noah", "Finn", "Oscar", "Theo", "Arlo", "Kofi", "Elliot")
_CITIES = (
    "Leeds", "Bristol", "Edinburgh", "Manchester", "Boston", "Denver", "Toronto", "Lisbon", "Dublin",
    "Glasgow", "Austin", "Seattle", "Cardiff", "York", "Chicago", "Melbourne",
)  # fmt: skip
_TEAMS = ("Leeds United", "Celtic", "the Red Sox", "the Maple Leafs", "Bristol City", "Munster rugby")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip
_ROLES_LEAD = ("Finance Director", "CFO", "Managing Director", "Financial Controller", "COO", "Owner")
_ROLES = (
    "Accounts Payable Lead", "Operations Manager", "Office Manager", "IT Manager", "Head of Procurement",
    "Bookkeeper", "Payroll Manager", "Management Accountant", "Credit Controller", "Practice Manager",
)  # fmt: skip
_CONTACT_NOTES = (
    "",
    "",
    "",
    "Assistant books all meetings — go through her.",
    "Prefers the short version; bullet points.",
    "Very detailed; reads everything.",
    "Champion on their side.",
    "Sceptical, but fair.",
)
_COMPANY_WORDS = (
    "Harbor", "Granite", "Bluebell", "Summit", "Riverside", "Oakridge", "Cedar", "Beacon", "Meridian",
    "Ashford", "Crescent", "Falcon", "Ironbridge", "Juniper", "Kestrel", "Lakeside", "Maple", "Norwood",
    "Orchard", "Pinnacle", "Quarry", "Redwood", "Silverline", "Thornbury", "Upland", "Valley", "Westbrook",
    "Yarrow", "Zenith", "Alder", "Birchwood", "Copper", "Driftwood", "Foxglove", "Greenway", "Hawthorn",
    "Ivy", "Kingfisher", "Larch", "Millstone", "Northgate", "Oakleaf", "Pemberton", "Quayside", "Rowan",
    "Saltmarsh", "Tidewater", "Union", "Vantage", "Wexford", "Amber", "Brightwater", "Clearwater",
    "Dunmore", "Eastfield", "Fairway", "Goldcrest", "Highfield", "Ironwood", "Keystone", "Linden",
    "Moorland", "Newbury", "Oldfield", "Parkside", "Ridgeway", "Stonebridge", "Twin Oaks", "Westfield",
    "Whitestone", "Windmill", "Blackthorn", "Coldwater", "Deerfield", "Evergreen", "Fernhill", "Glenwood",
    "Harrow", "Lionheart", "Marlow", "Otterburn", "Primrose", "Redcliffe", "Sandpiper", "Sterling",
    "Trinity", "Wren", "Bramble", "Cobalt", "Hollybush", "Lantern", "Mariner", "Pebble", "Skylark",
    "Thistle", "Willow", "Anchor", "Bellweather", "Castle", "Dovetail",
)  # fmt: skip
_COMPANY_ENDINGS = ("", "", "", " Ltd", " Group", " & Co", " Partners")
_TAGS = (
    "Referral", "Trade show", "Key account", "Upsell", "Partner", "Inbound", "Priority", "Multi-site",
    "Charity rate", "Pilot",
)  # fmt: skip
_KIND_WEIGHTS = (("call", 30), ("meeting", 24), ("visit", 10), ("email", 26), ("message", 10))
_CHANNELS = vocab.CHANNELS
_NEED_STATUSES = ("open",) * 5 + ("addressed",) * 2 + ("resolved",) * 2 + ("dropped",)
_OBJECTION_STATUSES = ("open",) * 3 + ("answered",) * 4 + ("resolved",) * 3
_NOW_NOT_STAGES = ("lost", "not_now")


# -- plans -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Size:
    customers: int
    contacts: tuple[int, int]
    interactions: tuple[int, int]
    need_rate: float  # per done interaction
    objection_rate: float
    me_rate: float
    them_rate: float
    asked_rate: float
    rapport: tuple[int, int]  # per contact
    birthday_rate: float
    planned_rate: float
    cancelled_rate: float
    archived_rate: float
    chunk: int  # customers per executemany batch


_SIZES = {
    "small": _Size(25, (2, 4), (3, 12), 0.6, 0.3, 0.5, 0.35, 0.25, (1, 2), 0.6, 0.5, 0.08, 0.0, 100),
    "large": _Size(10_000, (2, 4), (4, 36), 0.35, 0.15, 0.3, 0.2, 0.1, (0, 2), 0.4, 0.25, 0.03, 0.02, 250),
}


@dataclass
class _Plan:
    stage: str
    interactions: int
    contacts: int
    name: str = ""
    industry: _Industry | None = None
    health: str = ""  # good / due / slipping; "" picks one
    rich: bool = False  # every kind of record, at least one of each
    planned: bool = False
    cancelled: bool = False
    archived: bool = False
    snoozed: bool = False
    revisit_due: bool = False
    last_ago: int | None = None
    birthday_in: int | None = None
    # (owner, due relative to today, status, completed relative to today)
    promises: tuple[tuple[str, int, str, int | None], ...] = ()


def _small_plans(rng: random.Random) -> list[_Plan]:
    stages = ["lead"] * 4 + ["qualified"] * 4 + ["proposal"] * 4 + ["negotiation"] * 3 + ["won"] * 5
    stages += ["lost"] * 2 + ["not_now"] * 2
    rng.shuffle(stages)
    plans = [
        _Plan(
            stage,
            rng.randint(*_SIZES["small"].interactions),
            rng.randint(*_SIZES["small"].contacts),
            planned=stage not in _NOW_NOT_STAGES and rng.random() < 0.4,
            cancelled=rng.random() < 0.1,
        )
        for stage in stages
    ]
    logistics = next(i for i in _INDUSTRIES if i.name == "Logistics")
    showcase = _Plan(
        "negotiation",
        12,
        4,
        name="Brightwater Logistics",
        industry=logistics,
        rich=True,
        planned=True,
        cancelled=True,
        last_ago=6,
        birthday_in=6,
        promises=(
            ("me", -3, "open", None),
            ("me", 2, "open", None),
            ("them", 4, "open", None),
            ("them", -2, "open", None),
            ("me", -20, "kept", -17),
            ("me", -14, "kept", -14),
            ("them", -30, "released", -25),
        ),
    )
    plans.insert(0, showcase)
    # A few more made to look alive on any day: late promises, promises due this week, birthdays soon,
    # a not-now customer whose revisit date has come, someone slipping, someone snoozed, two archived.
    open_ones = [p for p in plans[1:] if p.stage in vocab.OPEN_STAGES or p.stage == "won"]
    for p, days in zip(open_ones[:3], (-1, -4, -5), strict=True):
        p.promises = (("me", days, "open", None), ("them", days - 3, "kept", days - 1))
        p.last_ago = rng.randint(8, 12)
    for p, days in zip(open_ones[3:7], (0, 1, 3, 6), strict=True):
        p.promises = (("me", days, "open", None),)
        p.planned = True
    for p, days in zip(open_ones[7:9], (2, 11), strict=True):
        p.birthday_in = days
    for p in open_ones[9:12]:
        p.health = "slipping"
    open_ones[12].snoozed = True
    open_ones[12].health = "slipping"
    not_now = next(p for p in plans if p.stage == "not_now")
    not_now.revisit_due = True
    lost = next(p for p in plans if p.stage == "lost")
    lost.archived = True
    open_ones[13].archived = True
    open_ones[13].health = "slipping"
    open_ones[13].planned = False
    return plans


def _large_plans(rng: random.Random, size: _Size) -> list[_Plan]:
    stages = ("lead", "qualified", "proposal", "negotiation", "won", "lost", "not_now")
    weights = (20, 18, 14, 10, 22, 8, 8)
    plans = [
        _Plan(
            "won",
            2_400,
            8,
            name="Northwind Traders",
            industry=next(i for i in _INDUSTRIES if i.name == "Logistics"),
            rich=True,
            planned=True,
            birthday_in=4,
            last_ago=2,
            promises=(("me", -2, "open", None), ("me", 3, "open", None), ("them", 5, "open", None)),
        )
    ]
    for stage in rng.choices(stages, weights, k=size.customers - 1):
        plan = _Plan(stage, rng.randint(*size.interactions), rng.randint(*size.contacts))
        closed = stage in _NOW_NOT_STAGES
        plan.planned = not closed and rng.random() < size.planned_rate
        plan.cancelled = rng.random() < size.cancelled_rate
        plan.archived = rng.random() < size.archived_rate
        plan.snoozed = not closed and rng.random() < 0.01
        plan.revisit_due = stage == "not_now" and rng.random() < 0.1
        plans.append(plan)
    return plans


# -- the maker -------------------------------------------------------------------------------------------


class _Maker:
    def __init__(self, journal: Journal, size: _Size, rng: random.Random) -> None:
        self.rng = rng
        self.size = size
        self.now = journal.clock.now().astimezone(UTC)
        self.today = journal.clock.today()
        self.tz = journal.clock.local_tz()
        conn = journal.conn()
        self.next_id = {
            t: int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").fetchone()[0])
            for t, (_, cols) in _TABLES.items()
            if "id" in cols
        }
        self.rows: dict[str, list[Row]] = {t: [] for t in _TABLES}
        self.counts: dict[str, int] = dict.fromkeys(_TABLES, 0)
        self.tags: dict[str, int] = {
            str(key): int(i) for key, i in conn.execute("SELECT name_key, id FROM tag").fetchall()
        }
        self.names: set[str] = set()
        self.customer_ids: list[int] = []

    # -- small helpers

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def new_id(self, table: str) -> int:
        i = self.next_id[table]
        self.next_id[table] = i + 1
        return i

    def day(self, ago: int) -> date:
        return self.today - timedelta(days=ago)

    def moment(self, day: date, minute: int) -> datetime:
        """A local day and minute of the day, as an aware UTC time no later than now."""
        local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=self.tz)
        when = local.astimezone(UTC)
        if when > self.now:
            when = self.now - timedelta(minutes=self.rng.randint(20, 90))
        return when

    def later(self, when: datetime, low_min: int, high_min: int) -> datetime:
        """A little after `when` (when something was written down), never after now."""
        return min(when + timedelta(minutes=self.rng.randint(low_min, high_min)), self.now)

    def fill(self, template: str, industry: _Industry) -> str:
        return template.format(**self.words(industry)) if "{" in template else template

    def words(self, industry: _Industry) -> dict[str, object]:
        """Words to fill a template with: a child's name, a city, a month, a head count…"""
        rng = self.rng
        return dict(
            daughter=rng.choice(_DAUGHTERS),
            son=rng.choice(_SONS),
            city=rng.choice(_CITIES),
            month=rng.choice(_MONTHS),
            team=rng.choice(_TEAMS),
            n=rng.choice((12, 25, 40, 60, 85, 120, 180, 250, 400)),
            sites=rng.randint(2, 9),
            year=rng.randint(1952, 2008),
            fin=rng.randint(2, 9),
            industry=industry.name.lower(),
        )

    def company_name(self, industry: _Industry) -> tuple[str, str]:
        rng = self.rng
        for attempt in range(200):
            if rng.random() < 0.08:
                kind = "individual"
                name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
                if attempt > 20:
                    name = f"{name} ({rng.choice(_CITIES)})"
            else:
                kind = "company"
                name = f"{rng.choice(_COMPANY_WORDS)} {rng.choice(industry.nouns)}"
                if attempt > 5 or rng.random() < 0.2:
                    name += rng.choice(_COMPANY_ENDINGS[3:])
                if attempt > 30:
                    name = f"{name} ({rng.choice(_CITIES)})"
            if name_key(name) not in self.names:
                return name, kind
        n = len(self.names)
        return f"{rng.choice(_COMPANY_WORDS)} {rng.choice(industry.nouns)} {n}", "company"

    def slug(self, name: str) -> str:
        kept = "".join(ch for ch in name.lower() if ch.isascii() and (ch.isalnum() or ch == " "))
        words = [w for w in kept.split() if w not in ("ltd", "co", "group", "partners")]
        return "".join(words[:2]) or "example"

    # -- one customer and everything about them

    def customer(self, plan: _Plan) -> None:
        """One customer and their whole story, told in order."""
        rng = self.rng
        size = self.size
        cid = self.new_id("customer")
        self.customer_ids.append(cid)
        industry = plan.industry or rng.choice(_INDUSTRIES)
        if plan.name:
            name, kind = plan.name, "company"
        else:
            name, kind = self.company_name(industry)
        self.names.add(name_key(name))
        stage = plan.stage
        closed = stage in _NOW_NOT_STAGES
        cadence_default = DEFAULT_CADENCE[stage]
        cadence_custom = None
        if cadence_default and rng.random() < 0.15:
            cadence_custom = rng.choice((10, 21, 30, 60))
        cadence = cadence_custom or cadence_default or 30

        # When things happened, counted in days before today.
        health = plan.health or rng.choice(("good",) * 11 + ("due",) * 3 + ("slipping",) * 6)
        if plan.last_ago is not None:
            last_ago = plan.last_ago
        elif closed:
            last_ago = rng.randint(40, 200)
        elif health == "good":
            last_ago = rng.randint(0, max(1, int(cadence * 0.7)))
        elif health == "due":
            last_ago = rng.randint(int(cadence * 0.8) + 1, cadence)
        else:
            last_ago = rng.randint(cadence + 2, cadence * 2 + 10)
        n = plan.interactions
        span = min(n * rng.randint(4, 12), 1_200) + rng.randint(0, 20)
        start_ago = last_ago + span
        agos = [start_ago, last_ago] + [rng.randint(last_ago, start_ago) for _ in range(n - 2)]
        agos.sort(reverse=True)
        minutes = [rng.randrange(8 * 60 + 30, 17 * 60 + 30, 15) for _ in range(n)]
        created = self.moment(self.day(start_ago + rng.randint(0, 3)), rng.randint(7 * 60, 8 * 60 + 20))

        # The stage path and where each move happened.
        ladder = ["lead", "qualified", "proposal", "negotiation"]
        if stage == "won":
            path = [*ladder, "won"]
            if rng.random() < 0.3:
                path.remove("qualified")
        elif closed:
            path = [*ladder[: rng.randint(1, 4)], stage]
        else:
            path = ladder[: ladder.index(stage) + 1]
        moves = path[1:]
        if len(moves) > n - 1:
            moves = moves[len(moves) - (n - 1) :]
        if closed:
            move_at = [*sorted(rng.sample(range(1, n - 1), len(moves) - 1)), n - 1]
        elif stage == "won":
            won_at = rng.randint(len(moves), max(len(moves), n - 1 - n // 3))
            move_at = [*sorted(rng.sample(range(1, won_at), len(moves) - 1)), won_at]
        else:
            move_at = sorted(rng.sample(range(1, n), len(moves)))
        move_of = dict(zip(move_at, moves, strict=True))

        # Contacts.
        contact_ids: list[int] = []
        people: list[tuple[int, str, str]] = []  # (id, name, role)
        domain = f"{self.slug(name)}.example"
        used: set[str] = set()
        n_contacts = min(plan.contacts, 2) if kind == "individual" else plan.contacts
        for k in range(n_contacts):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            while f"{first} {last}" in used:
                first, last = rng.choice(_FIRST), rng.choice(_LAST)
            if kind == "individual" and k == 0:
                first, last = name.split(" (")[0].split(" ", 1)
            full = f"{first} {last}"
            used.add(full)
            role = rng.choice(_ROLES_LEAD) if k == 0 else rng.choice(_ROLES)
            if kind == "individual" and k == 0:
                role = "Owner"
            mailbox = f"{first}.{last}".lower().replace("'", "").replace("í", "i")
            email = f"{mailbox}@{domain}" if rng.random() < 0.9 else ""
            phone = (
                f"+1 555 01{rng.randint(0, 99):02d} {rng.randint(1000, 9999)}" if rng.random() < 0.8 else ""
            )
            added = format_utc(self.later(created, 1, 600))
            contact_id = self.new_id("contact")
            self.rows["contact"].append(
                (contact_id, self.uid(), added, added, cid, full, role, email, phone,
                 rng.choice(_CHANNELS), rng.choice(_CONTACT_NOTES))
            )  # fmt: skip
            contact_ids.append(contact_id)
            people.append((contact_id, full, role))

        # Decks: each customer meets the phrase pools in its own order, repeating only when they run out.
        need_deck = list(industry.needs + _GENERIC_NEEDS)
        rng.shuffle(need_deck)
        if plan.rich:
            for kind_wanted in reversed(vocab.NEED_KINDS):
                i = next(j for j, item in enumerate(need_deck) if item[0] == kind_wanted)
                need_deck.insert(0, need_deck.pop(i))
        objection_deck = rng.sample(range(len(_OBJECTIONS)), len(_OBJECTIONS))
        question_deck = rng.sample(range(len(_QUESTIONS)), len(_QUESTIONS))
        rapport_deck = rng.sample(range(len(_RAPPORT)), len(_RAPPORT))
        counters = {"need": 0, "objection": 0, "question": 0, "rapport": 0}

        def draw(deck_name: str, deck_len: int) -> int:
            i = counters[deck_name]
            counters[deck_name] = i + 1
            return i % deck_len

        rich = plan.rich
        rate = 1.0 if rich else 0.0  # rich customers get something from every meeting
        stage_rows: list[Row] = []
        created_s = format_utc(created)
        stage_rows.append(
            (self.new_id("stage_change"), self.uid(), created_s, created_s, cid, "", "lead", "", None,
             created_s, None)
        )  # fmt: skip
        last_change, current = created, "lead"
        revisit_on: date | None = None
        revisit_reason = ""
        done: list[tuple[int, date, datetime, list[int]]] = []  # (id, day, when, attendees)
        sites = rng.randint(2, 9)

        for idx, ago in enumerate(agos):
            day = self.day(ago)
            kind_i = rng.choices(_KIND_WEIGHTS, (30, 24, 10, 26, 10))[0][0]
            if kind_i in ("call", "meeting", "visit") and day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)  # to the Friday before
            minute = minutes[idx] if kind_i not in ("email", "message") else rng.randint(7 * 60, 20 * 60)
            when = self.moment(day, minute)
            if when < created:
                when = self.later(created, 30, 240)
            iid = self.new_id("interaction")
            many = 3 if kind_i in ("meeting", "visit") else 2 if kind_i == "call" else 1
            attendees = rng.sample(contact_ids, rng.randint(1, min(many, len(contact_ids))))
            for contact_id in attendees:
                self.rows["attendee"].append((iid, contact_id))
            who = [p for p in people if p[0] in attendees]
            paras: list[str] = [self.opening(kind_i, who, industry), rng.choice(_DISCUSSION)]
            written = self.later(when, 15, 240)
            written_s = format_utc(written)
            day_s = day.isoformat()

            if rng.random() < max(size.need_rate, rate):
                need_kind, text, quote = need_deck[draw("need", len(need_deck))]
                status = rng.choice(_NEED_STATUSES) if ago > 3 else "open"
                changed = None
                if status != "open":
                    changed = format_utc(self.later(written, 60 * 24, 60 * 24 * max(1, ago)))
                self.rows["need"].append(
                    (self.new_id("need"), self.uid(), written_s, changed or written_s, cid, need_kind, text,
                     quote, rng.choice((1, 2, 2, 3, 3)), status, changed, rng.choice(attendees), iid)
                )  # fmt: skip
                label = vocab.NEED_KIND_LABELS[need_kind]
                paras.append(f"- {label}: {text[0].lower()}{text[1:]}\n\n> {quote}")

            if rng.random() < max(size.objection_rate, rate * 0.6):
                concern, said, response = _OBJECTIONS[objection_deck[draw("objection", len(objection_deck))]]
                status = rng.choice(_OBJECTION_STATUSES) if ago > 3 else "open"
                worked: int | None = None
                changed = None
                if status == "resolved":
                    worked = 1
                elif status == "answered":
                    worked = rng.choice((1, 1, 0, None))
                if status != "open":
                    changed = format_utc(self.later(written, 30, 60 * 24 * max(1, ago)))
                if status == "open" and rng.random() < 0.5:
                    response = ""  # not answered yet
                self.rows["objection"].append(
                    (self.new_id("objection"), self.uid(), written_s, changed or written_s, cid, concern,
                     response, status, worked, changed, rng.choice(attendees), iid)
                )  # fmt: skip
                answer = f"\n\nMy answer: {response}" if response else ""
                paras.append(f"Pushback: {concern[0].lower()}{concern[1:]}.\n\n> {said}{answer}")

            promise_lines: list[str] = []
            for owner, chance in (("me", size.me_rate), ("them", size.them_rate)):
                if rng.random() < max(chance, rate * 0.7):
                    pool = _PROMISES_ME if owner == "me" else _PROMISES_THEM
                    text = rng.choice(pool).format(sites=sites, industry=industry.name.lower())
                    due = day + timedelta(days=rng.randint(1, 14))
                    if due.weekday() >= 5:
                        due += timedelta(days=7 - due.weekday())  # the Monday after
                    self.promise(cid, owner, text, day, due, written, rng.choice(attendees), iid)
                    who_says = "**I'll**" if owner == "me" else "**They'll**"
                    promise_lines.append(
                        f"{who_says} {text[0].lower()}{text[1:]} by {due:%a} {due.day} {due:%b}."
                    )
            if promise_lines:
                paras.append("\n".join(promise_lines))

            if rng.random() < max(size.asked_rate, rate * 0.3):
                question, answer = _QUESTIONS[question_deck[draw("question", len(question_deck))]]
                self.rows["question"].append(
                    (self.new_id("question"), self.uid(), written_s, written_s, cid, question, "asked",
                     answer, day_s, iid)
                )  # fmt: skip
                paras.append(f"Asked: *{question}*\n\n> {answer}")

            move = move_of.get(idx)
            outcome = rng.choice(("advanced", "no_change", "no_change", "no_change", "setback", ""))
            if move is not None:
                outcome = {"won": "won", "lost": "lost", "not_now": "not_now"}.get(move, "advanced")
                reason = self.fill(rng.choice(_STAGE_REASONS[move]), industry)
                change_revisit: date | None = None
                if move == "not_now":
                    if plan.revisit_due:
                        change_revisit = self.today - timedelta(days=rng.randint(0, 3))
                    else:
                        change_revisit = self.today + timedelta(days=rng.randint(7, 150))
                elif move == "lost" and rng.random() < 0.5:
                    change_revisit = self.today + timedelta(days=rng.randint(30, 300))
                stage_rows.append(
                    (self.new_id("stage_change"), self.uid(), written_s, written_s, cid, current, move,
                     reason, change_revisit.isoformat() if change_revisit else None, written_s, iid)
                )  # fmt: skip
                last_change, current = written, move
                if move in _NOW_NOT_STAGES:
                    revisit_on, revisit_reason = change_revisit, reason
                    paras.append(f"> {reason}")

            next_step, next_on = "", None
            if idx == n - 1 and closed:
                pass
            elif rng.random() < 0.7:
                next_step = rng.choice(_NEXT_STEPS)
                next_on = (day + timedelta(days=rng.randint(2, 10))).isoformat()

            reflect = rng.random() < 0.5
            self.rows["interaction"].append(
                (iid, self.uid(), written_s, written_s, cid, "done", kind_i, format_utc(when),
                 rng.choice(_GOALS) if rng.random() < 0.3 else "", "\n\n".join(paras), outcome, next_step,
                 next_on, rng.choice(_WENT_WELL) if reflect else "",
                 rng.choice(_TO_IMPROVE) if reflect else "",
                 rng.choice(_LESSONS) if reflect and rng.random() < 0.6 else "",
                 rng.choice((2, 3, 3, 4, 4, 4, 5)) if reflect else None,
                 _QUESTIONS[rng.randrange(len(_QUESTIONS))][0] if reflect and rng.random() < 0.6 else "")
            )  # fmt: skip
            done.append((iid, day, written, attendees))

        self.rows["stage_change"].extend(stage_rows)

        # Rapport: what I have learned about the people, each from a meeting they were in.
        for contact_id in contact_ids:
            attended = [d for d in done if contact_id in d[3]] or done
            for _ in range(rng.randint(*size.rapport) + (1 if rich else 0)):
                category, text, hook = _RAPPORT[rapport_deck[draw("rapport", len(rapport_deck))]]
                source = rng.choice(attended)
                words = self.words(industry)  # one set of picks, so the hook names the same child
                text_f, hook_f = text.format(**words), hook.format(**words)
                at = format_utc(source[2])
                self.rows["rapport_fact"].append(
                    (self.new_id("rapport_fact"), self.uid(), at, at, contact_id, category, text_f,
                     source[1].isoformat(), hook_f, int(bool(hook_f) and rng.random() < 0.35), source[0])
                )  # fmt: skip

        # Important dates: birthdays, and for customers the renewal and when they became one.
        for k, contact_id in enumerate(contact_ids):
            forced = plan.birthday_in is not None and k == 0
            if not forced and rng.random() >= size.birthday_rate:
                continue
            if forced:
                assert plan.birthday_in is not None
                when_d = self.today + timedelta(days=plan.birthday_in)
                month, dom, year = when_d.month, when_d.day, None
            else:
                month, dom = rng.randint(1, 12), rng.randint(1, 28)
                year = rng.randint(1960, 1999) if rng.random() < 0.4 else None
            self.date_row(cid, contact_id, "birthday", "", month, dom, year, created)
        if stage == "won":
            won_day = done[move_at[-1]][1]
            self.date_row(cid, None, "renewal", "Contract renewal", won_day.month, min(won_day.day, 28), None,
                          created)  # fmt: skip
            if rng.random() < 0.5:
                self.date_row(cid, None, "anniversary", "Became a customer", won_day.month, won_day.day,
                              won_day.year, created)  # fmt: skip
        if rng.random() < 0.15:
            self.date_row(
                cid, None, "other", "Financial year end", rng.choice((3, 6, 9, 12)), 28, None, created
            )

        # Questions still to ask next time.
        if not closed:
            for _ in range(rng.randint(1, 3) if rich else rng.randint(0, 2)):
                question = _QUESTIONS[question_deck[draw("question", len(question_deck))]][0]
                at = format_utc(self.later(done[-1][2], 5, 60 * 24 * 3))
                self.rows["question"].append(
                    (self.new_id("question"), self.uid(), at, at, cid, question, "to_ask", "", None,
                     done[-1][0] if rng.random() < 0.5 else None)
                )  # fmt: skip

        # Promises placed on purpose relative to today (overdue by a few days, due this week, kept late).
        for owner, due_in, status, completed_in in plan.promises:
            due = self.today + timedelta(days=due_in)
            before = [d for d in done if d[1] < due] or done[:1]
            source_id, source_day, source_at, attendees = before[-1]
            pool = _PROMISES_ME if owner == "me" else _PROMISES_THEM
            text = rng.choice(pool).format(sites=sites, industry=industry.name.lower())
            completed = None if completed_in is None else self.today + timedelta(days=completed_in)
            self.promise(
                cid,
                owner,
                text,
                source_day,
                due,
                source_at,
                rng.choice(attendees),
                source_id,
                status,
                completed,
            )

        # Plans: a meeting in the coming days, a cancelled one in the past.
        if plan.planned and not closed:
            ahead = rng.randint(1, 7) if plan.last_ago is None else 2
            day = self.today + timedelta(days=ahead)
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
            hour, minute = rng.choice((9, 10, 11, 14, 15)), rng.choice((0, 30))
            starts = datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)
            self.planned(cid, "planned", starts.astimezone(UTC), contact_ids, "", industry, done[-1][2])
        if plan.cancelled and last_ago >= 1:
            # before the last contact for a closed customer; in the last weeks for the others
            lo, hi = (last_ago + 1, last_ago + 10) if closed else (1, max(1, min(last_ago + 10, 40)))
            day = self.day(rng.randint(lo, hi))
            if day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)
            when = self.moment(day, rng.randrange(9 * 60, 16 * 60, 30))
            first = people[0][1].split(" ")[0]
            notes = "Cancelled: " + rng.choice(_CANCEL_REASONS).format(first=first)
            self.planned(cid, "cancelled", when, contact_ids, notes, industry, when - timedelta(days=4))

        # Tags.
        for tag in rng.sample(_TAGS, rng.choice((0, 1, 1, 2, 2, 3))):
            self.rows["customer_tag"].append((cid, self.tag_id(tag)))

        # The customer row itself, last, now that its story is known.
        value = None
        if stage != "lead" or rng.random() < 0.5:
            value = rng.randrange(4, 120) * 250_000
        snoozed = None
        if plan.snoozed:
            snoozed = (self.today + timedelta(days=rng.randint(3, 14))).isoformat()
        archived_at = None
        if plan.archived:
            archived_at = format_utc(self.moment(self.day(rng.randint(0, max(0, last_ago - 1))), 17 * 60))
        if kind == "individual":
            work = rng.choice(("interim finance director", "fractional CFO", "bookkeeper", "consultant"))
            first = name.split(" ")[0]
            opening = f"{first} works independently as {('an ' if work[0] in 'aeiou' else 'a ') + work}"
            about = f"{opening} for {industry.name.lower()} businesses, and recommends tools to them."
        else:
            about = " ".join(
                [self.fill(rng.choice(industry.about), industry)]
                + [self.fill(s, industry) for s in rng.sample(_ABOUT_MORE, rng.randint(1, 2))]
            )
        updated = max(last_change, created)
        updated_s = archived_at or format_utc(updated)
        website = f"https://www.{domain}" if kind == "company" and rng.random() < 0.85 else ""
        self.rows["customer"].append(
            (cid, self.uid(), created_s, updated_s, name, name_key(name), kind, industry.name, website, about,
             stage, value, revisit_on.isoformat() if revisit_on else None, revisit_reason, cadence_custom,
             snoozed, int(plan.archived), archived_at)
        )  # fmt: skip

    def opening(self, kind: str, who: Sequence[tuple[int, str, str]], industry: _Industry) -> str:
        rng = self.rng
        lead = f"{who[0][1]} ({who[0][2]})"
        names = " and ".join([lead, *(w[1] for w in who[1:])])
        first = who[0][1].split(" ")[0]
        match kind:
            case "call":
                return rng.choice(
                    (f"Call with {names}.", f"Quick call with {names}, about twenty minutes.",
                     f"{first} called me back.")
                )  # fmt: skip
            case "meeting":
                return rng.choice(
                    (f"Meeting with {names} at their office.", f"Video meeting with {names}.",
                     f"Lunch with {names}.")
                )  # fmt: skip
            case "visit":
                return rng.choice(
                    (f"Visited their {industry.place} with {names}.",
                     f"Site visit: {first} showed me round the {industry.place}.")
                )  # fmt: skip
            case "email":
                return rng.choice((f"Email exchange with {names}.", f"{first} replied to my follow-up."))
        return rng.choice((f"Messages with {first}.", f"{first} texted back."))

    def promise(
        self,
        cid: int,
        owner: str,
        text: str,
        made: date,
        due: date,
        written: datetime,
        contact_id: int,
        source_id: int,
        status: str = "",
        completed: date | None = None,
    ) -> None:
        """A promise made on `made`, due on `due`; unless told, how it went follows from today."""
        rng = self.rng
        today = self.today
        release = ""
        if not status:
            if due >= today:
                status = "kept" if rng.random() < 0.1 else "open"
                if status == "kept":
                    completed = made + timedelta(days=rng.randint(0, (today - made).days))
            else:
                late_by = (today - due).days
                r = rng.random()
                if (late_by <= 6 and r < 0.3) or r < 0.02:
                    status = "open"
                elif r < 0.9:
                    status = "kept"
                    if rng.random() < 0.7:
                        completed = due - timedelta(days=rng.randint(0, max(0, min(3, (due - made).days))))
                    else:
                        completed = min(due + timedelta(days=rng.randint(1, 6)), today)
                else:
                    status = "released"
                    completed = made + timedelta(days=rng.randint(0, (today - made).days))
        if status == "released":
            release = rng.choice(_RELEASE_REASONS)
            completed = completed or today
        created = format_utc(written)
        updated = created
        if completed is not None:
            updated = format_utc(max(written, self.moment(completed, rng.randint(9 * 60, 18 * 60))))
        self.rows["promise"].append(
            (self.new_id("promise"), self.uid(), created, updated, cid, owner, text, due.isoformat(), status,
             completed.isoformat() if completed else None, release, contact_id, source_id)
        )  # fmt: skip

    def planned(
        self,
        cid: int,
        state: str,
        when: datetime,
        contact_ids: list[int],
        notes: str,
        industry: _Industry,
        planned_at: datetime,
    ) -> None:
        rng = self.rng
        iid = self.new_id("interaction")
        at = format_utc(min(planned_at, self.now))
        for contact_id in rng.sample(contact_ids, rng.randint(1, min(2, len(contact_ids)))):
            self.rows["attendee"].append((iid, contact_id))
        self.rows["interaction"].append(
            (iid, self.uid(), at, at, cid, state, rng.choice(("meeting", "meeting", "call", "visit")),
             format_utc(when), rng.choice(_GOALS), notes, "", "", None, "", "", "", None, "")
        )  # fmt: skip

    def unlogged(self, conn: sqlite3.Connection, cid: int, days_ago: int) -> None:
        """A coffee that was planned, has happened, and was never logged: Today asks to log it."""
        when = self.moment(self.day(days_ago), 10 * 60)
        iid = self.new_id("interaction")
        at = format_utc(when - timedelta(days=5))
        people = conn.execute("SELECT id FROM contact WHERE customer_id = ? ORDER BY id LIMIT 1", (cid,))
        for (contact_id,) in people:
            self.rows["attendee"].append((iid, contact_id))
        self.rows["interaction"].append(
            (iid, self.uid(), at, at, cid, "planned", "meeting", format_utc(when),
             "Coffee: hear how the pilot went", "", "", "", None, "", "", "", None, "")
        )  # fmt: skip

    def date_row(
        self,
        cid: int,
        contact_id: int | None,
        kind: str,
        label: str,
        month: int,
        dom: int,
        year: int | None,
        created: datetime,
    ) -> None:
        at = format_utc(self.later(created, 60, 60 * 24 * 30))
        self.rows["important_date"].append(
            (
                self.new_id("important_date"),
                self.uid(),
                at,
                at,
                cid,
                contact_id,
                kind,
                label,
                month,
                dom,
                year,
            )
        )

    def tag_id(self, tag: str) -> int:
        key = name_key(tag)
        found = self.tags.get(key)
        if found is None:
            found = self.new_id("tag")
            at = format_utc(self.now - timedelta(days=400))
            self.rows["tag"].append((found, self.uid(), at, at, tag, key))
            self.tags[key] = found
        return found

    def flush(self, conn: sqlite3.Connection) -> None:
        for table, (_, columns) in _TABLES.items():
            rows = self.rows[table]
            if not rows:
                continue
            names = ", ".join(columns)
            marks = ", ".join("?" * len(columns))
            if table in _SEARCHED:
                # Tables with search-index triggers take each batch in ONE statement: FTS5 writes its
                # pending index out at every statement, so row-at-a-time inserts would be 4× slower.
                stage = f"temp.sample_{table}"
                conn.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS sample_{table} AS SELECT {names} FROM {table} LIMIT 0"
                )
                conn.executemany(f"INSERT INTO {stage} ({names}) VALUES ({marks})", rows)
                conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage}")
                conn.execute(f"DELETE FROM {stage}")
            else:
                conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            self.counts[table] += len(rows)
            rows.clear()

    def drop_stages(self, conn: sqlite3.Connection) -> None:
        for table in _SEARCHED:
            conn.execute(f"DROP TABLE IF EXISTS temp.sample_{table}")


def fill_sample(
    journal: Journal, *, size: str = "small", seed: int = 7, progress: Progress | None = None
) -> SampleCounts:
    """Fill an empty journal with a believable sample: `small` (≈25 customers) or `large` (see docs/)."""
    if size not in _SIZES:
        raise ValidationError(f"Sample size must be one of: {', '.join(SIZES)} (got {size!r}).", "size")
    conn = journal.conn()
    if conn.execute("SELECT 1 FROM customer LIMIT 1").fetchone() is not None:
        raise ValidationError(
            "This journal already has customers in it; a sample is only made in an empty journal. "
            "Make it in a new file, e.g. sales-journal --journal sample.sqlite3 demo."
        )
    spec = _SIZES[size]
    rng = random.Random(seed)
    plans = _small_plans(rng) if size == "small" else _large_plans(rng, spec)
    maker = _Maker(journal, spec, rng)
    total = len(plans)
    with journal.write("Make sample journal") as tx:
        for start in range(0, total, spec.chunk):
            if progress is not None:
                progress(f"customers {start + 1:,}–{min(start + spec.chunk, total):,} of {total:,}")
            for plan in plans[start : start + spec.chunk]:
                maker.customer(plan)
            maker.flush(conn)
        if size == "small":
            maker.unlogged(conn, maker.customer_ids[0], 2)
            maker.flush(conn)
        maker.drop_stages(conn)
        for statement in migrations.statements(migrations.NEXT_STEPS_FOLLOWED):
            conn.execute(statement)
        migrations.categorise_reasons(conn)
        for cid in maker.customer_ids:
            tx.created("customer", cid, cid)
    if progress is not None:
        progress("indexing")
    search.optimize(journal)
    if progress is not None:
        progress("analysing")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA optimize")
    return SampleCounts(**{_TABLES[t][0]: n for t, n in maker.counts.items()})
