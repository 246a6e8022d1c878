"""Real-time charging rules (issue 15), pure: rating from the catalog's tariff, the order buckets
are used in, how much can be granted, how a commit splits over buckets, and the postings.

Units are integers: voice seconds, data bytes, SMS messages; money is integer minor units.

Buckets (TMF654-like) are ledger accounts: `main:<msisdn>` (monetary, never expires),
`bonus:<msisdn>` (monetary, expires at the subscriber's bonus expiry), `bundle:<hex>` (units of one
service, with its own validity). Order of use (weight, lowest first): bundles of the service (10),
then bonus (20), then main (30). Expired buckets are never used.

Expiry rule (CGRateS #814, decided): a top-up that carries bonus moves the WHOLE bonus bucket's
expiry to max(current expiry, sale time + bonus validity), so an older bonus lives as long as the
newest one; a top-up without bonus leaves the bonus expiry alone; main credit never expires; a
bundle keeps the validity it was granted with (top-ups never extend bundles).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from .ledger import Posting, _posting

SERVICES = ("voice", "data", "sms")
SERVICE_UNITS = {"voice": "SEC", "data": "BYT", "sms": "SMS"}  # a bundle account's "currency"
UNIT_NAMES = {"voice": "second", "data": "byte", "sms": "message"}
WEIGHT_BUNDLE, WEIGHT_BONUS, WEIGHT_MAIN = 10, 20, 30
CHARGING_SHARDS = 32  # contra accounts per currency, so charging has no single hot row


class RatingError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# ------------------------------------------------------------------ tariff


@dataclass(frozen=True, slots=True)
class Rate:
    """`price` minor units per `per` units; the first use is charged at least `first` units, then
    rounded up to whole `step`s (per-second after a first minute: first=60, step=1; per-MB steps:
    first=step=1048576)."""

    service: str
    price: int
    per: int
    first: int
    step: int
    operators: frozenset[str] = frozenset()  # empty = every operator
    hours: tuple[int, int] | None = None  # [from, to) local hours; from > to wraps midnight

    def rated_units(self, units: int) -> int:
        if units <= 0:
            return 0
        if units <= self.first:
            return self.first
        extra = units - self.first
        return self.first + -(-extra // self.step) * self.step

    def cost(self, units: int) -> int:
        """Money for `units` used in one session, rounded up (never a float)."""
        rated = self.rated_units(units)
        return -(-rated * self.price // self.per)

    def applies(self, service: str, operator: str | None, hour: int) -> bool:
        if service != self.service:
            return False
        if self.operators and operator not in self.operators:
            return False
        if self.hours is None:
            return True
        start, end = self.hours
        return start <= hour < end if start <= end else (hour >= start or hour < end)


@dataclass(frozen=True, slots=True)
class Tariff:
    timezone: str
    rates: tuple[Rate, ...]

    def pick(self, service: str, operator: str | None, at_ms: int) -> int:
        """Index of the first rate that applies (rates are listed most specific first)."""
        hour = datetime.fromtimestamp(at_ms / 1000, tz=timezone.utc).astimezone(ZoneInfo(self.timezone)).hour
        for i, rate in enumerate(self.rates):
            if rate.applies(service, operator, hour):
                return i
        raise RatingError("service_not_rated", f"The tariff has no rate for {service}.")


def _int(value: object, name: str, minimum: int) -> int:
    if type(value) is not int or value < minimum:
        raise RatingError("tariff_invalid", f"Tariff {name} must be an integer >= {minimum}.")
    return value


def parse_tariff(document: dict) -> Tariff | None:
    """The catalog document's `tariff` section, or None when the version has none."""
    raw = document.get("tariff")
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("rates"), list):
        raise RatingError("tariff_invalid", "The tariff needs a list of rates.")
    tz = raw.get("timezone", "UTC")
    try:
        ZoneInfo(tz)
    except Exception:  # noqa: BLE001 - any unknown zone name
        raise RatingError("tariff_invalid", f"Unknown tariff timezone {tz!r}.") from None
    rates = []
    for r in raw["rates"]:
        if not isinstance(r, dict) or r.get("service") not in SERVICES:
            raise RatingError("tariff_invalid", f"A rate's service must be one of {', '.join(SERVICES)}.")
        hours = r.get("hours")
        if hours is not None:
            if not (isinstance(hours, list) and len(hours) == 2 and all(type(h) is int and 0 <= h <= 24 for h in hours)):
                raise RatingError("tariff_invalid", "A rate's hours are [from, to), whole hours 0-24.")
            hours = (hours[0], hours[1])
        rates.append(Rate(r["service"], _int(r.get("price"), "price", 0), _int(r.get("per", 1), "per", 1),
                          _int(r.get("first", 1), "first", 1), _int(r.get("step", 1), "step", 1),
                          frozenset(r.get("operators", ())), hours))
    return Tariff(tz, tuple(rates))


