"""``burdenshare update`` (newer values from the publishers, or a downloaded file) and
``burdenshare data`` (what is bundled and overlaid; ``data diff V1 V2``)."""


import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import Format, FormatOpt, HostOpt, emit, t

if TYPE_CHECKING:
    from ..ops.dataupdate import Plan
    from ..ops.result import Table

KEYS = "BURDENSHARE_KOSIS_KEY, BURDENSHARE_ECOS_KEY, BURDENSHARE_FRED_KEY, BURDENSHARE_ESTAT_APPID"


def _data_dir(path: Path | None) -> None:
    """--data-dir chooses the overlay folder for this command (and everything it computes)."""
    if path is not None:
        from ..model.overlay import OVERLAY_ENV

        os.environ[OVERLAY_ENV] = str(path.expanduser())


DataDir = Annotated[Path | None, typer.Option("--data-dir", metavar="DIR", help=t(
    "The overlay data folder (default: BURDENSHARE_DATA_DIR, else the user data directory)."))]


def update(
    series: Annotated[list[str] | None, typer.Argument(metavar="[SERIES]...", help=t(
        "Series names or roles (e.g. cpi); default: every series of the host with a provider route."))] = None,
    host: HostOpt = None,
    file: Annotated[Path | None, typer.Option("--file", metavar="PATH", help=t(
        "Read the values from a file: a CSV with columns period,value (period YYYY or YYYY-MM), FRED's CSV download, "
        "or a provider's JSON answer (KOSIS, ECOS, FRED, e-Stat, DBnomics)."))] = None,
    provider: Annotated[str | None, typer.Option("--provider", metavar="NAME", help=t(
        "Fetch from this provider (kosis, ecos, fred, estat, dbnomics); default: the first with a key set."))] = None,
    data_dir: DataDir = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("Show what would change; write nothing."))] = False,
) -> None:
    _data_dir(data_dir)
    from ..i18n import _
    from ..ops import dataupdate as du
    from ..present.tables import print_lines

    names = du.resolve_series(list(series or []), host)
    if not series and file is None:  # every series of the host: those that can be fetched now
        names, skipped = du.fetchable(names, provider)
        print_lines(skipped)
    if not names:
        raise typer.BadParameter(t("no series to update"))
    fetched = du.fetch(names, provider=provider, file=file)
    p = du.plan(fetched)
    print_lines(change_lines(p))
    if p.empty:
        print_lines([str(_("Nothing changes: the data is up to date."))])
        return
    if dry_run:
        print_lines(["", str(_("Dry run: nothing was written."))])
        return
    before, after = du.apply(p)
    print_lines(["", str(_("Written to {folder}. Data version {before} → {after}.", folder=str(p.root / "series"),
                             before=before, after=after))])


def data(ctx: typer.Context, data_dir: DataDir = None, fmt: FormatOpt = Format.table) -> None:
    _data_dir(data_dir)
    if ctx.invoked_subcommand is not None:
        return
    from ..i18n import _
    from ..ops import dataupdate as du
    from ..present.tables import print_lines

    table = du.status()
    if fmt is not Format.table:
        emit(table, fmt)
        return
    from ..model.catalog import catalog
    from ..present.tables import Col, print_table

    print_lines([str(_("Overlay folder: {folder}", folder=table.meta["overlay_folder"])),
                 str(_("Data versions with a snapshot: {versions}", versions=", ".join(table.meta["versions"]) or "-")), ""])
    from ..i18n import localized

    meta = catalog().book.meta  # every series of the data package, whichever host reads it
    rows = [{**r, "series": localized(meta[r["series"]].title) if r["series"] in meta else r["series"]}
            for r in table.frame_rows()]
    print_table(rows, [Col("series", _("series")), Col("bundled_newest", _("newest bundled")),
                       Col("overlay_values", _("values overlaid")), Col("overlay_newest", _("newest overlaid")),
                       Col("newest", _("newest")), Col("publisher", _("publisher")), Col("retrieved", _("retrieved")),
                       Col("released", _("released")), Col("source", _("source"))], table.title)


