"""Downloads with their provenance: Excel workbooks and CSV files that say where every figure
comes from.

A workbook has the table (money as integers with a ``#,##0`` format, derived figures rounded, the
header frozen, each column headed by its name in the reader's language), the same table in the
language's money unit (억원, KRW billion), a data dictionary (each column's key, its name in English
and Korean, unit, type and definition), a sheet of every source the figures cite (title,
publisher, address, date, quality), and a sheet "about" with the data version, the assumptions and
the overrides applied (and a simulation's model, paths and seed), the licence, and how to cite it.
A CSV is UTF-8 (with a byte-order mark for Excel when asked), integers for money, rounded floats,
its keys as they are (machine formats keep stable keys), with a Frictionless table schema beside
it (``name.schema.json``: the same dictionary) and its provenance as a plain-text file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypedDict

from ..i18n import _, current
from ..i18n.money import table_unit
from ..i18n.vocabulary import word
from ..model.frames import clean
from ..ops.common import data_version
from . import labels
from .formats import formula_like, tidy, to_csv

if TYPE_CHECKING:
    import pandas as pd

LICENCE_CODE = "MIT"
LICENCE_DATA = "CC BY 4.0"


class SourceRow(TypedDict):
    """A cited source as a download lists it."""

    id: str
    title: str
    publisher: str
    url: str
    date: str
    quality: str


def money_columns(df: pd.DataFrame, currency: str | None) -> list[str]:
    """Columns that hold amounts in the host currency (integers in the data): those whose unit in
    the column vocabulary is the host's currency (the currency itself is in the table's metadata)."""
    if not currency:
        return []
    out = []
    for c in df.columns:
        name = str(c)
        money = labels.unit_kind(name, currency) == "cur" or name in ("first_year_amount",)
        if money and (df[c].dtype.kind in "iuf" or str(df[c].dtype) in ("Int64", "Float64")):
            out.append(c)
    return out


def simulated(meta: Mapping[str, Any]) -> str:
    """How a simulation was run, in words ("Monte Carlo, 20,000 paths, seed 1, model var fitted on
    1991-2024"); "" for figures that are not simulated."""
    if not meta.get("paths"):
        return ""
    model = meta.get("model") or {}
    return str(_("Monte Carlo, {paths:,} paths, seed {seed}, model {model} fitted on {sample}", paths=int(meta["paths"]),
                 seed=meta.get("seed"), model=word("model", model.get("kind", "")), sample=model.get("sample", "")))


def cite(title: str, url: str | None = None, when: dt.date | None = None, meta: Mapping[str, Any] | None = None) -> str:
    """How to cite a download (a simulation's cite line also records its model, paths and seed)."""
    when = when or dt.date.today()
    how = simulated(meta or {})
    version = (meta or {}).get("data_version") or data_version()
    return str(_("burdenshare, \"{title}\", data version {version}{url}, retrieved {date}. Data: {licence}.",
                 title=f"{title} ({how})" if how else title, version=version, url=f", {url}" if url else "",
                 date=when.isoformat(), licence=LICENCE_DATA))


def made_with(meta: Mapping[str, Any], url: str | None = None) -> dict[str, Any]:
    """What made a table, for machines (the schema beside a CSV): data version, host, assumptions,
    overrides, and a simulation's model, paths and seed."""
    out = {k: meta[k] for k in ("data_version", "generated", "host", "currency", "assumptions", "overrides", "real_base_year")
           if meta.get(k) not in (None, "")}
    out.setdefault("data_version", data_version())
    if meta.get("paths"):
        model = meta.get("model") or {}
        out["simulation"] = {"method": "Monte Carlo", "paths": meta["paths"], "paths_asked": meta.get("paths_asked"),
                             "seed": meta.get("seed"), "target": meta.get("target"), "term": meta.get("term"),
                             "model": {k: model.get(k) for k in ("kind", "variables", "sample", "observations") if k in model},
                             "discount_rate_pct": meta.get("discount_rate_pct")}
    if url:
        out["cite"] = cite(str(meta.get("title") or ""), url, meta=meta) if meta.get("title") else url
    return out


def provenance(meta: Mapping[str, Any], sources: Mapping[str, Any], title: str, url: str | None = None) -> list[tuple[str, str]]:
    """(label, value) lines: what made these figures, and how to cite them."""
    overrides = meta.get("overrides") or {}
    lines = [(str(_("title")), title),
             (str(_("data version")), str(meta.get("data_version") or data_version())),
             (str(_("generated")), str(meta.get("generated") or dt.date.today().isoformat())),
             (str(_("host")), str(meta.get("host") or "")),
             (str(_("currency")), str(meta.get("currency") or "")),
             (str(_("default assumptions")), str(meta.get("assumptions") or "")),
             (str(_("your values (overrides)")), "; ".join(f"{_input(meta, s, y)} = {v}" for s, ys in overrides.items() for y, v in ys.items())
              or str(_("none")))]
    if meta.get("real_base_year"):
        lines.append((str(_("real terms: prices of")), str(meta["real_base_year"])))
    if meta.get("paths"):
        model = meta.get("model") or {}
        lines += [(str(_("method")), simulated(meta)),
                  (str(_("paths")), f"{int(meta['paths']):,}"),
                  (str(_("seed")), str(meta.get("seed"))),
                  (str(_("model")), str(model.get("kind", ""))),
                  (str(_("model fitted on")), str(model.get("sample", "")))]
    lines += [(str(_("licence of the figures")), str(_("{data} (cite burdenshare and the sources listed)", data=LICENCE_DATA))),
              (str(_("licence of the code")), LICENCE_CODE),
              (str(_("cite as")), cite(title, url, meta=meta))]
    return lines


def _input(meta: Mapping[str, Any], series: str, year: Any) -> str:
    """A value the reader entered, as inputs are labelled (소비자물가상승률 2026 (%))."""
    if not meta.get("host"):
        return f"{series} {year}"
    from ..model.catalog import catalog

    try:
        return labels.assumption(catalog(meta["host"]), series, year)
    except Exception:  # a host that does not load here: the series as given
        return f"{series} {year}"


def source_rows(ids: Iterable[str], registry: Mapping[str, Any]) -> list[SourceRow]:
    rows: list[SourceRow] = []
    for sid in ids:
        s = registry.get(sid)
        if s is None:
            rows.append({"id": sid, "title": sid, "publisher": "", "url": sid if str(sid).startswith("http") else "", "date": "",
                         "quality": ""})
        else:
            rows.append({"id": s.id, "title": s.title, "publisher": labels.publisher(s), "url": s.url, "date": s.date,
                         "quality": getattr(s, "quality", "") or ""})
    return rows


def workbook(tables: list[tuple[str, pd.DataFrame]], meta: Mapping[str, Any], registry: Mapping[str, Any], title: str,
             url: str | None = None) -> bytes:
    """An .xlsx file: each table (and each money table again in the language's unit), the sources
    and the provenance."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # no stubs for openpyxl in the environment
    from openpyxl.styles import Font  # type: ignore[import-untyped]  # no stubs for openpyxl in the environment

    currency: str | None = meta.get("currency")
    dollar: str | None = meta.get("dollar")
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for name, raw in tables:
        _table_sheets(wb, name, raw, currency, dollar, bold)
    _dictionary_sheet(wb, tables, currency, dollar, bold)
    _sources_sheet(wb, list(meta.get("sources") or []), registry, bold)
    _about_sheet(wb, meta, registry, title, url, bold)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet(wb: Any, name: str, df: pd.DataFrame, formats: Mapping[str, str], currency: str | None, dollar: str | None, bold: Any,
           unit: str | None = None) -> None:
    """One table as a sheet: headed by its columns' names (money columns in the table unit with
    that unit), the header bold and frozen, each column in its number format."""
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # no stubs for openpyxl in the environment

    ws = wb.create_sheet(_unique(_safe(name), wb.sheetnames))
    cols = [str(c) for c in df.columns]
    heads = [labels.column(c, currency, dollar=dollar) for c in cols]
    if unit:  # the money columns of a sheet in the table unit are headed with that unit
        heads = [f"{labels.column_name(c, currency)} ({unit})" if c in formats else h for c, h in zip(cols, heads, strict=True)]
    _append(ws, heads)
    for cell in ws[1]:
        cell.font = bold
    for row in df.itertuples(index=False):
        _append(ws, [clean(v) for v in row])
    for j, c in enumerate(cols, start=1):
        letter = get_column_letter(j)
        fmt = formats.get(c)
        if fmt:
            for cell in ws[letter][1:]:
                cell.number_format = fmt
        ws.column_dimensions[letter].width = max(10, min(48, len(heads[j - 1]) * 2 + 2))
    ws.freeze_panes = "A2"


def _table_sheets(wb: Any, name: str, raw: pd.DataFrame, currency: str | None, dollar: str | None, bold: Any) -> None:
    """A table's sheet, and when it holds money the same table again in the language's money unit."""
    df = tidy(raw)
    money = money_columns(df, currency)
    fmts = {c: "#,##0" for c in money}
    for c in df.columns:
        if c not in money and df[c].dtype.kind == "f":
            fmts[str(c)] = "#,##0.00" if not str(c).endswith("_pct") else "0.0"
    _sheet(wb, name, df, fmts, currency, dollar, bold)
    if money and currency:  # money columns exist only with a currency
        scale, label, decimals = table_unit(currency)
        scaled = df.copy()
        for c in money:
            scaled[c] = scaled[c].astype("Float64") / scale
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        _sheet(wb, f"{_safe(name)[:18]} ({label})", scaled, {c: pattern for c in money}, currency, dollar, bold, unit=label)


def _dictionary_sheet(wb: Any, tables: list[tuple[str, pd.DataFrame]], currency: str | None, dollar: str | None, bold: Any) -> None:
    """The data dictionary: each column of the tables once, its key, names, unit, type and definitions."""
    keys: list[str] = []
    frames: dict[str, pd.DataFrame] = {}
    for _name, df in tables:
        for c in df.columns:
            if str(c) not in keys:
                keys.append(str(c))
                frames[str(c)] = df
    ws = wb.create_sheet(_safe(str(_("data dictionary"))))
    _append(ws, [str(_("column (key)")), str(_("name (English)")), str(_("name (Korean)")), str(_("unit")), str(_("type")),
               str(_("definition")), str(_("definition (Korean)"))])
    for cell in ws[1]:
        cell.font = bold
    for key in keys:
        d = labels.dictionary([key], currency, frames[key], dollar)[0]
        _append(ws, [key, d["titles"].get("en", ""), d["titles"].get("ko", ""), d.get("unit", ""), d["type"],
                   d["descriptions"].get("en", ""), d["descriptions"].get("ko", "")])
    for letter, width in zip("ABCDEFG", (28, 40, 30, 12, 10, 70, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _sources_sheet(wb: Any, ids: list[str], registry: Mapping[str, Any], bold: Any) -> None:
    """Every source the figures cite: title, publisher, address, date, quality."""
    ws = wb.create_sheet(_safe(str(_("sources"))))
    _append(ws, [str(_("id")), str(_("title")), str(_("publisher")), str(_("address")), str(_("date")), str(_("quality"))])
    for cell in ws[1]:
        cell.font = bold
    for r in source_rows(ids, registry):
        _append(ws, [r["id"], r["title"], r["publisher"], r["url"], r["date"], word("quality", r["quality"]) if r["quality"] else ""])
    for letter, width in zip("ABCDEF", (26, 60, 30, 60, 12, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _about_sheet(wb: Any, meta: Mapping[str, Any], registry: Mapping[str, Any], title: str, url: str | None, bold: Any) -> None:
    """The provenance: data version, assumptions, overrides, licence, how to cite."""
    about = wb.create_sheet(_safe(str(_("about"))))
    for label, value in provenance(meta, registry, title, url):
        _append(about, [label, value])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 110
    for cell in about["A"]:
        cell.font = bold


def schema_json(df: pd.DataFrame, meta: Mapping[str, Any], registry: Mapping[str, Any], title: str, *, name: str, path: str,
                url: str | None = None) -> str:
    """The Frictionless table schema (a data resource) that goes beside a CSV, as JSON text."""
    from .formats import to_json

    return to_json(labels.table_schema(df, {**meta, "title": meta.get("title") or title}, name=name, path=path, title=title,
                                       registry=registry, cite=url)) + "\n"


def schema_name(csv_name: str) -> str:
    """The name of the schema beside a CSV: h.csv -> h.schema.json."""
    return (csv_name[:-4] if csv_name.lower().endswith(".csv") else csv_name) + ".schema.json"


def provenance_text(meta: Mapping[str, Any], registry: Mapping[str, Any], title: str, url: str | None = None) -> str:
    """The provenance of a CSV, as the text file that goes beside it."""
    lines = [f"{label}: {value}" for label, value in provenance(meta, registry, title, url)]
    lines.append("")
    lines.append(str(_("sources:")))
    for r in source_rows(meta.get("sources") or [], registry):
        lines.append(" · ".join(x for x in (r["id"], r["title"], r["publisher"], r["date"], r["url"]) if x))
    return "\n".join(lines) + "\n"


def _append(ws: Any, values: list[Any]) -> None:
    """A row of a sheet: a formula-like text (=HYPERLINK(...), +1, @SUM) is stored as a text cell,
    never as a formula (openpyxl makes any text beginning with '=' a formula); numbers stay numbers."""
    ws.append(values)
    for c in ws[ws.max_row]:
        if formula_like(c.value):
            c.data_type = "s"


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


__all__ = [
    "cite",
    "current",
    "made_with",
    "money_columns",
    "provenance_text",
    "schema_json",
    "schema_name",
    "simulated",
    "to_csv",
    "workbook",
]
