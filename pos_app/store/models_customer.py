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
