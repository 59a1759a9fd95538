"""The hosts compared, as the terminal shows them (the web's Hosts page draws the same answer in its
script): per measure a table of periods by host, in one unit stated in the title, the measure's
definition under it, and for a host projected under a scenario its title and the publisher of its
source (never the scenario's or the source's id)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..i18n.money import currencies, table_unit
from ..ops.result import Table
from .view import DOT, Cell, Column, Row, TableView, View, registry, sources

if TYPE_CHECKING:
    import pandas as pd

# The frame columns read here, in one place (a rename of the frames' columns is an edit of this table alone).
COLS: dict[str, str] = {"period": "period", "host": "host_name", "measure": "measure", "value": "value", "unit": "unit",
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
    from ..model.catalog import host_ids

    reg: dict[str, Any] = {}
    for host in host_ids():  # the hosts with a catalog (a host copied from a table has none)
        reg.update(registry(host))
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
        cols = (Column("period", "", key_column=True), *(Column(str(h), str(h)) for h in wide.columns))
        rows = tuple(Row((Cell(str(period), str(period)),
                          *(Cell(DOT if v != v else f"{v / scale:,.{decimals}f}", None if v != v else float(v)) for v in row)))
                     for period, row in wide.iterrows())
        tables.append(TableView(f"hosts-{i}", name, cols, rows, caption=unit, subtitle=str(grp[COLS["definition"]].iloc[0])))
    return View(host="", title=str(res.title), finding="", unit="", tables=tuple(tables), lines=tuple(lines),
                sources=sources(reg, df[COLS["source"]]))


__all__ = ["COLS", "hosts_tables", "unit_of"]
