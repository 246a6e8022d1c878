"""Double-entry posting rules. Every posting's entries sum to zero; balances are sums of entries.

Sign convention: an account's balance is the plain sum of its entries. Agent float, terminal
allowances and subscriber balances are positive when they hold value; the system accounts
(funding, commission, promotions, usage) carry the opposite side and so run negative or positive.
The per-agent system accounts keep agents independent: no global hot row serialises all sales.
"""
from __future__ import annotations

from dataclasses import dataclass


def float_account(agent_id: str) -> str:
    return f"float:{agent_id}"


def allowance_account(terminal_id: str) -> str:
    return f"allowance:{terminal_id}"


def main_account(msisdn: str) -> str:
    return f"main:{msisdn}"


def bonus_account(msisdn: str) -> str:
    return f"bonus:{msisdn}"


def funding_account(currency: str, agent_id: str) -> str:
    return f"system:funding:{currency}:{agent_id}"


def commission_account(currency: str, agent_id: str) -> str:
    return f"system:commission:{currency}:{agent_id}"


def promotions_account(currency: str, agent_id: str) -> str:
    return f"system:promotions:{currency}:{agent_id}"


def usage_account(currency: str) -> str:
    return f"system:usage:{currency}"


def account_kind(account_id: str) -> str:
    """'float', 'allowance', 'main', 'bonus' or 'system'."""
    return account_id.split(":", 1)[0]


class UnbalancedPosting(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Entry:
    account_id: str
    amount: int  # signed minor units


@dataclass(frozen=True, slots=True)
class Posting:
    id: str
    kind: str  # deposit | sale | reversal | allowance_reserve | allowance_release | usage
    ref: str | None
    currency: str
    entries: tuple[Entry, ...]

    def __post_init__(self) -> None:
        if any(type(e.amount) is not int for e in self.entries):
            raise UnbalancedPosting(f"{self.id}: amounts must be int minor units")
        if sum(e.amount for e in self.entries) != 0:
            raise UnbalancedPosting(f"{self.id}: entries do not sum to zero")
        if not self.entries:
            raise UnbalancedPosting(f"{self.id}: a posting needs entries")


def _posting(pid: str, kind: str, ref: str | None, currency: str, *pairs: tuple[str, int]) -> Posting:
    # Zero legs carry no information; dropping them keeps the ledger lean.
    return Posting(pid, kind, ref, currency, tuple(Entry(a, n) for a, n in pairs if n != 0))


def deposit(posting_id: str, agent_id: str, currency: str, amount: int) -> Posting:
    if type(amount) is not int or amount == 0:
        raise UnbalancedPosting("a deposit needs a non-zero int amount")
    return _posting(posting_id, "deposit", agent_id, currency,
                    (float_account(agent_id), amount), (funding_account(currency, agent_id), -amount))


@dataclass(frozen=True, slots=True)
class SaleAmounts:
    face: int
    bonus: int
    float_cost: int

    @property
    def commission(self) -> int:
        return self.face - self.float_cost


def split_cost(float_cost: int, allowance_remaining: int) -> tuple[int, int]:
    """(from_allowance, from_float): offline allowance is consumed first."""
    from_allowance = min(float_cost, max(0, allowance_remaining))
    return from_allowance, float_cost - from_allowance


def sale(sale_id: str, agent_id: str, terminal_id: str, msisdn: str, currency: str, amounts: SaleAmounts,
         from_allowance: int) -> Posting:
    from_float = amounts.float_cost - from_allowance
    return _posting(
        f"sale:{sale_id}", "sale", sale_id, currency,
        (float_account(agent_id), -from_float),
        (allowance_account(terminal_id), -from_allowance),
        (commission_account(currency, agent_id), -amounts.commission),
        (main_account(msisdn), amounts.face),
        (promotions_account(currency, agent_id), -amounts.bonus),
        (bonus_account(msisdn), amounts.bonus),
    )


def reversal(reversal_id: str, sale_id: str, agent_id: str, msisdn: str, currency: str, amounts: SaleAmounts,
             bonus_clawback: int) -> Posting:
    """Undo a sale as new entries: the whole float cost goes back to the float (not the allowance);
    bonus is clawed back only as far as the subscriber still holds it."""
    return _posting(
        f"reversal:{reversal_id}", "reversal", sale_id, currency,
        (float_account(agent_id), amounts.float_cost),
        (commission_account(currency, agent_id), amounts.commission),
        (main_account(msisdn), -amounts.face),
        (promotions_account(currency, agent_id), bonus_clawback),
        (bonus_account(msisdn), -bonus_clawback),
    )


def recovery(reversal_id: str, sale_id: str, agent_id: str, msisdn: str, currency: str, recovered: int,
             float_back: int, commission_back: int, bonus_clawback: int) -> Posting:
    """Issue 14 (refunds): a reversal that takes back `recovered` of the subscriber's main credit
    (all of the face, or only what remains: topup_core.refunds.recovery), giving the agent's float
    and commission the same share back (float_back + commission_back == recovered), and the bonus
    as far as it is still held. With recovered == face it is exactly `reversal` above."""
    return _posting(
        f"reversal:{reversal_id}", "reversal", sale_id, currency,
        (float_account(agent_id), float_back),
        (commission_account(currency, agent_id), commission_back),
        (main_account(msisdn), -recovered),
        (promotions_account(currency, agent_id), bonus_clawback),
        (bonus_account(msisdn), -bonus_clawback),
    )


def reserve_allowance(posting_id: str, agent_id: str, terminal_id: str, currency: str, amount: int) -> Posting:
    return _posting(posting_id, "allowance_reserve", terminal_id, currency,
                    (float_account(agent_id), -amount), (allowance_account(terminal_id), amount))


def release_allowance(posting_id: str, agent_id: str, terminal_id: str, currency: str, amount: int) -> Posting:
    return _posting(posting_id, "allowance_release", terminal_id, currency,
                    (allowance_account(terminal_id), -amount), (float_account(agent_id), amount))


def usage(posting_id: str, msisdn: str, currency: str, amount: int) -> Posting:
    """The subscriber spends main balance (calls, data): used to model spent credit."""
    return _posting(posting_id, "usage", msisdn, currency,
                    (main_account(msisdn), -amount), (usage_account(currency), amount))


def can_spend_float(balance: int, limit: int, amount: int) -> bool:
    """Float never goes below the agent's limit."""
    return balance - amount >= limit
