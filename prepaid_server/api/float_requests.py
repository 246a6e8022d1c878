"""A retailer's manager asks the dealer for float from the till (issue 16): a signed terminal
request, idempotent on its id; the dealer's finance desk approves or refuses it in the console."""
# No `from __future__ import annotations`: FastAPI must see Who/Ctx, arguments of add_routes, eagerly.

from dataclasses import asdict
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ..services import hierarchy
from . import problems


class FloatRequestBody(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
    amount: int = Field(ge=1, le=10**12)


class FloatRequestModel(BaseModel):
    id: str
    agent_id: str
    parent_id: str
    amount: int
    state: Literal["pending", "approved", "refused"]
    duplicate: bool


def add_routes(r: APIRouter, Who, Ctx, SIGNED) -> None:  # noqa: ANN001, N803
    @r.post("/float/requests", status_code=201, response_model=FloatRequestModel, tags=["float"],
            responses={**SIGNED, **problems.responses(409)})
    def request_float(body: FloatRequestBody, who: Who, ctx: Ctx) -> FloatRequestModel:
        view = hierarchy.request_float(ctx, who.agent_id, body.amount, body.id, f"terminal:{who.terminal_id}")
        return FloatRequestModel(**asdict(view))
