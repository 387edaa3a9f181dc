"""Preferences kept inside the journal (they travel with it): currency, cadence defaults, reminders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from journal import bank, vocab
from journal.changes import Changes
from journal.db import Journal
from journal.errors import ValidationError
from journal.text import check_int

DEFAULTS: dict[str, Any] = {
    "currency": "USD",
    "notifications": True,
    "backup.folder": "",  # empty: a `backups` folder beside the journal
    **{f"cadence.{stage}": days for stage, days in vocab.DEFAULT_CADENCE.items()},
}


def get(journal: Journal, key: str) -> Any:
    m = journal.models
    if key not in DEFAULTS:
        raise KeyError(key)
    row = m.Setting.get_or_none(m.Setting.key == key)
    return DEFAULTS[key] if row is None else json.loads(row.value)


def all_settings(journal: Journal) -> dict[str, Any]:
    m = journal.models
    stored = {
        row.key: json.loads(row.value) for row in m.Setting.select().where(m.Setting.key.in_(list(DEFAULTS)))
    }
    return {key: stored.get(key, default) for key, default in DEFAULTS.items()}


def clean_folder(value: Any) -> str:
    text = str(value or "").strip()
    if text and not Path(text).expanduser().is_absolute():
        raise ValidationError("Choose a full folder path for backups (or leave it empty).", "backup.folder")
    return text


def backup_folder(journal: Journal) -> Path | None:
    """Where backups go when the rep has chosen a folder (a synced folder, a USB disk), else None."""
    text = str(get(journal, "backup.folder"))
    return Path(text).expanduser() if text else None


def cadence_defaults(journal: Journal) -> dict[str, int | None]:
    values = all_settings(journal)
    return {stage: values[f"cadence.{stage}"] for stage in vocab.STAGES}


def _clean(key: str, value: Any) -> Any:
    if key == "currency":
        code = str(value).strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ValidationError("Currency must be a three-letter code such as USD or EUR.", key)
        return code
    if key == "notifications":
        return bool(value)
    if key == "backup.folder":
        return clean_folder(value)
    if key.startswith("cadence."):
        return check_int(value, field=key, label="Keep-in-touch cadence (days)", low=1, high=3650)
    raise KeyError(key)


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
    if key not in DEFAULTS:
        raise ValidationError(f"“{key[:60]}” is not a setting this version of Sales Journal knows.", "key")
    if key == "notifications" and not isinstance(value, bool):
        raise ValidationError("Notifications must be true or false.", key)
    if value is None and DEFAULTS[key] is None:
        return text
    return json.dumps(_clean(key, value))


def set_settings(journal: Journal, **values: Any) -> Changes:
    """Change preferences, e.g. set_settings(j, currency="EUR", **{"cadence.lead": 10})."""
    m = journal.models
    cleaned = {key: _clean(key, value) for key, value in values.items()}
    with journal.write("Change preferences") as tx:
        for key, value in cleaned.items():
            m.Setting.insert(key=key, value=json.dumps(value)).on_conflict_replace().execute()
        tx.updated("setting", 0)
    return tx.changes()
