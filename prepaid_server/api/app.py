"""FastAPI application factory: `create_app(database_url)`."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError as PydanticError

from ..services import catalogs, enrollment, floats, ingest, reversals, subscribers, terminal_status
from ..services.auth import AuthedTerminal, SignedRequest, authenticate, verify_request, verify_request_cached
from ..services.context import ServerContext, Settings, open_context, readiness
from . import hardening, observability, problems
from .schemas import (AllowanceRequest, BatchResponse, CatalogModel, EnrollRequest, EnrollResponse, FloatModel,
                      HealthModel, ItemResultModel, ReversalRequest, ReversalResultModel, SaleDocument, SalesBatch,
                      SubscriberModel, TerminalStatusModel)

SIGNED = problems.responses(401, 403, 422)


def _ctx(request: Request) -> ServerContext:
    return request.app.state.ctx


def _signed_path(request: Request) -> str:
    """The path as sent on the wire, with its query: what the terminal signed."""
    path = request.scope.get("raw_path") or request.url.path.encode()
    path_text = path.decode("latin-1")
    query = request.scope.get("query_string", b"").decode("latin-1")
    if query:
        path_text += "?" + query
    return path_text


async def signed_terminal(request: Request) -> AuthedTerminal:
    """Verify the HMAC over the exact bytes received: path as sent on the wire, body as sent."""
    body = await request.body()
    who = await run_in_threadpool(authenticate, _ctx(request), request.method, _signed_path(request),
                                  request.headers, body)
    request.state.terminal_id = who.terminal_id  # for the access log (never the body)
    return who


async def signed_request(request: Request) -> SignedRequest:
    """The same check, but the nonce is recorded by the route, in its own transaction (issue 13:
    one transaction per sale). Credentials come from the process's cache (services/auth.py)."""
    body = await request.body()
    ctx, path = _ctx(request), _signed_path(request)
    signed = verify_request_cached(ctx, request.method, path, request.headers, body)  # no I/O: no thread hop
    if signed is None:
        signed = await run_in_threadpool(verify_request, ctx, request.method, path, request.headers, body)
    request.state.terminal_id = signed.who.terminal_id
    return signed


async def sale_document(request: Request) -> SaleDocument:
    """The single sale's body, parsed and validated once, straight from the bytes (pydantic-core's
    JSON parser; no dict in between, no second validation in ingest). Issue 13, perf-sale: the
    same 422 validation_failed problem as FastAPI's own body validation (non-JSON content type,
    bad JSON, wrong shape), never a 5xx. Runs after the signature check, like a declared body."""
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if not (media == "application/json" or (media.startswith("application/") and media.endswith("+json"))):
        raise RequestValidationError([{"type": "model_attributes_type", "loc": ("body",),
                                       "msg": "Input should be a JSON object (Content-Type: application/json)"}])
    try:
        return SaleDocument.model_validate_json(body)
    except PydanticError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]) from None


# OpenAPI: the lean route still publishes SaleDocument as its request body (inline: the model has
# no nested models; FastAPI's own body schema is the same validation-mode JSON schema).
_SALE_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": SaleDocument.model_json_schema(mode="validation")}}}}

Who = Annotated[AuthedTerminal, Depends(signed_terminal)]
Signed = Annotated[SignedRequest, Depends(signed_request)]
async def _ctx_on_loop(request: Request) -> ServerContext:
    """The context as a dependency. Async so FastAPI resolves it on the event loop: a plain `def`
    dependency costs a thread-pool hop per request (issue 13, perf-sale)."""
    return request.app.state.ctx


Ctx = Annotated[ServerContext, Depends(_ctx_on_loop)]


def _float(view: floats.FloatView) -> FloatModel:
    return FloatModel.model_validate(asdict(view))


def _catalog_response(row, if_none_match: str | None) -> Response:  # noqa: ANN001
    headers = {"ETag": row.etag, "Cache-Control": "no-cache"}
    if if_none_match and row.etag in [t.strip() for t in if_none_match.split(",")] + ["*"]:
        return Response(status_code=304, headers=headers)
    return Response(row.document, media_type="application/json", headers=headers)


