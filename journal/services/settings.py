"""Preferences kept inside the journal (they travel with it): currency, cadence defaults, reminders.

Each setting has a type and a check, applied when it is written and again when it is read: a stored value
that fails it (an imported file, an older bug) reads as the default, with a warning in the log, so no
setting can break a query or a page.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from journal.domain import health, vocab
from journal.domain.errors import ValidationError
from journal.domain.text import check_int
from journal.services import bank
from journal.storage.changes import Changes
from journal.storage.db import Journal

log = logging.getLogger(__name__)


def _currency(value: Any) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValidationError("Currency must be a three-letter code such as USD or EUR.", "currency")
    return code


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("Reminders are either on or off.", "notifications")
    return value


def clean_folder(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else "" if value is None else None
    if text is None or "\x00" in text:
        raise ValidationError("Choose a full folder path for backups (or leave it empty).", "backup.folder")
    if text and not Path(text).expanduser().is_absolute():
        raise ValidationError("Choose a full folder path for backups (or leave it empty).", "backup.folder")
    return text


def _cadence(key: str) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        return check_int(
            value, field=key, label="Keep-in-touch cadence (days)", low=1, high=health.CADENCE_MAX_DAYS
        )

    return check


# Each setting: its default and the check that cleans a value or raises ValidationError.
SPECS: dict[str, tuple[Any, Callable[[Any], Any]]] = {
    "currency": ("USD", _currency),
    "notifications": (True, _flag),
    "backup.folder": ("", clean_folder),  # empty: a `backups` folder beside the journal
    **{
        f"cadence.{stage}": (days, _cadence(f"cadence.{stage}"))
        for stage, days in health.DEFAULT_CADENCE.items()
    },
}
DEFAULTS: dict[str, Any] = {key: default for key, (default, _) in SPECS.items()}

_warned: set[tuple[str, str]] = set()


def _read(key: str, stored: str) -> Any:
    """A stored value, checked; the default (and a warning, once) when it does not pass."""
    default, check = SPECS[key]
    try:
        return check(json.loads(stored))
    except (ValueError, ValidationError, RecursionError):
        if (key, stored) not in _warned:
            _warned.add((key, stored))
            log.warning(
                "The setting %s holds %.80r, which is not valid; using %r instead.", key, stored, default
            )
        return default


def get(journal: Journal, key: str) -> Any:
    m = journal.models
    if key not in SPECS:
        raise KeyError(key)
    row = m.Setting.get_or_none(m.Setting.key == key)
    return DEFAULTS[key] if row is None else _read(key, row.value)


def all_settings(journal: Journal) -> dict[str, Any]:
    m = journal.models
    stored = {
        row.key: _read(row.key, row.value) for row in m.Setting.select().where(m.Setting.key.in_(list(SPECS)))
    }
    return {key: stored.get(key, default) for key, default in DEFAULTS.items()}


def backup_folder(journal: Journal) -> Path | None:
    """Where backups go when the rep has chosen a folder (a synced folder, a USB disk), else None."""
    text = str(get(journal, "backup.folder"))
    return Path(text).expanduser() if text else None


def cadence_defaults(journal: Journal) -> dict[str, int | None]:
    """The default cadence of each stage, as the rep set it (stages without one: None)."""
    return stage_cadences(all_settings(journal))


def stage_cadences(values: Mapping[str, Any]) -> dict[str, int | None]:
    """The stage cadences among settings read with `all_settings`."""
    return {stage: values[f"cadence.{stage}"] for stage in vocab.STAGES}


def clean_stored(key: str, text: str) -> str:
    """A setting as stored (its value as JSON text), checked by the same rules as a preference set in the
    app: a known key and a value it accepts. Returns the JSON text to store."""
    try:
        value = json.loads(text)
    except ValueError:
        raise ValidationError(
            f"The setting “{key}” holds {text[:40]!r}, which is not a JSON value.", key
        ) from None
    if key == "bank_version":
        return json.dumps(bank.check_version(value))
    if key not in SPECS:
        raise ValidationError(f"“{key[:60]}” is not a setting this version of Sales Journal knows.", "key")
    return json.dumps(SPECS[key][1](value))


def set_settings(journal: Journal, **values: Any) -> Changes:
    """Change preferences, e.g. set_settings(j, currency="EUR", **{"cadence.lead": 10})."""
    m = journal.models
    unknown = [key for key in values if key not in SPECS]
    if unknown:
        raise KeyError(unknown[0])
    cleaned = {key: SPECS[key][1](value) for key, value in values.items()}
    with journal.write("Change preferences") as tx:
        for key, value in cleaned.items():
            m.Setting.insert(key=key, value=json.dumps(value)).on_conflict_replace().execute()
        tx.updated("setting", 0)
    return tx.changes()
