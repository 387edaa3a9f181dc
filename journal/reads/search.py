"""Full-text search over everything a rep writes: names, notes, quotes, objections, promises, questions.

The index is the FTS5 table `search_index` (journal/storage/migrations.py V2), kept right by triggers on the
record tables inside the same transaction as every write; `search_key` maps each (kind, id) to its
rowid, and rowids grow as records are written, so newest first is rowid order.

Typing speed on ten years of notes (see docs/): the work done for a search does not grow with the
number of notes that match. Only the newest `CANDIDATES` matches are read (FTS5 answers `ORDER BY rowid
DESC LIMIT n` from the end of each word's list, without reading the rest), and they are ranked without
bm25 (whose document counts read every match of every word): a match in a name comes first, then one in a
headline, then one in notes, newest first within each. Names have an index of their own (`search_name`,
customers and people only), searched beside the window, so a customer called after a common word is
found however old. The index keeps 2- and 3-letter prefix indexes, so a short prefix as typed is one
index lookup. Snippets are cut only for the hits returned.

What people type is never handed to FTS5 as syntax: it is cut into words the way the index cuts text,
and each word is quoted, so quotes, dashes, AND/OR/NOT, stars and brackets are only text.
"""

from __future__ import annotations

import bisect
import functools
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

# The score of a match in a name, a headline (a need's text, a promise) and only in notes: a name
# outranks a headline, which outranks a passing mention.
WEIGHTS = (10.0, 3.0, 1.0)
CANDIDATES = 300  # newest matches ranked
NAME_CANDIDATES = 50  # newest name matches ranked beside them
NAMED_MAX = 5000  # records looked up by name at most
PREFIXES = (2, 3)  # the lengths of word starts the index keeps (prefix='2 3', migrations.py V5)
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
    whole: str = ""  # while a word is being typed: the expression with that word as a whole word


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
    whole = ""
    for n, (phrase, ws) in enumerate(groups):
        open_end = typing and n == len(groups) - 1 and len(fold(ws[-1])) >= 2
        star = " *" if open_end else ""
        # 2- and 3-letter starts have an index of their own: only a longer one is worth trying whole
        open_end_long = open_end and len(fold(ws[-1])) > max(PREFIXES)
        if phrase:
            folded = " ".join(fold(w) for w in ws)
            options = dict.fromkeys([" ".join(ws), folded])
            terms.append(_any(_quoted(o) + star for o in options))
            if open_end_long:
                whole = " AND ".join([*terms[:-1], _any(map(_quoted, options))])
            forms.update(fold(w) for w in ws[:-1])
            (prefixes if open_end else forms).add(fold(ws[-1]))
            continue
        word = fold(ws[0])
        if open_end:
            options = dict.fromkeys([word, *_singulars(word)])
            prefixes.update(options)
            terms.append(_any(_quoted(o) + star for o in options))
            if open_end_long:
                whole_options = dict.fromkeys([word, *_singulars(word), *_plurals(word)])
                whole = " AND ".join([*terms[:-1], _any(map(_quoted, whole_options))])
        else:
            options = dict.fromkeys([word, *_singulars(word), *_plurals(word)])
            forms.update(options)
            terms.append(_any(map(_quoted, options)))
    searched = tuple(w for _, ws in groups for w in ws)
    return Query(" AND ".join(terms), searched, frozenset(forms), frozenset(prefixes), whole)


_WINDOW = """
SELECT c.r, c.at, k.kind, k.item_id FROM (
  SELECT rowid AS r, at FROM search_index WHERE search_index MATCH :match ORDER BY rowid DESC LIMIT :n
) AS c JOIN search_key k ON k.rowid = c.r
"""
_NAMES = """
SELECT c.r, s.at, k.kind, k.item_id FROM (
  SELECT rowid AS r FROM search_name WHERE search_name MATCH :match ORDER BY rowid DESC LIMIT :n
) AS c JOIN search_key k ON k.rowid = c.r JOIN search_index s ON s.rowid = c.r
"""
# Which of a window's matches hold the words in their headline: FTS5 starts at the window's oldest rowid.
_TITLED = "SELECT rowid FROM search_index WHERE search_index MATCH :match AND rowid >= :oldest"

