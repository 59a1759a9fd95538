"""The Python API: pandas DataFrames for history, schedules, comparisons, series and sources.

Every function validates its arguments and raises :class:`burdenshare.errors.InputError` (a
ValueError) with a message naming the parameter when they are wrong. Nothing here computes: it
resolves names, layers the inputs (data, default assumptions, scenario, your overrides) and calls
the model and analysis functions.

    >>> import burdenshare as bs
    >>> bs.history().loc[lambda d: d.year == 2025, "amount_krw"].item()
    1402800000000
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping

import math

import numpy as np

from .errors import InputError, UnknownNameError

if TYPE_CHECKING:
    import pandas as pd

    from .model.catalog import Catalog
    from .model.series import Inputs

Overrides = Mapping[str, Mapping[int, float]] | Mapping[tuple[str, int], float] | None

OVERRIDE_YEARS = (1900, 2100)


def _catalog(host: str) -> "Catalog":
    from .model.catalog import catalog

    return catalog(host)


def _inputs(cat: "Catalog", overrides: Overrides) -> "Inputs":
    inputs = cat.inputs()
    if not overrides:
        return inputs
    flat: dict[tuple[str, int], float] = {}
    for key, val in overrides.items():
        if isinstance(key, tuple):
            items = [(key[0], key[1], val)]
        else:
            if not isinstance(val, Mapping):
                raise InputError(f"overrides['{key}'] must map years to values", where="overrides")
            items = [(key, y, v) for y, v in val.items()]
        for name, year, v in items:
            series = cat.host.series_for(str(name))
            cat.book.check(series)
            if isinstance(year, bool) or not isinstance(year, int):
                raise InputError(f"year {year!r} for {name} is not a whole year", where="overrides")
            if not OVERRIDE_YEARS[0] <= year <= OVERRIDE_YEARS[1]:
                raise InputError(f"year {year} for {name} is outside {OVERRIDE_YEARS[0]}-{OVERRIDE_YEARS[1]}", where="overrides")
            flat[(series, year)] = v
    return inputs.with_overrides(flat)


def _agreement(cat: "Catalog", agreement: str):
    from .model.agreement import load_agreement

    p = Path(agreement)
    if p.suffix in (".yaml", ".yml") or p.exists():
        a = load_agreement(p)
        if a.host != cat.host.id:
            raise InputError(f"agreement '{a.id}' is for host '{a.host}', not '{cat.host.id}'", where=str(p))
        return a, {a.id: a}
    return cat.agreement(agreement), None


def history(*, host: str = "kr", overrides: Overrides = None, real_base: int | None = None,
            start: int | None = None, end: int | None = None) -> "pd.DataFrame":
    """Every year of every agreement of `host`, with amounts, status, provenance and metrics."""
    from .analysis.schedule import check_years, run, timeline_for
    from .model.metrics import add_metrics

    cat = _catalog(host)
    inputs = _inputs(cat, overrides)
    last = cat.agreement(cat.host.agreements[-1])
    df = run(cat, timeline_for(cat, last), inputs)
    return check_years(add_metrics(df, cat, inputs, real_base), start, end)


def schedule(agreement: str, *, host: str = "kr", overrides: Overrides = None,
             real_base: int | None = None) -> "pd.DataFrame":
    """One agreement's years (an id such as 'sma-12', or the path of an agreement file)."""
    from .analysis.schedule import run, timeline_for
    from .model.metrics import add_metrics

    cat = _catalog(host)
    a, extra = _agreement(cat, agreement)
    inputs = _inputs(cat, overrides)
    tl = timeline_for(cat, a, extra).slice(a.term.start - 1)  # the year before, for the first change
    df = add_metrics(run(cat, tl, inputs), cat, inputs, real_base)
    out = df[df["year"].between(a.term.start, a.term.end)].reset_index(drop=True)
    out.attrs.update(df.attrs)
    out.attrs["agreement"] = a.id
    out.attrs["title"] = a.title
    return out


def compare(baseline: str, scenarios: Iterable[str], *, host: str = "kr", overrides: Overrides = None,
            real_base: int | None = None) -> "pd.DataFrame":
    """Baseline agreement and scenarios (ids or files) side by side: one row per (scenario, year)."""
    from .analysis import scenarios as sc

    cat = _catalog(host)
    if isinstance(scenarios, str):
        scenarios = [scenarios]
    resolved = [sc.resolve_scenario(cat, s) for s in scenarios]
    return sc.compare(cat, baseline, resolved, _inputs(cat, overrides), real_base)


