"""The hosts compared, as the terminal shows them: per measure a table of periods by host, in one unit
stated in the title, the measure's definition under it, and for a host projected under a scenario its
title and the publisher of its source (never the scenario's or the source's id); and as the Hosts page
shows them (:func:`hosts_page_view`): the finding, the published studies' figures in one table (a
row a figure, with its definition and its source by publisher and date), and the yearly figures the
charts draw as the terminal's tables, all rendered by the server."""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..i18n.money import currencies, format as write_money, table_unit
from ..ops.result import Table
from .view import DOT, Cell, Column, Row, TableView, View, registry, source, sources

if TYPE_CHECKING:
    import pandas as pd

# The frame columns read here, in one place (a rename of the frames' columns is an edit of this table alone).
COLS: dict[str, str] = {"period": "period", "host": "host_name", "host_id": "host", "measure": "measure", "value": "value", "unit": "unit",
                        "measure_text": "measure_text", "unit_text": "unit_text", "definition": "definition", "source": "source"}


def unit_of(grp: pd.DataFrame) -> tuple[float, int, str]:
    """The one unit of a measure's table of hosts: amounts of money in the table's unit (USD million,
    백만 달러) when they run to millions, else in whole units; shares and ratios as they are."""
    code, _sep, year = str(grp[COLS["unit"]].iloc[0]).partition(" ")
    values = grp[COLS["value"]].dropna().abs()
    big = float(values.max()) if len(values) else 0.0
    if code in currencies():
        label: str
        if big >= 10**7:
            scale, label, decimals = table_unit(code)
        else:
            scale, label, decimals = 1, str(grp[COLS["unit_text"]].iloc[0]).partition(" ")[0] if not year else code, 0
        if year:
            label = str(_("constant {unit} of {year}", unit=label, year=year))
        return scale, decimals, label
    return 1, (3 if big < 10 else 1 if big < 100 else 0), str(grp[COLS["unit_text"]].iloc[0])


def hosts_tables(res: Table) -> View:
    df = res.frame
    reg = _registry()
    names = dict(zip(df["host"], df[COLS["host"]], strict=True)) if "host" in df else {}
    lines = []
    for host, s in (res.meta.get("scenarios") or {}).items():
        src = s.get("source")
        found = reg.get(src) if isinstance(src, str) else None
        name = (found.publisher_name() if found is not None else src) or "-"
        lines.append(str(_("{host}: projected under the scenario '{title}' (source: {source})", host=names.get(host, host), title=s["title"],
                       source=name)))
    tables = []
    for i, (_measure, grp) in enumerate(df.groupby(COLS["measure"], sort=False)):
        wide = grp.pivot_table(index=COLS["period"], columns=COLS["host"], values=COLS["value"], aggfunc="first", dropna=False)
        scale, decimals, unit = unit_of(grp)
        name = str(grp[COLS["measure_text"]].iloc[0])
        if unit and name.endswith(")") and " (" in name:  # the unit in the heading once: 분담금 (백만 달러), not 분담금 (달러) (달러)
            name = name[:name.rindex(" (")]
        cols = (Column("period", str(_("period")), key_column=True), *(Column(str(h), str(h)) for h in wide.columns))
        rows = tuple(Row((Cell(str(period), str(period)),
                          *(Cell(DOT if v != v else f"{v / scale:,.{decimals}f}", None if v != v else float(v)) for v in row)))
                     for period, row in wide.iterrows())
        tables.append(TableView(f"hosts-{i}", name, cols, rows, caption=unit, subtitle=str(grp[COLS["definition"]].iloc[0])))
    return View(host="", title=str(res.title), finding="", unit="", tables=tuple(tables), lines=tuple(lines),
                sources=sources(reg, df[COLS["source"]]))


YEAR = r"\d{4}"  # a year's row (the charts draw them); a longer period is a published study's figure


def _registry() -> dict[str, Any]:
    from ..model.catalog import host_ids

    reg: dict[str, Any] = {}
    for host in host_ids():  # the hosts with a catalog (a host copied from a table has none)
        reg.update(registry(host))
    return reg


def figure(value: object, unit: str) -> Cell:
    """A published figure in its unit: money in words (i18n/money.py: $20.9 billion, 209억 달러), a
    share or a ratio as a number; a dot where no source gives it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:
        return Cell(DOT)
    v = float(value)
    code = unit.partition(" ")[0]
    if code in currencies():
        return Cell(write_money(v, code), v)
    return Cell(f"{v:,.{3 if abs(v) < 10 else 1}f}", v)


def published_table(res: Table, reg: dict[str, Any]) -> TableView:
    """The figures of published studies (a period of several years, a row a host and measure), each
    with its definition and its source."""
    df = res.frame
    rows = df[~df[COLS["period"]].astype(str).str.fullmatch(YEAR)]
    cols = (Column("period", str(_("period"))), Column("host", str(_("host")), align="text", key_column=True),
            Column("measure", str(_("measure")), align="text", key_column=True), Column("value", str(_("value")), key_column=True),
            Column("unit", str(_("unit")), align="text"), Column("definition", str(_("definition")), align="text"),
            Column("source", str(_("source")), align="text"))
    out = []
    for r in rows.to_dict("records"):
        unit = str(r[COLS["unit"]])
        money = unit.partition(" ")[0] in currencies()
        out.append(Row((Cell(str(r[COLS["period"]]), str(r[COLS["period"]])), Cell(str(r[COLS["host"]]), r[COLS["host_id"]]),
                        Cell(str(r[COLS["measure_text"]]), r[COLS["measure"]]), figure(r[COLS["value"]], unit),
                        Cell("" if money else str(r[COLS["unit_text"]]), unit), Cell(str(r[COLS["definition"]] or "")),
                        source(reg, r[COLS["source"]]))))
    return TableView("table", str(_("Shares of the cost of the US presence, as published")), cols, tuple(out),
                     empty=str(_("No published study gives these hosts' shares.")))


def hosts_page_view(res: Table) -> View:
    """The Hosts page: the finding, the published studies' figures, and the yearly figures the charts
    draw (the terminal's tables of periods by host, a table a measure), with the sources cited."""
    from . import findings

    reg = _registry()
    yearly = Table(res.frame[res.frame[COLS["period"]].astype(str).str.fullmatch(YEAR)], title=res.title, meta=res.meta)
    years = hosts_tables(yearly)
    return View(host="", title=str(res.title), finding=findings.hosts(res), unit="", tables=(published_table(res, reg), *years.tables),
                lines=years.lines, sources=sources(reg, res.frame[COLS["source"]]))


__all__ = ["COLS", "figure", "hosts_page_view", "hosts_tables", "published_table", "unit_of"]
