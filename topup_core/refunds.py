"""The refund policy of a catalog document and the arithmetic of a (partial) reversal, shared by the
server (authoritative) and the terminal (which checks first, to tell the clerk early).

The policy lives in the catalog document under its own `refund_policy` section, versioned like
prices (a sale is judged by the policy of the catalog version it was sold under):

    "refund_policy": {
      "window_s": 86400,                 # a sale may be reversed this long after it was made
      "approver": "manager",             # who approves (the permission REVERSE_SALE)
      "second_approver_above": 50000,    # price (minor units) above which a second, different manager signs
      "partial": true,                   # may a reversal recover only what the subscriber still holds?
      "text": "Refunds within 24 h with a manager. Unused credit only."   # printed in the receipt footer
    }

A catalog without the section keeps the old rule: `limits.reversal_window_s`, one manager, full
reversals only, nothing printed.

Partial reversal (Crediverse-style): the subscriber spent part of the credit, so only what remains on
the main balance is recovered (`recovered`), together with the sale's bonus and the points it earned.
The customer is refunded in proportion of the price paid, rounded DOWN to the minor unit:

    refund = price * recovered // face        kept = price - refund     (refund + kept == price)

and the agent's float gets the same proportion of its cost back, rounded down, the rest of the
recovered face being the commission given back:

    float_back = float_cost * recovered // face    commission_back = recovered - float_back

so every posting balances exactly and no unit is invented or lost. A full reversal is the case
recovered == face (refund == price, float_back == float_cost).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import ValidationError

# Why a sale is reversed: the terminal's picker, checked by the server (issue 14).
REASON_CODES: tuple[str, ...] = ("wrong_number", "wrong_amount", "customer_request", "not_received",
                                 "duplicate", "other")

# DT One-style final states of a sale that was undone.
CANCELLED = "cancelled"  # withdrawn before the server ever confirmed it
REVERSED_FULL = "reversed_full"  # taken back in full after it was confirmed
REVERSED_PARTIAL = "reversed_partial"  # only the unspent part taken back after it was confirmed


@dataclass(frozen=True, slots=True)
class RefundPolicy:
    window_s: int
    approver: str = "manager"
    second_approver_above: int | None = None  # price in minor units; None = never
    partial: bool = False
    text: str = ""
    declared: bool = True  # False: the document has no refund_policy section (legacy rule)

    def __post_init__(self) -> None:
        if type(self.window_s) is not int or self.window_s <= 0:
            raise ValidationError("catalog_invalid", "refund_policy: window_s is a whole number of seconds > 0")
        if self.second_approver_above is not None and (type(self.second_approver_above) is not int
                                                       or self.second_approver_above < 0):
            raise ValidationError("catalog_invalid", "refund_policy: second_approver_above is minor units >= 0")
        if type(self.partial) is not bool:
            raise ValidationError("catalog_invalid", "refund_policy: partial is true or false")
        if self.approver != "manager":
            raise ValidationError("catalog_invalid", "refund_policy: approver is 'manager'")
        if not isinstance(self.text, str) or len(self.text) > 200:
            raise ValidationError("catalog_invalid", "refund_policy: text is at most 200 characters")

    def approvers_needed(self, price: int) -> int:
        """1, or 2 distinct managers when the price is above the policy's amount."""
        if self.second_approver_above is not None and price > self.second_approver_above:
            return 2
        return 1

    def within_window(self, sold_at_ms: int, at_ms: int) -> bool:
        return sold_at_ms <= at_ms and at_ms - sold_at_ms <= self.window_s * 1000

    @property
    def window_text(self) -> str:
        hours, rest = divmod(self.window_s, 3600)
        if rest == 0 and hours:
            return f"{hours} h"
        return f"{max(1, self.window_s // 60)} minutes"


def policy_from_document(document: dict[str, Any]) -> RefundPolicy:
    """The refund policy of a catalog document (the legacy rule when it declares none)."""
    data = document.get("refund_policy")
    if not data:
        window = (document.get("limits") or {}).get("reversal_window_s", 900)
        return RefundPolicy(window_s=int(window), declared=False)
    if not isinstance(data, dict):
        raise ValidationError("catalog_invalid", "refund_policy: an object")
    try:
        above = data.get("second_approver_above")
        return RefundPolicy(window_s=data["window_s"], approver=data.get("approver", "manager"),
                            second_approver_above=above, partial=data.get("partial", False),
                            text=" ".join(str(data.get("text", "")).split()))
    except (KeyError, TypeError) as exc:
        raise ValidationError("catalog_invalid", f"refund_policy: malformed ({exc})") from None


@dataclass(frozen=True, slots=True)
class Recovery:
    """What a reversal takes back and gives back (all int minor units)."""

    recovered: int  # main credit taken back from the subscriber
    bonus: int  # bonus taken back
    float_back: int  # to the agent's float
    commission_back: int  # the agent's commission given back (recovered - float_back)
    refund: int  # to the customer, of the price paid
    kept: int  # price - refund: what the customer keeps as the credit they used

    @property
    def partial(self) -> bool:
        return self.kept > 0

    @property
    def final_state(self) -> str:
        return REVERSED_PARTIAL if self.partial else REVERSED_FULL


def recovery(*, face: int, price: int, float_cost: int, bonus: int, main_held: int, bonus_held: int) -> Recovery:
    """The recovery of a sale whose subscriber still holds `main_held` of main credit and
    `bonus_held` of bonus (see the module docstring for the rounding)."""
    for v in (face, price, float_cost, bonus, main_held, bonus_held):
        if type(v) is not int:
            raise ValidationError("amount_invalid", "Amounts are whole numbers of minor units.")
    if face <= 0 or price < 0 or float_cost < 0 or bonus < 0:
        raise ValidationError("amount_invalid", "A sale's amounts are positive.")
    recovered = max(0, min(face, main_held))
    refund = price * recovered // face
    float_back = float_cost * recovered // face
    return Recovery(recovered=recovered, bonus=max(0, min(bonus, bonus_held)), float_back=float_back,
                    commission_back=recovered - float_back, refund=refund, kept=price - refund)
