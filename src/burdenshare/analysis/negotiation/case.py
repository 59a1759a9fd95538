"""A negotiation case as data: issues, two parties with preferences, rounds and offers.

Issues and their options define the package space. Every package is an agreement (first-year
total, escalation rule, cap, term) plus terms that do not change the payments (e.g. a labour-cost
floor, scope items). Parties weigh the issues with linear additive utility; their money utility
comes from the payment stream the engine computes for the package (see :mod:`.space`).

The parties' weights, value functions and reservation values are **modelling assumptions** (no
negotiator publishes them); every case file says so in each party's ``basis``. Rounds and offers
are facts with sources; an offer whose amount is not public is not recorded.

Every text a reader sees is a ``Text``: one string, or one per language (``{en: ..., ko: ...}``),
shown in the reader's language: issue titles and option labels (``labels``: option -> words, for
options that are codes such as ``excluded``), party names, the bases of preferences and
reservations, rounds' places and notes, offers' and positions' notes, the case's note. A position's
``quote`` stays as the source prints it, with burdenshare's translation (``quote_lang``,
``quote_translation``: see :mod:`burdenshare.model.quote`).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ...errors import InputError
from ...i18n import Text, _
from ...model.agreement import ID_PATTERN
from ...model.datafile import bundled, load_model
from ...model.quote import Quoted

if TYPE_CHECKING:
    from ...model.catalog import Catalog

ESCALATIONS = ("frozen", "cpi", "defence_growth")  # plus "fixed:<pct>"
MAX_PACKAGES = 50_000_000
Option = str | int | float


def parse_escalation(opt: str) -> tuple[str, float]:
    """'cpi' -> ('cpi', 0); 'fixed:3.5' -> ('fixed', 3.5)."""
    s = str(opt)
    if s in ESCALATIONS:
        return s, 0.0
    if s.startswith("fixed:"):
        try:
            v = float(s.split(":", 1)[1])
        except ValueError:
            raise ValueError(_("'{s}' is not fixed:<percent>", s=s)) from None
        if not math.isfinite(v) or not -50 < v < 100:
            raise ValueError(_("'{s}': the percentage must lie between -50 and 100", s=s))
        return "fixed", v
    raise ValueError(_("escalation '{s}' is not one of {join} or fixed:<percent>", s=s, join=', '.join(ESCALATIONS)))


class Issue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["first_year", "escalation", "cap", "term", "other"]
    title: Text = ""
    min: int | None = Field(None, gt=0)
    max: int | None = Field(None, gt=0)
    step: int | None = Field(None, gt=0)
    options: tuple[Option, ...] = ()
    labels: dict[str, Text] = Field(default_factory=dict, description="option -> the option in words (en, ko), for options "
                                                                       "that are codes ('excluded')")

    @model_validator(mode="after")
    def _shape(self) -> Issue:
        unknown = sorted(set(self.labels) - {str(o) for o in self.options})
        if unknown:
            raise ValueError(_("issue '{id}' labels option(s) {unknown} that it does not have", id=self.id, unknown=", ".join(unknown)))
        if self.kind == "first_year":
            if self.min is None or self.max is None or self.step is None:
                raise ValueError(_("issue '{id}' (first_year) needs min, max and step", id=self.id))
            if self.max < self.min or (self.max - self.min) % self.step:
                raise ValueError(_("issue '{id}': max - min must be a non-negative multiple of step", id=self.id))
            if self.options:
                raise ValueError(_("issue '{id}' (first_year) takes min/max/step, not options", id=self.id))
            return self
        if not self.options:
            raise ValueError(_("issue '{id}' has no options", id=self.id))
        if len({str(o) for o in self.options}) != len(self.options):
            raise ValueError(_("issue '{id}' lists an option twice", id=self.id))
        for o in self.options:
            if self.kind == "escalation":
                parse_escalation(str(o))
            elif self.kind == "cap" and str(o) != "none":
                if isinstance(o, bool) or not isinstance(o, (int, float)) or not 0 <= o < 100:
                    raise ValueError(_("cap option {o!r} must be 'none' or a percentage from 0 to 100", o=o))
            elif self.kind == "term" and (isinstance(o, bool) or not isinstance(o, int) or not 1 <= o <= 10):
                raise ValueError(_("term option {o!r} must be a whole number of years from 1 to 10", o=o))
        return self

    @property
    def span(self) -> tuple[int, int, int]:
        """A first_year issue's min, max and step (its _shape makes sure it has them)."""
        return cast(int, self.min), cast(int, self.max), cast(int, self.step)

    @property
    def size(self) -> int:
        if self.kind == "first_year":
            lo, hi, step = self.span
            return (hi - lo) // step + 1
        return len(self.options)

    def values(self) -> list[Option]:
        if self.kind == "first_year":
            lo, hi, step = self.span
            return list(range(lo, hi + 1, step))
        return list(self.options)

    def index_of(self, value: Option) -> int:
        """The option index of a value; a value outside the issue is an error."""
        if self.kind == "first_year":
            lo, hi, step = self.span
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
                raise InputError(_("{value!r} is outside the range of issue '{id}' ({min:,}-{max:,})", value=value, id=self.id,
                                   min=lo, max=hi), where=self.id)
            return round((value - lo) / step)
        for i, o in enumerate(self.options):
            if str(o) == str(value) or (isinstance(o, (int, float)) and isinstance(value, (int, float)) and o == value):
                return i
        raise InputError(_("{value!r} is not an option of issue '{id}' ({options})", value=value, id=self.id, options=', '.join(map(str, self.options))), where=self.id)


