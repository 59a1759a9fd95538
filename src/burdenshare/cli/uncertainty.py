"""Commands for uncertainty: simulate (Monte Carlo), sensitivity (tornado, Sobol), model."""


from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError
from ..i18n import _
from ..model.ranges import help_text
from ..ops.limits import DEFAULT_PATHS, DEFAULT_SEED
from .common import (
    CpiOpt,
    DefenceGrowthOpt,
    ExcelOpt,
    FileFormat,
    FileFormatOpt,
    Format,
    FormatOpt,
    FxOpt,
    HostOpt,
    OutputOpt,
    PlotOpt,
    PlotSize,
    PlotSizeOpt,
    SetOpt,
    check_output,
    emit,
    export,
    number,
    overrides,
    progress,
    request,
    t,
    year,
)

if TYPE_CHECKING:
    from ..ops.uncertainty import SimulationResult


class ModelKind(StrEnum):
    var = "var"
    ar1 = "ar1"
    bootstrap = "bootstrap"


class Method(StrEnum):
    tornado = "tornado"
    sobol = "sobol"


def _params(sigma: list[str] | None, persistence: list[str] | None, corr: list[str] | None,
            scale: float | None) -> dict[str, Any]:
    out: dict[str, Any] = {"sd": {}, "persistence": {}, "corr": {}}
    for key, items in (("sd", sigma), ("persistence", persistence), ("corr", corr)):
        for item in items or ():
            if "=" not in item:
                raise InputError(_("'{item}' must look like NAME=VALUE", item=item), where=f"params.{key}")
            name, v = item.split("=", 1)
            if key == "corr" and "," not in name:
                raise InputError(_("'{item}' must look like VAR1,VAR2=VALUE", item=item), where="params.corr")
            out[key][name.strip()] = number(v.strip(), f"params.{key}.{name.strip()}")
    if scale is not None:
        out["scale"] = scale
    return out


def _sample(sample_from: int | None, sample_to: int | None) -> tuple[int, int] | None:
    return (sample_from or 1900, sample_to or 2100) if (sample_from or sample_to) else None


RealOpt = Annotated[int | None, typer.Option("--real-base", help=t("Base year for real terms (constant currency). Default: the first year of the term."))]
ModelOpt = Annotated[ModelKind, typer.Option("--model", help=t("var (VAR(1), correlated shocks), ar1 (independent AR(1)s, correlated shocks) or bootstrap (blocks of historical years)."))]


SigmaOpt = Annotated[list[str] | None, typer.Option("--sigma", metavar="VAR=SD", help=t("Set a variable's shock standard deviation (percentage points; see `burdenshare model`).") + " " + help_text("shock_sd"))]
PersOpt = Annotated[list[str] | None, typer.Option("--persistence", metavar="VAR=A", help=t("Set a variable's own AR coefficient (between -1 and 1)."))]


CorrOpt = Annotated[list[str] | None, typer.Option("--corr", metavar="VAR1,VAR2=R", help=t("Set the correlation of two variables' shocks.") + " " + help_text("coefficient"))]
ScaleOpt = Annotated[float | None, typer.Option("--scale", help=t("Multiply every shock by this factor (0: no uncertainty, the deterministic projection)."))]


