"""The console's SQL (issue 16): the audit chain, operators, sessions, the agent hierarchy,
float transfers and the read models of the console pages."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, delete, func, insert, or_, select, update

from ...domain.audit import AuditEvent
from ..models import Account, Agent, Entry, Posting, Sale, Terminal
from ..models_console import AgentParent, AuditEvent as AuditRow, AuditHead, ConsoleSession, FloatTransfer, Operator
from .base import Repository

_audit = AuditRow.__table__
_head = AuditHead.__table__
_operators = Operator.__table__
_sessions = ConsoleSession.__table__
_parents = AgentParent.__table__
_transfers = FloatTransfer.__table__


class AuditRepository(Repository):
    def lock_head(self) -> tuple[int, str]:
        """(last seq, last hash), locked to the end of the transaction so appends never fork."""
        row = self._execute(select(_head.c.seq, _head.c.hash).where(_head.c.id == 1).with_for_update()).one()
        return int(row[0]), row[1]

    def append(self, event: AuditEvent) -> None:
        self._execute(insert(_audit).values(seq=event.seq, at_ms=event.at_ms, actor=event.actor, action=event.action,
                                            subject=event.subject, detail=event.detail, prev_hash=event.prev_hash,
                                            hash=event.hash))
        self._execute(update(_head).where(_head.c.id == 1).values(seq=event.seq, hash=event.hash))

    def head(self) -> tuple[int, str]:
        row = self._execute(select(_head.c.seq, _head.c.hash).where(_head.c.id == 1)).one()
        return int(row[0]), row[1]

    def events(self, after_seq: int, limit: int) -> list[AuditEvent]:
        rows = self._execute(select(_audit.c.seq, _audit.c.at_ms, _audit.c.actor, _audit.c.action, _audit.c.subject,
                                    _audit.c.detail, _audit.c.prev_hash, _audit.c.hash)
                             .where(_audit.c.seq > after_seq).order_by(_audit.c.seq).limit(limit)).all()
        return [AuditEvent(int(r[0]), *r[1:]) for r in rows]

    def latest(self, limit: int, action: str | None = None) -> list[AuditEvent]:
        q = select(_audit.c.seq, _audit.c.at_ms, _audit.c.actor, _audit.c.action, _audit.c.subject, _audit.c.detail,
                   _audit.c.prev_hash, _audit.c.hash)
        if action:
            q = q.where(_audit.c.action == action)
        return [AuditEvent(int(r[0]), *r[1:]) for r in self._execute(q.order_by(_audit.c.seq.desc()).limit(limit))]


@dataclass(frozen=True, slots=True)
class OperatorRecord:
    id: str
    name: str
    role: str
    password_hash: str
    disabled: bool
    language: str
    failed_attempts: int
    locked_until_ms: int
    created_at_ms: int
    must_change_password: bool = False  # migration 0010


_OPERATOR_COLUMNS = (_operators.c.id, _operators.c.name, _operators.c.role, _operators.c.password_hash,
                     _operators.c.disabled, _operators.c.language, _operators.c.failed_attempts,
                     _operators.c.locked_until_ms, _operators.c.created_at_ms, _operators.c.must_change_password)


def _operator(row) -> OperatorRecord:  # noqa: ANN001
    return OperatorRecord(row[0], row[1], row[2], row[3], bool(row[4]), row[5] or "", int(row[6]), int(row[7]),
                          int(row[8]), bool(row[9]))


class OperatorRepository(Repository):
    def add(self, op: OperatorRecord) -> bool:
        """Insert; False when the name is taken (also by a concurrent transaction: ON CONFLICT DO
        NOTHING waits for it and keeps this transaction usable)."""
        stmt = self._upsert(_operators).values(
            id=op.id, name=op.name, role=op.role, password_hash=op.password_hash, disabled=op.disabled,
            language=op.language, failed_attempts=0, locked_until_ms=0, created_at_ms=op.created_at_ms
        ).on_conflict_do_nothing(index_elements=["name"]).returning(_operators.c.id)
        return self._execute(stmt).first() is not None

    def by_name(self, name: str, *, for_update: bool = False) -> OperatorRecord | None:
        q = select(*_OPERATOR_COLUMNS).where(_operators.c.name == name)
        row = self._execute(q.with_for_update() if for_update else q).first()
        return _operator(row) if row is not None else None

    def get(self, operator_id: str) -> OperatorRecord | None:
        row = self._execute(select(*_OPERATOR_COLUMNS).where(_operators.c.id == operator_id)).first()
        return _operator(row) if row is not None else None

    def all(self) -> list[OperatorRecord]:
        return [_operator(r) for r in self._execute(select(*_OPERATOR_COLUMNS).order_by(_operators.c.name))]

    def note_login(self, operator_id: str, failed_attempts: int, locked_until_ms: int) -> None:
        self._execute(update(_operators).where(_operators.c.id == operator_id)
                      .values(failed_attempts=failed_attempts, locked_until_ms=locked_until_ms))

    def set_disabled(self, operator_id: str, disabled: bool) -> None:
        self._execute(update(_operators).where(_operators.c.id == operator_id).values(disabled=disabled))

    def set_password(self, operator_id: str, password_hash: str, must_change: bool = False) -> None:
        self._execute(update(_operators).where(_operators.c.id == operator_id)
                      .values(password_hash=password_hash, failed_attempts=0, locked_until_ms=0,
                              must_change_password=must_change))

    def set_language(self, operator_id: str, language: str) -> None:
        self._execute(update(_operators).where(_operators.c.id == operator_id).values(language=language))


@dataclass(frozen=True, slots=True)
class SessionRecord:
    token_hash: str
    operator_id: str
    csrf: str
    created_at_ms: int
    last_seen_ms: int


class SessionRepository(Repository):
    def add(self, s: SessionRecord) -> None:
        self._execute(insert(_sessions).values(token_hash=s.token_hash, operator_id=s.operator_id, csrf=s.csrf,
                                               created_at_ms=s.created_at_ms, last_seen_ms=s.last_seen_ms))

    def get(self, token_hash: str) -> SessionRecord | None:
        row = self._execute(select(_sessions.c.token_hash, _sessions.c.operator_id, _sessions.c.csrf,
                                   _sessions.c.created_at_ms, _sessions.c.last_seen_ms)
                            .where(_sessions.c.token_hash == token_hash)).first()
        return SessionRecord(*row) if row is not None else None

    def touch(self, token_hash: str, now_ms: int) -> None:
        self._execute(update(_sessions).where(_sessions.c.token_hash == token_hash).values(last_seen_ms=now_ms))

    def remove(self, token_hash: str) -> None:
        self._execute(delete(_sessions).where(_sessions.c.token_hash == token_hash))

    def remove_for_operator(self, operator_id: str, keep: str | None = None) -> None:
        """End every session of an operator (but the one whose hash is `keep`)."""
        q = delete(_sessions).where(_sessions.c.operator_id == operator_id)
        self._execute(q.where(_sessions.c.token_hash != keep) if keep else q)

    def remove_idle(self, before_ms: int) -> None:
        self._execute(delete(_sessions).where(_sessions.c.last_seen_ms < before_ms))


@dataclass(frozen=True, slots=True)
class AgentRow:
    id: str
    name: str
    currency: str
    float_limit: int
    balance: int
    parent_id: str | None
    parent_name: str | None
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class TransferRecord:
    id: str
    from_agent: str
    to_agent: str
    amount: int
    currency: str
    actor: str
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class FloatRequestRecord:
    id: str
    agent_id: str
    parent_id: str
    amount: int
    state: str
    requested_by: str
    created_at_ms: int
    decided_by: str | None = None
    decided_at_ms: int | None = None


@dataclass(frozen=True, slots=True)
class HistoryLine:
    entry_id: int
    posting_id: str
    kind: str
    ref: str | None
    amount: int
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class TerminalLine:
    id: str
    code: str
    label: str
    disabled: bool
    allowance: int
    enrolled_at_ms: int


class HierarchyRepository(Repository):
    """Parents, transfers and the agent pages' read models."""

    def set_parent(self, agent_id: str, parent_id: str) -> None:
        self._execute(insert(_parents).values(agent_id=agent_id, parent_id=parent_id))

    def parent_of(self, agent_id: str) -> str | None:
        return self._execute(select(_parents.c.parent_id).where(_parents.c.agent_id == agent_id)).scalar()

    def children(self, agent_id: str) -> list[tuple[str, str]]:
        return [tuple(r) for r in self._execute(
            select(Agent.id, Agent.name).join(_parents, _parents.c.agent_id == Agent.id)
            .where(_parents.c.parent_id == agent_id).order_by(Agent.name))]

    def _agent_query(self):  # noqa: ANN202
        parent = Agent.__table__.alias("parent")
        return (select(Agent.id, Agent.name, Agent.currency, Agent.float_limit, func.coalesce(Account.balance, 0),
                       _parents.c.parent_id, parent.c.name, Agent.created_at_ms)
                .select_from(Agent.__table__)
                .outerjoin(Account, Account.id == func.concat("float:", Agent.id) if self._pg
                           else Account.id == ("float:" + Agent.id))
                .outerjoin(_parents, _parents.c.agent_id == Agent.id)
                .outerjoin(parent, parent.c.id == _parents.c.parent_id))

    def agents(self, search: str, offset: int, limit: int) -> list[AgentRow]:
        q = self._agent_query()
        if search:
            q = q.where(or_(Agent.name.ilike(f"%{search}%"), Agent.id == search))
        return [AgentRow(*r) for r in self._execute(q.order_by(Agent.name, Agent.id).offset(offset).limit(limit))]

    def names(self, limit: int) -> list[tuple[str, str]]:
        """(id, name) of agents by name: a picker's list, without floats or balances."""
        return [(r[0], r[1]) for r in self._execute(select(Agent.id, Agent.name).order_by(Agent.name, Agent.id)
                                                     .limit(limit))]

    def agent_count(self, search: str) -> int:
        q = select(func.count()).select_from(Agent.__table__)
        if search:
            q = q.where(or_(Agent.name.ilike(f"%{search}%"), Agent.id == search))
        return int(self._execute(q).scalar_one())

    def agent(self, agent_id: str) -> AgentRow | None:
        row = self._execute(self._agent_query().where(Agent.id == agent_id)).first()
        return AgentRow(*row) if row is not None else None

    def sales_between(self, agent_id: str, from_ms: int, to_ms: int) -> tuple[int, int, int]:
        """(count, face, float cost) of the agent's accepted sales received in [from, to)."""
        row = self._execute(select(func.count(), func.coalesce(func.sum(Sale.face), 0),
                                   func.coalesce(func.sum(Sale.float_cost), 0))
                            .where(Sale.agent_id == agent_id, Sale.received_at_ms >= from_ms,
                                   Sale.received_at_ms < to_ms, Sale.status == "accepted")).one()
        return int(row[0]), int(row[1]), int(row[2])

    def terminals(self, agent_id: str) -> list[TerminalLine]:
        rows = self._execute(
            select(Terminal.id, Terminal.code, Terminal.label, Terminal.disabled,
                   func.coalesce(Account.balance, 0), Terminal.enrolled_at_ms)
            .select_from(Terminal.__table__)
            .outerjoin(Account, Account.id == (func.concat("allowance:", Terminal.id) if self._pg
                                               else "allowance:" + Terminal.id))
            .where(Terminal.agent_id == agent_id).order_by(Terminal.code).limit(500))
        return [TerminalLine(r[0], r[1], r[2], bool(r[3]), int(r[4]), int(r[5])) for r in rows]

    def float_history(self, account_id: str, limit: int) -> list[HistoryLine]:
        rows = self._execute(
            select(Entry.id, Entry.posting_id, Posting.kind, Posting.ref, Entry.amount, Posting.created_at_ms)
            .join(Posting, Posting.id == Entry.posting_id)
            .where(Entry.account_id == account_id).order_by(Entry.id.desc()).limit(limit))
        return [HistoryLine(int(r[0]), r[1], r[2], r[3], int(r[4]), int(r[5])) for r in rows]

    # ------------------------------------------------------------ transfers

    def add_transfer(self, t: TransferRecord) -> bool:
        """False when the id is already there (ON CONFLICT DO NOTHING: the transaction stays usable)."""
        stmt = self._upsert(_transfers).values(
            id=t.id, from_agent=t.from_agent, to_agent=t.to_agent, amount=t.amount, currency=t.currency,
            actor=t.actor, created_at_ms=t.created_at_ms).on_conflict_do_nothing(index_elements=["id"]
                                                                    ).returning(_transfers.c.id)
        return self._execute(stmt).first() is not None

    def transfer(self, transfer_id: str) -> TransferRecord | None:
        row = self._execute(select(*_transfers.c).where(_transfers.c.id == transfer_id)).first()
        return TransferRecord(*row) if row is not None else None

    # ------------------------------------------------------------ float requests

    def add_request(self, r: "FloatRequestRecord") -> bool:
        from ..models_console import FloatRequest
        t = FloatRequest.__table__
        stmt = self._upsert(t).values(id=r.id, agent_id=r.agent_id, parent_id=r.parent_id, amount=r.amount,
                                      state=r.state, requested_by=r.requested_by, created_at_ms=r.created_at_ms
                                      ).on_conflict_do_nothing(index_elements=["id"]).returning(t.c.id)
        return self._execute(stmt).first() is not None

    def request(self, request_id: str, *, for_update: bool = False) -> "FloatRequestRecord | None":
        from ..models_console import FloatRequest
        t = FloatRequest.__table__
        q = select(*t.c).where(t.c.id == request_id)
        row = self._execute(q.with_for_update() if for_update else q).first()
        return FloatRequestRecord(*row) if row is not None else None

    def requests_to(self, parent_id: str, state: str, limit: int) -> list["FloatRequestRecord"]:
        from ..models_console import FloatRequest
        t = FloatRequest.__table__
        rows = self._execute(select(*t.c).where(t.c.parent_id == parent_id, t.c.state == state)
                             .order_by(t.c.created_at_ms).limit(limit))
        return [FloatRequestRecord(*r) for r in rows]

    def decide(self, request_id: str, state: str, actor: str, now_ms: int) -> None:
        from ..models_console import FloatRequest
        t = FloatRequest.__table__
        self._execute(update(t).where(t.c.id == request_id).values(state=state, decided_by=actor, decided_at_ms=now_ms))

    def transfers_of(self, agent_id: str, limit: int) -> list[TransferRecord]:
        rows = self._execute(select(*_transfers.c).where(or_(_transfers.c.from_agent == agent_id,
                                                             _transfers.c.to_agent == agent_id))
                             .order_by(_transfers.c.created_at_ms.desc()).limit(limit))
        return [TransferRecord(*r) for r in rows]



