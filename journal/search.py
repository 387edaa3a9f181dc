"""Full-text search over everything a rep writes: names, notes, quotes, objections, promises, questions.

The index is the FTS5 table `search_index` (journal/migrations.py V2), kept right by triggers on the
record tables inside the same transaction as every write; `search_key` maps each (kind, id) to its
rowid, and rowids grow as records are written, so newest first is rowid order.

Typing speed on ten years of notes (DESIGN §7): scoring every match of a common word with bm25 is slow,
so only the newest `CANDIDATES` matches are scored (plus any name matches beyond them, so a customer
called after a common word is still found); the index also keeps 2- and 3-letter prefix indexes, so a
short prefix as typed is one index lookup. Everything is scored in one FTS5 cursor: bm25 counts a word's
documents once per cursor, which costs milliseconds for a word found in every note.

What people type is never handed to FTS5 as syntax: it is cut into words the way the index cuts text,
and each word is quoted, so quotes, dashes, AND/OR/NOT, stars and brackets are only text.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from journal import migrations, vocab
from journal.db import Journal
from journal.models import parse_utc
from journal.text import short

# The kinds of record searched, in the order results are grouped.
KINDS: tuple[str, ...] = (
    "customer",
    "contact",
    "rapport",
    "need",
    "objection",
    "promise",
    "question",
    "interaction",
)
KIND_LABELS = {
    "customer": "Customers",
    "contact": "People",
    "rapport": "Rapport",
    "need": "Needs and pain points",
    "objection": "Objections",
    "promise": "Promises",
    "question": "Questions",
    "interaction": "Meetings and notes",
}
_TABLES = {
    "customer": "customer",
    "contact": "contact",
    "rapport": "rapport_fact",
    "interaction": "interaction",
    "need": "need",
    "objection": "objection",
    "promise": "promise",
    "question": "question",
}

# Column weights for bm25 (name, title, body): a name outweighs a headline (a need's text, a promise),
# which outweighs a passing mention in notes.
WEIGHTS = (10.0, 3.0, 1.0)
CANDIDATES = 2000  # newest matches scored
NAME_CANDIDATES = 200  # name matches scored beyond those
MAX_WORDS = 12  # words of a query that are searched for (a pasted page is not ten thousand terms)
MAX_WORD_LEN = 64
MARK_OPEN = "\x02"  # around each matching word in a snippet; text people type never holds these
MARK_CLOSE = "\x03"
ELLIPSIS = "…"
SNIPPET_WORDS = 14


@dataclass(frozen=True)
class Hit:
    type: str  # a kind of KINDS
    id: int
    customer_id: int
    customer: str  # the customer's name
    title: str  # one line saying what the item is
    snippet: str  # the matching text, matches between MARK_OPEN and MARK_CLOSE
    score: float  # higher is better

    def snippet_marked(self, open_mark: str = "**", close_mark: str = "**") -> str:
        return self.snippet.replace(MARK_OPEN, open_mark).replace(MARK_CLOSE, close_mark)

    def snippet_plain(self) -> str:
        return self.snippet_marked("", "")


@dataclass(frozen=True)
class Results:
    hits: tuple[Hit, ...]  # best first, or grouped by kind (in KINDS order) when asked per kind
    counts: Mapping[str, int]  # matches per kind among those scored
    capped: bool  # more matched than were scored: counts are "at least"
    words: tuple[str, ...]  # the words searched for, to highlight where a hit is shown

    def count_text(self, kind: str) -> str:
        n = self.counts.get(kind, 0)
        return f"{n:,}+" if self.capped else f"{n:,}"


def _is_word_char(ch: str) -> bool:
    # unicode61's token characters: letters, numbers and private-use characters (categories L*, N*, Co).
    cat = unicodedata.category(ch)
    return cat[0] in "LN" or cat == "Co"


def words(text: str) -> list[str]:
    """The words of `text` as the index sees them (case and accents are folded by the index itself)."""
    out: list[str] = []
    current: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if _is_word_char(ch):
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def match_expression(query: str) -> tuple[str, tuple[str, ...]] | None:
    """An FTS5 query for what was typed (every word, the last one as a prefix while it is being typed),
    and the words it searches for; None when there is nothing to search for."""
    found = [w[:MAX_WORD_LEN] for w in words(query)][:MAX_WORDS]
    if not found:
        return None
    typing = bool(query) and _is_word_char(query[-1]) and len(words(query)) <= MAX_WORDS
    last = found[-1]
    if typing and len(last) == 1 and len(found) > 1:
        found.pop()  # "budget f": one letter narrows nothing yet; keep showing "budget"
        typing = False
    terms = [f'"{w}"' for w in found]
    if typing and len(found[-1]) >= 2:
        terms[-1] += " *"
    return " ".join(terms), tuple(found)


_SCORED = """
SELECT c.r, k.kind, k.item_id, c.customer_id,
  -c.rank * (1.0 + 0.5 / (1.0 + max(0.0, julianday(:now) - julianday(c.at)) / 30.0)) AS score
