"""Risk rules over a terminal's sales. Each rule is off, flag (accept + alert) or reject.

Pure: the service loads the recent history, this module decides.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

OFF, FLAG, REJECT = "off", "flag", "reject"
ACTIONS = (OFF, FLAG, REJECT)

REPEAT_MSISDN = "repeat_msisdn"  # threshold: window in seconds
DAILY_CAP = "daily_cap"  # threshold: max face value per terminal per UTC day, minor units
AMOUNT_SPIKE = "amount_spike"  # threshold: multiple of the terminal's median face

SPIKE_HISTORY = 50  # the last N accepted sales form the terminal's normal
SPIKE_MIN_HISTORY = 20  # too little history says nothing about normal
DAY_MS = 86_400_000


@dataclass(frozen=True, slots=True)
class RuleSetting:
    action: str
    threshold: int


DEFAULT_RULES: dict[str, RuleSetting] = {
    REPEAT_MSISDN: RuleSetting(FLAG, 120),
    DAILY_CAP: RuleSetting(FLAG, 50_000_000),
    AMOUNT_SPIKE: RuleSetting(FLAG, 10),
}


@dataclass(frozen=True, slots=True)
class RiskHit:
    rule: str
    action: str
    detail: str


@dataclass
class TerminalHistory:
    """What the rules need to know about a terminal (and the numbers it sells to)."""

    msisdn_times: dict[str, list[int]] = field(default_factory=dict)  # accepted sales, created_at_ms
    day_totals: dict[int, int] = field(default_factory=dict)  # UTC day number -> face total
    recent_faces: list[int] = field(default_factory=list)  # oldest first, at most SPIKE_HISTORY

    def record(self, msisdn: str, face: int, created_at_ms: int) -> None:
        self.msisdn_times.setdefault(msisdn, []).append(created_at_ms)
        day = created_at_ms // DAY_MS
        self.day_totals[day] = self.day_totals.get(day, 0) + face
        self.recent_faces.append(face)
        if len(self.recent_faces) > SPIKE_HISTORY:
            del self.recent_faces[0]


def evaluate(rules: dict[str, RuleSetting], history: TerminalHistory, msisdn: str, face: int,
             created_at_ms: int) -> list[RiskHit]:
    hits: list[RiskHit] = []
    rule = rules.get(REPEAT_MSISDN)
    if rule and rule.action != OFF:
        window_ms = rule.threshold * 1000
        if any(abs(created_at_ms - t) < window_ms for t in history.msisdn_times.get(msisdn, ())):
            hits.append(RiskHit(REPEAT_MSISDN, rule.action, f"same number topped up within {rule.threshold} s"))
    rule = rules.get(DAILY_CAP)
    if rule and rule.action != OFF:
        total = history.day_totals.get(created_at_ms // DAY_MS, 0) + face
        if total > rule.threshold:
            hits.append(RiskHit(DAILY_CAP, rule.action, f"terminal day total {total} above cap {rule.threshold}"))
    rule = rules.get(AMOUNT_SPIKE)
    if rule and rule.action != OFF and len(history.recent_faces) >= SPIKE_MIN_HISTORY:
        median = statistics.median_low(history.recent_faces)
        if face > median * rule.threshold:
            hits.append(RiskHit(AMOUNT_SPIKE, rule.action, f"face {face} above {rule.threshold}x median {median}"))
    return hits


def rejects(hits: list[RiskHit]) -> bool:
    return any(h.action == REJECT for h in hits)
