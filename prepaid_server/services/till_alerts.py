"""What the till's manager sees in "Needs attention" (issue 14 item 5, issue 15 item 4; till-points):
the agent's open alerts and a low-float warning, carried in the float reply (GET /api/v1/float) the
terminal already fetches, and an alert acknowledged from the till (a signed request, recorded in
risk_alert_states like the desk's, audited).

- Alerts: the risk rules' (repeat number, daily cap, amount spike, raised at ingest for this agent's
  terminals), low-balance and usage-spike alerts of subscribers whose last top-up this agent sold
  (charging records them with that agent), and the desk's low-float alert. Each explains itself in
  words ("5th top-up of the same number in 10 minutes"). Open = nobody acknowledged it; the last
  ALERT_DAYS only; at most MAX_ALERTS.
- Low float: warn when the float available plus this terminal's unused offline allowance covers fewer
  than N hours of this shop's typical sales (N: the desk's `low_float_hours`, default 8). Typical =
  the float its accepted sales took over the last 7 days, per hour it traded in. The suggested
  top-up brings the cover to 2N hours, rounded up to a whole 100 of the currency's major unit.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from topup_core.errors import NotFound, ValidationError
from topup_core.formatting import format_money
from topup_core.money import Money, currency_exponent
from topup_core.msisdn import mask_e164

from ..store.repositories.till_alerts import TillAlertsRepository
from ..store.uow import UnitOfWork
from . import audit
from .auth import AuthedTerminal
from .context import ServerContext
from .floats import float_view_in

ALERT_DAYS = 7
MAX_ALERTS = 20
REPEAT_WINDOW_MS = 10 * 60_000  # "Nth top-up of the same number in 10 minutes"
TYPICAL_WINDOW_MS = 7 * 86_400_000
RATE_FRESH_MS = 300_000  # an agent's typical hourly spend is recomputed at most every 5 minutes
LOW_FLOAT_HOURS = "low_float_hours"  # the desk's setting (services/risk_desk.py)
DEFAULT_LOW_FLOAT_HOURS = 8
_rates: dict[tuple[str, str], tuple[int, int]] = {}  # (db url, agent) -> (computed at, hourly rate)
_lock = threading.Lock()


@dataclass(frozen=True)
class TillAlert:
    id: int
    rule: str
    created_at_ms: int
    explanation: str
    sale_id: str | None
    msisdn_masked: str | None


@dataclass(frozen=True)
class LowFloat:
    currency: str
    available: int  # float available to the agent + this terminal's unused allowance
    hourly_rate: int  # float a typical trading hour takes
    hours_left: float
    mark_hours: int
    suggested_topup: int
    explanation: str


def _money(amount: int, currency: str) -> str:
    return format_money(Money(amount, currency), "en", short=True, plain_spaces=True)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def explain(rule: str, detail: str, currency: str, repeat_count: int | None = None, face: int | None = None) -> str:
    """The alert in words the shop's manager can act on; the stored detail when it is not one we know."""
    nums = [int(x) for x in re.findall(r"-?\d+", detail.replace("x median", " median"))]
    if rule == "repeat_msisdn" and repeat_count:
        return f"{_ordinal(repeat_count)} top-up of the same number in 10 minutes"
    if rule == "daily_cap" and len(nums) >= 2:
        return f"Today's top-ups at this till reached {_money(nums[0], currency)}, above the daily cap of " \
               f"{_money(nums[1], currency)}"
    if rule == "amount_spike" and len(nums) >= 3:
        return f"A {_money(nums[0], currency)} top-up: more than {nums[1]}× this till's usual " \
               f"{_money(nums[2], currency)}"
    if rule == "low_balance":
        m = re.match(r"(\S+) balance (-?\d+) fell below (\d+)", detail)
        if m:
            return f"Your customer {m.group(1)}'s balance fell to {_money(int(m.group(2)), currency)}, below " \
                   f"{_money(int(m.group(3)), currency)}: offer a top-up"
    if rule == "usage_spike":
        m = re.match(r"(\S+) spent (\d+) this hour, norm (\d+)/h", detail)
        if m:
            return f"Your customer {m.group(1)} used {_money(int(m.group(2)), currency)} of credit in the last " \
                   f"hour; their usual is {_money(int(m.group(3)), currency)} an hour"
    if rule == "low_float":
        m = re.match(r"float covers ([\d.]+) h of recent sales \(mark (\d+) h\)", detail)
        if m:
            return f"The float covers {m.group(1)} hours of recent sales (warning below {m.group(2)} hours)"
    return detail


