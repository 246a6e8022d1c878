"""The outbox engine: sends queued sales in batches, applies each batch's answers in one local
transaction, backs off on network trouble, keeps the catalog and float fresh, and guards the
offline allowance. Plain Python: the worker thread and the UI both drive it; Qt never appears.
"""
from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Callable

from sqlalchemy import func, select, update

from pos_app.domain.errors import DomainError, ValidationError
from pos_app.domain.money import Money
from pos_app.domain.records import SaleRecord
from pos_app.domain.sale import PricedSale, SaleStatus
from pos_app.services.clock import to_ms
from pos_app.store.models import OutboxItem, Sale
from pos_app.store.uow import UnitOfWork

from .client import NetworkError, ServerClient, ServerRefused
from .credentials import CredentialStore, Credentials

BATCH_SIZE = 250
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 60.0
FLOAT_REFRESH_S = 30.0
CATALOG_REFRESH_S = 300.0
DEFAULT_ALLOWANCE_SETTING = "offline_allowance"  # minor units the terminal asks the server to reserve
OFFLINE_AFTER_S = 90.0  # no successful contact for this long: we are offline


def backoff_s(attempts: int, rng: random.Random = random.Random()) -> float:
    """Capped exponential backoff with full jitter (attempts >= 1)."""
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** min(attempts - 1, 16))
    return rng.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool = False
    online: bool | None = None  # None: not known yet
    last_sync_at: datetime | None = None
    last_error: str | None = None
    queued: int = 0
    float_available: Money | None = None
    allowance_remaining: Money | None = None  # what the server still holds for us, minus our queued sales
    clock_skew_ms: int = 0
    catalog_version: int | None = None


@dataclass(frozen=True)
class DrainResult:
    sent: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0


