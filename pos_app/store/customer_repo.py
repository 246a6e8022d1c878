"""The customer panel's statements (issue 14): the cached server view per number, and this till's
own sales to a number (the history that works with no server at all)."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Sale
from .models_customer import CustomerView, ReminderConsent

_views = CustomerView.__table__
_sales = Sale.__table__
_consents = ReminderConsent.__table__


class CustomerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def cached(self, msisdn: str) -> tuple[dict[str, Any], int] | None:
        """(the server's last reply, fetched_at_ms), or None."""
        row = self.session.execute(select(_views.c.body, _views.c.fetched_at_ms)
                                   .where(_views.c.msisdn == msisdn)).first()
        if row is None:
            return None
        try:
            body = json.loads(row.body)
        except ValueError:
            return None
        return (body, int(row.fetched_at_ms)) if isinstance(body, dict) else None

    def keep(self, msisdn: str, body: dict[str, Any], fetched_at_ms: int) -> None:
        self.session.merge(CustomerView(msisdn=msisdn, body=json.dumps(body, separators=(",", ":")),
                                        fetched_at_ms=fetched_at_ms))

    def forget(self, msisdn: str) -> None:
        self.session.execute(_views.delete().where(_views.c.msisdn == msisdn))

    def local_sales(self, msisdn: str, limit: int) -> list[tuple[str, int, int, str, str, str]]:
        """(sale id, face, created_at_ms, operator, product, status) of this till's sales to the number, newest first."""
        rows = self.session.execute(
            select(_sales.c.id, _sales.c.face, _sales.c.created_at_ms, _sales.c.operator_code, _sales.c.product_code,
                   _sales.c.status).where(_sales.c.msisdn == msisdn)
            .order_by(_sales.c.created_at_ms.desc()).limit(limit)).all()
        return [(r[0], int(r[1]), int(r[2]), r[3], r[4], r[5]) for r in rows]

    def points_sales(self, msisdn: str) -> list[tuple[int, str, int]]:
        """(price, status, created_at_ms) of this till's sales to the number paid with points that
        stand or may (queued, confirmed): the offline points guard reduces the cached balance by them."""
        rows = self.session.execute(
            select(_sales.c.price, _sales.c.status, _sales.c.created_at_ms)
            .where(_sales.c.msisdn == msisdn, _sales.c.payment_method == "points",
                   _sales.c.status.in_(("QUEUED", "CONFIRMED")))).all()
        return [(int(r[0]), r[1], int(r[2])) for r in rows]

    # ---------------------------------------------------------------- reminder consent (till-points)

    def consent(self, msisdn: str) -> tuple[int, str, int | None, str | None] | None:
        """(consented_at_ms, consented_by, withdrawn_at_ms, withdrawn_by), or None: never asked."""
        row = self.session.execute(select(_consents.c.consented_at_ms, _consents.c.consented_by,
                                          _consents.c.withdrawn_at_ms, _consents.c.withdrawn_by)
                                   .where(_consents.c.msisdn == msisdn)).first()
        return None if row is None else (int(row[0]), row[1], row[2], row[3])

    def give_consent(self, msisdn: str, at_ms: int, clerk: str) -> None:
        self.session.merge(ReminderConsent(msisdn=msisdn, consented_at_ms=at_ms, consented_by=clerk,
                                           withdrawn_at_ms=None, withdrawn_by=None))

    def withdraw_consent(self, msisdn: str, at_ms: int, clerk: str) -> None:
        self.session.execute(_consents.update().where(_consents.c.msisdn == msisdn, _consents.c.withdrawn_at_ms.is_(None))
                             .values(withdrawn_at_ms=at_ms, withdrawn_by=clerk))

    def opted_in(self) -> list[tuple[str, int, str]]:
        """(msisdn, consented_at_ms, consented_by) of every number still opted in, oldest consent first."""
        rows = self.session.execute(select(_consents.c.msisdn, _consents.c.consented_at_ms, _consents.c.consented_by)
                                    .where(_consents.c.withdrawn_at_ms.is_(None))
                                    .order_by(_consents.c.consented_at_ms, _consents.c.msisdn)).all()
        return [(r[0], int(r[1]), r[2]) for r in rows]
