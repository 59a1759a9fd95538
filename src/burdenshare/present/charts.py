"""Static charts (PNG or SVG) of histories, schedules, comparisons and the rest, drawn with matplotlib
as finished graphics, fit to print.

A finished graphic is what a data publication prints: a title, the finding as its subtitle, a legend
for every colour, axis titles with the unit (억원, KRW billion), the publishers of the figures as a
source line, and the credit line "burdenshare · data version … · CC BY 4.0", on an opaque white
background, at a preset size (:data:`SIZES`: article 1200×675 px, square 1080×1080 px, A4 landscape
at 300 dpi). Key events the data holds are marked (each agreement's signing date, the rounds of
talks of a negotiation). An SVG keeps its text as text (``svg.fonttype: none``, the font family
named), so that a graphics desk can edit it and a search finds it.

Labels are in the reader's language. Hangul is drawn with a Korean font from an installed package
(NanumGothic, shipped by the koreanize-matplotlib wheel; Debian's fonts-nanum or Noto CJK when
installed), so no text comes out as empty boxes. matplotlib is imported only here, only when a
chart is asked for, and through its object API (no pyplot state), so that a server may draw charts
in several threads.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any, cast, overload

from ..errors import InputError
from ..i18n import _, localized
from ..i18n.money import currency_name, table_unit
from ..i18n.vocabulary import word
from ..model.host import settings_dollar
from .chartsizes import SIZES
from .colours import STATUS_COLOURS

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D

    from ..analysis.negotiation.space import Space
    from ..model.sources import Source

    Target = str | Path | IO[bytes] | None  # where a chart goes: a file, a binary stream, or nowhere (the figure is given)
    Saved = Path | IO[bytes] | Figure  # what a chart function gives: the file written, the stream, or the figure

FORMATS = (".png", ".svg")
LICENCE = "CC BY 4.0"
# a qualitative palette that reads on white and in grey print (lines, stacked parts, offers)
PALETTE = ("#1f4e79", "#f0a030", "#c0504d", "#3a9a6a", "#8064a2", "#7f7f7f", "#3a7dbf", "#b5835a", "#d67fb0", "#17becf")
INK, GREY, LIGHT = "#222222", "#555555", "#e6e6e6"
MARGIN = 0.35  # inches around the graphic


def _check_path(path: str | Path) -> Path:
    p = Path(path)
    if p.suffix.lower() not in FORMATS:
        raise InputError(_("chart file must end in .png or .svg, got '{name}'", name=p.name), where="plot")
    if not p.parent.exists():
        raise InputError(_("folder '{folder}' does not exist", folder=str(p.parent)), where="plot")
    return p


def _check_size(size: str) -> tuple[int, int, int]:
    if size not in SIZES:
        raise InputError(_("chart size must be one of {sizes}, got '{size}'", sizes=", ".join(SIZES), size=size), where="plot_size")
    return SIZES[size]


def render(fig: Figure, fmt: str) -> bytes:
    """The finished graphic as PNG or SVG bytes."""
    if fmt not in ("png", "svg"):
        raise InputError(_("chart format must be png or svg, got '{fmt}'", fmt=fmt), where="format")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=fig.dpi, facecolor="white", transparent=False, metadata=_metadata(fig, fmt))
    if fmt == "png":
        return _opaque(buf.getvalue())
    return _svg_size(buf.getvalue(), getattr(fig, "_burdenshare", {}).get("size"))


def _svg_size(svg: bytes, size: str | None) -> bytes:
    """The SVG's nominal size as the preset's (1200×675 px; A4 in millimetres), its drawing unchanged
    (the viewBox scales it)."""
    if size not in SIZES:
        return svg
    w, h, _dpi = SIZES[size]
    dims = 'width="297mm" height="210mm"' if size == "a4" else f'width="{w}px" height="{h}px"'
    return re.sub(rb'width="[0-9.]+pt" height="[0-9.]+pt"', dims.encode(), svg, count=1)


def _opaque(png: bytes) -> bytes:
    """The PNG without its alpha channel (RGB: opaque wherever it is pasted), its text kept."""
    from PIL import Image, PngImagePlugin

    img = Image.open(io.BytesIO(png))
    info = PngImagePlugin.PngInfo()
    for k, v in (getattr(img, "text", None) or {}).items():  # a PNG's text chunks (PngImageFile.text)
        info.add_text(k, v)
    out = io.BytesIO()
    img.convert("RGB").save(out, format="PNG", pnginfo=info, dpi=img.info.get("dpi", (100, 100)))
    return out.getvalue()


def _metadata(fig: Figure, fmt: str) -> dict[str, str | None]:
    info = getattr(fig, "_burdenshare", {})
    if fmt == "svg":
        return {"Title": info.get("title") or None, "Rights": LICENCE, "Creator": "burdenshare", "Date": None}
    return {"Title": info.get("title") or "", "Copyright": LICENCE, "Software": "burdenshare"}


def _save(fig: Figure, target: Target, fmt: str | None = None) -> Saved:
    """Write the graphic to a file (whole or not at all) or to a binary stream (`fmt` png or svg);
    without a target, give the figure (``render`` makes its bytes)."""
    if target is None:
        return fig
    if hasattr(target, "write"):
        stream = cast("IO[bytes]", target)
        stream.write(render(fig, fmt or "png"))
        return stream
    p = _check_path(target)
    data = render(fig, p.suffix.lower().lstrip("."))
    tmp = p.with_name(f".{p.name}.tmp{p.suffix}")
    try:
        tmp.write_bytes(data)
        tmp.replace(p)  # never leave a half-written chart behind
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(_("cannot write '{path}' ({reason})", path=str(p), reason=exc.strerror), where="plot") from None
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


@lru_cache(maxsize=1)
def _setup() -> ModuleType:
    """matplotlib's settings for every chart (once per process): the fonts (Hangul first), text
    kept as text in SVG, no mathtext (a "$" in a finding is a dollar sign), plain axes."""
    import matplotlib

    rc = matplotlib.rcParams
    # a list of families: a glyph the Korean font lacks (the minus sign U+2212, say) is drawn from the next
    rc["font.family"] = [*_korean_families(), "DejaVu Sans", "sans-serif"]
    rc["font.sans-serif"] = [*_korean_families(), "DejaVu Sans"]
    rc["axes.unicode_minus"] = False
    rc["svg.fonttype"] = "none"
    rc["svg.hashsalt"] = "burdenshare"  # the same chart gives the same SVG
    rc["text.parse_math"] = False
    rc["axes.edgecolor"] = GREY
    rc["axes.labelcolor"] = INK
    rc["xtick.color"] = GREY
    rc["ytick.color"] = GREY
    rc["axes.titlesize"] = 11
    return matplotlib


def _figure(size: str, nrows: int = 1, ncols: int = 1, **kw: Any) -> tuple[Figure, Any]:
    """A white figure of a preset size, with its axes (a grid, as subplots gives it)."""
    _setup()
    from matplotlib.figure import Figure

    w, h, dpi = _check_size(size)
    fig = Figure(figsize=(w / dpi, h / dpi), dpi=dpi, facecolor="white")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    for ax in axes.flat:
        ax.set_facecolor("white")
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=9.5, length=3)
        ax.grid(axis="y", color=LIGHT, lw=0.8)
        ax.set_axisbelow(True)
    vars(fig)["_burdenshare"] = {"size": size}  # what render and finish read back (size, title)
    return fig, axes


# --- the frame: title, finding, legend, source, credit ------------------------------------------

def _renderer(fig: Figure) -> RendererAgg:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer: RendererAgg = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]  # unannotated in matplotlib's stubs
    return renderer


def _wrap(renderer: RendererBase, text: str, prop: FontProperties, width_px: float, max_lines: int = 4) -> list[str]:
    """Lines of at most `width_px` (measured with the font), broken at spaces; the last line ends
    with "…" when the text needs more than `max_lines`."""
    words = str(text).split()
    lines: list[str] = []
    line = ""
    for w in words:
        trial = f"{line} {w}" if line else w
        if line and renderer.get_text_width_height_descent(trial, prop, ismath=False)[0] > width_px:
            lines.append(line)
            line = w
        else:
            line = trial
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;.") + " …"
    return lines


class _Stack:
    """Lines of text placed from a starting height (inches) downwards or upwards."""

    def __init__(self, fig: Figure, renderer: RendererBase, y: float, down: bool) -> None:
        self.fig, self.r, self.y, self.down = fig, renderer, y, down
        self.w, self.h = fig.get_size_inches()

    def lines(self, text: str, size: float, *, weight: str = "normal", color: str = INK, max_lines: int = 4, gap: float = 0.0,
              gid: str | None = None) -> None:
        from matplotlib.font_manager import FontProperties

        if not text:
            return
        prop = FontProperties(size=size, weight=weight)
        lines = _wrap(self.r, text, prop, (self.w - 2 * MARGIN) * self.fig.dpi, max_lines)
        step = size / 72 * 1.32
        if not self.down:
            lines = lines[::-1]
        for i, line in enumerate(lines):
            t = self.fig.text(MARGIN / self.w, self.y / self.h, line, fontproperties=prop, color=color,
                              va="top" if self.down else "bottom", ha="left")
            if gid:
                t.set_gid(f"{gid}-{i}")
            self.y += -step if self.down else step
        self.y += -gap if self.down else gap


def _legend(fig: Figure, renderer: RendererBase, handles: Sequence[Artist], labels: Sequence[str], y_in: float,
            ncol_max: int | None = None) -> float:
    """A legend in one or more rows across the top, under the finding; gives its height (inches)."""
    if not handles:
        return 0.0
    w, h = fig.get_size_inches()
    width_px = (w - 2 * MARGIN) * fig.dpi
    leg = None
    for ncol in range(min(len(handles), ncol_max or len(handles)), 0, -1):
        if leg is not None:
            leg.remove()
        leg = fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(MARGIN / w, y_in / h), ncol=ncol, frameon=False,
                         fontsize=10, handlelength=1.4, handleheight=0.9, columnspacing=1.4, borderaxespad=0, borderpad=0,
                         labelcolor=INK)
        leg.set_in_layout(False)
        if leg.get_window_extent(renderer).width <= width_px:
            break
    assert leg is not None  # handles is not empty: the loop ran at least once
    return leg.get_window_extent(renderer).height / fig.dpi


def source_line(meta: Mapping[str, Any] | None, *frames: pd.DataFrame | None, extra: Iterable[str] = ()) -> str:
    """The publishers of the figures (in the reader's language where the data has it; never a
    source id), from the result's `meta["sources"]`, the frames' source columns and `extra` ids."""
    ids: list[str] = list(extra)
    for sid in (meta or {}).get("sources") or ():
        ids.append(str(sid))
    for df in frames:
        for col in ("source", "published_source", "index_source"):
            if df is not None and col in df:
                ids += [str(s) for s in df[col].dropna().unique() if str(s)]
    names = publishers(dict.fromkeys(ids), (meta or {}).get("host"))
    if not names:
        return str(_("Source: burdenshare bundled data; every figure's source: `burdenshare sources`."))
    return str(_("Source: {publishers}", publishers=", ".join(names)))


def publishers(ids: Iterable[str], host: str | None = None) -> list[str]:
    """Publisher names of sources (primary sources first), each once; a URL gives its site."""
    from urllib.parse import urlparse

    from ..model.catalog import catalog
    from ..model.sources import is_url

    try:
        registry = catalog(host).sources
    except Exception:
        registry = {}
    order = {"primary": 0, "press": 1, "secondary": 2}
    found: list[tuple[int, int, str]] = []
    for i, sid in enumerate(ids):
        src = registry.get(sid)
        if src is not None:
            found.append((order.get(src.quality, 3), i, publisher_name(src)))
        elif is_url(sid):
            found.append((3, i, urlparse(sid).netloc))
    return list(dict.fromkeys(name for _q, _i, name in sorted(found) if name))


def publisher_name(src: Source) -> str:
    """A source's publisher as a reader wants it: in the reader's language when the registry has it
    (the labelling layer, :func:`present.labels.publisher`), without the remarks on how it was read
    ("Hankyoreh (Yonhap)" → "Hankyoreh", "Newspim, reporting Statistics Korea" → "Newspim")."""
    from . import labels

    name = labels.publisher(src)
    name = re.sub(r"\s*\([^)]*\)", "", name)  # remarks in brackets go
    return name.split(", ", 1)[0].strip()  # "Newspim, reporting Statistics Korea": the publisher is the first part


def credit_line(meta: Mapping[str, Any] | None) -> str:
    from ..ops.common import data_version

    version = (meta or {}).get("data_version") or data_version()
    return str(_("burdenshare · data version {version} · {licence}", version=version, licence=LICENCE))


def _fit_source(renderer: RendererBase, fig: Figure, text: str, max_lines: int = 2) -> str:
    """The source line cut to `max_lines` lines: the first publishers and how many more."""
    from matplotlib.font_manager import FontProperties

    w = (fig.get_size_inches()[0] - 2 * MARGIN) * fig.dpi
    prop = FontProperties(size=8.5)
    if len(_wrap(renderer, text, prop, w, 99)) <= max_lines:
        return text
    head, _sep, rest = text.partition(": ")
    names = rest.split(", ")
    for k in range(len(names) - 1, 0, -1):
        cut = str(_("{source}: {publishers} and {n} more (every figure's source: `burdenshare sources`)", source=head,
                    publishers=", ".join(names[:k]), n=len(names) - k))
        if len(_wrap(renderer, cut, prop, w, 99)) <= max_lines:
            return cut
    return text


def finish(fig: Figure, *, title: str, subtitle: str = "", handles: Iterable[Artist] = (), labels: Iterable[object] = (),
           source: str = "", notes: Iterable[str] = (), meta: Mapping[str, Any] | None = None, ncol: int | None = None) -> Figure:
    """Frame the figure's axes as a finished graphic: title, subtitle (the finding), the legend
    under them, then the axes, then the notes, the source line and the credit line; the axes (with
    their tick labels and axis titles) fill what is left, laid out by matplotlib's constrained layout."""
    r = _renderer(fig)
    w, h = fig.get_size_inches()
    top = _Stack(fig, r, h - 0.28, down=True)
    top.lines(title, 17, weight="bold", max_lines=2, gap=0.04, gid="title")
    top.lines(subtitle, 11.5, color="#333333", max_lines=3, gap=0.12, gid="subtitle")
    top.y -= _legend(fig, r, list(handles), [str(x) for x in labels], top.y, ncol) + (0.12 if handles else 0.0)
    bottom = _Stack(fig, r, 0.22, down=False)
    bottom.lines(credit_line(meta), 8.5, color="#777777", max_lines=1, gid="credit")
    bottom.lines(_fit_source(r, fig, source or source_line(meta)), 8.5, color=GREY, max_lines=2, gid="source")
    for note in reversed([n for n in notes if n]):
        bottom.lines(str(note), 8.5, color=GREY, max_lines=2, gid="note")
    bottom.y += 0.12
    fig.set_layout_engine("constrained", rect=(MARGIN / w * 0.5, bottom.y / h, 1 - MARGIN / w, (top.y - bottom.y) / h),
                          w_pad=0.03, h_pad=0.03, wspace=0.06)
    vars(fig)["_burdenshare"]["title"] = str(title)
    return fig


