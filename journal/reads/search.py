"""Full-text search over everything a rep writes: names, notes, quotes, objections, promises, questions.

The index is the FTS5 table `search_index` (journal/storage/migrations.py V2), kept right by triggers on the
record tables inside the same transaction as every write; `search_key` maps each (kind, id) to its
rowid, and rowids grow as records are written, so newest first is rowid order.

Typing speed on ten years of notes (see docs/): scoring every match of a common word with bm25 is slow,
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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from journal.domain import vocab
from journal.domain.text import fold, plain, short
from journal.storage import migrations
from journal.storage.db import Journal
from journal.storage.kinds import BY_NAME, SEARCHED
from journal.storage.models import parse_utc
from journal.storage.search_text import is_word_char, visible, words

# The kinds of record searched, in the order results are grouped, and each group's title.
KINDS: tuple[str, ...] = tuple(k.name for k in SEARCHED)
KIND_LABELS = {k.name: k.heading for k in SEARCHED}

# Column weights for bm25 (name, title, body): a name outweighs a headline (a need's text, a promise),
# which outweighs a passing mention in notes.
WEIGHTS = (10.0, 3.0, 1.0)
CANDIDATES = 2000  # newest matches scored
NAME_CANDIDATES = 200  # name matches scored beyond those
NAMED_MAX = 5000  # records looked up by name at most
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


def _singulars(word: str) -> list[str]:
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return []
    out = [word[:-1]]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    elif word.endswith("es"):
        out.append(word[:-2])
    return out


def _plurals(word: str) -> list[str]:
    if len(word) < 3 or not word.isalpha() or word.endswith("s"):
        return []
    if word.endswith(("x", "z", "ch", "sh")):
        return [word + "es"]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return [word + "s", word[:-1] + "ies"]
    return [word + "s"]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _any(options: Iterable[str]) -> str:
    found = list(options)
    return found[0] if len(found) == 1 else "(" + " OR ".join(found) + ")"


@dataclass(frozen=True)
class Query:
    """What was typed, as an FTS5 expression, and the word forms to mark in what is found."""

    expression: str
    words: tuple[str, ...]  # the words searched for, as typed
    forms: frozenset[str]  # folded forms that match whole words
    prefixes: frozenset[str]  # folded forms that match the start of a word


def parse(query: str) -> Query | None:
    """An FTS5 query for what was typed; None when there is nothing to search for.

    Each word matches itself folded (case, accents, ß/ss, apostrophes) and its singular or plural
    ("cafés" finds "café", "pay" finds "pays"); the last word, while it is still being typed, matches as
    the start of a word. Words inside double quotes match as a phrase, in that order. Nothing typed is
    FTS5 syntax: every word is quoted."""
    parts = query.split('"')
    groups: list[tuple[bool, list[str]]] = []  # (is a phrase, its words)
    for n, part in enumerate(parts):
        found = words(part)
        if n % 2 and len(found) > 1:
            groups.append((True, found))
        else:
            groups.extend((False, [w]) for w in found)
    count = 0
    for n, (_, ws) in enumerate(groups):  # a pasted page is not ten thousand terms
        count += len(ws)
        if count >= MAX_WORDS:
            groups = groups[: n + 1]
            break
    groups = [(phrase, [w[:MAX_WORD_LEN] for w in ws][:MAX_WORDS]) for phrase, ws in groups]
    if not groups:
        return None
    typing = bool(query) and is_word_char(query[-1]) and count <= MAX_WORDS
    last_phrase, last_words = groups[-1]
    if typing and not last_phrase and len(last_words[0]) == 1 and len(groups) > 1:
        groups.pop()  # "budget f": one letter narrows nothing yet; keep showing "budget"
        typing = False
    forms: set[str] = set()
    prefixes: set[str] = set()
    terms: list[str] = []
    for n, (phrase, ws) in enumerate(groups):
        open_end = typing and n == len(groups) - 1 and len(fold(ws[-1])) >= 2
        star = " *" if open_end else ""
        if phrase:
            folded = " ".join(fold(w) for w in ws)
            options = dict.fromkeys([" ".join(ws), folded])
            terms.append(_any(_quoted(o) + star for o in options))
            forms.update(fold(w) for w in ws[:-1])
            (prefixes if open_end else forms).add(fold(ws[-1]))
            continue
        word = fold(ws[0])
        if open_end:
            options = dict.fromkeys([word, *_singulars(word)])
            prefixes.update(options)
            terms.append(_any(_quoted(o) + star for o in options))
        else:
            options = dict.fromkeys([word, *_singulars(word), *_plurals(word)])
            forms.update(options)
            terms.append(_any(map(_quoted, options)))
    searched = tuple(w for _, ws in groups for w in ws)
    return Query(" AND ".join(terms), searched, frozenset(forms), frozenset(prefixes))


_SCORED = """
SELECT c.r, k.kind, k.item_id, c.customer_id, c.named < 0,
  -c.rank * (1.0 + 0.5 / (1.0 + max(0.0, julianday(:now) - julianday(c.at)) / 30.0)) AS score
