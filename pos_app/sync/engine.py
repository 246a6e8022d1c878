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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

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

BATCH_SIZE = 500  # the server's largest batch (SalesBatch, max_length 500): fewer requests, fewer fsyncs
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 60.0
FLOAT_REFRESH_S = 30.0
CATALOG_REFRESH_S = 300.0
OFFLINE_AFTER_S = 90.0  # no successful contact for this long: we are offline


def backoff_s(attempts: int, rng: random.Random | None = None) -> float:
    """How long to wait after `attempts` failures: capped exponential with full jitter."""
    return full_jitter(attempts, BACKOFF_BASE_S, BACKOFF_CAP_S, rng)


@dataclass(frozen=True)
class _Batch:
    """Picked sales, ready to send: outbox ids, sale ids and attempts in outbox order, the rows
    this pick marked sent, and the encoded request body."""
    item_ids: list[int]
    sale_ids: list[str]
    attempts: list[int]
    first_time: list[int]
    body: bytes

    def answers(self, reply: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
        return list(zip(self.item_ids, reply["results"]))


def _wait_quietly(future: Future) -> None:
    try:
        future.result()
    except BaseException:  # noqa: BLE001 - the caller is already raising its own error
        pass


def batch_body(payloads: list[str], terminal_id: str | None) -> bytes:
    """`{"sales": [...]}` from stored outbox payloads (compact JSON, sorted keys), spliced as they
    are: parsing and re-encoding 500 documents cost ~17 ms a batch. A document stored under
    another terminal id (made before this enrollment) is parsed and goes up under the enrolled id."""
    own = terminal_id and json.dumps({"terminal_id": terminal_id}, separators=(",", ":"))[1:-1]
    parts = []
    for payload in payloads:
        if terminal_id and own not in payload:
            doc = json.loads(payload)
            doc["terminal_id"] = terminal_id
            payload = json.dumps(doc, sort_keys=True, separators=(",", ":"))
        parts.append(payload)
    return ('{"sales":[' + ",".join(parts) + "]}").encode()


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
        self._fast_waiting = 0  # fast-path sales waiting for the send lock (a drain steps aside)
        self._executor: ThreadPoolExecutor | None = None
        self.wake = threading.Event()

    def close(self) -> None:
        """Close the HTTP session (and the drain's sender thread)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
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

    def _pick(self, uow: UnitOfWork, limit: int, after_id: int = 0) -> "_Batch | None":
        """Inside the caller's write transaction: due sales after outbox id `after_id`, marked sent
        (sent_at_ms) before the caller commits, so a manager's cancel either comes first (the row
        is no longer pending) or sees the mark and refuses. Committed before anything is sent."""
        rows = uow.outbox.due_batch("sale", self._now_ms(), limit, after_id)
        if not rows:
            return None
        item_ids, sale_ids, attempts, sent, payloads = (list(column) for column in zip(*rows))
        first_time = [item_id for item_id, sent_at in zip(item_ids, sent) if sent_at is None]
        if first_time:
            uow.outbox.mark_sent(first_time, self._now_ms())
        terminal_id = self.credentials.terminal_id if self.credentials else None
        return _Batch(item_ids, sale_ids, attempts, first_time, batch_body(payloads, terminal_id))

    def _due_sales(self, limit: int) -> "_Batch | None":
        """Pick due sales and mark them sent, in one write transaction (see _pick)."""
        with self.uow(write=False) as uow:
            if not uow.outbox.any_due("sale", self._now_ms()):
                return None  # nothing due: no need for the write lock
        with self.uow() as uow:
            batch = self._pick(uow, limit)
            uow.commit()
        return batch

    def _unmark(self, batch: "_Batch | None") -> None:
        """A picked batch that never left (the one before it failed): it was not sent, so a cancel
        may take it again. Only the rows this pick marked; one sent before keeps its mark."""
        if batch is not None and batch.first_time:
            with self.uow() as uow:
                uow.outbox.unmark_sent(batch.first_time)
                uow.commit()

    def _send(self, client: ServerClient, batch: "_Batch") -> dict[str, Any]:
        """POST one batch; on network trouble its rows are postponed (backoff) and it is raised."""
        try:
            return client.post_batch_body(batch.sale_ids, batch.body)
        except NetworkError as exc:
            self._postpone(list(zip(batch.item_ids, batch.attempts)), exc.message)
            self._contact_failed(exc)
            raise

    def drain_once(self, batch_size: int = BATCH_SIZE) -> DrainResult:
        """Send one batch of due sales (then the other kinds). Raises NetworkError when the server
        can't be reached."""
        client = self._require_client()
        with self._send_lock:
            batch = self._due_sales(batch_size)
            if batch is None:
                others = self._drain_others(client)
                return DrainResult(sent=others, others=others)
            reply = self._send(client, batch)
            result = self._apply(batch.answers(reply))
            others = self._drain_others(client)
            if others:
                result = replace(result, sent=result.sent + others, others=others)
        self._note_float(reply.get("float"))
        self._contact_ok()
        return result

    def drain(self, max_seconds: float = 60.0, *, batch_size: int = BATCH_SIZE,
              should_stop: Callable[[], bool] | None = None) -> DrainResult:
        """Send until nothing is due (or the time is up, or `should_stop()`): sales pipelined (see
        _drain_sales), then reversals, cancellations and Z reports. Network errors propagate."""
        client = self._require_client()
        total = DrainResult()
        deadline = time.monotonic() + max_seconds
        stop = should_stop or (lambda: False)
        while time.monotonic() < deadline and not stop():
            step = self._drain_sales(client, batch_size, deadline, stop)
            with self._send_lock:
                others = self._drain_others(client)
            step = step + DrainResult(sent=others, others=others)
            if step.sent == 0:
                break
            total = total + step
        return total

    def _drain_sales(self, client: ServerClient, batch_size: int, deadline: float,
                     stop: Callable[[], bool]) -> DrainResult:
        """Batches of due sales, pipelined (issue 13): while batch N is at the server, the answers
        of batch N-1 are applied and batch N+1 is picked and marked sent, in one local transaction
        (one fsync per batch instead of two). Batch N+1 is sent only once N's reply is in, so the
        server sees the batches one at a time and in order; the sale ids make any resend after a
        crash or a lost reply an answer `duplicate`, never a second sale."""
        result = DrainResult()
        answered: list[tuple[int, dict[str, Any]]] = []  # a reply not yet applied
        with self._send_lock:
            batch = self._due_sales(batch_size)
        while batch is not None:
            with self._send_lock:
                future = self._sender().submit(self._send, client, batch)
                try:  # while the batch is on the wire: one local transaction
                    more = time.monotonic() < deadline and not stop()
                    with self.uow() as uow:
                        if answered:
                            result = result + apply_sale_answers(uow, answered, self._now_ms())
                        following = self._pick(uow, batch_size, after_id=batch.item_ids[-1]) if more else None
                        uow.commit()
                except BaseException:
                    _wait_quietly(future)  # never leave a request behind; unapplied answers come back as duplicates
                    raise
                answered = []
                try:
                    reply = future.result()
                except BaseException:
                    self._unmark(following)  # picked, never sent
                    raise
                answered = batch.answers(reply)
                self._note_float(reply.get("float"))
                self._contact_ok()
                batch = following
            self._let_fast_path_in()
        if answered:
            with self._send_lock:
                result = result + self._apply(answered)
        return result

    def _sender(self) -> ThreadPoolExecutor:
        """One thread that carries the drain's HTTP request while the engine's thread works."""
        with self._state_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-send")
            return self._executor

    def _let_fast_path_in(self) -> None:
        """Between two batches (nothing on the wire): a sale waiting for the fast path goes first,
        so a drain of thousands never makes the counter wait longer than one batch."""
        deadline = time.monotonic() + FAST_PATH_TIMEOUT_S
        while self._fast_waiting and time.monotonic() < deadline:
            time.sleep(0.001)

    def submit_now(self, sale_id: str, timeout: float = FAST_PATH_TIMEOUT_S) -> SaleStatus:
        """The online fast path for a sale just recorded. On timeout or no network it stays QUEUED:
        its outcome is unknown until the server answers for this same id."""
        if self.client is None:
            return SaleStatus.QUEUED
        with self._state_lock:
            self._fast_waiting += 1  # a pipelined drain lets us in between two batches
        try:
            acquired = self._send_lock.acquire(timeout=timeout)
        finally:
            with self._state_lock:
                self._fast_waiting -= 1
        if not acquired:
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
            self.attention_reply = (view, time.time())  # till-points: its alerts and low float (Needs attention)
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