def compare_totals(baseline: str, scenarios: Iterable[str], **kw) -> "pd.DataFrame":
    """Totals per scenario over the compared years, and their differences from the baseline."""
    from .analysis.scenarios import totals

    return totals(compare(baseline, scenarios, **kw))


ModelParams = Mapping[str, Mapping[str, float]] | None


def _target(cat: "Catalog", target: str, inputs: "Inputs"):
    """An agreement or a scenario as (timeline, inputs, term, title, compare timeline, compared with)."""
    from .analysis import scenarios as sc
    from .analysis.schedule import timeline_for
    from .model.timeline import common_start

    try:
        a, extra = _agreement(cat, target)
    except UnknownNameError:
        a = None
    if a is not None:
        tl = timeline_for(cat, a, extra).slice(a.term.start)
        return tl, inputs, (a.term.start, a.term.end), a.title, None, None
    try:
        scen = sc.resolve_scenario(cat, target)
    except UnknownNameError:
        raise UnknownNameError("agreement or scenario", target, [*cat.agreements, *sc.bundled_scenarios(cat)]) from None
    ap = sc.apply(cat, scen, inputs)
    base = cat.agreement(scen.baseline)
    first = scen.first_year or base.term.start
    tl_s, tl_b = common_start(ap.timeline, timeline_for(cat, base), first)
    last = ap.timeline.entries[-1].year
    return tl_s, ap.inputs, (first, last), scen.title, tl_b, scen.baseline


def _model(cat: "Catalog", model: str, params: ModelParams, sample: tuple[int, int] | None, block_length: int):
    from .analysis.uncertainty.models import fit

    first, last = sample if sample else (None, None)
    m = fit(cat, model, first=first, last=last, block_length=block_length)
    for name, v in (params or {}).get("sd", {}).items():
        m = m.with_sd(name, v)
    for name, v in (params or {}).get("persistence", {}).items():
        m = m.with_persistence(name, v)
    for pair, v in (params or {}).get("corr", {}).items():
        a, b = pair.split(",") if isinstance(pair, str) else pair
        m = m.with_corr(a.strip(), b.strip(), v)
    if "scale" in (params or {}):
        m = m.scaled(float(params["scale"]))
    return m


def fit_model(model: str = "var", *, host: str = "kr", sample: tuple[int, int] | None = None,
              block_length: int = 3) -> dict:
    """The fitted parameters and the sample of a model of the driving series."""
    return _model(_catalog(host), model, None, sample, block_length).describe()


def simulate(target: str, *, paths: int = 10_000, seed: int = 0, model: str = "var", host: str = "kr",
             overrides: Overrides = None, params: ModelParams = None, sample: tuple[int, int] | None = None,
             block_length: int = 3, quantiles=None, discount_rate: float = 0.0, real_base: int | None = None,
             chunk: int | None = None, progress=None):
    """Monte Carlo of an agreement or a scenario (then also its difference from the baseline).

    Returns a :class:`~burdenshare.analysis.uncertainty.summary.Simulation`: ``.by_year()`` and
    ``.term()`` are DataFrames; ``.prob_above(year, amount)``, ``.prob_cap(year)`` and
    ``.prob_total_above(amount, measure)`` answer probability questions.
    """
    from .analysis.uncertainty import montecarlo as mc
    from .analysis.uncertainty.summary import DEFAULT_QUANTILES, Simulation, check_quantiles

    cat = _catalog(host)
    qs = check_quantiles(quantiles if quantiles is not None else DEFAULT_QUANTILES)
    chunk = mc.DEFAULT_CHUNK if chunk is None else chunk
    mc.check_paths(paths, chunk)
    m = _model(cat, model, params, sample, block_length)
    inputs = _inputs(cat, overrides)
    base_inputs = inputs
    tl, inputs, term, title, tl_b, compared = _target(cat, target, inputs)
    base_year = real_base if real_base is not None else term[0]
    if not 1900 <= base_year <= 2100:
        raise InputError(f"real-terms base year {base_year} is outside 1900-2100", where="--real-base")
    run = mc.run(cat, tl, inputs, m, paths=paths, seed=seed, term=term, real_base=base_year,
                 discount_rate=discount_rate, chunk=chunk, progress=progress, compare_tl=tl_b,
                 base_inputs=base_inputs)
    return Simulation(run, target, title, cat.host.currency, qs, compared)


