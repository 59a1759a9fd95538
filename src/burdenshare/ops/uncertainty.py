"""Uncertainty: Monte Carlo projections, sensitivity of a term total, and the fitted models."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..analysis import scenarios as sc
from ..analysis.schedule import timeline_for
from ..analysis.uncertainty.summary import DEFAULT_QUANTILES, MAX_QUANTILES, Simulation, check_quantiles
from ..errors import InputError, UnknownNameError
from ..i18n import _, localized
from ..i18n.money import format as fmt_money
from ..model.agreement import Agreement
from ..model.frames import clean
from ..model.ranges import RANGES
from .common import (
    Amount,
    FigureRequest,
    Name,
    Request,
    agreement_for,
    catalog_for,
    inputs_for,
    meta,
    records,
    with_text,
)
from .limits import DEFAULT_PATHS, DEFAULT_SEED, LOCAL, Limits

if TYPE_CHECKING:
    from ..analysis.nowcast import Nowcast
    from ..analysis.uncertainty.models import Model
    from ..model.catalog import Catalog
    from ..model.series import Inputs
    from ..model.timeline import Timeline
from .result import Table

__all__ = [
    "ModelParams",
    "ModelRequest",
    "SensitivityRequest",
    "SimulationRequest",
    "SimulationResult",
    "check_simulation",
    "check_target",
    "default_simulation",
    "fit_model",
    "sensitivity",
    "simulate",
    "simulation_cost",
]

ModelKind = Literal["var", "ar1", "bootstrap"]


class ModelParams(BaseModel):
    """Changes to the fitted model: shock sd and persistence per variable, correlations of pairs
    ('cpi,fx'), and a factor on every shock (0: no uncertainty)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    # the model checks the sd's lower bound, the persistence and the correlations in its own words
    sd: dict[str, Annotated[float, Field(le=RANGES["shock_sd"][1])]] = Field(default_factory=dict, max_length=20)
    persistence: dict[str, float] = Field(default_factory=dict, max_length=20)
    corr: dict[str, float] = Field(default_factory=dict, max_length=40)
    scale: float | None = Field(None, ge=0, le=100)


class ModelRequest(Request):
    model: ModelKind = "var"
    sample: tuple[int, int] | None = Field(None, description="first and last year of the sample the model is fitted to")
    block_length: int = Field(3, ge=1, le=50, description="years per block (bootstrap)")
    params: ModelParams = Field(default_factory=ModelParams)


class SimulationRequest(ModelRequest, FigureRequest):
    """Monte Carlo of an agreement or a scenario (then also its difference from the baseline)."""

    target: Name | Agreement | sc.Scenario = Field(description="an agreement or a scenario (by name or as a document)")
    paths: int = Field(DEFAULT_PATHS, ge=1, description="Monte Carlo paths")
    seed: int = Field(DEFAULT_SEED, ge=0, le=2**32 - 1, description="the same seed gives the same numbers")
    quantiles: list[float] = Field(default_factory=lambda: list(DEFAULT_QUANTILES), min_length=1, max_length=MAX_QUANTILES)
    discount_rate: float = Field(0.0, gt=-100, lt=100, description="percent a year, for present values")
    prob_above: list[tuple[int, Amount]] = Field(default_factory=list, max_length=20,
                                                 description="[year, amount] pairs: P[payment in year > amount]")
    prob_total_above: list[Amount] = Field(default_factory=list, max_length=20, description="P[nominal term total > amount]")
    chunk: int | None = Field(None, ge=1, le=10_000_000, description="paths per chunk (memory stays bounded)")


class SensitivityRequest(ModelRequest, FigureRequest):
    """Which uncertain inputs move the term total most."""

    target: Name | Agreement | sc.Scenario
    method: Literal["tornado", "sobol"] = "tornado"
    k: float = Field(1.0, gt=0, le=10, description="tornado: shift each input by +/- k sd")
    samples: int = Field(1024, ge=16, description="Sobol: base sample size (a power of two)")
    seed: int = Field(0, ge=0, le=2**32 - 1)

    @model_validator(mode="after")
    def _power(self) -> SensitivityRequest:
        if self.samples & (self.samples - 1):
            raise ValueError(_("samples must be a power of two for Sobol sequences, got {value}", value=self.samples))
        return self


@dataclass
class SimulationResult:
    simulation: Simulation
    by_year: Table
    term: Table
    probabilities: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = clean({"meta": self.meta, "by_year": records(self.by_year.frame), "term": records(self.term.frame),
                                     "probabilities": self.probabilities})
        return doc


def _model(cat: Catalog, req: ModelRequest) -> Model:
    from ..analysis.uncertainty.models import fit

    first, last = req.sample if req.sample else (None, None)
    m = fit(cat, req.model, first=first, last=last, block_length=req.block_length)
    p = req.params
    for name, v in p.sd.items():
        m = m.with_sd(name, v)
    for name, v in p.persistence.items():
        m = m.with_persistence(name, v)
    for pair, v in p.corr.items():
        if pair.count(",") != 1:
            raise InputError(_("'{pair}' must name two variables, as in cpi,fx", pair=pair), where=f"params.corr.{pair}")
        a, b = pair.split(",")
        m = m.with_corr(a.strip(), b.strip(), v)
    if p.scale is not None:
        m = m.scaled(float(p.scale))
    return m


