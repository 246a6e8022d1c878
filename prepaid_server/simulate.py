"""A charging client over HTTP and the usage simulator behind `pos-server simulate-usage` (issue 15).

`ChargingClient` enrolls with a one-time code and signs every request like a terminal
(topup_core.signing; the client id goes in X-Terminal-Id). `simulate` drives realistic voice, SMS
and data sessions for a set of subscribers through the real API."""
from __future__ import annotations

import base64
import json
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from topup_core.signing import signed_headers


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class ChargingClient:
    def __init__(self, base_url: str, client_id: str, secret: bytes, *, timeout: float = 10.0,
                 retries: int = 0) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.client_id = client_id
        self.secret = secret
        self.timeout = timeout
        self.http = requests.Session()

    @classmethod
    def enroll(cls, base_url: str, code: str, **kw: Any) -> "ChargingClient":
        r = requests.post(base_url.rstrip("/") + "/api/v1/charging/enroll", json={"code": code}, timeout=10)
        if r.status_code != 201:
            raise RuntimeError(f"enrollment refused: {r.status_code} {r.text[:200]}")
        body = r.json()
        return cls(base_url, body["client_id"], base64.b64decode(body["secret"]), **kw)

    def credential(self) -> dict[str, str]:
        return {"server": self.base_url, "client_id": self.client_id, "secret": base64.b64encode(self.secret).decode()}

    @classmethod
    def from_credential(cls, cred: dict[str, str], **kw: Any) -> "ChargingClient":
        return cls(cred["server"], cred["client_id"], base64.b64decode(cred["secret"]), **kw)

    def request(self, method: str, path: str, body: Any = None) -> requests.Response:
        """Send, signed; a lost connection or a 503 is retried with the SAME body (so the same
        request number): the server answers a repeat from what it stored, never charging twice."""
        data = b"" if body is None else json.dumps(body).encode()
        for attempt in range(self.retries + 1):
            headers = {"Content-Type": "application/json",
                       **signed_headers(self.client_id, self.secret, method, path, data, now_ms())}
            try:
                r = self.http.request(method, self.base_url + path, data=data, headers=headers, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout):
                if attempt == self.retries:
                    raise
                self.http.close()
            else:
                if r.status_code != 503 or attempt == self.retries:
                    return r
            time.sleep(min(1.0, 0.05 * 2 ** attempt))
        raise AssertionError("unreachable")

    def open(self, session_id: str, msisdn: str, service: str, requested: int, number: int = 0) -> requests.Response:
        return self.request("POST", "/api/v1/charging/sessions", {
            "session_id": session_id, "request_number": number, "msisdn": msisdn, "service": service,
            "requested_units": requested})

    def update(self, session_id: str, number: int, used: int, requested: int) -> requests.Response:
        return self.request("POST", f"/api/v1/charging/sessions/{session_id}/update",
                            {"request_number": number, "used_units": used, "requested_units": requested})

    def terminate(self, session_id: str, number: int, used: int) -> requests.Response:
        return self.request("POST", f"/api/v1/charging/sessions/{session_id}/terminate",
                            {"request_number": number, "used_units": used})

    def event(self, event_id: str, msisdn: str, units: int = 1, service: str = "sms") -> requests.Response:
        return self.request("POST", "/api/v1/charging/events",
                            {"event_id": event_id, "msisdn": msisdn, "service": service, "units": units})


# ------------------------------------------------------------------ the simulator

MB = 1024 * 1024


@dataclass
class SimulationReport:
    sessions: int = 0
    events: int = 0
    requests: int = 0
    credit_limit: int = 0
    errors: int = 0
    charged: int = 0
    by_service: dict[str, int] = field(default_factory=dict)


def _pace(rate: float, started: float, sent: int) -> None:
    if rate > 0:
        delay = started + sent / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def _voice(client: ChargingClient, msisdn: str, rng: random.Random, report: SimulationReport, pace) -> None:  # noqa: ANN001
    """A call: reserve a minute at a time, use part of it, terminate with the last part."""
    sid = f"sim-v-{uuid.uuid4().hex[:20]}"
    length = int(rng.expovariate(1 / 150)) + 5  # seconds, mean 2.5 min
    _session(client, sid, msisdn, "voice", length, 60, report, pace)