def sensitivity(target: str, *, method: str = "tornado", host: str = "kr", model: str = "var",
                overrides: Overrides = None, params: ModelParams = None, k: float = 1.0, samples: int = 1024,
                seed: int = 0) -> "pd.DataFrame":
    """Tornado (one at a time, +/- k sd) or Sobol indices (SALib) of the term total."""
    from .analysis.uncertainty import sensitivity as sens

    if method not in ("tornado", "sobol"):
        raise InputError(f"unknown method '{method}' (choose tornado or sobol)", where="--method")
    cat = _catalog(host)
    m = _model(cat, model, params, None, 3)
    tl, inputs, term, _, _, _ = _target(cat, target, _inputs(cat, overrides))
    if method == "tornado":
        return sens.tornado(cat, tl, inputs, m, term, term[0], k)
    return sens.sobol(cat, tl, inputs, m, term, term[0], samples, seed)


# --- negotiation -------------------------------------------------------------------------


def _case(cat: "Catalog", case: str):
    from .analysis.negotiation.case import load_case

    p = Path(case)
    if p.suffix in (".yaml", ".yml") or p.exists():
        c = load_case(p)
    else:
        folder = cat.root / "negotiations" / cat.host.id
        known = sorted(q.stem for q in folder.glob("*.yaml"))
        if case not in known:
            raise UnknownNameError("negotiation case", case, known)
        c = load_case(folder / f"{case}.yaml")
    if c.host != cat.host.id:
        raise InputError(f"case '{c.id}' is for host '{c.host}', not '{cat.host.id}'", where="case")
    return c


def negotiation_space(case: str, *, host: str = "kr", overrides: Overrides = None):
    """The package space of a case, valued by the engine (utilities of both parties)."""
    from .analysis.negotiation.space import Space

    cat = _catalog(host)
    return Space(_case(cat, case), cat, _inputs(cat, overrides))


def negotiation_cases(*, host: str = "kr") -> "pd.DataFrame":
    import pandas as pd

    from .analysis.negotiation.case import load_case

    cat = _catalog(host)
    rows = []
    for q in sorted((cat.root / "negotiations" / cat.host.id).glob("*.yaml")):
        c = load_case(q)
        rows.append({"id": c.id, "title": c.title, "agreement": c.agreement, "rounds": len(c.rounds),
                     "offers": len(c.offers), "packages": math.prod(i.size for i in c.issues)})
    return pd.DataFrame(rows)


def negotiation_value(case: str, package: Mapping[str, object], **kw) -> dict:
    """One package's payments, totals, present values and both parties' utilities."""
    return negotiation_space(case, **kw).value(dict(package))


def negotiation_offers(case: str, **kw) -> "pd.DataFrame":
    from .analysis.negotiation import rounds

    return rounds.offers(negotiation_space(case, **kw))


def negotiation_gap(case: str, **kw) -> tuple["pd.DataFrame", dict]:
    """The gap between the sides round by round, and the trend forecast of where it closes."""
    from .analysis.negotiation import rounds

    sp = negotiation_space(case, **kw)
    return rounds.gap(sp), rounds.forecast(sp)


def negotiation_frontier(case: str, **kw) -> "pd.DataFrame":
    """The Pareto frontier of the whole package space: each package with both utilities."""
    import pandas as pd

    from .analysis.negotiation.analysis import pareto

    sp = negotiation_space(case, **kw)
    a, b = (p.id for p in sp.case.parties)
    idx = pareto(sp.utilities[a], sp.utilities[b])
    rows = [{"package": int(i), **sp.decode(i), f"utility_{a}": sp.utilities[a][i], f"utility_{b}": sp.utilities[b][i]} for i in idx]
    df = pd.DataFrame(rows)
    df.attrs.update({"packages": sp.size, "parties": (a, b)})
    return df


