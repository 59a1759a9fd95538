"""``converted``: an amount stated in another currency, converted at the year's exchange rate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from ...i18n import Msg, _
from ..engine import CONVERT
from .base import Context, Rule, Slot, Step, whole_units


class Converted(Rule):
    """An amount stated in another currency (e.g. a demand in dollars), converted at the year's
    average exchange rate taken to 4 decimals, exactly in integers."""

    rule: Literal["converted"]
    amount: int = Field(gt=0, le=10**13, description="whole units of `currency` per year")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    fx: str = Field("fx", description="series of host-currency units per unit of `currency` (or the role 'fx')")

    _whole = field_validator("amount", mode="before")(whole_units)

    def compile(self, slot: Slot, ctx: Context) -> None:
        slot.kind = CONVERT
        slot.foreign = self.amount
        slot.driver = ("series", ctx.series_for(self.fx), slot.year)

    basis_reads: ClassVar[tuple[str, ...] | None] = ("fx",)

    def basis(self, row: Mapping[str, Any]) -> Msg | str:
        return _("{amount:,} {currency} at {rate} a {currency}", amount=self.amount, currency=self.currency,
                 rate=row.get("fx"))

    def explain(self, step: Step, currency: str) -> list[Msg]:
        from fractions import Fraction

        from ..engine import FX_DECIMALS
        from .base import money, rounding

        rate = Fraction(round(step.driver * 10**FX_DECIMALS), 10**FX_DECIMALS)
        return [_("{amount} a year, stated in {currency}", amount=money(self.amount, self.currency), currency=self.currency),
                _("at the year's average rate of {rate} (taken to {d} decimals)", rate=f"{float(rate):,.4f}", d=FX_DECIMALS),
                rounding(step, rate * step.foreign, currency)]
