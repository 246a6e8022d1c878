"""Routes for day closes (Z reports) and cancellations; added to the v1 router by app.build_router."""
# No `from __future__ import annotations` here: the route parameters are annotated with `Who`/`Ctx`,
# which are arguments of add_routes; FastAPI can only see them if annotations are evaluated eagerly.

from dataclasses import asdict
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from ..services import closes
from . import problems


class CloseTotalsModel(BaseModel):
    count: int
    face: int
    bonus: int
    price: int
    float_cost: int
    commission: int


class CloseResultModel(BaseModel):
    id: str
    z_no: int
    terminal_id: str
    business_day: str
    currency: str
    status: Literal["computed"]
    settled: CloseTotalsModel
    reversed: CloseTotalsModel
    rejected: int
    missing_seqs: list[int]
    unlisted_seqs: list[int]
    computed_at_ms: int


class CancelResultModel(BaseModel):
    id: str
    sale_id: str
    status: Literal["cancelled", "refused"]
    code: str | None = None
    message: str | None = None


def add_routes(r: APIRouter, Who, Ctx, signed: dict) -> None:  # noqa: ANN001, N803
    @r.post("/closes", response_model=CloseResultModel, tags=["sales"], responses={**signed, **problems.responses(422)})
    def close_day(body: closes.CloseRequest, who: Who, ctx: Ctx) -> CloseResultModel:
        """A terminal's Z report: the server recomputes the day's totals from its own sales."""
        return CloseResultModel(**asdict(closes.recompute(ctx, who, body)))

    @r.post("/cancellations", response_model=CancelResultModel, tags=["sales"], responses=signed)
    def cancellation(body: closes.CancelRequest, who: Who, ctx: Ctx) -> CancelResultModel:
        """A queued sale withdrawn at the terminal before it was ever sent: its number is void."""
        return CancelResultModel(**asdict(closes.cancel(ctx, who, body)))
