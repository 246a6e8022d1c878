"""Agents in a reseller hierarchy and the float moves between them (issue 16), for the console and
the CLI. Each use case checks the actor's role, runs in one unit of work and writes its audit row
in the same transaction.

Transfer rules: a dealer moves float to its own retailers only (parent -> direct child), in the
same currency, a positive whole amount, never taking the sender's float below its limit (reserved
offline allowances are separate accounts and are not touched). A transfer is keyed by the
client's id: the same id again answers the first transfer and moves nothing; the same id with
other content is refused (id_conflict)."""
from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from topup_core.errors import Conflict, NotFound, ValidationError

from ..domain import ledger
from ..store.repositories.agents import AgentRecord
from ..store.repositories.console import AgentRow, HistoryLine, TerminalLine, TransferRecord
from ..store.repositories.enrollment import EnrollmentCodeRecord
from ..store.uow import UnitOfWork
from . import audit
from .admin import _CODE_ALPHABET, hash_code
from .context import ServerContext
from .operators import Actor, require

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
MAX_AMOUNT = 10**15


def _agent(uow: UnitOfWork, agent_id: str) -> AgentRecord:
    agent = uow.agents.get(agent_id) if agent_id and len(agent_id) <= 36 else None
    if agent is None:
        raise NotFound("agent_unknown", f"There is no agent {agent_id[:40]}.")
    return agent


def _whole(amount: object, code: str = "amount_invalid") -> int:
    if type(amount) is not int or amount <= 0 or amount > MAX_AMOUNT:
        raise ValidationError(code, "An amount is a positive whole number of minor units.")
    return amount


def create_agent(ctx: ServerContext, actor: Actor, name: str, limit: int = 0, currency: str = "KES",
                 prefix: str | None = None, parent_id: str | None = None) -> str:
    require(actor, "agents.create")
    name = (name or "").strip()
    if not name or len(name) > 120 or "\x00" in name:
        raise ValidationError("agent_name_invalid", "An agent needs a name of 1 to 120 characters.")
    if not _CURRENCY.match(currency or ""):
        raise ValidationError("currency_invalid", "The currency must be an ISO 4217 code such as KES.")
    if type(limit) is not int or limit > 0 or limit < -MAX_AMOUNT:
        raise ValidationError("limit_invalid", "The limit is whole minor units, zero or negative (credit).")
    prefix = (prefix or re.sub(r"[^A-Za-z]", "", name)[:3] or "TRM").upper()[:8]
    agent_id = str(uuid.uuid4())
    now = ctx.clock()
    with ctx.uow() as uow:
        if parent_id:
            parent = _agent(uow, parent_id)
            if parent.currency != currency:
                raise ValidationError("agent_parent_invalid",
                                      f"The parent agent works in {parent.currency}, not {currency}.")
        uow.agents.add(AgentRecord(agent_id, name, prefix, currency, limit, now))
        uow.ledger.ensure_accounts([(ledger.float_account(agent_id), currency)])
        if parent_id:
            uow.hierarchy.set_parent(agent_id, parent_id)
        audit.record_in(uow, now, actor.name, "agent_create", agent_id,
                        {"name": name, "limit": limit, "currency": currency, "parent_id": parent_id or None})
        uow.commit()
    return agent_id


def deposit(ctx: ServerContext, actor: Actor, agent_id: str, amount: int) -> int:
    """Credit (or, negative, debit as a correction) the agent's float. Returns the new balance."""
    require(actor, "float.deposit")
    if type(amount) is not int or amount == 0 or abs(amount) > MAX_AMOUNT:
        raise ValidationError("amount_invalid", "A deposit is a non-zero whole number of minor units.")
    now = ctx.clock()
    with ctx.uow() as uow:
        agent = _agent(uow, agent_id)
        current = uow.ledger.lock_balance(ledger.float_account(agent_id)) or 0
        if not ledger.can_spend_float(current, agent.float_limit, -amount):
            raise ValidationError("insufficient_float", "That correction would take the float below its limit.")
        posting_id = f"deposit:{uuid.uuid4()}"
        uow.ledger.apply_postings([ledger.deposit(posting_id, agent_id, agent.currency, amount)], now)
        audit.record_in(uow, now, actor.name, "deposit", agent_id, {"amount": amount, "posting": posting_id})
        uow.commit()
    return current + amount


@dataclass(frozen=True, slots=True)
class TransferResult:
    id: str
    from_agent: str
    to_agent: str
    amount: int
    currency: str
    from_balance: int
    duplicate: bool  # True: this id had already moved the money; nothing moved now