# --- helpers shared by the charts ---------------------------------------------------------------

def _unit(currency: str) -> tuple[float, str]:
    scale, label, _decimals = table_unit(currency)
    return float(scale), label


def _years_axis(ax: Axes, first: int, last: int, size: str) -> None:
    """Year ticks, few enough to read (every 1, 2, 5 or 10 years)."""
    from matplotlib.ticker import MultipleLocator

    span = max(last - first, 1)
    room = {"square": 8, "article": 10, "a4": 12}.get(size, 10)
    step = next(s for s in (1, 2, 5, 10, 20, 50) if span / s <= room)
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{round(x)}" if abs(x - round(x)) < 1e-6 else "")


def _money_axis(ax: Axes) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}" if abs(v) >= 10 or v == 0 else f"{v:,.1f}"))


def _row_labels(ax: Axes, items: list[tuple[float, float, str]], *, y: float, rows: int = 3, size: float = 8.5,
                color: str = INK) -> float:
    """Short labels centred over spans of the x axis (axes-fraction height `y`), moved to a second
    or third row where they would overlap the label before them (measured, not guessed); gives the
    height (axes fraction) under the last row used."""
    from matplotlib.font_manager import FontProperties

    fig = cast("Figure", ax.figure)  # the charts draw on figures, never on subfigures
    r = _renderer(fig)
    prop = FontProperties(size=size)
    x0, x1 = ax.get_xlim()
    box = ax.get_window_extent(r)
    width_px = box.width
    step = size * 1.45 / 72 * fig.dpi / max(box.height, 1.0)  # a row, in axes fraction
    per_unit = width_px / (x1 - x0)
    ends = [-float("inf")] * rows
    used = 0
    for lo, hi, text in items:
        mid = (lo + hi) / 2
        half = renderer_width(r, text, prop) / per_unit / 2 + 0.15
        row = next((k for k in range(rows) if mid - half > ends[k]), None)
        if row is None:
            continue  # no room in any row: the band is still there, shaded
        ends[row] = mid + half
        used = max(used, row + 1)
        ax.text(mid, y - row * step, text, transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=size, color=color,
                clip_on=False)
    return y - used * step


