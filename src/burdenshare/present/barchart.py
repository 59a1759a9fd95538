"""A bar chart of yearly figures as an SVG drawn on the server, for a page to show at its first paint.

The History page is what most readers open first, many on a phone. Drawn in the browser, its chart
waited for a chart library of half a megabyte (compressed) that took seconds of a phone's processor to
load; a bar per year needs none of it. This module writes the chart as SVG text: one bar per year in
its status's colour, the agreements' periods as alternate shaded bands with their names above them,
a value axis with round ticks from zero and its unit, years along the bottom. Every bar carries its
year (``data-year``, for a click that explains the figure) and a ``<title>`` that a browser shows on
hover and a screen reader reads ("2026: 1조 5,192억원 · 제12차 방위비분담특별협정 · 공표").

Two layouts: ``wide`` for a desktop column and ``narrow`` for a phone, where the agreements' names
alternate between two rows and one too wide for its room keeps only its number (as the interactive
charts do). Colours of text, grid and bands follow the page's colours (``currentColor`` and CSS
classes), so the same SVG reads on a light or a dark page. All text is escaped here.

Only the layout is computed here (pure functions, no I/O); the figures, their words and their
colours come from the caller.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape as _html_escape
from typing import Any, Literal

Layout = Literal["wide", "narrow"]

# characters XML does not allow, and line breaks and tabs (a label is one line)
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """A text as SVG text or attribute: markup escaped, control characters as spaces."""
    return _html_escape(_CONTROL.sub(" ", text))


@dataclass(frozen=True)
class Bar:
    """One year's bar: its value in the axis's unit (None: unknown, no bar), colour and hover text."""

    year: int
    value: float | None
    colour: str
    title: str


@dataclass(frozen=True)
class Band:
    """An agreement's years, shaded every other one, named above the bars (``short`` where the name
    does not fit; ``title`` on hover)."""

    start: int
    end: int
    label: str
    short: str
    title: str


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    yticks: int
    year_step: int
    label_rows: int


FRAMES: dict[str, _Frame] = {
    "wide": _Frame(width=960, height=400, left=40, right=12, top=34, bottom=30, font=13, yticks=6, year_step=5, label_rows=1),
    "narrow": _Frame(width=360, height=270, left=30, right=8, top=46, bottom=28, font=11, yticks=4, year_step=10, label_rows=2),
}


def nice_ticks(low: float, high: float, count: int) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten apart) covering low..high, zero among them
    when the range holds it; about `count` of them."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("the range of a chart's axis must be finite")
    if not high - low > 1e-9 * max(1.0, abs(low), abs(high)):  # one value (or all alike): an axis of one unit
        high = low + 1.0
    raw = (high - low) / max(1, count - 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw * (1 - 1e-9))
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    n = round((last - first) / step)
    return [round(first + i * step, 10) for i in range(n + 1)]


def _tick_text(v: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    if step < 1 and abs(step * 10 ** decimals - round(step * 10 ** decimals)) > 1e-9:
        decimals += 1  # 2.5 apart at a tenth: 0.25
    return f"{v:,.{decimals}f}"


def _text_width(text: str, size: float) -> float:
    """About how wide a label is drawn (Latin and digits ~0.6 em, Hangul and other wide letters 1 em)."""
    return sum((1.0 if ord(c) > 0x2E80 else 0.62) for c in text) * size


def bar_chart(bars: Sequence[Bar], bands: Sequence[Band], *, axis_title: str, label: str, layout: Layout = "wide") -> str:
    """The SVG text of a yearly bar chart (see the module's docstring); `label` names the chart for
    screen readers, `axis_title` is the value axis's unit."""
    f = FRAMES[layout]
    if not bars:
        return (f'<svg class="bars bars-{layout}" viewBox="0 0 {f.width} {f.height}" role="img" aria-label="{escape(label)}">'
                f"<title>{escape(label)}</title></svg>")
    years = [b.year for b in bars]
    first, last = min(years), max(years)
    known = [b.value for b in bars if b.value is not None and math.isfinite(b.value)]
    ticks = nice_ticks(min([0.0, *known]), max([0.0, *known]), f.yticks)
    lo, hi = ticks[0], ticks[-1]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    tick_texts = [_tick_text(v, step) for v in ticks]
    # the unit on a line of its own above the chart (read before the figures, never over the ticks), the
    # agreements' names under it, and the value axis as wide as its longest tick
    top = f.top + f.font + 4
    left = max(f.left, round(max(_text_width(t, f.font) for t in tick_texts)) + 14)
    plot_w = f.width - left - f.right
    plot_h = f.height - top - f.bottom
    per_year = plot_w / (last - first + 1)

    def x_of(year: float) -> float:
        return left + (year - first + 0.5) * per_year

    def y_of(v: float) -> float:
        return top + plot_h * (hi - v) / (hi - lo)

    out = [f'<svg class="bars bars-{layout}" viewBox="0 0 {f.width} {f.height}" role="img" aria-label="{escape(label)}" '
           f'font-size="{f.font}" fill="currentColor">',
           f"<title>{escape(label)}</title>",
           f'<text class="axis-title" x="2" y="{f.font}">{escape(axis_title)}</text>']
    for i, band in enumerate(bands):  # every other agreement shaded, as in the interactive charts
        if i % 2:
            x0, x1 = x_of(band.start - 0.5), x_of(band.end + 0.5)
            out.append(f'<rect class="band" x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" height="{plot_h}" fill-opacity="0.05"/>')
    for v, text in zip(ticks, tick_texts, strict=True):
        y = y_of(v)
        out.append(f'<line class="grid{" zero" if v == 0 else ""}" x1="{left}" x2="{f.width - f.right}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="currentColor" stroke-opacity="{0.5 if v == 0 else 0.15}"/>')
        out.append(f'<text class="tick" x="{left - 6}" y="{y + f.font * 0.35:.1f}" text-anchor="end">{text}</text>')
    base = y_of(0.0)
    width = max(1.0, per_year * 0.78)
    for b in bars:
        if b.value is None or not math.isfinite(b.value):
            continue
        y0, y1 = sorted((y_of(b.value), base))
        out.append(f'<rect class="bar" data-year="{b.year}" x="{x_of(b.year) - width / 2:.1f}" y="{y0:.1f}" width="{width:.1f}" '
                   f'height="{max(y1 - y0, 0.5):.1f}" fill="{escape(b.colour)}"><title>{escape(b.title)}</title></rect>')
    for year in range(first, last + 1):
        if year % f.year_step == 0:
            x = x_of(year)
            half = _text_width(str(year), f.font) / 2
            anchor = "end" if x + half > f.width else "start" if x - half < 0 else "middle"
            x = min(x, float(f.width)) if anchor == "end" else max(x, 0.0) if anchor == "start" else x
            out.append(f'<text class="tick" x="{x:.1f}" y="{f.height - f.bottom + f.font + 6}" text-anchor="{anchor}">{year}</text>')
    out.extend(_band_labels(bands, f, top, x_of, per_year))
    out.append("</svg>")
    return "".join(out)


def _band_labels(bands: Sequence[Band], f: _Frame, top: int, x_of: Callable[[float], float], per_year: float) -> list[str]:
    """The agreements' names above their bands: on a phone in two alternating rows; a name wider than
    the room between its row's neighbours keeps only its short form, and one still too wide none."""
    size = f.font - 1
    centres = [(b.start + b.end) / 2 for b in bands]
    out = []
    for k, band in enumerate(bands):
        neighbours = [centres[j] for j in (k - f.label_rows, k + f.label_rows) if 0 <= j < len(bands)]
        room = min((abs(c - centres[k]) * per_year for c in neighbours), default=math.inf) - 6
        text = band.label if _text_width(band.label, size) <= room else band.short
        if _text_width(text, size) > room + per_year:  # not even the number fits: the bar's own hover names it
            continue
        row = k % f.label_rows
        y = top - 6 - row * (size + 4)
        out.append(f'<text class="band-label" x="{x_of(centres[k]):.1f}" y="{y}" text-anchor="middle" font-size="{size}">'
                   f"<title>{escape(band.title)}</title>{escape(text)}</text>")
    return out


def bands_of(years: Sequence[int], agreements: Sequence[str], titles: Sequence[str], names: Sequence[str]) -> list[Band]:
    """The runs of consecutive years under one agreement (`agreements`: ids, never shown), in order:
    labelled with the agreement's short name from the data in the reader's language (`names`: 제12차,
    12th), shortened to its number where even that does not fit ("12"), and its title on hover."""
    out: list[Band] = []
    last_id = None
    for year, agreement, title, name in zip(years, agreements, titles, names, strict=True):
        if out and last_id == agreement and out[-1].end == year - 1:
            last = out[-1]
            out[-1] = Band(last.start, year, last.label, last.short, last.title)
        else:
            number = re.search(r"\d+", name)
            out.append(Band(year, year, name, (number.group().lstrip("0") or number.group()) if number else name, title))
        last_id = agreement
    return out


def yearly_bars(rows: Sequence[Mapping[str, Any]], key: str, scale: float, colours: Mapping[str, str],
                unknown: str, decimals: int = 3) -> tuple[list[Bar], list[Band]]:
    """The bars and bands of one measure (`key`) of a history's rows (year, agreement,
    agreement_title, agreement_short, status, status_text, the measure and its words ``<key>_text``
    where the rows have them: present/labels.annotate adds the short names), the values divided by
    `scale` (the axis's unit); `unknown` is the word for a missing value."""
    bars = []
    for r in rows:
        v = r.get(key)
        number = float(v) if isinstance(v, (int, float)) and math.isfinite(v) else None
        value = None if number is None else number / scale
        words = r.get(f"{key}_text")
        if not isinstance(words, str):
            words = unknown if number is None else f"{number:,.{decimals}f}"
        title = f"{r['year']}: {words} · {r.get('agreement_title') or ''} · {r.get('status_text') or ''}"
        bars.append(Bar(int(r["year"]), value, colours.get(str(r.get("status")), "#999999"), title))
    bands = bands_of([b.year for b in bars], [str(r.get("agreement") or "") for r in rows],
                     [str(r.get("agreement_title") or "") for r in rows],
                     [str(r.get("agreement_short") or r.get("agreement_title") or "") for r in rows])
    return bars, bands