def negotiation_solutions(case: str, **kw) -> "pd.DataFrame":
    """Disagreement point, ideal point, ZOPA size, Nash and Kalai-Smorodinsky solutions, and the
    efficiency of the agreement actually reached (its distance to the frontier)."""
    import pandas as pd

    from .analysis.negotiation import analysis as an

    sp = negotiation_space(case, **kw)
    a, b = (p.id for p in sp.case.parties)
    ua, ub = sp.utilities[a], sp.utilities[b]
    da, db = sp.reservation(sp.case.parties[0]), sp.reservation(sp.case.parties[1])
    z = an.zopa(ua, ub, da, db)
    rows = [{"point": "disagreement (reservation values)", f"utility_{a}": da, f"utility_{b}": db}]
    if z.size:
        rows.append({"point": "ideal (best for each within the ZOPA)", f"utility_{a}": ua[z].max(), f"utility_{b}": ub[z].max()})
    for name, fn in (("Nash bargaining solution", an.nash), ("Kalai-Smorodinsky solution", an.kalai_smorodinsky)):
        i = fn(ua, ub, da, db)
        if i is not None:
            v = sp.value(sp.decode(i))
            rows.append({"point": name, **sp.decode(i), f"utility_{a}": ua[i], f"utility_{b}": ub[i],
                         "total": v["total"], "total_usd": v["total_usd"]})
    finals = [o for o in sp.case.offers if o.kind == "final"]
    if finals:
        from .analysis.negotiation.rounds import offer_package

        pkg = offer_package(sp, finals[-1])
        v = sp.value(pkg, sp.agreement_payments(finals[-1].agreement) if finals[-1].agreement else None)
        eff = an.efficiency(ua, ub, v[f"utility_{a}"], v[f"utility_{b}"])
        rows.append({"point": "agreement reached", **v["package"], f"utility_{a}": v[f"utility_{a}"],
                     f"utility_{b}": v[f"utility_{b}"], "total": v["total"], "total_usd": v["total_usd"],
                     "distance_to_frontier": eff["distance"], "dominated_by": eff["dominated_by"]})
        for k, i in enumerate(eff["improvements"][:3]):
            vi = sp.value(sp.decode(i))
            rows.append({"point": f"improvement {k + 1} on the agreement", **sp.decode(i), f"utility_{a}": ua[i],
                         f"utility_{b}": ub[i], "total": vi["total"], "total_usd": vi["total_usd"]})
    df = pd.DataFrame(rows)
    df.attrs.update({"zopa_packages": int(z.size), "packages": sp.size})
    return df


def negotiation_simulate(case: str, *, runs: int = 10_000, deadline: int = 12, first: str | None = None,
                         tactics: Mapping[str, tuple[str, float | None]] | None = None, hazard: Mapping | None = None,
                         exponent_sd: float = 0.0, seed: int = 0, progress=None, **kw) -> dict:
    """Alternating-offers simulation: the distribution of agreement round and terms, and the value
    of closing early, for given tactics, deadline and hazard."""
    from .analysis.negotiation import simulate as sim

    sp = negotiation_space(case, **kw)
    ids = [p.id for p in sp.case.parties]
    tac = {p: sim.Tactic("linear") for p in ids}
    for p, (kind, e) in (tactics or {}).items():
        sp.case.party(p)
        if kind not in ("boulware", "conceder", "linear", "tit_for_tat"):
            raise InputError(f"unknown tactic '{kind}' (boulware, conceder, linear, tit_for_tat)", where="--tactic")
        tac[p] = sim.Tactic(kind, e)
    hz = sim.Hazard(**hazard) if hazard else None
    d = {p.id: sp.reservation(p) for p in sp.case.parties}
    out = sim.simulate({p: sp.utilities[p] for p in ids}, d, runs=runs, deadline=deadline,
                       first=first or next(p.id for p in sp.case.parties if p.role == "payee"),
                       tactics=tac, hazard=hz, exponent_sd=exponent_sd, seed=seed, progress=progress)
    fy_axis = [i.kind for i in sp.issues].index("first_year")
    fy_values = np.array(sp.case.issue("first_year").values())

    def decode_fy(flat):
        return fy_values[np.unravel_index(flat, sp.shape)[fy_axis]]

    return sim.summary(out, decode_fy)


def series(name: str | None = None, *, host: str = "kr") -> "pd.DataFrame":
    """All values of one series (every source and status), or the list of series."""
    import pandas as pd

    cat = _catalog(host)
    if name is None:
        roles = {v: k for k, v in cat.host.roles.items()}
        return pd.DataFrame([
            {"series": m.name, "role": roles.get(m.name), "title": m.title, "unit": m.unit,
             "first_year": min(cat.book.years(m.name), default=None), "last_year": max(cat.book.years(m.name), default=None),
             "values": len(cat.book.rows(m.name))}
            for m in cat.book.meta.values()
        ])
    name = cat.host.series_for(name)
    rows = cat.book.rows(name)
    df = pd.DataFrame([{"series": v.series, "year": v.year, "value": v.value, "status": v.status,
                        "source": v.source, "note": v.note} for v in rows])
    df.attrs["unit"] = cat.book.meta[name].unit
    return df


