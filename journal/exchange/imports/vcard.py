"""Contact cards (vCard 2.1, 3.0 and 4.0, as phones and address books write them), read with vobject.

FN or N is the person, ORG the customer, TITLE the role; every EMAIL and TEL (grouped `item1.EMAIL`
too); BDAY a birthday; NOTE the notes. vobject undoes line folding, quoted-printable and escaping.
"""

from __future__ import annotations

import re
from typing import Any

import vobject  # type: ignore[import-untyped]

from journal.exchange.imports.detect import ImportProblem
from journal.exchange.imports.entries import Entry, Source
from journal.exchange.imports.fields import parse_birthday

MAX_VALUE = 128 * 1024  # as for a CSV cell: no contact detail is longer
_VERSION = re.compile(r"^VERSION:\s*([\d.]+)", re.IGNORECASE | re.MULTILINE)


def _values(card: Any, name: str) -> list[str]:
    out: list[str] = []
    for prop in card.contents.get(name, []):
        value = prop.value
        if isinstance(value, list):
            value = " ".join(str(v) for v in value if v)
        text = str(value).strip()
        if text.lower().startswith(("mailto:", "tel:")):
            text = text.split(":", 1)[1]
        if text:
            out.append(text)
    return out


def _name(card: Any) -> str:
    full = _values(card, "fn")
    if full:
        return full[0]
    for prop in card.contents.get("n", []):
        n = prop.value
        parts = [getattr(n, "prefix", ""), getattr(n, "given", ""), getattr(n, "additional", "")]
        parts.append(getattr(n, "family", ""))
        words = [" ".join(p) if isinstance(p, list) else str(p) for p in parts]
        return " ".join(w for w in words if w.strip())
    return ""


def _org(card: Any) -> str:
    for prop in card.contents.get("org", []):
        value = prop.value
        parts = value if isinstance(value, list) else [value]
        return str(parts[0]).strip() if parts else ""  # the company, not its department
    return ""


def _birthday(card: Any, entry: Entry, source: Source) -> None:
    for raw in _values(card, "bday"):
        text = raw
        if re.fullmatch(r"--\d{4}", text):  # vCard 4: --MMDD
            text = f"--{text[2:4]}-{text[4:]}"
        found = parse_birthday(text, "YMD")
        if isinstance(found, str):
            source.notes.append(f"Line {entry.line}: the birthday {found}; it is left out.")
        elif found is not None:
            entry.birthday = found


def _join_soft_breaks(text: str) -> str:
    """vCard 2.1 continues a quoted-printable value on the next line after a final "=", which vobject
    reads as a line of its own: join such lines first."""
    out: list[str] = []
    joining = False
    for line in text.splitlines():
        if joining:
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
        head = out[-1].split(":", 1)[0].upper()
        joining = "QUOTED-PRINTABLE" in head and out[-1].endswith("=")
    return "\r\n".join(out) + "\r\n"


def read_text(text: str, name: str) -> Source:
    versions = sorted(set(_VERSION.findall(text)))
    source = Source(name, "vcard", f"vCard {', '.join(versions) or '3.0'}")
    text = _join_soft_breaks(text)
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip().upper() == "BEGIN:VCARD"]
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as e:  # vobject raises its own ParseError and plain ValueErrors alike
        number = getattr(e, "lineNumber", None)
        where = f" (line {number})" if number else ""
        raise ImportProblem(f"“{name}” is not a readable vCard file{where}. Nothing was imported.") from None
    for index, card in enumerate(cards):
        if card.name.upper() != "VCARD":
            continue
        line = starts[index] if index < len(starts) else index + 1
        for props in card.contents.values():
            for prop in props:
                if len(str(prop.value)) > MAX_VALUE:
                    raise ImportProblem(
                        f"The card on line {line} of “{name}” has a {prop.name} longer than "
                        f"{MAX_VALUE // 1024} KB, which no contact detail is. Nothing was imported."
                    )
        entry = Entry(line, name=_name(card), company=_org(card))
        entry.role = next(iter(_values(card, "title")), "")
        entry.emails = _values(card, "email")
        entry.phones = _values(card, "tel")
        entry.notes = "\n".join(_values(card, "note"))
        _birthday(card, entry, source)
        if not entry.name and not entry.company:
            continue
        source.entries.append(entry)
    if not source.entries:
        raise ImportProblem(f"“{name}” holds no contact card with a name. Nothing was imported.")
    return source
