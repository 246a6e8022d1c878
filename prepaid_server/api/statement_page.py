"""`GET /s/<token>`: the customer's statement (issue 15), server-rendered HTML, mobile-first, with
no asset from anywhere but this response (inline CSS, an inline SVG chart). Rate-limited per
client address; a tampered, unknown or expired token gets a plain "link not valid" page."""
# No `from __future__ import annotations`: FastAPI reads the route's annotations eagerly.

import html
import threading
import time
from collections import deque
from datetime import datetime, timezone

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from topup_core.errors import NotFound
from topup_core.formatting import format_money
from topup_core.money import Money

from ..services import statement as statements

PER_MINUTE = 30
SERVICE_COLOURS = {"voice": "#2563eb", "data": "#16a34a", "sms": "#d97706"}
SERVICE_NAMES = {"voice": "Calls", "data": "Data", "sms": "SMS"}
BUCKET_NAMES = {"main": "Main balance", "bonus": "Bonus"}
STYLE = """
*{box-sizing:border-box}body{margin:0;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#111;background:#f4f5f7}main{max-width:34rem;margin:0 auto;padding:1rem}
h1{font-size:1.25rem;margin:.2rem 0 1rem}h2{font-size:1rem;margin:1.2rem 0 .5rem;color:#374151}
.card{background:#fff;border-radius:.6rem;padding:.9rem 1rem;box-shadow:0 1px 2px #0001;margin-bottom:.8rem}
.row{display:flex;justify-content:space-between;gap:1rem;padding:.25rem 0}.muted{color:#6b7280;font-size:.875rem}
.status{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-size:.85rem;font-weight:600}
.confirmed{background:#dcfce7;color:#166534}.pending{background:#fef9c3;color:#854d0e}
.reversed,.rejected{background:#fee2e2;color:#991b1b}table{width:100%;border-collapse:collapse;font-size:.9rem}
td,th{text-align:left;padding:.3rem .2rem;border-bottom:1px solid #eee}td.n,th.n{text-align:right}
.legend span{display:inline-block;margin-right:.8rem;font-size:.85rem}.legend i{display:inline-block;width:.7rem;
height:.7rem;border-radius:.15rem;margin-right:.25rem;vertical-align:-.05rem}svg{width:100%;height:auto}
.bar-track{background:#e5e7eb;border-radius:.4rem;height:.6rem;overflow:hidden;margin:.4rem 0}
.bar-fill{background:#7c3aed;height:100%}.tier{font-weight:700;color:#5b21b6}
"""


class RateLimiter:
    """At most `per_minute` pages per client address per minute, in this process."""

    def __init__(self, per_minute: int = PER_MINUTE) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, who: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._hits) > 10_000:
                self._hits.clear()
            hits = self._hits.setdefault(who, deque())
            while hits and now - hits[0] > 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return False
            hits.append(now)
            return True


def _money(minor: int, currency: str) -> str:
    return format_money(Money(minor, currency), "en")


def _when(ms: int | None) -> str:
    if ms is None:
        return "never"
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%d %b %Y %H:%M UTC")


def _units(service: str, units: int) -> str:
    if service == "voice":
        return f"{units // 60} min {units % 60:02d} s"
    if service == "data":
        return f"{units / 1048576:.1f} MB" if units >= 1048576 else f"{units // 1024} kB"
    return f"{units} SMS"


def _charged(line, currency: str) -> str:  # noqa: ANN001
    if line.charge == 0 and "bundle" in line.paid_by:
        return "from bundle"
    return _money(line.charge, currency)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    doc = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width,initial-scale=1">'
           f'<meta name="robots" content="noindex"><title>{html.escape(title)}</title><style>{STYLE}</style></head>'
           f'<body><main>{body}</main></body></html>')
    return HTMLResponse(doc, status_code=status, headers={
        "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"})


