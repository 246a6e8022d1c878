"""The charging API (issue 15) under /api/v1/charging, plus a subscriber's buckets and usage
breakdown for terminals, and the background sweeper. Installed by app.create_app with one call."""
# No `from __future__ import annotations`: FastAPI must see the Annotated dependencies eagerly.

import dataclasses
import logging
import os
import threading
from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from ..services import charging, charging_clients
from ..services.charging_clients import AuthedClient
from ..services.context import ServerContext
from . import problems

log = logging.getLogger("prepaid_server.charging")
SESSION_ID = r"^[A-Za-z0-9._:;@=-]{1,60}$"
Units = Annotated[int, Field(ge=0, le=charging.MAX_UNITS)]
PositiveUnits = Annotated[int, Field(ge=1, le=charging.MAX_UNITS)]
RequestNumber = Annotated[int, Field(ge=0, le=2**31 - 1)]
Service = Literal["voice", "data", "sms"]
CHARGING = problems.responses(401, 403, 404, 409, 422)


class ChargingEnrollRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    code: str = Field(min_length=1, max_length=64)


class ChargingEnrollResponse(BaseModel):
    client_id: str = Field(description="send it as X-Terminal-Id when signing (docs/CHARGING.md)")
    name: str
    secret: str = Field(description="base64 of 32 bytes; shown once, keep it secret")
    server_time_ms: int


class SessionOpen(BaseModel):
    """CCR-Initial: reserve before the service is used."""
    model_config = ConfigDict(strict=True, extra="forbid")
    session_id: str = Field(pattern=SESSION_ID)
    request_number: RequestNumber = 0
    msisdn: str = Field(min_length=1, max_length=32)
    service: Service
    requested_units: PositiveUnits


class SessionUpdate(BaseModel):
    """CCR-Update: report the units used since the last request and ask for more."""
    model_config = ConfigDict(strict=True, extra="forbid")
    request_number: RequestNumber
    used_units: Units
    requested_units: Units = 0


class SessionTerminate(BaseModel):
    """CCR-Terminate: report the last units used; the rest of the reservation is released."""
    model_config = ConfigDict(strict=True, extra="forbid")
    request_number: RequestNumber
    used_units: Units


class EventCharge(BaseModel):
    """A one-shot event (an SMS): charged all at once, or not at all."""
    model_config = ConfigDict(strict=True, extra="forbid")
    event_id: str = Field(pattern=SESSION_ID)
    msisdn: str = Field(min_length=1, max_length=32)
    service: Service = "sms"
    units: PositiveUnits = 1


class ChargingAnswer(BaseModel):
    session_id: str | None = None
    event_id: str | None = None
    request_number: int
    result: Literal["success", "credit_limit_reached"]
    state: Literal["open", "closed"]
    service: Service
    unit: Literal["second", "byte", "message"]
    granted_units: int = Field(description="units the client may use before its next request")
    validity_ms: int = Field(description="report back within this, or the reservation is released")
    valid_until_ms: int
    used_units: int = Field(description="units committed in this session so far")
    bundle_units: int = Field(description="of which paid by service bundles")
    charged: int = Field(description="money committed in this session so far, minor units")
    currency: str
    balance: int = Field(description="money the subscriber can still spend, minor units")


class BucketModel(BaseModel):
    id: str
    type: Literal["monetary", "voice", "data", "sms"]
    unit: str
    remaining: int
    reserved: int
    weight: int = Field(description="order of use, lowest first")
    valid_until_ms: int | None
    status: Literal["active", "expired", "pending"]


class BucketsModel(BaseModel):
    msisdn: str
    buckets: list[BucketModel]


class UsageLineModel(BaseModel):
    day: str
    service: Service
    unit: str
    units: int
    charge: int
    paid_by: dict[str, int]


class UsageModel(BaseModel):
    msisdn: str
    currency: str
    days: int
    lines: list[UsageLineModel]
    totals: dict[str, int]


def _ctx(request: Request) -> ServerContext:
    return request.app.state.ctx


def _path_with_query(request: Request) -> str:
    path = (request.scope.get("raw_path") or request.url.path.encode()).decode("latin-1")
    query = request.scope.get("query_string", b"").decode("latin-1")
    return path + ("?" + query if query else "")


def _authenticate(ctx: ServerContext, method: str, path: str, headers, body: bytes) -> AuthedClient:  # noqa: ANN001
    with ctx.uow() as uow:
        who = charging_clients.authenticate_in(ctx, uow, method, path, headers, body)
        uow.commit()
    return who


async def signed_client(request: Request) -> AuthedClient:
    body = await request.body()
    who = await run_in_threadpool(_authenticate, _ctx(request), request.method, _path_with_query(request),
                                  request.headers, body)
    request.state.terminal_id = who.client_id  # for the access log
    return who


async def _signed(request: Request):  # noqa: ANN202
    """A check of this request's signature to run inside the use case's unit of work."""
    body = await request.body()
    ctx, method, path, headers = _ctx(request), request.method, _path_with_query(request), request.headers

    def check(uow) -> AuthedClient:  # noqa: ANN001
        who = charging_clients.authenticate_in(ctx, uow, method, path, headers, body)
        request.state.terminal_id = who.client_id  # for the access log
        return who

    return check


Client = Annotated[AuthedClient, Depends(signed_client)]
Ctx = Annotated[ServerContext, Depends(_ctx)]
SessionPath = Annotated[str, Path(pattern=SESSION_ID)]


