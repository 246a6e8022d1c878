"""The customer at the counter (issue 14): what the side panel and `pos-admin customer show` show.

    view = app.customer.lookup("+254712345678")     # the server's view (kept), else the cached one
    view = app.customer.cached("+254712345678")     # at once, no network: cache + this till's sales

Every figure is the server's, or a cached copy with its `as_of_ms`; nothing is invented at the till.
The one local part is this till's own history with the number, which works with no server at all
(and the suggestions computed from it when there is nothing better).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from topup_core.errors import DomainError
from topup_core.money import Money
from topup_core.promotions import CustomerFacts, Reason
from topup_core.suggestions import RepeatLast as Last
from topup_core.suggestions import Suggestions, suggest

from .clock import to_ms
from .ports import Clock, CustomerServer, UnitOfWorkFactory

log = logging.getLogger(__name__)

SERVER, CACHED, OFFLINE, UNKNOWN = "server", "cached", "offline", "unknown"
OFFLINE_CODES = frozenset({"network_error", "server_unavailable", "corrupt_reply", "not_enrolled"})
LOOKUP_TIMEOUT_S = 2.0
LOCAL_HISTORY = 10
USAGE_DAYS = 7  # issue 15: the panel's usage line covers this many days
_COUNTED = ("CONFIRMED", "QUEUED")  # a local sale that stands (or may) counts for suggestions


@dataclass(frozen=True)
class Bucket:
    kind: str  # main | bonus | data | ... (the server's names)
    amount: int
    unit: str  # a currency code, or "MB", "SMS", ...
    expires_at: str | None
    use_order: int  # 1 is used first


@dataclass(frozen=True)
class TopUp:
    face: int
    bonus: int
    at_ms: int
    operator: str
    reversed: bool
    own: bool  # this agent's (others' come without ids)
    sale_id: str | None


@dataclass(frozen=True)
class Loyalty:
    points: int
    tier: str
    tier_name: str
    next_tier: str | None
    next_tier_name: str | None
    points_to_next: int
    spend_to_next: int  # minor units of face value
    cycle_ends_at_ms: int
    expiring_points: int
    expiring_at_ms: int | None
    points_value: int  # minor units
    offline_cap_points: int = 0
    earned_this_cycle: int = 0


@dataclass(frozen=True)
class UsageTotal:
    """issue 15: one service's use over the last USAGE_DAYS days (the server's breakdown, summed)."""

    service: str  # voice | data | sms
    units: int  # seconds, bytes, messages
    charge: int  # minor units (0 when a bundle paid)


@dataclass(frozen=True)
class RepeatLast:
    """The customer's last top-up, in the shape SaleDraft.repeat takes."""

    msisdn: str
    operator_code: str
    product_code: str
    face: Money


@dataclass(frozen=True)
class CustomerView:
    msisdn: str
    source: str  # server | cached | offline (nothing cached) | unknown (the server never topped it up)
    as_of_ms: int | None  # when the server said it (None: nothing from the server)
    currency: str
    buckets: tuple[Bucket, ...] = ()
    recent: tuple[TopUp, ...] = ()
    loyalty: Loyalty | None = None
    suggestions: Suggestions | None = None
    repeat: RepeatLast | None = None
    offers: tuple[str, ...] = ()
    local: tuple[TopUp, ...] = field(default=())  # this till's own sales to the number
    # issue 14 (offers): what targeted promotions look at, for the bonus preview (None: not known),
    # and the reason of each offer (same order as `offers`; None: an offer for everyone)
    facts: CustomerFacts | None = None
    offer_reasons: tuple[Reason | None, ...] = ()
    usage: tuple[UsageTotal, ...] | None = None  # issue 15: None = not known (yet); () = no usage
    reply: dict[str, Any] | None = field(default=None, repr=False, compare=False)  # the server's, to keep

    @property
    def from_server(self) -> bool:
        return self.source == SERVER

    @property
    def amounts(self) -> list[int]:
        return list(self.suggestions.amounts) if self.suggestions else []


def _bucket(b: dict[str, Any], index: int, currency: str) -> Bucket:
    """One of the server's balance buckets (issue 15, TMF654-like: id, type, unit, remaining,
    valid_until_ms, listed in the order of use): money buckets are named by their id (main, bonus),
    service bundles by their service (voice, data, sms)."""
    kind = str(b["id"]) if b["type"] == "monetary" else str(b["type"])
    until = b.get("valid_until_ms")
    expires = None if until is None else datetime.fromtimestamp(_int(until) / 1000, tz=timezone.utc).isoformat()
    return Bucket(kind, _int(b["remaining"]), str(b.get("unit") or currency), expires, index + 1)


