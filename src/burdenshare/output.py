"""Formatting results for people (Rich tables) and machines (CSV, JSON with metadata)."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

DATA_VERSION = "2026.11.29"


def meta(df: "pd.DataFrame") -> dict:
    from .model.catalog import catalog

    host = df.attrs.get("host", "kr")
    cat = catalog(host)
    return {
        "host": host,
        "currency": df.attrs.get("currency"),
        "data_version": DATA_VERSION,
        "assumptions": cat.assumptions.id,
        "real_base_year": df.attrs.get("real_base_year"),
        "amounts": "exact integers in the host currency; dollar and real values are floats",
    }


def _clean(v):
    if v is None:
        return None
    try:
        import pandas as pd

        if v is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def records(df: "pd.DataFrame") -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def to_json(df: "pd.DataFrame", meta: dict) -> str:
    return json.dumps({"meta": meta, "rows": records(df)}, ensure_ascii=False, indent=1)


def to_csv(df: "pd.DataFrame") -> str:
    return df.to_csv(index=False, lineterminator="\n")


def _fmt(col: str, v) -> str:
    v = _clean(v)
    if v is None:
        return "unknown" if col.startswith("amount_") else ""
    if col == "amount_usd":
        return f"{v / 1e6:,.0f}"
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, int):
        return str(v) if abs(v) < 10_000 and (col in ("year", "round", "number") or col.endswith("year")) else f"{v:,}"
    if isinstance(v, float):
        if abs(v) < 1:
            return f"{v:.3f}"
        return f"{v:,.1f}" if abs(v) < 1e6 else f"{v:,.0f}"
    return str(v)


def basis(row: dict) -> str:
    """A short human description of how a year's amount was obtained."""
    rule = row.get("rule")
    if row.get("status") == "unknown":
        return "won total not in the sources (dollar figure published)" if _clean(row.get("amount_usd")) else "not in the sources"
    if rule == "fixed":
        return "stated in the agreement"
    if rule == "change":
        return f"previous year {_clean(row.get('rate_applied_pct')):+.1f}%"
    if rule == "converted":
        return "converted from dollars"
    if rule == "indexed":
        s = f"{row.get('index_series')} {row.get('index_year')} = {_clean(row.get('index_value')):g}% ({row.get('index_status')})"
        if row.get("cap_binds"):
            s += f", capped at {_clean(row.get('rate_applied_pct')):.1f}%"
        if row.get("overridden"):
            s += " [overridden]"
        return s
    return ""


def print_table(df: "pd.DataFrame", columns: dict[str, str], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, header_style="bold", show_lines=False)
    for key, label in columns.items():
        table.add_column(label, justify="right" if key not in ("agreement", "status", "basis", "title", "note", "source", "url", "used_by", "publisher", "series", "unit", "role", "rules", "id", "baseline") else "left")
    for row in df.to_dict(orient="records"):
        cells = []
        for key in columns:
            cells.append(basis(row) if key == "basis" else _fmt(key, row.get(key)))
        table.add_row(*cells)
    Console(width=max(160, Console().width)).print(table)


