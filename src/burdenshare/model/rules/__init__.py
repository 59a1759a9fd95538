"""The rules that set a year's payment, written as data: one module per kind.

An agreement lists, for each year of its term, one rule (``rule: <kind>``). The kinds are the
:class:`~.base.Rule` subclasses defined in this package's modules, found when it is imported, so
that a new kind is one new module. Every rule's amount is rounded to the agreement's unit (100
million won for the SMAs); rules with a rate are exact in integers (a rate with d decimals is an
integer count of 10^-d percent).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Annotated, TypeAlias, Union

from pydantic import Field

from .base import MAX_RATE_DECIMALS, Context, Rule as RuleBase, Slot, Step, parse_years, whole_units

for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "base"):
    importlib.import_module(f"{__name__}.{_mod}")

KINDS: dict[str, type[RuleBase]] = {
    cls.model_fields["rule"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in sorted(RuleBase.__subclasses__(), key=lambda c: c.__module__)
}

if TYPE_CHECKING:
    Rule: TypeAlias = RuleBase  # the kinds are found at run time: a type checker sees their base
else:
    Rule = Annotated[Union[tuple(KINDS.values())], Field(discriminator="rule")]  # noqa: UP007 - a Union built at run time

from .change import Change  # noqa: E402
from .converted import Converted  # noqa: E402
from .cost_plus import CostPlus  # noqa: E402
from .fixed import Fixed  # noqa: E402
from .indexed import Indexed  # noqa: E402
from .share_of import ShareOf  # noqa: E402
from .unknown import Unknown  # noqa: E402

__all__ = [
    "KINDS",
    "MAX_RATE_DECIMALS",
    "Change",
    "Context",
    "Converted",
    "CostPlus",
    "Fixed",
    "Indexed",
    "Rule",
    "RuleBase",
    "ShareOf",
    "Slot",
    "Step",
    "Unknown",
    "parse_years",
    "whole_units",
]
