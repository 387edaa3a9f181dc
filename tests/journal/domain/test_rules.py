"""Each rule of the domain has one definition: keeping in touch (and its SQL form), open statuses, the
relevant planned meeting, and the kinds of record. Tables of cases pin each rule; scans of the code
keep a second definition from creeping back."""

from __future__ import annotations

import ast
import json
import logging
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from journal.domain import health, vocab
from journal.domain.clock import FixedClock
from journal.domain.errors import ValidationError
from journal.reads import planned, queries, today
from journal.services import contacts, customers, followup, interactions, needs, promises, questions, settings
from journal.storage import kinds, migrations, models
from journal.storage.changes import DERIVED_TABLE_PREFIXES
from journal.storage.db import Journal
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[3]
TODAY = NOW.date()
DEFAULTS = dict(health.DEFAULT_CADENCE)


def _customer(journal: Journal, name: str, **kwargs: object) -> int:
    return customers.create_customer(journal, name=name, **kwargs).created_id("customer")


def _contact(journal: Journal, cid: int, days_ago: int) -> None:
    when = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC).replace(hour=10)
    interactions.add_interaction(journal, cid, occurred_at=when, interaction_kind="call")


# -- keeping in touch ----------------------------------------------------------------------------------

# days since contact, cadence → rhythm
RHYTHM = [
    (0, 10, "within"),
    (7, 10, "within"),
    (8, 10, "due"),  # 80% of the way
    (10, 10, "due"),
    (11, 10, "slipping"),
    (400, 7, "slipping"),
    (3, None, "none"),
    (None, 14, "none"),
]


@pytest.mark.parametrize(("days", "cadence", "expected"), RHYTHM)
def test_rhythm_is_within_due_then_slipping(days: int | None, cadence: int | None, expected: str) -> None:
    assert health.rhythm(days, cadence) == expected


# stage, last contact (days ago), cadence, overdue promises of mine, snoozed (days ahead) → status
ASSESS = [
    ("lead", 3, 14, 0, None, "good"),
    ("lead", 12, 14, 0, None, "due"),
    ("lead", 15, 14, 0, None, "slipping"),
    ("lead", 15, 14, 2, None, "overdue"),  # a late promise of mine outranks the rhythm
    ("lead", 15, 14, 0, 3, "paused"),
    ("lead", 15, 14, 0, 0, "slipping"),  # a snooze ends on its day
    ("lead", None, 14, 0, None, "new"),
    ("won", 500, None, 0, None, "good"),  # no cadence: no rhythm to fall behind
    ("not_now", 500, 10, 0, None, "closed"),
    ("lost", 500, 10, 0, None, "closed"),
]


@pytest.mark.parametrize(("stage", "ago", "cadence", "overdue", "snoozed", "status"), ASSESS)
def test_health_of_a_customer(
    stage: str, ago: int | None, cadence: int | None, overdue: int, snoozed: int | None, status: str
) -> None:
    last = None if ago is None else TODAY - timedelta(days=ago)
    until = None if snoozed is None else TODAY + timedelta(days=snoozed)
    h = health.assess(
        today=TODAY,
        last_contact=last,
        cadence_days=cadence,
        overdue_mine=overdue,
        snoozed_until=until,
        stage=stage,
    )
    assert h.status == status


# custom cadence, stage, since (days ago), snoozed (days ahead) — the cases both forms of the rules see
CASES = [
    (None, "lead", 10, None),
    (None, "lead", 14, None),
    (None, "lead", 15, None),
    (None, "proposal", 8, None),
    (None, "proposal", 7, None),
    (None, "won", 46, None),
    (None, "won", 44, None),
    (30, "lead", 31, None),
    (30, "lead", 30, None),
    (1, "negotiation", 2, None),
    (5, "lost", 400, None),
    (None, "not_now", 400, None),
    (10, "lead", 40, 3),
    (10, "lead", 40, 0),
    (10, "lead", 40, -2),
    (None, "lead", 0, None),
]