def parse_reply(body: dict[str, Any]) -> dict[str, Any]:
    """The server's lookup reply as the view's parts; ValueError when it is not what the protocol says."""
    try:
        currency = str(body["currency"])
        buckets = tuple(_bucket(b, i, currency) for i, b in enumerate(body.get("buckets") or ())
                        if b.get("status", "active") != "expired")
        if not buckets:  # a server without balance buckets: main and bonus, bonus used first
            buckets = tuple(b for b in (
                Bucket("bonus", _int(body.get("bonus_balance", 0)), currency, body.get("bonus_expires_at"), 1),
                Bucket("main", _int(body.get("main_balance", 0)), currency, None, 2)) if b.amount or b.kind == "main")
        buckets = tuple(sorted(buckets, key=lambda b: b.use_order))
        recent = tuple(TopUp(_int(r["face"]), _int(r.get("bonus", 0)), _int(r["at_ms"]), str(r.get("operator", "")),
                             bool(r.get("reversed")), bool(r.get("own", True)), r.get("sale_id"))
                       for r in body.get("recent") or ())
        loyalty = None
        if body.get("loyalty"):
            x = body["loyalty"]
            loyalty = Loyalty(_int(x["points"]), str(x["tier"]), str(x.get("tier_name") or x["tier"]),
                              x.get("next_tier"), x.get("next_tier_name") or x.get("next_tier"),
                              _int(x.get("points_to_next", 0)), _int(x.get("spend_to_next", 0)),
                              _int(x["cycle_ends_at_ms"]), _int(x.get("expiring_points", 0)),
                              _opt_int(x.get("expiring_at_ms")), _int(x.get("points_value", 0)),
                              _int(x.get("offline_cap_points", 0)), _int(x.get("earned_this_cycle", 0)))
        suggestions = None
        if body.get("suggestions"):
            s = body["suggestions"]
            last = s.get("repeat_last")
            suggestions = Suggestions(
                [_int(a) for a in s.get("amounts", [])][:3], [str(r) for r in s.get("reasons", [])][:3],
                Last(str(last["operator"]), str(last["product"]), _int(last["face"]), _int(last["at_ms"]))
                if last else None,
                _opt_int(s.get("usual_interval_days")), _opt_int(s.get("next_topup_at_ms")),
                _opt_int(s.get("most_popular_amount")))
        offers = tuple(str(o.get("name") if isinstance(o, dict) else o) for o in body.get("offers") or ())
        reasons = tuple(Reason.from_dict(o.get("reason")) if isinstance(o, dict) else None
                        for o in body.get("offers") or ())  # issue 14 (offers)
        facts = CustomerFacts.from_dict(body["facts"]) if body.get("facts") is not None else None
        return {"currency": currency, "buckets": buckets, "recent": recent, "loyalty": loyalty,
                "suggestions": suggestions, "offers": offers, "offer_reasons": reasons, "facts": facts,
                "usage": _usage_or_none(body.get("usage"))}
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"unreadable customer view: {exc}") from None


_SERVICES = ("voice", "data", "sms")


def parse_usage(body: Any) -> tuple[UsageTotal, ...] | None:  # noqa: ANN401 - the server's JSON
    """issue 15: the server's usage breakdown (by day and service) summed per service, in a fixed
    order; None when there is none. Raises like parse_reply when it is not what the protocol says."""
    if body is None:
        return None
    units: dict[str, int] = {}
    charge: dict[str, int] = {}
    for line in body["lines"]:
        service = str(line["service"])
        if service not in _SERVICES:
            continue
        units[service] = units.get(service, 0) + _int(line["units"])
        charge[service] = charge.get(service, 0) + _int(line["charge"])
    return tuple(UsageTotal(s, units[s], charge[s]) for s in _SERVICES if s in units)


def _usage_or_none(body: Any) -> tuple[UsageTotal, ...] | None:  # noqa: ANN401
    try:
        return parse_usage(body)
    except (KeyError, TypeError, AttributeError):  # an unreadable breakdown hides the line, not the view
        return None


def _int(value: Any) -> int:
    if type(value) is not int:  # money and points are ints on the wire; never a float
        raise TypeError(f"not an int: {value!r}")
    return value


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


