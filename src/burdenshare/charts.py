"""Static charts (PNG or SVG) of histories, schedules and comparisons, drawn with matplotlib.

One definition per figure; the CLI's ``--plot`` and reports call these. matplotlib is imported
only here, and only when a chart is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

STATUS_COLOURS = {
    "published": "#1f4e79", "derived": "#3a7dbf", "projected": "#f0a030", "counterfactual": "#c0504d",
    "scenario": "#8064a2", "unknown": "#bbbbbb",
}
FORMATS = (".png", ".svg")


def _check_path(path: str | Path) -> Path:
    p = Path(path)
    if p.suffix.lower() not in FORMATS:
        raise InputError(f"chart file must end in .png or .svg, got '{p.name}'", where="--plot")
    if not p.parent.exists():
        raise InputError(f"folder '{p.parent}' does not exist", where="--plot")
    return p


def _save(fig, p: Path) -> Path:
    import matplotlib.pyplot as plt

    tmp = p.with_name(f".{p.name}.tmp{p.suffix}")
    try:
        fig.savefig(tmp, dpi=130, bbox_inches="tight")
        tmp.replace(p)  # never leave a half-written chart behind
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write '{p}' ({exc.strerror})", where="--plot") from None
    finally:
        plt.close(fig)
    return p


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_amounts(df: "pd.DataFrame", path: str | Path, *, title: str, unit: float = 1e12, unit_label: str = "trillion won") -> Path:
    """Bars of each year's amount, coloured by status, with agreement periods marked."""
    p = _check_path(path)
    plt = _setup()
    cur = df.attrs.get("currency", "KRW").lower()
    fig, ax = plt.subplots(figsize=(11, 5))
    years = df["year"].to_numpy()
    vals = df[f"amount_{cur}"].astype("Float64").to_numpy(dtype=float, na_value=float("nan")) / unit
    colours = [STATUS_COLOURS.get(s, "#999999") for s in df["status"]]
    ax.bar(years, [0 if v != v else v for v in vals], color=colours, width=0.8)
    top = float(max((v for v in vals if v == v), default=1.0))
    for y, v in zip(years, vals):
        if v != v:
            ax.text(y, top * 0.02, "n/a", ha="center", va="bottom", fontsize=7, rotation=90, color="#666666")
    # agreement periods
    shade = False
    for agreement, grp in df.groupby("agreement", sort=False):
        lo, hi = grp["year"].min() - 0.5, grp["year"].max() + 0.5
        if shade:
            ax.axvspan(lo, hi, color="#000000", alpha=0.04, lw=0)
        ax.text((lo + hi) / 2, top * 1.04, str(agreement).upper().replace("SMA-0", "SMA-"), ha="center", fontsize=7)
        shade = not shade
    ax.set_ylim(0, top * 1.12)
    ax.set_ylabel(unit_label)
    ax.set_title(title)
    handles = [plt.Rectangle((0, 0), 1, 1, color=STATUS_COLOURS[s]) for s in STATUS_COLOURS if s in set(df["status"])]
    ax.legend(handles, [s for s in STATUS_COLOURS if s in set(df["status"])], loc="upper left", bbox_to_anchor=(0.0, 0.9), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.01, -0.02, "Source: burdenshare bundled data (see `burdenshare sources`). n/a: no source gives the won amount.",
             fontsize=7, color="#555555")
    return _save(fig, p)


def plot_comparison(long: "pd.DataFrame", path: str | Path, *, title: str, column: str | None = None,
                    unit: float = 1e12, unit_label: str = "trillion won") -> Path:
    """One line per scenario over the compared years."""
    p = _check_path(path)
    plt = _setup()
    cur = long.attrs.get("currency", "KRW").lower()
    column = column or f"amount_{cur}"
    fig, ax = plt.subplots(figsize=(10, 5))
    titles = long.attrs.get("titles", {})
    for name, grp in long.groupby("scenario", sort=False):
        vals = grp[column].astype("Float64").to_numpy(dtype=float, na_value=float("nan")) / unit
        ax.plot(grp["year"], vals, marker="o", lw=2 if name == "baseline" else 1.5,
                label=titles.get(name, name), color="black" if name == "baseline" else None)
    ax.set_ylabel(unit_label)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, p)


def plot_fan(by_year: "pd.DataFrame", path: str | Path, *, title: str, currency: str = "KRW",
             unit: float = 1e12, unit_label: str = "trillion won") -> Path:
    """Fan chart: the median and the quantile bands per year."""
    p = _check_path(path)
    plt = _setup()
    cur = currency.lower()
    qcols = sorted((c for c in by_year.columns if c.startswith("q") and c.endswith(f"_{cur}")),
                   key=lambda c: float(c[1:].split("_")[0]))
    qs = [float(c[1:].split("_")[0]) for c in qcols]
    fig, ax = plt.subplots(figsize=(10, 5))
    x = by_year["year"].to_numpy()
    n = len(qcols)
    for i in range(n // 2):
        lo, hi = by_year[qcols[i]] / unit, by_year[qcols[n - 1 - i]] / unit
        ax.fill_between(x, lo, hi, color="#3a7dbf", alpha=0.15 + 0.2 * i, lw=0,
                        label=f"{qs[i]:g}-{qs[n - 1 - i]:g}")
    mid = [c for c, q in zip(qcols, qs) if q == 0.5]
    if mid:
        ax.plot(x, by_year[mid[0]] / unit, color="#1f4e79", lw=2, label="median")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(unit_label)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, p)


