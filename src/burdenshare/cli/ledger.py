"""``burdenshare ledger``: everything a host provides for the US forces, by component and definition
(partial totals marked), the checks of published totals, and (``--execution``) what became of the
contribution."""

import sys
from typing import Annotated

import typer

from .common import Format, PlotSize, emit, options, request, t


def register(app: typer.Typer) -> None:
    o = options()

    @app.command(help=t("The support ledger: the contribution and everything else a host provides (land, tax exemptions, "
                        "KATUSA, utilities, relocation ...) by year and definition; totals only where every component is "
                        "known, otherwise partial with what is missing; published totals checked against their parts."))
    def ledger(
        host: o.host = None,
        start: Annotated[int | None, typer.Option("--from", help=t("First year to show."))] = None,
        end: Annotated[int | None, typer.Option("--to", help=t("Last year to show."))] = None,
        definition: Annotated[list[str] | None, typer.Option("--definition", help=t("Only this definition (repeatable): e.g. mnd, dod, gao."))] = None,
        items: Annotated[bool, typer.Option("--items", help=t("Every item as its source lists it."))] = False,
        execution: Annotated[bool, typer.Option("--execution", help=t("The contribution's execution: agreed, allocated, budgeted, spent, carried over, lapsed, and the unspent balance."))] = False,
        fmt: o.format = Format.table, plot: o.plot = None, plot_size: o.plot_size = PlotSize.article,
    ) -> None:
        from ..ops import ledger as ops

        if execution:
            res = ops.execution(request(ops.ExecutionRequest, host=host, start=start, end=end))
            if plot:
                from ..present.charts import plot_execution

                plot_execution(res.frame, plot, title=res.title, meta=res.meta, size=plot_size.value)
            if fmt is Format.table:
                print_execution(res)
            else:
                emit(res, fmt)
            return
        res = ops.ledger(request(ops.LedgerRequest, host=host, start=start, end=end, definitions=definition or None))
        if plot:
            from ..present import findings
            from ..present.charts import plot_ledger

            plot_ledger(res["ledger"].frame, plot, title=res.title, components=list(res.meta["components"]), subtitle=findings.ledger(res),
                        meta=res.meta, size=plot_size.value, items=res["items"].frame,
                        component_names=dict(res.meta["components"]))
        if fmt is Format.csv:
            from ..present import formats

            sys.stdout.write(formats.to_csv(res["items" if items else "ledger"].frame))
        elif fmt is Format.json:
            from ..present import formats

            sys.stdout.write(formats.to_json(res.to_dict()) + "\n")
        elif items:
            print_items(res)
        else:
            print_ledger(res)
        if plot and fmt is Format.table:
            typer.echo(t("chart written to {path}", path=str(plot)), err=True)


def print_ledger(res) -> None:
    """Per definition: components by period, the total where complete, else partial and what is missing; then the checks."""
    from ..i18n import _
    from ..i18n.money import table_unit
    from ..i18n.vocabulary import word
    from ..present.tables import Col, money_or_dot, print_lines, print_table

    meta = res.meta
    cur = meta["currency"]
    df = res["ledger"].frame
    comps = list(meta["components"])
    for did, d in meta["definitions"].items():
        rows = df[df["definition"] == did]
        if not len(rows):
            continue
        counted = [k for k in comps if k in d["components"]]
        parts = [p for k in counted for p in meta.get("parts", {}).get(k, ())]
        shown = [k for k in comps if k in counted or k in parts]
        if counted:
            shown = [k for k in shown if k in counted or rows[k].notna().any()]  # parts only where a source gives them
            money = lambda key: (lambda r: money_or_dot(r.get(key), cur, _mark(r) if key == meta["contribution"] else ""))  # noqa: E731
            cols = [Col("period", _("year"))] + [Col(k, word("component", k), "float", money(k)) for k in shown] + [
                Col("known_sum", _("known part"), "float", money("known_sum")), Col("total", _("total"), "float", money("total")),
                Col("status", _("status"), "word:status"),
                Col("published_total_host", _("published total"), "float", money("published_total_host")),
                Col("published_total", _("which"), "word:support"), Col("published_source", _("source"))]
            print_table(rows, cols, f"{d['title']} ({table_unit(cur)[1]})")
        else:
            it = res["items"].frame
            it = it[(it["definition"] == did)]
            cols = [Col("period", _("year")), Col("support", _("which"), "word:support"), Col("component", _("component"), "word:component"),
                    Col("item", _("item")), Col("value", _("as published"), fmt=lambda r: _amount(r.get("value"), r["currency"])),
                    Col("value_host", _("amount"), "money"), Col("value_dollars", _("dollars"), "usd"),
                    Col("status", _("status"), "word:status"), Col("source", _("source"))]
            print_table(it, cols, d["title"], currency=cur)
        lines = [f"  {d['by']}: {d['description']}"] if d["description"] else []
        if d.get("note"):
            lines.append(f"  {d['note']}")
        print_lines(lines, style="dim")
    print_lines([str(_("  ·: no source gives the figure (nothing is estimated); a total is shown only where every component "
                       "is known, otherwise the year is partial and the known part is shown."))], style="dim")
    basis = df[df["contribution_basis"].astype(str).str.startswith("agreement:")]
    if len(basis):
        print_lines([str(_("  {component} in years without a ledger source: from the agreements, as in `burdenshare history` "
                           "(d: derived from the agreement's rule, p: projected from assumptions).",
                           component=word("component", meta["contribution"])))], style="dim")
    ch = res["checks"].frame
    if len(ch):
        unit = lambda key: (lambda r: money_or_dot(r.get(key), r["currency"]))  # noqa: E731
        from ..analysis.ledger import against_words

        by = {did: d["by"] for did, d in meta["definitions"].items()}
        cols = [Col("period", _("year")), Col("definition", _("definition"), fmt=lambda r: by.get(r["definition"], r["definition"])),
                Col("total", _("total"), "word:support"), Col("status", _("status"), "word:status"),
                Col("against", _("against"), fmt=lambda r: against_words(r["against"])),
                Col("published", _("published"), "float", unit("published")), Col("sum", _("sum of parts"), "float", unit("sum")),
                Col("difference", _("difference"), "float", unit("difference")),
                Col("currency", _("unit"), fmt=lambda r: table_unit(r["currency"])[1]),
                Col("result", _("result"), "word:check"), Col("source", _("source"))]
        print_table(ch, cols, _("Published totals checked against the sum of their parts"))
    if meta.get("note"):
        print_lines([f"  {meta['note']}"], style="dim")