def simulate(
    target: Annotated[str, typer.Argument(help=t("An agreement (id or file) or a scenario (id or file; then also its difference from the baseline)."))],
    paths: Annotated[int, typer.Option("--paths", "-n", help=t("Number of Monte Carlo paths."))] = DEFAULT_PATHS,
    seed: Annotated[int, typer.Option("--seed", help=t("Random seed: the same seed gives the same numbers, whatever --chunk-size."))] = DEFAULT_SEED,
    model: ModelOpt = ModelKind.var,
    quantiles: Annotated[str, typer.Option("--quantiles", help=t("Comma-separated quantiles, each strictly between 0 and 1."))] = "0.05,0.25,0.5,0.75,0.95",
    discount_rate: Annotated[float, typer.Option("--discount-rate", help=t("Annual discount rate (percent) for present values, discounted to the first term year."))] = 0.0,
    prob_above: Annotated[list[str] | None, typer.Option("--prob-above", metavar="YEAR=AMOUNT", help=t("P[payment in YEAR > AMOUNT]; AMOUNT as 1조7천억, 1.7조, 17,000억원, 1.7 trillion or in full (repeatable).") + " " + help_text("amount"))] = None,
    prob_total_above: Annotated[list[str] | None, typer.Option("--prob-total-above", metavar="AMOUNT", help=t("P[nominal term total > AMOUNT] (repeatable)."))] = None,
    block_length: Annotated[int, typer.Option("--block-length", help=t("Years per block for --model bootstrap."))] = 3,
    sample_from: Annotated[int | None, typer.Option("--sample-from", help=t("First year of the sample the model is fitted to."))] = None,
    sample_to: Annotated[int | None, typer.Option("--sample-to", help=t("Last year of the sample the model is fitted to."))] = None,
    chunk_size: Annotated[int | None, typer.Option("--chunk-size", help=t("Paths per chunk (memory stays bounded whatever --paths)."))] = None,
    sigma: SigmaOpt = None, persistence: PersOpt = None, corr: CorrOpt = None, scale: ScaleOpt = None,
    fmt: FileFormatOpt = FileFormat.table,
    plot: Annotated[Path | None, typer.Option("--plot", help=t("Write a fan chart to FILE.png or FILE.svg."))] = None,
    plot_size: PlotSizeOpt = PlotSize.article,
    host: HostOpt = None, real_base: RealOpt = None,
    cpi: CpiOpt = None, defence_growth: DefenceGrowthOpt = None, fx: FxOpt = None, set_: SetOpt = None,
    output: OutputOpt = None, excel: ExcelOpt = False,
) -> None:
    from .. import local
    from ..ops import uncertainty as unc

    check_output(fmt, output)
    queries = []
    for item in prob_above or ():
        if "=" not in item:
            raise InputError(_("'{item}' must look like YEAR=AMOUNT", item=item), where="prob_above")
        y, a = item.split("=", 1)
        queries.append((year(y.strip(), "prob_above"), a.strip()))  # the request reads the amount (1.7조, 1.7e12 ...)
    qs = [number(q.strip(), "quantiles") for q in quantiles.split(",") if q.strip()]
    req = request(unc.SimulationRequest, target=local.target(target), paths=paths, seed=seed, model=model.value, host=host,
                  overrides=overrides(cpi, defence_growth, fx, set_), params=_params(sigma, persistence, corr, scale),
                  sample=_sample(sample_from, sample_to), block_length=block_length, quantiles=qs,
                  discount_rate=discount_rate, real_base=real_base, chunk=chunk_size, prob_above=queries,
                  prob_total_above=list(prob_total_above or ()))
    with progress(fmt is FileFormat.table) as advance:
        res = unc.simulate(req, progress=advance)
    sim = res.simulation
    if plot:
        from ..present import findings
        from ..present.charts import plot_fan

        plot_fan(res.by_year.frame, plot, title=str(_("{title}: Monte Carlo ({paths:,} paths, {model})", title=sim.title,
                                                        paths=sim.paths, model=model.value)), currency=sim.currency,
                 subtitle=" ".join(findings.probability(p, sim.currency, sim.paths) for p in res.probabilities), meta=res.meta,
                 thresholds=[(p["year"], p["amount"]) for p in res.probabilities if p.get("question") == "prob_above"],
                 size=plot_size.value)
    doc = res.to_dict()
    doc["meta"]["probabilities"] = doc["probabilities"]  # where they were before 0.2 (kept for scripts)
    import pandas as pd

    tables = [(t("per year"), res.by_year.frame), (t("term total"), res.term.frame),
              (t("probabilities"), pd.DataFrame(res.probabilities))]
    if not export(tables, res.meta, sim.title, fmt, output, excel=excel, doc=doc):
        print_simulation(res)
    if sim.run.interrupted:
        typer.echo(t("interrupted: results are from the {n:,} paths done", n=sim.paths), err=True)


def sensitivity(
    target: Annotated[str, typer.Argument(help=t("An agreement (id or file) or a scenario."))],
    method: Annotated[Method, typer.Option("--method", help=t("tornado (one at a time) or sobol (variance-based, SALib)."))] = Method.tornado,
    k: Annotated[float, typer.Option("--k", help=t("Tornado: shift each input by +/- k standard deviations."))] = 1.0,
    samples: Annotated[int, typer.Option("--samples", help=t("Sobol: base sample size (a power of two)."))] = 1024,
    seed: Annotated[int, typer.Option("--seed", help=t("Sobol: seed of the sample."))] = 0,
    model: ModelOpt = ModelKind.var,
    sigma: SigmaOpt = None, persistence: PersOpt = None, corr: CorrOpt = None, scale: ScaleOpt = None,
    fmt: FormatOpt = Format.table,
    plot: PlotOpt = None, plot_size: PlotSizeOpt = PlotSize.article,
    host: HostOpt = None,
    cpi: CpiOpt = None, defence_growth: DefenceGrowthOpt = None, fx: FxOpt = None, set_: SetOpt = None,
) -> None:
    from .. import local
    from ..ops import uncertainty as unc
    from ..present.tables import Col

    res = unc.sensitivity(request(unc.SensitivityRequest, target=local.target(target), method=method.value, host=host,
                                  model=model.value, overrides=overrides(cpi, defence_growth, fx, set_),
                                  params=_params(sigma, persistence, corr, scale), k=k, samples=samples, seed=seed))
    cur = res.meta["currency"]
    if plot and method is Method.tornado:
        from ..present.charts import plot_tornado

        plot_tornado(res.frame, plot, title=str(_("{title}: term total, inputs at +/- {k:g} sd", title=res.title, k=k)),
                     currency=cur, meta=res.meta, size=plot_size.value)
    if method is Method.tornado:
        cols = [Col("factor", _("input")), Col("central", _("central")), Col("shift", _("shift")),
                Col("nominal_low", _("total at -k sd"), "money"), Col("nominal_high", _("total at +k sd"), "money"),
                Col("nominal_swing", _("swing"), "money"), Col("dollars_swing", _("swing"), "usd")]
    else:
        cols = [Col("measure", _("measure")), Col("factor", _("input")), Col("S1", "S1", "float"), Col("S1_conf", "±", "float"),
                Col("ST", "ST", "float"), Col("ST_conf", "±", "float")]
    emit(res, fmt, cols, title=str(_("Sensitivity of the term total ({method})", method=method.value)), currency=cur)


