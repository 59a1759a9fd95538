"""``cost_plus``: the full yearly cost of the US presence plus a percentage ("cost plus 50").

The cost is what the host's data reports (for Korea and Japan: DoD obligations plus the host's
direct support over GAO-21-270's years, per year), in dollars, converted at each year's rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from ...errors import InputError
from ...i18n import Msg, _
from ..engine import CONVERT
from .base import Context, Rule, Slot, Step


class CostPlus(Rule):
    """The full cost of the US presence plus a percentage, in dollars a year, converted."""

    rule: Literal["cost_plus"]
    formula: ClassVar[bool] = True  # a formula for later years (analysis/replay.py)
    percent: float = Field(50.0, gt=-100, le=1000)

    def dollars(self, ctx: Context) -> int:
        if ctx.presence_cost_usd is None:
            raise InputError(_("no cost of the US presence is reported for this host"), where="cost_plus")
        return round(ctx.presence_cost_usd() * (1 + self.percent / 100))

    def compile(self, slot: Slot, ctx: Context) -> None:
        slot.kind = CONVERT
        slot.foreign = self.dollars(ctx)
        slot.driver = ("series", ctx.series_for("fx"), slot.year)

    basis_reads: ClassVar[tuple[str, ...] | None] = ("fx",)

    def basis(self, row: Mapping[str, Any]) -> Msg | str:
        return _("cost of the US presence plus {pct:g}%, at {rate} a dollar", pct=self.percent, rate=row.get("fx"))

    def explain(self, step: Step, currency: str) -> list[Msg]:
        from fractions import Fraction

        from ..engine import FX_DECIMALS
        from .base import money, rounding

        assert step.dollar is not None  # the engine's trace names the dollar for a cost_plus year
        rate = Fraction(round(step.driver * 10**FX_DECIMALS), 10**FX_DECIMALS)
        return [_("the yearly cost of the US presence plus {pct:g}%: {amount}", pct=self.percent, amount=money(step.foreign, step.dollar)),
                _("at the year's average rate of {rate} a dollar", rate=f"{float(rate):,.4f}"),
                rounding(step, rate * step.foreign, currency)]
