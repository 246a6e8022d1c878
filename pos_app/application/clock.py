"""Time comes from a clock object so tests can move it (lockouts, validity windows, days)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS = timedelta(milliseconds=1)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock for tests: stands still until advanced."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


def to_ms(when: datetime) -> int:
    """Milliseconds since the epoch, exactly (integer arithmetic: no float rounding)."""
    return (when - _EPOCH) // _MS


def ms_to_datetime(ms: int) -> datetime:
    return _EPOCH + ms * _MS