def renderer_width(r: RendererBase, text: str, prop: FontProperties) -> float:
    return r.get_text_width_height_descent(text, prop, ismath=False)[0]


def _colour(i: int, n: int) -> str:
    """The i-th of n colours: the palette, or a wider map when there are more series than it holds."""
    if n <= len(PALETTE):
        return PALETTE[i % len(PALETTE)]
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    return to_hex(colormaps["tab20"](i % 20))


def _agreement_labels(host: str | None, ids: Iterable[str], titles: Mapping[str, str] | None = None) -> dict[str, str]:
    """Short names of agreements (12th, 제12차, FY2022-26) from the host's files (present/labels.py);
    an agreement that is not the host's (a file of the user's) by its title in `titles`, other names
    as they are."""
    from ..model.catalog import catalog
    from .labels import agreement_short

    titles = titles or {}
    try:
        cat = catalog(host)
    except Exception:
        return {str(a): titles.get(str(a)) or str(a) for a in ids}
    return {str(a): agreement_short(cat, str(a)) if str(a) in cat.agreements else titles.get(str(a)) or str(a) for a in ids}


def _formula_label(formula: str, df: pd.DataFrame, names: dict[str, str]) -> str:
    """A replay's formula as a reader names it: an agreement's short label, or a negotiation case's
    solution ("제11차 · 내시 협상해") for `case:point`."""
    from ..analysis.negotiation.analysis import POINT_LABELS

    if ":" not in str(formula):
        return names.get(formula, str(formula))
    _case, point = str(formula).split(":", 1)
    agreement = df.loc[df["formula"] == formula, "agreement"]
    where = names.get(agreement.iloc[0], str(agreement.iloc[0])) if len(agreement) else _case
    return f"{where} · {POINT_LABELS.get(point, point)}"


def _agreement_sources(host: str | None, ids: Iterable[object]) -> list[str]:
    """The sources an agreement's file cites (its own and each year's)."""
    from ..model.catalog import catalog

    out: list[str] = []
    for a in dict.fromkeys(ids):
        try:
            ag = catalog(host).agreement(str(a))
        except Exception:
            continue
        out += [str(x) for x in getattr(ag, "sources", ()) or ()]
        out += [str(y.source) for y in getattr(ag, "years", ()) or () if getattr(y, "source", None)]
    return out


def _factor_label(host: str | None, factor: str) -> str:
    """An input of a sensitivity run ("kr_cpi_inflation 2026") by its series' title in the data
    ("Korea: consumer price inflation 2026")."""
    from ..model.catalog import catalog

    name, _sp, year = factor.rpartition(" ")
    try:
        titles = catalog(host).book.meta
    except Exception:
        return factor
    series = titles.get(name or factor)
    if series is None:
        return factor
    return f"{localized(series.title)} {year}" if name else localized(series.title)


def _signings(host: str | None, agreements: Iterable[str]) -> list[tuple[str, dt.date]]:
    """Each agreement's signing date, where its file gives one (nothing else is marked)."""
    import datetime as dt

    from ..model.catalog import catalog

    try:
        cat = catalog(host)
    except Exception:
        return []
    out: list[tuple[str, dt.date]] = []
    for a in dict.fromkeys(agreements):
        try:
            ag = cat.agreement(str(a))
        except Exception:
            continue
        signed = getattr(ag, "signed", None)
        if signed:
            try:
                out.append((str(a), dt.date.fromisoformat(str(signed))))
            except ValueError:
                continue
    return out