def _hours(uow: UnitOfWork) -> int:
    value = uow.risk_desk.setting(LOW_FLOAT_HOURS)
    return DEFAULT_LOW_FLOAT_HOURS if value is None else int(value)


def _hourly_rate(ctx: ServerContext, repo: TillAlertsRepository, agent_id: str, now: int) -> int:
    key = (ctx.url, agent_id)
    with _lock:
        cached = _rates.get(key)
    if cached is not None and now - cached[0] < RATE_FRESH_MS:
        return cached[1]
    spent, hours = repo.hourly_spend(agent_id, now - TYPICAL_WINDOW_MS)
    rate = -(-spent // hours) if hours else 0
    if rate:  # a shop with no sales yet is asked again next time (its first sales then count at once)
        with _lock:
            _rates[key] = (now, rate)
    return rate


def low_float_in(ctx: ServerContext, uow: UnitOfWork, who: AuthedTerminal, available: int, allowance: int,
                 now: int) -> LowFloat | None:
    rate = _hourly_rate(ctx, TillAlertsRepository(uow), who.agent_id, now)
    mark = _hours(uow)
    cover = available + allowance
    if rate <= 0 or cover >= rate * mark:
        return None
    left = round(max(0, cover) / rate, 1)
    unit = 100 * 10 ** currency_exponent(who.currency)
    suggested = -(-max(0, rate * 2 * mark - cover) // unit) * unit
    return LowFloat(who.currency, cover, rate, left, mark, suggested,
                    f"Float and offline allowance ({_money(cover, who.currency)}) cover about {left:g} hours of "
                    f"this shop's typical sales ({_money(rate, who.currency)} an hour; warning below {mark} hours). "
                    f"Top up about {_money(suggested, who.currency)}.")


def alerts_in(uow: UnitOfWork, who: AuthedTerminal, now: int) -> list[TillAlert]:
    repo = TillAlertsRepository(uow)
    out = []
    for aid, at, rule, sale_id, terminal, detail, msisdn, sale_at, face, seq in repo.open_alerts(
            who.agent_id, now - ALERT_DAYS * 86_400_000, MAX_ALERTS):
        count = None
        if rule == "repeat_msisdn" and msisdn and sale_at is not None:
            count = repo.topups_before(who.agent_id, msisdn, sale_at - REPEAT_WINDOW_MS, sale_at, terminal, seq)
        masked = mask_e164(msisdn) if msisdn else None
        out.append(TillAlert(int(aid), rule, int(at), explain(rule, detail, who.currency, count, face),
                             sale_id or None, masked))
    return out


def float_status(ctx: ServerContext, who: AuthedTerminal):  # noqa: ANN201 - (FloatView, alerts, low float)
    now = ctx.clock()
    with ctx.uow() as uow:
        view = float_view_in(uow, who)
        alerts = alerts_in(uow, who, now)
        low = low_float_in(ctx, uow, who, view.available, view.allowance.remaining, now)
    return view, alerts, low


def acknowledge(ctx: ServerContext, who: AuthedTerminal, alert_id: int, clerk: str, note: str = "") -> None:
    """The till's manager saw it: recorded like the desk's acknowledgement, and audited. An alert of
    another agent is `alert_unknown` (nothing said about it); acknowledging twice changes nothing."""
    clerk, note = (clerk or "").strip(), (note or "").strip()
    if not clerk or len(clerk) > 60 or len(note) > 500:
        raise ValidationError("invalid_input", "Name the clerk (at most 60 characters); a note has at most 500.")
    now = ctx.clock()

    def work(uow: UnitOfWork) -> None:
        found = TillAlertsRepository(uow).alert_agent(alert_id)
        if found is None or found[0] != who.agent_id:
            raise NotFound("alert_unknown", "That alert is not one of this shop's.")
        if found[1] is not None:
            return  # already handled (here or at the desk): nothing more to record
        actor = f"till {who.terminal_code}: {clerk}"
        uow.risk_desk.set_state(alert_id, "acknowledged", note, actor[:120], now)
        audit.record_in(uow, now, actor, "alert_acknowledged", str(alert_id),
                        {"terminal": who.terminal_id, "note": note})

    ctx.run(work)