# score, when (the record's own date: a meeting's is when it took place), kind, id, rowid: sorted, the
# best first; the same records rank the same after the index is remade (which renumbers its rowids).
Scored = tuple[float, str, str, int, int]
Found = tuple[int, str, str, int]  # rowid, when, kind, id


def _found(conn: sqlite3.Connection, sql: str, match: str, n: int) -> list[Found]:
    return [
        (int(r), str(at or ""), str(kind), int(item))
        for r, at, kind, item in conn.execute(sql, {"match": match, "n": n})
    ]


def _scored(conn: sqlite3.Connection, query: Query) -> tuple[list[Scored], bool]:
    """The newest matches and the newest name matches, scored; whether more matched than were read.

    A word still being typed matches as the start of a word, which FTS5 answers by merging the lists of
    every word so starting before it can take the newest: when the word as typed is itself a word whose
    forms fill the window (a word typed in full: "meeting"), those matches are the window."""
    w_name, w_title, w_body = WEIGHTS
    expression = query.expression
    newest = _found(conn, _WINDOW, query.whole, CANDIDATES) if query.whole else []
    if len(newest) >= CANDIDATES:
        expression = query.whole
    else:
        newest = _found(conn, _WINDOW, expression, CANDIDATES)
    capped = len(newest) >= CANDIDATES
    titled: set[int] = set()
    if newest:
        oldest = newest[-1][0]
        match = f"title : ({expression})"
        titled = {r for (r,) in conn.execute(_TITLED, {"match": match, "oldest": oldest})}
    scored = {r: (w_title if r in titled else w_body, at, kind, item, r) for r, at, kind, item in newest}
    for r, at, kind, item in _found(conn, _NAMES, query.expression, NAME_CANDIDATES):
        scored[r] = (w_name, at, kind, item, r)
    return sorted(scored.values(), reverse=True), capped


def find(
    journal: Journal,
    query: str,
    *,
    limit: int = 50,
    per_kind: int | None = None,
    kinds: Iterable[str] = KINDS,
) -> Results:
    """Search everything: the best `limit` hits, or (with `per_kind`) the best few of each kind, grouped
    in the order of KINDS. Never raises for anything typed. Four statements, whatever matches: the
    newest matches, those of them with the words in a headline, the newest names, and the hits' texts
    (and their customers' names, and meetings' dates when meetings are shown)."""
    parsed = parse(query)
    wanted = [k for k in KINDS if k in set(kinds)]
    if parsed is None or limit <= 0 or not wanted:
        return Results((), {}, False, ())
    rows, capped = _scored(journal.conn(), parsed)
    counts = dict.fromkeys(wanted, 0)
    by_kind: dict[str, list[Scored]] = {k: [] for k in wanted}
    for row in rows:
        if row[2] in by_kind:
            by_kind[row[2]].append(row)
            counts[row[2]] += 1
    if per_kind is not None:
        chosen = [r for k in wanted for r in by_kind[k][:per_kind]][:limit]
    else:
        chosen = [r for r in rows if r[2] in by_kind][:limit]
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
        " (SELECT rowid FROM search_name WHERE search_name MATCH ?) LIMIT ?",
        (kind, " AND ".join(terms), NAMED_MAX),
    )
    return [r[0] for r in rows]


def search(journal: Journal, query: str, *, limit: int = 50) -> list[Hit]:
    """The best `limit` hits for what was typed, best first."""
    return list(find(journal, query, limit=limit).hits)


