"""A host nation: its names, currency, fiscal year, agreements in order, which series play which
role, and which of them the stochastic models simulate.

Roles make rules country-agnostic: an agreement says ``series: cpi`` and the host maps ``cpi`` to
``kr_cpi_inflation`` (Korea) or another series (Japan). Everything that differs between hosts is
in ``data/hosts/<id>.yaml``; nothing in the code names a country.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..i18n import Text, _, localized
from .agreement import ID_PATTERN


def settings_dollar() -> str:
    """The dollar of a host whose file names none (``dollar`` in the bundled ``settings.yaml``)."""
    from ..data import DATA_DIR, cache

    return str(cache.yaml_file(DATA_DIR / "settings.yaml")["dollar"])


class Variable(BaseModel):
    """A driving variable of the stochastic models: a role, and how it enters the model.

    ``rate``: a percentage (inflation, budget growth) modelled as it is; ``log_change``: a level
    (an exchange rate) modelled as 100 x its annual log change."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    role: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    transform: Literal["rate", "log_change"] = "rate"


class Question(BaseModel):
    """The question the Uncertainty view opens with (run once, then kept): how likely the payment of
    the host's latest agreement in `year` is to exceed `above` (whole units of the host currency)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year: int = Field(ge=1900, le=2200)
    above: int = Field(gt=0)


class Uncertainty(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    variables: tuple[Variable, ...] = Field(min_length=1)
    question: Question | None = None

    @model_validator(mode="after")
    def _needs(self) -> Uncertainty:
        roles = [v.role for v in self.variables]
        if len(set(roles)) != len(roles):
            raise ValueError(_("a role is listed twice among the variables"))
        if "fx" not in roles or "cpi" not in roles:
            raise ValueError(_("the variables must include the roles 'cpi' (real terms) and 'fx' (dollars)"))
        return self


class Host(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    name: Text
    short_name: Text | None = None
    partner: Text
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    dollar: str = Field(default_factory=settings_dollar, pattern=r"^[A-Z]{3}$")
    fiscal_year: Literal["calendar", "april"] = "calendar"
    agreements: tuple[str, ...] = Field(min_length=1)
    roles: dict[str, str]
    uncertainty: Uncertainty | None = None
    categories: tuple[str, ...] = ()
    published: str | None = None
    assumptions: str | None = None
    scenarios: tuple[str, ...] = ()
    default_case: str | None = None  # the negotiation case a tournament plays when none is named (default: the newest)
    note: str | None = None

    def series_for(self, name: str) -> str:
        """A role ('cpi') to its series name; a series name passes through."""
        return self.roles.get(name.replace("-", "_"), name)

    @property
    def title(self) -> str:
        """The host's short name in the language in force."""
        return localized(self.short_name or self.name)

    @property
    def variables(self) -> tuple[Variable, ...]:
        """The stochastic models' variables (by default the host's cpi and fx roles)."""
        if self.uncertainty is not None:
            return self.uncertainty.variables
        return tuple(Variable(role=r, transform="log_change" if r == "fx" else "rate") for r in ("cpi", "fx") if r in self.roles)