def diff(v1: Annotated[str, typer.Argument(metavar="V1")], v2: Annotated[str, typer.Argument(metavar="V2")] = "current",
         fmt: FormatOpt = Format.table, data_dir: DataDir = None) -> None:
    _data_dir(data_dir)
    from ..i18n import _
    from ..ops import dataupdate as du
    from ..present.tables import print_lines

    table = du.diff(v1, v2)
    if fmt is Format.table and table.frame.empty:
        print_lines([table.title, str(_("No value differs."))])
        return
    emit(table, fmt)


def register(app: typer.Typer) -> None:
    app.command(help=t("Bring series up to date from their publishers (KOSIS, ECOS, FRED, e-Stat; DBnomics without a key), "
                        "or from a file you downloaded (--file). Shows the values that change and the payments that move, "
                        "then writes them to the overlay data folder (the bundled files are never edited). API keys: {keys}.",
                        keys=KEYS))(update)
    data_app = typer.Typer(help=t("What the data holds: bundled and overlaid series, where each comes from, and the newest "
                                  "observation of each; `data diff V1 V2` lists the values that differ between two data versions."),
                           invoke_without_command=True, no_args_is_help=False)
    data_app.callback()(data)
    data_app.command("diff", help=t("The values that differ between two data versions (a version listed by `burdenshare data`, "
                                     "its hash alone, `bundled` or `current`)."))(diff)
    app.add_typer(data_app, name="data")
    app.command(help=t("The nowcast of the partly published year's consumer price change (the months published plus a "
                        "seasonal model of the rest, its parameters shown) and of the payments that read it, through the "
                        "same rule: the interval and the probability that the cap binds. --backtest replays it for every "
                        "year and month the monthly data allow."))(nowcast)


def nowcast(
    agreement: Annotated[str | None, typer.Argument(metavar="[AGREEMENT]", help=t(
        "The agreement whose payments to nowcast (default: the host's latest)."))] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM", help=t(
        "Use only the months up to this one, as the nowcast read when it was the latest published."))] = None,
    backtest: Annotated[bool, typer.Option("--backtest", help=t(
        "Replay the nowcast for every year with a published rate and every month of publication: hit rate of the "
        "one-decimal rate, mean absolute error and the coverage of the 80% and 95% intervals, by months known."))] = False,
    host: HostOpt = None,
    data_dir: DataDir = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """The nowcast of the partly published year's consumer price change and of the payments that read it."""
    _data_dir(data_dir)
    from ..ops import nowcast as ncast
    from ..present.tables import print_lines

    if backtest:
        table = ncast.backtest(host=host)
        if fmt is not Format.table:
            emit(table, fmt)
            return
        print_lines(backtest_lines(table))
        return
    try:
        answer = ncast.nowcast(agreement, host=host, as_of=as_of)
    except ncast.TooShort as exc:  # the error, and where the months come from on the command line
        import sys

        from ..i18n import _
        from .flags import message

        hint = t("`burdenshare update SERIES`, or `burdenshare update SERIES --file PATH` with a CSV of period,value")
        sys.stderr.write(str(_("error: {message}", message=f"{message(exc)} ({hint})")) + "\n")
        raise typer.Exit(2) from None
    if fmt is not Format.table:
        emit(answer.table, fmt)
        return
    print_lines(nowcast_lines(answer.table))


