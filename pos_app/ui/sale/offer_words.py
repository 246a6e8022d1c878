"""issue 14 (offers): why a bonus applies, in the clerk's language ("Gold bonus", "Welcome back")."""
from __future__ import annotations

from topup_core.promotions import REASON_FREQUENT, REASON_TIER, REASON_WELCOME, REASON_WELCOME_BACK, Reason

from .words import _t


def reason_label(reason: Reason | None, tier_names: dict[str, str] | None = None) -> str:
    """The translated label of a bonus reason ("" when there is none)."""
    if reason is None:
        return ""
    if reason.kind == REASON_WELCOME:
        return _t("Welcome bonus")
    if reason.kind == REASON_WELCOME_BACK:
        return _t("Welcome back")
    if reason.kind == REASON_TIER:
        tier = (tier_names or {}).get(reason.tier or "", (reason.tier or "").capitalize())
        return _t("%1 bonus").replace("%1", tier)
    if reason.kind == REASON_FREQUENT:
        return _t("Top-up no. %1 in %2 days").replace("%1", str(reason.count)).replace("%2", str(reason.days))
    return ""


def with_reason(promotion: str | None, reason: Reason | None, tier_names: dict[str, str] | None = None) -> str | None:
    """"Gold bonus · Gold weekly": the reason first (what the customer hears), then the promotion's name."""
    label = reason_label(reason, tier_names)
    if not label:
        return promotion
    return f"{label} · {promotion}" if promotion else label