Target = tuple["Timeline", "Inputs", tuple[int, int], str, "Timeline | None", "str | None"]


def _target(cat: Catalog, target: str | Agreement | sc.Scenario, inputs: Inputs) -> Target:
    """An agreement or a scenario as (timeline, inputs, term, title, compare timeline, compared with)."""
    from ..model.timeline import common_start

    if isinstance(target, sc.Scenario):
        scen = target
    elif isinstance(target, Agreement) or target.lower() in cat.aliases:
        a, extra = agreement_for(cat, target, "target")
        tl = timeline_for(cat, a, extra).slice(a.term.start)
        return tl, inputs, (a.term.start, a.term.end), localized(a.title), None, None
    else:
        known = sc.bundled_scenarios(cat)
        if target not in known:
            raise UnknownNameError(_("agreement or scenario"), target, [*cat.agreements, *known], where="target")
        scen = known[target]
    ap = sc.apply(cat, scen, inputs)
    base = cat.agreement(scen.baseline)
    first = scen.first_year or base.term.start
    tl_s, tl_b = common_start(ap.timeline, timeline_for(cat, base), first)
    last = ap.timeline.entries[-1].year
    return tl_s, ap.inputs, (first, last), localized(scen.title), tl_b, scen.baseline


def check_target(req: SimulationRequest | SensitivityRequest) -> None:
    """Refuse an unknown host or target now (before a job is queued for it)."""
    cat = catalog_for(req)
    t = req.target
    if isinstance(t, str) and t.lower() not in cat.aliases and t not in sc.bundled_scenarios(cat):
        raise UnknownNameError(_("agreement or scenario"), t, [*cat.agreements, *sc.bundled_scenarios(cat)], where="target")


def _sized(req: SimulationRequest, limits: Limits) -> tuple[tuple[float, ...], int]:
    """A simulation's quantiles and chunk size, its paths and chunk checked against `limits`."""
    from ..analysis.uncertainty import montecarlo as mc

    qs = check_quantiles(req.quantiles)
    chunk = mc.DEFAULT_CHUNK if req.chunk is None else req.chunk
    mc.check_paths(req.paths, chunk, limits.paths)
    return qs, chunk


def check_simulation(req: SimulationRequest, limits: Limits = LOCAL) -> None:
    """Refuse now what the simulation would refuse on its quantiles, paths, chunk, host or target
    (before a job is queued for it)."""
    _sized(req, limits)
    check_target(req)
    inputs_for(catalog_for(req), req.overrides)  # overrides outside their plausible range


def simulation_cost(request: dict[str, Any]) -> tuple[int, int]:
    """A queued simulation's (cost for admission and the fair order, progress total): its paths
    times the years it simulates, and its paths."""
    req = SimulationRequest.model_validate(request)
    cat = catalog_for(req)
    _tl, _inputs, (first, last), *_rest = _target(cat, req.target, inputs_for(cat, req.overrides))
    return req.paths * max(1, last - first + 1), req.paths


class FittedModel(BaseModel):
    """A fitted model of the driving series (what :func:`fit_model` gives): its kind, variables and
    sample, its shocks' standard deviations and correlations, and its kind's own parameters (a VAR's
    coefficients, a bootstrap's block length)."""

    model_config = ConfigDict(extra="allow")

    host: str
    kind: str
    variables: list[str]
    sample: str
    observations: int
    shock_sd: dict[str, float]
    shock_corr: list[list[float]]


def fit_model(req: ModelRequest) -> FittedModel:
    """The fitted parameters and the sample of a model of the driving series."""
    cat = catalog_for(req)
    return FittedModel.model_validate({"host": cat.host.id, **_model(cat, req).describe()})


