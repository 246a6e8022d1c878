"""Operations endpoints of a real server process: /metrics counts what happened, /ready differs from
/health, every answer carries a request id, and the logs are JSON lines without secrets."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import requests

from support.server import TerminalClient, free_port, postgres_database, start_server


def _metric(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_metrics_count_requests_sales_and_problems(server_url):
    terminal = server_url.enroll()
    assert terminal.post("/api/v1/sales", terminal.sale()).status_code == 200
    replay = terminal.sale()
    terminal.post("/api/v1/sales/batch", {"sales": [replay, {"id": "x"}]})
    # a replayed nonce: the same signed request sent twice
    body = json.dumps(terminal.sale()).encode()
    from topup_core.signing import signed_headers
    headers = {"Content-Type": "application/json", **signed_headers(terminal.terminal_id, terminal.secret, "POST",
                                                                   "/api/v1/sales", body, int(time.time() * 1000))}
    assert requests.post(server_url.url + "/api/v1/sales", data=body, headers=headers).status_code == 200
    again = requests.post(server_url.url + "/api/v1/sales", data=body, headers=headers)
    assert again.json()["code"] == "nonce_replayed"

    text = requests.get(server_url.url + "/metrics").text
    assert _metric(text, "pos_http_requests_total", route="/api/v1/sales", status="200") >= 2
    assert _metric(text, "pos_http_request_seconds_count", route="/api/v1/sales/batch") >= 1
    assert _metric(text, "pos_sale_results_total", status="accepted") >= 3
    assert _metric(text, "pos_sale_results_total", status="rejected", code="sale_malformed") >= 1
    assert _metric(text, "pos_problems_total", code="nonce_replayed") == 1


def test_ready_is_not_health(tmp_path):
    """/health says the process lives; /ready also needs the database at the migration head."""
    with postgres_database() as url:
        server = start_server(url)
        try:
            assert requests.get(server.url + "/ready").status_code == 200
            assert requests.get(server.url + "/health").status_code == 200
            from sqlalchemy import create_engine, text
            engine = create_engine(url)
            with engine.begin() as conn:  # the schema falls behind the code (as after a failed migration)
                conn.execute(text("UPDATE alembic_version SET version_num = 'behind'"))
            engine.dispose()
            answer = requests.get(server.url + "/ready")
            assert answer.status_code == 503 and answer.json()["code"] == "not_ready"
            assert requests.get(server.url + "/health").status_code == 200
        finally:
            server.stop()


def test_request_id_is_echoed_or_made(server_url):
    mine = requests.get(server_url.url + "/api/v1/health", headers={"X-Request-Id": "till-1-abcdef12"})
    assert mine.headers["X-Request-Id"] == "till-1-abcdef12"
    made = requests.get(server_url.url + "/api/v1/health", headers={"X-Request-Id": "bad id;drop"})
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-Id"])


def test_logs_are_json_lines_with_request_ids_and_no_secrets(tmp_path):
    from prepaid_server.embedded import seed_demo
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    seeded = seed_demo(url)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "prepaid_server.cli", "--database-url", url, "--port", str(port),
                             "--log-level", "info"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(base + "/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        terminal = TerminalClient.enroll(base, str(seeded["enrollment_code"]))
        sale = terminal.sale(msisdn="+254712345678")
        assert terminal.post("/api/v1/sales", sale, headers={"X-Request-Id": "req-for-the-log-1"}).status_code == 200
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=10)
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    sale_lines = [entry for entry in lines if entry.get("http", {}).get("route") == "/api/v1/sales"]
    assert sale_lines and sale_lines[0]["request_id"] == "req-for-the-log-1"
    assert sale_lines[0]["http"]["terminal_id"] == terminal.terminal_id
    assert sale_lines[0]["http"]["status"] == 200
    import base64
    assert base64.b64encode(terminal.secret).decode() not in err
    assert "712345678" not in err