def transfer_posting(transfer_id: str, from_agent: str, to_agent: str, currency: str, amount: int) -> ledger.Posting:
    return ledger.Posting(f"transfer:{transfer_id}", "transfer", transfer_id, currency,
                          (ledger.Entry(ledger.float_account(from_agent), -amount),
                           ledger.Entry(ledger.float_account(to_agent), amount)))


def transfer(ctx: ServerContext, actor: Actor, client_id: str, from_agent: str, to_agent: str,
             amount: int) -> TransferResult:
    require(actor, "float.transfer")
    with ctx.uow() as uow:
        result = transfer_in(ctx, uow, actor, client_id, from_agent, to_agent, amount)
        if not result.duplicate:
            uow.commit()
    return result


def transfer_in(ctx: ServerContext, uow: UnitOfWork, actor: Actor, client_id: str, from_agent: str, to_agent: str,
                amount: int) -> TransferResult:
    """The transfer inside `uow` (not committed): also used when a dealer approves a request."""
    require(actor, "float.transfer")
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise ValidationError("transfer_id_invalid", "A transfer id is 8 to 64 letters, digits or . _ : -.")
    amount = _whole(amount)
    if from_agent == to_agent:
        raise ValidationError("transfer_not_allowed", "An agent cannot transfer float to itself.")
    now = ctx.clock()
    source, target = _agent(uow, from_agent), _agent(uow, to_agent)
    if uow.hierarchy.parent_of(to_agent) != from_agent:
        raise ValidationError("transfer_not_allowed",
                              f"{target.name} is not a retailer of {source.name}: float moves down to its own retailers only.")
    if source.currency != target.currency:
        raise ValidationError("currency_mismatch", "Both agents must work in the same currency.")
    # Both floats locked in id order, as every other use case does: no deadlocks with sales.
    balances = {a: uow.ledger.lock_balance(ledger.float_account(a)) or 0 for a in sorted((from_agent, to_agent))}
    record = TransferRecord(client_id, from_agent, to_agent, amount, source.currency, actor.name, now)
    if not uow.hierarchy.add_transfer(record):
        first = uow.hierarchy.transfer(client_id)
        if (first.from_agent, first.to_agent, first.amount) != (from_agent, to_agent, amount):
            raise Conflict("id_conflict", "That transfer id was already used for a different transfer.")
        return TransferResult(client_id, from_agent, to_agent, amount, first.currency, balances[from_agent], True)
    if not ledger.can_spend_float(balances[from_agent], source.float_limit, amount):
        raise ValidationError("insufficient_float",
                              f"{source.name} has {balances[from_agent] - source.float_limit} available.")
    uow.ledger.apply_postings([transfer_posting(client_id, from_agent, to_agent, source.currency, amount)], now)
    audit.record_in(uow, now, actor.name, "transfer", client_id,
                    {"from": from_agent, "to": to_agent, "amount": amount, "currency": source.currency})
    return TransferResult(client_id, from_agent, to_agent, amount, source.currency, balances[from_agent] - amount,
                          False)


# ---------------------------------------------------------------- float requests (retailer -> dealer)


@dataclass(frozen=True, slots=True)
class RequestView:
    id: str
    agent_id: str
    parent_id: str
    amount: int
    state: str
    duplicate: bool = False


def request_float(ctx: ServerContext, agent_id: str, amount: int, client_id: str, requested_by: str) -> RequestView:
    """A retailer asks its dealer for float; idempotent on the client's id. Called by the signed
    terminal endpoint (the till's agent) and by the console (finance/admin, see request_for)."""
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise ValidationError("transfer_id_invalid", "A request id is 8 to 64 letters, digits or . _ : -.")
    amount = _whole(amount)
    now = ctx.clock()
    with ctx.uow() as uow:
        _agent(uow, agent_id)
        parent = uow.hierarchy.parent_of(agent_id)
        if parent is None:
            raise ValidationError("transfer_not_allowed", "This agent has no dealer to ask for float.")
        from ..store.repositories.console import FloatRequestRecord
        if not uow.hierarchy.add_request(FloatRequestRecord(client_id, agent_id, parent, amount, "pending",
                                                            requested_by[:120], now)):
            first = uow.hierarchy.request(client_id)
            if (first.agent_id, first.amount) != (agent_id, amount):
                raise Conflict("id_conflict", "That request id was already used for a different request.")
            return RequestView(first.id, first.agent_id, first.parent_id, first.amount, first.state, True)
        audit.record_in(uow, now, requested_by, "float_request", client_id,
                        {"agent": agent_id, "parent": parent, "amount": amount})
        uow.commit()
    return RequestView(client_id, agent_id, parent, amount, "pending")


