"""Admin use cases behind the `pos-server` subcommands and the embedded demo helpers."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import uuid

from topup_core.errors import NotFound, ValidationError
from topup_core.resources import resource_path

from ..domain import ledger
from ..domain.risk import ACTIONS, DEFAULT_RULES, RuleSetting
from ..store.repositories.agents import AgentRecord
from ..store.repositories.enrollment import EnrollmentCodeRecord
from ..store.repositories.risk import AlertRecord as AlertView
from ..store.uow import UnitOfWork
from . import catalogs
from .context import ServerContext

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
DEMO_AGENT_NAME = "Demo Agent Nairobi"
DEMO_FLOAT = 5_000_000


def normalise_code(code: str) -> str:
    return re.sub(r"[\s\-]", "", code or "").upper()


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def create_agent(ctx: ServerContext, name: str, limit: int, currency: str, prefix: str | None = None) -> str:
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationError("agent_name_invalid", "An agent needs a name of 1 to 120 characters.")
    if not _CURRENCY.match(currency or ""):
        raise ValidationError("currency_invalid", "The currency must be an ISO 4217 code such as KES.")
    if type(limit) is not int or limit > 0:
        # The limit is a floor at or below zero (a credit line): a new agent with no float
        # already satisfies "float never below the limit".
        raise ValidationError("limit_invalid", "The limit is whole minor units, zero or negative (credit).")
    prefix = (prefix or re.sub(r"[^A-Za-z]", "", name)[:3] or "TRM").upper()[:8]
    agent_id = str(uuid.uuid4())
    with ctx.uow() as uow:
        uow.agents.add(AgentRecord(agent_id, name, prefix, currency, limit, ctx.clock()))
        uow.ledger.ensure_accounts([(ledger.float_account(agent_id), currency)])
        uow.commit()
    return agent_id


def _agent(uow: UnitOfWork, agent_id: str) -> AgentRecord:
    agent = uow.agents.get(agent_id)
    if agent is None:
        raise NotFound("agent_unknown", f"There is no agent {agent_id}.")
    return agent


def deposit(ctx: ServerContext, agent_id: str, amount: int) -> int:
    """Credit (or, negative, debit as a correction) the agent's float. Returns the new balance."""
    if type(amount) is not int or amount == 0:
        raise ValidationError("amount_invalid", "A deposit is a non-zero whole number of minor units.")
    with ctx.uow() as uow:
        agent = _agent(uow, agent_id)
        current = uow.ledger.lock_balance(ledger.float_account(agent_id)) or 0
        if not ledger.can_spend_float(current, agent.float_limit, -amount):
            raise ValidationError("insufficient_float", "That correction would take the float below its limit.")
        uow.ledger.apply_postings([ledger.deposit(f"deposit:{uuid.uuid4()}", agent_id, agent.currency, amount)],
                                  ctx.clock())
        uow.commit()
    return current + amount


def issue_enrollment_code(ctx: ServerContext, agent_id: str, ttl_ms: int | None = None) -> str:
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    now = ctx.clock()
    ttl = ctx.settings.enrollment_code_ttl_ms if ttl_ms is None else ttl_ms
    with ctx.uow() as uow:
        _agent(uow, agent_id)
        uow.enrollment_codes.add(EnrollmentCodeRecord(hash_code(code), agent_id, now, now + ttl))
        uow.commit()
    return "-".join(code[i:i + 4] for i in range(0, 12, 4))


def publish_catalog_file(ctx: ServerContext, path: str) -> int:
    try:
        with open(path, encoding="utf-8") as fh:
            document = json.load(fh)
    except (OSError, ValueError) as exc:
        raise ValidationError("catalog_unreadable", f"Cannot read the catalog: {exc}") from None
    if not isinstance(document, dict):
        raise ValidationError("catalog_invalid", "The catalog must be a JSON object.")
    return catalogs.publish(ctx, document)


def seed_demo(ctx: ServerContext) -> dict[str, object]:
    """Demo agent with float and the demo catalog (both only once), plus a fresh enrollment code."""
    with ctx.uow() as uow:
        agent_id = uow.agents.id_by_name(DEMO_AGENT_NAME)
        has_catalog = uow.catalogs.count() > 0
    if not has_catalog:
        with open(resource_path("demo", "catalog_ke.json"), encoding="utf-8") as fh:
            catalogs.publish(ctx, json.load(fh))
    if agent_id is None:
        agent_id = create_agent(ctx, DEMO_AGENT_NAME, 0, "KES", prefix="NBO")
        deposit(ctx, agent_id, DEMO_FLOAT)
    return {"agent_id": agent_id, "enrollment_code": issue_enrollment_code(ctx, agent_id)}


def charge_usage(ctx: ServerContext, msisdn: str, amount: int) -> int:
    """The subscriber spends main balance (calls, data). Returns the new main balance."""
    if type(amount) is not int or amount <= 0:
        raise ValidationError("amount_invalid", "Usage is a positive whole number of minor units.")
    with ctx.uow() as uow:
        current = uow.ledger.lock_balance(ledger.main_account(msisdn))
        if current is None:
            raise NotFound("subscriber_unknown", "That number has never been topped up here.")
        if current < amount:
            raise ValidationError("balance_insufficient", "The subscriber does not have that much credit.")
        currency = uow.subscribers.get(msisdn).currency
        uow.ledger.apply_postings([ledger.usage(f"usage:{uuid.uuid4()}", msisdn, currency, amount)], ctx.clock())
        uow.commit()
    return current - amount


def risk_rules(uow: UnitOfWork) -> dict[str, RuleSetting]:
    """Every rule's setting: the stored one, else the default."""
    return {**DEFAULT_RULES, **uow.risk.rules()}


def set_risk_rule(ctx: ServerContext, rule: str, action: str, threshold: int | None = None) -> RuleSetting:
    if rule not in DEFAULT_RULES:
        raise ValidationError("risk_rule_unknown", f"Rules are: {', '.join(DEFAULT_RULES)}.")
    if action not in ACTIONS:
        raise ValidationError("risk_action_invalid", f"Actions are: {', '.join(ACTIONS)}.")
    with ctx.uow() as uow:
        current = risk_rules(uow)[rule]
        setting = RuleSetting(action, current.threshold if threshold is None else threshold)
        uow.risk.set_rule(rule, setting)
        uow.commit()
    return setting


def list_alerts(ctx: ServerContext, limit: int = 200) -> list[AlertView]:
    with ctx.uow() as uow:
        return uow.risk.alerts(limit)


def new_secret() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()
