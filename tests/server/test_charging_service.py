"""Charging use cases on a controllable clock (SQLite): reservations, commits, bucket order,
rating, idempotency, credit limit, the sweeper, expiry, alerts and the ledger check."""
from __future__ import annotations

import pytest

from prepaid_server.domain import ledger
from prepaid_server.services import admin, charging, ledger_check, reversals
from prepaid_server.services.charging import EventRequest, OpenRequest, UpdateRequest
from prepaid_server.services.context import Settings
from topup_core.errors import Conflict, NotFound, ValidationError

from charging_support import T0, world

NUMBER = "+254712000111"
MB = 1024 * 1024


@pytest.fixture
def w(tmp_path):  # noqa: ANN001, ANN201
    return world(f"sqlite:///{tmp_path / 'server.sqlite3'}")


def balance(w, account: str) -> int:  # noqa: ANN001
    with w.ctx.uow() as uow:
        return uow.ledger.balance(account)


def assert_ledger_ok(w) -> None:  # noqa: ANN001
    report = ledger_check.check(w.ctx)
    assert report.ok, report.problems


def test_voice_session_reserves_commits_and_releases(w):
    w.top_up(NUMBER, 10_000)  # 100 KES main; no bonus below the first tier? (tier 10,000 -> 500 bonus)
    main0 = balance(w, ledger.main_account(NUMBER))
    bonus0 = balance(w, ledger.bonus_account(NUMBER))
    opened = charging.open_session(w.ctx, w.client, OpenRequest("s1", 0, NUMBER, "voice", 120))
    assert opened["result"] == "success" and opened["granted_units"] == 120 and opened["state"] == "open"
    assert opened["validity_ms"] == w.ctx.settings.charging_validity_ms
    # 120 s at 400 per 60 s = 800 held; nothing charged yet.
    assert balance(w, ledger.main_account(NUMBER)) == main0
    assert opened["balance"] == main0 + bonus0 - 800
    w.clock.advance(60_000)
    upd = charging.update_session(w.ctx, w.client, "s1", UpdateRequest(1, 90, 60))
    assert upd["used_units"] == 90 and upd["charged"] == 600 and upd["granted_units"] == 60
    done = charging.update_session(w.ctx, w.client, "s1", UpdateRequest(2, 31), final=True)
    assert done["state"] == "closed" and done["used_units"] == 121
    assert done["charged"] == -(-121 * 400 // 60)  # per second after the first minute, rounded up once
    # Bonus first, then main.
    spent = done["charged"]
    assert balance(w, ledger.bonus_account(NUMBER)) == max(0, bonus0 - spent)
    assert balance(w, ledger.main_account(NUMBER)) == main0 - max(0, spent - bonus0)
    with w.ctx.uow() as uow:
        assert uow.charging.holds("s1") == {}
    assert_ledger_ok(w)


def test_first_minimum_and_data_steps(w):
    w.top_up(NUMBER, 10_000)
    charging.open_session(w.ctx, w.client, OpenRequest("v", 0, NUMBER, "voice", 60))
    short = charging.update_session(w.ctx, w.client, "v", UpdateRequest(1, 5), final=True)
    assert short["charged"] == 400  # a 5 s call pays the first minute
    charging.open_session(w.ctx, w.client, OpenRequest("d", 0, NUMBER, "data", 3 * MB))
    data = charging.update_session(w.ctx, w.client, "d", UpdateRequest(1, MB + 1), final=True)
    assert data["charged"] == 100  # 2 started MB at 50 each


def test_replay_is_idempotent_and_conflict_is_409(w):
    w.top_up(NUMBER, 10_000)
    first = charging.open_session(w.ctx, w.client, OpenRequest("s", 0, NUMBER, "voice", 60))
    assert charging.open_session(w.ctx, w.client, OpenRequest("s", 0, NUMBER, "voice", 60)) == first
    with pytest.raises(Conflict) as exc:
        charging.open_session(w.ctx, w.client, OpenRequest("s", 0, NUMBER, "voice", 61))
    assert exc.value.code == "request_conflict"
    upd = charging.update_session(w.ctx, w.client, "s", UpdateRequest(1, 60, 60))
    main_after = balance(w, ledger.main_account(NUMBER)) + balance(w, ledger.bonus_account(NUMBER))
    assert charging.update_session(w.ctx, w.client, "s", UpdateRequest(1, 60, 60)) == upd
    assert balance(w, ledger.main_account(NUMBER)) + balance(w, ledger.bonus_account(NUMBER)) == main_after
    with pytest.raises(Conflict) as exc:
        charging.update_session(w.ctx, w.client, "s", UpdateRequest(1, 59, 60))
    assert exc.value.code == "request_conflict"
    with pytest.raises(Conflict) as exc:
        charging.update_session(w.ctx, w.client, "s", UpdateRequest(0, 1, 1))
    assert exc.value.code in ("request_conflict", "request_out_of_order")
    assert_ledger_ok(w)


def test_grant_never_exceeds_balance_and_credit_limit_code(w):
    doc = w.top_up(NUMBER, 1_000)  # 10 KES, no bonus
    money = balance(w, ledger.main_account(NUMBER)) + balance(w, ledger.bonus_account(NUMBER))
    opened = charging.open_session(w.ctx, w.client, OpenRequest("s", 0, NUMBER, "voice", 3600))
    assert opened["granted_units"] == money * 60 // 400  # 150 s for 1,000
    assert opened["balance"] == 0
    other = charging.open_session(w.ctx, w.client, OpenRequest("s2", 0, NUMBER, "voice", 60))
    assert other["result"] == "credit_limit_reached" and other["granted_units"] == 0 and other["state"] == "closed"
    sms = charging.charge_event(w.ctx, w.client, EventRequest("e1", NUMBER, "sms", 1))
    assert sms["result"] == "credit_limit_reached" and sms["charged"] == 0
    final = charging.update_session(w.ctx, w.client, "s", UpdateRequest(1, 10_000), final=True)
    assert final["used_units"] == 150  # used beyond the grant is capped at the grant
    assert balance(w, ledger.main_account(NUMBER)) == 0
    assert doc  # the sale that paid for it
    assert_ledger_ok(w)


def test_bundles_first_then_bonus_then_main(w):
    w.top_up(NUMBER, 10_000)  # 500 bonus with the demo promotion
    bonus0 = balance(w, ledger.bonus_account(NUMBER))
    assert bonus0 > 0
    bundle = charging.grant_bundle(w.ctx, NUMBER, "sms", 2, 7)
    for i in range(3):
        charging.charge_event(w.ctx, w.client, EventRequest(f"sms{i}", NUMBER, "sms", 1))
    assert balance(w, bundle) == 0
    assert balance(w, ledger.bonus_account(NUMBER)) == bonus0 - 100  # the third SMS, from bonus
    usage = charging.usage(w.ctx, NUMBER, 7)
    (line,) = usage.lines
    assert line.service == "sms" and line.units == 3 and line.charge == 100
    assert line.paid_by == {"bundle": 2, "bonus": 100}
    _, buckets = charging.buckets(w.ctx, NUMBER)
    assert [b.type for b in buckets][:2] == ["monetary", "monetary"] or buckets[0].weight <= buckets[-1].weight
    assert [b.weight for b in buckets] == sorted(b.weight for b in buckets)
    assert_ledger_ok(w)


def test_sweeper_releases_a_vanished_clients_reservation(w):
    w.top_up(NUMBER, 10_000)
    before = charging.open_session(w.ctx, w.client, OpenRequest("gone", 0, NUMBER, "voice", 300))["balance"]
    assert charging.sweep(w.ctx).released_sessions == 0  # still within its validity time
    w.clock.advance(w.ctx.settings.charging_validity_ms)
    report = charging.sweep(w.ctx)
    assert report.released_sessions == 1
    assert charging.sweep(w.ctx).released_sessions == 0  # idempotent
    with pytest.raises(Conflict) as exc:
        charging.update_session(w.ctx, w.client, "gone", UpdateRequest(1, 10, 10))
    assert exc.value.code == "session_released"
    _, buckets = charging.buckets(w.ctx, NUMBER)
    assert sum(b.reserved for b in buckets) == 0
    assert sum(b.remaining for b in buckets if b.type == "monetary") == before + 2_000  # 300 s = 2,000 held
    assert_ledger_ok(w)


def test_bonus_expiry_rule_and_job(w):
    """CGRateS #814, decided: a top-up with bonus extends the whole bonus bucket's expiry; one
    without bonus does not; the expiry job posts what is left, once, and expired bonus is never used."""
    validity = w.ctx.settings.bonus_validity_ms
    w.top_up(NUMBER, 10_000)
    with w.ctx.uow() as uow:
        assert uow.subscribers.get(NUMBER).bonus_expires_at_ms == T0 + validity
    w.clock.advance(20 * 86_400_000)
    w.top_up(NUMBER, 10_000)  # with bonus: pushes the expiry out
    with w.ctx.uow() as uow:
        assert uow.subscribers.get(NUMBER).bonus_expires_at_ms == w.clock.now + validity
    expires = w.clock.now + validity
    w.clock.advance(5 * 86_400_000)
    w.top_up(NUMBER, 5_000)  # below the first tier: no bonus, no extension
    with w.ctx.uow() as uow:
        assert uow.subscribers.get(NUMBER).bonus_expires_at_ms == expires
    bonus = balance(w, ledger.bonus_account(NUMBER))
    main = balance(w, ledger.main_account(NUMBER))
    w.clock.now = expires
    # Expired but not yet swept: never used.
    sms = charging.charge_event(w.ctx, w.client, EventRequest("after", NUMBER, "sms", 1))
    assert sms["result"] == "success"
    assert balance(w, ledger.bonus_account(NUMBER)) == bonus and balance(w, ledger.main_account(NUMBER)) == main - 100
    report = charging.sweep(w.ctx)
    assert report.expired_buckets == 1 and report.expired_amount == bonus
    assert balance(w, ledger.bonus_account(NUMBER)) == 0
    assert charging.sweep(w.ctx).expired_amount == 0
    assert balance(w, "system:expired:KES") == bonus
    assert_ledger_ok(w)


def test_reversal_cannot_take_reserved_credit(w):
    doc = w.top_up(NUMBER, 10_000)
    charging.open_session(w.ctx, w.client, OpenRequest("r", 0, NUMBER, "voice", 600))  # holds 4,000 of the main
    result = reversals.reverse(w.ctx, w.terminal, reversals.ReversalRequest(
        id="rev1", sale_id=doc["id"], reason="test", created_at_ms=w.clock.now))
    assert result.status == "refused" and result.code == "credit_spent"
    assert_ledger_ok(w)


def test_low_balance_alert_fires_on_the_crossing_only(w):
    w.top_up(NUMBER, 10_000)  # 10,500 money; the mark is 5,000
    for i in range(4):  # 4 x 3 min = 12 x 400 = 4,800 -> 5,700 left: above
        charging.open_session(w.ctx, w.client, OpenRequest(f"c{i}", 0, NUMBER, "voice", 180))
        charging.update_session(w.ctx, w.client, f"c{i}", UpdateRequest(1, 180), final=True)
    assert [a.rule for a in admin.list_alerts(w.ctx)] == []
    for i in range(4, 7):
        charging.open_session(w.ctx, w.client, OpenRequest(f"c{i}", 0, NUMBER, "voice", 180))
        charging.update_session(w.ctx, w.client, f"c{i}", UpdateRequest(1, 180), final=True)
    alerts = [a for a in admin.list_alerts(w.ctx) if a.rule == "low_balance"]
    assert len(alerts) == 1
    assert NUMBER not in alerts[0].detail and alerts[0].terminal_id == w.terminal.terminal_id


def test_usage_spike_alert_once(tmp_path):
    w = world(f"sqlite:///{tmp_path / 's.sqlite3'}", Settings(spike_history_hours=24))
    w.top_up(NUMBER, 1_000_000)
    for day in range(2):  # a quiet norm: one SMS every 4 hours for two days
        for h in range(0, 24, 4):
            charging.charge_event(w.ctx, w.client, EventRequest(f"n{day}-{h}", NUMBER, "sms", 1))
            w.clock.advance(4 * 3_600_000)
    assert not [a for a in admin.list_alerts(w.ctx) if a.rule == "usage_spike"]
    for i in range(3):  # then 3 x 10 minutes of calls within an hour
        charging.open_session(w.ctx, w.client, OpenRequest(f"x{i}", 0, NUMBER, "voice", 600))
        charging.update_session(w.ctx, w.client, f"x{i}", UpdateRequest(1, 600), final=True)
    spikes = [a for a in admin.list_alerts(w.ctx) if a.rule == "usage_spike"]
    assert len(spikes) == 1


def test_bad_input_is_coded(w):
    w.top_up(NUMBER, 10_000)
    with pytest.raises(ValidationError) as exc:
        charging.open_session(w.ctx, w.client, OpenRequest("b", 0, NUMBER, "fax", 1))
    assert exc.value.code == "service_unknown"
    with pytest.raises(ValidationError):
        charging.open_session(w.ctx, w.client, OpenRequest("b", 0, "12", "voice", 1))
    with pytest.raises(NotFound) as nf:
        charging.open_session(w.ctx, w.client, OpenRequest("b", 0, "+254712999999", "voice", 1))
    assert nf.value.code == "subscriber_unknown"
    with pytest.raises(NotFound) as nf:
        charging.update_session(w.ctx, w.client, "nope", UpdateRequest(1, 1, 1))
    assert nf.value.code == "session_unknown"


def test_reversal_claws_back_only_bonus_no_session_holds(w):
    w.top_up(NUMBER, 100_000)  # 12,000 bonus with the demo promotion; 100,000 main
    bonus0 = balance(w, ledger.bonus_account(NUMBER))
    doc = w.top_up(NUMBER, 10_000)  # +500 bonus
    # A data session holds all the bonus (and some main): 300 MB at 50 per MB = 15,000.
    charging.open_session(w.ctx, w.client, OpenRequest("hold", 0, NUMBER, "data", 300 * MB))
    result = reversals.reverse(w.ctx, w.terminal, reversals.ReversalRequest(
        id="rev2", sale_id=doc["id"], reason="test", created_at_ms=w.clock.now))
    assert result.status == "reversed"
    assert balance(w, ledger.bonus_account(NUMBER)) == bonus0 + 500  # the held bonus was not taken back
    charging.update_session(w.ctx, w.client, "hold", UpdateRequest(1, 300 * MB), final=True)
    assert balance(w, ledger.bonus_account(NUMBER)) == 0
    assert_ledger_ok(w)


def test_rate_by_operator_and_time_of_day_is_fixed_at_open(w):
    airtel = "+254733000222"
    w.top_up(NUMBER, 10_000)
    w.top_up(airtel, 10_000, product="AIR-AIRTIME", operator="AIR")
    base = T0 - 6_400_000  # 12:20 in Nairobi
    w.clock.now = base + 9 * 3_600_000 + 38 * 60_000  # 21:58: the day rate
    charging.open_session(w.ctx, w.client, OpenRequest("day", 0, NUMBER, "voice", 120))
    w.clock.advance(3 * 60_000)  # 22:01: Safaricom's night rate for sessions opened now
    charging.open_session(w.ctx, w.client, OpenRequest("night", 0, NUMBER, "voice", 120))
    charging.open_session(w.ctx, w.client, OpenRequest("other", 0, airtel, "voice", 120))
    w.clock.advance(60_000)
    day = charging.update_session(w.ctx, w.client, "day", UpdateRequest(1, 120), final=True)
    assert day["charged"] == 800  # the rate it opened with, though it ends at night
    assert charging.update_session(w.ctx, w.client, "night", UpdateRequest(1, 120), final=True)["charged"] == 400
    assert charging.update_session(w.ctx, w.client, "other", UpdateRequest(1, 120), final=True)["charged"] == 800
