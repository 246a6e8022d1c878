"""The one backoff: capped exponential with full jitter (the delay is uniform in [0, ceiling],
ceiling = min(cap, base * 2^(attempt-1))), as in "Exponential Backoff And Jitter" (AWS
Architecture Blog, 2015). Full jitter spreads retries of many terminals after an outage best.

Used for outbox rows (the delay is stored as the row's next attempt, so it survives a restart),
the sync worker's pause, and print-job retries. tenacity was considered: its
`wait_random_exponential` is the same formula, but it wants to own the retry loop, and our delays
must be computed up front and stored in SQLite, so a ten-line function fits better.
"""
from __future__ import annotations

import random

_rng = random.Random()


def ceiling(attempt: int, base: float, cap: float) -> float:
    """The longest wait before attempt `attempt + 1` (attempt >= 1)."""
    return min(cap, base * 2 ** min(max(attempt, 1) - 1, 62))


def full_jitter(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """A wait in [0, ceiling(attempt)], uniformly."""
    return (rng or _rng).uniform(0, ceiling(attempt, base, cap))
