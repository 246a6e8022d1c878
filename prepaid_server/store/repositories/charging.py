"""Charging (issue 15): clients and codes, bundles, sessions, reservations, the answers to
requests, usage records. Every SQL statement of charging lives here."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, delete, func, insert, select, text, update

from ..models import Account, Sale, Subscriber, Terminal
from ..models_charging import (Bundle, ChargingAlertState, ChargingHour, ChargingClient, ChargingCode, ChargingRequest,
                               ChargingReservation, ChargingSession, UsageRecord)
from .base import Repository

_clients = ChargingClient.__table__
_codes = ChargingCode.__table__
_bundles = Bundle.__table__
_sessions = ChargingSession.__table__
_holds = ChargingReservation.__table__
_requests = ChargingRequest.__table__
_usage = UsageRecord.__table__
_alert_state = ChargingAlertState.__table__
_hours = ChargingHour.__table__
_accounts = Account.__table__

# (message, query) like LedgerRepository.INVARIANTS; ledger-check runs both lists.
INVARIANTS: list[tuple[str, str]] = [
    ("account {0} has {1} reserved but holds only {2}",
     "SELECT r.account_id, SUM(r.amount), MIN(a.balance) FROM charging_reservations r "
     "JOIN accounts a ON a.id = r.account_id GROUP BY r.account_id HAVING SUM(r.amount) > MIN(a.balance) LIMIT 5"),
    ("session {0} is {1} but still holds a reservation",
     "SELECT s.id, s.state FROM charging_sessions s JOIN charging_reservations r ON r.session_id = s.id "
     "WHERE s.state <> 'open' LIMIT 5"),
    ("bundle {0} is negative ({1})",
     "SELECT id, balance FROM accounts WHERE kind = 'bundle' AND balance < 0 LIMIT 5"),
    ("charge posting {0} moves {1} but its usage records say {2}",
     "SELECT p.id, -SUM(e.amount), (SELECT COALESCE(SUM(CASE WHEN u.charge > 0 THEN u.charge ELSE u.units END), 0) "
     "FROM usage_records u WHERE u.posting_id = p.id) FROM postings p JOIN entries e ON e.posting_id = p.id "
     "WHERE p.kind = 'charge' AND e.account_id NOT LIKE 'system:%' GROUP BY p.id "
     "HAVING -SUM(e.amount) <> (SELECT COALESCE(SUM(CASE WHEN u.charge > 0 THEN u.charge ELSE u.units END), 0) "
     "FROM usage_records u WHERE u.posting_id = p.id) LIMIT 5"),
]


@dataclass(frozen=True, slots=True)
class ClientAuth:
    client_id: str
    name: str
    secret: str
    disabled: bool


@dataclass(frozen=True, slots=True)
class CodeRecord:
    code_hash: str
    name: str
    expires_at_ms: int
    used_at_ms: int | None


@dataclass(frozen=True, slots=True)
class BundleRecord:
    id: str
    msisdn: str
    service: str
    unit: str
    initial: int
    weight: int
    valid_from_ms: int
    valid_until_ms: int
    status: str


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: str
    client_id: str
    msisdn: str
    service: str
    kind: str
    currency: str
    catalog_version: int
    rate_index: int
    state: str
    opened_at_ms: int
    updated_at_ms: int
    valid_until_ms: int
    granted_units: int
    used_units: int
    bundle_units: int
    charged: int
    last_request: int


_SESSION_COLUMNS = [getattr(_sessions.c, f) for f in SessionRecord.__slots__]
_SESSION_NAMES = frozenset(SessionRecord.__slots__)  # the only column names update_session writes


class ChargingRepository(Repository):
    # ------------------------------------------------------------ clients

    def add_code(self, code_hash: str, name: str, now_ms: int, expires_at_ms: int) -> None:
        self._execute(insert(_codes).values(code_hash=code_hash, name=name, issued_at_ms=now_ms,
                                            expires_at_ms=expires_at_ms))

    def code(self, code_hash: str) -> CodeRecord | None:
        row = self._execute(select(_codes.c.code_hash, _codes.c.name, _codes.c.expires_at_ms, _codes.c.used_at_ms)
                            .where(_codes.c.code_hash == code_hash)).first()
        return CodeRecord(*row) if row else None

    def claim_code(self, code_hash: str, client_id: str, now_ms: int) -> bool:
        return self._execute(update(_codes).where(_codes.c.code_hash == code_hash, _codes.c.used_at_ms.is_(None))
                             .values(used_at_ms=now_ms, client_id=client_id)).rowcount == 1

    def add_client(self, client_id: str, name: str, secret: str, now_ms: int) -> None:
        self._execute(insert(_clients).values(id=client_id, name=name, secret=secret, enrolled_at_ms=now_ms,
                                              disabled=False))

    def client_auth(self, client_id: str) -> ClientAuth | None:
        row = self._execute(select(_clients.c.id, _clients.c.name, _clients.c.secret, _clients.c.disabled)
                            .where(_clients.c.id == client_id)).first()
        return ClientAuth(row[0], row[1], row[2], bool(row[3])) if row else None

    def is_terminal(self, credential_id: str) -> bool:
        return self._execute(select(Terminal.id).where(Terminal.id == credential_id)).first() is not None

    def list_clients(self) -> list[tuple[str, str, int, bool]]:
        return [tuple(r) for r in self._execute(select(_clients.c.id, _clients.c.name, _clients.c.enrolled_at_ms,
                                                       _clients.c.disabled).order_by(_clients.c.enrolled_at_ms))]

    def set_client_disabled(self, client_id: str, disabled: bool) -> bool:
        return self._execute(update(_clients).where(_clients.c.id == client_id)
                             .values(disabled=disabled)).rowcount == 1

    # ------------------------------------------------------------ subscribers and buckets

    def lock_subscriber(self, msisdn: str) -> tuple[str, int | None] | None:
        """(currency, bonus expiry) with the subscriber's row locked: every charging change of one
        subscriber is serialised on it (PostgreSQL; SQLite's BEGIN IMMEDIATE already is)."""
        row = self._execute(select(Subscriber.currency, Subscriber.bonus_expires_at_ms)
                            .where(Subscriber.msisdn == msisdn).with_for_update()).first()
        return (row[0], row[1]) if row else None

    def subscriber(self, msisdn: str) -> tuple[str, int | None] | None:
        row = self._execute(select(Subscriber.currency, Subscriber.bonus_expires_at_ms)
                            .where(Subscriber.msisdn == msisdn)).first()
        return (row[0], row[1]) if row else None

    def lock_accounts(self, account_ids: list[str]) -> dict[str, int]:
        """Balances of these accounts, rows locked in the order given (main before bonus, the order
        reversals take them in)."""
        out = {}
        for a in account_ids:
            out[a] = self._execute(select(_accounts.c.balance).where(_accounts.c.id == a)
                                   .with_for_update()).scalar_one_or_none() or 0
        return out

    def balances(self, account_ids: list[str]) -> dict[str, int]:
        if not account_ids:
            return {}
        rows = self._execute(select(_accounts.c.id, _accounts.c.balance).where(_accounts.c.id.in_(account_ids)))
        found = dict(rows.all())
        return {a: found.get(a, 0) for a in account_ids}

    def lock_money(self, main: str, bonus: str) -> dict[str, int]:
        """Both monetary buckets' balances in one statement, rows locked main first (ORDER BY id
        DESC: 'main:' > 'bonus:'; PostgreSQL locks rows in the order the sort emits them)."""
        rows = self._execute(select(_accounts.c.id, _accounts.c.balance).where(_accounts.c.id.in_([main, bonus]))
                             .order_by(_accounts.c.id.desc()).with_for_update()).all()
        found = dict(rows)
        return {main: found.get(main, 0), bonus: found.get(bonus, 0)}

    def session_locked(self, session_id: str) -> tuple[SessionRecord, str, int | None] | None:
        """(session, its subscriber's currency, bonus expiry), the session's row locked and then its
        subscriber's (PostgreSQL locks the rows of a FOR UPDATE join in the order of the FROM list:
        the session first, the order the sweeper takes them in). One statement instead of two."""
        row = self._execute(select(*_SESSION_COLUMNS, Subscriber.currency, Subscriber.bonus_expires_at_ms)
                            .join(Subscriber, Subscriber.msisdn == _sessions.c.msisdn)
                            .where(_sessions.c.id == session_id).with_for_update()).first()
        if row is None:
            return None
        n = len(_SESSION_COLUMNS)
        return SessionRecord(*row[:n]), row[n], row[n + 1]

    def lock_buckets(self, msisdn: str, main: str, bonus: str, service: str, session_id: str | None
                     ) -> tuple[dict[str, int], list[tuple[BundleRecord, int]], dict[str, int], dict[str, int]]:
        """What a charging request needs once it holds the subscriber's lock, in ONE statement on
        PostgreSQL: the monetary balances (rows locked main first, like lock_money), the service's
        active bundles with their balances, and the holds on those buckets (every session's, and
        this session's own). Bundles and holds only change under the subscriber's lock, so the
        statement's snapshot (taken after that lock was granted) is current for them; the locked
        money rows are re-read at their latest version by FOR UPDATE.
        Returns (money balances, [(bundle, balance)], reserved per account, own holds)."""
        if not self._pg:
            money = self.lock_money(main, bonus)
            bundles = self.bundles_with_balances(msisdn, service)
            reserved, own = self.holds_on([main, bonus] + [b.id for b, _ in bundles], session_id)
            return money, bundles, reserved, own
        cols = ", ".join(f"b.{f}" for f in BundleRecord.__slots__)
        nulls = ", ".join(["NULL"] * len(BundleRecord.__slots__))
        sql = text(
            "WITH m AS (SELECT id, balance FROM accounts WHERE id IN (:main, :bonus) ORDER BY id DESC FOR UPDATE), "
            "b AS (SELECT * FROM bundles WHERE msisdn = :msisdn AND status = 'active' AND service = :service) "
            f"SELECT 0, m.id, m.balance, NULL, {nulls} FROM m "
            f"UNION ALL SELECT 1, b.id, COALESCE(a.balance, 0), NULL, {cols} "
            "FROM b LEFT JOIN accounts a ON a.id = b.id "
            f"UNION ALL SELECT 2, r.account_id, r.amount, r.session_id, {nulls} FROM charging_reservations r "
            "WHERE r.account_id IN (:main, :bonus) OR r.account_id IN (SELECT id FROM b) OR r.session_id = :sid")
        money = {main: 0, bonus: 0}
        bundles: list[tuple[BundleRecord, int]] = []
        reserved: dict[str, int] = {}
        own: dict[str, int] = {}
        for row in self._execute(sql, {"main": main, "bonus": bonus, "msisdn": msisdn, "service": service,
                                       "sid": session_id or ""}):
            kind, account, amount = row[0], row[1], int(row[2])
            if kind == 0:
                money[account] = amount
            elif kind == 1:
                bundles.append((BundleRecord(*row[4:]), amount))
            else:  # like holds_on: every row found counts as reserved, this session's are also its own
                reserved[account] = reserved.get(account, 0) + amount
                if session_id is not None and row[3] == session_id:
                    own[account] = amount
        bundles.sort(key=lambda x: x[0].valid_until_ms)
        return money, bundles, reserved, own

    def bundles_with_balances(self, msisdn: str, service: str | None) -> list[tuple[BundleRecord, int]]:
        """Active bundles (of one service, or all) with their ledger balances."""
        q = (select(*[getattr(_bundles.c, f) for f in BundleRecord.__slots__], func.coalesce(_accounts.c.balance, 0))
             .outerjoin(_accounts, _accounts.c.id == _bundles.c.id)
             .where(_bundles.c.msisdn == msisdn, _bundles.c.status == "active"))
        if service is not None:
            q = q.where(_bundles.c.service == service)
        return [(BundleRecord(*r[:-1]), int(r[-1])) for r in self._execute(q.order_by(_bundles.c.valid_until_ms))]

    def holds_on(self, account_ids: list[str], session_id: str | None) -> tuple[dict[str, int], dict[str, int]]:
        """(every open session's holds per account, this session's holds) in one statement."""
        cond = _holds.c.account_id.in_(account_ids)
        if session_id is not None:
            cond = cond | (_holds.c.session_id == session_id)
        total: dict[str, int] = {}
        own: dict[str, int] = {}
        for sid, account, amount in self._execute(select(_holds.c.session_id, _holds.c.account_id, _holds.c.amount)
                                                  .where(cond)):
            total[account] = total.get(account, 0) + amount
            if sid == session_id:
                own[account] = amount
        return total, own

    def add_hour_charge(self, msisdn: str, hour: int, charge: int) -> None:
        stmt = self._upsert(_hours).values(msisdn=msisdn, hour=hour, charge=charge)
        self._execute(stmt.on_conflict_do_update(index_elements=["msisdn", "hour"],
                                                 set_={"charge": _hours.c.charge + stmt.excluded.charge}))

    def hour_charges(self, msisdn: str, from_hour: int) -> dict[int, int]:
        return dict(self._execute(select(_hours.c.hour, _hours.c.charge)
                                  .where(_hours.c.msisdn == msisdn, _hours.c.hour >= from_hour)).all())

    def reserved(self, account_ids: list[str]) -> dict[str, int]:
        if not account_ids:
            return {}
        rows = self._execute(select(_holds.c.account_id, func.sum(_holds.c.amount))
                             .where(_holds.c.account_id.in_(account_ids)).group_by(_holds.c.account_id)).all()
        found = {a: int(n) for a, n in rows}
        return {a: found.get(a, 0) for a in account_ids}

    def operator_of(self, msisdn: str) -> str | None:
        """The operator of the subscriber's latest accepted top-up."""
        return self._execute(select(Sale.operator).where(Sale.msisdn == msisdn, Sale.status == "accepted")
                             .order_by(Sale.created_at_ms.desc()).limit(1)).scalar_one_or_none()

    def last_topup(self, msisdn: str) -> tuple[str, str, str] | None:
        """(sale id, terminal id, agent id) of the subscriber's latest accepted top-up."""
        row = self._execute(select(Sale.id, Sale.terminal_id, Sale.agent_id)
                            .where(Sale.msisdn == msisdn, Sale.status == "accepted")
                            .order_by(Sale.created_at_ms.desc()).limit(1)).first()
        return tuple(row) if row else None  # type: ignore[return-value]

    def add_bundle(self, bundle: BundleRecord) -> None:
        self._execute(insert(_bundles).values(**{f: getattr(bundle, f) for f in BundleRecord.__slots__}))

    def bundles(self, msisdn: str, *, active_only: bool = False) -> list[BundleRecord]:
        q = select(*[getattr(_bundles.c, f) for f in BundleRecord.__slots__]).where(_bundles.c.msisdn == msisdn)
        if active_only:
            q = q.where(_bundles.c.status == "active")
        return [BundleRecord(*r) for r in self._execute(q.order_by(_bundles.c.valid_until_ms))]

    def set_bundle_status(self, bundle_id: str, status: str) -> None:
        self._execute(update(_bundles).where(_bundles.c.id == bundle_id).values(status=status))

    def due_bonus_expiries(self, now_ms: int, limit: int) -> list[str]:
        """Subscribers whose bonus bucket has expired and still holds something."""
        q = (select(Subscriber.msisdn).join(_accounts, _accounts.c.id == ("bonus:" + Subscriber.msisdn))
             .where(Subscriber.bonus_expires_at_ms.is_not(None), Subscriber.bonus_expires_at_ms <= now_ms,
                    _accounts.c.balance > 0).limit(limit))
        return list(self._execute(q).scalars())

    def due_bundle_expiries(self, now_ms: int, limit: int) -> list[tuple[str, str]]:
        """(msisdn, bundle id) of active bundles past their validity."""
        rows = self._execute(select(_bundles.c.msisdn, _bundles.c.id)
                             .where(_bundles.c.status == "active", _bundles.c.valid_until_ms <= now_ms).limit(limit))
        return [tuple(r) for r in rows]  # type: ignore[misc]

    # ------------------------------------------------------------ sessions

    def session(self, session_id: str, *, for_update: bool = False) -> SessionRecord | None:
        q = select(*_SESSION_COLUMNS).where(_sessions.c.id == session_id)
        if for_update:
            q = q.with_for_update()
        row = self._execute(q).first()
        return SessionRecord(*row) if row else None

    def add_session(self, s: SessionRecord) -> None:
        self._execute(insert(_sessions).values(**{f: getattr(s, f) for f in SessionRecord.__slots__}))

    def update_session(self, session_id: str, **values: object) -> None:
        if self._pg:  # the hot path of every update: the driver directly (SQLAlchemy's compile is ~half its CPU)
            names = sorted(values)
            if not _SESSION_NAMES.issuperset(names):
                raise ValueError(f"not session columns: {names}")
            with self._cursor() as cur:
                cur.execute(f"UPDATE charging_sessions SET {', '.join(f'{n} = %s' for n in names)} WHERE id = %s",
                            [*(values[n] for n in names), session_id])
            return
        self._execute(update(_sessions).where(_sessions.c.id == session_id).values(**values))

    def holds(self, session_id: str) -> dict[str, int]:
        return dict(self._execute(select(_holds.c.account_id, _holds.c.amount)
                                  .where(_holds.c.session_id == session_id)).all())

    def set_holds(self, session_id: str, holds: dict[str, int], *, replace: bool = True) -> None:
        """The session's holds become `holds` (`replace=False`: it had none, skip the delete)."""
        if replace:
            self._execute(delete(_holds).where(_holds.c.session_id == session_id))
        rows = [{"session_id": session_id, "account_id": a, "amount": n} for a, n in sorted(holds.items()) if n > 0]
        if rows:
            self._execute(insert(_holds), rows)

    def write_holds(self, session_id: str, holds: dict[str, int]) -> None:
        """set_holds(replace=True) in ONE statement on PostgreSQL (no read of its result: it can
        be pipelined): drop the holds not kept, upsert the others."""
        rows = sorted((a, n) for a, n in holds.items() if n > 0)
        if not self._pg:
            self.set_holds(session_id, dict(rows), replace=True)
            return
        keep = [a for a, _ in rows]
        if not rows:
            self._execute(delete(_holds).where(_holds.c.session_id == session_id))
            return
        self._execute(text(
            "WITH d AS (DELETE FROM charging_reservations WHERE session_id = :sid AND NOT (account_id = ANY(:keep))) "
            "INSERT INTO charging_reservations (session_id, account_id, amount) "
            "SELECT :sid, x.a, x.n FROM unnest(CAST(:keep AS varchar[]), CAST(:amounts AS bigint[])) AS x(a, n) "
            "ON CONFLICT (session_id, account_id) DO UPDATE SET amount = EXCLUDED.amount"),
            {"sid": session_id, "keep": keep, "amounts": [n for _, n in rows]})

    def stale_sessions(self, now_ms: int, limit: int) -> list[tuple[str, str]]:
        """(session id, msisdn) of open sessions not updated within their validity time."""
        rows = self._execute(select(_sessions.c.id, _sessions.c.msisdn)
                             .where(_sessions.c.state == "open", _sessions.c.valid_until_ms <= now_ms)
                             .order_by(_sessions.c.valid_until_ms).limit(limit))
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def open_sessions(self) -> int:
        return self._execute(select(func.count()).select_from(_sessions).where(_sessions.c.state == "open")).scalar()

    # ------------------------------------------------------------ requests (idempotency)

    def answer(self, session_id: str, request_number: int) -> tuple[str, str] | None:
        row = self._execute(select(_requests.c.content_hash, _requests.c.response).where(
            _requests.c.session_id == session_id, _requests.c.request_number == request_number)).first()
        return (row[0], row[1]) if row else None

    def store_answer(self, session_id: str, request_number: int, digest: str, response: str, now_ms: int) -> None:
        if self._pg:  # as update_session: the driver directly
            with self._cursor() as cur:
                cur.execute("INSERT INTO charging_requests (session_id, request_number, content_hash, response, "
                            "created_at_ms) VALUES (%s, %s, %s, %s, %s)",
                            [session_id, request_number, digest, response, now_ms])
            return
        self._execute(insert(_requests).values(session_id=session_id, request_number=request_number,
                                               content_hash=digest, response=response, created_at_ms=now_ms))

    # ------------------------------------------------------------ usage

    def add_usage(self, rows: list[dict]) -> None:
        self._bulk_insert(_usage, rows)  # (pipelined: the driver's executemany; SQLAlchemy's reads a result)

    def usage_rows(self, msisdn: str, since_ms: int) -> list[tuple[str, int, int, int, str]]:
        """(service, at_ms, units, charge, account) of the subscriber's usage since `since_ms`."""
        rows = self._execute(select(_usage.c.service, _usage.c.at_ms, _usage.c.units, _usage.c.charge,
                                    _usage.c.account_id)
                             .where(_usage.c.msisdn == msisdn, _usage.c.at_ms >= since_ms).order_by(_usage.c.at_ms))
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def charge_between(self, msisdn: str, start_ms: int, end_ms: int) -> int:
        return int(self._execute(select(func.coalesce(func.sum(_usage.c.charge), 0)).where(
            _usage.c.msisdn == msisdn, _usage.c.at_ms >= start_ms, _usage.c.at_ms < end_ms)).scalar())

    def first_usage_ms(self, msisdn: str) -> int | None:
        return self._execute(select(func.min(_usage.c.at_ms)).where(_usage.c.msisdn == msisdn)).scalar()

    # ------------------------------------------------------------ alerts

    def alert_last(self, msisdn: str, rule: str) -> int | None:
        return self._execute(select(_alert_state.c.last_at_ms).where(
            and_(_alert_state.c.msisdn == msisdn, _alert_state.c.rule == rule))).scalar_one_or_none()

    def set_alert_last(self, msisdn: str, rule: str, now_ms: int) -> None:
        stmt = self._upsert(_alert_state).values(msisdn=msisdn, rule=rule, last_at_ms=now_ms)
        self._execute(stmt.on_conflict_do_update(index_elements=["msisdn", "rule"], set_={"last_at_ms": now_ms}))

    # ------------------------------------------------------------ checks

    def broken_invariants(self) -> list[str]:
        problems = []
        for message, sql in INVARIANTS:
            for row in self._execute(text(sql)).all():
                problems.append(message.format(*row))
        return problems

    def subscriber_numbers(self, limit: int) -> list[str]:
        return list(self._execute(select(Subscriber.msisdn).order_by(Subscriber.first_seen_ms, Subscriber.msisdn)
                                  .limit(limit)).scalars())

    def terminal_secret_by_code(self, code: str) -> tuple[str, str] | None:
        """(terminal id, secret) of the terminal with this code (statement links name it)."""
        row = self._execute(select(Terminal.id, Terminal.secret).where(Terminal.code == code)).first()
        return (row[0], row[1]) if row else None