# ------------------------------------------------------------------ buckets


@dataclass(frozen=True, slots=True)
class Bucket:
    """One balance bucket as charging sees it at a moment."""

    account_id: str
    type: str  # monetary | voice | data | sms
    unit: str  # ISO currency or SEC/BYT/SMS
    balance: int  # ledger balance (remaining + reserved)
    reserved: int  # held by open sessions
    weight: int
    valid_until_ms: int | None  # None = never expires
    valid_from_ms: int = 0

    @property
    def remaining(self) -> int:
        return self.balance - self.reserved

    def usable(self, now_ms: int) -> bool:
        return self.valid_from_ms <= now_ms and (self.valid_until_ms is None or now_ms < self.valid_until_ms)

    def status(self, now_ms: int) -> str:
        if self.valid_until_ms is not None and now_ms >= self.valid_until_ms:
            return "expired"
        return "active" if now_ms >= self.valid_from_ms else "pending"


def in_order(buckets: list[Bucket]) -> list[Bucket]:
    """The order of use: lowest weight first, then the one that expires first."""
    return sorted(buckets, key=lambda b: (b.weight, b.valid_until_ms if b.valid_until_ms is not None else 2**62,
                                          b.account_id))


# ------------------------------------------------------------------ grants and commits


@dataclass(frozen=True, slots=True)
class Grant:
    units: int
    holds: dict[str, int]  # account -> amount (units for bundles, money for monetary buckets)
    bundle_units: int
    money: int


