"""Small helpers the service modules share: load a record or say it is gone, apply cleaned fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from journal.domain.errors import NotFound
from journal.storage.models import BaseModel

M = TypeVar("M", bound=BaseModel)

Cleaner = Callable[[str, Any], Any]


def fetch(model: type[M], record_id: int, what: str) -> M:
    record = model.get_or_none(model.id == record_id)
    if record is None:
        raise NotFound(f"That {what} no longer exists (it may have been deleted).")
    return record


def clean_fields(values: Mapping[str, Any], cleaner: Cleaner) -> dict[str, Any]:
    """Run each given value through the record's field cleaner (which raises ValidationError)."""
    return {key: cleaner(key, value) for key, value in values.items()}


def apply(record: BaseModel, fields: Mapping[str, Any], now: Any) -> bool:
    """Set changed fields and save. Returns whether anything actually changed."""
    changed = False
    for key, value in fields.items():
        if getattr(record, key) != value:
            setattr(record, key, value)
            changed = True
    if changed:
        record.updated_at = now
        record.save()
    return changed
