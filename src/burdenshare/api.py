"""The Python API: keyword functions, pandas DataFrames out.

Each function builds the operation's request from its keywords (a name, or the path of your own
YAML file, for agreements, scenarios and cases), runs the operation and returns its table as a
DataFrame (``df.attrs["meta"]`` says how it was made: data version, assumptions, overrides,
sources). Bad arguments raise :class:`burdenshare.errors.InputError` (a ValueError) whose ``where``
names the parameter.

    >>> import burdenshare as bs
    >>> bs.history().loc[lambda d: d.year == 2025, "amount"].item()
    1402800000000
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from . import API_NAMES, local
from .errors import InputError, UnknownNameError
from .i18n import _
from .ops import claims as _claims, figures, hosts as _hosts, ledger as _ledger, negotiation as neg, uncertainty as unc
from .ops.common import validate
from .ops.limits import DEFAULT_PATHS, DEFAULT_SEED

if TYPE_CHECKING:
    import pandas as pd

    from .analysis.negotiation.space import Space
    from .analysis.uncertainty.summary import Simulation
    from .ops.agreements import KeyNumbers
    from .ops.result import Tables

Overrides = Mapping[str, Mapping[int, float]] | Mapping[tuple[str, int], float] | None
ModelParams = Mapping[str, Any] | None
M = TypeVar("M", bound=BaseModel)
Progress = Callable[[int, int], None] | None


def _overrides(overrides: Overrides) -> dict[str, dict[int, float]]:
    """{series or role: {year: value}}, also from the {(series, year): value} form."""
    out: dict[str, dict[int, float]] = {}
    for key, val in (overrides or {}).items():
        if isinstance(key, tuple) and not isinstance(val, Mapping):
            name, year = key
            out.setdefault(str(name), {})[year] = val
        elif isinstance(val, Mapping):
            out.setdefault(str(key), {}).update(val)
        else:
            raise InputError(_("overrides['{key}'] must map years to values", key=key), where="overrides")
    return out


def _req(cls: type[M], /, **fields: Any) -> M:
    return validate(cls, {k: v for k, v in fields.items() if v is not None})


def history(*, host: str | None = None, overrides: Overrides = None, real_base: int | None = None,
            start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Every year of every agreement of `host`, with amounts, status, provenance and metrics."""
    return figures.history(_req(figures.HistoryRequest, host=host, overrides=_overrides(overrides), real_base=real_base,
                                start=start, end=end)).dataframe()


def schedule(agreement: str, *, host: str | None = None, overrides: Overrides = None,
             real_base: int | None = None) -> pd.DataFrame:
    """One agreement's years (an id such as 'sma-12', or the path of an agreement file)."""
    return figures.schedule(_req(figures.ScheduleRequest, agreement=local.agreement(agreement), host=host,
                                 overrides=_overrides(overrides), real_base=real_base)).dataframe()


def _compare(baseline: str, scenarios: Iterable[str] | str, host: str | None, overrides: Overrides,
             real_base: int | None) -> Tables:
    if isinstance(scenarios, str):
        scenarios = [scenarios]
    return figures.compare(_req(figures.CompareRequest, baseline=local.agreement(baseline),
                                scenarios=[local.scenario(s) for s in scenarios], host=host,
                                overrides=_overrides(overrides), real_base=real_base))


def compare(baseline: str, scenarios: Iterable[str], *, host: str | None = None, overrides: Overrides = None,
            real_base: int | None = None) -> pd.DataFrame:
    """Baseline agreement and scenarios (ids or files) side by side: one row per (scenario, year)."""
    return _compare(baseline, scenarios, host, overrides, real_base)["rows"].dataframe()


def compare_totals(baseline: str, scenarios: Iterable[str], *, host: str | None = None, overrides: Overrides = None,
                   real_base: int | None = None) -> pd.DataFrame:
    """Totals per scenario over the compared years, and their differences from the baseline."""
    return _compare(baseline, scenarios, host, overrides, real_base)["totals"].dataframe()


def _params(params: ModelParams) -> dict[str, Any]:
    return dict(params or {})


def fit_model(model: str = "var", *, host: str | None = None, sample: tuple[int, int] | None = None,
              block_length: int = 3) -> dict[str, Any]:
    """The fitted parameters and the sample of a model of the driving series."""
    return unc.fit_model(_req(unc.ModelRequest, model=model, host=host, sample=sample, block_length=block_length)).model_dump()


