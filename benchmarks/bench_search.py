"""Search as you type on the large sample: the index vs a LIKE '%…%' scan vs grep over a notes folder.

Four searches: a rare word, the commonest word, two words, and a word typed key by key (each keystroke
is a prefix search, as the palette runs it). Each is timed three ways:

- journal.search.find as the palette asks at each key: the best five of each kind with their snippets (and,
  for comparison, the best 50 with snippets that `sales-journal search` lists);
- LIKE '%word%' over the same text columns, newest 50 matches (what an app without an index does);
- `grep -ril` over the same notes exported as one Markdown file per customer (a notes folder): the files
  holding the word (for two words: the files holding both), counted from process start to exit. This is
  the baseline the budget names; it stops reading a file at its first match.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections import defaultdict
from pathlib import Path

from benchmarks.common import CACHE, Result, timed
from journal.reads import search
from journal.storage.db import Journal
from ui.search.palette_widget import PER_KIND

BUDGET_MS = 10.0  # the slowest key, as the palette searches
GREP_TIMES = 50
RARE = "rebooking"  # in 79 records of the large sample
COMMON = "meeting"  # the commonest word of six letters or more: in 65,793 records
TWO = "budget timing"
TYPED = "integration"  # typed a key at a time: "i", "in", "int", …

# The text columns the index holds (journal/storage/migrations.py V2), for the LIKE scan.
COLUMNS = {
    "customer": ("created_at", ("name", "industry", "about", "revisit_reason")),
    "contact": ("created_at", ("name", "role", "notes")),
    "rapport_fact": ("created_at", ("text", "hook")),
    "interaction": (
        "occurred_at",
        ("goal", "notes", "next_step", "went_well", "to_improve", "lesson", "opening_question"),
    ),
    "need": ("created_at", ("text", "quote")),
    "objection": ("created_at", ("concern", "response")),
    "promise": ("created_at", ("text", "release_reason")),
    "question": ("created_at", ("text", "answer")),
}


def like_sql(word_count: int) -> str:
    parts = []
    for table, (when, columns) in COLUMNS.items():
        text = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
        where = " AND ".join(f"({text}) LIKE ?" for _ in range(word_count))
        parts.append(f"SELECT '{table}' AS kind, id, {when} AS at FROM {table} WHERE {where}")
    return " UNION ALL ".join(parts) + " ORDER BY at DESC LIMIT 50"


def like_search(conn: sqlite3.Connection, query: str) -> int:
    words = query.split()
    params = [f"%{w}%" for w in words] * len(COLUMNS)
    return len(conn.execute(like_sql(len(words)), params).fetchall())


# -- the notes folder --------------------------------------------------------------------------------


def notes_folder(path: Path) -> Path:
    """The journal's notes as one Markdown file per customer, made once per journal file."""
    stamp = int(path.stat().st_mtime)
    folder = CACHE / f"notes-{path.stem}-{stamp}"
    if folder.exists():
        return folder
    for old in CACHE.glob(f"notes-{path.stem}-*"):
        shutil.rmtree(old)
    tmp = folder.with_suffix(".part")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    files: dict[int, list[str]] = defaultdict(list)
    names: dict[int, str] = {}
    for cid, name, industry, about in conn.execute("SELECT id, name, industry, about FROM customer"):
        names[cid] = name
        files[cid].append(f"# {name}\n\n{industry}\n\n{about}\n")
    for cid, name, role, notes in conn.execute("SELECT customer_id, name, role, notes FROM contact"):
        files[cid].append(f"## {name} — {role}\n\n{notes}\n")
    for cid, text, hook in conn.execute(
        "SELECT c.customer_id, r.text, r.hook FROM rapport_fact r JOIN contact c ON c.id = r.contact_id"
    ):
        files[cid].append(f"- {text} {hook}\n")
    for table, title, body in (
        ("need", "text", "quote"),
        ("objection", "concern", "response"),
        ("promise", "text", "release_reason"),
        ("question", "text", "answer"),
    ):
        for cid, a, b in conn.execute(f"SELECT customer_id, {title}, {body} FROM {table}"):
            files[cid].append(f"- {a}\n  {b}\n")
    for cid, at, goal, notes, lesson in conn.execute(
        "SELECT customer_id, occurred_at, goal, notes, lesson FROM interaction ORDER BY occurred_at"
    ):
        files[cid].append(f"\n## {at[:10]} {goal}\n\n{notes}\n\n{lesson}\n")
    conn.close()
    for cid, parts in files.items():
        safe = "".join(ch if ch.isalnum() else "-" for ch in names.get(cid, str(cid)))
        (tmp / f"{cid:05d}-{safe}.md").write_text("".join(parts), encoding="utf-8")
    tmp.rename(folder)
    return folder


