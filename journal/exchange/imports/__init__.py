"""Bringing a rep's existing book in: contacts exported from LinkedIn, Google, Outlook, HubSpot and
Pipedrive (CSV), vCards and calendar files, previewed, matched against the journal and never duplicated.

The steps, each in its own module:

- `detect`: read the file (size, encoding, binary or not) and tell what kind it is from its content;
- `csv_layouts`, `vcard`, `calendar`: turn the file into `Entry` and `Meeting` values (`entries`);
- `matching`: compare them with the journal and make a `Plan` — what is created, filled in, left as it
  is, skipped, and the near matches the rep reviews;
- `apply`: write a plan in one transaction (one undo step), through the services' own checks.

`read(path)` and `preview(journal, source)` are the two calls a command or a window needs before `apply`.
"""

from __future__ import annotations

from journal.exchange.imports.detect import ImportProblem, read
from journal.exchange.imports.entries import Source
from journal.exchange.imports.matching import Decision, Plan, Review, make_plan, snapshot

__all__ = ["Decision", "ImportProblem", "Plan", "Review", "Source", "make_plan", "read", "snapshot"]