def _year_fraction(d: dt.date) -> float:
    """A date on a year axis whose bars are centred on the years (year y spans y-0.5 .. y+0.5)."""
    import datetime as dt

    start = dt.date(d.year, 1, 1)
    days = (dt.date(d.year + 1, 1, 1) - start).days
    return d.year - 0.5 + (d - start).days / days


def _mark_signings(ax: Axes, signings: Iterable[tuple[str, dt.date]], lo: float, hi: float, top: float = 1.0) -> None:
    """A thin line up to `top` (axes fraction, under the agreements' labels) ending in a triangle,
    for each signing date inside the x range."""
    for _a, d in signings:
        x = _year_fraction(d)
        if lo <= x <= hi:
            ax.axvline(x, ymax=top, color=INK, lw=0.7, ls=(0, (2, 2)), zorder=1)
            ax.plot([x], [top], marker="v", ms=6, color=INK, transform=ax.get_xaxis_transform(), clip_on=False, zorder=4)


def _signing_key(signings: Iterable[tuple[str, dt.date]], lo: float, hi: float) -> list[tuple[Line2D, str]]:
    """The legend's entry for the signing marks, when a signing date falls inside the x range."""
    from matplotlib.lines import Line2D

    if not any(lo <= _year_fraction(d) <= hi for _a, d in signings):
        return []
    return [(Line2D([0], [0], color=INK, lw=0.7, ls=(0, (2, 2)), marker="v", ms=6), str(_("agreement signed")))]


def _laid_out(fig: Figure) -> None:
    """Place the axes as they will be drawn (the constrained layout, run now), so that labels placed
    next are measured against the final axes."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)


def _values(series: pd.Series[Any], scale: float) -> list[float]:
    return [float("nan") if v is None or v != v else float(v) / scale for v in series.astype("Float64").to_numpy(dtype=float, na_value=float("nan"))]


def _measure_unit(measure: str, meta: Mapping[str, Any], currency: str) -> tuple[float, str]:
    """Scale and axis title of one of the history's measures."""
    if measure.endswith("_pct"):
        return 1.0, str(_("share of the defence budget (%)")) if "defence" in measure else str(_("share of GDP (%)"))
    if measure.endswith("_dollars") or measure == "amount_dollars":
        scale, label = _unit(meta.get("dollar") or settings_dollar())
        return scale, str(_("dollars at each year's rate ({unit})", unit=label))
    scale, label = _unit(currency)
    if measure.startswith("amount_real"):
        return scale, str(_("amount in prices of {year} ({unit})", year=meta.get("real_base_year"), unit=label))
    if measure.startswith("per_soldier"):
        return 1e6, str(_("per US soldier ({unit})", unit=_("million {currency}", currency=currency_name(currency))))
    return scale, str(_("amount ({unit})", unit=label))


# --- the charts ---------------------------------------------------------------------------------

@overload
def plot_amounts(df: pd.DataFrame, path: None, *, title: str, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                 fmt: str | None = None, measure: str | None = None) -> Figure: ...


@overload
def plot_amounts(df: pd.DataFrame, path: str | Path | IO[bytes], *, title: str, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                 fmt: str | None = None, measure: str | None = None) -> Path | IO[bytes]: ...


def plot_amounts(df: pd.DataFrame, path: Target, *, title: str, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                 fmt: str | None = None, measure: str | None = None) -> Saved:
    """Bars of each year's amount, coloured by status (named in the legend), agreements' terms as
    shaded bands with short labels, their signing dates marked."""
    meta = meta or df.attrs.get("meta") or {}
    fig, axes = _figure(size)
    ax = axes[0][0]
    currency = df.attrs.get("currency") or meta["currency"]
    measure = measure or "amount"
    if measure not in df:
        raise InputError(_("'{measure}' is not a column of this table", measure=measure), where="measure")
    scale, axis_title = _measure_unit(measure, meta, currency)
    years = [int(y) for y in df["year"]]
    vals = _values(df[measure], scale)
    status = [str(s) for s in df["status"]]
    if measure == "amount_dollars" and "dollars_basis" in df:  # a dollar figure a source states, for a year whose won amount none gives
        status = [("published" if st == "unknown" and v == v and b == "published" else st)
                  for st, v, b in zip(status, vals, df["dollars_basis"], strict=True)]
    top = max((v for v in vals if v == v), default=1.0) or 1.0
    colours = [STATUS_COLOURS.get(s, "#999999") for s in status]
    known = [v if v == v else 0.0 for v in vals]
    ax.bar(years, known, color=colours, width=0.78, zorder=2)
    gaps = [y for y, v in zip(years, vals, strict=True) if v != v]
    if gaps:  # a year no source gives: a low grey stub, named "unknown" in the legend
        ax.bar(gaps, [top * 0.012] * len(gaps), color=STATUS_COLOURS["unknown"], width=0.78, zorder=2)
    lo, hi = min(years) - 0.6, max(years) + 0.6
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, top * 1.22)
    _years_axis(ax, min(years), max(years), size)
    _money_axis(ax)
    ax.set_ylabel(axis_title, fontsize=10)
    spans, shade = [], False
    if "agreement" in df:
        titles = {str(k): str(v) for k, v in zip(df["agreement"], df["agreement_title"], strict=True)} if "agreement_title" in df else {}
        names = _agreement_labels(meta.get("host") or df.attrs.get("host"), df["agreement"].unique(), titles)
        for agreement, grp in df.groupby("agreement", sort=False):
            a, b = grp["year"].min() - 0.5, grp["year"].max() + 0.5
            if shade:
                ax.axvspan(a, b, color="#000000", alpha=0.045, lw=0, zorder=0)
            shade = not shade
            spans.append((a, b, names[str(agreement)]))
    signings = _signings(meta.get("host") or df.attrs.get("host"), df.get("agreement", ()))
    marks = _signing_key(signings, lo, hi)
    present = [s for s in STATUS_COLOURS if s in set(status)]
    from matplotlib.patches import Patch

    handles = [Patch(color=STATUS_COLOURS[s]) for s in present] + [m[0] for m in marks]
    labels = [word("status", s) for s in present] + [m[1] for m in marks]
    notes = [str(_("Shaded bands: each agreement's term (labels above).")) if len(spans) > 1 else ""]
    if gaps:
        notes.append(str(_("Unknown: no source gives the amount; nothing is estimated for those years.")))
    finish(fig, title=title, subtitle=subtitle, handles=handles, labels=labels, notes=[" ".join(n for n in notes if n)],
           source=source_line(meta, df), meta=meta)
    _laid_out(fig)  # the labels are measured against the axes as drawn; they stay inside them, so the layout holds
    under = _row_labels(ax, spans, y=0.985, rows=3) if spans else 0.985
    _mark_signings(ax, signings, lo, hi, top=under - 0.012)
    return _save(fig, path, fmt)