def simulate(target: str, *, paths: int = DEFAULT_PATHS, seed: int = DEFAULT_SEED, model: str = "var", host: str | None = None,
             overrides: Overrides = None, params: ModelParams = None, sample: tuple[int, int] | None = None,
             block_length: int = 3, quantiles: Iterable[float] | None = None, discount_rate: float = 0.0, real_base: int | None = None,
             chunk: int | None = None, progress: Progress = None) -> Simulation:
    """Monte Carlo of an agreement or a scenario (then also its difference from the baseline).

    Returns a :class:`~burdenshare.analysis.uncertainty.summary.Simulation`: ``.by_year()`` and
    ``.term()`` are DataFrames; ``.prob_above(year, amount)``, ``.prob_cap(year)`` and
    ``.prob_total_above(amount, measure)`` answer probability questions.
    """
    req = _req(unc.SimulationRequest, target=local.target(target), paths=paths, seed=seed, model=model, host=host,
               overrides=_overrides(overrides), params=_params(params), sample=sample, block_length=block_length,
               quantiles=list(quantiles) if quantiles is not None else None, discount_rate=discount_rate,
               real_base=real_base, chunk=chunk)
    return unc.simulate(req, progress=progress).simulation


def sensitivity(target: str, *, method: str = "tornado", host: str | None = None, model: str = "var",
                overrides: Overrides = None, params: ModelParams = None, k: float = 1.0, samples: int = 1024,
                seed: int = 0) -> pd.DataFrame:
    """Tornado (one at a time, +/- k sd) or Sobol indices (SALib) of the term total."""
    req = _req(unc.SensitivityRequest, target=local.target(target), method=method, host=host, model=model,
               overrides=_overrides(overrides), params=_params(params), k=k, samples=samples, seed=seed)
    return unc.sensitivity(req).dataframe()


# --- negotiation -------------------------------------------------------------------------

def _case_req(cls: type[M], case: str, host: str | None, overrides: Overrides, **fields: Any) -> M:
    return _req(cls, case=local.case(case), host=host, overrides=_overrides(overrides), **fields)


def negotiation_cases(*, host: str | None = None) -> pd.DataFrame:
    return neg.cases(_req(figures.ListRequest, host=host)).dataframe()


def negotiation_space(case: str, *, host: str | None = None, overrides: Overrides = None) -> Space:
    """The package space of a case, valued by the engine (utilities of both parties)."""
    return neg.space(_case_req(neg.CaseRequest, case, host, overrides))


def negotiation_value(case: str, package: Mapping[str, object], *, host: str | None = None, overrides: Overrides = None) -> dict[str, Any]:
    """One package's payments, totals, present values and both parties' utilities."""
    out = neg.value(_case_req(neg.ValueRequest, case, host, overrides, package=dict(package))).model_dump()
    out.pop("meta", None)
    return out


def negotiation_offers(case: str, *, host: str | None = None, overrides: Overrides = None) -> pd.DataFrame:
    return neg.offers(_case_req(neg.CaseRequest, case, host, overrides)).dataframe()