def model_cmd(
    model: ModelOpt = ModelKind.var,
    block_length: Annotated[int, typer.Option("--block-length", help=t("Years per block for bootstrap."))] = 3,
    sample_from: Annotated[int | None, typer.Option("--sample-from", help=t("First year of the sample the model is fitted to."))] = None,
    sample_to: Annotated[int | None, typer.Option("--sample-to", help=t("Last year of the sample the model is fitted to."))] = None,
    host: HostOpt = None,
) -> None:
    import json

    from ..ops import uncertainty as unc

    out = unc.fit_model(request(unc.ModelRequest, model=model.value, host=host, sample=_sample(sample_from, sample_to),
                                block_length=block_length)).model_dump()
    typer.echo(json.dumps(out, indent=1, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.command(help=t("Monte Carlo projection: quantiles per year, the term total's distribution, probabilities.") + " "
                + t("A year whose monthly CPI is partly published is drawn from its published months and a model of the rest "
                    "(the nowcast's), so its spread shrinks as months are published; the output names such years."))(simulate)
    app.command(help=t("Which uncertain inputs move the term total most: tornado or Sobol indices."))(sensitivity)
    app.command("model", help=t("The fitted parameters of a model of the driving series, and the sample."))(model_cmd)


def _quantile(col: str) -> bool:
    """A quantile's column (q0.05_host), not its written-out twin (q0.05_host_text)."""
    return col.startswith("q") and not col.endswith("_text")


SIG = 3  # a simulation's statistics are shown to three significant figures: no more digits than they mean


def _sig(v: float | None) -> float | int | None:
    """A statistic rounded to three significant figures (None and NaN as they are)."""
    import math

    from ..i18n.money import significant

    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return v
    return significant(round(v), SIG)


def print_simulation(res: "SimulationResult") -> None:
    from ..i18n.money import Money
    from ..i18n.vocabulary import word
    from ..model.catalog import catalog
    from ..model.frames import row_dicts
    from ..present import labels
    from ..present.tables import Col, print_lines, print_table

    sim = res.simulation
    cat = catalog(res.meta.get("host"))
    cur = sim.currency
    m = sim.run.model.describe()
    print_lines([_("{title}: {paths:,} paths, seed {seed}, model {model} fitted on {sample} ({n} years); shock sd {sd}",
                   title=sim.title, paths=sim.paths, seed=sim.run.seed, model=word("model", m["kind"]), sample=m["sample"], n=m["observations"],
                   sd=", ".join(f"{labels.series_name(cat, k)} {v:g}" for k, v in m["shock_sd"].items()))])
    for c in sim.run.conditioned:  # a year partly published: drawn from its published months, not a whole year's shock
        print_lines([_("{series} {year}: drawn from the {n} of 12 months published and a model of the rest "
                       "({rate:.1f}% expected, sd {sd:.2f} points)", series=labels.series_name(cat, "cpi"), year=c["year"],
                       n=c["months_known"], rate=c["rate_expected_pct"], sd=c["rate_sd_pct"])])
    qcols = [col for col in res.by_year.frame.columns if _quantile(col)]
    # statistics of the simulation to three significant figures (in the table's unit): no more digits than they mean
    years = [{**r, **{k: _sig(r.get(k)) for k in ("mean_host", *qcols)}} for r in row_dicts(res.by_year.frame)]
    cols = [Col("year", _("year"), "year"), Col("mean_host", labels.column_name("mean_host", cur), "money", digits=SIG)]
    cols += [Col(q, labels.column_name(q, cur), "money", digits=SIG) for q in qcols]
    cols += [Col("p_cap_binds", _("P[cap binds]"), "prob")]
    print_table(years, cols, _("Per year"), currency=cur)
    term = res.term.frame
    rows = []
    tq = [col for col in term.columns if _quantile(col)]
    for r in row_dicts(term):
        money = "dollars" not in r["measure"]
        shown = {"measure": r["description"]}
        for k in ("mean", "sd", *tq):
            shown[k] = _sig(r[k])
        rows.append((money, shown))
    for money, kind in ((True, "money"), (False, "usd")):
        sub = [s for mny, s in rows if mny == money]
        if sub:
            print_table(sub, [Col("measure", _("measure"))] + [Col(k, labels.column_name(k, cur), kind, digits=SIG)
                                                              for k in ("mean", "sd", *tq)],
                        _("Term total"), currency=cur)
    for p in res.probabilities:
        if p["question"] == "prob_above":
            q = _("P[payment in {year} > {amount}]", year=p["year"], amount=Money(p["amount"], cur))
        else:
            q = _("P[term total > {amount}]", amount=Money(p["amount"], cur))
        print_lines([f"{q}: {p['probability']:.4f} ({100 * p['probability']:.1f}%)"])
