"""The one place that asks what time it is, which zone the rep lives in and how they write a date.

Times are aware UTC everywhere else. The local zone is the system's IANA zone (`zoneinfo`), so every
instant is converted with the rules in force at *that* instant (EST in January, EDT in July), never with
the offset of the moment the app started.

Every entry point (the window, every command) takes its clock from `system_clock()`. Setting
`SALES_JOURNAL_NOW` (an ISO instant) stops the clock at that instant, `SALES_JOURNAL_TZ` (an IANA name)
sets the zone and `SALES_JOURNAL_DATE_ORDER` (DMY, MDY or YMD) the order of numeric dates, so a demo, a
screenshot or a test runs the whole app at one chosen moment, whatever the machine's own clock says.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time as time_module
import warnings
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.domain.errors import ValidationError

DateOrder = Literal["DMY", "MDY", "YMD"]
DATE_ORDERS: tuple[DateOrder, ...] = get_args(DateOrder)

ENV_NOW = "SALES_JOURNAL_NOW"
ENV_TZ = "SALES_JOURNAL_TZ"
ENV_DATE_ORDER = "SALES_JOURNAL_DATE_ORDER"

# Territories that write a short numeric date month first, or year first; everyone else writes day first.
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})
_YEAR_FIRST = frozenset({"CN", "JP", "KR", "KP", "TW", "HU", "MN", "LT", "IR", "CA"})


class Clock:
    """The wall clock, in the system's zone."""

    def __init__(self, *, tz: tzinfo | None = None, date_order: DateOrder | None = None) -> None:
        self._tz = tz
        # None when the system does not say (a C locale): numeric dates that read two ways are refused.
        self.date_order: DateOrder | None = date_order

    def now(self) -> datetime:
        return datetime.now(UTC)

    def local_tz(self) -> tzinfo:
        if self._tz is None:
            self._tz = system_zone()
        return self._tz

    def today(self) -> date:
        return self.local(self.now()).date()

    def local(self, instant: datetime) -> datetime:
        """`instant` on the rep's wall clock, with the offset in force at that instant."""
        return instant.astimezone(self.local_tz())

    def start_of(self, day: date) -> datetime:
        """The UTC instant the local calendar day `day` begins (not always 00:00: some zones skip it)."""
        return at_local(day, time(0), self.local_tz())


class FixedClock(Clock):
    """A clock that stands still until moved; its zone is UTC and dates day-first unless given."""

    def __init__(self, now: datetime, tz: tzinfo = UTC, *, date_order: DateOrder | None = "DMY") -> None:
        super().__init__(tz=tz, date_order=date_order)
        self._now = _aware(now, tz)

    def now(self) -> datetime:
        return self._now

    def set(self, now: datetime) -> None:
        self._now = _aware(now, self.local_tz())


def _aware(now: datetime, tz: tzinfo) -> datetime:
    return (now if now.tzinfo is not None else now.replace(tzinfo=tz)).astimezone(UTC)


def file_clock(folder: Path) -> float:
    """Now, as the file system holding `folder` stamps a file's mtime: for telling how old a file there is,
    not for the journal. Read from a file made for the purpose, since that clock need not be this
    process's (a network share, a clock moved for a test); the process's clock where nothing can be made."""
    try:
        fd, name = tempfile.mkstemp(prefix=".clock-", dir=folder)
    except OSError:
        return time_module.time()
    try:
        return os.fstat(fd).st_mtime
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            Path(name).unlink()


def at_local(day: date, when: time, tz: tzinfo) -> datetime:
    """The UTC instant of `when` on `day` in `tz`. A time skipped by a clock change (02:30 on the spring
    night) is read with the offset before the change, which lands on the wall time an hour later."""
    return datetime.combine(day, when, tzinfo=tz).astimezone(UTC)


def system_zone() -> tzinfo:
    """The system's IANA zone (from TZ, /etc/localtime, the registry…), or UTC when none can be found."""
    import tzlocal  # imported on first use: most commands never convert a time

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tzlocal warns when TZ and /etc/localtime disagree
        try:
            return tzlocal.get_localzone()
        except (ZoneInfoNotFoundError, ValueError, LookupError, OSError):
            return UTC


def date_order_of_locale(name: str) -> DateOrder | None:
    """The order a locale name ("en_US.UTF-8", "de_DE@euro") writes numeric dates in, None if it names no
    country ("C", "POSIX", "C.UTF-8")."""
    m = re.fullmatch(r"[A-Za-z]{2,3}[_-]([A-Za-z]{2})(?:[.@].*)?", name.strip())
    if not m:
        return None
    territory = m.group(1).upper()
    if territory in _MONTH_FIRST:
        return "MDY"
    if territory in _YEAR_FIRST:
        return "YMD"
    return "DMY"


def date_order_of_format(pattern: str) -> DateOrder | None:
    """The order of a date pattern such as Qt's short format "M/d/yy", "dd.MM.yyyy" or "yyyy/MM/dd"."""
    found = [c for c in re.sub(r"[^dMy]", "", pattern.replace("m", "M"))]
    order = "".join(dict.fromkeys(c.upper() for c in found))
    return order if order in DATE_ORDERS else None


def system_date_order(environ: Mapping[str, str]) -> DateOrder | None:
    for key in ("LC_ALL", "LC_TIME", "LANG"):
        if environ.get(key):
            return date_order_of_locale(environ[key])
    return None


def system_clock(environ: Mapping[str, str] | None = None) -> Clock:
    """The clock an entry point runs on: the wall clock, unless the environment sets one (see above)."""
    env = os.environ if environ is None else environ
    tz: tzinfo | None = None
    if env.get(ENV_TZ):
        try:
            tz = ZoneInfo(env[ENV_TZ])
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValidationError(
                f"{ENV_TZ}={env[ENV_TZ]!r} is not a time zone name such as Europe/Berlin."
            ) from e
    order_text = env.get(ENV_DATE_ORDER, "").upper()
    if order_text and order_text not in DATE_ORDERS:
        raise ValidationError(f"{ENV_DATE_ORDER}={order_text!r} is not one of {', '.join(DATE_ORDERS)}.")
    order: DateOrder | None = order_text if order_text else system_date_order(env)
    if env.get(ENV_NOW):
        try:
            instant = datetime.fromisoformat(env[ENV_NOW].replace("Z", "+00:00"))
        except ValueError as e:
            raise ValidationError(f"{ENV_NOW}={env[ENV_NOW]!r} is not an ISO date and time.") from e
        return FixedClock(instant, tz or system_zone(), date_order=order)
    return Clock(tz=tz, date_order=order)
