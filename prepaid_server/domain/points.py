"""The points ledger: double-entry postings in the ledger's own "currency" PTS, beside the money.

A customer's points sit on `points:{msisdn}` (positive when held); each agent's programme account
`system:points:{agent_id}` carries the other side (it runs negative by what its sales granted), and
`system:points_expired` takes what expires. Every posting sums to zero; balances are sums of entries,
exactly as for money (domain/ledger.py), so ledger-check proves points too.
"""
from __future__ import annotations

from topup_core.loyalty import EARN, EARN_REVERSAL, EXPIRY, POINTS, REDEEM, REDEEM_RESTORE

from .ledger import Entry, Posting


def points_account(msisdn: str) -> str:
    return f"points:{msisdn}"


def programme_account(agent_id: str) -> str:
    return f"system:points:{agent_id}"


EXPIRED_ACCOUNT = "system:points_expired"


def _posting(pid: str, kind: str, ref: str | None, customer: str, other: str, amount: int) -> Posting:
    if type(amount) is not int or amount <= 0:
        raise ValueError(f"{pid}: points are a positive int")
    sign = 1 if kind in (EARN, REDEEM_RESTORE) else -1
    return Posting(pid, kind, ref, POINTS, (Entry(customer, sign * amount), Entry(other, -sign * amount)))


def earn(sale_id: str, agent_id: str, msisdn: str, points: int) -> Posting:
    return _posting(f"points:{sale_id}", EARN, sale_id, points_account(msisdn), programme_account(agent_id), points)


def redeem(sale_id: str, agent_id: str, msisdn: str, points: int) -> Posting:
    return _posting(f"points-redeem:{sale_id}", REDEEM, sale_id, points_account(msisdn),
                    programme_account(agent_id), points)


def take_back(reversal_id: str, sale_id: str, agent_id: str, msisdn: str, points: int) -> Posting:
    return _posting(f"points-reversal:{reversal_id}", EARN_REVERSAL, sale_id, points_account(msisdn),
                    programme_account(agent_id), points)


def restore(reversal_id: str, sale_id: str, agent_id: str, msisdn: str, points: int) -> Posting:
    return _posting(f"points-restore:{reversal_id}", REDEEM_RESTORE, sale_id, points_account(msisdn),
                    programme_account(agent_id), points)


def expire(msisdn: str, points: int, expired_total: int) -> Posting:
    """Expired points leave the customer. The id names the customer's running total of expiries,
    so two transactions that catch up on the same expiry collide on the key (one of them reruns)."""
    return _posting(f"points-expiry:{msisdn}:{expired_total}", EXPIRY, None, points_account(msisdn),
                    EXPIRED_ACCOUNT, points)
