"""The command line: `burdenshare history | schedule | compare | series | sources | agreements | scenarios`.

Tables by default, ``--format csv|json`` for machines, ``--plot FILE.png|svg`` for a chart. Bad
input prints one line naming the option, file or field and exits with code 2. Only Typer loads at
start-up; pandas, numpy and matplotlib load when a command runs.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .errors import BurdenshareError, InputError

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    name="burdenshare",
    help="An open, auditable model of defence cost-sharing between allies: the Korea-US Special "
    "Measures Agreements 1991-2030, computed from the agreements' own rules, every figure sourced.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table (readable), csv or json (for machines).")]
PlotOpt = Annotated[Optional[Path], typer.Option("--plot", help="Write a chart to FILE.png or FILE.svg.")]
HostOpt = Annotated[str, typer.Option("--host", help="Host nation whose data to use.")]
RealOpt = Annotated[Optional[int], typer.Option("--real-base", help="Base year for real terms (constant currency). Default: the last year shown.")]
CpiOpt = Annotated[Optional[list[str]], typer.Option("--cpi", metavar="YEAR=PCT", help="Consumer price inflation for YEAR, in percent (repeatable).")]
DefOpt = Annotated[Optional[list[str]], typer.Option("--defence-growth", metavar="YEAR=PCT", help="Growth of the defence budget in YEAR, in percent (repeatable).")]
FxOpt = Annotated[Optional[list[str]], typer.Option("--fx", metavar="YEAR=RATE", help="Average exchange rate (host currency per dollar) in YEAR (repeatable).")]
SetOpt = Annotated[Optional[list[str]], typer.Option("--set", metavar="SERIES:YEAR=VALUE", help="Any series value, e.g. kr_cpi_inflation:2013=2.0 (repeatable).")]


def _number(text: str, option: str) -> float:
    from .model.series import parse_number

    return parse_number(text, where=option)


def _year(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(f"'{text}' is not a year", where=option) from None


def parse_overrides(cpi, defence, fx, sets) -> dict[tuple[str, int], float]:
    """--cpi 2027=3.1 style options as {(role or series, year): value}."""
    out: dict[tuple[str, int], float] = {}
    for option, role, items in (("--cpi", "cpi", cpi), ("--defence-growth", "defence_growth", defence), ("--fx", "fx", fx)):
        for item in items or ():
            if "=" not in item:
                raise InputError(f"'{item}' must look like YEAR=VALUE", where=option)
            y, v = item.split("=", 1)
            out[(role, _year(y.strip(), option))] = _number(v.strip(), option)
    for item in sets or ():
        if "=" not in item or ":" not in item.split("=", 1)[0]:
            raise InputError(f"'{item}' must look like SERIES:YEAR=VALUE", where="--set")
        key, v = item.split("=", 1)
        name, y = key.rsplit(":", 1)
        out[(name.strip(), _year(y.strip(), "--set"))] = _number(v.strip(), "--set")
    return out


def _emit(df: "pd.DataFrame", fmt: Format, table_columns: dict[str, str], title: str, meta: dict | None = None) -> None:
    from . import output

    if fmt is Format.csv:
        sys.stdout.write(output.to_csv(df))
    elif fmt is Format.json:
        sys.stdout.write(output.to_json(df, meta or {}) + "\n")
    else:
        output.print_table(df, table_columns, title)


def _amount_columns(cur: str) -> dict[str, str]:
    return {
        "year": "year", "agreement": "agreement", f"amount_{cur}": f"amount_{cur}", "amount_usd": "USD (millions)",
        "change_pct": "change %", "status": "status", "basis": "how",
    }


@app.command()
def history(
    fmt: FormatOpt = Format.table,
    plot: PlotOpt = None,
    host: HostOpt = "kr",
    real_base: RealOpt = None,
    start: Annotated[Optional[int], typer.Option("--from", help="First year to show.")] = None,
    end: Annotated[Optional[int], typer.Option("--to", help="Last year to show.")] = None,
    cpi: CpiOpt = None, defence_growth: DefOpt = None, fx: FxOpt = None, set_: SetOpt = None,
) -> None:
    """Every year from the first agreement to the last year covered: amount, dollars, change, status."""
    from . import api

    df = api.history(host=host, overrides=parse_overrides(cpi, defence_growth, fx, set_), real_base=real_base, start=start, end=end)
    cur = df.attrs["currency"].lower()
    if plot:
        from .charts import plot_amounts

        plot_amounts(df, plot, title=f"{_host_title(host)}: annual contribution under the cost-sharing agreements")
    _emit(df, fmt, _amount_columns(cur), f"{_host_title(host)}: cost-sharing history", _meta(df))
    if plot and fmt is Format.table:
        typer.echo(f"chart written to {plot}", err=True)


@app.command()
def schedule(
    agreement: Annotated[str, typer.Argument(help="An agreement id (sma-1 ... sma-12) or the path of an agreement YAML file.")],
    fmt: FormatOpt = Format.table,
    plot: PlotOpt = None,
    host: HostOpt = "kr",
    real_base: RealOpt = None,
    cpi: CpiOpt = None, defence_growth: DefOpt = None, fx: FxOpt = None, set_: SetOpt = None,
) -> None:
    """One agreement's years, computed from its rules; overridden values are marked."""
    from . import api

    df = api.schedule(agreement, host=host, overrides=parse_overrides(cpi, defence_growth, fx, set_), real_base=real_base)
    cur = df.attrs["currency"].lower()
    if plot:
        from .charts import plot_amounts

        plot_amounts(df, plot, title=df.attrs["title"])
    cols = _amount_columns(cur)
    cols["rate_applied_pct"] = "rate %"
    _emit(df, fmt, cols, df.attrs["title"], _meta(df))