FROM (
  SELECT rowid AS r, bm25(search_index, :w_name, :w_title, :w_body) AS rank, customer_id, at
  FROM search_index WHERE search_index MATCH :match ORDER BY rowid DESC LIMIT :n
) AS c JOIN search_key k ON k.rowid = c.r
"""
# bm25 comes out negative (lower is better); it is turned round so a higher score is better, and
# multiplied by up to 1.5 for what happened today (1.25 a month ago, about 1 after a year or two).

Scored = tuple[float, int, str, int, int]  # score, rowid, kind, id, customer id


def _scored(conn: sqlite3.Connection, match: str, now: str, n: int) -> list[Scored]:
    w_name, w_title, w_body = WEIGHTS
    params = {"match": match, "now": now, "n": n, "w_name": w_name, "w_title": w_title, "w_body": w_body}
    return [
        (float(score or 0.0), rowid, kind, item_id, cid)
        for rowid, kind, item_id, cid, score in conn.execute(_SCORED, params)
    ]


def find(
    journal: Journal,
    query: str,
    *,
    limit: int = 50,
    per_kind: int | None = None,
    kinds: Iterable[str] = KINDS,
) -> Results:
    """Search everything: the best `limit` hits, or (with `per_kind`) the best few of each kind, grouped
    in the order of KINDS. Never raises for anything typed."""
    parsed = match_expression(query)
    wanted = [k for k in KINDS if k in set(kinds)]
    if parsed is None or limit <= 0 or not wanted:
        return Results((), {}, False, ())
    expression, searched = parsed
    conn = journal.conn()
    now = journal.clock.now().strftime("%Y-%m-%dT%H:%M:%S")
    rows = _scored(conn, expression, now, CANDIDATES)
    capped = len(rows) >= CANDIDATES
    if capped:
        seen = {r[1] for r in rows}
        names = _scored(conn, f"name : ({expression})", now, NAME_CANDIDATES)
        rows.extend(r for r in names if r[1] not in seen)
    counts = dict.fromkeys(wanted, 0)
    by_kind: dict[str, list[Scored]] = {k: [] for k in wanted}
    for row in rows:
        if row[2] in by_kind:
            by_kind[row[2]].append(row)
            counts[row[2]] += 1
    if per_kind is not None:
        chosen = [r for k in wanted for r in sorted(by_kind[k], reverse=True)[:per_kind]][:limit]
    else:
        chosen = sorted((r for k in wanted for r in by_kind[k]), reverse=True)[:limit]
    prefix = expression.endswith("*")
    return Results(tuple(_hits(journal, searched, prefix, chosen)), counts, capped, searched)


def search(journal: Journal, query: str, *, limit: int = 50) -> list[Hit]:
    """The best `limit` hits for what was typed, best first."""
    return list(find(journal, query, limit=limit).hits)


def _hits(journal: Journal, terms: tuple[str, ...], prefix: bool, chosen: list[Scored]) -> list[Hit]:
    if not chosen:
        return []
    conn = journal.conn()
    rowids = [r[1] for r in chosen]
    # Snippets are cut here rather than by FTS5's snippet(): that needs a MATCH seek per hit, about a
    # millisecond each for a common word; reading the stored text by rowid takes microseconds.
    marks = ",".join("?" * len(rowids))
    texts = {
        rowid: (name, title, body)
        for rowid, name, title, body in conn.execute(
            f"SELECT rowid, name, title, body FROM search_index WHERE rowid IN ({marks})", rowids
        )
    }
    customer_ids = sorted({r[4] for r in chosen if r[4] is not None})
    names = dict(
        conn.execute(
            f"SELECT id, name FROM customer WHERE id IN ({','.join('?' * len(customer_ids))})", customer_ids
        ).fetchall()
    )
    meetings = _meeting_titles(journal, [r[3] for r in chosen if r[2] == "interaction"])
    matcher = Matcher(terms, prefix)
    out: list[Hit] = []
    for score, rowid, kind, item_id, cid in chosen:
        name, title, body = texts.get(rowid, ("", "", ""))
        match kind:
            case "customer":
                headline = name
            case "contact":
                headline = f"{name} — {title}" if title else name
            case "interaction":
                headline = meetings.get(item_id, "Meeting")
            case _:
                headline = short(title, 90)
        out.append(
            Hit(
                type=kind,
                id=item_id,
                customer_id=int(cid or 0),
                customer=names.get(cid, ""),
                title=headline,
                snippet=matcher.snippet((name, title, body)),
                score=float(f"{score:.6g}"),
            )
        )
    return out


def fold(word: str) -> str:
    """A word as the index compares it: case and accents folded ("Café" → "cafe")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORD = re.compile(r"[^\W_]+")


