"""Printing for a person at a terminal. Names and notes can hold anything a file brought in or a paste
carried — escape sequences, a bell, a carriage return, bidi overrides — and a terminal would act on
those rather than show them; every command prints through `say`, which shows each of them as �."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TextIO

from journal.domain.text import visible

# Characters JSON leaves as they are that a terminal would still act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def say(*parts: object, file: TextIO | None = None, end: str = "\n", flush: bool = False) -> None:
    """`print` for text that may hold what people typed or imported."""
    stream = sys.stdout if file is None else file
    stream.write(visible(" ".join(str(p) for p in parts)) + end)
    if flush:
        stream.flush()


def json_text(value: Any) -> str:
    """JSON for a terminal or a pipe: readable text, with what a terminal acts on written as \\uXXXX
    (the same value to any JSON reader)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
