"""The outbox engine: sends queued sales in batches, applies each batch's answers in one local
transaction, backs off on network trouble, keeps the catalog and float fresh, and guards the
offline allowance. Plain Python: the worker thread and the use cases drive it; Qt never appears.

It is the adapter behind four of the application's ports (pos_app/application/ports.py):
`SaleSubmitter` (the online fast path), `AllowanceGuard` (inside every sale's transaction),
`OutboxNotifier` (wake the worker) and `ServerLink` (enroll, pull the catalog, refresh the float,
drain). What an answer means for a sale is decided in pos_app/application/answers.py.
"""
from __future__ import annotations

import json
import logging
import random
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from topup_core.backoff import full_jitter
from topup_core.errors import DomainError, ValidationError
from topup_core.money import Money
from pos_app.application import settings as bs
from pos_app.application.answers import OTHER_ANSWERS, DrainResult, apply_sale_answers
from pos_app.application.catalog import CatalogService
from pos_app.application.clock import to_ms
from pos_app.application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from pos_app.application.records import Enrollment
from pos_app.domain.sale import PricedSale, SaleStatus

from .client import FAST_PATH_TIMEOUT_S, NetworkError, ServerClient, ServerRefused, parse_urls
from .credentials import CredentialStore, Credentials

log = logging.getLogger(__name__)

OTHER_KINDS = ("reversal", "cancel", "z_report")  # outbox kinds sent one request each, after the sales
OTHER_BATCH = 20
OTHER_PATHS = {"reversal": "/api/v1/reversals", "cancel": "/api/v1/cancellations", "z_report": "/api/v1/closes"}

BATCH_SIZE = 250
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 60.0
FLOAT_REFRESH_S = 30.0
CATALOG_REFRESH_S = 300.0
OFFLINE_AFTER_S = 90.0  # no successful contact for this long: we are offline


def backoff_s(attempts: int, rng: random.Random | None = None) -> float:
    """How long to wait after `attempts` failures: capped exponential with full jitter."""
    return full_jitter(attempts, BACKOFF_BASE_S, BACKOFF_CAP_S, rng)


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


