"""Real-time charging use cases (issue 15), in the manner of Diameter Credit-Control (RFC 4006):
open a session with a reservation, update it (commit what was used, reserve more), terminate it
(commit the actual use, release the rest), or charge a one-shot event (an SMS).

Every request is one unit of work that starts by locking the subscriber's row, then their main and
bonus accounts (the order reversals take them in): two sessions of one subscriber, on any number
of server processes, are serialised there and can never overspend. Each answer is stored under
(session id, request number): a retry gets the same answer, the same number with other content is
`request_conflict` (409). Rules live in domain/charging.py; SQL in store/repositories/charging.py.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from topup_core.errors import Conflict, NotFound, ValidationError

from ..domain import charging as rules
from ..domain import ledger
from ..domain.charging import Bucket, RatingError
from ..domain.pricing import Rejection, normalise_msisdn
from ..store.repositories.charging import BundleRecord, SessionRecord
from ..store.uow import UnitOfWork
from . import catalogs
from .charging_clients import AuthedClient
from .context import ServerContext

SUCCESS = "success"
CREDIT_LIMIT_REACHED = "credit_limit_reached"
HOUR_MS = 3600 * 1000
DAY_MS = 24 * HOUR_MS
MAX_UNITS = 10**12  # no request asks for more than this (a terabyte, 30,000 years of voice)
_tariffs: dict[tuple[str, int], rules.Tariff | None] = {}


# ------------------------------------------------------------------ requests


@dataclass(frozen=True)
class OpenRequest:
    session_id: str
    request_number: int
    msisdn: str
    service: str
    requested_units: int


@dataclass(frozen=True)
class UpdateRequest:
    request_number: int
    used_units: int
    requested_units: int = 0


@dataclass(frozen=True)
class EventRequest:
    event_id: str
    msisdn: str
    service: str
    units: int


def _digest(kind: str, session_id: str, body: dict[str, Any]) -> str:
    text = json.dumps({"kind": kind, "session": session_id, **body}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _check_units(name: str, value: int, minimum: int = 0) -> None:
    if type(value) is not int or not minimum <= value <= MAX_UNITS:
        raise ValidationError("units_invalid", f"{name} must be a whole number of units, {minimum} to {MAX_UNITS}.")


def _check_service(service: str) -> None:
    if service not in rules.SERVICES:
        raise ValidationError("service_unknown", f"Services are {', '.join(rules.SERVICES)}.")


# ------------------------------------------------------------------ tariff


def tariff(ctx: ServerContext, uow: UnitOfWork, version: int) -> rules.Tariff | None:
    key = (ctx.url, version)
    if key not in _tariffs:
        text = uow.catalogs.document(version)
        _tariffs[key] = rules.parse_tariff(json.loads(text)) if text else None
    return _tariffs[key]


def _current_rate(ctx: ServerContext, uow: UnitOfWork, service: str, operator: str | None, now: int
                  ) -> tuple[int, int, rules.Rate]:
    version = uow.catalogs.latest_version()
    found = tariff(ctx, uow, version) if version else None
    if found is None:
        raise NotFound("tariff_missing", "The current catalog has no tariff; charging is not possible.")
    try:
        index = found.pick(service, operator, now)
    except RatingError as exc:
        raise NotFound(exc.code, exc.message) from None
    return version, index, found.rates[index]


def _session_rate(ctx: ServerContext, uow: UnitOfWork, s: SessionRecord) -> rules.Rate:
    return tariff(ctx, uow, s.catalog_version).rates[s.rate_index]  # type: ignore[union-attr]


# ------------------------------------------------------------------ buckets


def _e164(ctx: ServerContext, uow: UnitOfWork, msisdn: str) -> str:
    catalog = catalogs.current_catalog(ctx, uow)
    try:
        return normalise_msisdn(msisdn, catalog.country if catalog else "KE")
    except Rejection as exc:
        raise ValidationError("msisdn_invalid", exc.message) from None


def _lock(uow: UnitOfWork, msisdn: str) -> tuple[str, int | None]:
    found = uow.charging.lock_subscriber(msisdn)
    if found is None:
        raise NotFound("subscriber_unknown", "That number has never been topped up here.")
    return found


@dataclass
class _State:
    """One subscriber's buckets as loaded (rows locked) at the start of a charging request, then
    kept up to date in memory as the request commits and reserves: one read, no re-reads."""

    msisdn: str
    currency: str
    bonus_expires: int | None
    balances: dict[str, int]
    reserved: dict[str, int]  # every open session's holds, this one's included
    own: dict[str, int]  # this session's holds
    bundles: list[BundleRecord]

    @property
    def main(self) -> str:
        return ledger.main_account(self.msisdn)

    @property
    def bonus(self) -> str:
        return ledger.bonus_account(self.msisdn)

    def buckets(self) -> list[Bucket]:
        r = self.reserved
        out = [Bucket(self.main, "monetary", self.currency, self.balances[self.main], r.get(self.main, 0),
                      rules.WEIGHT_MAIN, None),
               Bucket(self.bonus, "monetary", self.currency, self.balances[self.bonus], r.get(self.bonus, 0),
                      rules.WEIGHT_BONUS, self.bonus_expires)]
        out += [Bucket(b.id, b.service, b.unit, self.balances.get(b.id, 0), r.get(b.id, 0), b.weight, b.valid_until_ms,
                       b.valid_from_ms) for b in self.bundles]
        return out

    def spendable(self, now: int) -> int:
        """Money the subscriber can still spend: usable monetary buckets less every hold."""
        return sum(b.remaining for b in self.buckets() if b.type == "monetary" and b.usable(now))

    def money(self, now: int) -> int:
        """The usable monetary balance (holds included): what low-balance alerts watch."""
        return sum(b.balance for b in self.buckets() if b.type == "monetary" and b.usable(now))

    def release_own(self) -> None:
        for a, n in self.own.items():
            self.reserved[a] = self.reserved.get(a, 0) - n
        self.own = {}

    def hold(self, holds: dict[str, int]) -> None:
        for a, n in holds.items():
            self.reserved[a] = self.reserved.get(a, 0) + n
        self.own = dict(holds)


def _load(uow: UnitOfWork, msisdn: str, service: str, session_id: str | None,
          locked: tuple[str, int | None] | None = None) -> _State:
    """Lock the subscriber's row (unless `locked`: already done, its currency and bonus expiry),
    then their main and bonus accounts (main first, the order a reversal takes them in), and read
    the service's bundles and every hold on those buckets (one statement on PostgreSQL)."""
    currency, bonus_expires = locked if locked is not None else _lock(uow, msisdn)
    main, bonus = ledger.main_account(msisdn), ledger.bonus_account(msisdn)
    balances, bundles, reserved, own = uow.charging.lock_buckets(msisdn, main, bonus, service, session_id)
    balances.update({b.id: n for b, n in bundles})
    return _State(msisdn, currency, bonus_expires, balances, reserved, own, [b for b, _ in bundles])


