"""``burdenshare ledger``: everything a host provides for the US forces, by component and definition
(partial totals marked), the checks of published totals, and (``--execution``) what became of the
contribution. The tables come from :mod:`burdenshare.present.ledger` (the web's Whole bill page
shows the same)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..present.chartsizes import ChartSize as PlotSize
from .command import command, request
from .common import Format, emit, options, t


def ledger(host: str | None = None, start: int | None = None, end: int | None = None, definition: list[str] | None = None,
           items: bool = False, execution: bool = False, fmt: Format = Format.table, plot: Path | None = None,
           plot_size: PlotSize = PlotSize.article) -> None:
    from ..ops import ledger as ops
    from ..present import formats, ledger as show
    from ..present.tables import print_view, print_view_table

    if execution:
        ex = ops.execution(request(ops.ExecutionRequest, host=host, start=start, end=end))
        if plot:
            from ..present.charts import plot_execution

            plot_execution(ex.frame, plot, title=ex.title, meta=ex.meta, size=plot_size.value)
        if fmt is Format.table:
            print_view(show.execution_tables(ex))
        else:
            emit(ex, fmt)
        return
    res = ops.ledger(request(ops.LedgerRequest, host=host, start=start, end=end, definitions=definition or None))
    if plot:
        from ..present import findings
        from ..present.charts import plot_ledger

        plot_ledger(res["ledger"].frame, plot, title=res.title, components=list(res.meta["components"]), subtitle=findings.ledger(res),
                    meta=res.meta, size=plot_size.value, items=res["items"].frame,
                    component_names=dict(res.meta["components"]))
    if fmt is Format.csv:
        sys.stdout.write(formats.to_csv(res["items" if items else "ledger"].frame))
    elif fmt is Format.json:
        sys.stdout.write(formats.to_json(res.to_dict()) + "\n")
    elif items:
        print_view_table(show.items_table(res))
    else:
        print_view(show.ledger_tables(res))
    if plot and fmt is Format.table:
        typer.echo(t("chart written to {path}", path=str(plot)), err=True)


def register(app: typer.Typer) -> None:
    o = options()
    command(app, ledger,
            help=t("The support ledger: the contribution and everything else a host provides (land, tax exemptions, "
                   "KATUSA, utilities, relocation ...) by year and definition; totals only where every component is "
                   "known, otherwise partial with what is missing; published totals checked against their parts."),
            host=o.host,
            start=Annotated[int | None, typer.Option("--from", help=t("First year to show."))],
            end=Annotated[int | None, typer.Option("--to", help=t("Last year to show."))],
            definition=Annotated[list[str] | None, typer.Option("--definition", help=t("Only this definition (repeatable): e.g. mnd, dod, gao."))],
            items=Annotated[bool, typer.Option("--items", help=t("Every item as its source lists it."))],
            execution=Annotated[bool, typer.Option("--execution", help=t("The contribution's execution: agreed, allocated, budgeted, spent, carried over, lapsed, and the unspent balance."))],
            fmt=o.format, plot=o.plot, plot_size=o.plot_size)