def print_comparison(long: "pd.DataFrame", tot: "pd.DataFrame") -> None:
    from rich.console import Console
    from rich.table import Table

    cur = long.attrs.get("currency", "KRW").lower()
    titles = long.attrs.get("titles", {})
    names = list(dict.fromkeys(long["scenario"]))
    console = Console(width=max(160, Console().width))
    table = Table(title=f"Per year ({cur.upper()} 100 million, nominal); difference from the baseline in brackets", header_style="bold")
    table.add_column("year", justify="right")
    for n in names:
        table.add_column(n, justify="right")
    for year, grp in long.groupby("year"):
        cells = [str(year)]
        g = grp.set_index("scenario")
        for n in names:
            a = _clean(g.at[n, f"amount_{cur}"])
            d = _clean(g.at[n, f"diff_{cur}"])
            if a is None:
                cells.append("unknown")
            elif n == "baseline":
                cells.append(f"{a / 1e8:,.0f}")
            else:
                cells.append(f"{a / 1e8:,.0f} ({d / 1e8:+,.0f})" if d is not None else f"{a / 1e8:,.0f}")
        table.add_row(*cells)
    console.print(table)
    t2 = Table(title="Over the compared years", header_style="bold")
    for c in ("scenario", "years", f"total {cur.upper()} (100M)", "diff", "total USD (M)", "diff USD (M)", f"real {cur.upper()} (100M, {long.attrs.get('real_base_year')} prices)", "diff real"):
        t2.add_column(c, justify="left" if c == "scenario" else "right")
    for row in tot.to_dict(orient="records"):
        def m(v, scale):
            v = _clean(v)
            return "unknown" if v is None else f"{v / scale:,.0f}"
        t2.add_row(
            f"{row['scenario']}: {titles.get(row['scenario'], '')}", f"{row['first_year']}-{row['last_year']}",
            m(row[f"total_{cur}"], 1e8), m(row[f"diff_{cur}"], 1e8), m(row["total_usd"], 1e6), m(row["diff_usd"], 1e6),
            m(row[f"total_real_{cur}"], 1e8), m(row[f"diff_real_{cur}"], 1e8),
        )
    console.print(t2)


def _json_default(o):
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def json_doc(meta: dict, **tables) -> str:
    return json.dumps({"meta": meta, **tables}, ensure_ascii=False, indent=1, default=_json_default)


def print_simulation(sim, years: "pd.DataFrame", term: "pd.DataFrame", probs: list[dict]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    cur = sim.currency.lower()
    console = Console(width=max(160, Console().width))
    m = sim.run.model.describe()
    console.print(f"[bold]{sim.title}[/bold]: {sim.paths:,} paths, seed {sim.run.seed}, model {m['kind']} "
                  f"fitted on {m['sample']} ({m['observations']} years); shock sd {m['shock_sd']}")
    t = Table(title=f"Per year ({cur.upper()} 100 million)", header_style="bold")
    qcols = [c for c in years.columns if c.startswith("q")]
    for c in ["year", "mean", *[c.split("_")[0] for c in qcols], escape("P[cap binds]")]:
        t.add_column(c, justify="right")
    for row in years.to_dict(orient="records"):
        t.add_row(str(row["year"]), f"{row[f'mean_{cur}'] / 1e8:,.1f}", *[f"{row[c] / 1e8:,.0f}" for c in qcols],
                  f"{row['p_cap_binds']:.3f}")
    console.print(t)
    t2 = Table(title="Term total", header_style="bold")
    tq = [c for c in term.columns if c.startswith("q")]
    for c in ["measure", "mean", "sd", *tq]:
        t2.add_column(c, justify="left" if c == "measure" else "right")
    for row in term.to_dict(orient="records"):
        scale = 1e6 if "usd" in row["measure"] else 1e8
        unit = "USD M" if "usd" in row["measure"] else f"{cur.upper()} 100M"
        t2.add_row(f"{row['description']} ({unit})", f"{row['mean'] / scale:,.0f}", f"{row['sd'] / scale:,.0f}",
                   *[f"{row[c] / scale:,.0f}" for c in tq])
    console.print(t2)
    for p in probs:
        console.print(escape(f"{p['question']}: {p['probability']:.4f}"))


def print_hosts(df: "pd.DataFrame") -> None:
    """Per measure, a table of periods by host; then the definitions."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(160, Console().width))
    for measure, grp in df.groupby("measure", sort=False):
        wide = grp.pivot_table(index="period", columns="host", values="value", aggfunc="first")
        unit = grp["unit"].iloc[0]
        t = Table(title=f"{measure} ({unit})", header_style="bold")
        t.add_column("period")
        for h in wide.columns:
            t.add_column(h, justify="right")
        for period, row in wide.iterrows():
            t.add_row(str(period), *["" if v != v else (f"{v:,.3f}" if abs(v) < 10 else f"{v:,.0f}") for v in row])
        console.print(t)
        console.print(f"  {grp['definition'].iloc[0]}", style="dim")