def _take(buckets: list[Bucket], amount: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for b in buckets:
        if amount <= 0:
            break
        part = min(amount, max(0, b.remaining))
        if part:
            out[b.account_id] = part
            amount -= part
    if amount > 0:
        raise AssertionError("take beyond what the buckets hold")
    return out


def grant(rate: Rate, service: str, buckets: list[Bucket], now_ms: int, money_units_so_far: int, charged: int,
          wanted: int) -> Grant:
    """The most of `wanted` units the usable buckets can pay for: the service's bundles first (unit
    for unit), then money (bonus, then main) at the session's rate, rounded as the tariff says. The
    money held covers cost(money units so far + granted) - charged, so a later commit always fits."""
    usable = [b for b in in_order(buckets) if b.usable(now_ms) and b.remaining > 0]
    bundles = [b for b in usable if b.type == service]
    money_buckets = [b for b in usable if b.type == "monetary"]
    from_bundles = min(wanted, sum(b.remaining for b in bundles))
    money_available = sum(b.remaining for b in money_buckets)
    lo, hi = 0, wanted - from_bundles  # largest m with cost(so_far + m) - charged <= available
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if rate.cost(money_units_so_far + mid) - charged <= money_available:
            lo = mid
        else:
            hi = mid - 1
    money = rate.cost(money_units_so_far + lo) - charged if lo else 0
    holds = {**_take(bundles, from_bundles), **_take(money_buckets, money)}
    return Grant(from_bundles + lo, holds, from_bundles, money)


@dataclass(frozen=True, slots=True)
class Commit:
    units: int  # used units charged (never more than were granted)
    bundle_units: int
    money: int
    takes: dict[str, int]  # account -> amount taken


def commit(rate: Rate, held: dict[str, int], kinds: dict[str, str], order: list[str], used: int, granted: int,
           money_units_so_far: int, charged: int) -> Commit:
    """Charge `used` (capped at the grant) from what the session holds: bundle units first, the rest
    rated as money and taken from the monetary holds in bucket order."""
    used = max(0, min(used, granted))
    bundle_accounts = [a for a in order if a in held and kinds[a] != "monetary"]
    money_accounts = [a for a in order if a in held and kinds[a] == "monetary"]
    bundle_held = sum(held[a] for a in bundle_accounts)
    from_bundles = min(used, bundle_held)
    money_units = used - from_bundles
    money = rate.cost(money_units_so_far + money_units) - charged if money_units else 0
    takes: dict[str, int] = {}
    for accounts, amount in ((bundle_accounts, from_bundles), (money_accounts, money)):
        for a in accounts:
            part = min(amount, held[a])
            if part:
                takes[a] = part
                amount -= part
        if amount > 0:
            raise AssertionError("a commit beyond its reservation")
    return Commit(used, from_bundles, money, takes)


# ------------------------------------------------------------------ ledger


def charging_account(unit: str, msisdn: str) -> str:
    """The contra account of charges in `unit`, one of a few shards (no global hot row)."""
    return f"system:charging:{unit}:{zlib.crc32(msisdn.encode()) % CHARGING_SHARDS}"


def expired_account(unit: str) -> str:
    return f"system:expired:{unit}"


def bundles_account(unit: str) -> str:
    return f"system:bundles:{unit}"


def bundle_account(bundle_hex: str) -> str:
    return f"bundle:{bundle_hex}"


def charge_postings(posting_id: str, msisdn: str, currency: str, takes: dict[str, int], units_of: dict[str, str]
                    ) -> list[Posting]:
    """One posting per unit (money in `currency`, each bundle unit apart), each summing to zero."""
    by_unit: dict[str, list[tuple[str, int]]] = {}
    for account, amount in sorted(takes.items()):
        by_unit.setdefault(units_of[account], []).append((account, -amount))
    postings = []
    for unit, legs in sorted(by_unit.items()):
        pid = posting_id if unit == currency else f"{posting_id}:{unit}"
        postings.append(_posting(pid, "charge", msisdn, unit, *legs,
                                 (charging_account(unit, msisdn), -sum(n for _, n in legs))))
    return postings


def bundle_grant(posting_id: str, account: str, unit: str, amount: int) -> Posting:
    return _posting(posting_id, "bundle_grant", account, unit, (account, amount), (bundles_account(unit), -amount))


def expiry(posting_id: str, account: str, unit: str, amount: int) -> Posting:
    """An expired bucket's unspendable remainder leaves it, so no balance shows what cannot be spent."""
    return _posting(posting_id, "expiry", account, unit, (account, -amount), (expired_account(unit), amount))


# ------------------------------------------------------------------ alerts


def crossed_low(before: int, after: int, mark: int) -> bool:
    """A low-balance alert fires on the crossing, not on every charge below the mark."""
    return before >= mark > after


def is_spike(last_hour: int, previous_total: int, previous_hours: int, factor: int, minimum: int) -> bool:
    """This hour's charge far above the subscriber's own hourly norm (integer maths)."""
    if previous_hours <= 0 or last_hour < minimum:
        return False
    # last_hour > factor * previous_total / previous_hours, without division
    return last_hour * previous_hours > factor * previous_total


def mask(msisdn: str) -> str:
    """+254712345678 -> +2547*****678: enough for the customer to recognise, not to dial."""
    if len(msisdn) <= 7:
        return "*" * len(msisdn)
    return msisdn[:5] + "*" * (len(msisdn) - 8) + msisdn[-3:]