def simulate(req: SimulationRequest, *, progress: Callable[[int, int], None] | None = None,
             limits: Limits = LOCAL) -> SimulationResult:
    from ..analysis.uncertainty import montecarlo as mc
    from ..model.metrics import default_real_base

    cat = catalog_for(req)
    qs, chunk = _sized(req, limits)
    m = _model(cat, req)
    base_inputs = inputs_for(cat, req.overrides)
    tl, inputs, term, title, tl_b, compared = _target(cat, req.target, base_inputs)
    base_year = req.real_base if req.real_base is not None else default_real_base(cat, base_inputs)
    run = mc.run(cat, tl, inputs, m, paths=req.paths, seed=req.seed, term=term, real_base=base_year,
                 discount_rate=req.discount_rate, chunk=chunk, progress=progress, compare_tl=tl_b, base_inputs=base_inputs,
                 months=_months_published(cat))
    target_id = req.target if isinstance(req.target, str) else req.target.id
    sim = Simulation(run, target_id, title, cat.host.currency, qs, compared)
    probs: list[dict[str, Any]] = []
    for i, (y, a) in enumerate(req.prob_above):
        try:
            p = sim.prob_above(y, a)
        except InputError as exc:
            raise exc.at(f"prob_above[{i}]", field=_("threshold for {year}", year=y)) from None
        probs.append({"question": "prob_above", "year": y, "amount": a, "probability": p})
    for a in req.prob_total_above:
        probs.append({"question": "prob_total_above", "year": None, "amount": a, "probability": sim.prob_total_above(a)})
    mt = meta(cat, req.overrides, **sim.meta(), sources=simulation_sources(cat, tl, tl_b, m, req.target))
    if mt.get("conditioned_on_months"):  # the series as readers know it, for a page's line
        from ..analysis.schedule import series_names

        name = series_names(cat).get("cpi", "")
        mt["conditioned_on_months"] = [{**c, "series_text": name} for c in mt["conditioned_on_months"]]
    cur = cat.host.currency
    by_year = sim.by_year()
    # statistics of the simulation, written to three significant figures (약 7조 9,200억원): more digits would claim a precision
    # that a Monte Carlo estimate does not have; the amounts asked about are the reader's own, written exactly
    by_year = with_text(by_year, {c: (cur, "approx") for c in by_year.columns if c.startswith(("mean_", "q"))})
    totals = sim.term()
    for k in ("mean", "sd", *(c for c in totals.columns if c.startswith("q"))):
        totals[f"{k}_text"] = [fmt_money(v, cat.host.dollar if "dollars" in measure else cur, style="approx")
                               for v, measure in zip(totals[k], totals["measure"], strict=True)]
    for question in probs:
        question["amount_text"] = fmt_money(question["amount"], cur)
    return SimulationResult(sim, Table(by_year, mt), Table(totals, mt), probs, mt)


def _months_published(cat: Catalog) -> dict[int, Nowcast]:
    """The year of consumer prices partly published and its nowcast (the Monte Carlo draws that year
    from its published months), or nothing."""
    from .nowcast import partial

    p = partial(cat)
    return {p.year: p.result} if p is not None else {}


def simulation_sources(cat: Catalog, tl: Timeline, tl_b: Timeline | None, model: Model, target: str | Agreement | sc.Scenario) -> list[str]:
    """The sources a simulation rests on: its agreements' rules and documents, its scenario's, and
    the observations of the series its model is fitted to (over the sample's years)."""
    out: list[str] = []

    def add(ref: object) -> None:
        if isinstance(ref, str) and ref and ref not in out:
            out.append(ref)

    for t in (tl, tl_b):
        for e in (t.entries if t is not None else ()):
            add(e.rule.source)
            a = cat.agreements.get(e.agreement)
            for ref in (a.sources if a is not None else ()):
                add(ref)
    scen = target if isinstance(target, sc.Scenario) else sc.bundled_scenarios(cat).get(target) if isinstance(target, str) else None
    if scen is not None:
        for doc in [scen.source, *(r.source for r in scen.changes), *(a.source for a in scen.assumptions)]:
            add(doc)
    first, last = (int(y) for y in str(model.describe().get("sample", "0-0")).split("-"))
    for role in getattr(model, "names", ()):
        name = cat.host.roles.get(role)
        if name is not None and name in cat.book.meta:
            for v in cat.book.rows(name):
                if first <= v.year <= last and v.status in ("observed", "applied"):
                    add(v.source)
    return out


def sensitivity(req: SensitivityRequest, *, limits: Limits = LOCAL) -> Table:
    """Tornado (one at a time, +/- k sd) or Sobol indices (SALib) of the term total."""
    from ..analysis.uncertainty import sensitivity as sens

    cat = catalog_for(req)
    if req.method == "sobol" and req.samples > limits.sobol_samples:
        raise InputError(_("{n:,} samples is more than the limit of {limit:,}", n=req.samples, limit=limits.sobol_samples),
                         where="samples")
    m = _model(cat, req)
    tl, inputs, term, title, _tl, _c = _target(cat, req.target, inputs_for(cat, req.overrides))
    if req.method == "tornado":
        df = sens.tornado(cat, tl, inputs, m, term, term[0], req.k)
    else:
        df = sens.sobol(cat, tl, inputs, m, term, term[0], req.samples, req.seed)
    return Table(df, meta(cat, req.overrides, method=req.method, term=list(term),
                          **{str(k): v for k, v in df.attrs.items() if k != "term"}), title=title)


def default_simulation(req: Request) -> SimulationRequest:
    """The run a view opens with: the host's latest agreement, with the request's default paths, seed
    and model, and the host's opening question (data/hosts: uncertainty.question) when it has one."""
    cat = catalog_for(req)
    q = cat.host.uncertainty.question if cat.host.uncertainty is not None else None
    doc: dict[str, Any] = {"host": req.host, "target": cat.host.agreements[-1]}
    if q is not None:
        doc["prob_above"] = [[q.year, q.above]]
    from .common import validate

    return validate(SimulationRequest, doc)