def build_router() -> APIRouter:
    r = APIRouter(prefix="/api/v1")

    @r.get("/health", response_model=HealthModel, tags=["meta"])
    def health(ctx: Ctx) -> HealthModel:
        return HealthModel(status="ok", server_time_ms=ctx.clock())

    @r.post("/enroll", status_code=201, response_model=EnrollResponse, tags=["terminal"],
            responses=problems.responses(400, 409, 410, 422))
    def enroll(body: EnrollRequest, ctx: Ctx) -> EnrollResponse:
        return EnrollResponse(**asdict(enrollment.enroll(ctx, body.code, body.label, body.enrollment_request_id)))

    @r.get("/catalog", response_model=CatalogModel, tags=["catalog"],
           responses={304: {"description": "Not modified"}, **SIGNED, **problems.responses(404)})
    def current_catalog(who: Who, ctx: Ctx, if_none_match: Annotated[str | None, Header()] = None) -> Response:
        return _catalog_response(catalogs.current_row(ctx), if_none_match)

    @r.get("/catalog/{version}", response_model=CatalogModel, tags=["catalog"],
           responses={304: {"description": "Not modified"}, **SIGNED, **problems.responses(404)})
    def catalog_version(who: Who, ctx: Ctx, version: Annotated[int, Path(ge=1, le=2**31 - 1)],
                        if_none_match: Annotated[str | None, Header()] = None) -> Response:
        return _catalog_response(catalogs.version_row(ctx, version), if_none_match)

    @r.post("/sales/batch", response_model=BatchResponse, tags=["sales"], response_model_by_alias=True,
            responses=SIGNED)
    def sales_batch(body: SalesBatch, signed: Signed, ctx: Ctx) -> Response:
        results, view = ingest.ingest(ctx, signed.who, body.sales, signed=signed)
        observability.count_sale_results(results)
        observability.note_float(view.available, ctx.settings.low_float_mark)
        # Built by hand (shape = BatchResponse): skips re-validating up to 500 items per reply.
        return JSONResponse({"results": [x.as_dict() for x in results], "float": asdict(view)})

    @r.post("/sales", response_model=ItemResultModel, tags=["sales"], responses={**SIGNED, **problems.responses(409)},
            openapi_extra=_SALE_BODY)
    def sale(signed: Signed, body: Annotated[SaleDocument, Depends(sale_document)], ctx: Ctx) -> Response:
        result = ingest.ingest_one(ctx, signed.who, body.model_dump(), signed=signed, doc=body)
        observability.count_sale_results([result])
        return JSONResponse(result.as_dict())  # shape = ItemResultModel, without validating it again

    @r.post("/reversals", response_model=ReversalResultModel, tags=["sales"],
            responses={**SIGNED, **problems.responses(409)})
    def reversal(body: ReversalRequest, who: Who, ctx: Ctx) -> ReversalResultModel:
        return ReversalResultModel(**asdict(reversals.reverse(ctx, who, body)))

    from . import till_alerts  # issues 14/15 (till-points): the float reply carries Needs attention

    @r.get("/float", response_model=till_alerts.FloatStatusModel, tags=["float"], responses=SIGNED)
    def get_float(who: Who, ctx: Ctx) -> till_alerts.FloatStatusModel:
        return till_alerts.float_status(ctx, who).model_copy(update={"public_url": ctx.settings.public_url})  # issue 15

    @r.post("/allowance", response_model=FloatModel, tags=["float"], responses=SIGNED)
    def reserve_allowance(body: AllowanceRequest, who: Who, ctx: Ctx) -> FloatModel:
        return _float(floats.reserve(ctx, who, body.amount))

    @r.delete("/allowance", response_model=FloatModel, tags=["float"], responses=SIGNED)
    def release_allowance(who: Who, ctx: Ctx) -> FloatModel:
        return _float(floats.release(ctx, who))

    @r.get("/subscribers/{msisdn}", response_model=SubscriberModel, tags=["subscribers"],
           responses={**SIGNED, **problems.responses(404)})
    def subscriber(who: Who, ctx: Ctx, msisdn: Annotated[str, Path(min_length=1, max_length=32)]) -> SubscriberModel:
        return SubscriberModel.model_validate(asdict(subscribers.lookup(ctx, msisdn, who.agent_id, who.terminal_id)))

    @r.get("/terminal/status", response_model=TerminalStatusModel, tags=["terminal"], responses=SIGNED)
    def status(who: Who, ctx: Ctx) -> TerminalStatusModel:
        return TerminalStatusModel(**asdict(terminal_status.status(ctx, who)))

    from . import day_close  # day closes (Z reports) and cancellations
    day_close.add_routes(r, Who, Ctx, SIGNED)
    from . import float_requests  # issue 16: a retailer asks its dealer for float from the till
    float_requests.add_routes(r, Who, Ctx, SIGNED)
    from . import customers  # issue 14: the manager's customer views
    customers.add_routes(r, Who, Ctx, SIGNED)
    till_alerts.add_routes(r, Who, Ctx, SIGNED)  # till-points: acknowledge an alert from the till
    return r


