"""Request and response models published in /openapi.json."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..services.documents import SaleDocument  # noqa: F401  (re-exported: the sale wire form)
from ..services.reversals import ReversalRequest  # noqa: F401
from ..services.text_input import CleanText, PlainText

Clean120 = CleanText(120)
from .charging import BucketModel  # issue 15


class EnrollRequest(BaseModel):
    model_config = ConfigDict(strict=True)
    code: PlainText(64)
    label: Clean120 = ""
    enrollment_request_id: str | None = Field(
        default=None, pattern=r"^[A-Za-z0-9._:-]{8,64}$",
        description="One per enrollment attempt, the same on every retry: a retry gets the same terminal (issue 11)")


class EnrollResponse(BaseModel):
    terminal_id: str
    terminal_code: str
    agent_id: str
    secret: str = Field(description="base64 of 32 bytes; shown once, keep it secret")
    server_time_ms: int


class SalesBatch(BaseModel):
    sales: list[Any] = Field(
        max_length=500, description="Sale documents (SaleDocument); each is validated on its own so one bad "
                                    "item never blocks the others.")


class ItemResultModel(BaseModel):
    id: str | None
    status: Literal["accepted", "duplicate", "rejected"]
    code: str | None = None
    message: str | None = None
    server_ref: str | None = None
    recorded: dict[str, Any] | None = Field(
        default=None, description="code duplicate_other_terminal: the server's record of the id (issue 11)")


class AllowanceModel(BaseModel):
    reserved: int
    used: int
    remaining: int


class FloatModel(BaseModel):
    currency: str
    balance: int
    limit: int
    available: int
    allowance: AllowanceModel
    public_url: str | None = Field(default=None, description="issue 15: the server's public address, when "
                                   "set (`pos-server --public-url`): receipts link the statement there")


class BatchResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    results: list[ItemResultModel]
    float_: FloatModel = Field(alias="float")


class AllowanceRequest(BaseModel):
    model_config = ConfigDict(strict=True)
    amount: int = Field(ge=0, le=10**12)


class ReversalResultModel(BaseModel):
    id: str
    sale_id: str
    status: Literal["reversed", "refused"]
    code: str | None = None
    message: str | None = None
    # issue 14 (refunds): a reversal's final state and what it moved (docs/PROTOCOL.md "Reversals")
    final_state: Literal["reversed_full", "reversed_partial"] | None = None
    recovered: int | None = None  # main credit taken back from the subscriber
    refund: int | None = None  # owed to the customer, of the price paid
    bonus_back: int | None = None
    points_back: int | None = None


class RecentTopUpModel(BaseModel):
    sale_id: str | None = Field(description="null for another agent's top-up (issue 11)")
    own: bool = True
    face: int
    bonus: int
    at_ms: int
    operator: str
    reversed: bool
    own: bool = Field(default=True, description="sold by the asking terminal's agent")  # issue 14


# issue 14 ---------------------------------------------------------------- loyalty and suggestions
class LoyaltyModel(BaseModel):
    points: int
    tier: str
    tier_name: str
    next_tier: str | None
    next_tier_name: str | None
    points_to_next: int = Field(description="points still to earn this cycle for the next tier")
    spend_to_next: int = Field(description="minor units of face value that earn points_to_next")
    earned_this_cycle: int
    cycle_ends_at_ms: int
    expiring_points: int
    expiring_at_ms: int | None
    points_value: int = Field(description="minor units the points pay for")
    minor_per_point: int
    offline_cap_points: int


class RepeatLastModel(BaseModel):
    operator: str
    product: str
    face: int
    at_ms: int


class SuggestionsModel(BaseModel):
    amounts: list[int] = Field(max_length=3)
    reasons: list[Literal["usual", "recent", "popular"]]
    repeat_last: RepeatLastModel | None
    usual_interval_days: int | None
    next_topup_at_ms: int | None
    most_popular_amount: int | None


class OfferReasonModel(BaseModel):
    """issue 14 (offers): why a bonus applies; `kind` welcome | welcome_back | tier | frequent."""
    kind: str
    tier: str | None = None
    count: int | None = None
    days: int | None = None


class OfferModel(BaseModel):
    code: str
    name: str
    reason: OfferReasonModel | None = None  # null: an offer for everyone
    tiers: list[list[int]]  # [[minimum face, bonus], ...] minor units
    operators: list[str] = []
    products: list[str] = []


class CustomerFactsModel(BaseModel):
    first_sale: bool | None
    last_top_up_ms: int | None = None
    tier: str | None = None
    recent_ms: list[int] = []
    week: str | None = None
    week_given: dict[str, list[int]] = {}  # promotion code: [count, amount] given in `week`


class SubscriberModel(BaseModel):
    msisdn: str
    currency: str
    main_balance: int
    bonus_balance: int
    bonus_expires_at: str | None
    recent: list[RecentTopUpModel]
    loyalty: LoyaltyModel | None = None  # issue 14: null when the catalog has no loyalty programme
    suggestions: SuggestionsModel | None = None  # issue 14
    buckets: list[BucketModel] = Field(default_factory=list, description="issue 15: balance buckets in the order "
                                                                        "they are used (main, bonus, bundles)")
    offers: list[OfferModel] = Field(default_factory=list, description="issue 14: live promotions this customer "
                                                                      "qualifies for now, with why")
    facts: CustomerFactsModel | None = Field(None, description="issue 14: what targeted promotions look at, "
                                                               "for the till's offline preview")


class TerminalStatusModel(BaseModel):
    terminal_id: str
    terminal_code: str
    last_seq: int
    contiguous_through: int
    missing: list[int]
    missing_count: int


class CatalogModel(BaseModel):
    """Same shape as resources/demo/catalog_ke.json."""
    model_config = ConfigDict(extra="allow")
    version: int
    country: str
    currency: str
    limits: dict[str, int]
    operators: list[dict[str, Any]]
    products: list[dict[str, Any]]
    promotions: list[dict[str, Any]] = []


class HealthModel(BaseModel):
    status: Literal["ok"]
    server_time_ms: int