def negotiation_gap(case: str, *, host: str | None = None, overrides: Overrides = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The gap between the sides round by round, and the trend forecast of where it closes."""
    res = neg.gap(_case_req(neg.CaseRequest, case, host, overrides))
    return res["gap"].dataframe(), res.meta["forecast"]


def negotiation_frontier(case: str, *, host: str | None = None, overrides: Overrides = None) -> pd.DataFrame:
    """The Pareto frontier of the whole package space: each package with both utilities."""
    t = neg.frontier(_case_req(neg.FrontierRequest, case, host, overrides))
    df = t.dataframe()
    df.attrs.update({"packages": t.meta["packages"]})
    return df


def negotiation_solutions(case: str, *, host: str | None = None, overrides: Overrides = None) -> pd.DataFrame:
    """Disagreement point, ideal point, ZOPA size, Nash and Kalai-Smorodinsky solutions, and the
    efficiency of the agreement reached. ``point`` is a stable code, ``label`` its words."""
    t = neg.solutions(_case_req(neg.CaseRequest, case, host, overrides))
    df = t.dataframe()
    df.attrs.update({k: t.meta[k] for k in ("zopa_packages", "packages")})
    return df


def negotiation_simulate(case: str, *, runs: int = 10_000, deadline: int = 12, first: str | None = None,
                         tactics: Mapping[str, tuple[str, float | None]] | None = None, hazard: Mapping[str, Any] | None = None,
                         exponent_sd: float = 0.0, seed: int = 0, progress: Progress = None, host: str | None = None,
                         overrides: Overrides = None) -> dict[str, Any]:
    """Alternating-offers simulation: ``{"distribution": {...}, "closing": DataFrame}``."""
    spec = {p: {"kind": k, "exponent": e} for p, (k, e) in (tactics or {}).items()}
    req = _case_req(neg.BargainingRequest, case, host, overrides, runs=runs, deadline=deadline, first=first, tactics=spec,
                    hazard=dict(hazard) if hazard else None, exponent_sd=exponent_sd, seed=seed)
    res = neg.bargain(req, progress=progress)
    return {"distribution": res.distribution, "closing": res.closing.frame}


# --- the data --------------------------------------------------------------------------------

def series(name: str | None = None, *, host: str | None = None) -> pd.DataFrame:
    """All values of one series (every source and status), or the list of series."""
    return figures.series(_req(figures.SeriesRequest, name=name, host=host)).dataframe()


def sources(*, host: str | None = None) -> pd.DataFrame:
    """The source registry, with every data file that uses each source."""
    return figures.sources(_req(figures.ListRequest, host=host)).dataframe()


def agreements(*, host: str | None = None) -> pd.DataFrame:
    return figures.agreements(_req(figures.ListRequest, host=host)).dataframe()


def scenarios(*, host: str | None = None) -> pd.DataFrame:
    return figures.scenarios(_req(figures.ListRequest, host=host)).dataframe()


def published(*, host: str | None = None) -> pd.DataFrame:
    """Every published annual total in the data (the figures the engine is checked against)."""
    return figures.published(_req(figures.ListRequest, host=host)).dataframe()


def categories(*, host: str | None = None) -> pd.DataFrame:
    """Published splits of annual totals by category, with each share and ``within_rules``."""
    return figures.categories(_req(figures.ListRequest, host=host)).dataframe()


def hosts(*, hosts: Iterable[str] | None = None, base_year: int | None = None, start: int | None = None,
          end: int | None = None, scenario_for: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Host nations compared: contribution in dollars (nominal, real), per US soldier, as shares of
    defence budget and GDP, and reported shares of the US stationing cost; every row sourced.
    ``scenario_for={"jp": "jp-2027-current-level"}`` projects a host under one of its scenarios.
    ``base_year``: constant dollars of that year; by default the real-terms base of every view."""
    return _hosts.hosts(_req(_hosts.HostsRequest, hosts=list(hosts) if hosts else None, base_year=base_year,
                             start=start, end=end, scenario_for=dict(scenario_for or {}))).dataframe()


def host_list() -> pd.DataFrame:
    """The hosts the data holds."""
    return _hosts.host_list().dataframe()


# --- the whole bill: support ledger, execution, claims ---------------------------------------

def ledger(*, host: str | None = None, start: int | None = None, end: int | None = None,
           definitions: Iterable[str] | None = None, table: str = "ledger") -> pd.DataFrame:
    """The support ledger: one row per period and definition with every component (NaN where no
    source gives it), ``total`` only where all are known (``status`` complete, else partial and
    ``missing``), and the published total. ``table="items"``: every item as its source lists it;
    ``table="checks"``: published totals against the sum of their parts."""
    res = _ledger.ledger(_req(_ledger.LedgerRequest, host=host, start=start, end=end,
                              definitions=list(definitions) if definitions else None))
    if table not in res.tables:
        raise InputError(_("table must be one of {known}", known=", ".join(res.tables)), where="table")
    return res[table].dataframe()


def execution(*, host: str | None = None, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """What sources say about the contribution's execution: agreed, allocated, budgeted, spent,
    carried over, lapsed, and the unspent balance held at a date."""
    return _ledger.execution(_req(_ledger.ExecutionRequest, host=host, start=start, end=end)).dataframe()


def claims(*, host: str | None = None) -> pd.DataFrame:
    """The bundled claims (who, when, what kind, source and its quality)."""
    from .ops.common import Request

    return _claims.claims(_req(Request, host=host)).dataframe()


def claim(claim: str, *, host: str | None = None) -> dict[str, pd.DataFrame]:
    """What a claim means: ``years`` (per year against the contribution, per soldier, shares),
    ``ledger`` (against the support ledger) and ``said`` (the sources on both sides); each
    DataFrame's ``attrs["meta"]["claim"]`` holds the claim itself."""
    res = _claims.claim(_req(_claims.ClaimRequest, host=host, claim=claim))
    return {k: t.dataframe() for k, t in res.tables.items()}


# --- negotiation: tournaments, exchange, the history replayed ---------------------------------------

def negotiation_tournament(cases: Iterable[str] | None = None, *, seeds: int = 20, seed: int = 0, deadline: int = 12,
                           tactics: Iterable[str] | None = None, exponent_sd: float = 0.3, host: str | None = None,
                           progress: Progress = None) -> dict[str, Any]:
    """Every tactic against every tactic on every case, both roles, many seeds:
    ``{"leaderboard": DataFrame, "pairings": DataFrame}`` (the same seed gives the same tables).
    Without `cases`, the host's default case (named in its data; else its newest)."""
    req = _req(neg.TournamentRequest, cases=list(cases) if cases is not None else None, seeds=seeds, seed=seed, deadline=deadline,
               tactics=list(tactics) if tactics else None, exponent_sd=exponent_sd, host=host)
    res = neg.tournament(req, progress=progress)
    return {"leaderboard": res["leaderboard"].dataframe(), "pairings": res["pairings"].dataframe()}


def negotiation_export(case: str, platform: str = "genius", *, host: str | None = None) -> dict[str, str]:
    """A case as a GENIUS (XML) or GeniusWeb (JSON) domain with both utility profiles: {file name: text}."""
    return neg.export(_case_req(neg.ExportRequest, case, host, None, platform=platform))


def negotiation_import(folder: str) -> dict[str, Any]:
    """A GENIUS or GeniusWeb domain folder read back: ``{"issues", "frontier", "solutions"}`` DataFrames."""
    res = neg.import_domain(_req(neg.ImportRequest, files=local.folder(folder)))
    return {k: t.dataframe() for k, t in res.tables.items()}


def replay(*, host: str | None = None, overrides: Overrides = None) -> pd.DataFrame:
    """Each agreement under the other agreements' formulas (and its case's Nash and KS packages)."""
    return neg.replay(_req(neg.ReplayRequest, host=host, overrides=_overrides(overrides))).dataframe()


# the functions are listed once, in burdenshare/__init__.py (which lists them without importing this module)
__all__ = [*API_NAMES, "InputError", "UnknownNameError"]  # noqa: PLE0604 - API_NAMES is a tuple of names


def key_numbers(agreement: str, *, host: str | None = None) -> KeyNumbers:
    """An agreement's key numbers (term, first-year total, growth rule, cap, signing date, term total;
    None where no source gives a figure), with a one-sentence ``summary`` and its ``cite`` line, in
    the language in force. `agreement`: a bundled agreement's id or alias (never a path)."""
    from .ops import agreements as _agreements
    from .present.agreements import with_cite

    return with_cite(_agreements.key_numbers(_req(_agreements.KeyNumbersRequest, agreement=agreement, host=host)))


# --- current data: the overlay folder and the data version ------------------------------------------

def data_version() -> str:
    """The data version in force, computed from the content (bundled files and the overlay folder),
    e.g. ``2026-5b6ed372``."""
    from .ops.common import data_version as version

    return version()


def data_status() -> pd.DataFrame:
    """Every series: its newest bundled and overlaid observation, and where the overlaid values come from."""
    from .ops import dataupdate

    return dataupdate.status().dataframe()


def data_diff(v1: str, v2: str = "current") -> pd.DataFrame:
    """The values that differ between two data versions (a version with a snapshot, ``bundled`` or ``current``)."""
    from .ops import dataupdate

    return dataupdate.diff(v1, v2).dataframe()


def update(series: Iterable[str] | None = None, *, host: str | None = None, file: str | None = None,
           provider: str | None = None, dry_run: bool = False) -> dict[str, pd.DataFrame]:
    """Bring series up to date from their publishers (or from `file`), into the overlay folder
    (``BURDENSHARE_DATA_DIR``, else the user data directory). Returns the values that change
    (``changes``) and the payments that move (``moved``); with ``dry_run`` nothing is written.
    Without `series`, every series of the host that can be fetched now (a key set, or keyless)."""
    from pathlib import Path

    import pandas as pd

    from .ops import dataupdate

    names = dataupdate.resolve_series(list(series or []), host)
    if not series and file is None:
        names, _skipped = dataupdate.fetchable(names, provider)
    p = dataupdate.plan(dataupdate.fetch(names, provider=provider, file=Path(file) if file else None))
    if not p.empty and not dry_run:
        dataupdate.apply(p)
    return {"changes": pd.DataFrame([c.__dict__ for c in p.changes],
                                    columns=["series", "period", "old", "old_status", "old_source", "new", "source", "released"]),
            "moved": pd.DataFrame([m.__dict__ for m in p.moved],
                                  columns=["host", "agreement", "year", "before", "after", "status_before", "status_after", "currency"])}