def create_app(database_url: str, *, settings: Settings | None = None,
               clock: Callable[[], int] | None = None, max_body_bytes: int | None = None) -> FastAPI:
    """The server app on `database_url` (migrated to head on creation)."""
    app = FastAPI(title="TopUp POS prepaid server", version="1.0.0",
                  description="Sync protocol v1 between TopUp POS terminals and the prepaid server "
                              "(docs/PROTOCOL.md). Errors are RFC 9457 application/problem+json.")
    app.state.ctx = open_context(database_url, settings=settings, clock=clock)
    problems.install(app)
    app.include_router(build_router())
    from . import charging as charging_api  # issue 15: /api/v1/charging, buckets, usage, the sweeper
    charging_api.install(app, Who, SIGNED)
    app.include_router(operations_router())
    from ..console import install as install_console  # issue 16: the distributor's console under /console
    install_console(app)
    app.add_middleware(observability.RequestObserver)
    hardening.install(app, max_body_bytes)  # issue 11: body limit, sealed secrets
    return app


def operations_router() -> APIRouter:
    """Liveness, readiness and metrics for load balancers and Prometheus (unsigned; restrict
    /metrics at the network edge, docs/SERVER.md)."""
    r = APIRouter(tags=["operations"])

    @r.get("/health", response_model=HealthModel)
    def health(ctx: Ctx) -> HealthModel:
        """Liveness: the process answers. Says nothing about the database."""
        return HealthModel(status="ok", server_time_ms=ctx.clock())

    @r.get("/ready", responses=problems.responses(503))
    def ready(ctx: Ctx) -> Response:
        """Readiness: the database answers and its schema is at the code's migration head."""
        ok, detail = readiness(ctx)
        if not ok:
            return problems.problem(503, "not_ready", detail, headers={"Retry-After": "2"})
        return JSONResponse({"status": "ready", "detail": detail})

    @r.get("/metrics", response_class=Response)
    def metrics() -> Response:
        body, media_type = observability.metrics_body()
        return Response(body, media_type=media_type)

    return r


def app_from_env() -> FastAPI:
    """For `uvicorn --factory` / multi-worker serving: the URL comes from POS_SERVER_DATABASE_URL
    (and each worker sets up its own logging, from POS_SERVER_LOG_LEVEL / POS_SERVER_LOG_FORMAT)."""
    observability.configure_logging(os.environ.get("POS_SERVER_LOG_LEVEL", "warning"),
                                    os.environ.get("POS_SERVER_LOG_FORMAT", "json"))
    return create_app(os.environ["POS_SERVER_DATABASE_URL"])