class SyncEngine:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, catalogs: CatalogService,
                 settings: bs.BusinessSettings, data_dir: Path, credentials: Credentials | None = None) -> None:
        self.uow = uow
        self.clock = clock
        self.catalogs = catalogs
        self.settings = settings
        self.store = CredentialStore(data_dir)
        self.credentials = credentials or self.store.load()
        self.client = self._client(self.credentials) if self.credentials else None
        self._send_lock = threading.Lock()  # one sender at a time: the worker or the fast path
        self._state_lock = threading.Lock()
        self._status = SyncStatus(enrolled=self.credentials is not None)
        self._allowance_server_remaining: int | None = None
        self._last_contact_monotonic: float | None = None
        self.wake = threading.Event()

    def close(self) -> None:
        """Close the HTTP session."""
        if self.client is not None:
            self.client.close()

    # ---------------------------------------------------------------- OutboxNotifier

    def queued(self) -> None:
        """Something was queued for the server (a sale, a reversal, a Z): wake the worker."""
        self.wake.set()

    @property
    def enrolled(self) -> bool:
        return self.credentials is not None

    def believed_offline(self) -> bool:
        """Cheap (no I/O): the last contact failed. The fast path is skipped then, so an offline
        counter never waits on a connection attempt before the receipt prints."""
        with self._state_lock:
            return self._status.online is False

    # ---------------------------------------------------------------- status

    def status(self) -> SyncStatus:
        with self.uow(write=False) as uow:
            queued = uow.outbox.pending_count()
            queued_cost = uow.sales.queued_float_cost()
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

    def enroll(self, server_url: str, code: str, label: str, *, request_id: str | None = None) -> Enrollment:
        """Enroll with the one-time code and keep the secret (keyring or a private file). The
        Enroll use case records the terminal's new id and code in the database. `request_id` makes
        a retry after a lost reply the same request (a server that knows it returns the same terminal)."""
        client = ServerClient(None, server_url, verify=self._verify())
        try:
            creds = client.enroll(code.strip(), label, request_id=request_id)
        finally:
            client.close()
        self.store.save(creds)
        old, self.credentials, self.client = self.client, creds, self._client(creds)
        if old is not None:
            old.close()
        self._update(enrolled=True)
        return Enrollment(creds.terminal_id, creds.terminal_code, creds.server_url)

    def repoint(self, server_url: str) -> Enrollment:
        if self.credentials is None:
            raise DomainError("not_enrolled", "This terminal is not enrolled with a prepaid server yet.")
        creds = replace(self.credentials, server_url=server_url.rstrip("/"))
        self.store.save(creds)
        old, self.credentials, self.client = self.client, creds, self._client(creds)
        if old is not None:
            old.close()
        return Enrollment(creds.terminal_id, creds.terminal_code, creds.server_url)

    def _verify(self) -> bool | str:
        """requests' `verify=`: the CA bundle set for the server, else the system's (issue 11)."""
        bundle = (self.settings.get(bs.SERVER_CA_BUNDLE) or "").strip()
        return bundle or True

    def _client(self, creds: Credentials) -> ServerClient:
        """A client for the enrolled server, with the fallback servers of the settings (issue 13)
        and the CA bundle (issue 11)."""
        return ServerClient(creds, fallback_urls=parse_urls(self.settings.get(bs.SERVER_URLS_FALLBACK)),
                            verify=self._verify())

    def _require_client(self) -> ServerClient:
        if self.client is None:
            raise DomainError("not_enrolled", "This terminal is not enrolled with a prepaid server yet.")
        return self.client

    # ---------------------------------------------------------------- sales

    def _now_ms(self) -> int:
        return to_ms(self.clock.now())

    def _due_sales(self, limit: int) -> list[tuple[int, dict[str, Any], int]]:
        """Pick due sales and mark them sent (sent_at_ms) in one write transaction, so a manager's
        cancel either comes first (the row is no longer pending) or sees the mark and refuses."""
        now_ms = self._now_ms()
        with self.uow(write=False) as uow:
            if not uow.outbox.any_due("sale", now_ms):
                return []  # nothing due: no need for the write lock
        with self.uow() as uow:
            rows = uow.outbox.due(("sale",), now_ms, limit)
            first_time = [r.id for r in rows if r.sent_at_ms is None]
            if first_time:
                uow.outbox.mark_sent(first_time, now_ms)
                uow.commit()
        terminal_id = self.credentials.terminal_id if self.credentials else None
        out = []
        for row in rows:
            doc = json.loads(row.payload)
            if terminal_id:
                doc["terminal_id"] = terminal_id  # sales made before enrollment go up under the enrolled id
            out.append((row.id, doc, row.attempts))
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
            total = total + step
        return total

    def submit_now(self, sale_id: str, timeout: float = FAST_PATH_TIMEOUT_S) -> SaleStatus:
        """The online fast path for a sale just recorded. On timeout or no network it stays QUEUED:
        its outcome is unknown until the server answers for this same id."""
        if self.client is None:
            return SaleStatus.QUEUED
        if not self._send_lock.acquire(timeout=timeout):
            return SaleStatus.QUEUED  # the worker is sending; it will carry this sale too
        try:
            with self.uow() as uow:  # pick and mark sent together (see _due_sales)
                item = uow.outbox.sale_item(sale_id)
                if item is not None and item.state != "pending":
                    item = None
                if item is not None and item.sent_at_ms is None:
                    uow.outbox.mark_sent([item.id], self._now_ms())
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
        with self.uow(write=False) as uow:
            return uow.sales.status(sale_id) or SaleStatus.QUEUED

    def _apply(self, answers: list[tuple[int, dict[str, Any]]]) -> DrainResult:
        """All answers of one batch in one local transaction (the meaning: application/answers.py)."""
        with self.uow() as uow:
            result = apply_sale_answers(uow, answers, self._now_ms())
            uow.commit()
        return result

    # ---------------------------------------------------------------- reversals, cancellations, Z reports

    def _drain_others(self, client: ServerClient, limit: int = OTHER_BATCH) -> int:
        """Send due outbox rows of the other kinds, oldest first, one request each (they are few).
        Caller holds the send lock. Network errors postpone the row and stop; a problem+json
        refusal is final for that row (parked, the refusal applied like an answer)."""
        with self.uow(write=False) as uow:
            rows = uow.outbox.due(OTHER_KINDS, self._now_ms(), limit)
        done = 0
        for row in rows:
            try:
                response = client.request("POST", OTHER_PATHS[row.kind], json.loads(row.payload))
                answer = client._json(response)
                if not isinstance(answer, dict):
                    raise NetworkError("corrupt_reply", "The server's reply was not readable.")
                final = "done"
            except NetworkError as exc:
                self._postpone([(row.id, row.attempts)], exc.message)
                self._contact_failed(exc)
                break
            except ServerRefused as exc:
                answer = {"status": "refused", "code": exc.code, "message": exc.message}
                final = "parked"
            self._apply_other(row.id, row.kind, row.ref_id, answer, final)
            done += 1
        return done

    def _apply_other(self, item_id: int, kind: str, ref_id: str, answer: dict[str, Any], final: str) -> None:
        now_ms = self._now_ms()
        with self.uow() as uow:
            OTHER_ANSWERS[kind](uow, ref_id, answer, now_ms)
            uow.outbox.finish([(item_id, answer.get("code") if final != "done" else None)], state=final)
            uow.commit()

    def _postpone(self, items: list[tuple[int, int]], error: str) -> None:
        now_ms = self._now_ms()
        with self.uow() as uow:
            uow.outbox.postpone([(item_id, attempts, now_ms + int(backoff_s(attempts + 1) * 1000), error)
                                 for item_id, attempts in items])
            uow.commit()

    def next_due_in_s(self) -> float | None:
        """Seconds until the earliest postponed sale is due again (None: nothing pending)."""
        with self.uow(write=False) as uow:
            earliest = uow.outbox.earliest_pending_due()
        if earliest is None:
            return None
        return max(0.0, (earliest - self._now_ms()) / 1000)

    # ---------------------------------------------------------------- catalog, float, allowance

    def pull_catalog(self) -> int | None:
        """Fetch a newer catalog if there is one. Returns the version now in force."""
        client = self._require_client()
        try:
            body, etag = client.catalog(self.catalogs.etag())
        except NetworkError as exc:
            self._contact_failed(exc)
            raise
        if body is not None:
            self.catalogs.store(body, etag)
        version = self.catalogs.current().version
        self._update(catalog_version=version)
        self._contact_ok()
        return version

    def refresh_float(self) -> dict[str, Any]:
        client = self._require_client()
        try:
            view = client.float_status()
            wanted = self.settings.get(bs.OFFLINE_ALLOWANCE)
            if wanted and view["allowance"]["reserved"] < wanted:
                view = client.reserve_allowance(wanted)
        except NetworkError as exc:
            self._contact_failed(exc)
            raise
        self._note_float(view)
        self._contact_ok()
        return view

    def _note_float(self, view: dict[str, Any] | None) -> None:
        if not view:
            return
        try:
            currency = view["currency"]
            available = Money(int(view["available"]), currency)
            remaining = int(view["allowance"]["remaining"])
        except (KeyError, TypeError, ValueError):
            log.warning("a float view we cannot read changes nothing: %r", view)
            return
        with self._state_lock:
            self._allowance_server_remaining = remaining
        self._update(float_available=available)
        self._note_public_url(view.get("public_url"))

    def _note_public_url(self, url: Any) -> None:
        """issue 15: keep the public address the server announces (or its withdrawal) for the
        receipt's statement link; written only when it changes."""
        url = url.strip() if isinstance(url, str) and url.startswith(("https://", "http://")) and len(url) <= 200 \
            else ""
        if url == (self.settings.raw(bs.SERVER_PUBLIC_URL_KEY) or ""):
            return
        with self.uow() as uow:
            uow.settings.set(bs.SERVER_PUBLIC_URL_KEY, url)
            uow.commit()
        self.settings.refresh()

    # ---------------------------------------------------------------- AllowanceGuard

    def check(self, uow: UnitOfWork, priced: PricedSale) -> None:
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
        queued = uow.sales.queued_float_cost()
        if queued + priced.float_cost.amount > server_remaining:
            left = Money(max(server_remaining - queued, 0), priced.float_cost.currency)
            raise ValidationError("offline_allowance_exceeded",
                                  f"Offline, this terminal can sell only {left} more of float. "
                                  "Reconnect to the server to sell more.", left=left.amount)