@app.command()
def compare(
    baseline: Annotated[str, typer.Argument(help="The baseline agreement, e.g. sma-12.")],
    scenario: Annotated[list[str], typer.Argument(help="Scenario ids (see `burdenshare scenarios`) or scenario YAML files.")],
    fmt: FormatOpt = Format.table,
    plot: PlotOpt = None,
    host: HostOpt = "kr",
    real_base: RealOpt = None,
    cpi: CpiOpt = None, defence_growth: DefOpt = None, fx: FxOpt = None, set_: SetOpt = None,
) -> None:
    """A baseline and scenarios side by side, per year and over the term, nominal and real."""
    from . import api, output
    from .analysis.scenarios import totals

    long = api.compare(baseline, scenario, host=host, overrides=parse_overrides(cpi, defence_growth, fx, set_), real_base=real_base)
    tot = totals(long)
    if plot:
        from .charts import plot_comparison

        plot_comparison(long, plot, title=f"{baseline} and scenarios")
    if fmt is Format.csv:
        sys.stdout.write(output.to_csv(long))
    elif fmt is Format.json:
        sys.stdout.write(output.to_json(long, {**_meta(long), "totals": output.records(tot)}) + "\n")
    else:
        output.print_comparison(long, tot)


@app.command()
def series(
    name: Annotated[Optional[str], typer.Argument(help="A series name or role (cpi, defence_growth, fx ...); none lists them all.")] = None,
    fmt: FormatOpt = Format.table,
    host: HostOpt = "kr",
) -> None:
    """The driving series, every value with its status and source."""
    from . import api

    df = api.series(name, host=host)
    if name is None:
        cols = {c: c for c in ("series", "role", "title", "unit", "first_year", "last_year", "values")}
        _emit(df, fmt, cols, "Series")
    else:
        cols = {c: c for c in ("year", "value", "status", "source", "note")}
        _emit(df, fmt, cols, f"{df['series'].iloc[0] if len(df) else name} ({df.attrs.get('unit', '')})")


@app.command()
def sources(fmt: FormatOpt = Format.table, host: HostOpt = "kr") -> None:
    """Where every figure comes from: the source registry and what uses each source."""
    from . import api

    df = api.sources(host=host)
    _emit(df, fmt, {"id": "id", "title": "title", "publisher": "publisher", "date": "date", "url": "url", "used_by": "used by"}, "Sources")