def router(who_terminal, signed) -> APIRouter:  # noqa: ANN001
    r = APIRouter(prefix="/api/v1")

    @r.post("/charging/enroll", status_code=201, response_model=ChargingEnrollResponse, tags=["charging"],
            responses=problems.responses(400, 409, 410, 422))
    def enroll(body: ChargingEnrollRequest, ctx: Ctx) -> ChargingEnrollResponse:
        return ChargingEnrollResponse(**asdict(charging_clients.enroll(ctx, body.code)))

    # The signature is checked inside the charging request's own transaction (one commit per
    # request: the nonce and the charge together), so these routes read the raw body themselves.
    @r.post("/charging/sessions", response_model=ChargingAnswer, tags=["charging"], responses=CHARGING,
            response_model_exclude_none=True)
    async def open_session(body: SessionOpen, request: Request) -> dict:
        check = await _signed(request)
        return await run_in_threadpool(charging.open_session, _ctx(request), None,
                                       charging.OpenRequest(**body.model_dump()), check)

    @r.post("/charging/sessions/{session_id}/update", response_model=ChargingAnswer, tags=["charging"],
            responses=CHARGING, response_model_exclude_none=True)
    async def update_session(session_id: SessionPath, body: SessionUpdate, request: Request) -> dict:
        check = await _signed(request)
        return await run_in_threadpool(lambda: charging.update_session(
            _ctx(request), None, session_id, charging.UpdateRequest(**body.model_dump()), authenticate=check))

    @r.post("/charging/sessions/{session_id}/terminate", response_model=ChargingAnswer, tags=["charging"],
            responses=CHARGING, response_model_exclude_none=True)
    async def terminate_session(session_id: SessionPath, body: SessionTerminate, request: Request) -> dict:
        check = await _signed(request)
        return await run_in_threadpool(lambda: charging.update_session(
            _ctx(request), None, session_id, charging.UpdateRequest(**body.model_dump()), final=True,
            authenticate=check))

    @r.post("/charging/events", response_model=ChargingAnswer, tags=["charging"], responses=CHARGING,
            response_model_exclude_none=True)
    async def event(body: EventCharge, request: Request) -> dict:
        check = await _signed(request)
        return await run_in_threadpool(charging.charge_event, _ctx(request), None,
                                       charging.EventRequest(**body.model_dump()), check)

    @r.get("/subscribers/{msisdn}/buckets", response_model=BucketsModel, tags=["subscribers"],
           responses={**signed, **problems.responses(404)})
    def buckets(who: who_terminal, ctx: Ctx, msisdn: Annotated[str, Path(min_length=1, max_length=32)]
                ) -> BucketsModel:
        e164, found = charging.buckets(ctx, msisdn)
        return BucketsModel(msisdn=e164, buckets=[BucketModel(**asdict(b)) for b in found])

    @r.get("/subscribers/{msisdn}/usage", response_model=UsageModel, tags=["subscribers"],
           responses={**signed, **problems.responses(404)})
    def usage(who: who_terminal, ctx: Ctx, msisdn: Annotated[str, Path(min_length=1, max_length=32)],
              days: Annotated[int, Query(ge=1, le=92)] = 7) -> UsageModel:
        return UsageModel.model_validate(asdict(charging.usage(ctx, msisdn, days)))

    return r


class Sweeper:
    """Each server process sweeps on its own; sweeps are idempotent and safe side by side."""

    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="charging-sweeper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(self.ctx.settings.charging_sweep_every_ms / 1000):
            try:
                charging.sweep(self.ctx)
            except Exception:  # noqa: BLE001 - a failed sweep is retried on the next tick
                log.exception("charging sweep failed")


ENV_SETTINGS = {"POS_SERVER_CHARGING_VALIDITY_MS": "charging_validity_ms",
                "POS_SERVER_CHARGING_SWEEP_MS": "charging_sweep_every_ms",
                "POS_SERVER_LOW_BALANCE_MARK": "low_balance_mark"}


def check_public_url(url: str) -> str:
    """`--public-url`: an absolute http(s) address without query or fragment, kept without its
    trailing slash; anything else stops the server with a clear message."""
    from urllib.parse import urlsplit
    url = (url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or \
            any(c.isspace() for c in url) or len(url) > 200:
        raise SystemExit(f"pos-server: --public-url must be an address like https://topup.example.com, not {url!r}")
    return url


def install(app: FastAPI, who_terminal, signed) -> None:  # noqa: ANN001
    """Routes and the background sweeper (started with the app, stopped with it). The charging
    settings can come from the environment (ENV_SETTINGS), e.g. a short validity time in tests."""
    ctx = app.state.ctx
    overrides = {field: int(os.environ[name]) for name, field in ENV_SETTINGS.items()
                 if os.environ.get(name, "").isdigit()}
    if os.environ.get("POS_SERVER_PUBLIC_URL") and ctx.settings.public_url is None:
        overrides["public_url"] = check_public_url(os.environ["POS_SERVER_PUBLIC_URL"])
    if overrides:
        ctx.settings = dataclasses.replace(ctx.settings, **overrides)
    app.include_router(router(who_terminal, signed))
    from . import statement_page
    app.include_router(statement_page.router())
    sweeper = app.state.charging_sweeper = Sweeper(app.state.ctx)
    app.router.on_startup.append(sweeper.start)
    app.router.on_shutdown.append(sweeper.stop)
