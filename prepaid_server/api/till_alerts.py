"""The till's "Needs attention" over the float reply, and an alert acknowledged from the till (issues
14/15, till-points); the acknowledge route is added to the v1 router by app.build_router."""
# No `from __future__ import annotations`: the routes' `Who`/`Ctx` are add_routes' arguments (see day_close.py).

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from ..services import till_alerts
from .schemas import FloatModel


class TillAlertModel(BaseModel):
    id: int
    rule: str = Field(description="repeat_msisdn | daily_cap | amount_spike | low_balance | usage_spike | low_float")
    created_at_ms: int
    explanation: str = Field(description="the alert in words, e.g. \"5th top-up of the same number in 10 minutes\"")
    sale_id: str | None
    msisdn_masked: str | None


class LowFloatModel(BaseModel):
    currency: str
    available: int = Field(description="float available + this terminal's unused offline allowance (minor units)")
    hourly_rate: int = Field(description="float a typical trading hour of this shop takes (last 7 days)")
    hours_left: float
    mark_hours: int
    suggested_topup: int
    explanation: str


class FloatStatusModel(FloatModel):
    """GET /api/v1/float: the float, plus what needs the shop's attention (open alerts, low float)."""
    alerts: list[TillAlertModel] = []
    low_float: LowFloatModel | None = None


class AcknowledgeRequest(BaseModel):
    model_config = ConfigDict(strict=True)
    clerk: str = Field(min_length=1, max_length=60, description="who acknowledged it at the till")
    note: str = Field(default="", max_length=500)


class AcknowledgedModel(BaseModel):
    id: int
    state: str


def float_status(ctx, who) -> FloatStatusModel:  # noqa: ANN001
    view, alerts, low = till_alerts.float_status(ctx, who)
    return FloatStatusModel(**asdict(view), alerts=[TillAlertModel(**asdict(a)) for a in alerts],
                            low_float=LowFloatModel(**asdict(low)) if low else None)


def add_routes(r: APIRouter, Who, Ctx, signed: dict) -> None:  # noqa: ANN001, N803
    @r.post("/alerts/{alert_id}/acknowledge", response_model=AcknowledgedModel, tags=["float"], responses=signed)
    def acknowledge(body: AcknowledgeRequest, who: Who, ctx: Ctx,
                    alert_id: Annotated[int, Path(ge=1, le=2**62)]) -> AcknowledgedModel:
        till_alerts.acknowledge(ctx, who, alert_id, body.clerk, body.note)
        return AcknowledgedModel(id=alert_id, state="acknowledged")
