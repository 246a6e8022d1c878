"""Targeted promotions (issue 14, offers): one row per accepted sale that got a bonus from a
promotion, so the per-customer weekly cap is a sum over (msisdn, iso_week) and the cost of
honouring a printed bonus the server would not have given is on record (docs/LOYALTY.md)."""
from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class PromotionAward(Base):
    __tablename__ = "promotion_awards"
    sale_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    msisdn: Mapped[str] = mapped_column(String(20))
    agent_id: Mapped[str] = mapped_column(String(36))
    promotion_code: Mapped[str] = mapped_column(String(64))
    iso_week: Mapped[str] = mapped_column(String(8))  # "2026-W49", of the sale's created_at_ms (UTC)
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    catalog_version: Mapped[int] = mapped_column(Integer)
    bonus: Mapped[int] = mapped_column(BigInteger)  # paid (minor units): max(recomputed, printed)
    recomputed: Mapped[int] = mapped_column(BigInteger)  # what the server's own facts gave
    honoured: Mapped[int] = mapped_column(BigInteger)  # bonus - recomputed: paid because it was printed
    reason: Mapped[str | None] = mapped_column(String(120), nullable=True)  # JSON of topup_core Reason

    __table_args__ = (Index("ix_promotion_awards_msisdn_week", "msisdn", "iso_week"),)
