"""Tables of the customer panel (issue 14): the last server view of each customer, kept so an
offline till can still show it "as of" when it was fetched."""
from __future__ import annotations

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class CustomerView(Base):
    __tablename__ = "customer_views"
    msisdn: Mapped[str] = mapped_column(String(20), primary_key=True)  # E.164
    body: Mapped[str] = mapped_column(Text)  # the server's lookup reply, JSON
    fetched_at_ms: Mapped[int] = mapped_column(BigInteger)


class ReminderConsent(Base):
    """till-points: the customer agreed (or no longer agrees) to top-up reminders by SMS, recorded at
    the counter with the date and the clerk; every change is also in the hash-chained audit log.
    Kept at the till only: the shop's own SMS tool reads `pos-admin customers reminders --csv`."""

    __tablename__ = "reminder_consents"
    msisdn: Mapped[str] = mapped_column(String(20), primary_key=True)  # E.164
    consented_at_ms: Mapped[int] = mapped_column(BigInteger)
    consented_by: Mapped[str] = mapped_column(String(80))  # the clerk's name
    withdrawn_at_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # None: still opted in
    withdrawn_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