def _chart(view: statements.Statement) -> str:
    """Bars per day, stacked by service (charge in money), as inline SVG."""
    usage = view.usage
    day0 = view.as_of_ms // 86_400_000 - statements.USAGE_DAYS + 1
    days = [datetime.fromtimestamp((day0 + i) * 86_400, tz=timezone.utc).date().isoformat()
            for i in range(statements.USAGE_DAYS)]
    per_day = {d: {} for d in days}
    for line in usage.lines:
        if line.day in per_day:
            per_day[line.day][line.service] = per_day[line.day].get(line.service, 0) + line.charge
    top = max([sum(v.values()) for v in per_day.values()] + [1])
    width, height, bar = 320, 150, 30
    gap = (width - bar * len(days)) / (len(days) + 1)
    parts = [f'<svg viewBox="0 0 {width} {height + 30}" role="img" aria-label="Usage per day" id="usage-chart">']
    for i, d in enumerate(days):
        x = gap + i * (bar + gap)
        y = height
        for service in ("voice", "data", "sms"):
            amount = per_day[d].get(service, 0)
            if amount <= 0:
                continue
            h = max(1.0, amount * (height - 10) / top)
            y -= h
            parts.append(f'<rect class="bar bar-{service}" x="{x:.1f}" y="{y:.1f}" width="{bar}" height="{h:.1f}" '
                         f'fill="{SERVICE_COLOURS[service]}"><title>{html.escape(d)} {SERVICE_NAMES[service]}: '
                         f'{html.escape(_money(amount, usage.currency))}</title></rect>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height + 18}" font-size="11" text-anchor="middle" '
                     f'fill="#6b7280">{html.escape(d[8:])}/{html.escape(d[5:7])}</text>')
    parts.append(f'<line x1="0" y1="{height}" x2="{width}" y2="{height}" stroke="#d1d5db"/></svg>')
    legend = "".join(f'<span><i style="background:{c}"></i>{SERVICE_NAMES[s]}</span>'
                     for s, c in SERVICE_COLOURS.items())
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def render(view: statements.Statement) -> HTMLResponse:
    if view.status == "pending":
        return _page("Your top-up", '<h1>Your top-up</h1><div class="card"><span class="status pending">pending'
                     '</span><p>This top-up has not reached us yet. It is confirmed as soon as the shop\'s till '
                     'sends it; open this link again later.</p></div>')
    cur = view.currency or ""
    out = [f'<h1>Statement for <span id="msisdn">{html.escape(view.masked_msisdn or "")}</span></h1>',
           '<div class="card"><div class="row"><strong>This top-up</strong>'
           f'<span class="status {view.status}" id="topup-status">{view.status}</span></div>'
           f'<div class="row"><span>Amount</span><span>{html.escape(_money(view.face or 0, cur))}</span></div>']
    if view.bonus:
        out.append(f'<div class="row"><span>Bonus</span><span>{html.escape(_money(view.bonus, cur))}</span></div>')
    out.append(f'<div class="row muted"><span>Sold</span><span>{html.escape(_when(view.at_ms))}</span></div></div>')
    if view.status in ("confirmed", "reversed"):
        out.append('<h2>Balances, in the order they are used</h2><div class="card" id="buckets">')
        for b in view.buckets:
            name = BUCKET_NAMES.get(b.id, f"{SERVICE_NAMES.get(b.type, b.type)} bundle")
            amount = _money(b.remaining, b.unit) if b.type == "monetary" else _units(b.type, b.remaining)
            expiry = "" if b.valid_until_ms is None else f"expires {_when(b.valid_until_ms)}"
            if b.status == "expired":
                expiry = "expired"
            out.append(f'<div class="row bucket" data-bucket="{html.escape(b.id)}"><span>{html.escape(name)}'
                       f'<br><span class="muted">{html.escape(expiry)}</span></span>'
                       f'<strong>{html.escape(amount)}</strong></div>')
        out.append('</div><h2>Usage, last 7 days</h2><div class="card">')
        out.append(_chart(view))
        if view.usage.lines:
            out.append('<table id="usage"><tr><th>Day</th><th>Service</th><th class="n">Used</th>'
                       '<th class="n">Charged</th></tr>')
            for line in reversed(view.usage.lines):
                out.append(f'<tr><td>{html.escape(line.day)}</td><td>{SERVICE_NAMES[line.service]}</td>'
                           f'<td class="n">{html.escape(_units(line.service, line.units))}</td>'
                           f'<td class="n">{html.escape(_charged(line, cur))}</td></tr>')
            out.append("</table>")
        else:
            out.append('<p class="muted">No usage in the last 7 days.</p>')
        out.append("</div>")
        if view.loyalty is not None:
            out.append(_loyalty(view.loyalty, cur))
    out.append(f'<p class="muted">As of {html.escape(_when(view.as_of_ms))}.</p>')
    return _page("Your statement", "".join(out))


