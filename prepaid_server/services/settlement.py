"""Settlement per agent and UTC day (issue 16): what the sales table says and what the ledger says,
side by side, with every difference named. Sales count on the day the server received them."""
from __future__ import annotations

import csv
import io
import json
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
    # issue 16 item 6: the methods as the terminals' day closes (Z) reported them, summed over the
    # agent's terminals' closes of this business day: [(method, count, face)]
    closed_methods: list[tuple[str, int, int]] = field(default_factory=list)
    closes: list[TerminalClose] = field(default_factory=list)
    not_closed: list[str] = field(default_factory=list)  # terminal codes with no close of the day
    method_differences: list[str] = field(default_factory=list)

    @property
    def reconciled(self) -> bool:
        return not self.differences

    @property
    def methods_matched(self) -> bool:
        return not self.method_differences


@dataclass(frozen=True)
class TerminalClose:
    """One terminal's Z of the day: its methods as reported, beside the server's recompute of
    the same sales. `reported` is None when the terminal sent no method figures (older till)."""
    terminal_code: str
    z_no: int
    reported: dict[str, tuple[int, int]] | None
    server: dict[str, tuple[int, int]]


def _fmt(amount: int) -> str:
    return f"{amount // 100:,}.{amount % 100:02d}" if amount >= 0 else "-" + _fmt(-amount)


def _methods(raw: object) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    if isinstance(raw, dict):
        for k, v in raw.items():
            if isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v):
                out[str(k)] = (v[0], v[1])
    return out


def day_closes(rows: list[tuple]):
    """(closes, not closed, summed reported methods, differences) from `DayCloseRepository.agent_day`."""
    closes: list[TerminalClose] = []
    not_closed: list[str] = []
    differences: list[str] = []
    latest: dict[str, tuple] = {}
    for tid, code, client_json, server_json, z_no in rows:
        if server_json is None:
            not_closed.append(code)
        else:
            latest[tid] = (code, client_json, server_json, z_no)  # ordered by received: the latest wins
    summed: dict[str, list[int]] = {}
    for code, client_json, server_json, z_no in sorted(latest.values(), key=lambda r: r[0]):
        client = json.loads(client_json) if client_json else None
        reported = _methods(client.get("methods")) if client and "methods" in client else None
        server = _methods(json.loads(server_json).get("methods"))
        closes.append(TerminalClose(code, int(z_no), reported, server))
        if reported is None:
            differences.append(f"terminal {code}: Z {z_no} reported no payment methods")
            continue
        for method in sorted(set(reported) | set(server)):
            r, sv = reported.get(method, (0, 0)), server.get(method, (0, 0))
            if r[1] != sv[1] or r[0] != sv[0]:
                differences.append(f"terminal {code}: {method} {_fmt(r[1])} reported ({r[0]} sales), "
                                   f"{_fmt(sv[1])} on the server ({sv[0]} sales)")
            s = summed.setdefault(method, [0, 0])
            s[0] += r[0]
            s[1] += r[1]
    if not_closed:
        differences.append("not closed: " + ", ".join(not_closed))
    listed = sorted(((k, v[0], v[1]) for k, v in summed.items()), key=lambda m: (-m[1], m[0]))
    # The agent-wide sums are shown beside the server's UTC-day figures but not compared: a terminal's
    # business day is local (it may straddle two UTC days); each Z is compared with the server's
    # recompute of the very sales it covers, above.
    return closes, not_closed, listed, differences


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
        close_rows = uow.day_closes.agent_day(agent_id, the_day.isoformat())  # issue 16 item 6: one indexed read
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
                      methods, hourly, differences, *_closes_of(close_rows, methods))


def _closes_of(rows: list[tuple], methods: list[tuple[str, int, int]]) -> tuple:
    closes, not_closed, listed, differences = day_closes(rows)
    return listed, closes, not_closed, differences


CSV_FIELDS = ["day", "agent_id", "agent_name", "currency", "sales_count", "sales_face", "commission", "bonus_cost",
              "reversals_count", "reversals_face", "deposits", "transfers_in", "transfers_out", "allowance_net",
              "opening_float", "closing_float", "reconciled", "differences",
              "server_methods", "closed_methods", "not_closed", "methods_matched", "method_differences"]


def to_csv(rows: list[Settlement]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for s in rows:
        values = asdict(s)
        name = s.agent_name if not s.agent_name[:1] in ("=", "+", "-", "@", "\t", "\r") else "'" + s.agent_name
        writer.writerow({**{k: values.get(k) for k in CSV_FIELDS if k in values}, "agent_name": name,
                         "reconciled": s.reconciled, "differences": "; ".join(s.differences),
                         "server_methods": _methods_text(s.payment_methods),
                         "closed_methods": _methods_text(s.closed_methods), "not_closed": " ".join(s.not_closed),
                         "methods_matched": s.methods_matched, "method_differences": "; ".join(s.method_differences)})
    return out.getvalue()


def _methods_text(methods: list[tuple[str, int, int]]) -> str:
    """`cash:3:150000 mobile_money:1:50000` (method:count:face in minor units)."""
    return " ".join(f"{m}:{c}:{f}" for m, c, f in methods)


def all_agents(ctx: ServerContext, actor: Actor, day: str) -> list[Settlement]:
    require(actor, "settlement.view")
    with ctx.uow() as uow:
        ids = [a.id for a in uow.hierarchy.agents("", 0, 100_000)]
    return [for_agent(ctx, actor, agent_id, day) for agent_id in ids]
