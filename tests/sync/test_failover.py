"""Issue 13: the terminal takes an ordered list of server URLs and fails over, with the same id
semantics. Two real server processes share one PostgreSQL database; the first is stopped."""
from __future__ import annotations

from datetime import datetime, timezone

from pos_app.application import settings as bs
from pos_app.application.clock import FixedClock
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.domain.sale import SaleStatus
from pos_app.runtime import Runtime
from pos_app.sync.client import ServerClient, parse_urls
from support.server import free_port, postgres_database, start_server

from test_sync import _payload, sale, server_sales


def test_parse_urls_keeps_order():
    assert parse_urls(" http://a:1/, http://b:2;http://c:3  ") == ["http://a:1", "http://b:2", "http://c:3"]
    assert parse_urls("") == []


def test_terminal_fails_over_to_the_next_server_and_ids_stay_exactly_once(tmp_path):
    with postgres_database() as url:
        first = start_server(url)
        second = start_server(url, seed=False)
        svc = None
        try:
            first.cli("deposit", first.agent_id, "500000000")
            svc = Runtime.open(tmp_path / "pos", clock=FixedClock(datetime.now(timezone.utc)))
            svc.setup.seed_demo()
            svc.settings.update(LOCAL_ADMIN, {bs.SERVER_URLS_FALLBACK: f"{second.url} http://127.0.0.1:{free_port()}"})
            engine = svc.engine
            svc.enroll(first.url, first.enrollment_code, "Till 1")
            engine.pull_catalog()
            clerk = svc.auth.login("alice", "1234")
            before = svc.sell.record(clerk, sale())
            assert engine.submit_now(before.id) is SaleStatus.CONFIRMED
            assert engine.client.base_url == first.url

            first.stop()  # the first server is down: the terminal goes on with the second
            after = svc.sell.record(clerk, sale())
            assert engine.submit_now(after.id) is SaleStatus.CONFIRMED
            assert engine.client.base_url == second.url
            # a sale the first server took, sent again to the second, is a duplicate, never a second sale
            assert engine.client.post_sale(_payload(svc, before.id))["status"] == "duplicate"
            queued = [svc.sell.record(clerk, sale()).id for _ in range(20)]
            assert engine.drain().accepted == 20
            on_server = server_sales(second, engine.credentials.terminal_id)
            assert sorted(on_server) == sorted([before.id, after.id, *queued])
            assert second.cli("ledger-check").returncode == 0
        finally:
            if svc is not None:
                svc.engine.client.close()
                svc.close()
            second.stop()
            first.stop()


def test_every_server_down_is_a_network_error(tmp_path):
    import pytest

    from pos_app.sync.client import NetworkError
    client = ServerClient(None, f"http://127.0.0.1:{free_port()}", fallback_urls=[f"http://127.0.0.1:{free_port()}"])
    with pytest.raises(NetworkError):
        client.request("GET", "/api/v1/health", signed=False)