def plot_tornado(df: "pd.DataFrame", path: str | Path, *, title: str) -> Path:
    """Tornado: each input's low and high effect on the term total, in won and in dollars."""
    p = _check_path(path)
    plt = _setup()
    d = df.iloc[::-1]
    fig, axes = plt.subplots(1, 2, figsize=(12, 0.45 * len(d) + 1.8), sharey=True)
    y = list(range(len(d)))
    for ax, measure, unit, label in ((axes[0], "won", 1e8, "100 million won"), (axes[1], "usd", 1e6, "million dollars")):
        central = df.attrs.get(f"central_{measure}", 0.0)
        ax.barh(y, (d[f"{measure}_low"] - central) / unit, color="#c0504d", label="input at -k sd")
        ax.barh(y, (d[f"{measure}_high"] - central) / unit, color="#3a7dbf", label="input at +k sd")
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel(f"change of the term total ({label})")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_yticks(y, d["factor"])
    axes[1].legend(fontsize=8, frameon=False)
    fig.suptitle(title)
    return _save(fig, p)


def plot_utility_plane(space, solutions: "pd.DataFrame", path: str | Path, *, offers: "pd.DataFrame | None" = None,
                       sample: int = 20_000) -> Path:
    """The utility plane: a sample of packages, the Pareto frontier, the reservation lines, the
    Nash and Kalai-Smorodinsky points, the agreement reached and the offers."""
    import numpy as np

    from .analysis.negotiation.analysis import pareto

    p = _check_path(path)
    plt = _setup()
    a, b = (q.id for q in space.case.parties)
    ua, ub = space.utilities[a], space.utilities[b]
    rng = np.random.default_rng(0)
    pick = rng.choice(ua.size, size=min(sample, ua.size), replace=False)
    fig, ax = plt.subplots(figsize=(8, 7))
    ax.scatter(ua[pick], ub[pick], s=2, color="#cccccc", label=f"packages (sample of {len(pick):,})")
    f = pareto(ua, ub)
    ax.plot(ua[f], ub[f], color="#1f4e79", lw=2, label="Pareto frontier")
    for _, row in solutions.iterrows():
        name = row["point"]
        x, y = row[f"utility_{a}"], row[f"utility_{b}"]
        if name.startswith("disagreement"):
            ax.axvline(x, color="#c0504d", ls="--", lw=1)
            ax.axhline(y, color="#c0504d", ls="--", lw=1, label="reservation values")
        elif name.startswith(("Nash", "Kalai", "agreement")):
            ax.scatter([x], [y], s=60, zorder=5, label=name)
    if offers is not None and len(offers):
        for party, grp in offers[offers["kind"] != "final"].groupby("party"):
            ax.scatter(grp[f"utility_{a}"], grp[f"utility_{b}"], marker="x", s=50, label=f"offers by {party}")
            for _, o in grp.iterrows():
                ax.annotate(str(o["date"]), (o[f"utility_{a}"], o[f"utility_{b}"]), fontsize=6, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel(f"utility of {a}")
    ax.set_ylabel(f"utility of {b}")
    ax.set_title(space.case.title)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    return _save(fig, p)


def plot_gap(offers: "pd.DataFrame", gap: "pd.DataFrame", path: str | Path, *, title: str) -> Path:
    """Each side's first-year figure by date, and the rounds."""
    p = _check_path(path)
    plt = _setup()
    fig, ax = plt.subplots(figsize=(10, 5))
    for party, grp in offers[offers["kind"] != "final"].groupby("party"):
        ax.plot(grp["date"], grp["first_year"] / 1e12, marker="o", label=f"{party}: asks and offers")
    final = offers[offers["kind"] == "final"]
    if len(final):
        ax.scatter(final["date"], final["first_year"] / 1e12, marker="*", s=160, color="black", zorder=5, label="agreement (first year)")
    for _, r in gap.iterrows():
        ax.axvline(r["start"], color="#dddddd", lw=0.8, zorder=0)
    ax.set_ylabel("first-year total (trillion won)")
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, p)


def plot_hosts(df: "pd.DataFrame", path: str | Path) -> Path:
    """Contribution in constant dollars and per US soldier, by host and year."""
    p = _check_path(path)
    plt = _setup()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for ax, measure, scale, label in ((axes[0], "contribution_usd_real", 1e9, f"billion USD of {df.attrs.get('base_year')}"),
                                      (axes[1], "per_us_soldier_usd", 1e3, "thousand USD per US soldier")):
        sub = df[(df["measure"] == measure) & df["period"].str.fullmatch(r"\d{4}")]
        for host, grp in sub.groupby("host"):
            ax.plot(grp["period"].astype(int), grp["value"] / scale, marker="o", ms=3, label=host)
        ax.set_ylabel(label)
        ax.legend(fontsize=8, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle("Host-nation contributions under the cost-sharing agreements")
    return _save(fig, p)