def _hits(journal: Journal, query: Query, chosen: list[Scored]) -> list[Hit]:
    if not chosen:
        return []
    conn = journal.conn()
    rowids = [r[4] for r in chosen]
    # Snippets are cut here rather than by FTS5's snippet(): that needs a MATCH seek per hit, about a
    # millisecond each for a common word; reading the stored text by rowid takes microseconds.
    marks = ",".join("?" * len(rowids))
    texts = {
        rowid: (visible(name), visible(title), visible(body), cid)
        for rowid, name, title, body, cid in conn.execute(
            f"SELECT rowid, name, title, body, customer_id FROM search_index WHERE rowid IN ({marks})", rowids
        )
    }
    customer_ids = sorted({t[3] for t in texts.values() if t[3] is not None})
    names = dict(
        conn.execute(
            f"SELECT id, name FROM customer WHERE id IN ({','.join('?' * len(customer_ids))})", customer_ids
        ).fetchall()
    )
    meetings = _meeting_titles(journal, [r[3] for r in chosen if r[2] == "interaction"])
    matcher = Matcher(query.forms, query.prefixes)
    out: list[Hit] = []
    for score, _at, kind, item_id, rowid in chosen:
        name, title, body, cid = texts.get(rowid, ("", "", "", None))
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
                snippet=matcher.snippet_of(name, title, body),
                score=score,
            )
        )
    return out


