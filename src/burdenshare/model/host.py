"""A host nation: its currency, fiscal year, agreements in order, and which series play which role.

Roles make rules country-agnostic: an agreement says ``series: cpi`` and the host maps ``cpi`` to
``kr_cpi_inflation`` (Korea) or another series (Japan). Nothing in the code names a country.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .agreement import ID_PATTERN

class Host(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    name: str
    partner: str
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    dollar: str = Field("USD", pattern=r"^[A-Z]{3}$")
    fiscal_year: Literal["calendar", "april"] = "calendar"
    agreements: tuple[str, ...] = Field(min_length=1)
    roles: dict[str, str]
    categories: tuple[str, ...] = ()
    published: str | None = None
    assumptions: str | None = None
    scenarios: tuple[str, ...] = ()
    note: str | None = None

    def series_for(self, name: str) -> str:
        """A role ('cpi') to its series name; a series name passes through."""
        return self.roles.get(name.replace("-", "_"), name)