MARKS = {"agreement:derived": " d", "agreement:projected": " p", "agreement:counterfactual": " c"}


def _mark(r) -> str:
    return MARKS.get(str(r.get("contribution_basis")), "")


def _amount(v, currency) -> str:
    from ..i18n.money import in_table_unit, table_unit
    from ..ops.common import clean

    v = clean(v)
    if v is None:
        return ""
    return f"{in_table_unit(v, currency)} {table_unit(currency)[1]}"


def print_items(res) -> None:
    from ..i18n import _
    from ..present.tables import Col, print_table

    cur = res.meta["currency"]
    by = {did: d["by"] for did, d in res.meta["definitions"].items()}
    cols = [Col("period", _("year")), Col("definition", _("definition"), fmt=lambda r: by.get(r["definition"], r["definition"])),
            Col("support", _("which"), "word:support"),
            Col("component", _("component"), "word:component"), Col("item", _("item")),
            Col("value", _("as published"), fmt=lambda r: _amount(r.get("value"), r["currency"])),
            Col("value_host", _("amount"), "money"), Col("value_dollars", _("dollars"), "usd"),
            Col("status", _("status"), "word:status"), Col("source", _("source")), Col("note", _("note"))]
    print_table(res["items"].frame, cols, res.title, currency=cur)


def print_execution(res) -> None:
    """Flows per period and category (a column per measure), then the balances held at a date."""
    from ..i18n import _
    from ..i18n.money import table_unit
    from ..i18n.vocabulary import word
    from ..model.frames import row_dicts
    from ..model.ledger import MEASURES, STOCKS
    from ..present.tables import Col, money_col, print_lines, print_table

    df = res.frame
    cur = res.meta["currency"]
    flows = df[~df["measure"].isin(STOCKS)]
    measures = [m for m in MEASURES if m in set(flows["measure"]) and m not in STOCKS]
    rows = []
    for (period, category), g in flows.groupby(["period", "category"], sort=False):
        row = {"period": period, "category": category}
        marks = []
        for r in row_dicts(g):
            if r["status"] == "alternative":
                continue
            row[r["measure"]] = r["value"] if r["currency"] == cur else float("nan")
            if r["status"] == "computed":
                marks.append(word("execution", r["measure"]))
        row["sources"] = ", ".join(dict.fromkeys(s for s in g["source"] if isinstance(s, str)))
        row["computed"] = ", ".join(marks)
        rows.append(row)
    cols = [Col("period", _("year")), Col("category", _("category"), "word:category")] + [
        Col(m, word("execution", m), "float", money_col(m, cur)) for m in measures] + [Col("computed", _("computed here")), Col("sources", _("sources"))]
    print_table(rows, cols, f"{res.title} ({table_unit(cur)[1]})")
    stocks = df[df["measure"].isin(STOCKS)]
    # a balance given in dollars has no amount in the host currency (the dollars column shows it; no rate is assumed)
    stocks = stocks.assign(value=stocks["value"].where(stocks["currency"] == cur))
    if len(stocks):
        print_table(stocks, [Col("as_of", _("as of")), Col("measure", _("what"), "word:execution"), Col("value", _("amount"), "money"),
                             Col("value_dollars", _("dollars"), "usd"), Col("source", _("source")), Col("note", _("note"))],
                    _("Unspent money held and money owed, at a date"), currency=cur)
    alt = df[df["status"] == "alternative"]
    lines = [str(_("  {period} {measure}: another figure, {amount} ({source}): {note}", period=r["period"],
                   measure=word("execution", r["measure"]), amount=_amount(r["value"], r["currency"]), source=r["source"],
                   note=r["note"])) for r in row_dicts(alt)]
    lines.append(str(_("  ·: no source gives the figure (nothing is estimated). 'spent' is computed here as available minus unexecuted "
                       "where both are published.")))
    print_lines(lines, style="dim")
