"""Subscribers (customers' numbers) the server has topped up."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..models import Subscriber
from .base import Repository

_subscribers = Subscriber.__table__


@dataclass(frozen=True, slots=True)
class SubscriberRecord:
    msisdn: str
    currency: str
    bonus_expires_at_ms: int | None
    first_seen_ms: int


class SubscriberRepository(Repository):
    def get(self, msisdn: str) -> SubscriberRecord | None:
        row = self._execute(select(_subscribers.c.msisdn, _subscribers.c.currency, _subscribers.c.bonus_expires_at_ms,
                                   _subscribers.c.first_seen_ms).where(_subscribers.c.msisdn == msisdn)).first()
        return SubscriberRecord(*row) if row is not None else None

    def upsert_expiries(self, expiries: dict[str, int | None], currency: str, now_ms: int) -> None:
        """Create new subscribers; a later bonus expiry pushes the stored one out, None leaves it."""
        rows = [{"msisdn": m, "currency": currency, "bonus_expires_at_ms": e, "first_seen_ms": now_ms}
                for m, e in sorted(expiries.items())]
        if not rows:
            return
        if self._pg:
            with self._cursor() as cur:
                cur.execute(
                    "INSERT INTO subscribers (msisdn, currency, bonus_expires_at_ms, first_seen_ms) "
                    "SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::bigint[], %s::bigint[]) "
                    "ON CONFLICT (msisdn) DO UPDATE SET bonus_expires_at_ms = NULLIF(GREATEST("
                    "COALESCE(subscribers.bonus_expires_at_ms, 0), COALESCE(EXCLUDED.bonus_expires_at_ms, 0)), 0)",
                    [[r[k] for r in rows] for k in ("msisdn", "currency", "bonus_expires_at_ms", "first_seen_ms")])
            return
        stmt = self._upsert(_subscribers)
        later = stmt.excluded.bonus_expires_at_ms
        stmt = stmt.on_conflict_do_update(index_elements=["msisdn"], set_={
            "bonus_expires_at_ms": func.nullif(func.max(func.coalesce(_subscribers.c.bonus_expires_at_ms, 0),
                                                        func.coalesce(later, 0)), 0)})
        self._execute(stmt, rows)
