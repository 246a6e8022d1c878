"""Routes for the manager's customer views (issue 14); added to the v1 router by app.build_router."""
# No `from __future__ import annotations`: the routes' `Who`/`Ctx` are add_routes' arguments (see day_close.py).

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from ..services import customers


class LapsedCustomerModel(BaseModel):
    msisdn_masked: str
    days_since: int
    topups: int
    total: int
    last_amount: int
    last_at_ms: int
    usual_interval_days: int | None


class LapsedModel(BaseModel):
    min_days: int
    customers: list[LapsedCustomerModel]


def add_routes(r: APIRouter, Who, Ctx, signed: dict) -> None:  # noqa: ANN001, N803
    @r.get("/customers/lapsed", response_model=LapsedModel, tags=["subscribers"], responses=signed)
    def lapsed(who: Who, ctx: Ctx, min_days: Annotated[int, Query(ge=0, le=3650)] = 30,
               limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> LapsedModel:
        rows = customers.lapsed(ctx, who, min_days, limit)
        return LapsedModel(min_days=min_days, customers=[LapsedCustomerModel(**asdict(x)) for x in rows])