@overload
def plot_comparison(long: pd.DataFrame, path: None, *, title: str, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                    fmt: str | None = None) -> Figure: ...


@overload
def plot_comparison(long: pd.DataFrame, path: str | Path | IO[bytes], *, title: str, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                    fmt: str | None = None) -> Path | IO[bytes]: ...


def plot_comparison(long: pd.DataFrame, path: Target, *, title: str, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                    fmt: str | None = None) -> Saved:
    """One line per scenario over the compared years, the baseline in black; a second panel without
    the largest scenario when it dwarfs the rest (so that the others stay readable)."""
    meta = meta or long.attrs.get("meta") or {}
    currency = long.attrs.get("currency") or meta["currency"]
    scale, unit_label = _unit(currency)
    titles = long.attrs.get("titles") or meta.get("titles") or {}
    col = "amount"
    peak = long.groupby("scenario", sort=False)[col].max().astype(float)
    big = peak.idxmax() if len(peak) > 2 and peak.max() > 3 * peak.drop(peak.idxmax()).max() else None
    panels = 2 if big is not None else 1
    portrait = size == "square"
    fig, axes = _figure(size, panels if portrait else 1, 1 if portrait else panels)
    names = list(dict.fromkeys(long["scenario"]))
    colour = {}
    others = iter(PALETTE[1:])
    for n in names:
        colour[n] = INK if n == "baseline" else next(others, "#999999")
    years = [int(y) for y in long["year"]]
    for k, ax in enumerate(axes.flat):
        for name, grp in long.groupby("scenario", sort=False):
            if k == 1 and name == big:
                continue
            ax.plot(grp["year"], _values(grp[col], scale), marker="o", ms=3.5, lw=2.6 if name == "baseline" else 1.8,
                    color=colour[name], label=titles.get(name, name), zorder=3 if name == "baseline" else 2)
        ax.set_ylabel(str(_("amount ({unit})", unit=unit_label)), fontsize=10)
        _years_axis(ax, min(years), max(years), size)
        _money_axis(ax)
        ax.set_ylim(bottom=0)
        if panels == 2:
            ax.set_title(str(_("all scenarios")) if k == 0 else str(_("without {name}", name=titles.get(big, big))), loc="left",
                         fontsize=10.5, color=INK)
    from matplotlib.lines import Line2D

    handles = [Line2D([0], [0], color=colour[n], lw=2.6 if n == "baseline" else 1.8, marker="o", ms=3.5) for n in names]
    finish(fig, title=title, subtitle=subtitle, handles=handles, labels=[titles.get(n, n) for n in names],
           source=source_line(meta, long, extra=_agreement_sources(meta.get("host"), [meta.get("baseline"), *long.get("agreement", [])])),
           meta=meta, notes=[str(_("Nominal amounts; each scenario as its file states it."))])
    return _save(fig, path, fmt)


@overload
def plot_fan(by_year: pd.DataFrame, path: None, *, title: str, currency: str, subtitle: str = "", meta: Mapping[str, Any] | None = None,
             size: str = "article", fmt: str | None = None, thresholds: Iterable[tuple[int, float]] = ()) -> Figure: ...


@overload
def plot_fan(by_year: pd.DataFrame, path: str | Path | IO[bytes], *, title: str, currency: str, subtitle: str = "", meta: Mapping[str, Any] | None = None,
             size: str = "article", fmt: str | None = None, thresholds: Iterable[tuple[int, float]] = ()) -> Path | IO[bytes]: ...


def plot_fan(by_year: pd.DataFrame, path: Target, *, title: str, currency: str, subtitle: str = "", meta: Mapping[str, Any] | None = None,
             size: str = "article", fmt: str | None = None, thresholds: Iterable[tuple[int, float]] = ()) -> Saved:
    """Fan chart: the median and the quantile bands per year; a threshold asked about, marked."""
    meta = meta or {}
    scale, unit_label = _unit(currency)
    qcols = sorted((c for c in by_year.columns if c.startswith("q") and c.endswith("_host") and not c.endswith("_text")),
                   key=lambda c: float(c[1:].split("_")[0]))
    qs = [float(c[1:].split("_")[0]) for c in qcols]
    fig, axes = _figure(size)
    ax = axes[0][0]
    x = [int(y) for y in by_year["year"]]
    n = len(qcols)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = []
    labels: list[str] = []
    for i in range(n // 2):
        alpha = 0.18 + 0.22 * i
        ax.fill_between(x, by_year[qcols[i]].astype(float) / scale, by_year[qcols[n - 1 - i]].astype(float) / scale, color="#3a7dbf",
                        alpha=alpha, lw=0)
        handles.append(Patch(color="#3a7dbf", alpha=alpha))
        labels.append(str(_("{lo:g}–{hi:g}% of paths", lo=qs[i] * 100, hi=qs[n - 1 - i] * 100)))
    mid = [c for c, q in zip(qcols, qs, strict=True) if q == 0.5]
    if mid:
        ax.plot(x, by_year[mid[0]].astype(float) / scale, color="#1f4e79", lw=2.4, marker="o", ms=3.5)
        handles.append(Line2D([0], [0], color="#1f4e79", lw=2.4, marker="o", ms=3.5))
        labels.append(str(_("median")))
    for year, amount in thresholds:
        ax.plot([year - 0.35, year + 0.35], [amount / scale] * 2, color="#c0504d", lw=2.2, zorder=5)
    if thresholds:
        handles.append(Line2D([0], [0], color="#c0504d", lw=2.2))
        labels.append(str(_("threshold asked about")))
    _years_axis(ax, min(x), max(x), size)
    _money_axis(ax)
    ax.margins(y=0.15)  # lines, not bars: the axis fits the fan (so that its spread shows), its start is labelled
    ax.set_ylabel(str(_("amount ({unit})", unit=unit_label)), fontsize=10)
    model = meta.get("model") or {}
    note = ""
    if meta.get("paths"):
        note = str(_("{paths:,} simulated paths, seed {seed}; model {kind} fitted on {sample}.", paths=int(meta["paths"]),
                     seed=meta.get("seed"), kind=model.get("kind", ""), sample=model.get("sample", "")))
    finish(fig, title=title, subtitle=subtitle, handles=handles, labels=labels, meta=meta, notes=[note],
           source=source_line(meta, extra=_agreement_sources(meta.get("host"), [meta.get("target")])))
    return _save(fig, path, fmt)


@overload
def plot_tornado(df: pd.DataFrame, path: None, *, title: str, currency: str, subtitle: str = "", meta: Mapping[str, Any] | None = None,
                 size: str = "article", fmt: str | None = None) -> Figure: ...


@overload
def plot_tornado(df: pd.DataFrame, path: str | Path | IO[bytes], *, title: str, currency: str, subtitle: str = "", meta: Mapping[str, Any] | None = None,
                 size: str = "article", fmt: str | None = None) -> Path | IO[bytes]: ...


def plot_tornado(df: pd.DataFrame, path: Target, *, title: str, currency: str, subtitle: str = "", meta: Mapping[str, Any] | None = None,
                 size: str = "article", fmt: str | None = None) -> Saved:
    """Tornado: each input's low and high effect on the term total, in the host currency and in dollars."""
    meta = meta or df.attrs.get("meta") or {}
    d = df.iloc[::-1]
    portrait = size == "square"
    fig, axes = _figure(size, 2 if portrait else 1, 1 if portrait else 2, sharey=True)
    y = list(range(len(d)))
    dollar = meta.get("dollar") or settings_dollar()
    for ax, measure, cur in ((axes.flat[0], "nominal", currency), (axes.flat[1], "dollars", dollar)):
        scale, label = _unit(cur)
        central = df.attrs.get(f"central_{measure}", 0.0)
        ax.barh(y, (d[f"{measure}_low"].astype(float) - central) / scale, color="#c0504d", height=0.7)
        ax.barh(y, (d[f"{measure}_high"].astype(float) - central) / scale, color="#3a7dbf", height=0.7)
        ax.axvline(0, color=INK, lw=0.8)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color=LIGHT, lw=0.8)
        ax.set_xlabel(str(_("change of the term total ({unit})", unit=label)), fontsize=10)
        ax.set_yticks(y, [_factor_label(meta.get("host"), str(f)) for f in d["factor"]])
    from matplotlib.patches import Patch

    finish(fig, title=title, subtitle=subtitle, handles=[Patch(color="#c0504d"), Patch(color="#3a7dbf")],
           labels=[str(_("input at -k sd")), str(_("input at +k sd"))], meta=meta,
           source=source_line(meta, df, extra=_agreement_sources(meta.get("host"), [meta.get("target"), meta.get("agreement")])))
    return _save(fig, path, fmt)