def grep(folder: Path, query: str) -> None:
    """`grep -ril` for the first word, then the files it found for each further word."""
    words = query.split()
    files = [str(folder)]
    for n, word in enumerate(words):
        recursive = ["-r"] if n == 0 else []
        found = subprocess.run(
            ["grep", *recursive, "-i", "-l", "-F", "--", word, *files], capture_output=True, check=False
        )
        files = found.stdout.decode().splitlines()
        if not files:
            break


# -- the run -----------------------------------------------------------------------------------------


def as_you_type(journal: Journal, query: str) -> search.Results:
    """What the search palette asks for at each key: the best few of each kind, with their snippets."""
    return search.find(journal, query, limit=PER_KIND * len(search.KINDS), per_kind=PER_KIND)


def run(path: Path) -> list[Result]:
    results: list[Result] = []
    with Journal.open(path) as journal:
        conn = journal.conn()
        folder = notes_folder(path)
        files = sum(1 for _ in folder.iterdir())
        size_mb = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        queries = {"rare word": RARE, "common word": COMMON, "two words": TWO}
        for label, query in queries.items():
            fts = timed(lambda q=query: as_you_type(journal, q), runs=21)
            like = timed(lambda q=query: like_search(conn, q), runs=5, warmup=1)
            grepped = timed(lambda q=query: grep(folder, q), runs=5, warmup=1)
            found = search.find(journal, query, limit=50)
            listed = timed(lambda q=query: search.find(journal, q, limit=50), runs=9)
            matched = sum(found.counts.values())
            results.append(
                Result(
                    f"search: {label} “{query}”",
                    fts.median_ms,
                    budget=f"≤ {BUDGET_MS:.0f} ms",
                    ok=fts.median_ms <= BUDGET_MS,
                    note=f"p90 {fts.p90_ms:.1f} ms; {matched:,}{'+' if found.capped else ''} matches",
                )
            )
            results.append(
                Result(
                    f"  sales-journal search, 50 hits with snippets, {label}",
                    listed.median_ms,
                    note="the command line's list, for comparison",
                )
            )
            results.append(
                Result(
                    f"  LIKE '%…%' scan, {label}",
                    like.median_ms,
                    ratio=like.median_ms / fts.median_ms,
                    note="× the index's time",
                )
            )
            results.append(
                Result(
                    f"  grep -ril notes folder, {label}",
                    grepped.median_ms,
                    budget=f"≥ {GREP_TIMES}× the index's time",
                    ratio=grepped.median_ms / fts.median_ms,
                    ok=grepped.median_ms / fts.median_ms >= GREP_TIMES,
                    note=f"× the index's time; {files:,} files, {size_mb:.0f} MB",
                )
            )
        per_key = []
        like_keys = []
        for n in range(1, len(TYPED) + 1):
            prefix = TYPED[:n]
            per_key.append(timed(lambda p=prefix: as_you_type(journal, p), runs=9).median_ms)
            like_keys.append(timed(lambda p=prefix: like_search(conn, p), runs=3, warmup=1).median_ms)
        per_key.sort()
        like_keys.sort()
        mid = per_key[len(per_key) // 2]
        like_mid = like_keys[len(like_keys) // 2]
        results.append(
            Result(
                f"search per keystroke “{TYPED}” (prefix), slowest key",
                per_key[-1],
                budget=f"≤ {BUDGET_MS:.0f} ms",
                ok=per_key[-1] <= BUDGET_MS,
                note=f"median key {mid:.1f} ms over {len(per_key)} keys",
            )
        )
        results.append(
            Result(
                "  LIKE '%…%' scan per keystroke",
                like_mid,
                ratio=like_mid / mid,
                note=f"× the index's time; slowest key {like_keys[-1]:.0f} ms",
            )
        )
    return results


if __name__ == "__main__":
    from benchmarks.common import large_journal_path
    from benchmarks.run import table

    print(table(run(large_journal_path())))
