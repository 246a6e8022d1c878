"""Suggested amounts for a customer (Reloadly's suggestedAmounts / mostPopularAmount, Paytm's
"repeat a previous recharge"): first their own pattern, then the operator's popular amounts. Pure;
the server computes them for the lookup, the terminal from its own sales when offline."""
from __future__ import annotations

import statistics
from dataclasses import dataclass

DAY_MS = 86_400_000


@dataclass(frozen=True)
class RepeatLast:
    operator: str
    product: str
    face: int
    at_ms: int


@dataclass(frozen=True)
class Suggestions:
    amounts: list[int]  # up to three face values, best first
    reasons: list[str]  # one per amount: "usual" | "recent" | "popular"
    repeat_last: RepeatLast | None
    usual_interval_days: int | None
    next_topup_at_ms: int | None  # "next top-up around ..." (last + the usual interval)
    most_popular_amount: int | None  # this agent's, for the customer's operator


def suggest(own: list[tuple[int, int, str, str]], popular: list[tuple[int, int]], limit: int = 3) -> Suggestions:
    """Suggestions from the customer's own history (face, at_ms, operator, product; newest first),
    then the operator's popular amounts ((face, count), most frequent first). Pure."""
    amounts: list[int] = []
    reasons: list[str] = []

    def add(face: int, reason: str) -> None:
        if face > 0 and face not in amounts and len(amounts) < limit:
            amounts.append(face)
            reasons.append(reason)

    faces = [f for f, _, _, _ in own]
    if faces:
        counts: dict[int, int] = {}
        for f in faces:
            counts[f] = counts.get(f, 0) + 1
        usual = max(counts, key=lambda f: (counts[f], -faces.index(f)))  # most frequent; ties: the most recent
        add(usual, "usual")
        for f in faces:
            add(f, "recent")
    for f, _ in popular:
        add(f, "popular")
    interval = None
    next_at = None
    times = sorted(at for _, at, _, _ in own)
    if len(times) >= 2:
        gaps = [b - a for a, b in zip(times, times[1:])]
        interval_ms = int(statistics.median_low(gaps))
        interval = max(1, interval_ms // DAY_MS)
        next_at = times[-1] + interval_ms
    last = own[0] if own else None
    return Suggestions(amounts, reasons, RepeatLast(last[2], last[3], last[0], last[1]) if last else None,
                       interval, next_at, popular[0][0] if popular else None)
