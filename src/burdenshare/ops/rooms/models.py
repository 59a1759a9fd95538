"""What a room's requests carry and what its operations answer (typed: the API's schema says both)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...analysis.negotiation import settlement
from ...analysis.negotiation.case import Option
from ...i18n import _
from ..common import Amount, Name, Request
from ..limits import MAX_NOTE

__all__ = [
    "MAX_ROUNDS",
    "AcceptRequest",
    "BidRequest",
    "BidSaved",
    "BlindSpec",
    "Check",
    "DealMade",
    "OfferMade",
    "OfferRequest",
    "PackageRequest",
    "PreferencesRequest",
    "PreferencesSaved",
    "PreferencesShown",
    "Preview",
    "PreviewOffer",
    "ReservationIn",
    "ResponseRequest",
    "ResponseSaved",
    "RoomCreated",
    "RoomRequest",
    "RoomView",
    "ShownPackage",
]

MAX_ROUNDS = 100


# --- requests ------------------------------------------------------------------------------------

class BlindSpec(BaseModel):
    """Blind bidding on the first-year total: the rule that sets the deal when the bids overlap."""

    model_config = ConfigDict(extra="forbid")
    rule: settlement.Rule = Field("split_difference", description="split_difference (the midpoint), payer_bid or payee_bid")
    rounds: int = Field(5, ge=1, le=20, description="bidding rounds before the bidding fails")


class RoomRequest(Request):
    case: Name = Field(description="a bundled negotiation case's id")
    blind_bidding: BlindSpec | None = Field(None, description="open blind bidding on the first-year total too")


class ReservationIn(BaseModel):
    """A reservation as a utility (0-1) or as a package (issue -> value; amounts may be written out)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    utility: float | None = Field(None, ge=0, le=1)
    package: dict[Name, Option] | None = Field(None, max_length=20)


class PreferencesRequest(BaseModel):
    """A party's private preferences: weights per issue (and 'money') summing to 1, or pairwise
    ratings ({"money>scope": 3}: money matters 3 times as much), value tables, reservation."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    weights: dict[Name, float] = Field(default_factory=dict, max_length=20)
    pairwise: dict[Annotated[str, Field(max_length=130)], float] | None = Field(None, max_length=200)
    values: dict[Name, dict[str, float] | str] = Field(default_factory=dict, max_length=20)
    reservation: ReservationIn
    discount_rate: float = Field(0.0, gt=-100, lt=100)

    @model_validator(mode="after")
    def _some_weights(self) -> PreferencesRequest:
        if not self.weights and not self.pairwise:
            raise ValueError(_("give weights or pairwise ratings"))
        return self


class OfferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    package: dict[Name, Option] = Field(max_length=20)
    round: int | None = Field(None, ge=1, le=MAX_ROUNDS, description="default: your next round")
    note: str = Field("", max_length=MAX_NOTE)


class PackageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    package: dict[Name, Option] = Field(max_length=20)


class AcceptRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offer: int = Field(ge=1, description="the number of the other party's latest offer")


class BidRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: Amount = Field(description="your secret bid on the first-year total (the payer: the most it pays; the payee: "
                                       "the least it takes)")


class ResponseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    proposal: int = Field(ge=1, le=10)
    accept: bool


# --- answers -------------------------------------------------------------------------------------

class RoomCreated(BaseModel):
    room: str
    case: str
    tokens: dict[str, str] = Field(description="each secret link's token: the facilitator's and each party's (shown once)")


class PreferencesSaved(BaseModel):
    party: str
    saved: bool
    weights: dict[str, float]
    consistency_ratio: float | None = Field(None, description="of the pairwise ratings, when given")


class PreferencesShown(BaseModel):
    party: str
    preferences: dict[str, Any] | None = Field(description="as saved; null until the party enters them")


class Check(BaseModel):
    level: str = Field(description="error, warning or note")
    where: str | None = None
    message: str


class PreviewOffer(BaseModel):
    source: str = Field(description="case (a published offer) or room")
    label: str
    words: str
    your_utility: float | None


class Preview(BaseModel):
    valid: bool
    weights: dict[str, float]
    consistency_ratio: float | None = None
    best_utility: float | None = None
    reservation_utility: float | None = None
    checks: list[Check]
    offers: list[PreviewOffer]


class ShownPackage(BaseModel):
    """A package as a party sees it: in words, with its payments and totals written out."""

    package: dict[str, Option]
    words: str
    first_year: Option
    first_year_text: str
    total: int
    total_text: str
    total_dollars: float
    total_dollars_text: str
    years: list[int]
    payments: list[int]
    payments_text: list[str]


class OfferMade(BaseModel):
    party: str
    round: int
    number: int
    total: int
    total_dollars: float


class DealMade(BaseModel):
    deal: bool
    offer: int


class BidSaved(BaseModel):
    round: int
    saved: bool


class ResponseSaved(BaseModel):
    proposal: int
    saved: bool


class RoomView(BaseModel):
    """What the token's holder may see of a room (docs/privacy.md): the fields every holder gets are
    named here; a party's, the facilitator's and a deal's further fields follow the privacy model."""

    model_config = ConfigDict(extra="allow")
    room: str
    kind: str
    case: str
    title: str
    you: str
    you_name: str
    version: int = Field(description="changes exactly when something this holder may see changes (also the ETag)")
    currency: str
    unit: dict[str, Any]
    issues: list[dict[str, Any]]
    parties: list[dict[str, Any]]
    offers: list[dict[str, Any]]
    gap: list[dict[str, Any]]
    status: str = Field(description="open or agreed")
