"""Data files shipped with Sales Journal: icons, style sheets, the question bank, sample text."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def path(name: str) -> Traversable:
    """A file in this package, e.g. path("questions.json") or path("icons/app.svg")."""
    return resources.files(__name__).joinpath(name)


def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")