def decide_request(ctx: ServerContext, actor: Actor, request_id: str, approve: bool) -> RequestView:
    """Approve (the dealer's float moves to the retailer, in the same transaction) or refuse."""
    require(actor, "float.transfer")
    with ctx.uow() as uow:
        found = uow.hierarchy.request(request_id[:64], for_update=True) if request_id else None
        if found is None:
            raise NotFound("not_found", "There is no such float request.")
        if found.state != "pending":
            raise Conflict("conflict", f"That request is already {found.state}.")
        if approve:
            transfer_in(ctx, uow, actor, f"req:{found.id}"[:64], found.parent_id, found.agent_id, found.amount)
        uow.hierarchy.decide(found.id, "approved" if approve else "refused", actor.name, ctx.clock())
        audit.record_in(uow, ctx.clock(), actor.name, "float_request_" + ("approve" if approve else "refuse"), found.id,
                        {"amount": found.amount})
        uow.commit()
    return RequestView(found.id, found.agent_id, found.parent_id, found.amount, "approved" if approve else "refused")


def issue_code(ctx: ServerContext, actor: Actor, agent_id: str, ttl_ms: int | None = None) -> str:
    """A one-time enrollment code for a new terminal of the agent (the code itself is not stored)."""
    require(actor, "terminals.issue_code")
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    now = ctx.clock()
    ttl = ctx.settings.enrollment_code_ttl_ms if ttl_ms is None else ttl_ms
    with ctx.uow() as uow:
        _agent(uow, agent_id)
        uow.enrollment_codes.add(EnrollmentCodeRecord(hash_code(code), agent_id, now, now + ttl))
        audit.record_in(uow, now, actor.name, "code_issue", agent_id, {"expires_at_ms": now + ttl})
        uow.commit()
    return "-".join(code[i:i + 4] for i in range(0, 12, 4))


# ---------------------------------------------------------------- read models


@dataclass(frozen=True)
class AgentList:
    agents: list[AgentRow]
    total: int
    offset: int
    limit: int


def list_agents(ctx: ServerContext, actor: Actor, search: str = "", offset: int = 0, limit: int = 50) -> AgentList:
    require(actor, "agents.view")
    search = (search or "").strip()[:120]
    offset, limit = max(0, min(offset, 10**7)), max(1, min(limit, 200))
    with ctx.uow() as uow:
        return AgentList(uow.hierarchy.agents(search, offset, limit), uow.hierarchy.agent_count(search), offset, limit)


def agent_names(ctx: ServerContext, actor: Actor, limit: int = 2_000) -> list[tuple[str, str]]:
    """(id, name) of agents by name, for pickers (no balances read)."""
    require(actor, "agents.view")
    with ctx.uow() as uow:
        return uow.hierarchy.names(max(1, min(limit, 10_000)))


@dataclass(frozen=True)
class AgentPage:
    agent: AgentRow
    available: int  # float above the limit
    sales_today: int
    face_today: int
    cost_today: int
    terminals: list[TerminalLine]
    allowances_held: int
    children: list[tuple[str, str]]
    history: list[HistoryLine]
    transfers: list[TransferRecord]
    requests: list = field(default_factory=list)  # pending float requests from its retailers


def day_start_ms(now_ms: int) -> int:
    day = datetime.fromtimestamp(now_ms / 1000, tz=timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return int(day.timestamp() * 1000)


def agent_page(ctx: ServerContext, actor: Actor, agent_id: str, history: int = 50) -> AgentPage:
    require(actor, "agents.view")
    now = ctx.clock()
    with ctx.uow() as uow:
        row = uow.hierarchy.agent(agent_id) if agent_id and len(agent_id) <= 36 else None
        if row is None:
            raise NotFound("agent_unknown", f"There is no agent {agent_id[:40]}.")
        start = day_start_ms(now)
        count, face, cost = uow.hierarchy.sales_between(agent_id, start, start + 86_400_000)
        terminals = uow.hierarchy.terminals(agent_id)
        return AgentPage(row, row.balance - row.float_limit, count, face, cost, terminals,
                         sum(t.allowance for t in terminals), uow.hierarchy.children(agent_id),
                         uow.hierarchy.float_history(ledger.float_account(agent_id), history),
                         uow.hierarchy.transfers_of(agent_id, 20), uow.hierarchy.requests_to(agent_id, "pending", 50))
