"""Commands for the figures and the data: history, schedule, compare, series, sources, categories,
agreements, scenarios, published, hosts."""


import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import _
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
    overrides,
    request,
    t,
)

if TYPE_CHECKING:

    from ..ops.result import Table, Tables
    from ..present.tables import Col

RealOpt = Annotated[int | None, typer.Option("--real-base", help=t("Base year for real terms (constant currency). Default: the last year shown."))]


def history(
    fmt: FileFormatOpt = FileFormat.table, plot: PlotOpt = None, plot_size: PlotSizeOpt = PlotSize.article, host: HostOpt = None, real_base: RealOpt = None,
    start: Annotated[int | None, typer.Option("--from", help=t("First year to show."))] = None,
    end: Annotated[int | None, typer.Option("--to", help=t("Last year to show."))] = None,
    cpi: CpiOpt = None, defence_growth: DefenceGrowthOpt = None, fx: FxOpt = None, set_: SetOpt = None,
    output: OutputOpt = None, excel: ExcelOpt = False,
) -> None:
    from ..ops import figures

    check_output(fmt, output)
    res = figures.history(request(figures.HistoryRequest, host=host, real_base=real_base, start=start, end=end,
                                  overrides=overrides(cpi, defence_growth, fx, set_)))
    if plot:
        from ..present import findings
        from ..present.charts import plot_amounts

        plot_amounts(res.frame, plot, title=res.title, subtitle=findings.history(res), meta=res.meta, size=plot_size.value)
    from ..present.tables import Col

    # the agreement by its title, as the History page's table names it (present/history.py), never by its id
    cols = [Col("agreement_title", c.label) if c.key == "agreement" else c for c in amount_columns(res.meta["currency"])]
    # the history's years are many and the nowcast concerns one or two: a note under the table, not two columns
    emit(res, fmt, cols, output=output, excel=excel, sheet=t("history"), caption=nowcast_notes(res))
    if plot and fmt is FileFormat.table:
        typer.echo(t("chart written to {path}", path=str(plot)), err=True)


def schedule(
    agreement: Annotated[str, typer.Argument(help=t("An agreement id (see `burdenshare agreements`) or the path of an agreement YAML file."))],
    fmt: FileFormatOpt = FileFormat.table, plot: PlotOpt = None, plot_size: PlotSizeOpt = PlotSize.article, host: HostOpt = None, real_base: RealOpt = None,
    cpi: CpiOpt = None, defence_growth: DefenceGrowthOpt = None, fx: FxOpt = None, set_: SetOpt = None,
    output: OutputOpt = None, excel: ExcelOpt = False,
) -> None:
    from .. import local
    from ..ops import figures
    from ..present.tables import Col

    check_output(fmt, output)
    res = figures.schedule(request(figures.ScheduleRequest, agreement=local.agreement(agreement), host=host,
                                   real_base=real_base, overrides=overrides(cpi, defence_growth, fx, set_)))
    if plot:
        from ..present import findings
        from ..present.charts import plot_amounts

        plot_amounts(res.frame, plot, title=res.title, subtitle=findings.schedule(res), meta=res.meta, size=plot_size.value)
    # one agreement: its title is the table's title, so no column repeats it (and never by its id)
    cols = [c for c in amount_columns(res.meta["currency"]) if c.key != "agreement"]
    cols.insert(4, Col("rate_applied_pct", _("rate"), "pct"))
    emit(res, fmt, cols + nowcast_columns(res), output=output, excel=excel)


def compare(
    baseline: Annotated[str, typer.Argument(help=t("The baseline agreement (its id or file)."))],
    scenario: Annotated[list[str], typer.Argument(help=t("Scenario ids (see `burdenshare scenarios`) or scenario YAML files."))],
    fmt: FileFormatOpt = FileFormat.table, plot: PlotOpt = None, plot_size: PlotSizeOpt = PlotSize.article, host: HostOpt = None, real_base: RealOpt = None,
    cpi: CpiOpt = None, defence_growth: DefenceGrowthOpt = None, fx: FxOpt = None, set_: SetOpt = None,
    output: OutputOpt = None, excel: ExcelOpt = False,
) -> None:
    from .. import local
    from ..ops import figures
    from .common import export

    check_output(fmt, output)
    res = figures.compare(request(figures.CompareRequest, baseline=local.agreement(baseline),
                                  scenarios=[local.scenario(s) for s in scenario], host=host, real_base=real_base,
                                  overrides=overrides(cpi, defence_growth, fx, set_)))
    if plot:
        from ..present import findings
        from ..present.charts import plot_comparison

        plot_comparison(res["rows"].frame, plot, title=res.title, subtitle=findings.compare(res), meta=res.meta, size=plot_size.value)
    doc = res.to_dict()
    doc["meta"]["totals"] = doc["totals"]  # where the totals were before 0.2 (kept for scripts that read them there)
    tables = [(t("per year"), res["rows"].frame), (t("totals"), res["totals"].frame)]
    if not export(tables, res.meta, res.title, fmt, output, excel=excel, doc=doc):
        print_comparison(res)