class Reservation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    utility: float | None = Field(None, ge=0, le=1)
    package: dict[str, Option] | None = None
    basis: Text = ""

    @model_validator(mode="after")
    def _one(self) -> Reservation:
        if (self.utility is None) == (self.package is None):
            raise ValueError(_("give the reservation as 'utility' or as a 'package', not both"))
        return self


def column(stem: str, role: str) -> str:
    """The column of a party's `stem` (``utility``) by the party's role (``payer``, ``payee``)."""
    return f"{stem}_{role}"


class Party(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    id: str = Field(pattern=ID_PATTERN)
    name: Text
    role: Literal["payer", "payee"]
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    discount_rate: float = Field(0.0, gt=-100, lt=100)
    weights: dict[str, float]
    values: dict[str, dict[str, float] | Literal["increasing", "decreasing"]] = {}
    reservation: Reservation
    basis: Text = Field(min_length=1, description="where the preferences come from (e.g. an illustrative assumption)")

    def column(self, stem: str) -> str:
        """This party's column in a frame (``utility_payer``, ``annual_pv_payee``): named by its role,
        never by who the party is, so that every case's frames have the same columns."""
        return column(stem, self.role)

    @field_validator("weights")
    @classmethod
    def _weights(cls, w: dict[str, float]) -> dict[str, float]:
        if not w:
            raise ValueError(_("a party needs preferences: weights per issue (and 'money')"))
        if any(not math.isfinite(v) or v < 0 for v in w.values()):
            raise ValueError(_("weights must be finite and non-negative"))
        if abs(sum(w.values()) - 1) > 1e-9:
            raise ValueError(_("weights must sum to 1, they sum to {values:.6g}", values=sum(w.values())))
        return w


class Round(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    number: int = Field(ge=1)
    start: dt.date
    end: dt.date | None = None
    place: Text | None = None
    source: str
    note: Text = ""


class Offer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    date: dt.date
    party: str
    round: int | None = None
    kind: Literal["ask", "offer", "floor", "final"] = "offer"
    package: dict[str, Option] = {}
    agreement: str | None = Field(None, description="for a final deal: the agreement whose engine-computed payments it is")
    first_year_usd: float | None = Field(None, gt=0)
    official: bool = False
    source: str
    note: Text = ""


class Position(Quoted):
    """A public statement of a party's position (no package: what was said, with its source; the
    quote as the source prints it, with burdenshare's translation)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: dt.date
    party: str
    summary: Text = Field(description="what the position is, in words (en, ko)")
    official: bool = False
    source: str
    note: Text = ""


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    title: Text
    host: str = Field(pattern=ID_PATTERN)
    start_year: int = Field(ge=1990, le=2100)
    unit: int = Field(100_000_000, gt=0)
    agreement: str | None = None  # the agreement the talks produced
    issues: tuple[Issue, ...] = Field(min_length=1)
    parties: tuple[Party, Party]
    defaults: dict[str, Option] = {}
    rounds: tuple[Round, ...] = ()
    offers: tuple[Offer, ...] = ()
    positions: tuple[Position, ...] = ()
    sources: tuple[str, ...] = Field((), description="sources of the case's context (registry ids)")
    status: Literal["concluded", "open"] = "concluded"
    note: Text = ""

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        ids = [i.id for i in self.issues]
        self._check_issues(ids)
        if self.parties[0].id == self.parties[1].id:
            raise ValueError(_("the two parties need different ids"))
        if {p.role for p in self.parties} != {"payer", "payee"}:
            raise ValueError(_("one party must be the payer and the other the payee"))
        for p in self.parties:
            self._check_party(p, ids)
        self._check_references(ids)
        return self

    def _check_issues(self, ids: list[str]) -> None:
        """The issues: distinct ids, at most one of each structural kind, a first-year issue on the
        case's unit, and a package space within the limit."""
        if len(set(ids)) != len(ids):
            raise ValueError(_("two issues share an id"))
        kinds = [i.kind for i in self.issues]
        for k in ("first_year", "escalation", "cap", "term"):
            if kinds.count(k) > 1:
                raise ValueError(_("only one issue may be of kind '{k}'", k=k))
        if "first_year" not in kinds:
            raise ValueError(_("a case needs a first_year issue (the first-year total)"))
        for i in self.issues:
            if i.kind == "first_year" and (i.span[0] % self.unit or i.span[2] % self.unit):
                raise ValueError(_("issue '{id}': min and step must be multiples of the unit {unit:,}", id=i.id, unit=self.unit))
        size = math.prod(i.size for i in self.issues)
        if size > MAX_PACKAGES:
            raise ValueError(_("the package space has {size:,} packages; the limit is {MAX_PACKAGES:,}", size=size, MAX_PACKAGES=MAX_PACKAGES))

    def _check_party(self, p: Party, ids: list[str]) -> None:
        """A party's preferences: weights and values for the case's issues only, a value for every
        option, values in [0, 1], and a value function for every weighed issue that needs one."""
        extra = set(p.weights) - (set(ids) | {"money"})
        if extra:
            raise ValueError(_("party '{id}' weighs unknown issue(s) {sorted}", id=p.id, sorted=sorted(extra)))
        for issue_id, vf in p.values.items():
            if issue_id not in ids:
                raise ValueError(_("party '{id}' gives values for unknown issue '{issue_id}'", id=p.id, issue_id=issue_id))
            issue = self.issues[ids.index(issue_id)]
            if isinstance(vf, dict):
                known = {str(o) for o in issue.values()}
                missing = known - set(map(str, vf))
                if missing:
                    raise ValueError(_("party '{id}' gives no value for option(s) {sorted} of '{issue_id}'", id=p.id, sorted=sorted(missing), issue_id=issue_id))
                if any(not 0 <= v <= 1 for v in vf.values()):
                    raise ValueError(_("party '{id}': values for '{issue_id}' must lie in [0, 1]", id=p.id, issue_id=issue_id))
        for issue_id, w in p.weights.items():
            if issue_id != "money" and w > 0 and issue_id not in p.values and self.issues[ids.index(issue_id)].kind in ("escalation", "cap", "other"):
                raise ValueError(_("party '{id}' weighs '{issue_id}' but gives it no value function", id=p.id, issue_id=issue_id))

    def _check_references(self, ids: list[str]) -> None:
        """Defaults name the case's issues; offers and positions name its parties."""
        for k in self.defaults:
            if k not in ids:
                raise ValueError(_("default for unknown issue '{k}'", k=k))
        party_ids = {p.id for p in self.parties}
        for o in self.offers:
            if o.party not in party_ids:
                raise ValueError(_("an offer of {date} is by unknown party '{party}'", date=o.date, party=o.party))
        for pos in self.positions:
            if pos.party not in party_ids:
                raise ValueError(_("a position of {date} is by unknown party '{party}'", date=pos.date, party=pos.party))

    def issue(self, kind_or_id: str) -> Issue | None:
        for i in self.issues:
            if i.id == kind_or_id or i.kind == kind_or_id:
                return i
        return None

    @property
    def first_year_issue(self) -> Issue:
        """The first-year total's issue (every case has one: _consistent makes sure)."""
        return cast(Issue, self.issue("first_year"))

    def cited(self) -> list[str]:
        """Every source the case cites (rounds, offers, positions, context), registry ids and URLs alike."""
        sourced: tuple[Round | Offer | Position, ...] = (*self.rounds, *self.offers, *self.positions)
        return [x.source for x in sourced if x.source] + list(self.sources)

    def party(self, pid: str) -> Party:
        for p in self.parties:
            if p.id == pid:
                return p
        raise InputError(_("unknown party '{pid}' (known: {parties})", pid=pid, parties=', '.join(p.id for p in self.parties)), where="party")


def load_case(path: str | Path) -> Case:
    return load_model(path, Case)


def bundled_cases(cat: Catalog) -> dict[str, Case]:
    """The host's bundled negotiation cases by id (read and validated once per process)."""
    return dict(bundled(Case, str(cat.root), "negotiations", cat.host.id, frozenset(cat.sources), _WRONG_HOST))


def default_case(cat: Catalog) -> str:
    """The case a tournament plays when none is named: the host's `default_case` (its data file),
    else its newest case (the latest start year)."""
    cases = bundled_cases(cat)
    if cat.host.default_case is not None and cat.host.default_case in cases:
        return cat.host.default_case
    if not cases:
        raise InputError(_("{host} has no negotiation case", host=cat.host.title), where="cases")
    return max(cases.values(), key=lambda c: (c.start_year, c.id)).id


_WRONG_HOST = _("case '{id}' is for host '{host}', not '{other}'")