def sources(*, host: str = "kr") -> "pd.DataFrame":
    """The source registry, with what uses each source."""
    import pandas as pd

    cat = _catalog(host)
    used: dict[str, set[str]] = {}
    for name in cat.book.names:
        for v in cat.book.rows(name):
            used.setdefault(v.source, set()).add(name)
    for a in cat.agreements.values():
        for r in a.years:
            if r.source:
                used.setdefault(r.source, set()).add(a.id)
        for s in a.sources:
            used.setdefault(s, set()).add(a.id)
    for p in cat.published:
        used.setdefault(p.source, set()).add("published totals")
    for a in cat.assumptions.values:
        if a.source:
            used.setdefault(a.source, set()).add("default assumptions")
    from .analysis.scenarios import bundled_scenarios

    for s in bundled_scenarios(cat).values():
        for ref in [s.source, *(r.source for r in s.changes)]:
            if ref:
                used.setdefault(ref, set()).add(f"scenario {s.id}")
    return pd.DataFrame([
        {**s.__dict__, "used_by": ", ".join(sorted(used.get(s.id, ())))} for s in cat.sources.values()
    ])


def agreements(*, host: str = "kr") -> "pd.DataFrame":
    """The host's agreements in order."""
    import pandas as pd

    cat = _catalog(host)
    return pd.DataFrame([
        {"id": a.id, "title": a.title, "start": a.term.start, "end": a.term.end,
         "signed": a.signed, "in_force": a.in_force, "rules": ", ".join(sorted({r.rule for r in a.years}))}
        for a in (cat.agreements[i] for i in cat.host.agreements)
    ])


def scenarios(*, host: str = "kr") -> "pd.DataFrame":
    """The bundled scenarios."""
    import pandas as pd

    from .analysis.scenarios import bundled_scenarios

    cat = _catalog(host)
    return pd.DataFrame([
        {"id": s.id, "title": s.title, "baseline": s.baseline, "from": s.first_year, "source": s.source}
        for s in bundled_scenarios(cat).values()
    ])


def published(*, host: str = "kr") -> "pd.DataFrame":
    """Every published annual total in the data (the figures the engine is checked against)."""
    import pandas as pd

    cat = _catalog(host)
    return pd.DataFrame([p.__dict__ for p in cat.published])


def hosts(*, hosts: Iterable[str] | None = None, base_year: int = 2024, start: int | None = None,
          end: int | None = None) -> "pd.DataFrame":
    """Host nations compared: contribution in dollars (nominal, real), per US soldier, as shares of
    defence budget and GDP, and reported shares of the US stationing cost; every row sourced."""
    from .analysis import hosts as h

    chosen = tuple(hosts) if hosts else h.HOSTS
    for x in chosen:
        _catalog(x)
    if not 1990 <= base_year <= 2100:
        raise InputError(f"base year {base_year} is outside 1990-2100", where="--base-year")
    return h.compare(chosen, base_year=base_year, first=start, last=end)


def categories(*, host: str = "kr") -> "pd.DataFrame":
    """Published splits of annual totals by category (where a source gives them), with each share
    and whether the agreement's category provisions for that year hold (``within_rules``)."""
    import pandas as pd

    cat = _catalog(host)
    path = cat.root / "agreements" / cat.host.id / "categories.csv"
    if not path.exists():
        return pd.DataFrame(columns=["year", "category", "amount", "share_pct", "source", "note"])
    df = pd.read_csv(path, dtype={"amount": "int64"}, keep_default_na=False)
    unknown = set(df["source"]) - set(cat.sources)
    if unknown:
        from .errors import DataFileError

        raise DataFileError(str(path), f"sources not in the registry: {sorted(unknown)}", field="source")
    df["share_pct"] = df["amount"] / df.groupby("year")["amount"].transform("sum") * 100
    provisions = {y: a.provisions for a in cat.agreements.values() for y in a.year_range}

    def check(row) -> object:
        verdicts = [p.allows(int(row["year"]), int(row["amount"])) for p in provisions.get(int(row["year"]), ())
                    if p.category == row["category"]]
        verdicts = [v for v in verdicts if v is not None]
        return all(verdicts) if verdicts else None

    df["within_rules"] = df.apply(check, axis=1)
    return df[["year", "category", "amount", "share_pct", "within_rules", "source", "note"]]


__all__ = ["hosts", "negotiation_cases", "negotiation_space", "negotiation_value", "negotiation_offers", "negotiation_gap",
           "negotiation_frontier", "negotiation_solutions", "negotiation_simulate", "simulate", "sensitivity", "fit_model", "categories", "history", "schedule", "compare", "compare_totals", "series", "sources", "agreements", "scenarios",
           "published", "InputError", "UnknownNameError"]