def series(
    name: Annotated[str | None, typer.Argument(help=t("A series name or role (cpi, defence_growth, fx ...); none lists them all."))] = None,
    fmt: FormatOpt = Format.table, host: HostOpt = None,
) -> None:
    from ..ops import figures
    from ..present.tables import Col

    res = figures.series(request(figures.SeriesRequest, name=name, host=host))
    if name is None:
        cols = [Col("series", _("series")), Col("role", _("role")), Col("title", _("title")), Col("unit", _("unit")),
                Col("first_year", _("from"), "year"), Col("last_year", _("to"), "year"), Col("values", _("values"), "int")]
    else:
        from ..model.catalog import catalog
        from ..present import labels

        registry = catalog(res.meta["host"]).sources  # a source as readers know it (publisher, date), never its id
        cols = [Col("year", _("year"), "year"), Col("value", _("value")), Col("status", _("status"), "word:status"),
                Col("source", _("source"), fmt=lambda r: labels.source_text(registry, _text(r.get("source")))), Col("note", _("note"))]
    emit(res, fmt, cols)


def sources(fmt: FormatOpt = Format.table, host: HostOpt = None) -> None:
    from ..ops import figures
    from ..present.tables import Col

    res = figures.sources(request(figures.ListRequest, host=host))
    from ..present import labels

    emit(res, fmt, [Col("id", _("id")), Col("title", _("title")), Col("publisher", _("publisher"), fmt=labels.publisher),
                    Col("date", _("date")),
                    Col("quality", _("quality"), "word:quality"), Col("url", _("address")), Col("used_by", _("used by"))])


def categories(fmt: FormatOpt = Format.table, host: HostOpt = None) -> None:
    from ..ops import figures
    from ..present.tables import Col

    res = figures.categories(request(figures.ListRequest, host=host))
    emit(res, fmt, [Col("year", _("year"), "year"), Col("category", _("category"), "word:category"),
                    Col("amount", _("amount"), "money"), Col("share_pct", _("share"), "pct"),
                    Col("within_rules", _("within the agreement's rules"), "bool"), Col("source", _("source"))])


def agreements(fmt: FormatOpt = Format.table, host: HostOpt = None) -> None:
    from ..i18n.vocabulary import word
    from ..ops import figures
    from ..present.tables import Col

    res = figures.agreements(request(figures.ListRequest, host=host))
    # the id is what a command takes (`schedule sma-12`); the rule kinds in words, not codes
    emit(res, fmt, [Col("id", _("id")), Col("title", _("title")), Col("start", _("from"), "year"), Col("end", _("to"), "year"),
                    Col("signed", _("signed")), Col("in_force", _("in force")),
                    Col("rules", _("rules"), fmt=lambda r: ", ".join(word("rule", k) for k in str(r.get("rules") or "").split(", ") if k))])


def _text(v: Any) -> str | None:
    """A table's text cell, or None for a missing one (a frame's NaN)."""
    return v if isinstance(v, str) and v else None


def scenarios(fmt: FormatOpt = Format.table, host: HostOpt = None) -> None:
    from ..model.catalog import catalog
    from ..ops import figures
    from ..present import labels
    from ..present.tables import Col

    res = figures.scenarios(request(figures.ListRequest, host=host))
    cat = catalog(res.meta["host"])
    # the id is what a command takes (`compare sma-12 --scenario ...`); the baseline and the source as people name them
    emit(res, fmt, [Col("id", _("id")), Col("title", _("title")),
                    Col("baseline", _("baseline"), fmt=lambda r: labels.agreement_short(cat, r["baseline"])),
                    Col("from", _("from"), "year"),
                    Col("source", _("source"), fmt=lambda r: labels.source_text(cat.sources, _text(r.get("source"))))])


