"""``fixed``: an amount stated by the agreement, in whole units of the host currency."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from ...i18n import Msg, _
from ..engine import FIXED, UNKNOWN
from ..ranges import RANGES
from .base import Context, Rule, Slot, Step, whole_units

AMOUNT_MAX = int(RANGES["amount"][1])


class Fixed(Rule):
    """An amount stated by the agreement, in integer units of the host currency.

    Where the sources give only a dollar figure (early SMAs were set in dollars), ``amount`` is
    left out and ``amount_usd`` holds the published figure: the host-currency amount is then
    unknown, shown as unknown, and never estimated.
    """

    rule: Literal["fixed"]
    amount: int | None = Field(None, gt=0, le=AMOUNT_MAX, description="integer units of the host currency (won, yen)")
    amount_usd: float | None = Field(None, gt=0, le=AMOUNT_MAX, description="the published dollar figure, when stated in dollars")
    status: Literal["published", "agreed", "hypothetical", "plan"] = "published"  # plan: a draft budget, not yet final

    @model_validator(mode="after")
    def _some_amount(self) -> Fixed:
        if self.amount is None and self.amount_usd is None:
            raise ValueError(_("a fixed year needs 'amount' (host currency) or 'amount_usd'"))
        return self

    _whole = field_validator("amount", mode="before")(whole_units)

    @property
    def shown_kind(self) -> str:
        return "unknown" if self.amount is None else "fixed"

    def own_status(self) -> str:
        if self.amount is None:
            return "unknown"
        return "projected" if self.status == "plan" else self.status

    def compile(self, slot: Slot, ctx: Context) -> None:
        if self.amount is None:
            slot.kind = UNKNOWN
        else:
            slot.kind = FIXED
            slot.fixed = self.amount

    basis_reads: ClassVar[tuple[str, ...] | None] = ()

    def basis(self, row: Mapping[str, Any]) -> Msg | str:
        if self.amount is None:
            return _("amount in the host currency not in the sources (dollar figure published)")
        if self.status == "plan":
            return _("planned (a draft budget)")
        return _("stated in the agreement")

    def explain(self, step: Step, currency: str) -> list[Msg]:
        from .base import money

        if self.amount is None:
            return [_("no source gives this year's amount in the host currency: it is unknown, and so is every year built on it")]
        if self.status == "plan":
            return [_("{amount}: the amount of the draft budget (not yet final)", amount=money(self.amount, currency))]
        return [_("{amount}: the amount the agreement states", amount=money(self.amount, currency))]