def nowcast_lines(table: "Table") -> list[str]:
    """The nowcast as lines: the rate with its intervals and the model, then each payment."""
    from ..i18n import _, localized
    from ..i18n.dates import month_text
    from ..i18n.money import format as money
    from ..model.catalog import catalog

    m = table.meta
    cur = m["currency"]
    rows = table.frame_rows()
    r0 = rows[0]
    agreements = catalog(m.get("host")).agreements

    def title(a: str) -> str:  # an agreement as people name it, never by its id
        return localized(agreements[a].title) if a in agreements else a
    out = [table.title, str(_("  rate {rate}% (expected {expected}%); 80%: {lo80}-{hi80}%, 95%: {lo95}-{hi95}%",
                              rate=f"{r0['rate_pct']:.1f}", expected=f"{r0['rate_expected_pct']:.2f}",
                              lo80=f"{r0['rate_80_low']:.1f}", hi80=f"{r0['rate_80_high']:.1f}",
                              lo95=f"{r0['rate_95_low']:.1f}", hi95=f"{r0['rate_95_high']:.1f}")),
           str(_("  base: {year} annual index {base} ({how}); months to {latest}", year=m["cpi_year"] - 1, base=m["base_index"],
                 how=_("published") if m["base_from"] == "published" else _("mean of its months"), latest=month_text(m["latest_month"])))]
    model = m.get("model")
    if model:
        out.append(str(_("  model: {formula}; phi {phi}, sigma {sigma} points a month, {n} pairs of months {first} to {last}",
                         formula=f"{model['model']} ({model['terms']})", phi=model["phi"], sigma=model["sigma_pct"], n=model["pairs"],
                         first=month_text(model["fitted_from"]), last=month_text(model["fitted_to"]))))
    for r in rows:
        if r.get("year") is None or r.get("amount") is None:
            continue
        out.append("")
        out.append(str(_("{agreement} {year} (nowcast): {amount}; 80%: {lo80} to {hi80}; 95%: {lo95} to {hi95}",
                         agreement=title(r["agreement"]), year=r["year"], amount=money(r["amount"], cur),
                         lo80=money(r["amount_80_low"], cur), hi80=money(r["amount_80_high"], cur),
                         lo95=money(r["amount_95_low"], cur), hi95=money(r["amount_95_high"], cur))))
        if r.get("cap_pct") is not None:
            out.append(str(_("  probability that the {cap}% cap binds: {p}", cap=r["cap_pct"], p=f"{r['p_cap_binds']:.2%}")))
        if r.get("projection") is not None:
            out.append(str(_("  the projection without the months: {amount}", amount=money(r["projection"], cur))))
    return out


def backtest_lines(table: "Table") -> list[str]:
    """The backtest as lines: the totals, then one line per number of months known."""
    from ..i18n import _
    from ..i18n.dates import month_text

    m = table.meta
    out = [table.title, str(_("  monthly data {first} to {last}; hit rate {hit:.0%}, mean absolute error {mae} points, "
                              "coverage 80%: {c80:.0%}, 95%: {c95:.0%}", first=month_text(m["data_from"]), last=month_text(m["data_to"]),
                              hit=m["hit_rate"], mae=m["mae"], c80=m["coverage_80"], c95=m["coverage_95"])), ""]
    for r in table.frame_rows():
        out.append(str(_("  {k:>2} months known: {n} nowcasts, hit {hit:.0%}, error {mae:.2f}, 80%: {c80:.0%}, 95%: {c95:.0%}",
                         k=r["known"], n=r["points"], hit=r["hit_rate"], mae=r["mae"], c80=r["coverage_80"],
                         c95=r["coverage_95"])))
    return out


def change_lines(p: "Plan") -> list[str]:
    """The plan as lines: each value old -> new, then each payment that moves."""
    from ..i18n import _
    from ..i18n.money import format as money
    from ..present.labels import status as word

    out: list[str] = []
    if p.changes:
        out.append(str(_("Values ({n}):", n=len(p.changes))))
        for c in p.changes:
            if c.old is None:
                out.append(str(_("  {series} {period}: new {new}", series=c.series, period=c.period, new=c.new)))
            else:
                out.append(str(_("  {series} {period}: {old} ({status}) → {new}", series=c.series, period=c.period, old=c.old,
                                 status=word(c.old_status), new=c.new)))
        sources = sorted({c.source for c in p.changes})
        out.append(str(_("  source: {sources}", sources="; ".join(sources))))
    if p.moved:
        out.append("")
        out.append(str(_("Payments that move ({n}):", n=len(p.moved))))
        for m in p.moved:
            before = money(m.before, m.currency) if m.before is not None else "—"
            after = money(m.after, m.currency) if m.after is not None else "—"
            status = word(m.status_after) if m.status_before == m.status_after else f"{word(m.status_before)} → {word(m.status_after)}"
            out.append(str(_("  {agreement} {year} ({status}): {before} → {after}", agreement=m.agreement, year=m.year,
                             status=status, before=before, after=after)))
    elif p.changes:
        out.append("")
        out.append(str(_("No payment moves.")))
    return out


__all__ = ["register"]