class Matcher:
    """Finds the searched words in a text (folded as the index folds them) and cuts a snippet."""

    def __init__(self, terms: Iterable[str], prefix_last: bool) -> None:
        folded = [fold(t) for t in terms]
        self.exact = frozenset(folded[:-1] if prefix_last else folded)
        self.prefix = folded[-1] if prefix_last and folded else ""

    def matches(self, word: str) -> bool:
        f = fold(word)
        return f in self.exact or (bool(self.prefix) and f.startswith(self.prefix))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the searched words are in `text` (start, end), in order."""
        return [m.span() for m in _WORD.finditer(text) if self.matches(m.group())]

    def snippet(self, columns: Iterable[str], words: int = SNIPPET_WORDS) -> str:
        """The stretch of about `words` words with the most matches, matches marked; the first text
        with a match is used (name, then headline, then notes)."""
        texts = [t for t in columns if t]
        for text in texts:
            tokens = list(_WORD.finditer(text))
            hits = [i for i, m in enumerate(tokens) if self.matches(m.group())]
            if hits:
                return self._cut(text, tokens, hits, words)
        first = texts[0] if texts else ""
        return short(first, 120)

    def _cut(self, text: str, tokens: list[re.Match[str]], hits: list[int], words: int) -> str:
        best, best_count = hits[0], 0
        for n, start in enumerate(hits):
            count = sum(1 for h in hits[n:] if h < start + words)
            if count > best_count:
                best, best_count = start, count
        first = max(0, min(best - 2, len(tokens) - words))
        last = min(len(tokens), first + words) - 1
        begin = tokens[first].start() if first > 0 else 0
        end = tokens[last].end() if last < len(tokens) - 1 else len(text)
        marked = set(hits)
        out: list[str] = [ELLIPSIS if first > 0 else ""]
        pos = begin
        for i in range(first, last + 1):
            m = tokens[i]
            if i in marked:
                out.append(text[pos : m.start()])
                out.append(f"{MARK_OPEN}{m.group()}{MARK_CLOSE}")
                pos = m.end()
        out.append(text[pos:end])
        out.append(ELLIPSIS if end < len(text) else "")
        return " ".join("".join(out).split())


def _meeting_titles(journal: Journal, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    tz = journal.clock.local_tz()
    out: dict[int, str] = {}
    for item_id, kind, state, at in journal.conn().execute(
        "SELECT id, interaction_kind, state, occurred_at FROM interaction"
        f" WHERE id IN ({','.join('?' * len(ids))})",
        ids,
    ):
        local = parse_utc(at).astimezone(tz)
        label = vocab.INTERACTION_KIND_LABELS.get(kind, "Meeting")
        planned = " (planned)" if state == "planned" else " (cancelled)" if state == "cancelled" else ""
        out[item_id] = f"{label}{planned} · {local:%a} {local.day} {local:%b %Y}"
    return out


# -- keeping the index right ---------------------------------------------------------------------------


def reindex(journal: Journal) -> None:
    """Remake the index from the records themselves (repairs an index that was damaged or lost)."""
    with journal.write("Rebuild the search index"):
        conn = journal.conn()
        conn.execute("DELETE FROM search_index")
        conn.execute("DELETE FROM search_key")
        for statement in migrations.statements(migrations.V2_FILL):
            conn.execute(statement)


def optimize(journal: Journal) -> None:
    """Merge the index into one segment after a bulk load (fewer segments: faster searches)."""
    with journal.write("Tidy the search index"):
        journal.conn().execute("INSERT INTO search_index (search_index) VALUES ('optimize')")


def problems(journal: Journal) -> list[str]:
    """What is wrong with the index, in plain words; empty when it is sound and complete.

    SQLite's own integrity_check does not look inside FTS5 indexes (DESIGN §7), so this runs FTS5's
    check and compares what is indexed with the records.
    """
    conn = journal.conn()
    found: list[str] = []
    try:
        conn.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as e:
        if "readonly" not in str(e):  # a journal open for reading only: FTS5 cannot run its check
            found.append(f"The search index is damaged ({e}).")
    indexed = dict(conn.execute("SELECT kind, count(*) FROM search_key GROUP BY kind").fetchall())
    entries = conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
    for kind in KINDS:
        stored = conn.execute(f"SELECT count(*) FROM {_TABLES[kind]}").fetchone()[0]
        if indexed.get(kind, 0) != stored:
            found.append(
                f"The search index knows {indexed.get(kind, 0):,} {KIND_LABELS[kind].lower()}, "
                f"but the journal has {stored:,}."
            )
    if entries != sum(indexed.values()):
        found.append(f"The search index has {entries:,} entries for {sum(indexed.values()):,} records.")
    return found
