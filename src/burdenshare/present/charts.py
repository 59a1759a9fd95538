"""Static charts (PNG or SVG) of histories, schedules and comparisons, drawn with matplotlib.

One definition per figure; the CLI's charts and reports call these. Labels are in the reader's
language; money is in the language's table unit (억원, KRW billion). Hangul is drawn with a Korean
font from an installed package (NanumGothic, shipped by the koreanize-matplotlib wheel; Debian's
fonts-nanum or Noto CJK when installed), so no text comes out as empty boxes. matplotlib is
imported only here, and only when a chart is asked for.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..i18n import _, localized
from ..i18n.money import table_unit
from ..i18n.vocabulary import word

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
        raise InputError(_("chart file must end in .png or .svg, got '{name}'", name=p.name), where="plot")
    if not p.parent.exists():
        raise InputError(_("folder '{folder}' does not exist", folder=str(p.parent)), where="plot")
    return p


def _save(fig, p: Path) -> Path:
    import matplotlib.pyplot as plt

    tmp = p.with_name(f".{p.name}.tmp{p.suffix}")
    try:
        fig.savefig(tmp, dpi=130, bbox_inches="tight")
        tmp.replace(p)  # never leave a half-written chart behind
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(_("cannot write '{path}' ({reason})", path=str(p), reason=exc.strerror), where="plot") from None
    finally:
        plt.close(fig)
    return p


KOREAN_FONTS = ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", "Noto Sans CJK JP", "UnDotum", "Baekmuk Gulim")


def korean_font_files() -> list[str]:
    """TTF files of a Korean font in installed packages: the koreanize-matplotlib wheel's
    NanumGothic (found without importing that package, which would change matplotlib's settings),
    then Debian's fonts."""
    import glob
    import importlib.util

    files: list[str] = []
    spec = importlib.util.find_spec("koreanize_matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        files += sorted(glob.glob(f"{folder}/fonts/NanumGothic*.ttf"))
    for pattern in ("/usr/share/fonts/truetype/nanum/NanumGothic*.ttf", "/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc"):
        files += sorted(glob.glob(pattern))
    return files


@lru_cache(maxsize=1)
def _korean_families() -> tuple[str, ...]:
    """Register the Korean font files with matplotlib (once) and return the families found."""
    from matplotlib import font_manager

    for f in korean_font_files():
        try:
            font_manager.fontManager.addfont(f)
        except (OSError, RuntimeError):  # a broken font file is skipped
            continue
    names = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(n for n in KOREAN_FONTS if n in names)


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    korean = list(_korean_families())
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = [*korean, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _unit(currency: str) -> tuple[float, str]:
    scale, label, _decimals = table_unit(currency)
    return float(scale), label


def _source_line(fig, text=None) -> None:
    fig.text(0.01, -0.02, str(text or _("Source: burdenshare bundled data; every figure's source: `burdenshare sources`.")),
             fontsize=7, color="#555555")


def plot_amounts(df: "pd.DataFrame", path: str | Path, *, title: str) -> Path:
    """Bars of each year's amount, coloured by status, with agreement periods named and a legend."""
    p = _check_path(path)
    plt = _setup()
    currency = df.attrs["currency"]
    cur = currency.lower()
    scale, unit_label = _unit(currency)
    fig, ax = plt.subplots(figsize=(11, 5))
    years = df["year"].to_numpy()
    vals = df[f"amount_{cur}"].astype("Float64").to_numpy(dtype=float, na_value=float("nan")) / scale
    colours = [STATUS_COLOURS.get(s, "#999999") for s in df["status"]]
    ax.bar(years, [0 if v != v else v for v in vals], color=colours, width=0.8)
    top = float(max((v for v in vals if v == v), default=1.0))
    for y, v in zip(years, vals):
        if v != v:
            ax.text(y, top * 0.02, str(_("n/a")), ha="center", va="bottom", fontsize=7, rotation=90, color="#666666")
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
    present = [s for s in STATUS_COLOURS if s in set(df["status"])]
    handles = [plt.Rectangle((0, 0), 1, 1, color=STATUS_COLOURS[s]) for s in present]
    ax.legend(handles, [word("status", s) for s in present], loc="upper left", bbox_to_anchor=(0.0, 0.9), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    _source_line(fig, _("Source: burdenshare bundled data (see `burdenshare sources`). n/a: no source gives the amount."))
    return _save(fig, p)


def plot_comparison(long: "pd.DataFrame", path: str | Path, *, title: str) -> Path:
    """One line per scenario over the compared years; a second panel without the largest scenario
    when it dwarfs the rest (so that the others stay readable)."""
    p = _check_path(path)
    plt = _setup()
    currency = long.attrs["currency"]
    cur = currency.lower()
    scale, unit_label = _unit(currency)
    titles = long.attrs.get("titles", {})
    col = f"amount_{cur}"
    peak = long.groupby("scenario", sort=False)[col].max().astype(float)
    big = peak.idxmax() if len(peak) > 2 and peak.max() > 3 * peak.drop(peak.idxmax()).max() else None
    panels = 2 if big is not None else 1
    fig, axes = plt.subplots(1, panels, figsize=(10 if panels == 1 else 14, 5), squeeze=False)
    for k, ax in enumerate(axes[0]):
        for name, grp in long.groupby("scenario", sort=False):
            if k == 1 and name == big:
                continue
            vals = grp[col].astype("Float64").to_numpy(dtype=float, na_value=float("nan")) / scale
            ax.plot(grp["year"], vals, marker="o", lw=2 if name == "baseline" else 1.5,
                    label=titles.get(name, name), color="black" if name == "baseline" else None)
        ax.set_ylabel(unit_label)
        ax.spines[["top", "right"]].set_visible(False)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0][0].set_title(title)
    if panels == 2:
        axes[0][1].set_title(str(_("without {name}", name=titles.get(big, big))))
    fig.legend(*axes[0][0].get_legend_handles_labels(), fontsize=8, frameon=False, loc="lower center",
               bbox_to_anchor=(0.5, -0.08), ncol=2)
    _source_line(fig)
    return _save(fig, p)


def plot_fan(by_year: "pd.DataFrame", path: str | Path, *, title: str, currency: str) -> Path:
    """Fan chart: the median and the quantile bands per year."""
    p = _check_path(path)
    plt = _setup()
    cur = currency.lower()
    scale, unit_label = _unit(currency)
    qcols = sorted((c for c in by_year.columns if c.startswith("q") and c.endswith(f"_{cur}")),
                   key=lambda c: float(c[1:].split("_")[0]))
    qs = [float(c[1:].split("_")[0]) for c in qcols]
    fig, ax = plt.subplots(figsize=(10, 5))
    x = by_year["year"].to_numpy()
    n = len(qcols)
    for i in range(n // 2):
        lo, hi = by_year[qcols[i]] / scale, by_year[qcols[n - 1 - i]] / scale
        ax.fill_between(x, lo, hi, color="#3a7dbf", alpha=0.15 + 0.2 * i, lw=0, label=f"{qs[i]:g}-{qs[n - 1 - i]:g}")
    mid = [c for c, q in zip(qcols, qs) if q == 0.5]
    if mid:
        ax.plot(x, by_year[mid[0]] / scale, color="#1f4e79", lw=2, label=str(_("median")))
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(unit_label)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, p)


def plot_tornado(df: "pd.DataFrame", path: str | Path, *, title: str, currency: str) -> Path:
    """Tornado: each input's low and high effect on the term total, in the host currency and in dollars."""
    p = _check_path(path)
    plt = _setup()
    d = df.iloc[::-1]
    fig, axes = plt.subplots(1, 2, figsize=(12, 0.45 * len(d) + 1.8), sharey=True)
    y = list(range(len(d)))
    for ax, measure, cur in ((axes[0], "nominal", currency), (axes[1], "usd", "USD")):
        scale, label = _unit(cur)
        central = df.attrs.get(f"central_{measure}", 0.0)
        ax.barh(y, (d[f"{measure}_low"] - central) / scale, color="#c0504d", label=str(_("input at -k sd")))
        ax.barh(y, (d[f"{measure}_high"] - central) / scale, color="#3a7dbf", label=str(_("input at +k sd")))
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel(str(_("change of the term total ({unit})", unit=label)))
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

    from ..analysis.negotiation.analysis import pareto

    p = _check_path(path)
    plt = _setup()
    a, b = (q.id for q in space.case.parties)
    names = {q.id: localized(q.name) for q in space.case.parties}
    ua, ub = space.utilities[a], space.utilities[b]
    rng = np.random.default_rng(0)
    pick = rng.choice(ua.size, size=min(sample, ua.size), replace=False)
    fig, ax = plt.subplots(figsize=(8, 7))
    ax.scatter(ua[pick], ub[pick], s=2, color="#cccccc", label=str(_("packages (sample of {n:,})", n=len(pick))))
    f = pareto(ua, ub)
    ax.plot(ua[f], ub[f], color="#1f4e79", lw=2, label=str(_("Pareto frontier")))
    for _i, row in solutions.iterrows():
        point = row["point"]
        x, y = row[f"utility_{a}"], row[f"utility_{b}"]
        if point == "disagreement":
            ax.axvline(x, color="#c0504d", ls="--", lw=1)
            ax.axhline(y, color="#c0504d", ls="--", lw=1, label=str(_("reservation values")))
        elif point in ("nash", "kalai_smorodinsky", "agreement"):
            ax.scatter([x], [y], s=60, zorder=5, label=row["label"])
    if offers is not None and len(offers):
        for party, grp in offers[offers["kind"] != "final"].groupby("party"):
            ax.scatter(grp[f"utility_{a}"], grp[f"utility_{b}"], marker="x", s=50,
                       label=str(_("offers by {party}", party=names.get(party, party))))
            for _j, o in grp.iterrows():
                ax.annotate(str(o["date"]), (o[f"utility_{a}"], o[f"utility_{b}"]), fontsize=6, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel(str(_("utility of {party}", party=names[a])))
    ax.set_ylabel(str(_("utility of {party}", party=names[b])))
    ax.set_title(localized(space.case.title))
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    return _save(fig, p)


def plot_gap(offers: "pd.DataFrame", gap: "pd.DataFrame", path: str | Path, *, title: str, currency: str, names: dict) -> Path:
    """Each side's first-year figure by date, and the rounds."""
    p = _check_path(path)
    plt = _setup()
    scale, unit_label = _unit(currency)
    fig, ax = plt.subplots(figsize=(10, 5))
    for party, grp in offers[offers["kind"] != "final"].groupby("party"):
        ax.plot(grp["date"], grp["first_year"] / scale, marker="o", label=str(_("{party}: asks and offers", party=names.get(party, party))))
    final = offers[offers["kind"] == "final"]
    if len(final):
        ax.scatter(final["date"], final["first_year"] / scale, marker="*", s=160, color="black", zorder=5,
                   label=str(_("agreement (first year)")))
    for _i, r in gap.iterrows():
        ax.axvline(r["start"], color="#dddddd", lw=0.8, zorder=0)
    ax.set_ylabel(str(_("first-year total ({unit})", unit=unit_label)))
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.autofmt_xdate()
    return _save(fig, p)


def plot_hosts(df: "pd.DataFrame", path: str | Path) -> Path:
    """Contribution in constant dollars and per US soldier, by host and year (gaps where unknown)."""
    p = _check_path(path)
    plt = _setup()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    panels = ((axes[0], "contribution_usd_real", 1e9, str(_("billion USD of {year}", year=df.attrs.get("base_year")))),
              (axes[1], "per_us_soldier_usd", 1e3, str(_("thousand USD per US soldier"))))
    for ax, measure, scale, label in panels:
        sub = df[(df["measure"] == measure) & df["period"].str.fullmatch(r"\d{4}")]
        for host, grp in sub.groupby("host"):
            name = grp["host_name"].iloc[0] if "host_name" in grp else host
            years = grp["period"].astype(int).to_numpy()
            vals = grp["value"].to_numpy(dtype=float) / scale
            ax.plot(years, vals, marker="o", ms=3, label=name)  # NaN (unknown) years leave gaps
        ax.set_ylabel(label)
        ax.legend(fontsize=8, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(str(_("Host-nation contributions under the cost-sharing agreements")))
    return _save(fig, p)


def plot_ledger(df: "pd.DataFrame", path: str | Path, *, title: str, components: list[str]) -> Path:
    """Stacked bars of the ledger's components by year (single years of definitions that count
    components), the published totals as markers; a year's missing components are simply absent."""
    p = _check_path(path)
    plt = _setup()
    currency = df.attrs["currency"]
    cur = currency.lower()
    scale, unit_label = _unit(currency)
    rows = df[(df["first_year"] == df["last_year"]) & (df["status"] != "totals only")]
    if not len(rows):
        raise InputError(_("nothing to draw: no year has components in this selection"), where="plot")
    rows = rows[rows["definition"] == rows["definition"].iloc[0]]
    fig, ax = plt.subplots(figsize=(11, 5))
    years = rows["first_year"].to_numpy()
    bottom = [0.0] * len(rows)
    for comp in [c for c in components if c in rows]:
        vals = [0.0 if v != v else v / scale for v in rows[comp].astype(float)]
        if any(vals):
            ax.bar(years, vals, bottom=bottom, label=word("component", comp), width=0.8)
            bottom = [b + v for b, v in zip(bottom, vals)]
    pub = rows[f"published_total_{cur}"].astype(float) / scale
    ax.scatter(years, pub, marker="D", color="black", zorder=3, label=str(_("published total")))
    for y, st in zip(years, rows["status"]):
        if st == "partial":
            ax.text(y, 0, "p", ha="center", va="bottom", fontsize=6, color="#666666")
    ax.set_ylabel(unit_label)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, ncol=4, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    _source_line(fig, _("Source: burdenshare support ledger, every item with its source. p: partial year (components missing)."))
    return _save(fig, p)


def plot_execution(df: "pd.DataFrame", path: str | Path, *, title: str) -> Path:
    """Agreed, budgeted, spent and unexecuted money per year (whole contribution), and the unspent
    balances held at a date."""
    p = _check_path(path)
    plt = _setup()
    currency = df.attrs["currency"]
    scale, unit_label = _unit(currency)
    flows = df[(df["category"] == "total") & (df["first_year"] == df["last_year"]) & df["status"].isin(["published", "computed"])]
    fig, ax = plt.subplots(figsize=(11, 5))
    measures = [m for m in ("agreed", "budgeted", "spent", "unexecuted", "lapsed") if m in set(flows["measure"])]
    width = 0.8 / max(len(measures), 1)
    for i, m in enumerate(measures):
        g = flows[flows["measure"] == m]
        ax.bar(g["first_year"] + (i - len(measures) / 2) * width + width / 2, g["value"].astype(float) / scale, width=width,
               label=word("execution", m))
    stocks = df[df["measure"] == "balance"]
    if len(stocks):
        xs = [int(str(a)[:4]) + (int(str(a)[5:7]) - 1) / 12 if len(str(a)) >= 7 else int(str(a)[:4]) for a in stocks["as_of"]]
        ax.plot(xs, stocks["value"].astype(float) / scale, "ko--", label=word("execution", "balance"))
    ax.set_ylabel(unit_label)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    _source_line(fig, _("Source: burdenshare execution data, every figure with its source."))
    return _save(fig, p)


def plot_replay(df: "pd.DataFrame", path: str | Path, *, currency: str) -> Path:
    """Each agreement's yearly mean as agreed and under the other agreements' formulas."""
    import numpy as np

    p = _check_path(path)
    plt = _setup()
    scale, unit_label = _unit(currency)
    df = df[df["total"].notna()]
    agreements = list(dict.fromkeys(df["agreement"]))
    labels = list(dict.fromkeys(str(_("as agreed")) if k == "actual" else f for f, k in zip(df["formula"], df["formula_kind"])))
    fig, ax = plt.subplots(figsize=(12, 5))
    width = 0.8 / max(len(labels), 1)
    for j, lab in enumerate(labels):
        xs, ys = [], []
        for i, a in enumerate(agreements):
            sub = df[(df["agreement"] == a) & (((df["formula_kind"] == "actual") & (lab == str(_("as agreed")))) | (df["formula"] == lab))]
            if len(sub):
                xs.append(i + j * width)
                ys.append(float(sub["yearly_mean"].iloc[0]) / scale)
        ax.bar(xs, ys, width=width, label=lab, color="black" if lab == str(_("as agreed")) else None)
    ax.set_xticks(np.arange(len(agreements)) + 0.4 - width / 2, agreements)
    ax.set_ylabel(str(_("yearly mean ({unit})", unit=unit_label)))
    ax.set_title(str(_("Each agreement under the other agreements' formulas")))
    ax.legend(fontsize=7, frameon=False, ncol=2)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, p)