class CustomerLookup:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, server: CustomerServer | None,
                 currency: Any, receipt_locale: Any = lambda: "en") -> None:  # noqa: ANN401 - callables
        self.uow, self.clock, self.server = uow, clock, server
        self._currency = currency
        self._receipt_locale = receipt_locale  # receipts: English words, the shop's number formats

    # ------------------------------------------------------------ reads

    def cached(self, msisdn: str) -> CustomerView:
        """At once, no network: the last server view (marked with its age) and this till's own sales."""
        with self.uow(write=False) as uow:
            kept = uow.customers.cached(msisdn)
            local = uow.customers.local_sales(msisdn, LOCAL_HISTORY)
        return self._view(msisdn, kept, local, CACHED if kept else OFFLINE)

    def lookup(self, msisdn: str, keep: bool = True) -> CustomerView:
        """The server's view, kept for next time; offline (or no server), the cached one.
        `keep=False`: the caller keeps it later with `keep(view)` (the panel shows it first: the
        cache write is a durable SQLite commit, not worth delaying the clerk's screen for)."""
        if self.server is None or self.server.believed_offline():
            return self.cached(msisdn)
        try:
            body = self.server.subscriber(msisdn, LOOKUP_TIMEOUT_S)
            parse_reply(body)  # refuse to keep what cannot be shown
        except ValueError:
            log.warning("the server's customer view was unreadable; the cached one is shown")
            return self.cached(msisdn)
        except DomainError as exc:
            if exc.code == "subscriber_unknown":
                with self.uow(write=False) as uow:
                    local = uow.customers.local_sales(msisdn, LOCAL_HISTORY)
                return self._view(msisdn, None, local, UNKNOWN)
            if exc.code in OFFLINE_CODES:
                return self.cached(msisdn)
            raise
        now = to_ms(self.clock.now())
        if keep:
            with self.uow() as uow:
                uow.customers.keep(msisdn, body, now)
                local = uow.customers.local_sales(msisdn, LOCAL_HISTORY)
                uow.commit()
        else:
            with self.uow(write=False) as uow:
                local = uow.customers.local_sales(msisdn, LOCAL_HISTORY)
        return replace(self._view(msisdn, (body, now), local, SERVER), reply=body)

    def with_usage(self, view: CustomerView) -> CustomerView:
        """issue 15: the server's view plus the customer's usage of the last USAGE_DAYS days (one
        more request, made after the panel has shown the view; the task runner, never the UI
        thread). Its reply is merged into the view's, so `keep` caches it for the offline panel.
        When the breakdown cannot be had, the one cached before is kept (or none)."""
        if view.reply is None or self.server is None or not hasattr(self.server, "usage"):
            return view
        try:
            body = self.server.usage(view.msisdn, USAGE_DAYS, LOOKUP_TIMEOUT_S)
            usage = parse_usage(body)
        except (DomainError, ValueError, KeyError, TypeError, AttributeError):
            with self.uow(write=False) as uow:
                kept = uow.customers.cached(view.msisdn)
            body = kept[0].get("usage") if kept and isinstance(kept[0], dict) else None
            try:
                usage = parse_usage(body)
            except (ValueError, KeyError, TypeError, AttributeError):
                body, usage = None, None
        if body is None:
            return view
        return replace(view, usage=usage, reply={**view.reply, "usage": body})

    def keep(self, view: CustomerView) -> None:
        """Keep a server view fetched with `keep=False` for the offline panel."""
        if view.reply is None or view.as_of_ms is None:
            return
        with self.uow() as uow:
            uow.customers.keep(view.msisdn, view.reply, view.as_of_ms)
            uow.commit()

    def lapsed(self, min_days: int = 30, limit: int = 200) -> list[dict[str, Any]]:
        """The manager's lapsed-customer list: the server's, for this agent (it needs the server)."""
        if self.server is None:
            raise DomainError("not_enrolled", "This terminal is not enrolled with a prepaid server yet.")
        rows = self.server.lapsed(min_days, limit)["customers"]
        keys = ("msisdn_masked", "days_since", "topups", "total", "last_amount", "last_at_ms", "usual_interval_days")
        try:
            return [{k: row[k] for k in keys} for row in rows]
        except (KeyError, TypeError):
            raise DomainError("corrupt_reply", "The server's lapsed-customer list was not readable.") from None

    # ------------------------------------------------------------ the receipt

    def receipt_lines(self, sale: Any) -> tuple[str, ...]:  # noqa: ANN401 - a SaleRecord
        """Points on the original receipt: what this sale earns by the catalog's rule (the very rule
        the server applies; "pending" until the server has confirmed the sale), and, from the
        server's view taken when the number was typed, the new balance and the way to the next tier."""
        import json

        from topup_core.formatting import format_money
        from topup_core.loyalty import rules_from_document

        with self.uow(write=False) as uow:
            row = uow.catalogs.get(sale.catalog_version)
            kept = uow.customers.cached(sale.msisdn)
        rules = rules_from_document(json.loads(row.body)) if row is not None else None
        if rules is None or sale.status.value not in ("CONFIRMED", "QUEUED"):
            return ()
        method = getattr(sale.payment_method, "value", sale.payment_method)
        earned = rules.points_for(sale.operator_code, sale.face.amount, method)
        spent = rules.points_cost(sale.price.amount) if method == "points" else 0  # till-points: paid with points
        loyalty = None
        if kept is not None:
            try:
                loyalty = parse_reply(kept[0])["loyalty"]
            except ValueError:
                loyalty = None
        if sale.status.value == "QUEUED":
            lines = ([f"Points spent: {spent} (pending)"] if spent else []) + [f"Points earned: {earned} (pending)"]
            if loyalty is not None and kept is not None:  # the cached view less this till's points sales since
                with self.uow(write=False) as uow:
                    local = uow.customers.points_sales(sale.msisdn)
                since = sum(rules.points_cost(p) for p, status, at in local
                            if status == "QUEUED" or at > kept[1])
                lines.append(f"Points balance: {max(0, loyalty.points - since) + earned} (pending)")
            return tuple(lines)
        lines = ([f"Points spent: {spent}"] if spent else []) + [f"Points earned: {earned}"]
        if loyalty is not None:
            points = max(0, loyalty.points - spent) + earned
            cycle = loyalty.earned_this_cycle + earned
            held = [t for t in rules.tiers if t.code == loyalty.tier]  # the tier the server gave (kept to cycle end)
            tier = max([rules.tier_for(cycle), *held], key=lambda t: t.min_points)
            lines.append(f"Points balance: {points} ({tier.name})")
            following = rules.next_tier(tier)
            if following is not None:
                to_next = max(0, following.min_points - cycle)
                spend = format_money(Money(to_next * rules.face_per_point, sale.face.currency),
                                     self._receipt_locale(), short=True, plain_spaces=True)
                lines.append(f"{spend} more top-ups to {following.name}")
        return tuple(lines)

    # ------------------------------------------------------------ the view

    def _view(self, msisdn: str, kept: tuple[dict[str, Any], int] | None, local_rows: list[tuple],
              source: str) -> CustomerView:
        local = tuple(TopUp(face, 0, at, op, status == "REVERSED", True, sid)
                      for sid, face, at, op, _product, status in local_rows)
        parts: dict[str, Any] = {}
        as_of = None
        if kept is not None:
            try:
                parts = parse_reply(kept[0])
                as_of = kept[1]
            except ValueError:
                parts, source = {}, OFFLINE if source == CACHED else source
        currency = parts.get("currency") or self._currency()
        suggestions = parts.get("suggestions")
        if suggestions is None or not suggestions.amounts:  # from this till's own sales (works offline)
            own = [(face, at, op, product) for _sid, face, at, op, product, status in local_rows if status in _COUNTED]
            suggestions = suggest(own, []) if own else suggestions
        repeat = None
        if suggestions is not None and suggestions.repeat_last is not None:
            last = suggestions.repeat_last
            repeat = RepeatLast(msisdn, last.operator, last.product, Money(last.face, currency))
        return CustomerView(msisdn=msisdn, source=source, as_of_ms=as_of, currency=currency,
                            buckets=parts.get("buckets", ()), recent=parts.get("recent", ()),
                            loyalty=parts.get("loyalty"), suggestions=suggestions, repeat=repeat,
                            offers=parts.get("offers", ()), local=local, usage=parts.get("usage"),
                            offer_reasons=parts.get("offer_reasons", ()),
                            facts=_facts(parts.get("facts"), source, as_of, local))


def _facts(server: CustomerFacts | None, source: str, as_of_ms: int | None, local: tuple[TopUp, ...]
           ) -> CustomerFacts | None:
    """issue 14 (offers): the customer's facts for the bonus preview: the server's (live or cached),
    then this till's own sales made since; a number the server never topped up is a first sale; with
    no server view, this till's own sales alone (tier and other tills' bonuses not known)."""
    mine = sorted((t for t in local if not t.reversed), key=lambda t: t.at_ms)
    if server is not None:
        facts = server
        mine = [t for t in mine if as_of_ms is None or t.at_ms > as_of_ms]
    elif source == UNKNOWN:
        facts = CustomerFacts(first_sale=True)
    elif mine:
        facts = CustomerFacts(first_sale=False)
    else:
        return None
    for t in mine:
        facts = facts.after_sale(t.at_ms, None, 0)  # which promotion a local bonus came from is not kept
    return facts
