"""Thin repositories over one SQLAlchemy session; the unit of work owns the transaction."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterator

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from topup_core.audit import GENESIS, ChainedEntry, canonical, entry_hash
from topup_core.money import Money
from topup_core.payment import PaymentMethod
from pos_app.domain.records import SaleRecord
from pos_app.domain.sale import SaleStatus

from .models import AuditEntry, CatalogVersion, OutboxItem, Sale, Sequence, Setting, User, VoucherStock


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.session.get(Setting, key)
        return row.value if row else default

    def set(self, key: str, value: str) -> None:
        self.session.merge(Setting(key=key, value=value))

    def all(self) -> dict[str, str]:
        return {row.key: row.value for row in self.session.scalars(select(Setting))}


# The hot path of a sale runs on Core statements: the ORM's flush machinery costs more than the
# fsync here, and the sale must stay well inside its 5 ms budget.
_NEXT_SEQ = text("UPDATE sequences SET next_value = next_value + 1 WHERE name = :name RETURNING next_value - 1")
_LAST_AUDIT_HASH = text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


class SequenceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next(self, name: str) -> int:
        """Take the next number. Gap-free because it commits or rolls back with its user."""
        conn = self.session.connection()
        taken = conn.execute(_NEXT_SEQ, {"name": name}).scalar()
        if taken is None:
            conn.execute(insert(Sequence.__table__), {"name": name, "next_value": 2})
            taken = 1
        return taken

    def peek(self, name: str) -> int:
        row = self.session.get(Sequence, name)
        return row.next_value if row else 1


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_username(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username))

    def by_id(self, user_id: str) -> User | None:
        return self.session.get(User, user_id)

    def add(self, user: User) -> None:
        self.session.add(user)

    def list(self) -> list[User]:
        return list(self.session.scalars(select(User).order_by(User.username)))


class CatalogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def latest(self) -> CatalogVersion | None:
        return self.session.scalar(select(CatalogVersion).order_by(CatalogVersion.version.desc()).limit(1))

    def get(self, version: int) -> CatalogVersion | None:
        return self.session.get(CatalogVersion, version)

    def add(self, version: int, body: dict[str, Any], etag: str | None, now_ms: int) -> None:
        if self.session.get(CatalogVersion, version) is None:
            self.session.add(CatalogVersion(version=version, etag=etag, body=json.dumps(body), received_at_ms=now_ms))


class SaleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, sale: Sale) -> None:
        """Insert without attaching `sale` to the session: it stays a plain, detached value."""
        self.session.connection().execute(insert(Sale.__table__), _row(sale))

    def get(self, sale_id: str) -> Sale | None:
        return self.session.get(Sale, sale_id)

    def set_status(self, sale_id: str, status: SaleStatus, now_ms: int, **fields: Any) -> None:
        self.session.execute(
            update(Sale).where(Sale.id == sale_id).values(status=status.value, status_changed_at_ms=now_ms, **fields)
        )

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(Sale)) or 0

    def count_by_status(self) -> dict[str, int]:
        return dict(self.session.execute(select(Sale.status, func.count()).group_by(Sale.status)).all())


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, kind: str, ref_id: str, payload: dict[str, Any], now_ms: int) -> OutboxItem:
        values = {"kind": kind, "ref_id": ref_id, "payload": json.dumps(payload, sort_keys=True, separators=(",", ":")),
                  "created_at_ms": now_ms, "state": "pending", "attempts": 0, "next_attempt_at_ms": 0, "last_error": None}
        result = self.session.connection().execute(insert(OutboxItem.__table__), values)
        return OutboxItem(id=result.inserted_primary_key[0], **values)

    def for_ref(self, ref_id: str) -> list[OutboxItem]:
        return list(self.session.scalars(select(OutboxItem).where(OutboxItem.ref_id == ref_id)))

    def pending_count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.state == "pending")) or 0


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, at_ms: int, actor: str, action: str, subject: str | None, details: dict[str, Any]) -> AuditEntry:
        self.session.flush()  # pending ORM changes first, so statements run in a consistent order
        conn = self.session.connection()
        prev = conn.execute(_LAST_AUDIT_HASH).scalar() or GENESIS
        body = canonical(details)
        values = {"at_ms": at_ms, "actor": actor, "action": action, "subject": subject, "details": body,
                  "prev_hash": prev, "hash": entry_hash(prev, at_ms, actor, action, subject, body)}
        result = conn.execute(insert(AuditEntry.__table__), values)
        return AuditEntry(id=result.inserted_primary_key[0], **values)

    def iterate(self, batch: int = 5000) -> Iterator[ChainedEntry]:
        last_id = 0
        while True:
            rows = self.session.execute(
                select(AuditEntry.id, AuditEntry.at_ms, AuditEntry.actor, AuditEntry.action, AuditEntry.subject,
                       AuditEntry.details, AuditEntry.prev_hash, AuditEntry.hash)
                .where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
            ).all()
            if not rows:
                return
            for row in rows:
                yield ChainedEntry(*row)
            last_id = rows[-1][0]

    def for_subject(self, subject: str) -> list[AuditEntry]:
        return list(self.session.scalars(select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.id)))


class VoucherRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def take(self, product_code: str, face: int, sale_id: str) -> VoucherStock | None:
        voucher = self.session.scalar(
            select(VoucherStock).where(VoucherStock.product_code == product_code, VoucherStock.face == face,
                                       VoucherStock.state == "available").order_by(VoucherStock.serial).limit(1)
        )
        if voucher is not None:
            voucher.state = "sold"
            voucher.sale_id = sale_id
        return voucher

    def add(self, voucher: VoucherStock) -> None:
        self.session.add(voucher)

    def available(self, product_code: str, face: int) -> int:
        return self.session.scalar(
            select(func.count()).select_from(VoucherStock).where(
                VoucherStock.product_code == product_code, VoucherStock.face == face, VoucherStock.state == "available")
        ) or 0


def ms_to_datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).replace(microsecond=(ms % 1000) * 1000)


def sale_to_record(sale: Sale, clerk_name: str, terminal_code: str) -> SaleRecord:
    money = lambda v: None if v is None else Money(v, sale.currency)  # noqa: E731
    return SaleRecord(
        id=sale.id, seq=sale.seq, receipt_no=f"{terminal_code}-{sale.seq:06d}", terminal_id=sale.terminal_id,
        created_at=ms_to_datetime(sale.created_at_ms), business_day=sale.business_day, clerk_id=sale.clerk_id,
        clerk_name=clerk_name, operator_code=sale.operator_code, product_code=sale.product_code,
        product_name=sale.product_name, product_kind=sale.product_kind, msisdn=sale.msisdn,
        face=Money(sale.face, sale.currency), bonus=Money(sale.bonus, sale.currency),
        price=Money(sale.price, sale.currency), float_cost=Money(sale.float_cost, sale.currency),
        commission=Money(sale.commission, sale.currency), promotion_code=sale.promotion_code,
        payment_method=PaymentMethod(sale.payment_method), tendered=money(sale.tendered), change=money(sale.change),
        payment_reference=sale.payment_reference, catalog_version=sale.catalog_version,
        status=SaleStatus(sale.status), server_ref=sale.server_ref, reject_code=sale.reject_code,
        reject_message=sale.reject_message, voucher_serial=sale.voucher_serial, voucher_pin=sale.voucher_pin,
    )