@overload
def plot_utility_plane(space: Space, solutions: pd.DataFrame, path: None, *, offers: pd.DataFrame | None = None, sample: int = 20_000,
                       title: str | None = None, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                       fmt: str | None = None) -> Figure: ...


@overload
def plot_utility_plane(space: Space, solutions: pd.DataFrame, path: str | Path | IO[bytes], *, offers: pd.DataFrame | None = None, sample: int = 20_000,
                       title: str | None = None, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                       fmt: str | None = None) -> Path | IO[bytes]: ...


def plot_utility_plane(space: Space, solutions: pd.DataFrame, path: Target, *, offers: pd.DataFrame | None = None, sample: int = 20_000,
                       title: str | None = None, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                       fmt: str | None = None) -> Saved:
    """The utility plane: a sample of packages, the Pareto frontier, the reservation lines, the
    Nash and Kalai-Smorodinsky points, the agreement reached and the offers."""
    import numpy as np

    from ..analysis.negotiation.analysis import pareto

    meta = meta or {}
    a, b = (q.id for q in space.case.parties)
    ca, cb = (q.column("utility") for q in space.case.parties)
    names = {q.id: localized(q.name) for q in space.case.parties}
    ua, ub = space.utilities[a], space.utilities[b]
    rng = np.random.default_rng(0)
    pick = rng.choice(ua.size, size=min(sample, ua.size), replace=False)
    fig, axes = _figure(size)
    ax = axes[0][0]
    ax.grid(False)
    ax.scatter(ua[pick], ub[pick], s=2, color="#cccccc", rasterized=True, label=str(_("packages (sample of {n:,})", n=len(pick))))
    f = pareto(ua, ub)
    ax.plot(ua[f], ub[f], color="#1f4e79", lw=2, label=str(_("Pareto frontier")))
    marks = iter(PALETTE[1:])
    for _i, row in solutions.iterrows():
        point = row["point"]
        x, y = row[ca], row[cb]
        if point == "disagreement":
            ax.axvline(x, color="#c0504d", ls="--", lw=1)
            ax.axhline(y, color="#c0504d", ls="--", lw=1, label=str(_("reservation values")))
        elif point in ("nash", "kalai_smorodinsky", "agreement"):
            ax.scatter([x], [y], s=70, zorder=5, color=INK if point == "agreement" else next(marks), marker="*" if point == "agreement" else "o",
                       label=row["label"])
    sources = []
    if offers is not None and len(offers):
        for k, (party, grp) in enumerate(offers[offers["kind"] != "final"].groupby("party")):
            ax.scatter(grp[ca], grp[cb], marker="x", s=40, color=PALETTE[(k + 5) % len(PALETTE)],
                       label=str(_("offers by {party}", party=names.get(str(party), str(party)))))
        sources.append(offers)
    ax.set_xlabel(str(_("utility of {party}", party=names[a])), fontsize=10)
    ax.set_ylabel(str(_("utility of {party}", party=names[b])), fontsize=10)
    handles, labels = ax.get_legend_handles_labels()
    finish(fig, title=title or localized(space.case.title), subtitle=subtitle, handles=handles, labels=labels,
           source=source_line(meta, *sources), meta=meta,
           notes=[str(_("Utilities are the case file's illustrative assumptions, not any government's."))])
    return _save(fig, path, fmt)


@overload
def plot_gap(offers: pd.DataFrame, gap: pd.DataFrame, path: None, *, title: str, currency: str, names: Mapping[str, str], subtitle: str = "",
             meta: Mapping[str, Any] | None = None, size: str = "article", fmt: str | None = None) -> Figure: ...


@overload
def plot_gap(offers: pd.DataFrame, gap: pd.DataFrame, path: str | Path | IO[bytes], *, title: str, currency: str, names: Mapping[str, str], subtitle: str = "",
             meta: Mapping[str, Any] | None = None, size: str = "article", fmt: str | None = None) -> Path | IO[bytes]: ...