@dataclass(frozen=True, slots=True)
class SalesTotals:
    count: int
    face: int
    float_cost: int
    bonus: int
    from_allowance: int


class SettlementRepository(Repository):
    """One agent's day, from the sales table and from the ledger (so the two can be compared)."""

    def sales(self, agent_id: str, from_ms: int, to_ms: int) -> SalesTotals:
        row = self._execute(select(func.count(), func.coalesce(func.sum(Sale.face), 0),
                                   func.coalesce(func.sum(Sale.float_cost), 0), func.coalesce(func.sum(Sale.bonus), 0),
                                   func.coalesce(func.sum(Sale.allowance_used), 0))
                            .where(Sale.agent_id == agent_id, Sale.received_at_ms >= from_ms,
                                   Sale.received_at_ms < to_ms, Sale.status == "accepted")).one()
        return SalesTotals(*(int(v) for v in row))

    def day_sales(self, agent_id: str, from_ms: int, to_ms: int
                  ) -> tuple[SalesTotals, list[tuple[str, int, int]], list[int]]:
        """The agent's accepted sales received in [from, to) in ONE scan, grouped by payment method
        and hour: (totals, [(method, count, face)], face per hour). Same figures as `sales`,
        `payment_methods` and `hourly_face`, a third of the reads (the settlement page's bench)."""
        hour = (Sale.received_at_ms - from_ms) // 3_600_000  # floor division in SQL (hours from the day's start)
        rows = self._execute(select(Sale.payment_method, hour, func.count(), func.coalesce(func.sum(Sale.face), 0),
                                    func.coalesce(func.sum(Sale.float_cost), 0), func.coalesce(func.sum(Sale.bonus), 0),
                                    func.coalesce(func.sum(Sale.allowance_used), 0))
                             .where(Sale.agent_id == agent_id, Sale.received_at_ms >= from_ms,
                                    Sale.received_at_ms < to_ms, Sale.status == "accepted")
                             .group_by(Sale.payment_method, hour)).all()
        count = face = cost = bonus = allowance = 0
        methods: dict[str, list[int]] = {}
        hours = [0] * 24
        for method, h, n, f, c, b, a in rows:
            n, f = int(n), int(f)
            count, face, cost, bonus, allowance = count + n, face + f, cost + int(c), bonus + int(b), allowance + int(a)
            m = methods.setdefault(method or "?", [0, 0])
            m[0] += n
            m[1] += f
            hours[min(23, max(0, int(h)))] += f
        listed = sorted(((k, v[0], v[1]) for k, v in methods.items()), key=lambda m: (-m[1], m[0]))
        return SalesTotals(count, face, cost, bonus, allowance), listed, hours

    def ledger_day(self, account_id: str, from_ms: int, to_ms: int) -> tuple[dict[str, int], int, int]:
        """(posting kind -> net amount, transfers in, transfers out) on the account for postings
        made in [from, to), in one read (what `float_movements` and `transfer_totals` give)."""
        positive = func.coalesce(func.sum(case((Entry.amount > 0, Entry.amount), else_=0)), 0)
        negative = func.coalesce(func.sum(case((Entry.amount < 0, Entry.amount), else_=0)), 0)
        rows = self._execute(select(Posting.kind, func.sum(Entry.amount), positive, negative)
                             .join(Posting, Posting.id == Entry.posting_id)
                             .where(Entry.account_id == account_id, Posting.created_at_ms >= from_ms,
                                    Posting.created_at_ms < to_ms).group_by(Posting.kind)).all()
        moves = {r[0]: int(r[1]) for r in rows}
        transfer = next((r for r in rows if r[0] == "transfer"), None)
        return moves, int(transfer[2]) if transfer else 0, -int(transfer[3]) if transfer else 0

    def payment_methods(self, agent_id: str, from_ms: int, to_ms: int) -> list[tuple[str, int, int]]:
        rows = self._execute(select(Sale.payment_method, func.count(), func.coalesce(func.sum(Sale.face), 0))
                             .where(Sale.agent_id == agent_id, Sale.received_at_ms >= from_ms,
                                    Sale.received_at_ms < to_ms, Sale.status == "accepted")
                             .group_by(Sale.payment_method))
        return sorted(((r[0] or "?", int(r[1]), int(r[2])) for r in rows), key=lambda m: (-m[1], m[0]))

    def float_movements(self, account_id: str, from_ms: int, to_ms: int) -> dict[str, int]:
        """Posting kind -> net amount on the account for postings made in [from, to)."""
        rows = self._execute(select(Posting.kind, func.sum(Entry.amount)).join(Posting, Posting.id == Entry.posting_id)
                             .where(Entry.account_id == account_id, Posting.created_at_ms >= from_ms,
                                    Posting.created_at_ms < to_ms).group_by(Posting.kind))
        return {r[0]: int(r[1]) for r in rows}

    def transfer_totals(self, account_id: str, from_ms: int, to_ms: int) -> tuple[int, int]:
        """(in, out) of transfer postings on the float account in [from, to)."""
        rows = self._execute(select(Entry.amount).join(Posting, Posting.id == Entry.posting_id)
                             .where(Entry.account_id == account_id, Posting.kind == "transfer",
                                    Posting.created_at_ms >= from_ms, Posting.created_at_ms < to_ms)).scalars()
        amounts = list(rows)
        return sum(a for a in amounts if a > 0), -sum(a for a in amounts if a < 0)

    def balance_before(self, account_id: str, before_ms: int) -> int:
        return int(self._execute(select(func.coalesce(func.sum(Entry.amount), 0))
                                 .join(Posting, Posting.id == Entry.posting_id)
                                 .where(Entry.account_id == account_id, Posting.created_at_ms < before_ms)).scalar_one())

    def reversals(self, account_id: str, from_ms: int, to_ms: int) -> tuple[int, int]:
        """(count, face) of reversals posted on the agent's float in [from, to)."""
        row = self._execute(select(func.count(), func.coalesce(func.sum(Sale.face), 0))
                            .select_from(Entry.__table__).join(Posting, Posting.id == Entry.posting_id)
                            .join(Sale, Sale.id == Posting.ref)
                            .where(Entry.account_id == account_id, Posting.kind == "reversal",
                                   Posting.created_at_ms >= from_ms, Posting.created_at_ms < to_ms)).one()
        return int(row[0]), int(row[1])

    def hourly_face(self, agent_id: str, from_ms: int, to_ms: int) -> list[int]:
        rows = self._execute(select(Sale.received_at_ms, Sale.face)
                             .where(Sale.agent_id == agent_id, Sale.received_at_ms >= from_ms,
                                    Sale.received_at_ms < to_ms, Sale.status == "accepted"))
        hours = [0] * 24
        for at, face in rows:
            hours[min(23, max(0, (int(at) - from_ms) // 3_600_000))] += int(face or 0)
        return hours


@dataclass(frozen=True, slots=True)
class DeskAlert:
    id: int
    created_at_ms: int
    rule: str
    action: str
    sale_id: str
    terminal_id: str
    agent_id: str
    agent_name: str | None
    detail: str
    state: str | None
    note: str | None
    handled_by: str | None


@dataclass(frozen=True, slots=True)
class RateRow:
    agent_id: str
    name: str
    currency: str
    available: int
    recent_cost: int  # float spent on sales in the window


class RiskDeskRepository(Repository):
    def alerts(self, rule: str, state: str, limit: int) -> list[DeskAlert]:
        from ..models import RiskAlert
        from ..models_console import AlertState
        a, s = RiskAlert.__table__, AlertState.__table__
        q = (select(a.c.id, a.c.created_at_ms, a.c.rule, a.c.action, a.c.sale_id, a.c.terminal_id, a.c.agent_id,
                    Agent.name, a.c.detail, s.c.state, s.c.note, s.c.actor)
             .select_from(a).outerjoin(s, s.c.alert_id == a.c.id).outerjoin(Agent, Agent.id == a.c.agent_id))
        if rule:
            q = q.where(a.c.rule == rule)
        if state == "open":
            q = q.where(s.c.state.is_(None))
        elif state:
            q = q.where(s.c.state == state)
        return [DeskAlert(*r) for r in self._execute(q.order_by(a.c.id.desc()).limit(limit))]

    def alert_exists(self, alert_id: int) -> bool:
        from ..models import RiskAlert
        return self._execute(select(RiskAlert.id).where(RiskAlert.id == alert_id)).first() is not None

    def set_state(self, alert_id: int, state: str, note: str, actor: str, now_ms: int) -> None:
        from ..models_console import AlertState
        table = AlertState.__table__
        stmt = self._upsert(table).values(alert_id=alert_id, state=state, note=note, actor=actor, at_ms=now_ms)
        self._execute(stmt.on_conflict_do_update(index_elements=["alert_id"], set_={
            "state": stmt.excluded.state, "note": stmt.excluded.note, "actor": stmt.excluded.actor,
            "at_ms": stmt.excluded.at_ms}))

    def setting(self, key: str) -> int | None:
        from ..models_console import ConsoleSetting
        return self._execute(select(ConsoleSetting.value).where(ConsoleSetting.key == key)).scalar()

    def set_setting(self, key: str, value: int) -> None:
        from ..models_console import ConsoleSetting
        table = ConsoleSetting.__table__
        stmt = self._upsert(table).values(key=key, value=value)
        self._execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value}))

    def rates(self, since_ms: int, with_spend: bool = True) -> list[RateRow]:
        """Every agent's available float and (with_spend) the float its sales took since
        `since_ms` (one index range per agent: ix_sales_agent_received), else 0."""
        from sqlalchemy import literal
        recent = (select(func.coalesce(func.sum(Sale.float_cost), 0))
                  .where(Sale.agent_id == Agent.id, Sale.received_at_ms >= since_ms, Sale.status == "accepted")
                  .correlate(Agent).scalar_subquery()) if with_spend else literal(0)
        rows = self._execute(
            select(Agent.id, Agent.name, Agent.currency, func.coalesce(Account.balance, 0) - Agent.float_limit, recent)
            .select_from(Agent.__table__).outerjoin(Account, Account.id == ("float:" + Agent.id)))
        return [RateRow(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in rows]

    def watch(self) -> dict[str, bool]:
        from ..models_console import FloatWatch
        return {r[0]: bool(r[1]) for r in self._execute(select(FloatWatch.agent_id, FloatWatch.below))}

    def set_watch(self, agent_id: str, below: bool, now_ms: int) -> None:
        from ..models_console import FloatWatch
        table = FloatWatch.__table__
        stmt = self._upsert(table).values(agent_id=agent_id, below=below, at_ms=now_ms)
        self._execute(stmt.on_conflict_do_update(index_elements=["agent_id"], set_={
            "below": stmt.excluded.below, "at_ms": stmt.excluded.at_ms}))


@dataclass(frozen=True, slots=True)
class CareTopUp:
    sale_id: str
    created_at_ms: int | None
    received_at_ms: int
    face: int | None
    bonus: int | None
    product: str | None
    agent_name: str | None
    terminal_code: str | None
    status: str
    code: str | None
    reversed: bool


class CareRepository(Repository):
    def top_ups(self, msisdn: str, limit: int) -> list[CareTopUp]:
        rows = self._execute(
            select(Sale.id, Sale.created_at_ms, Sale.received_at_ms, Sale.face, Sale.bonus, Sale.product, Agent.name,
                   Terminal.code, Sale.status, Sale.code, Sale.reversal_id)
            .select_from(Sale.__table__).outerjoin(Agent, Agent.id == Sale.agent_id)
            .outerjoin(Terminal, Terminal.id == Sale.terminal_id)
            .where(Sale.msisdn == msisdn).order_by(Sale.created_at_ms.desc()).limit(limit))
        return [CareTopUp(*r[:10], r[10] is not None) for r in rows]


@dataclass(frozen=True, slots=True)
class TerminalDetail:
    id: str
    agent_id: str
    code: str
    label: str
    disabled: bool
    enrolled_at_ms: int
    contiguous_through: int
    highest_seq: int
    received: int
    last_sale_ms: int | None
    last_contact_ms: int | None = None  # migration 0010: the last signed request (to the minute)


class TerminalDeskRepository(Repository):
    def detail(self, terminal_id: str) -> TerminalDetail | None:
        row = self._execute(select(Terminal.id, Terminal.agent_id, Terminal.code, Terminal.label, Terminal.disabled,
                                   Terminal.enrolled_at_ms, Terminal.contiguous_through)
                            .where(Terminal.id == terminal_id)).first()
        if row is None:
            return None
        highest, received = self._execute(select(func.coalesce(func.max(Sale.seq), 0), func.count(Sale.seq))
                                          .where(Sale.terminal_id == terminal_id)).one()
        last = self._execute(select(func.max(Sale.created_at_ms)).where(Sale.terminal_id == terminal_id)).scalar()
        from ..models_console import TerminalContact
        contact = self._execute(select(TerminalContact.last_contact_ms)
                                .where(TerminalContact.terminal_id == terminal_id)).scalar()
        return TerminalDetail(row[0], row[1], row[2], row[3], bool(row[4]), int(row[5]), int(row[6]), int(highest),
                              int(received), int(last) if last is not None else None,
                              int(contact) if contact is not None else None)

    def missing_seqs(self, terminal_id: str, after: int, limit: int) -> list[int]:
        """Sequence numbers above `after` not received yet (the first `limit`)."""
        seqs = list(self._execute(select(Sale.seq).where(Sale.terminal_id == terminal_id, Sale.seq > after)
                                  .order_by(Sale.seq).limit(100_000)).scalars())
        missing, expected = [], after + 1
        for s in seqs:
            while expected < s and len(missing) < limit:
                missing.append(expected)
                expected += 1
            expected = max(expected, s + 1)
            if len(missing) >= limit:
                break
        return missing

    def set_disabled(self, terminal_id: str, disabled: bool) -> None:
        self._execute(update(Terminal.__table__).where(Terminal.__table__.c.id == terminal_id)
                      .values(disabled=disabled))


# ---------------------------------------------------------------- catalog drafts (migration 0010)

from ..models_console import CatalogDraft as _DraftRow  # noqa: E402

_drafts = _DraftRow.__table__
_DRAFT_COLUMNS = (_drafts.c.id, _drafts.c.based_on, _drafts.c.document, _drafts.c.created_by, _drafts.c.updated_by,
                  _drafts.c.updated_at_ms, _drafts.c.published_version)


class CatalogDraftRepository(Repository):
    def add(self, draft_id: str, based_on: int, document: str, actor: str, now_ms: int) -> None:
        self._execute(insert(_drafts).values(id=draft_id, based_on=based_on, document=document, created_by=actor,
                                             created_at_ms=now_ms, updated_by=actor, updated_at_ms=now_ms,
                                             published_version=None))

    def get(self, draft_id: str) -> tuple | None:
        row = self._execute(select(*_DRAFT_COLUMNS).where(_drafts.c.id == draft_id)).first()
        return tuple(row) if row is not None else None

    def update(self, draft_id: str, document: str, actor: str, now_ms: int, revision: int) -> bool:
        """Store an edit if nobody changed the draft since `revision` (its updated_at_ms) and it is unpublished."""
        result = self._execute(update(_drafts).where(_drafts.c.id == draft_id, _drafts.c.updated_at_ms == revision,
                                                     _drafts.c.published_version.is_(None))
                               .values(document=document, updated_by=actor, updated_at_ms=now_ms))
        return result.rowcount == 1

    def mark_published(self, draft_id: str, version: int, revision: int) -> bool:
        result = self._execute(update(_drafts).where(_drafts.c.id == draft_id, _drafts.c.updated_at_ms == revision,
                                                     _drafts.c.published_version.is_(None))
                               .values(published_version=version))
        return result.rowcount == 1

    def latest(self, limit: int) -> list[tuple]:
        """(id, based_on, created_by, updated_by, updated_at_ms, published_version), newest first."""
        rows = self._execute(select(_drafts.c.id, _drafts.c.based_on, _drafts.c.created_by, _drafts.c.updated_by,
                                    _drafts.c.updated_at_ms, _drafts.c.published_version)
                             .order_by(_drafts.c.updated_at_ms.desc()).limit(limit)).all()
        return [tuple(r) for r in rows]


# ---------------------------------------------------------------- terminal contact, day closes (migration 0010)

from ..models_console import DayClose as _DayCloseRow, TerminalContact as _ContactRow  # noqa: E402

_contacts = _ContactRow.__table__
_closes = _DayCloseRow.__table__


class TerminalContactRepository(Repository):
    def touch(self, terminal_id: str, now_ms: int) -> None:
        """Upsert the terminal's last contact (never moves backwards)."""
        stmt = self._upsert(_contacts).values(terminal_id=terminal_id, last_contact_ms=now_ms)
        self._execute(stmt.on_conflict_do_update(
            index_elements=["terminal_id"], set_={"last_contact_ms": now_ms},
            where=_contacts.c.last_contact_ms < now_ms))


class DayCloseRepository(Repository):
    def put(self, row: dict) -> None:
        """Store a close as answered (a retry of the same id replaces it with the new answer)."""
        self._execute(delete(_closes).where(_closes.c.id == row["id"]))
        self._execute(insert(_closes).values(**row))

    def agent_day(self, agent_id: str, business_day: str) -> list[tuple]:
        """Issue 16 item 6, one read: each of the agent's terminals (id, code) with its stored close
        of that business day (client_totals, server_totals JSON) or None, None when it has not closed it.
        Terminals by `ix_terminals_agent_id`, closes by `ix_day_closes_terminal`'s terminal prefix."""
        j = Terminal.__table__.outerjoin(_closes, (_closes.c.terminal_id == Terminal.id)
                                         & (_closes.c.business_day == business_day))
        return [tuple(r) for r in self._execute(
            select(Terminal.id, Terminal.code, _closes.c.client_totals, _closes.c.server_totals, _closes.c.z_no)
            .select_from(j).where(Terminal.agent_id == agent_id)
            .order_by(Terminal.code, _closes.c.received_at_ms)).all()]

    def for_terminal(self, terminal_id: str, limit: int) -> list[dict]:
        rows = self._execute(select(_closes).where(_closes.c.terminal_id == terminal_id)
                             .order_by(_closes.c.received_at_ms.desc()).limit(limit)).mappings().all()
        return [dict(r) for r in rows]