def _sql_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE c (id INTEGER PRIMARY KEY, cadence_days INTEGER, stage TEXT, since TEXT,"
        " snoozed_until TEXT)"
    )
    for n, (custom, stage, ago, snoozed) in enumerate(CASES):
        since = datetime.combine(TODAY - timedelta(days=ago), datetime.min.time(), UTC).replace(hour=15)
        until = None if snoozed is None else (TODAY + timedelta(days=snoozed)).isoformat()
        conn.execute(
            "INSERT INTO c VALUES (?, ?, ?, ?, ?)", (n, custom, stage, models.format_utc(since), until)
        )


@pytest.mark.parametrize("defaults", [DEFAULTS, {**DEFAULTS, "lead": 7, "won": None, "proposal": 30}])
def test_the_sql_form_of_the_cadence_rules_agrees_with_the_python_form(
    defaults: dict[str, int | None],
) -> None:
    conn = sqlite3.connect(":memory:")
    _sql_table(conn)
    cadence = health.cadence_sql(defaults)
    exact = health.slipping_sql("since", cadence.text, slack=0)
    wide = health.slipping_sql("since", cadence.text)
    ratio = health.ratio_sql("since", cadence.text)
    day = {"day": TODAY.isoformat(), "today": TODAY.isoformat()}

    def column(expression: health.Sql) -> list[object]:
        sql = f"SELECT {expression.text} FROM c ORDER BY id"
        return [r[0] for r in conn.execute(sql, {**cadence.params, **expression.params, **day})]

    for case, sql_cadence, sql_slipping, sql_wide, sql_ratio in zip(
        CASES, column(cadence), column(exact), column(wide), column(ratio), strict=True
    ):
        custom, stage, ago, snoozed = case
        days = health.cadence_of(custom, stage, defaults)
        until = None if snoozed is None else TODAY + timedelta(days=snoozed)
        slipping = health.is_slipping(
            today=TODAY,
            since=TODAY - timedelta(days=ago),
            cadence_days=days,
            stage=stage,
            snoozed_until=until,
        )
        assert sql_cadence == days, case
        assert bool(sql_slipping) == slipping, case
        assert bool(sql_wide) or not slipping, case  # the day's slack only ever adds candidates
        python_ratio = health.ratio(ago, days)
        assert (sql_ratio is None) == (python_ratio is None), case
        if python_ratio is not None:
            assert sql_ratio == pytest.approx(python_ratio), case


def test_todays_slipping_list_is_the_rule_applied_to_every_customer(journal: Journal) -> None:
    expected = []
    for n, (custom, stage, ago, snoozed) in enumerate(CASES):
        name = f"Customer {n:02}"
        cid = _customer(journal, name, cadence_days=custom)
        if ago:
            _contact(journal, cid, ago)
        if stage != "lead":
            if stage in ("lost", "not_now"):
                customers.set_stage(
                    journal, cid, stage, reason="Budget", revisit_on=TODAY + timedelta(days=30)
                )
            else:
                customers.set_stage(journal, cid, stage)
        if snoozed is not None and snoozed > 0:
            followup.snooze(journal, cid, snoozed)
        until = None if snoozed is None or snoozed <= 0 else TODAY + timedelta(days=snoozed)
        if health.is_slipping(
            today=TODAY,
            since=TODAY - timedelta(days=ago),
            cadence_days=health.cadence_of(custom, stage, DEFAULTS),
            stage=stage,
            snoozed_until=until,
        ):
            expected.append(name)
    report = today.report(journal)
    assert sorted(s.name for s in report.slipping) == sorted(expected)
    assert len(expected) >= 6


# -- settings --------------------------------------------------------------------------------------------

HOSTILE = [
    10**30,
    2**63,
    1e308,
    -5,
    0,
    7.5,
    "14",
    "7 THEN 0 END; --",
    "0) OR 1=1 --",
    True,
    [7],
    {"days": 7},
]


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_a_hostile_cadence_is_refused_when_set(journal: Journal, value: object) -> None:
    with pytest.raises(ValidationError, match="cadence"):
        settings.set_settings(journal, **{"cadence.lead": value})
    assert settings.get(journal, "cadence.lead") == 14