def plot_gap(offers: pd.DataFrame, gap: pd.DataFrame, path: Target, *, title: str, currency: str, names: Mapping[str, str], subtitle: str = "",
             meta: Mapping[str, Any] | None = None, size: str = "article", fmt: str | None = None) -> Saved:
    """Each side's first-year figure by date, the agreement, and the rounds of talks (numbered)."""
    import pandas as pd

    meta = meta or {}
    scale, unit_label = _unit(currency)
    fig, axes = _figure(size)
    ax = axes[0][0]
    from matplotlib.lines import Line2D

    handles: list[Artist] = []
    labels: list[str] = []
    for k, (party, grp) in enumerate(offers[offers["kind"] != "final"].groupby("party")):
        c = PALETTE[k % len(PALETTE)]
        ax.plot(pd.to_datetime(grp["date"]), grp["first_year"].astype(float) / scale, marker="o", ms=4, lw=1.8, color=c)
        handles.append(Line2D([0], [0], color=c, marker="o", ms=4, lw=1.8))
        labels.append(str(_("{party}: asks and offers", party=names.get(str(party), str(party)))))
    final = offers[offers["kind"] == "final"]
    if len(final):
        ax.scatter(pd.to_datetime(final["date"]), final["first_year"].astype(float) / scale, marker="*", s=170, color=INK, zorder=5)
        handles.append(Line2D([0], [0], color=INK, marker="*", ms=11, lw=0))
        labels.append(str(_("agreement (first year)")))
    import matplotlib.dates as mdates

    rounds = []  # (date, number) of each round of talks the case file dates
    for k, (_i, r) in enumerate(gap.iterrows(), start=1):
        if r.get("start") is None or r["start"] != r["start"]:
            continue
        t = pd.Timestamp(r["start"])
        ax.axvline(t, color="#cccccc", lw=0.8, zorder=0)
        n = r.get("round", k)
        x = mdates.date2num(t)  # type: ignore[no-untyped-call]  # matplotlib's stubs leave date2num unannotated
        rounds.append((x, x, str(int(n)) if n == n else ""))
    ax.grid(axis="y", color=LIGHT, lw=0.8)
    ax.set_ylim(bottom=0, top=ax.get_ylim()[1] * 1.12)
    if rounds:
        handles.append(Line2D([0], [0], color="#cccccc", lw=0.8))
        labels.append(str(_("rounds of talks (numbered)")))
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=8))  # type: ignore[no-untyped-call]  # unannotated in the stubs
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]  # unannotated in the stubs; numbers, read alike in every language (no month names)
    ax.set_ylabel(str(_("first-year total ({unit})", unit=unit_label)), fontsize=10)
    _money_axis(ax)
    finish(fig, title=title, subtitle=subtitle, handles=handles, labels=labels, source=source_line(meta, offers, gap), meta=meta)
    _laid_out(fig)
    _row_labels(ax, rounds, y=0.99, rows=2, size=8, color=GREY)
    return _save(fig, path, fmt)


@overload
def plot_hosts(df: pd.DataFrame, path: None, *, title: str | None = None, subtitle: str = "", meta: Mapping[str, Any] | None = None,
               size: str = "article", fmt: str | None = None) -> Figure: ...


@overload
def plot_hosts(df: pd.DataFrame, path: str | Path | IO[bytes], *, title: str | None = None, subtitle: str = "", meta: Mapping[str, Any] | None = None,
               size: str = "article", fmt: str | None = None) -> Path | IO[bytes]: ...


def plot_hosts(df: pd.DataFrame, path: Target, *, title: str | None = None, subtitle: str = "", meta: Mapping[str, Any] | None = None,
               size: str = "article", fmt: str | None = None) -> Saved:
    """Contribution in constant dollars and per US soldier, by host and year (gaps where unknown)."""
    meta = meta or df.attrs.get("meta") or {}
    portrait = size == "square"
    fig, axes = _figure(size, 2 if portrait else 1, 1 if portrait else 2)
    base = meta.get("base_year") or df.attrs.get("base_year")
    dollars = currency_name(meta.get("dollar") or settings_dollar())
    panels = ((axes.flat[0], "contribution_dollars_real", 1e9, str(_("billion {dollars} of {year}", dollars=dollars, year=base)),
               str(_("contribution in dollars of {year}", year=base))),
              (axes.flat[1], "per_us_soldier_dollars", 1e3, str(_("thousand {dollars} per US soldier", dollars=dollars)),
               str(_("per US soldier"))))
    colour: dict[str, str] = {}
    names: dict[str, str] = {}
    years: list[int] = []
    for ax, measure, scale, label, heading in panels:
        sub = df[(df["measure"] == measure) & df["period"].astype(str).str.fullmatch(r"\d{4}")]
        for host, grp in sub.groupby("host", sort=False):
            names[str(host)] = str(grp["host_name"].iloc[0]) if "host_name" in grp else str(host)
            c = colour.setdefault(str(host), PALETTE[len(colour) % len(PALETTE)])
            ys = grp["period"].astype(int).to_numpy()
            years += list(ys)
            ax.plot(ys, grp["value"].to_numpy(dtype=float) / scale, marker="o", ms=3, lw=1.8, color=c)  # NaN years leave gaps
        ax.set_ylabel(label, fontsize=10)
        ax.set_title(heading, loc="left", fontsize=10.5, color=INK)
        ax.set_ylim(bottom=0)
    for ax in axes.flat:
        if years:
            _years_axis(ax, min(years), max(years), "square" if not portrait else size)
    from matplotlib.lines import Line2D

    handles = [Line2D([0], [0], color=colour[h], marker="o", ms=3, lw=1.8) for h in colour]
    finish(fig, title=title or str(_("Host-nation contributions under the cost-sharing agreements")), subtitle=subtitle,
           handles=handles, labels=[names[h] for h in colour], source=source_line(meta, df), meta=meta,
           notes=[str(_("Gaps: years no source gives."))])
    return _save(fig, path, fmt)


@overload
def plot_ledger(df: pd.DataFrame, path: None, *, title: str, components: list[str], subtitle: str = "", meta: Mapping[str, Any] | None = None,
                size: str = "article", fmt: str | None = None, component_names: Mapping[str, str] | None = None, items: pd.DataFrame | None = None) -> Figure: ...


@overload
def plot_ledger(df: pd.DataFrame, path: str | Path | IO[bytes], *, title: str, components: list[str], subtitle: str = "", meta: Mapping[str, Any] | None = None,
                size: str = "article", fmt: str | None = None, component_names: Mapping[str, str] | None = None, items: pd.DataFrame | None = None) -> Path | IO[bytes]: ...


