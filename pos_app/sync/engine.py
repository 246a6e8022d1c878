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

from sqlalchemy import bindparam, func, select, update

from topup_core.errors import DomainError, ValidationError
from topup_core.money import Money
from pos_app.domain.records import SaleRecord
from pos_app.domain.sale import PricedSale, SaleStatus
from pos_app.services.clock import to_ms
from pos_app.services.fixes import FixService, release_voucher
from pos_app.services.reports import ReportService
from pos_app.store.models import OutboxItem, Sale
from pos_app.store.uow import UnitOfWork

from .client import NetworkError, ServerClient, ServerRefused
from .credentials import CredentialStore, Credentials

OTHER_KINDS = ("reversal", "cancel", "z_report")  # outbox kinds sent one request each, after the sales
OTHER_BATCH = 20
OTHER_PATHS = {"reversal": "/api/v1/reversals", "cancel": "/api/v1/cancellations", "z_report": "/api/v1/closes"}

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
    others: int = 0  # reversals, cancellations and Z reports answered


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
        services.sales.on_recorded.append(self._wake_on_sale)
        for source in (getattr(services, "fixes", None), getattr(services, "reports", None)):
            if source is not None:
                source.on_queued.append(lambda _ref: self.wake.set())

    def close(self) -> None:
        """Detach from the services (guard, listener) and close the HTTP session."""
        if self._offline_allowance_guard in self.services.sales.guards:
            self.services.sales.guards.remove(self._offline_allowance_guard)
        if self._wake_on_sale in self.services.sales.on_recorded:
            self.services.sales.on_recorded.remove(self._wake_on_sale)
        if self.client is not None:
            self.client.close()

    def _wake_on_sale(self, _record: SaleRecord) -> None:
        self.wake.set()

    def believed_offline(self) -> bool:
        """Cheap (no I/O): the last contact failed. The fast path is skipped then, so an offline
        counter never waits on a connection attempt before the receipt prints."""
        with self._state_lock:
            return self._status.online is False

    # ---------------------------------------------------------------- status

    def add_listener(self, callback: Callable[[SyncStatus], None]) -> None:
        self._listeners.append(callback)

    def status(self) -> SyncStatus:
        with UnitOfWork(self.services.db, write=False) as uow:
            queued = uow.outbox.pending_count()
            queued_cost = _queued_float_cost(uow)
        online = self._online_now()
        with self._state_lock:
            status = replace(self._status, queued=queued)
            remaining = None
            if self._allowance_server_remaining is not None and status.float_available is not None:
                remaining = Money(max(self._allowance_server_remaining - queued_cost, 0), status.float_available.currency)
        return replace(status, online=online, allowance_remaining=remaining,
                       clock_skew_ms=self.client.skew_ms if self.client else 0)

    def _update(self, **changes: Any) -> None:
        with self._state_lock:
            self._status = replace(self._status, **changes)
        if not self._listeners:
            return  # a snapshot costs two queries: only build it for someone who listens
        snapshot = self.status()
        for callback in list(self._listeners):
            try:
                callback(snapshot)
            except Exception:  # a broken listener must never stop the sync
                pass

    def _online_now(self) -> bool | None:
        """No I/O: the last contact succeeded and is recent enough. None: never tried."""
        with self._state_lock:
            online = self._status.online
            if online and self._last_contact_monotonic is not None and \
                    time.monotonic() - self._last_contact_monotonic > OFFLINE_AFTER_S:
                online = False
        return online

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
        """Pick due sales and mark them sent (sent_at_ms) in one write transaction, so a manager's
        cancel either comes first (the row is no longer pending) or sees the mark and refuses."""
        now_ms = to_ms(self.services.clock.now())
        query = (select(OutboxItem.id, OutboxItem.payload, OutboxItem.attempts, OutboxItem.sent_at_ms)
                 .where(OutboxItem.state == "pending", OutboxItem.kind == "sale",
                        OutboxItem.next_attempt_at_ms <= now_ms)
                 .order_by(OutboxItem.id).limit(limit))
        with UnitOfWork(self.services.db, write=False) as uow:
            if uow.session.execute(query.limit(1)).first() is None:
                return []  # nothing due: no need for the write lock
        with UnitOfWork(self.services.db) as uow:
            rows = uow.session.execute(query).all()
            first_time = [r[0] for r in rows if r[3] is None]
            if first_time:
                uow.session.execute(update(OutboxItem).where(OutboxItem.id.in_(first_time))
                                    .values(sent_at_ms=now_ms))
                uow.commit()
        terminal_id = self.credentials.terminal_id if self.credentials else None
        out = []
        for item_id, payload, attempts, _sent in rows:
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
                others = self._drain_others(client)
                return DrainResult(sent=others, others=others)
            try:
                reply = client.post_batch([doc for _, doc, _ in due])
            except NetworkError as exc:
                self._postpone([(item_id, attempts) for item_id, _, attempts in due], exc.message)
                self._contact_failed(exc)
                raise
            result = self._apply([(item_id, r) for (item_id, _, _), r in zip(due, reply["results"])])
            others = self._drain_others(client)
            if others:
                result = replace(result, sent=result.sent + others, others=others)
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
                                total.duplicate + step.duplicate, total.rejected + step.rejected,
                                total.others + step.others)
        return total

    def submit_now(self, sale_id: str, timeout: float = 2.0) -> SaleStatus:
        """The online fast path for a sale just recorded. On timeout or no network it stays QUEUED:
        its outcome is unknown until the server answers for this same id."""
        if self.client is None:
            return SaleStatus.QUEUED
        if not self._send_lock.acquire(timeout=timeout):
            return SaleStatus.QUEUED  # the worker is sending; it will carry this sale too
        try:
            with UnitOfWork(self.services.db) as uow:  # pick and mark sent together (see _due_sales)
                item = uow.session.execute(
                    select(OutboxItem.id, OutboxItem.payload, OutboxItem.sent_at_ms).where(
                        OutboxItem.ref_id == sale_id, OutboxItem.kind == "sale", OutboxItem.state == "pending")
                ).first()
                if item is not None and item.sent_at_ms is None:
                    uow.session.execute(update(OutboxItem).where(OutboxItem.id == item.id)
                                        .values(sent_at_ms=to_ms(self.services.clock.now())))
                    uow.commit()
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
        """All answers of one batch in one local transaction, as a few set-based statements
        (per-row ORM updates made a 250-sale batch cost seconds)."""
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        now_ms = to_ms(self.services.clock.now())
        sales, outbox = Sale.__table__, OutboxItem.__table__
        with UnitOfWork(self.services.db) as uow:
            conn = uow.session.connection()
            refs = dict(conn.execute(select(outbox.c.id, outbox.c.ref_id)
                                     .where(outbox.c.id.in_([item_id for item_id, _ in answers]))).all())
            queued = {row[0] for row in conn.execute(
                select(sales.c.id).where(sales.c.id.in_(list(refs.values())), sales.c.status == SaleStatus.QUEUED.value))}
            confirmed, rejected, done, unknown = [], [], [], []
            for item_id, answer in answers:
                status, sale_id = answer.get("status"), refs[item_id]
                if status not in counts:  # an answer we don't understand: keep the sale queued
                    unknown.append({"b_id": item_id, "b_err": f"unexpected answer {status!r}"})
                    continue
                counts[status] += 1
                error = answer.get("code") if status == "rejected" else None
                done.append({"b_id": item_id, "b_err": error})
                if sale_id not in queued:
                    continue  # already settled (e.g. by the fast path, or cancelled): nothing to change
                if status == "rejected":
                    rejected.append({"b_id": sale_id, "b_code": answer.get("code") or "rejected",
                                     "b_msg": answer.get("message") or "The server refused this sale."})
                else:
                    confirmed.append({"b_id": sale_id, "b_ref": answer.get("server_ref")})
            settle = (update(sales).where(sales.c.id == bindparam("b_id"), sales.c.status == SaleStatus.QUEUED.value))
            if confirmed:
                conn.execute(settle.values(status=SaleStatus.CONFIRMED.value, status_changed_at_ms=now_ms,
                                           server_ref=bindparam("b_ref")), confirmed)
            if rejected:
                conn.execute(settle.values(status=SaleStatus.REJECTED.value, status_changed_at_ms=now_ms,
                                           reject_code=bindparam("b_code"), reject_message=bindparam("b_msg")), rejected)
                for row in rejected:
                    release_voucher(uow, row["b_id"])  # not sold: the voucher goes back to stock
            if done:
                conn.execute(update(outbox).where(outbox.c.id == bindparam("b_id"))
                             .values(state="done", attempts=outbox.c.attempts + 1, last_error=bindparam("b_err")), done)
            if unknown:
                conn.execute(update(outbox).where(outbox.c.id == bindparam("b_id"))
                             .values(last_error=bindparam("b_err")), unknown)
            uow.commit()
        return DrainResult(sum(counts.values()), counts["accepted"], counts["duplicate"], counts["rejected"])

    # ---------------------------------------------------------------- reversals, cancellations, Z reports

    def _drain_others(self, client: ServerClient, limit: int = OTHER_BATCH) -> int:
        """Send due outbox rows of the other kinds, oldest first, one request each (they are few).
        Caller holds the send lock. Network errors postpone the row and stop; a problem+json
        refusal is final for that row (parked, the refusal applied like an answer)."""
        now_ms = to_ms(self.services.clock.now())
        with UnitOfWork(self.services.db, write=False) as uow:
            rows = uow.session.execute(
                select(OutboxItem.id, OutboxItem.kind, OutboxItem.ref_id, OutboxItem.payload, OutboxItem.attempts)
                .where(OutboxItem.state == "pending", OutboxItem.kind.in_(OTHER_KINDS),
                       OutboxItem.next_attempt_at_ms <= now_ms)
                .order_by(OutboxItem.id).limit(limit)
            ).all()
        done = 0
        for item_id, kind, ref_id, payload, attempts in rows:
            try:
                response = client.request("POST", OTHER_PATHS[kind], json.loads(payload))
                answer = client._json(response)
                if not isinstance(answer, dict):
                    raise NetworkError("corrupt_reply", "The server's reply was not readable.")
                final = "done"
            except NetworkError as exc:
                self._postpone([(item_id, attempts)], exc.message)
                self._contact_failed(exc)
                break
            except ServerRefused as exc:
                answer = {"status": "refused", "code": exc.code, "message": exc.message}
                final = "parked"
            self._apply_other(item_id, kind, ref_id, answer, final)
            done += 1
        return done

    def _apply_other(self, item_id: int, kind: str, ref_id: str, answer: dict[str, Any], final: str) -> None:
        now_ms = to_ms(self.services.clock.now())
        with UnitOfWork(self.services.db) as uow:
            if kind == "reversal":
                FixService.apply_reversal_answer(uow, ref_id, answer, now_ms)
            elif kind == "cancel":
                FixService.apply_cancel_answer(uow, ref_id, answer, now_ms)
            elif kind == "z_report":
                ReportService.apply_close_answer(uow, ref_id, answer, now_ms)
            outbox = uow.session.get(OutboxItem, item_id)
            outbox.state = final
            outbox.attempts += 1
            outbox.last_error = answer.get("code") if final != "done" else None
            uow.commit()

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
        if self._online_now():
            return  # on the sale's hot path: online costs no query at all
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