@app.command()
def categories(fmt: FormatOpt = Format.table, host: HostOpt = "kr") -> None:
    """Published splits of annual totals into labour, construction and logistics."""
    from . import api

    df = api.categories(host=host)
    _emit(df, fmt, {c: c for c in ("year", "category", "amount", "share_pct", "within_rules", "source")}, "Category splits (published)")


@app.command()
def hosts(
    host: Annotated[Optional[list[str]], typer.Option("--host", help="Hosts to compare (repeatable; default: all with data).")] = None,
    base_year: Annotated[int, typer.Option("--base-year", help="Constant dollars of this year for real terms.")] = 2024,
    start: Annotated[Optional[int], typer.Option("--from", help="First year.")] = None,
    end: Annotated[Optional[int], typer.Option("--to", help="Last year.")] = None,
    fmt: FormatOpt = Format.table,
    plot: PlotOpt = None,
) -> None:
    """Host nations compared: dollars, real dollars, per US soldier, shares of defence budget and GDP."""
    from . import api

    df = api.hosts(hosts=host, base_year=base_year, start=start, end=end)
    if plot:
        from .charts import plot_hosts

        plot_hosts(df, plot)
    if fmt is Format.table:
        from . import output

        output.print_hosts(df)
    else:
        _emit(df, fmt, {}, "Hosts", {"base_year": df.attrs["base_year"]})


@app.command()
def agreements(fmt: FormatOpt = Format.table, host: HostOpt = "kr") -> None:
    """The host's agreements in order."""
    from . import api

    df = api.agreements(host=host)
    _emit(df, fmt, {c: c for c in df.columns}, "Agreements")


@app.command()
def scenarios(fmt: FormatOpt = Format.table, host: HostOpt = "kr") -> None:
    """The bundled scenarios (use them with `burdenshare compare`)."""
    from . import api

    df = api.scenarios(host=host)
    _emit(df, fmt, {c: c for c in df.columns}, "Scenarios")


class ModelKind(str, Enum):
    var = "var"
    ar1 = "ar1"
    bootstrap = "bootstrap"


ModelOpt = Annotated[ModelKind, typer.Option("--model", help="var (VAR(1), correlated shocks), ar1 (independent AR(1)s, correlated shocks) or bootstrap (blocks of historical years).")]
SigmaOpt = Annotated[Optional[list[str]], typer.Option("--sigma", metavar="VAR=SD", help="Set a variable's shock standard deviation (cpi, defence_growth, fx; percentage points).")]
PersOpt = Annotated[Optional[list[str]], typer.Option("--persistence", metavar="VAR=A", help="Set a variable's own AR coefficient (between -1 and 1).")]
CorrOpt = Annotated[Optional[list[str]], typer.Option("--corr", metavar="VAR1,VAR2=R", help="Set the correlation of two variables' shocks.")]
ScaleOpt = Annotated[Optional[float], typer.Option("--scale", help="Multiply every shock by this factor (0: no uncertainty, the deterministic projection).")]


def _params(sigma, persistence, corr, scale) -> dict:
    out: dict = {"sd": {}, "persistence": {}, "corr": {}}
    for option, key, items in (("--sigma", "sd", sigma), ("--persistence", "persistence", persistence), ("--corr", "corr", corr)):
        for item in items or ():
            if "=" not in item:
                raise InputError(f"'{item}' must look like NAME=VALUE", where=option)
            name, v = item.split("=", 1)
            if key == "corr" and "," not in name:
                raise InputError(f"'{item}' must look like VAR1,VAR2=VALUE", where=option)
            out[key][name.strip()] = _number(v.strip(), option)
    if scale is not None:
        out["scale"] = scale
    return out


def _quantiles(text: str) -> list[float]:
    return [_number(q.strip(), "--quantiles") for q in text.split(",") if q.strip()]