def _quick_pattern(exact: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern finding in ASCII text every place a word may start that folds to one of `exact` or
    starts with one of `prefixes` (an ASCII word folds to lower case without its apostrophes; each place
    found is then checked as a word); None when a form is not plain ASCII letters and digits."""
    forms = sorted({*exact, *prefixes}, key=len, reverse=True)
    if not forms or not all(f.isascii() and f.isalnum() for f in forms):
        return None
    return re.compile("|".join("['`]?".join(re.escape(ch) for ch in f) for f in forms), re.IGNORECASE)


# Words fold the same every time, and a journal's notes use a few thousand of them over and over.
_fold_word = functools.lru_cache(maxsize=16384)(fold)

_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"[^\W_]+(?:['’ʼ‘`´][^\W_]+)*")


class Matcher:
    """Finds the searched words in a text (folded as search folds them) and cuts a snippet."""

    def __init__(self, forms: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        self.exact = frozenset(forms)
        self.prefixes = tuple(prefixes)
        self._seen: dict[str, bool] = {}  # notes repeat their words: each is folded once
        self._quick = _quick_pattern(self.exact, self.prefixes)

    @classmethod
    def for_words(cls, terms: Iterable[str]) -> Matcher:
        """For words searched before (the last one also as the start of a word)."""
        folded = [fold(t) for t in terms]
        forms = {form for f in folded for form in (f, *_singulars(f), *_plurals(f))}
        return cls(forms, folded[-1:])

    def matches(self, word: str) -> bool:
        found = self._seen.get(word)
        if found is None:
            f = _fold_word(word)
            found = f in self.exact or (bool(self.prefixes) and f.startswith(self.prefixes))
            self._seen[word] = found
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the searched words are in `text` (start, end), in order."""
        return [m.span() for m in _WORD.finditer(text) if self.matches(m.group())]

    def snippet(self, columns: Iterable[str], words: int = SNIPPET_WORDS) -> str:
        """The stretch of about `words` words with the most matches, matches marked; the first text
        with a match is used (name, then headline, then notes)."""
        first = ""
        for text in columns:  # read one at a time: notes are made plain only when needed
            if not text:
                continue
            first = first or text
            hits, tokens = self._hits(text)
            if hits:
                return self._cut(text, tokens, hits, words)
        return short(first, 120)

    def snippet_of(self, name: str, title: str, notes: str, words: int = SNIPPET_WORDS) -> str:
        """As `snippet` of (name, title, plain(notes)), making plain only the lines it shows of the notes
        (Markdown's marks are not words: the notes' words are found before they are made plain)."""
        for text in (name, title):
            hits, tokens = self._hits(text)
            if hits:
                return self._cut(text, tokens, hits, words)
        hits, tokens = self._hits(notes)
        if not hits:
            return short(name or title or plain(notes), 120)
        first, last = self._window(tokens, hits, words)
        begin = notes.rfind("\n", 0, tokens[first].start()) + 1
        end = notes.find("\n", tokens[last].end())
        end = len(notes) if end < 0 else end
        lines = plain(notes[begin:end])
        hits, tokens = self._hits(lines)
        if not hits:  # the marks were all there was of the words (a search for "1" and a numbered list)
            return self.snippet((plain(notes),), words)
        return self._cut(lines, tokens, hits, words, before=begin > 0, after=end < len(notes))

    def _hits(self, text: str) -> tuple[list[int], list[re.Match[str]]]:
        """The indexes of the words of `text` that match, and its words."""
        if self._quick is None:
            tokens = list(_WORD.finditer(text))
            return [i for i, m in enumerate(tokens) if self.matches(m.group())], tokens
        # A word of ASCII folds as lower case without apostrophes, so one pattern finds every such word
        # that may match; a word with other letters is folded and compared. The text's words are
        # listed only when there is one of either.
        candidates = [m.start() for m in self._quick.finditer(text)]
        others = [] if text.isascii() else [m.start() for m in _NOT_ASCII.finditer(text)]
        if not candidates and not others:
            return [], []
        tokens = list(_WORD.finditer(text))
        starts = [m.start() for m in tokens]
        hits: set[int] = set()
        for at in candidates:
            i = bisect.bisect_left(starts, at)
            if i < len(starts) and starts[i] == at and self.matches(tokens[i].group()):
                hits.add(i)
        for at in others:
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0 and at < tokens[i].end() and self.matches(tokens[i].group()):
                hits.add(i)
        return sorted(hits), tokens

    @staticmethod
    def _window(tokens: list[re.Match[str]], hits: list[int], words: int) -> tuple[int, int]:
        """The first and last word of the stretch of `words` words with the most matches."""
        best, best_count = hits[0], 0
        for n, start in enumerate(hits):
            count = sum(1 for h in hits[n:] if h < start + words)
            if count > best_count:
                best, best_count = start, count
        first = max(0, min(best - 2, len(tokens) - words))
        return first, min(len(tokens), first + words) - 1

    def _cut(
        self,
        text: str,
        tokens: list[re.Match[str]],
        hits: list[int],
        words: int,
        *,
        before: bool = False,
        after: bool = False,
    ) -> str:
        first, last = self._window(tokens, hits, words)
        begin = tokens[first].start() if first > 0 else 0
        end = tokens[last].end() if last < len(tokens) - 1 else len(text)
        marked = set(hits)
        out: list[str] = [ELLIPSIS if first > 0 or before else ""]
        pos = begin
        for i in range(first, last + 1):
            m = tokens[i]
            if i in marked:
                out.append(text[pos : m.start()])
                out.append(f"{MARK_OPEN}{m.group()}{MARK_CLOSE}")
                pos = m.end()
        out.append(text[pos:end])
        out.append(ELLIPSIS if end < len(text) or after else "")
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
        for table in ("search_index", "search_name"):
            (declared,) = conn.execute(
                "SELECT sql FROM main.sqlite_master WHERE name = ?", (table,)
            ).fetchone()
            conn.execute(f"DROP TABLE {table}")
            conn.execute(declared)
        conn.execute("DELETE FROM search_key")
        # search_key's triggers put each name back into the name index as its key is made
        for statement in migrations.statements(migrations.V5_KEYS + migrations.V5_FILL):
            conn.execute(statement)
        conn.execute("INSERT INTO search_name (search_name) VALUES ('optimize')")


def optimize(journal: Journal) -> None:
    """Merge the index into one segment after a bulk load (fewer segments: faster searches)."""
    with journal.write("Tidy the search index"):
        journal.conn().execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
        journal.conn().execute("INSERT INTO search_name (search_name) VALUES ('optimize')")


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
    names = conn.execute("SELECT count(*) FROM search_name").fetchone()[0]
    named_records = indexed.get("customer", 0) + indexed.get("contact", 0)
    if names != named_records:
        found.append(f"The index of names has {names:,} names for {named_records:,} customers and people.")
    return found