class SyncEngine:
    def __init__(self, services, credentials: Credentials | None = None) -> None:  # noqa: ANN001
        self.services = services
        self.store = CredentialStore(services.data_dir.path)
        self.credentials = credentials or self.store.load()
        self.client = ServerClient(self.credentials) if self.credentials else None
        self._send_lock = threading.Lock()  # one sender at a time: the worker or the fast path
        self._state_lock = threading.Lock()
        self._status = SyncStatus(enrolled=self.credentials is not None)
        self._allowance_server_remaining: int | None = None
        self._last_contact_monotonic: float | None = None
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self.wake = threading.Event()
        services.sales.guards.append(self._offline_allowance_guard)
        services.sales.on_recorded.append(lambda _record: self.wake.set())

    # ---------------------------------------------------------------- status

    def add_listener(self, callback: Callable[[SyncStatus], None]) -> None:
        self._listeners.append(callback)

    def status(self) -> SyncStatus:
        with UnitOfWork(self.services.db, write=False) as uow:
            queued = uow.outbox.pending_count()
            queued_cost = _queued_float_cost(uow)
        with self._state_lock:
            status = replace(self._status, queued=queued)
            online = status.online
            if online and self._last_contact_monotonic is not None and \
                    time.monotonic() - self._last_contact_monotonic > OFFLINE_AFTER_S:
                online = False
            remaining = None
            if self._allowance_server_remaining is not None and status.float_available is not None:
                remaining = Money(max(self._allowance_server_remaining - queued_cost, 0), status.float_available.currency)
        return replace(status, online=online, allowance_remaining=remaining,
                       clock_skew_ms=self.client.skew_ms if self.client else 0)

    def _update(self, **changes: Any) -> None:
        with self._state_lock:
            self._status = replace(self._status, **changes)
        snapshot = self.status()
        for callback in list(self._listeners):
            try:
                callback(snapshot)
            except Exception:  # a broken listener must never stop the sync
                pass

    def _contact_ok(self) -> None:
        with self._state_lock:
            self._last_contact_monotonic = time.monotonic()
        self._update(online=True, last_sync_at=datetime.now(timezone.utc), last_error=None)

    def _contact_failed(self, exc: DomainError) -> None:
        self._update(online=False, last_error=exc.message)

    # ---------------------------------------------------------------- enrollment

    def enroll(self, server_url: str, code: str, label: str) -> Credentials:
        client = ServerClient(None, server_url)
        try:
            creds = client.enroll(code.strip(), label)
        finally:
            client.close()
        self.store.save(creds)
        now_ms = to_ms(self.services.clock.now())
        with UnitOfWork(self.services.db) as uow:
            # The server names this terminal from now on; earlier sales go up under this id too.
            uow.settings.set("terminal_id", creds.terminal_id)
            uow.settings.set("terminal_code", creds.terminal_code)
            uow.settings.set("server_url", creds.server_url)
            uow.audit.append(now_ms, "system:enroll", "terminal.enrolled", creds.terminal_id,
                             {"server_url": creds.server_url, "terminal_code": creds.terminal_code})
            uow.commit()
        self.services.sales.refresh_terminal()
        self.credentials = creds
        self.client = ServerClient(creds)
        self._update(enrolled=True)
        return creds

    def _require_client(self) -> ServerClient:
        if self.client is None:
            raise DomainError("not_enrolled", "This terminal is not enrolled with a prepaid server yet.")
        return self.client

    # ---------------------------------------------------------------- sales

    def _due_sales(self, limit: int) -> list[tuple[int, dict[str, Any], int]]:
        now_ms = to_ms(self.services.clock.now())
        with UnitOfWork(self.services.db, write=False) as uow:
            rows = uow.session.execute(
                select(OutboxItem.id, OutboxItem.payload, OutboxItem.attempts)
                .where(OutboxItem.state == "pending", OutboxItem.kind == "sale",
                       OutboxItem.next_attempt_at_ms <= now_ms)
                .order_by(OutboxItem.id).limit(limit)
            ).all()
        terminal_id = self.credentials.terminal_id if self.credentials else None
        out = []
        for item_id, payload, attempts in rows:
            doc = json.loads(payload)
            if terminal_id:
                doc["terminal_id"] = terminal_id  # sales made before enrollment go up under the enrolled id
            out.append((item_id, doc, attempts))
        return out

    def drain_once(self, batch_size: int = BATCH_SIZE) -> DrainResult:
        """Send one batch of due sales. Raises NetworkError when the server can't be reached."""
        client = self._require_client()
        with self._send_lock:
            due = self._due_sales(batch_size)
            if not due:
                return DrainResult()
            try:
                reply = client.post_batch([doc for _, doc, _ in due])
            except NetworkError as exc:
                self._postpone([(item_id, attempts) for item_id, _, attempts in due], exc.message)
                self._contact_failed(exc)
                raise
            result = self._apply([(item_id, r) for (item_id, _, _), r in zip(due, reply["results"])])
        self._note_float(reply.get("float"))
        self._contact_ok()
        return result

    def drain(self, max_seconds: float = 60.0) -> DrainResult:
        """Send until nothing is due (or the time is up). Network errors propagate."""
        total = DrainResult()
        deadline = time.monotonic() + max_seconds
        while time.monotonic() < deadline:
            step = self.drain_once()
            if step.sent == 0:
                break
            total = DrainResult(total.sent + step.sent, total.accepted + step.accepted,
                                total.duplicate + step.duplicate, total.rejected + step.rejected)
        return total

    def submit_now(self, sale_id: str, timeout: float = 2.0) -> SaleStatus:
        """The online fast path for a sale just recorded. On timeout or no network it stays QUEUED:
        its outcome is unknown until the server answers for this same id."""
        if self.client is None:
            return SaleStatus.QUEUED
        if not self._send_lock.acquire(timeout=timeout):
            return SaleStatus.QUEUED  # the worker is sending; it will carry this sale too
        try:
            with UnitOfWork(self.services.db, write=False) as uow:
                item = uow.session.execute(
                    select(OutboxItem.id, OutboxItem.payload).where(
                        OutboxItem.ref_id == sale_id, OutboxItem.kind == "sale", OutboxItem.state == "pending")
                ).first()
            if item is None:
                return self._sale_status(sale_id)
            doc = json.loads(item.payload)
            if self.credentials:
                doc["terminal_id"] = self.credentials.terminal_id
            try:
                reply = self.client.post_sale(doc, timeout=timeout)
            except NetworkError as exc:
                self._contact_failed(exc)
                return SaleStatus.QUEUED
            self._apply([(item.id, reply)])
        finally:
            self._send_lock.release()
        self._contact_ok()
        return self._sale_status(sale_id)

    def _sale_status(self, sale_id: str) -> SaleStatus:
        with UnitOfWork(self.services.db, write=False) as uow:
            return SaleStatus(uow.sales.get(sale_id).status)

    def _apply(self, answers: list[tuple[int, dict[str, Any]]]) -> DrainResult:
        """All answers of one batch in one local transaction."""
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        now_ms = to_ms(self.services.clock.now())
        with UnitOfWork(self.services.db) as uow:
            s = uow.session
            for item_id, answer in answers:
                status = answer.get("status")
                outbox = s.get(OutboxItem, item_id)
                if status not in counts:  # an answer we don't understand: keep the sale queued
                    outbox.last_error = f"unexpected answer {status!r}"
                    continue
                counts[status] += 1
                current = s.execute(select(Sale.status).where(Sale.id == outbox.ref_id)).scalar()
                if current == SaleStatus.QUEUED.value:
                    if status in ("accepted", "duplicate"):
                        uow.sales.set_status(outbox.ref_id, SaleStatus.CONFIRMED, now_ms,
                                             server_ref=answer.get("server_ref"))
                    else:
                        uow.sales.set_status(outbox.ref_id, SaleStatus.REJECTED, now_ms,
                                             reject_code=answer.get("code") or "rejected",
                                             reject_message=answer.get("message") or "The server refused this sale.")
                outbox.state = "done"
                outbox.attempts += 1
                outbox.last_error = None if status != "rejected" else answer.get("code")
            uow.commit()
        return DrainResult(sum(counts.values()), counts["accepted"], counts["duplicate"], counts["rejected"])

    def _postpone(self, items: list[tuple[int, int]], error: str) -> None:
        now_ms = to_ms(self.services.clock.now())
        with UnitOfWork(self.services.db) as uow:
            for item_id, attempts in items:
                uow.session.execute(update(OutboxItem).where(OutboxItem.id == item_id).values(
                    attempts=attempts + 1, last_error=error,
                    next_attempt_at_ms=now_ms + int(backoff_s(attempts + 1) * 1000)))
            uow.commit()

    def next_due_in_s(self) -> float | None:
        """Seconds until the earliest postponed sale is due again (None: nothing pending)."""
        with UnitOfWork(self.services.db, write=False) as uow:
            earliest = uow.session.execute(
                select(func.min(OutboxItem.next_attempt_at_ms)).where(OutboxItem.state == "pending")).scalar()
        if earliest is None:
            return None
        return max(0.0, (earliest - to_ms(self.services.clock.now())) / 1000)

    # ---------------------------------------------------------------- catalog, float, allowance

    def pull_catalog(self) -> int | None:
        """Fetch a newer catalog if there is one. Returns the version now in force."""
        client = self._require_client()
        try:
            body, etag = client.catalog(self.services.catalogs.etag())
        except NetworkError as exc:
            self._contact_failed(exc)
            raise
        if body is not None:
            self.services.catalogs.store(body, etag)
        version = self.services.catalogs.current().version
        self._update(catalog_version=version)
        self._contact_ok()
        return version

    def refresh_float(self) -> dict[str, Any]:
        client = self._require_client()
        try:
            view = client.float_status()
            wanted = self._wanted_allowance()
            if wanted and view["allowance"]["reserved"] < wanted:
                view = client.reserve_allowance(wanted)
        except NetworkError as exc:
            self._contact_failed(exc)
            raise
        self._note_float(view)
        self._contact_ok()
        return view

    def _wanted_allowance(self) -> int:
        with UnitOfWork(self.services.db, write=False) as uow:
            return int(uow.settings.get(DEFAULT_ALLOWANCE_SETTING, "0") or 0)

    def _note_float(self, view: dict[str, Any] | None) -> None:
        if not view:
            return
        try:
            currency = view["currency"]
            available = Money(int(view["available"]), currency)
            remaining = int(view["allowance"]["remaining"])
        except (KeyError, TypeError, ValueError):
            return  # a float view we can't read changes nothing
        with self._state_lock:
            self._allowance_server_remaining = remaining
        self._update(float_available=available)

    def _offline_allowance_guard(self, uow: UnitOfWork, priced: PricedSale) -> None:
        """Runs inside the sale's transaction. Offline, a terminal may only sell what the server
        has already reserved for it, so the server never carries an unbacked sale."""
        if self.credentials is None:
            return  # a stand-alone terminal (no server): nothing to guard against
        status = self.status()
        if status.online:
            return
        with self._state_lock:
            server_remaining = self._allowance_server_remaining
        if server_remaining is None:
            raise ValidationError("offline_no_allowance",
                                  "The server cannot be reached and this terminal has no offline allowance yet. "
                                  "Connect to the server, then sell.")
        queued = _queued_float_cost(uow)
        if queued + priced.float_cost.amount > server_remaining:
            left = Money(max(server_remaining - queued, 0), priced.float_cost.currency)
            raise ValidationError("offline_allowance_exceeded",
                                  f"Offline, this terminal can sell only {left} more of float. "
                                  "Reconnect to the server to sell more.")

    # ---------------------------------------------------------------- conveniences for front ends

    def sync_now(self) -> DrainResult:
        """Catalog, float and every due sale, once (pos-admin sync)."""
        self.pull_catalog()
        self.refresh_float()
        return self.drain()


def _queued_float_cost(uow: UnitOfWork) -> int:
    return uow.session.execute(
        select(func.coalesce(func.sum(Sale.float_cost), 0)).where(Sale.status == SaleStatus.QUEUED.value)
    ).scalar() or 0