def _progress():
    """A Rich progress bar on stderr, and the callback that advances it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task("paths", total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, advance


@app.command()
def simulate(
    target: Annotated[str, typer.Argument(help="An agreement (sma-12, a file) or a scenario (id or file; then also its difference from the baseline).")],
    paths: Annotated[int, typer.Option("--paths", "-n", help="Number of Monte Carlo paths.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same numbers, whatever --chunk-size.")] = 0,
    model: ModelOpt = ModelKind.var,
    quantiles: Annotated[str, typer.Option("--quantiles", help="Comma-separated quantiles, each strictly between 0 and 1.")] = "0.05,0.25,0.5,0.75,0.95",
    discount_rate: Annotated[float, typer.Option("--discount-rate", help="Annual discount rate (percent) for present values, discounted to the first term year.")] = 0.0,
    prob_above: Annotated[Optional[list[str]], typer.Option("--prob-above", metavar="YEAR=AMOUNT", help="P[payment in YEAR > AMOUNT] (currency units; repeatable).")] = None,
    prob_total_above: Annotated[Optional[list[float]], typer.Option("--prob-total-above", metavar="AMOUNT", help="P[nominal term total > AMOUNT] (repeatable).")] = None,
    block_length: Annotated[int, typer.Option("--block-length", help="Years per block for --model bootstrap.")] = 3,
    sample_from: Annotated[Optional[int], typer.Option("--sample-from", help="First year of the sample the model is fitted to.")] = None,
    sample_to: Annotated[Optional[int], typer.Option("--sample-to", help="Last year of the sample the model is fitted to.")] = None,
    chunk_size: Annotated[Optional[int], typer.Option("--chunk-size", help="Paths per chunk (memory stays bounded whatever --paths).")] = None,
    sigma: SigmaOpt = None, persistence: PersOpt = None, corr: CorrOpt = None, scale: ScaleOpt = None,
    fmt: FormatOpt = Format.table,
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Write a fan chart to FILE.png or FILE.svg.")] = None,
    host: HostOpt = "kr",
    real_base: RealOpt = None,
    cpi: CpiOpt = None, defence_growth: DefOpt = None, fx: FxOpt = None, set_: SetOpt = None,
) -> None:
    """Monte Carlo projection: quantiles per year, the term total's distribution, probabilities."""
    from . import api, output

    sample = (sample_from or 1900, sample_to or 2100) if (sample_from or sample_to) else None
    bar, advance = _progress() if fmt is Format.table else (None, None)
    queries = []
    for item in prob_above or ():
        if "=" not in item:
            raise InputError(f"'{item}' must look like YEAR=AMOUNT", where="--prob-above")
        y, a = item.split("=", 1)
        queries.append((_year(y.strip(), "--prob-above"), _number(a.strip(), "--prob-above")))
    for a in prob_total_above or ():
        _number(str(a), "--prob-total-above")
    if bar:
        bar.start()
    try:
        sim = api.simulate(target, paths=paths, seed=seed, model=model.value, host=host,
                           overrides=parse_overrides(cpi, defence_growth, fx, set_),
                           params=_params(sigma, persistence, corr, scale), sample=sample, block_length=block_length,
                           quantiles=_quantiles(quantiles), discount_rate=discount_rate, real_base=real_base,
                           chunk=chunk_size, progress=advance)
    finally:
        if bar:
            bar.stop()
    probs = [{"question": f"P[payment in {y} > {a:,.0f}]", "probability": sim.prob_above(y, a)} for y, a in queries]
    probs += [{"question": f"P[term total > {a:,.0f}]", "probability": sim.prob_total_above(a)} for a in prob_total_above or ()]
    years, term = sim.by_year(), sim.term()
    if plot:
        from .charts import plot_fan

        plot_fan(years, plot, title=f"{sim.title}: Monte Carlo ({sim.paths:,} paths, {model.value})", currency=sim.currency)
    if fmt is Format.json:
        sys.stdout.write(output.json_doc({**sim.meta(), "probabilities": probs},
                                         by_year=output.records(years), term=output.records(term)) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(output.to_csv(years))
    else:
        output.print_simulation(sim, years, term, probs)
    if sim.run.interrupted:
        typer.echo(f"interrupted: results are from the {sim.paths:,} paths done", err=True)


class Method(str, Enum):
    tornado = "tornado"
    sobol = "sobol"


@app.command()
def sensitivity(
    target: Annotated[str, typer.Argument(help="An agreement (sma-12, a file) or a scenario.")],
    method: Annotated[Method, typer.Option("--method", help="tornado (one at a time) or sobol (variance-based, SALib).")] = Method.tornado,
    k: Annotated[float, typer.Option("--k", help="Tornado: shift each input by +/- k standard deviations.")] = 1.0,
    samples: Annotated[int, typer.Option("--samples", help="Sobol: base sample size (a power of two).")] = 1024,
    seed: Annotated[int, typer.Option("--seed", help="Sobol: seed of the sample.")] = 0,
    model: ModelOpt = ModelKind.var,
    sigma: SigmaOpt = None, persistence: PersOpt = None, corr: CorrOpt = None, scale: ScaleOpt = None,
    fmt: FormatOpt = Format.table,
    plot: PlotOpt = None,
    host: HostOpt = "kr",
    cpi: CpiOpt = None, defence_growth: DefOpt = None, fx: FxOpt = None, set_: SetOpt = None,
) -> None:
    """Which uncertain inputs move the term total most: tornado or Sobol indices."""
    from . import api

    df = api.sensitivity(target, method=method.value, host=host, model=model.value,
                         overrides=parse_overrides(cpi, defence_growth, fx, set_),
                         params=_params(sigma, persistence, corr, scale), k=k, samples=samples, seed=seed)
    if plot and method is Method.tornado:
        from .charts import plot_tornado

        plot_tornado(df, plot, title=f"{target}: term total, inputs at +/- {k:g} sd")
    if method is Method.tornado:
        cols = {c: c for c in ("factor", "central", "shift", "won_low", "won_high", "won_swing", "usd_swing")}
    else:
        cols = {c: c for c in ("measure", "factor", "S1", "S1_conf", "ST", "ST_conf")}
    _emit(df, fmt, cols, f"Sensitivity of the term total ({method.value})", {"method": method.value, **{k_: v for k_, v in df.attrs.items() if k_ != "term"}})


@app.command("model")
def model_cmd(
    model: ModelOpt = ModelKind.var,
    block_length: Annotated[int, typer.Option("--block-length", help="Years per block for bootstrap.")] = 3,
    sample_from: Annotated[Optional[int], typer.Option("--sample-from")] = None,
    sample_to: Annotated[Optional[int], typer.Option("--sample-to")] = None,
    host: HostOpt = "kr",
) -> None:
    """The fitted parameters of a model of the driving series, and the sample."""
    import json

    from . import api

    sample = (sample_from or 1900, sample_to or 2100) if (sample_from or sample_to) else None
    typer.echo(json.dumps(api.fit_model(model.value, host=host, sample=sample, block_length=block_length), indent=1))


negotiate_app = typer.Typer(help="Negotiation analysis: cases, offers by round, frontier, solutions, simulation.",
                            no_args_is_help=True, rich_markup_mode=None)
app.add_typer(negotiate_app, name="negotiate")
CaseArg = Annotated[str, typer.Argument(help="A negotiation case id (see `burdenshare negotiate cases`) or a case YAML file.")]


def _package(items: list[str] | None) -> dict:
    out: dict = {}
    for item in items or ():
        if "=" not in item:
            raise InputError(f"'{item}' must look like ISSUE=VALUE", where="--set-issue")
        k, v = item.split("=", 1)
        v = v.strip()
        try:
            out[k.strip()] = int(v)
        except ValueError:
            try:
                out[k.strip()] = float(v)
            except ValueError:
                out[k.strip()] = v
    return out


@negotiate_app.command("cases")
def negotiate_cases(fmt: FormatOpt = Format.table, host: HostOpt = "kr") -> None:
    """The bundled negotiation cases."""
    from . import api

    df = api.negotiation_cases(host=host)
    _emit(df, fmt, {c: c for c in df.columns}, "Negotiation cases")


@negotiate_app.command("show")
def negotiate_show(case: CaseArg, fmt: FormatOpt = Format.table, host: HostOpt = "kr") -> None:
    """A case's rounds and every public offer, valued for both parties."""
    from . import api, output

    sp = api.negotiation_space(case, host=host)
    offers = api.negotiation_offers(case, host=host)
    rounds = [r.model_dump(mode="json") for r in sp.case.rounds]
    if fmt is Format.json:
        sys.stdout.write(output.json_doc({"case": sp.case.id, "title": sp.case.title, "packages": sp.size,
                                          "parties": [p.model_dump(mode="json") for p in sp.case.parties]},
                                         rounds=rounds, offers=output.records(offers)) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(output.to_csv(offers))
    else:
        import pandas as pd

        output.print_table(pd.DataFrame(rounds), {"number": "round", "start": "start", "end": "end", "place": "place", "source": "source"}, sp.case.title)
        a, b = (p.id for p in sp.case.parties)
        cols = {"date": "date", "round": "round", "party": "party", "kind": "kind", "first_year": "first year (won)",
                "total": "term total (won)", "total_usd": "term total ($)", f"utility_{a}": f"U {a}", f"utility_{b}": f"U {b}",
                "defaults_used": "assumed from the final deal"}
        output.print_table(offers, cols, "Offers (public), valued by the engine")
        for p in sp.case.parties:
            typer.echo(f"{p.id}: preferences are {p.basis}")


@negotiate_app.command("value")
def negotiate_value(case: CaseArg, set_issue: Annotated[Optional[list[str]], typer.Option("--set-issue", metavar="ISSUE=VALUE", help="An issue's value (repeatable); unset issues take the case's defaults.")] = None,
                    fmt: FormatOpt = Format.table, host: HostOpt = "kr") -> None:
    """Value one package: payments by year, term total, present values, both utilities."""
    import json

    from . import api

    v = api.negotiation_value(case, _package(set_issue), host=host)
    if fmt is Format.json:
        typer.echo(json.dumps(v, default=str, indent=1))
    else:
        for k, val in v.items():
            typer.echo(f"{k}: {val:,.4f}" if isinstance(val, float) else f"{k}: {val}")


@negotiate_app.command("frontier")
def negotiate_frontier(case: CaseArg, fmt: FormatOpt = Format.table, plot: PlotOpt = None, host: HostOpt = "kr") -> None:
    """The Pareto frontier of the whole package space."""
    from . import api

    df = api.negotiation_frontier(case, host=host)
    if plot:
        from .charts import plot_utility_plane

        plot_utility_plane(api.negotiation_space(case, host=host), api.negotiation_solutions(case, host=host), plot,
                           offers=api.negotiation_offers(case, host=host))
    _emit(df, fmt, {c: c for c in df.columns if c != "package"}, f"Pareto frontier ({len(df)} of {df.attrs['packages']:,} packages)")


@negotiate_app.command("solutions")
def negotiate_solutions(case: CaseArg, fmt: FormatOpt = Format.table, plot: PlotOpt = None, host: HostOpt = "kr") -> None:
    """Disagreement point, ZOPA, Nash and Kalai-Smorodinsky solutions, and the agreement's efficiency."""
    from . import api

    df = api.negotiation_solutions(case, host=host)
    if plot:
        from .charts import plot_utility_plane

        plot_utility_plane(api.negotiation_space(case, host=host), df, plot, offers=api.negotiation_offers(case, host=host))
    _emit(df, fmt, {c: c for c in df.columns}, f"Solutions (ZOPA: {df.attrs['zopa_packages']:,} of {df.attrs['packages']:,} packages)", dict(df.attrs))


@negotiate_app.command("gap")
def negotiate_gap(case: CaseArg, fmt: FormatOpt = Format.table, plot: PlotOpt = None, host: HostOpt = "kr") -> None:
    """The gap between the sides' first-year figures round by round, and where the trend closes it."""
    from . import api, output

    df, fc = api.negotiation_gap(case, host=host)
    if plot:
        from .charts import plot_gap

        plot_gap(api.negotiation_offers(case, host=host), df, plot, title=f"{case}: offers and gap by round")
    if fmt is Format.json:
        sys.stdout.write(output.json_doc({"forecast": fc}, gap=output.records(df)) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(output.to_csv(df))
    else:
        output.print_table(df, {c: c for c in df.columns if c != "source"}, "Gap by round (first-year figures, won)")
        typer.echo(f"forecast: {fc}")


@negotiate_app.command("simulate")
def negotiate_simulate(
    case: CaseArg,
    runs: Annotated[int, typer.Option("--runs", help="Number of simulated negotiations.")] = 10_000,
    deadline: Annotated[int, typer.Option("--deadline", help="Rounds before the talks fail.")] = 12,
    first: Annotated[Optional[str], typer.Option("--first", help="The party that opens (default: the payee).")] = None,
    tactic: Annotated[Optional[list[str]], typer.Option("--tactic", metavar="PARTY=KIND[:E]", help="boulware, conceder, linear or tit_for_tat, optional exponent (repeatable).")] = None,
    hazard: Annotated[Optional[str], typer.Option("--hazard", metavar="PARTY:P@ROUND=RESERVATION", help="With probability P, from ROUND on, PARTY's reservation utility becomes RESERVATION.")] = None,
    exponent_sd: Annotated[float, typer.Option("--exponent-sd", help="Log-normal noise on the tactics' exponents.")] = 0.0,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    fmt: FormatOpt = Format.table,
    host: HostOpt = "kr",
) -> None:
    """Alternating offers under a deadline and a hazard: when and where deals close."""
    from . import api, output

    tactics = {}
    for item in tactic or ():
        if "=" not in item:
            raise InputError(f"'{item}' must look like PARTY=KIND[:EXPONENT]", where="--tactic")
        p, spec = item.split("=", 1)
        kind, _, e = spec.partition(":")
        tactics[p.strip()] = (kind.strip(), _number(e, "--tactic") if e else None)
    hz = None
    if hazard:
        try:
            party, rest = hazard.split(":", 1)
            prob, rest = rest.split("@", 1)
            rnd, res = rest.split("=", 1)
        except ValueError:
            raise InputError(f"'{hazard}' must look like PARTY:P@ROUND=RESERVATION", where="--hazard") from None
        hz = {"party": party.strip(), "probability": _number(prob, "--hazard"), "from_round": _year(rnd, "--hazard"),
              "reservation": _number(res, "--hazard")}
    bar, advance = _progress() if fmt is Format.table else (None, None)
    if bar:
        bar.start()
    try:
        res = api.negotiation_simulate(case, runs=runs, deadline=deadline, first=first, tactics=tactics, hazard=hz,
                                       exponent_sd=exponent_sd, seed=seed, progress=advance, host=host)
    finally:
        if bar:
            bar.stop()
    if fmt is Format.json:
        sys.stdout.write(output.json_doc(res["distribution"], closing=output.records(res["closing"])) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(output.to_csv(res["closing"]))
    else:
        import json

        typer.echo(json.dumps(res["distribution"], indent=1, default=str))
        output.print_table(res["closing"], {c: c for c in res["closing"].columns}, "Value of closing at each round (utility of the offer on the table minus the expected outcome)")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    database_url: Annotated[Optional[str], typer.Option("--database-url", envvar="BURDENSHARE_DATABASE_URL",
                                                        help="sqlite:///FILE (default sqlite:///burdenshare.db) or postgresql://...")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=16, help="Server processes (one per core serves most requests).")] = 1,
) -> None:
    """Start the web dashboard and the HTTP API (OpenAPI at /docs)."""
    from .store.db import database_url as resolve
    from .web.app import serve as run

    url = resolve(database_url)
    shown = url.split("@")[-1] if "@" in url else url
    typer.echo(f"burdenshare dashboard on http://{host}:{port}  (API: /api/v1, docs: /docs; database: {shown}); Ctrl-C to stop")
    run(host=host, port=port, database_url=url, workers=workers)


def _host_title(host: str) -> str:
    return {"kr": "Korea-US"}.get(host, host)


def _meta(df: "pd.DataFrame") -> dict:
    from . import output

    return output.meta(df)


def main() -> None:
    """Console entry point: run the app; bad input -> one line on stderr and exit code 2."""
    try:
        app()
    except BurdenshareError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise SystemExit(130) from None