def plot_ledger(df: pd.DataFrame, path: Target, *, title: str, components: list[str], subtitle: str = "", meta: Mapping[str, Any] | None = None,
                size: str = "article", fmt: str | None = None, component_names: Mapping[str, str] | None = None, items: pd.DataFrame | None = None) -> Saved:
    """Stacked bars of the ledger's components by year (single years of the first definition that
    counts components); a year whose components are all known is drawn solid, a partial year
    hatched and lighter (its bar is not a total), and the published totals are markers."""
    meta = meta or df.attrs.get("meta") or {}
    currency = df.attrs.get("currency") or meta["currency"]
    scale, unit_label = _unit(currency)
    rows = df[(df["first_year"] == df["last_year"]) & (df["status"] != "totals only")]
    if not len(rows):
        raise InputError(_("nothing to draw: no year has components in this selection"), where="plot")
    rows = rows[rows["definition"] == rows["definition"].iloc[0]]
    fig, axes = _figure(size)
    ax = axes[0][0]
    years = [int(y) for y in rows["first_year"]]
    partial = [str(s) != "complete" for s in rows["status"]]
    bottom = [0.0] * len(rows)
    from matplotlib.patches import Patch

    handles: list[Artist] = []
    labels: list[str] = []
    k = 0
    for comp in [c for c in components if c in rows]:
        vals = [0.0 if v != v else v / scale for v in rows[comp].astype(float)]
        if not any(vals):
            continue
        c = PALETTE[k % len(PALETTE)]
        k += 1
        bars = ax.bar(years, vals, bottom=bottom, color=c, width=0.78, zorder=2)
        for bar, p in zip(bars, partial, strict=True):
            if p:
                bar.set_alpha(0.45)
                bar.set_hatch("///")
                bar.set_edgecolor("white")
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
        handles.append(Patch(color=c))
        labels.append((component_names or {}).get(comp) or word("component", comp))
    pub_col = "published_total_host"
    if pub_col in rows:
        pub = rows[pub_col].astype(float) / scale
        ax.scatter(years, pub, marker="D", s=28, color=INK, zorder=4)
        if pub.notna().any():
            from matplotlib.lines import Line2D

            handles.append(Line2D([0], [0], marker="D", color=INK, lw=0, ms=5))
            labels.append(str(_("published total")))
    if any(partial):
        handles.append(Patch(facecolor="#999999", alpha=0.45, hatch="///", edgecolor="white"))
        labels.append(str(_("partial year: some components unknown (not a total)")))
    _years_axis(ax, min(years), max(years), size)
    _money_axis(ax)
    ax.set_xlim(min(years) - 0.6, max(years) + 0.6)
    ax.set_ylabel(str(_("amount ({unit})", unit=unit_label)), fontsize=10)
    finish(fig, title=title, subtitle=subtitle, handles=handles, labels=labels, source=source_line(meta, df, items), meta=meta,
           notes=[str(_("Counted by {by}; every item with its source.", by=(meta.get("definitions") or {}).get(rows["definition"].iloc[0], {}).get("by")
                        or rows["definition"].iloc[0]))])
    return _save(fig, path, fmt)


@overload
def plot_execution(df: pd.DataFrame, path: None, *, title: str, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                   fmt: str | None = None) -> Figure: ...


@overload
def plot_execution(df: pd.DataFrame, path: str | Path | IO[bytes], *, title: str, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                   fmt: str | None = None) -> Path | IO[bytes]: ...


def plot_execution(df: pd.DataFrame, path: Target, *, title: str, subtitle: str = "", meta: Mapping[str, Any] | None = None, size: str = "article",
                   fmt: str | None = None) -> Saved:
    """Agreed, budgeted, spent and unexecuted money per year (whole contribution), and the unspent
    balances held at a date."""
    meta = meta or df.attrs.get("meta") or {}
    currency = df.attrs.get("currency") or meta["currency"]
    scale, unit_label = _unit(currency)
    flows = df[(df["category"] == "total") & (df["first_year"] == df["last_year"]) & df["status"].isin(["published", "computed"])
               & (df["currency"] == currency)]
    fig, axes = _figure(size)
    ax = axes[0][0]
    measures = [m for m in ("agreed", "budgeted", "spent", "unexecuted", "lapsed") if m in set(flows["measure"])]
    width = 0.8 / max(len(measures), 1)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = []
    labels: list[str] = []
    for i, m in enumerate(measures):
        g = flows[flows["measure"] == m]
        ax.bar(g["first_year"].astype(float) + (i - len(measures) / 2) * width + width / 2, g["value"].astype(float) / scale,
               width=width, color=PALETTE[i], zorder=2)
        handles.append(Patch(color=PALETTE[i]))
        labels.append(word("execution", m))
    stocks = df[(df["measure"] == "balance") & (df["currency"] == currency)]  # a dollar balance has no host-currency point
    if len(stocks):
        xs = [int(str(a)[:4]) + (int(str(a)[5:7]) - 1) / 12 if len(str(a)) >= 7 else int(str(a)[:4]) for a in stocks["as_of"]]
        ax.plot(xs, stocks["value"].astype(float) / scale, "o--", color=INK, ms=4)
        handles.append(Line2D([0], [0], color=INK, ls="--", marker="o", ms=4))
        labels.append(word("execution", "balance"))
    years = [int(y) for y in flows["first_year"]] or [int(str(a)[:4]) for a in stocks["as_of"]]
    if years:
        _years_axis(ax, min(years), max(years), size)
    _money_axis(ax)
    ax.set_ylabel(str(_("amount ({unit})", unit=unit_label)), fontsize=10)
    finish(fig, title=title, subtitle=subtitle, handles=handles, labels=labels, source=source_line(meta, df), meta=meta)
    return _save(fig, path, fmt)


@overload
def plot_replay(df: pd.DataFrame, path: None, *, currency: str, title: str | None = None, subtitle: str = "", meta: Mapping[str, Any] | None = None,
                size: str = "article", fmt: str | None = None) -> Figure: ...


@overload
def plot_replay(df: pd.DataFrame, path: str | Path | IO[bytes], *, currency: str, title: str | None = None, subtitle: str = "", meta: Mapping[str, Any] | None = None,
                size: str = "article", fmt: str | None = None) -> Path | IO[bytes]: ...


def plot_replay(df: pd.DataFrame, path: Target, *, currency: str, title: str | None = None, subtitle: str = "", meta: Mapping[str, Any] | None = None,
                size: str = "article", fmt: str | None = None) -> Saved:
    """Each agreement's yearly mean as agreed and under the other agreements' formulas."""
    import numpy as np

    meta = meta or df.attrs.get("meta") or {}
    scale, unit_label = _unit(currency)
    df = df[df["total"].notna()]
    agreements = list(dict.fromkeys(df["agreement"]))
    actual = str(_("as agreed"))
    labels = list(dict.fromkeys(actual if k == "actual" else f for f, k in zip(df["formula"], df["formula_kind"], strict=True)))
    fig, axes = _figure(size)
    ax = axes[0][0]
    width = 0.8 / max(len(labels), 1)
    from matplotlib.patches import Patch

    handles: list[Artist] = []
    for j, lab in enumerate(labels):
        xs, ys = [], []
        for i, a in enumerate(agreements):
            sub = df[(df["agreement"] == a) & (((df["formula_kind"] == "actual") & (lab == actual)) | (df["formula"] == lab))]
            if len(sub):
                xs.append(i + j * width)
                ys.append(float(sub["yearly_mean"].iloc[0]) / scale)
        c = INK if lab == actual else _colour(j - 1, len(labels) - 1)
        ax.bar(xs, ys, width=width, color=c, zorder=2)
        handles.append(Patch(color=c))
    names = _agreement_labels(meta.get("host"), list(agreements) + [f for f in df["formula"] if ":" not in str(f)])
    ax.set_xticks(np.arange(len(agreements)) + 0.4 - width / 2, [names[a] for a in agreements])
    labels = [_formula_label(lab, df, names) for lab in labels]
    ax.set_ylabel(str(_("yearly mean ({unit})", unit=unit_label)), fontsize=10)
    _money_axis(ax)
    finish(fig, title=title or str(_("Each agreement under the other agreements' formulas")), subtitle=subtitle, handles=handles,
           labels=labels, source=source_line(meta, df), meta=meta)
    return _save(fig, path, fmt)