def published(fmt: FormatOpt = Format.table, host: HostOpt = None) -> None:
    from ..ops import figures
    from ..present.tables import Col

    res = figures.published(request(figures.ListRequest, host=host))
    emit(res, fmt, [Col("year", _("year"), "year"), Col("amount", _("amount"), "int"), Col("currency", _("currency")),
                    Col("role", _("role")), Col("source", _("source")), Col("note", _("note"))])


def hosts(
    host: Annotated[list[str] | None, typer.Option("--host", help=t("Hosts to compare (repeatable; default: all with data)."))] = None,
    base_year: Annotated[int | None, typer.Option("--base-year", help=t("Constant dollars of this year for real terms (default: the latest year whose US CPI change is an outturn)."))] = None,
    start: Annotated[int | None, typer.Option("--from", help=t("First year."))] = None,
    end: Annotated[int | None, typer.Option("--to", help=t("Last year."))] = None,
    scenario: Annotated[list[str] | None, typer.Option("--scenario", metavar="HOST=SCENARIO", help=t("Project a host under one of its scenarios (repeatable; `burdenshare scenarios --host HOST` lists them), e.g. with --to past the end of its agreement."))] = None,
    fmt: FileFormatOpt = FileFormat.table, plot: PlotOpt = None, plot_size: PlotSizeOpt = PlotSize.article, output: OutputOpt = None, excel: ExcelOpt = False,
) -> None:
    from ..errors import InputError
    from ..ops import hosts as h

    check_output(fmt, output)
    scenario_for = {}
    for item in scenario or ():
        if "=" not in item:
            raise InputError(_("'{item}' must look like HOST=SCENARIO", item=item), where="scenario_for")
        k, v = item.split("=", 1)
        scenario_for[k.strip()] = v.strip()
    res = h.hosts(request(h.HostsRequest, hosts=host or None, base_year=base_year, start=start, end=end, scenario_for=scenario_for))
    if plot:
        from ..present import findings
        from ..present.charts import plot_hosts

        plot_hosts(res.frame, plot, title=res.title, subtitle=findings.hosts(res), meta=res.meta, size=plot_size.value)
    if fmt is FileFormat.table:
        print_hosts(res)
    else:
        emit(res, fmt, output=output, excel=excel, sheet=t("hosts"))


def register(app: typer.Typer) -> None:
    beside = " " + t("A payment that reads a year whose monthly CPI is partly published also shows the nowcast (the months "
                     "published so far and a model of the rest): its status, its payment and 80% interval, beside the projection.")
    app.command(help=t("Every year from the first agreement to the last year covered: amount, dollars, change, status, how it was obtained.") + beside)(history)
    app.command(help=t("One agreement's years, computed from its rules; overridden values are marked.") + beside)(schedule)
    app.command(help=t("A baseline and scenarios side by side, per year and over the term, nominal and real."))(compare)
    app.command(help=t("The driving series, every value with its status and source."))(series)
    app.command(help=t("Where every figure comes from: the source registry and every data file that uses each source."))(sources)
    app.command(help=t("Published splits of annual totals into spending categories."))(categories)
    app.command(help=t("The host's agreements in order."))(agreements)
    app.command(help=t("The bundled scenarios (use them with `burdenshare compare`)."))(scenarios)
    app.command(help=t("Every published annual total in the data (the figures the engine is checked against)."))(published)
    app.command(help=t("Host nations compared: dollars, real dollars, per US soldier, shares of defence budget and GDP."))(hosts)


def amount_columns(currency: str) -> list["Col"]:
    from ..i18n import _
    from ..present.tables import Col

    return [Col("year", _("year"), "year"), Col("agreement", _("agreement")), Col("amount", _("amount"), "money"),
            Col("amount_dollars", _("dollars"), "usd"), Col("change_pct", _("change"), "pct"),
            Col("status", _("status"), "word:status"), Col("basis", _("how"))]


def nowcast_notes(res: "Table") -> str | None:
    """The History page's note under its table, for the terminal (None when no payment reads a
    partly published year)."""
    from ..present.history import nowcast_notes as notes

    if "nowcast" not in res.columns:
        return None
    return "\n".join(text for _year, text in notes(res.frame_rows())) or None