# ------------------------------------------------------------------ commit and grant


def _commit(uow: UnitOfWork, state: _State, s: SessionRecord, rate: rules.Rate, used: int, posting_id: str,
            now: int) -> tuple[rules.Commit, dict[str, Any]]:
    """Charge `used` units against the session's holds (then released); returns the commit and the
    session's new totals."""
    buckets = state.buckets()
    kinds = {b.account_id: b.type for b in buckets}
    order = [b.account_id for b in rules.in_order(buckets)]
    for account in state.own:  # a bucket that expired since the grant still pays what it held
        if account not in kinds:
            kinds[account] = "monetary" if account.startswith(("main:", "bonus:")) else s.service
            order.append(account)
    done = rules.commit(rate, state.own, kinds, order, used, s.granted_units, s.used_units - s.bundle_units,
                        s.charged)
    if done.takes:
        units_of = {a: (s.currency if kinds[a] == "monetary" else rules.SERVICE_UNITS[s.service]) for a in done.takes}
        uow.ledger.apply_postings(rules.charge_postings(posting_id, s.msisdn, s.currency, done.takes, units_of), now)
        uow.charging.add_usage(_usage_rows(s, done, kinds, order, posting_id, now))
        for a, n in done.takes.items():
            state.balances[a] = state.balances.get(a, 0) - n
        if done.money:
            uow.charging.add_hour_charge(s.msisdn, now // HOUR_MS, done.money)
    state.release_own()
    fields = {"used_units": s.used_units + done.units, "bundle_units": s.bundle_units + done.bundle_units,
              "charged": s.charged + done.money}
    return done, fields


def _usage_rows(s: SessionRecord, done: rules.Commit, kinds: dict[str, str], order: list[str], posting_id: str,
                now: int) -> list[dict]:
    rows = []
    money_units = done.units - done.bundle_units
    money_takes = [(a, done.takes[a]) for a in order if a in done.takes and kinds[a] == "monetary"]
    left = money_units
    for i, (account, amount) in enumerate(money_takes):
        units = left if i == len(money_takes) - 1 else money_units * amount // max(1, done.money)
        left -= units
        rows.append({"msisdn": s.msisdn, "service": s.service, "at_ms": now, "units": units, "charge": amount,
                     "account_id": account, "posting_id": posting_id, "session_id": s.id})
    unit_posting = f"{posting_id}:{rules.SERVICE_UNITS[s.service]}"
    for account in order:
        if account in done.takes and kinds[account] != "monetary":
            rows.append({"msisdn": s.msisdn, "service": s.service, "at_ms": now, "units": done.takes[account],
                         "charge": 0, "account_id": account, "posting_id": unit_posting, "session_id": s.id})
    return rows


def _grant(uow: UnitOfWork, state: _State, s: SessionRecord, rate: rules.Rate, fields: dict[str, Any], wanted: int,
           now: int, *, replace: bool) -> int:
    """Reserve up to `wanted` more units for the session (its old holds are released by now)."""
    holds: dict[str, int] = {}
    units = 0
    if wanted > 0:
        g = rules.grant(rate, s.service, state.buckets(), now, fields["used_units"] - fields["bundle_units"],
                        fields["charged"], wanted)
        holds, units = g.holds, g.units
    if replace:
        uow.charging.write_holds(s.id, holds)
    elif holds:
        uow.charging.set_holds(s.id, holds, replace=False)
    state.hold(holds)
    return units


def _answer(s: SessionRecord, fields: dict[str, Any], result: str, granted: int, validity_ms: int,
            balance: int, request_number: int) -> dict[str, Any]:
    merged = {**{f: getattr(s, f) for f in SessionRecord.__slots__}, **fields}
    return {"session_id": s.id, "request_number": request_number, "result": result, "state": merged["state"],
            "service": s.service, "unit": rules.UNIT_NAMES[s.service], "granted_units": granted,
            "validity_ms": validity_ms if merged["state"] == "open" else 0,
            "valid_until_ms": merged["valid_until_ms"], "used_units": merged["used_units"],
            "bundle_units": merged["bundle_units"], "charged": merged["charged"], "currency": s.currency,
            "balance": balance}


def _replayed(uow: UnitOfWork, session_id: str, number: int, digest: str) -> dict[str, Any] | None:
    stored = uow.charging.answer(session_id, number)
    if stored is None:
        return None
    if stored[0] != digest:
        raise Conflict("request_conflict", f"Request {number} of session {session_id} was already answered with "
                                           "other content.")
    return json.loads(stored[1])


def _finish(uow: UnitOfWork, session_id: str, number: int, digest: str, answer: dict[str, Any], now: int
            ) -> dict[str, Any]:
    uow.charging.store_answer(session_id, number, digest, json.dumps(answer, separators=(",", ":")), now)
    return answer


def _alerts(ctx: ServerContext, uow: UnitOfWork, msisdn: str, before: int, after: int, now: int) -> None:
    """Low balance on the crossing; a spike when this hour is far above the subscriber's norm.
    Both go beside the risk alerts, for the agent who sold the last top-up."""
    if after >= before:
        return
    alerts = []
    mark = ctx.settings.low_balance_mark
    if rules.crossed_low(before, after, mark):
        alerts.append({"rule": "low_balance", "detail": f"{rules.mask(msisdn)} balance {after} fell below {mark}"})
    hour = now // HOUR_MS
    hours = uow.charging.hour_charges(msisdn, hour - 7 * 24)
    last_hour = hours.pop(hour, 0)
    history_hours = hour - min(hours) if hours else 0
    if history_hours >= ctx.settings.spike_history_hours and rules.is_spike(
            last_hour, sum(hours.values()), history_hours, ctx.settings.spike_factor, ctx.settings.spike_minimum):
        fired = uow.charging.alert_last(msisdn, "usage_spike")
        if fired is None or now - fired >= HOUR_MS:
            uow.charging.set_alert_last(msisdn, "usage_spike", now)
            norm = sum(hours.values()) // history_hours
            alerts.append({"rule": "usage_spike",
                           "detail": f"{rules.mask(msisdn)} spent {last_hour} this hour, norm {norm}/h"})
    if alerts:
        last = uow.charging.last_topup(msisdn)
        sale_id, terminal_id, agent_id = last if last else ("", "", "")
        uow.risk.add_alerts([{"created_at_ms": now, "action": "flag", "sale_id": sale_id, "terminal_id": terminal_id,
                              "agent_id": agent_id, **a} for a in alerts])


# ------------------------------------------------------------------ use cases


def open_session(ctx: ServerContext, client: AuthedClient, req: OpenRequest,
                 authenticate: Callable[[UnitOfWork], AuthedClient] | None = None) -> dict[str, Any]:
    """CCR-Initial: open the session and reserve up to `requested_units` (never more than the
    balance can pay; nothing at all → `credit_limit_reached`, and the session is closed).
    `authenticate`, when given, checks the request's signature inside the same transaction."""
    _check_service(req.service)
    _check_units("requested_units", req.requested_units, 1)
    digest = _digest("initial", req.session_id, {"n": req.request_number, "msisdn": req.msisdn,
                                                 "service": req.service, "requested": req.requested_units})

    def work(uow: UnitOfWork) -> dict[str, Any]:
        who = authenticate(uow) if authenticate else client
        now = ctx.clock()
        msisdn = _e164(ctx, uow, req.msisdn)
        state = _load(uow, msisdn, req.service, None)
        known = uow.charging.session(req.session_id)
        if known is not None:
            if known.client_id != who.client_id:
                raise Conflict("session_exists", f"Session {req.session_id} is already open; send an update.")
            replay = _replayed(uow, req.session_id, req.request_number, digest)
            if replay is not None:
                return replay
            raise Conflict("session_exists", f"Session {req.session_id} is already open; send an update.")
        version, index, rate = _current_rate(ctx, uow, req.service, uow.charging.operator_of(msisdn), now)
        validity = ctx.settings.charging_validity_ms
        s = SessionRecord(req.session_id, who.client_id, msisdn, req.service, "session", state.currency, version,
                          index, "open", now, now, now + validity, 0, 0, 0, 0, req.request_number)
        fields: dict[str, Any] = {"used_units": 0, "bundle_units": 0, "charged": 0}
        granted = _grant(uow, state, s, rate, fields, req.requested_units, now, replace=False)
        fields.update(granted_units=granted, state="open" if granted else "closed")
        uow.charging.add_session(SessionRecord(**{**{f: getattr(s, f) for f in SessionRecord.__slots__}, **fields}))
        result = SUCCESS if granted else CREDIT_LIMIT_REACHED
        return _finish(uow, s.id, req.request_number, digest,
                       _answer(s, fields, result, granted, validity, state.spendable(now), req.request_number), now)

    return ctx.run(work)


def update_session(ctx: ServerContext, client: AuthedClient, session_id: str, req: UpdateRequest, *,
                   final: bool = False, authenticate: Callable[[UnitOfWork], AuthedClient] | None = None
                   ) -> dict[str, Any]:
    """CCR-Update (commit `used_units`, reserve `requested_units` more) or, `final`, CCR-Terminate
    (commit the actual use, release the rest, close)."""
    _check_units("used_units", req.used_units)
    _check_units("requested_units", req.requested_units)
    kind = "terminate" if final else "update"
    digest = _digest(kind, session_id, {"n": req.request_number, "used": req.used_units,
                                        "requested": 0 if final else req.requested_units})

    def work(uow: UnitOfWork) -> dict[str, Any]:
        who = authenticate(uow) if authenticate else client
        now = ctx.clock()
        found = uow.charging.session_locked(session_id)  # the session first, then its subscriber
        s = found[0] if found else None
        if s is None or s.client_id != who.client_id or s.kind != "session":
            raise NotFound("session_unknown", f"There is no session {session_id} of this client.")
        if req.request_number <= s.last_request:  # a number already used: the stored answer, if it is one
            replay = _replayed(uow, session_id, req.request_number, digest)
            if replay is not None:
                return replay
            raise Conflict("request_out_of_order", f"Request numbers of session {session_id} must grow "
                                                   f"(last was {s.last_request}).")
        if s.state != "open":
            raise Conflict("session_closed" if s.state == "closed" else "session_released",
                           f"Session {session_id} is {s.state}; open a new one.")
        if now >= s.valid_until_ms:
            raise Conflict("session_released", f"Session {session_id} was not updated within its validity time; "
                                               "its reservation is released.")
        state = _load(uow, s.msisdn, s.service, s.id, locked=found[1:])  # type: ignore[index]
        rate = _session_rate(ctx, uow, s)
        before = state.money(now)
        validity = ctx.settings.charging_validity_ms
        # The writes are pipelined (PostgreSQL): one round trip for all of them. The alerts' reads
        # (only when money moved) come after.
        with uow.pipeline():
            _done, fields = _commit(uow, state, s, rate, req.used_units, f"charge:{session_id}:{req.request_number}",
                                    now)
            if final:
                uow.charging.write_holds(s.id, {})
                granted, result = 0, SUCCESS
                fields.update(state="closed", granted_units=0)
            else:
                granted = _grant(uow, state, s, rate, fields, req.requested_units, now, replace=True)
                result = SUCCESS if granted or not req.requested_units else CREDIT_LIMIT_REACHED
                fields.update(granted_units=granted)
            fields.update(updated_at_ms=now, valid_until_ms=now + validity, last_request=req.request_number)
            uow.charging.update_session(s.id, **fields)
            answer = _finish(uow, s.id, req.request_number, digest,
                             _answer(s, fields, result, granted, validity, state.spendable(now), req.request_number),
                             now)
        _alerts(ctx, uow, s.msisdn, before, state.money(now), now)
        return answer

    return ctx.run(work)


def charge_event(ctx: ServerContext, client: AuthedClient, req: EventRequest,
                 authenticate: Callable[[UnitOfWork], AuthedClient] | None = None) -> dict[str, Any]:
    """A one-shot event (an SMS): all of it is charged at once, or nothing (`credit_limit_reached`)."""
    _check_service(req.service)
    _check_units("units", req.units, 1)
    digest = _digest("event", req.event_id, {"msisdn": req.msisdn, "service": req.service, "units": req.units})

    def work(uow: UnitOfWork) -> dict[str, Any]:
        who = authenticate(uow) if authenticate else client
        now = ctx.clock()
        msisdn = _e164(ctx, uow, req.msisdn)
        state = _load(uow, msisdn, req.service, None)
        if uow.charging.session(req.event_id) is not None:
            replay = _replayed(uow, req.event_id, 0, digest)
            if replay is not None:
                return replay
            raise Conflict("request_conflict", f"Id {req.event_id} was already used for another request.")
        version, index, rate = _current_rate(ctx, uow, req.service, uow.charging.operator_of(msisdn), now)
        s = SessionRecord(req.event_id, who.client_id, msisdn, req.service, "event", state.currency, version, index,
                          "closed", now, now, now, 0, 0, 0, 0, 0)
        uow.charging.add_session(s)
        g = rules.grant(rate, req.service, state.buckets(), now, 0, 0, req.units)
        fields: dict[str, Any] = {"used_units": 0, "bundle_units": 0, "charged": 0, "state": "closed"}
        result = CREDIT_LIMIT_REACHED
        if g.units == req.units:
            before = state.money(now)
            state.hold(g.holds)  # in memory only: committed at once below
            s = SessionRecord(**{**{f: getattr(s, f) for f in SessionRecord.__slots__}, "granted_units": g.units})
            _done, fields = _commit(uow, state, s, rate, req.units, f"charge:{req.event_id}:0", now)
            fields.update(state="closed", granted_units=0)
            uow.charging.update_session(s.id, **fields)
            _alerts(ctx, uow, msisdn, before, state.money(now), now)
            result = SUCCESS
        answer = _answer(s, fields, result, req.units if result == SUCCESS else 0, 0, state.spendable(now), 0)
        answer["event_id"] = answer.pop("session_id")
        return _finish(uow, req.event_id, 0, digest, answer, now)

    return ctx.run(work)


# ------------------------------------------------------------------ the sweeper


@dataclass(frozen=True)
class SweepReport:
    released_sessions: int
    expired_buckets: int
    expired_amount: int


def sweep(ctx: ServerContext, *, limit: int = 500) -> SweepReport:
    """Release sessions not updated within their validity time, and post the expiry of expired
    bonus and bundle buckets. Idempotent; safe on several processes at once (each change is
    made under the subscriber's lock, after re-reading what is due)."""
    now = ctx.clock()
    with ctx.uow() as uow:
        stale = uow.charging.stale_sessions(now, limit)
        bonuses = uow.charging.due_bonus_expiries(now, limit)
        bundles = uow.charging.due_bundle_expiries(now, limit)
    released = expired = amount = 0
    for session_id, msisdn in stale:
        released += ctx.run(lambda uow, s=session_id, m=msisdn: _release(uow, s, m, now))
    for msisdn in bonuses:
        n = ctx.run(lambda uow, m=msisdn: _expire_bonus(uow, m, now))
        expired += bool(n)
        amount += n
    for msisdn, bundle_id in bundles:
        n = ctx.run(lambda uow, m=msisdn, b=bundle_id: _expire_bundle(uow, m, b, now))
        expired += n is not None
        amount += n or 0
    return SweepReport(released, expired, amount)


def _release(uow: UnitOfWork, session_id: str, msisdn: str, now: int) -> int:
    s = uow.charging.session(session_id, for_update=True)  # the session first, then its subscriber
    _lock(uow, msisdn)
    if s is None or s.state != "open" or s.valid_until_ms > now:
        return 0  # another process released it, or an update came in first
    uow.charging.set_holds(session_id, {}, replace=True)
    uow.charging.update_session(session_id, state="released", granted_units=0, updated_at_ms=now)
    return 1


def _expire_bonus(uow: UnitOfWork, msisdn: str, now: int) -> int:
    currency, expires = _lock(uow, msisdn)
    if expires is None or expires > now:
        return 0  # a later top-up extended it
    account = ledger.bonus_account(msisdn)
    balance = uow.charging.balances([account])[account]
    unspendable = balance - uow.charging.reserved([account])[account]  # a session's hold still pays
    if unspendable <= 0:
        return 0
    uow.ledger.apply_postings([rules.expiry(f"expiry:{account}:{expires}:{uuid.uuid4().hex[:8]}", account, currency,
                                            unspendable)], now)
    return unspendable


def _expire_bundle(uow: UnitOfWork, msisdn: str, bundle_id: str, now: int) -> int | None:
    _lock(uow, msisdn)
    bundle = next((b for b in uow.charging.bundles(msisdn, active_only=True) if b.id == bundle_id), None)
    if bundle is None or bundle.valid_until_ms > now:
        return None
    balance = uow.charging.balances([bundle_id])[bundle_id]
    unspendable = balance - uow.charging.reserved([bundle_id])[bundle_id]
    if unspendable > 0:
        uow.ledger.apply_postings([rules.expiry(f"expiry:{bundle_id}", bundle_id, bundle.unit, unspendable)], now)
    if unspendable == balance:
        uow.charging.set_bundle_status(bundle_id, "expired")
    return max(0, unspendable)


# ------------------------------------------------------------------ bundles, buckets, usage


def grant_bundle(ctx: ServerContext, msisdn: str, service: str, units: int, days: int) -> str:
    """Give a subscriber a service bundle (`pos-server bundle-grant`); returns its bucket id."""
    _check_service(service)
    _check_units("units", units, 1)
    if type(days) is not int or not 1 <= days <= 366:
        raise ValidationError("validity_invalid", "A bundle is valid for 1 to 366 days.")

    def work(uow: UnitOfWork) -> str:
        now = ctx.clock()
        e164 = _e164(ctx, uow, msisdn)
        _lock(uow, e164)
        account = rules.bundle_account(uuid.uuid4().hex)
        unit = rules.SERVICE_UNITS[service]
        uow.charging.add_bundle(BundleRecord(account, e164, service, unit, units, rules.WEIGHT_BUNDLE, now,
                                             now + days * DAY_MS, "active"))
        uow.ledger.apply_postings([rules.bundle_grant(f"bundle_grant:{account}", account, unit, units)], now)
        return account

    return ctx.run(work)


@dataclass(frozen=True)
class BucketView:
    id: str
    type: str
    unit: str
    remaining: int
    reserved: int
    weight: int
    valid_until_ms: int | None
    status: str


def buckets_in(uow: UnitOfWork, e164: str, now: int) -> list[BucketView]:
    """The subscriber's buckets in the order they are used (TMF654-like); nothing is locked."""
    found = uow.charging.subscriber(e164)
    if found is None:
        return []
    currency, bonus_expires = found
    main, bonus = ledger.main_account(e164), ledger.bonus_account(e164)
    bundles = uow.charging.bundles_with_balances(e164, None)
    balances = {**uow.charging.balances([main, bonus]), **{b.id: n for b, n in bundles}}
    reserved, _ = uow.charging.holds_on([main, bonus] + [b.id for b, _ in bundles], None)
    state = _State(e164, currency, bonus_expires, balances, reserved, {}, [b for b, _ in bundles])
    out = []
    for b in rules.in_order(state.buckets()):
        if b.type != "monetary" and b.balance <= 0:
            continue
        out.append(BucketView(b.account_id.split(":", 1)[0] if b.type == "monetary" else b.account_id, b.type,
                              b.unit, b.remaining, b.reserved, b.weight, b.valid_until_ms, b.status(now)))
    return out


def buckets(ctx: ServerContext, msisdn: str) -> tuple[str, list[BucketView]]:
    with ctx.uow() as uow:
        e164 = _e164(ctx, uow, msisdn)
        if uow.charging.subscriber(e164) is None:
            raise NotFound("subscriber_unknown", "That number has never been topped up here.")
        return e164, buckets_in(uow, e164, ctx.clock())


@dataclass(frozen=True)
class UsageLine:
    day: str  # YYYY-MM-DD (UTC)
    service: str
    unit: str
    units: int
    charge: int
    paid_by: dict[str, int]  # bucket kind (main | bonus | bundle) -> money, or units for bundles


@dataclass(frozen=True)
class UsageView:
    msisdn: str
    currency: str
    days: int
    lines: list[UsageLine]
    totals: dict[str, int]  # service -> charge


def usage_in(uow: UnitOfWork, e164: str, currency: str, days: int, now: int) -> UsageView:
    start = (now // DAY_MS - days + 1) * DAY_MS
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for service, at_ms, units, charge, account in uow.charging.usage_rows(e164, start):
        day = datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc).date().isoformat()
        line = grouped.setdefault((day, service), {"units": 0, "charge": 0, "paid_by": {}})
        line["units"] += units
        line["charge"] += charge
        kind = account.split(":", 1)[0]
        line["paid_by"][kind] = line["paid_by"].get(kind, 0) + (charge if kind != "bundle" else units)
    lines = [UsageLine(day, service, rules.UNIT_NAMES[service], v["units"], v["charge"], v["paid_by"])
             for (day, service), v in sorted(grouped.items())]
    totals: dict[str, int] = {}
    for line in lines:
        totals[line.service] = totals.get(line.service, 0) + line.charge
    return UsageView(e164, currency, days, lines, totals)


def usage(ctx: ServerContext, msisdn: str, days: int) -> UsageView:
    """The usage breakdown by day and service: units, charge, and which bucket paid."""
    if type(days) is not int or not 1 <= days <= 92:
        raise ValidationError("days_invalid", "Ask for 1 to 92 days of usage.")
    with ctx.uow() as uow:
        e164 = _e164(ctx, uow, msisdn)
        found = uow.charging.subscriber(e164)
        if found is None:
            raise NotFound("subscriber_unknown", "That number has never been topped up here.")
        return usage_in(uow, e164, found[0], days, ctx.clock())


def subscriber_numbers(ctx: ServerContext, limit: int) -> list[str]:
    """The first `limit` subscribers (for the usage simulator)."""
    with ctx.uow() as uow:
        return uow.charging.subscriber_numbers(limit)
