"""``burdenshare update`` (newer values from the publishers, or a downloaded file) and
``burdenshare data`` (what is bundled and overlaid; ``data diff V1 V2``)."""


import os
from pathlib import Path
from typing import Annotated

import typer

from .common import Format, emit, options, t

KEYS = "BURDENSHARE_KOSIS_KEY, BURDENSHARE_ECOS_KEY, BURDENSHARE_FRED_KEY, BURDENSHARE_ESTAT_APPID"


def _data_dir(path: Path | None) -> None:
    """--data-dir chooses the overlay folder for this command (and everything it computes)."""
    if path is not None:
        from ..model.overlay import OVERLAY_ENV

        os.environ[OVERLAY_ENV] = str(path.expanduser())


def _data_dir_option():
    return Annotated[Path | None, typer.Option("--data-dir", metavar="DIR", help=t(
        "The overlay data folder (default: BURDENSHARE_DATA_DIR, else the user data directory)."))]


def register(app: typer.Typer) -> None:
    o = options()
    DataDir = _data_dir_option()

    @app.command(help=t("Bring series up to date from their publishers (KOSIS, ECOS, FRED, e-Stat; DBnomics without a key), "
                        "or from a file you downloaded (--file). Shows the values that change and the payments that move, "
                        "then writes them to the overlay data folder (the bundled files are never edited). API keys: {keys}.",
                        keys=KEYS))
    def update(
        series: Annotated[list[str] | None, typer.Argument(metavar="[SERIES]...", help=t(
            "Series names or roles (e.g. cpi); default: every series of the host with a provider route."))] = None,
        host: o.host = None,
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

    data_app = typer.Typer(help=t("What the data holds: bundled and overlaid series, where each comes from, and the newest "
                                  "observation of each; `data diff V1 V2` lists the values that differ between two data versions."),
                           invoke_without_command=True, no_args_is_help=False)

    @data_app.callback()
    def data(ctx: typer.Context, data_dir: DataDir = None, fmt: o.format = Format.table) -> None:
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

    @data_app.command("diff", help=t("The values that differ between two data versions (a version listed by `burdenshare data`, "
                                     "its hash alone, `bundled` or `current`)."))
    def diff(v1: Annotated[str, typer.Argument(metavar="V1")], v2: Annotated[str, typer.Argument(metavar="V2")] = "current",
             fmt: o.format = Format.table, data_dir: DataDir = None) -> None:
        _data_dir(data_dir)
        from ..i18n import _
        from ..ops import dataupdate as du
        from ..present.tables import print_lines

        table = du.diff(v1, v2)
        if fmt is Format.table and table.frame.empty:
            print_lines([table.title, str(_("No value differs."))])
            return
        emit(table, fmt)

    app.add_typer(data_app, name="data")


def change_lines(p) -> list[str]:
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
