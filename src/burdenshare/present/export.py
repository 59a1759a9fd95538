"""Downloads with their provenance: Excel workbooks and CSV files that say where every figure
comes from.

A workbook has the table (money as integers with a ``#,##0`` format, derived figures rounded, the
header frozen), the same table in the language's money unit (억원, KRW billion), a sheet of every
source the figures cite (title, publisher, address, date, quality), and a sheet "about" with the
data version, the assumptions and the overrides applied, the licence, and how to cite it. A CSV is
UTF-8 (with a byte-order mark for Excel when asked), integers for money, rounded floats, and its
provenance as a plain-text file beside it.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any, Iterable

from ..i18n import _, current
from ..i18n.money import table_unit
from ..ops.common import clean, data_version
from .formats import tidy, to_csv

if TYPE_CHECKING:
    import pandas as pd

LICENCE_CODE = "MIT"
LICENCE_DATA = "CC BY 4.0"
MONEY_PREFIXES = ("amount_", "total_", "diff_", "published_", "min_", "max_", "mean_", "q0", "nominal_")


def money_columns(df: "pd.DataFrame", currency: str | None) -> list[str]:
    """Columns that hold amounts in the host currency (integers in the data)."""
    if not currency:
        return []
    cur = currency.lower()
    out = []
    for c in df.columns:
        name = str(c)
        if name.endswith(f"_{cur}") or (name.startswith(MONEY_PREFIXES) and name.endswith(cur)) or name in ("first_year_amount",):
            if df[c].dtype.kind in "iuf" or str(df[c].dtype) in ("Int64", "Float64"):
                out.append(c)
    return out


def cite(title: str, url: str | None = None, when: dt.date | None = None) -> str:
    when = when or dt.date.today()
    return str(_("burdenshare, \"{title}\", data version {version}{url}, retrieved {date}. Data: {licence}.",
                 title=title, version=data_version(), url=f", {url}" if url else "", date=when.isoformat(), licence=LICENCE_DATA))


def provenance(meta: dict, sources: dict[str, Any], title: str, url: str | None = None) -> list[tuple[str, str]]:
    """(label, value) lines: what made these figures, and how to cite them."""
    overrides = meta.get("overrides") or {}
    lines = [(str(_("title")), title),
             (str(_("data version")), str(meta.get("data_version") or data_version())),
             (str(_("generated")), str(meta.get("generated") or dt.date.today().isoformat())),
             (str(_("host")), str(meta.get("host") or "")),
             (str(_("currency")), str(meta.get("currency") or "")),
             (str(_("default assumptions")), str(meta.get("assumptions") or "")),
             (str(_("your values (overrides)")), "; ".join(f"{s} {y} = {v}" for s, ys in overrides.items() for y, v in ys.items())
              or str(_("none")))]
    if meta.get("real_base_year"):
        lines.append((str(_("real terms: prices of")), str(meta["real_base_year"])))
    lines += [(str(_("licence of the figures")), str(_("{data} (cite burdenshare and the sources listed)", data=LICENCE_DATA))),
              (str(_("licence of the code")), LICENCE_CODE),
              (str(_("cite as")), cite(title, url))]
    return lines


def source_rows(ids: Iterable[str], registry: dict[str, Any]) -> list[dict]:
    rows = []
    for sid in ids:
        s = registry.get(sid)
        if s is None:
            rows.append({"id": sid, "title": sid, "publisher": "", "url": sid if str(sid).startswith("http") else "", "date": "",
                         "quality": ""})
        else:
            rows.append({"id": s.id, "title": s.title, "publisher": s.publisher, "url": s.url, "date": s.date,
                         "quality": getattr(s, "quality", "") or ""})
    return rows


def workbook(tables: list[tuple[str, "pd.DataFrame"]], meta: dict, registry: dict[str, Any], title: str,
             url: str | None = None) -> bytes:
    """An .xlsx file: each table (and each money table again in the language's unit), the sources
    and the provenance."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    currency = meta.get("currency")
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)

    def sheet(name: str, df: "pd.DataFrame", formats: dict[str, str]) -> None:
        ws = wb.create_sheet(_unique(_safe(name), wb.sheetnames))
        cols = [str(c) for c in df.columns]
        ws.append(cols)
        for cell in ws[1]:
            cell.font = bold
        for row in df.itertuples(index=False):
            ws.append([clean(v) for v in row])
        for j, c in enumerate(cols, start=1):
            letter = get_column_letter(j)
            fmt = formats.get(c)
            if fmt:
                for cell in ws[letter][1:]:
                    cell.number_format = fmt
            ws.column_dimensions[letter].width = max(10, min(48, len(c) + 2))
        ws.freeze_panes = "A2"

    for name, df in tables:
        df = tidy(df)
        money = money_columns(df, currency)
        fmts = {c: "#,##0" for c in money}
        for c in df.columns:
            if c not in money and df[c].dtype.kind == "f":
                fmts[str(c)] = "#,##0.00" if not str(c).endswith("_pct") else "0.0"
        sheet(name, df, fmts)
        if money:
            scale, label, decimals = table_unit(currency)
            scaled = df.copy()
            for c in money:
                scaled[c] = scaled[c].astype("Float64") / scale
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            sheet(f"{_safe(name)[:18]} ({label})", scaled, {c: pattern for c in money})
    ids = list(meta.get("sources") or [])
    src = source_rows(ids, registry)
    ws = wb.create_sheet(_safe(str(_("sources"))))
    ws.append([str(_("id")), str(_("title")), str(_("publisher")), str(_("address")), str(_("date")), str(_("quality"))])
    for cell in ws[1]:
        cell.font = bold
    for r in src:
        ws.append([r["id"], r["title"], r["publisher"], r["url"], r["date"], r["quality"]])
    for letter, width in zip("ABCDEF", (26, 60, 30, 60, 12, 14)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    about = wb.create_sheet(_safe(str(_("about"))))
    for label, value in provenance(meta, registry, title, url):
        about.append([label, value])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 110
    for cell in about["A"]:
        cell.font = bold
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def provenance_text(meta: dict, registry: dict[str, Any], title: str, url: str | None = None) -> str:
    """The provenance of a CSV, as the text file that goes beside it."""
    lines = [f"{label}: {value}" for label, value in provenance(meta, registry, title, url)]
    lines.append("")
    lines.append(str(_("sources:")))
    for r in source_rows(meta.get("sources") or [], registry):
        lines.append(" · ".join(x for x in (r["id"], r["title"], r["publisher"], r["date"], r["url"]) if x))
    return "\n".join(lines) + "\n"


def _unique(name: str, taken: list[str]) -> str:
    """A sheet name not yet taken, still at most 31 characters."""
    out, n = name, 2
    while out in taken:
        suffix = f" {n}"
        out = name[:31 - len(suffix)] + suffix
        n += 1
    return out


def _safe(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]


__all__ = ["workbook", "provenance_text", "to_csv", "cite", "money_columns", "current"]