def nowcast_columns(res: "Table") -> list["Col"]:
    """Where a payment reads a partly published year: the nowcast's status, and its payment with the
    80% interval, beside the projection (none when no year is partly published)."""
    from ..i18n import _
    from ..present.history import nowcast_payment
    from ..present.tables import Col

    if "nowcast" not in res.columns:
        return []
    return [Col("nowcast", _("nowcast"), fmt=lambda r: str(r.get("nowcast") or "")),
            Col("nowcast_amount", _("nowcast amount"), fmt=nowcast_payment)]


def print_comparison(res: "Tables") -> None:
    """Per year, each scenario's amount and its difference from the baseline; then the totals."""
    from ..i18n import _
    from ..i18n.money import in_table_unit, table_unit
    from ..model.frames import clean, row_dicts
    from ..present import labels
    from ..present.tables import Col, print_table

    long, tot = res["rows"].frame, res["totals"].frame
    cur = res.meta["currency"]
    titles = res.meta.get("titles") or {}
    names = list(dict.fromkeys(long["scenario"]))
    rows = []
    for year, grp in long.groupby("year"):
        g = grp.set_index("scenario")
        row = {"year": year}
        for n in names:
            if n not in g.index:
                row[n] = ""
                continue
            a, d = clean(g.at[n, "amount"]), clean(g.at[n, "diff"])
            if a is None:
                row[n] = str(_("unknown"))
            elif n == "baseline" or d is None:
                row[n] = in_table_unit(a, cur)
            else:
                row[n] = f"{in_table_unit(a, cur)} ({'+' if d >= 0 else ''}{in_table_unit(d, cur)})"
        rows.append(row)
    unit = table_unit(cur)[1]
    print_table(rows, [Col("year", _("year"), "year")] + [Col(n, labels.scenario(n, titles)) for n in names],
                _("Per year ({unit}, nominal); difference from the baseline in brackets", unit=unit))
    trows = []
    for r in row_dicts(tot):
        trows.append({**r, "name": labels.scenario(r["scenario"], titles), "years": f"{r['first_year']}-{r['last_year']}"})
    print_table(trows, [Col("name", _("scenario")), Col("years", _("years")), Col("total", _("total"), "money"),
                        Col("diff", _("difference"), "money"), Col("total_dollars", _("total"), "usd"),
                        Col("diff_dollars", _("difference"), "usd"),
                        Col("total_real", _("real ({year} prices)", year=res.meta.get("real_base_year")), "money"),
                        Col("diff_real", _("difference, real"), "money")],
                _("Over the compared years"), currency=cur)


def print_hosts(res: "Table") -> None:
    """Per measure, a table of periods by host; then the definition (the view: present/hosts.py)."""
    from ..present.hosts import hosts_tables
    from ..present.tables import print_view

    print_view(hosts_tables(res))


def explain(
    target: Annotated[str, typer.Argument(help=t("An agreement or a scenario (by id or file), or 'history'."))],
    year: Annotated[int, typer.Argument(help=t("The year to explain."))],
    fmt: FormatOpt = Format.table, host: HostOpt = None,
    cpi: CpiOpt = None, defence_growth: DefenceGrowthOpt = None, fx: FxOpt = None, set_: SetOpt = None,
) -> None:
    from .. import local
    from ..ops import explain as ex
    from ..ops.common import catalog_for, validate
    from ..present import formats
    from ..present.explain import print_trace

    ref = local.target(target) if target != "history" else None
    fields: dict[str, Any] = {"year": year, "host": host, "overrides": overrides(cpi, defence_growth, fx, set_)}
    if ref is not None:
        from ..analysis.scenarios import Scenario

        if isinstance(ref, Scenario):
            fields["scenario"] = ref
        elif isinstance(ref, str):
            cat = catalog_for(validate(ex.ExplainRequest, {"year": year, "host": host}))
            fields["agreement" if ref.lower() in cat.aliases else "scenario"] = ref
        else:
            fields["agreement"] = ref
    doc = ex.explain(request(ex.ExplainRequest, **fields)).model_dump()
    if fmt is Format.json:
        sys.stdout.write(formats.to_json(doc) + "\n")
    elif fmt is Format.csv:
        import pandas as pd

        sys.stdout.write(formats.to_csv(pd.DataFrame({"step": doc["steps"]})))
    else:
        print_trace(doc)


def register_explain(app: typer.Typer) -> None:
    app.command(help=t("How one figure is obtained: the rule in force and its source, every input with its source, the "
                        "arithmetic step by step, and the chain back to the last published figure."))(explain)