def _loyalty(v, currency: str) -> str:  # noqa: ANN001 - services.loyalty.LoyaltyView
    """Points, tier, progress to the next tier within this cycle, and when the cycle ends."""
    out = ['<h2>Loyalty</h2><div class="card" id="loyalty">',
           f'<div class="row"><span>Points</span><strong id="loyalty-points">{v.points:,}</strong></div>',
           f'<div class="row"><span>Tier</span><span class="tier" id="loyalty-tier">{html.escape(v.tier_name)}'
           '</span></div>']
    if v.points_value:
        out.append(f'<div class="row muted"><span>Worth</span><span>{html.escape(_money(v.points_value, currency))}'
                   '</span></div>')
    if v.next_tier_name:
        goal = v.earned_this_cycle + v.points_to_next
        percent = 100 if goal <= 0 else min(100, v.earned_this_cycle * 100 // goal)
        out.append(f'<div class="bar-track" role="progressbar" aria-valuenow="{percent}" aria-valuemin="0" '
                   f'aria-valuemax="100" id="loyalty-progress"><div class="bar-fill" style="width:{percent}%">'
                   f'</div></div><p class="muted" id="loyalty-next">{v.points_to_next:,} points to '
                   f'{html.escape(v.next_tier_name)} (about {html.escape(_money(v.spend_to_next, currency))} of '
                   'top-ups)</p>')
    else:
        out.append('<p class="muted" id="loyalty-next">Top tier reached.</p>')
    out.append(f'<div class="row muted"><span>This cycle ends</span><span id="loyalty-cycle">'
               f'{html.escape(_when(v.cycle_ends_at_ms)[:11])}</span></div>')
    if v.expiring_points and v.expiring_at_ms:
        out.append(f'<div class="row muted"><span>{v.expiring_points:,} points expire</span>'
                   f'<span>{html.escape(_when(v.expiring_at_ms)[:11])}</span></div>')
    out.append("</div>")
    return "".join(out)


def not_valid(status: int = 404) -> HTMLResponse:
    return _page("Link not valid", '<h1>Link not valid</h1><div class="card"><p>This statement link is not valid or '
                 'has expired. Ask the shop for a new receipt.</p></div>', status)


def router() -> APIRouter:
    r = APIRouter()
    limiter = RateLimiter()

    @r.get("/s/{token}", response_class=HTMLResponse, include_in_schema=False)  # a page for people, not the API
    async def statement_page(token: str, request: Request) -> HTMLResponse:
        """The customer's statement behind the receipt's QR (HTML)."""
        who = request.client.host if request.client else "?"
        if not limiter.allow(who):
            return _page("Too many requests", "<h1>Too many requests</h1><p>Try again in a minute.</p>", 429)
        if len(token) > 120:
            return not_valid()
        try:
            view = await run_in_threadpool(statements.statement, request.app.state.ctx, token)
        except NotFound:
            return not_valid()
        return render(view)

    return r
