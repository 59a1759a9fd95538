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
    _emit(df, fmt, {c: c for c in ("year", "category", "amount", "share_pct", "source")}, "Category splits (published)")


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
