"""``unknown``: a year whose amount no source gives: shown as unknown, never estimated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from ...i18n import Msg, _
from ..engine import UNKNOWN
from .base import Context, Rule, Slot, Step


class Unknown(Rule):
    """A year whose amount no source gives: shown as unknown, never estimated."""

    rule: Literal["unknown"]

    def own_status(self) -> str:
        return "unknown"

    def compile(self, slot: Slot, ctx: Context) -> None:
        slot.kind = UNKNOWN

    basis_reads: ClassVar[tuple[str, ...] | None] = ()

    def basis(self, row: Mapping[str, Any]) -> Msg | str:
        return _("not in the sources")

    def explain(self, step: Step, currency: str) -> list[Msg]:
        return [_("no source gives this year's amount: it is unknown, and so is every year built on it")]