def _store_raw(path: Path, values: dict[str, str]) -> None:
    """Settings as a file written by something else holds them (an old import, another tool)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", values.items())
    conn.close()


def _busy_journal(journal: Journal) -> dict[str, int]:
    ids = {}
    for name, ago, custom in (
        ("Far Gone", 40, None),
        ("Lately", 3, None),
        ("Own Rhythm", 20, 30),
        ("Never", 0, None),
    ):
        ids[name] = cid = _customer(journal, name, cadence_days=custom)
        if ago:
            _contact(journal, cid, ago)
    promises.add_promise(journal, ids["Lately"], text="Send pricing", due_on=TODAY - timedelta(days=2))
    return ids


def test_stored_hostile_cadences_read_as_the_defaults_and_today_and_the_list_still_work(
    journal_path: Path, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        _busy_journal(j)
        plain_statements: list[str] = []
        j.conn().set_trace_callback(plain_statements.append)
        plain_today = today.as_json(today.report(j))
        j.conn().set_trace_callback(None)
        plain_order = queries.customer_ids(j, sort="health")
        plain_rows = queries.customer_rows(j, plain_order)
    stages = [s for s in vocab.STAGES if s not in ("lost", "not_now")]
    for value in HOSTILE:
        stored = {f"cadence.{stage}": json.dumps(value) for stage in stages}
        stored["cadence.lost"] = json.dumps(value)
        stored["currency"] = json.dumps("'; DROP TABLE customer; --")
        stored["notifications"] = "not json at all"
        _store_raw(journal_path, stored)
        caplog.clear()
        with (
            caplog.at_level(logging.WARNING, logger="journal.services.settings"),
            Journal.open(journal_path, clock=clock) as j,
        ):
            statements: list[str] = []
            j.conn().set_trace_callback(statements.append)
            assert today.as_json(today.report(j)) == plain_today, value
            j.conn().set_trace_callback(None)
            assert len(statements) == len(plain_statements)  # no more queries than with the defaults
            order = queries.customer_ids(j, sort="health")
            assert order == plain_order, value
            assert queries.customer_ids(j, sort="health", descending=True) == plain_order[::-1]
            assert queries.customer_rows(j, order) == plain_rows
            assert settings.all_settings(j) == settings.DEFAULTS
        assert any("cadence.lead" in r.getMessage() for r in caplog.records), value


def test_preferences_keep_their_types(journal: Journal) -> None:
    settings.set_settings(
        journal, currency=" eur ", notifications=False, **{"cadence.won": None, "cadence.lead": 21}
    )
    assert settings.all_settings(journal) == {
        **settings.DEFAULTS,
        "currency": "EUR",
        "notifications": False,
        "cadence.won": None,
        "cadence.lead": 21,
    }
    for bad in ({"currency": 978}, {"notifications": "yes"}, {"backup.folder": 5}):
        with pytest.raises(ValidationError):
            settings.set_settings(journal, **bad)


# -- open statuses ---------------------------------------------------------------------------------------

OPEN = [
    ("need", "open", True),
    ("need", "addressed", True),
    ("need", "resolved", False),
    ("need", "dropped", False),
    ("objection", "open", True),
    ("objection", "answered", True),
    ("objection", "resolved", False),
    ("promise", "open", True),
    ("promise", "kept", False),
    ("promise", "released", False),
    ("question", "to_ask", True),
    ("question", "asked", False),
    ("next_step", "open", True),
    ("next_step", "done", False),
    ("next_step", "dropped", False),
]


@pytest.mark.parametrize(("kind", "status", "is_open"), OPEN)
def test_which_statuses_are_open(kind: str, status: str, is_open: bool) -> None:
    assert vocab.is_open(kind, status) is is_open
    condition, params = vocab.open_status_sql(kind)
    assert (
        bool(
            sqlite3.connect(":memory:")
            .execute(f"SELECT ? AS status WHERE {condition}", (status, *params))
            .fetchall()
        )
        is is_open
    )


def test_every_status_of_every_kind_is_in_the_table() -> None:
    statuses = {
        "need": vocab.NEED_STATUSES,
        "objection": vocab.OBJECTION_STATUSES,
        "promise": vocab.PROMISE_STATUSES,
        "question": vocab.QUESTION_STATUSES,
        "next_step": vocab.NEXT_STEP_STATUSES,
    }
    assert {(k, s) for k, s, _ in OPEN} == {(k, s) for k, all_ in statuses.items() for s in all_}


def test_the_brief_shows_what_is_open_and_only_that(journal: Journal) -> None:
    from journal.reads.brief import build_brief

    cid = _customer(journal, "Acme")
    shown = {}
    for status in vocab.NEED_STATUSES:
        nid = needs.add_need(journal, cid, text=f"need {status}").created_id("need")
        if status != "open":
            needs.set_need_status(journal, nid, status)
        shown[f"need {status}"] = vocab.is_open("need", status)
    brief = build_brief(journal, cid, today=TODAY)
    assert {n.text for n in brief.care_about.open.items} == {t for t, open_ in shown.items() if open_}


# -- the relevant planned meeting --------------------------------------------------------------------------

# hours from now each meeting was planned at; what each rule picks (by hours), None for none
MEETINGS = [
    ([-13, 5], {"log": None, "brief": 5, "next": 5}),
    ([-11, -2], {"log": -2, "brief": None, "next": None}),
    ([-0.5, 0.5], {"log": 0.5, "brief": -0.5, "next": 0.5}),
    ([2], {"log": None, "brief": 2, "next": 2}),
    ([20, 30], {"log": None, "brief": None, "next": 20}),  # NOW is 09:30 UTC: +20 h is tomorrow
    ([], {"log": None, "brief": None, "next": None}),
]


@pytest.mark.parametrize(("hours", "picks"), MEETINGS)
def test_which_planned_meeting_is_meant(
    journal: Journal, clock: FixedClock, hours: list[float], picks: dict[str, float | None]
) -> None:
    cid = _customer(journal, "Acme")
    by_id: dict[int, float] = {}
    clock.set(NOW - timedelta(days=1))  # planned meetings are planned ahead
    for h in hours:
        at = NOW + timedelta(hours=h)
        by_id[
            interactions.plan_meeting(journal, cid, occurred_at=at, goal=f"{h}").created_id("interaction")
        ] = h
    clock.set(NOW)
    chosen = {
        "log": planned.completed_by_log(journal, cid),
        "brief": planned.for_brief(journal, cid),
        "next": planned.next_meeting(journal, cid),
    }
    assert {rule: by_id[m.id] if m else None for rule, m in chosen.items()} == picks


# -- the kinds of record ---------------------------------------------------------------------------------


def test_every_model_and_table_has_exactly_one_kind(journal: Journal) -> None:
    assert sorted(k.model.__name__ for k in kinds.ALL) == sorted(m.__name__ for m in models.MODELS)
    assert len(kinds.BY_NAME) == len(kinds.BY_TABLE) == len(kinds.ALL)
    tables = {
        r[0]
        for r in journal.conn().execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if not r[0].startswith(DERIVED_TABLE_PREFIXES)
    }
    assert tables == set(kinds.BY_TABLE)
    for k in kinds.ALL:
        assert getattr(journal.models, k.model_name)._meta.table_name == k.table


def test_the_search_index_keys_are_the_searched_kinds() -> None:
    indexed = set(re.findall(r"kind = '([a-z_]+)'", migrations.V2))
    assert indexed == {k.name for k in kinds.SEARCHED}


def test_each_kind_leads_to_its_customer(journal: Journal) -> None:
    acme = _customer(journal, "Acme")
    _customer(journal, "Other")  # so that a wrong join would find someone else
    person = contacts.add_contact(journal, acme, name="Priya Shah").created_id("contact")
    made = {
        "customer": acme,
        "contact": person,
        "rapport": contacts.add_rapport_fact(journal, person, text="Runs marathons").created_id("rapport"),
        "date": contacts.add_important_date(journal, acme, month=3, day=4).created_id("date"),
        "need": needs.add_need(journal, acme, text="Faster close").created_id("need"),
        "objection": needs.add_objection(journal, acme, concern="Price").created_id("objection"),
        "promise": promises.add_promise(journal, acme, text="Send pricing", due_on=TODAY).created_id(
            "promise"
        ),
        "question": questions.add_question(journal, acme, text="What would success look like?").created_id(
            "question"
        ),
        "interaction": interactions.add_interaction(journal, acme, occurred_at=NOW).created_id("interaction"),
    }
    for kind, item_id in made.items():
        assert queries.item_customer(journal, kind, item_id) == acme, kind
    for kind in ("tag", "bank_question", "setting"):
        with pytest.raises(ValueError):
            queries.item_customer(journal, kind, 1)
    with pytest.raises(ValueError):
        queries.item_customer(journal, "banana", 1)


# -- no second definitions -------------------------------------------------------------------------------


def _sources(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def test_the_ui_does_not_pick_the_relevant_meeting_itself() -> None:
    """Planned meetings within a window of time are chosen by journal.planned, not by a view."""
    for path in _sources("ui"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "planned_meetings":
                windows = {k.arg for k in node.keywords} & {"start", "end"}
                assert not windows, f"{path.relative_to(ROOT)}:{node.lineno} picks planned meetings by time"


def test_open_statuses_and_cadences_are_written_down_once() -> None:
    pairs = re.compile(r"""["'](open|to_ask)["'],\s*["'](addressed|answered)["']""")
    cadence = re.compile(r"cadence_days \* 0\.|DEFAULT_CADENCE\s*=|SNOOZE_MAX_DAYS\s*=|CADENCE_MAX_DAYS\s*=")
    for path in _sources("journal", "ui"):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if name != "journal/domain/vocab.py":
            assert not pairs.search(text), f"{name} lists open statuses itself"
        if name not in ("journal/domain/health.py", "journal/services/settings.py"):
            assert not cadence.search(text), f"{name} defines a cadence rule itself"


