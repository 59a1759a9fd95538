"""``share_of``: a percentage of a series in currency units (e.g. 0.1% of GDP), computed exactly."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, ClassVar, Literal

from pydantic import Field

from ...errors import InputError
from ...i18n import Msg, _
from ..engine import CONVERT
from .base import Context, Rule, Slot, Step


class ShareOf(Rule):
    """A percentage of a series in currency units (e.g. 0.1% of GDP), computed exactly."""

    rule: Literal["share_of"]
    formula: ClassVar[bool] = True  # a formula for later years (analysis/replay.py)
    series: str = Field("gdp", min_length=1, description="a series name or role, e.g. 'gdp'")
    pct: float = Field(gt=0, lt=100)

    def compile(self, slot: Slot, ctx: Context) -> None:
        if ctx.scale_of is None:
            raise InputError(_("a share-of rule needs the series' scale"), where=f"{slot.agreement} {slot.year}")
        name = ctx.series_for(self.series)
        f = Fraction(str(self.pct)) * Fraction(ctx.scale_of(name)) / 100
        if f.denominator != 1:
            raise InputError(_("{pct}% of {series} is not a whole number of currency units per unit of the series",
                               pct=self.pct, series=name), where=f"{slot.agreement} {slot.year}")
        slot.kind = CONVERT  # amount = (pct x scale) x the series value, exact as a converted amount
        slot.foreign = int(f)
        slot.driver = ("series", name, slot.year)

    basis_reads: ClassVar[tuple[str, ...] | None] = ("series_names", "year")

    def basis(self, row: Mapping[str, Any]) -> Msg | str:
        return _("{pct:g}% of {series} {year}", pct=self.pct, series=(row.get("series_names") or {}).get(self.series, self.series),
                 year=row.get("year"))

    def explain(self, step: Step, currency: str) -> list[Msg]:
        from fractions import Fraction

        from ..engine import FX_DECIMALS
        from .base import money, rounding

        value = Fraction(round(step.driver * 10**FX_DECIMALS), 10**FX_DECIMALS)
        return [_("{pct:g}% of {series} {year}: {value:,g} in the series' unit, that is {per} per unit",
                  pct=self.pct, series=step.series or self.series, year=step.year, value=step.driver, per=money(step.foreign, currency)),
                rounding(step, value * step.foreign, currency)]