def _data(client: ChargingClient, msisdn: str, rng: random.Random, report: SimulationReport, pace) -> None:  # noqa: ANN001
    sid = f"sim-d-{uuid.uuid4().hex[:20]}"
    volume = int(rng.expovariate(1 / (8 * MB))) + 1024
    _session(client, sid, msisdn, "data", volume, 5 * MB, report, pace)


def _session(client: ChargingClient, sid: str, msisdn: str, service: str, total: int, chunk: int,
             report: SimulationReport, pace) -> None:  # noqa: ANN001
    pace()
    r = client.open(sid, msisdn, service, chunk)
    report.requests += 1
    if r.status_code != 200:
        report.errors += 1
        return
    answer = r.json()
    report.sessions += 1
    if answer["result"] == "credit_limit_reached":
        report.credit_limit += 1
        return
    left, number = total, 0
    while True:
        granted = answer["granted_units"]
        use = min(left, granted)
        left -= use
        number += 1
        pace()
        if left <= 0 or use < granted or granted == 0:
            r = client.terminate(sid, number, use)
        else:
            r = client.update(sid, number, use, chunk)
        report.requests += 1
        if r.status_code != 200:
            report.errors += 1
            return
        answer = r.json()
        if answer["state"] == "closed":
            break
        if answer["result"] == "credit_limit_reached":
            report.credit_limit += 1
            number += 1
            pace()
            client.terminate(sid, number, 0)
            report.requests += 1
            break
    report.charged += answer["charged"]
    report.by_service[service] = report.by_service.get(service, 0) + answer["charged"]


def _sms(client: ChargingClient, msisdn: str, rng: random.Random, report: SimulationReport, pace) -> None:  # noqa: ANN001
    pace()
    r = client.event(f"sim-s-{uuid.uuid4().hex[:20]}", msisdn)
    report.requests += 1
    if r.status_code != 200:
        report.errors += 1
        return
    report.events += 1
    body = r.json()
    if body["result"] == "credit_limit_reached":
        report.credit_limit += 1
    report.charged += body["charged"]
    report.by_service["sms"] = report.by_service.get("sms", 0) + body["charged"]


def simulate(client: ChargingClient, msisdns: list[str], hours: float, *, rate: float = 0.0,
             seed: int | None = None) -> SimulationReport:
    """Per subscriber and simulated hour: about one call, two SMS and one data session."""
    rng = random.Random(seed)
    report = SimulationReport()
    started = time.monotonic()
    pace = lambda: _pace(rate, started, report.requests)  # noqa: E731
    activities = []
    for msisdn in msisdns:
        n = max(1, round(hours * 4))
        activities += [(msisdn, rng.choice((_voice, _sms, _sms, _data))) for _ in range(n)]
    rng.shuffle(activities)
    for msisdn, act in activities:
        act(client, msisdn, rng, report, pace)
    return report


def _default_credential() -> Path:
    from platformdirs import user_data_dir
    return Path(user_data_dir("topup-pos-server")) / "charging-simulator.json"


def simulate_from_cli(args, database_url: str) -> int:  # noqa: ANN001
    """`pos-server simulate-usage`: enroll (a code from --code, or one issued on this database)
    when there is no credential yet, then simulate usage for the first N subscribers."""
    path = Path(args.credential) if args.credential else _default_credential()
    client = None
    if path.exists():
        cred = json.loads(path.read_text())
        if cred.get("server") == args.server.rstrip("/"):
            client = ChargingClient.from_credential(cred)
    from .services.context import open_context
    ctx = open_context(database_url)
    if client is None:
        code = args.code
        if code is None:
            from .services.charging_clients import add_client_code
            code = add_client_code(ctx, "usage simulator")
        client = ChargingClient.enroll(args.server, code)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(client.credential()))
        path.chmod(0o600)
    from .services.charging import subscriber_numbers
    msisdns = subscriber_numbers(ctx, args.subscribers)
    if not msisdns:
        print("pos-server: no subscribers yet (sell a top-up first)", file=sys.stderr)
        return 2
    report = simulate(client, msisdns, args.hours, rate=args.rate, seed=args.seed)
    print(json.dumps(report.__dict__))
    return 0 if report.errors == 0 else 1