FROM (
  SELECT rowid AS r, bm25(search_index, :w_name, :w_title, :w_body) AS rank,
    bm25(search_index, 1.0, 0.0, 0.0) AS named, customer_id, at
  FROM search_index WHERE search_index MATCH :match ORDER BY rowid DESC LIMIT :n
) AS c JOIN search_key k ON k.rowid = c.r
"""
# bm25 comes out negative (lower is better); it is turned round so a higher score is better, and
# multiplied by up to 1.5 for what happened today (1.25 a month ago, about 1 after a year or two).
# A record whose name holds a searched word (a customer, a person) comes before any that only mention
# it: bm25 alone would rank a two-word name below a short note, as names are short and few.

Scored = tuple[bool, float, int, str, int, int]  # named, score, rowid, kind, id, customer id


def _scored(conn: sqlite3.Connection, match: str, now: str, n: int) -> list[Scored]:
    w_name, w_title, w_body = WEIGHTS
    params = {"match": match, "now": now, "n": n, "w_name": w_name, "w_title": w_title, "w_body": w_body}
    return [
        (bool(named), float(score or 0.0), rowid, kind, item_id, cid)
        for rowid, kind, item_id, cid, named, score in conn.execute(_SCORED, params)
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
    parsed = parse(query)
    wanted = [k for k in KINDS if k in set(kinds)]
    if parsed is None or limit <= 0 or not wanted:
        return Results((), {}, False, ())
    expression = parsed.expression
    conn = journal.conn()
    now = journal.clock.now().strftime("%Y-%m-%dT%H:%M:%S")
    rows = _scored(conn, expression, now, CANDIDATES)
    capped = len(rows) >= CANDIDATES
    if capped:
        seen = {r[2] for r in rows}
        names = _scored(conn, f"name : ({expression})", now, NAME_CANDIDATES)
        rows.extend(r for r in names if r[2] not in seen)
    counts = dict.fromkeys(wanted, 0)
    by_kind: dict[str, list[Scored]] = {k: [] for k in wanted}
    for row in rows:
        if row[3] in by_kind:
            by_kind[row[3]].append(row)
            counts[row[3]] += 1
    if per_kind is not None:
        chosen = [r for k in wanted for r in sorted(by_kind[k], reverse=True)[:per_kind]][:limit]
    else:
        chosen = sorted((r for k in wanted for r in by_kind[k]), reverse=True)[:limit]
    return Results(tuple(_hits(journal, parsed, chosen)), counts, capped, parsed.words)


def named(journal: Journal, text: str, kind: str) -> list[int] | None:
    """The ids of the records of `kind` whose name holds every word of `text` (the last one as the start
    of a word), folded as search folds them; None when `text` is a single letter (too short to look up)."""
    found = [f for f in (fold(w) for w in words(text)[:MAX_WORDS]) if f]
    if not found:
        return []
    last = found.pop()
    terms = [_quoted(f) for f in found]
    if len(last) > 1:
        terms.append(_quoted(last) + " *")
    elif not terms:
        return None
    rows = journal.conn().execute(
        "SELECT item_id FROM search_key WHERE kind = ? AND rowid IN"
        " (SELECT rowid FROM search_index WHERE search_index MATCH ?) LIMIT ?",
        (kind, "name : (" + " AND ".join(terms) + ")", NAMED_MAX),
    )
    return [r[0] for r in rows]


def search(journal: Journal, query: str, *, limit: int = 50) -> list[Hit]:
    """The best `limit` hits for what was typed, best first."""
    return list(find(journal, query, limit=limit).hits)


def _hits(journal: Journal, query: Query, chosen: list[Scored]) -> list[Hit]:
    if not chosen:
        return []
    conn = journal.conn()
    rowids = [r[2] for r in chosen]
    # Snippets are cut here rather than by FTS5's snippet(): that needs a MATCH seek per hit, about a
    # millisecond each for a common word; reading the stored text by rowid takes microseconds.
    marks = ",".join("?" * len(rowids))
    texts = {
        rowid: (visible(name), visible(title), visible(body))
        for rowid, name, title, body in conn.execute(
            f"SELECT rowid, name, title, body FROM search_index WHERE rowid IN ({marks})", rowids
        )
    }
    customer_ids = sorted({r[5] for r in chosen if r[5] is not None})
    names = dict(
        conn.execute(
            f"SELECT id, name FROM customer WHERE id IN ({','.join('?' * len(customer_ids))})", customer_ids
        ).fetchall()
    )
    meetings = _meeting_titles(journal, [r[4] for r in chosen if r[3] == "interaction"])
    matcher = Matcher(query.forms, query.prefixes)
    out: list[Hit] = []
    for _named, score, rowid, kind, item_id, cid in chosen:
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
                snippet=matcher.snippet((name, title, plain(body))),
                score=float(f"{score:.6g}"),
            )
        )
    return out


_WORD = re.compile(r"[^\W_]+(?:['’ʼ‘`´][^\W_]+)*")


class Matcher:
    """Finds the searched words in a text (folded as search folds them) and cuts a snippet."""

    def __init__(self, forms: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        self.exact = frozenset(forms)
        self.prefixes = tuple(prefixes)

    @classmethod
    def for_words(cls, terms: Iterable[str]) -> Matcher:
        """For words searched before (the last one also as the start of a word)."""
        folded = [fold(t) for t in terms]
        forms = {form for f in folded for form in (f, *_singulars(f), *_plurals(f))}
        return cls(forms, folded[-1:])

    def matches(self, word: str) -> bool:
        f = fold(word)
        return f in self.exact or f.startswith(self.prefixes) if self.prefixes else f in self.exact

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
        # Made anew rather than emptied: FTS5 deletes row by row, reading each row's words back (seconds).
        (declared,) = conn.execute(
            "SELECT sql FROM main.sqlite_master WHERE name = 'search_index'"
        ).fetchone()
        conn.execute("DROP TABLE search_index")
        conn.execute(declared)
        conn.execute("DELETE FROM search_key")
        for statement in migrations.statements(migrations.V5_KEYS + migrations.V5_FILL):
            conn.execute(statement)


def optimize(journal: Journal) -> None:
    """Merge the index into one segment after a bulk load (fewer segments: faster searches)."""
    with journal.write("Tidy the search index"):
        journal.conn().execute("INSERT INTO search_index (search_index) VALUES ('optimize')")


def problems(journal: Journal) -> list[str]:
    """What is wrong with the index, in plain words; empty when it is sound and complete.

    SQLite's own integrity_check does not look inside FTS5 indexes (pitfalls in docs/), so this runs FTS5's
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
        stored = conn.execute(f"SELECT count(*) FROM {BY_NAME[kind].table}").fetchone()[0]
        if indexed.get(kind, 0) != stored:
            found.append(
                f"The search index knows {indexed.get(kind, 0):,} {KIND_LABELS[kind].lower()}, "
                f"but the journal has {stored:,}."
            )
    if entries != sum(indexed.values()):
        found.append(f"The search index has {entries:,} entries for {sum(indexed.values()):,} records.")
    return found