def test_record_kinds_are_not_mapped_to_tables_by_hand() -> None:
    by_hand = re.compile(
        r"""["']rapport["']\s*:\s*["']rapport_fact["']|["']date["']\s*:\s*["']important_date["']"""
    )
    by_hand_reverse = re.compile(
        r"""["']rapport_fact["']\s*:\s*["']rapport["']|["']important_date["']\s*:\s*["']date["']"""
    )
    for path in _sources("journal", "ui"):
        text = path.read_text(encoding="utf-8")
        assert not by_hand.search(text) and not by_hand_reverse.search(text), path.relative_to(ROOT)


def test_no_sql_is_patched_with_replace() -> None:
    """Parameters are written into SQL as they are bound (`:today`, `?`), never swapped in afterwards."""
    replace_on_sql = re.compile(r"""(SELECT|WHERE|FROM)[^\n]*\.replace\(\s*["']:""")
    for path in _sources("journal", "ui"):
        assert not replace_on_sql.search(path.read_text(encoding="utf-8")), path.relative_to(ROOT)


def test_a_planned_meeting_in_the_past_is_not_offered_as_next(journal: Journal, clock: FixedClock) -> None:
    cid = _customer(journal, "Acme")
    clock.set(NOW - timedelta(days=2))
    interactions.plan_meeting(journal, cid, occurred_at=NOW - timedelta(days=1), goal="Yesterday")
    clock.set(NOW)
    assert planned.next_meeting(journal, cid) is None
    assert [m.goal for m in planned.offered_for_log(journal, cid, any_customer=False)] == ["Yesterday"]
