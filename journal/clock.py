"""The one place that asks what time it is, so tests can move time."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo


class Clock:
    """The wall clock. Times are aware UTC; `today()` is the local calendar date."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def local_tz(self) -> tzinfo:
        tz = datetime.now().astimezone().tzinfo
        assert tz is not None
        return tz

    def today(self) -> date:
        return self.now().astimezone(self.local_tz()).date()


class FixedClock(Clock):
    """A clock that stands still until moved; its local zone is UTC unless given."""

    def __init__(self, now: datetime, tz: tzinfo = UTC) -> None:
        if now.tzinfo is None:
            now = now.replace(tzinfo=tz)
        self._now = now.astimezone(UTC)
        self._tz = tz

    def now(self) -> datetime:
        return self._now

    def local_tz(self) -> tzinfo:
        return self._tz

    def set(self, now: datetime) -> None:
        if now.tzinfo is None:
            now = now.replace(tzinfo=self._tz)
        self._now = now.astimezone(UTC)
