"""Settlement per agent and UTC day (issue 16): what the sales table says and what the ledger says,
side by side, with every difference named. Sales count on the day the server received them."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone

from topup_core.errors import NotFound, ValidationError

from ..domain import ledger
from .context import ServerContext
from .operators import Actor, require

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(text: str) -> date:
    try:
        if not _DAY.match(text or ""):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("day_invalid", "A day is written YYYY-MM-DD.") from None


def day_bounds(day: date) -> tuple[int, int]:
    start = int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp() * 1000)
    return start, start + 86_400_000


@dataclass(frozen=True)
class Settlement:
    agent_id: str
    agent_name: str
    currency: str
    day: str
    sales_count: int
    sales_face: int
    commission: int
    bonus_cost: int
    reversals_count: int
    reversals_face: int
    deposits: int
    transfers_in: int
    transfers_out: int
    allowance_net: int  # allowance reserved (-) / released (+) on the float
    opening_float: int
    closing_float: int
    payment_methods: list[tuple[str, int, int]] = field(default_factory=list)
    hourly_face: list[int] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def reconciled(self) -> bool:
        return not self.differences


def for_agent(ctx: ServerContext, actor: Actor, agent_id: str, day: str) -> Settlement:
    require(actor, "settlement.view")
    the_day = parse_day(day)
    start, end = day_bounds(the_day)
    account = ledger.float_account(agent_id)
    with ctx.uow() as uow:
        agent = uow.agents.get(agent_id) if agent_id and len(agent_id) <= 36 else None
        if agent is None:
            raise NotFound("agent_unknown", f"There is no agent {agent_id[:40]}.")
        sales, methods, hourly = uow.settlement.day_sales(agent_id, start, end)  # one scan of the day's sales
        moves, t_in, t_out = uow.settlement.ledger_day(account, start, end)  # one read of the day's postings
        opening = uow.settlement.balance_before(account, start)
        rev_count, rev_face = uow.settlement.reversals(account, start, end)
    closing = opening + sum(moves.values())
    differences = []
    from_float = sales.float_cost - sales.from_allowance
    if -moves.get("sale", 0) != from_float:
        differences.append(f"sales: the ledger took {-moves.get('sale', 0)} from the float, the sales table says "
                           f"{from_float} (difference {-moves.get('sale', 0) - from_float})")
    if moves.get("transfer", 0) != t_in - t_out:
        differences.append("transfers: postings and their entries disagree")
    known = {"sale", "reversal", "deposit", "transfer", "allowance_reserve", "allowance_release"}
    for kind in sorted(set(moves) - known):
        differences.append(f"unexpected postings of kind {kind} on the float: {moves[kind]}")
    if sum(methods_face for _m, _c, methods_face in methods) != sales.face:
        differences.append("payment methods do not add up to the sales face")
    return Settlement(agent.id, agent.name, agent.currency, the_day.isoformat(), sales.count, sales.face,
                      sales.face - sales.float_cost, sales.bonus, rev_count, rev_face, moves.get("deposit", 0), t_in,
                      t_out, moves.get("allowance_reserve", 0) + moves.get("allowance_release", 0), opening, closing,
                      methods, hourly, differences)


CSV_FIELDS = ["day", "agent_id", "agent_name", "currency", "sales_count", "sales_face", "commission", "bonus_cost",
              "reversals_count", "reversals_face", "deposits", "transfers_in", "transfers_out", "allowance_net",
              "opening_float", "closing_float", "reconciled", "differences"]


def to_csv(rows: list[Settlement]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for s in rows:
        values = asdict(s)
        name = s.agent_name if not s.agent_name[:1] in ("=", "+", "-", "@", "\t", "\r") else "'" + s.agent_name
        writer.writerow({**{k: values.get(k) for k in CSV_FIELDS if k in values}, "agent_name": name,
                         "reconciled": s.reconciled, "differences": "; ".join(s.differences)})
    return out.getvalue()


def all_agents(ctx: ServerContext, actor: Actor, day: str) -> list[Settlement]:
    require(actor, "settlement.view")
    with ctx.uow() as uow:
        ids = [a.id for a in uow.hierarchy.agents("", 0, 100_000)]
    return [for_agent(ctx, actor, agent_id, day) for agent_id in ids]
