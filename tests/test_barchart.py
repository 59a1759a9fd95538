"""The server-drawn bar chart (present/barchart.py): well-formed SVG whatever the figures, every known
year a bar inside the frame, round ticks from zero covering every value, and every text escaped."""

import itertools
import math
import re
import xml.etree.ElementTree as ET

from hypothesis import given, settings, strategies as st

from burdenshare.present.barchart import FRAMES, Bar, bands_of, bar_chart, nice_ticks, yearly_bars

SVG = "{http://www.w3.org/2000/svg}"
values = st.one_of(st.none(), st.floats(min_value=-1e7, max_value=1e9, allow_nan=False, allow_infinity=False))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


@settings(max_examples=150, deadline=None)
@given(st.floats(-1e9, 1e9), st.floats(0, 1e9), st.integers(3, 8))
def test_ticks_are_round_evenly_spaced_and_cover_the_range(low, span, count):
    if 0 < span < 1e-6 * max(1.0, abs(low)):  # a range narrower than a chart shows (figures in a display unit)
        span = 0.0
    high = low + span
    t = nice_ticks(low, high, count)
    scale = max(1.0, abs(low), abs(high))
    assert t[0] <= low + 1e-9 * scale and t[-1] >= high - 1e-9 * scale
    steps = [b - a for a, b in itertools.pairwise(t)]
    step = steps[0]
    assert all(math.isclose(s, step, rel_tol=1e-6, abs_tol=1e-9 * scale) for s in steps)
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 2.5, 5, 10))
    assert len(t) <= 2 * count + 2
    if low <= 0 <= high:
        assert any(abs(v) < 1e-9 * max(1.0, step) for v in t)


@settings(max_examples=120, deadline=None)
@given(st.lists(values, min_size=1, max_size=45), st.sampled_from(["wide", "narrow"]),
       st.text(min_size=1, max_size=20))
def test_any_figures_give_a_well_formed_chart_with_a_bar_per_known_year(vals, layout, words):
    years = list(range(1991, 1991 + len(vals)))
    bars = [Bar(y, v, "#1f4e79", f"{y}: {words}") for y, v in zip(years, vals, strict=True)]
    bands = bands_of(years, ["sma-1" if y < 2000 else "sma-2" for y in years], ["<first> & \"one\"" if y < 2000 else "second" for y in years],
                     ["<1st>" if y < 2000 else words for y in years])
    root = parse(bar_chart(bars, bands, axis_title=words, label=words, layout=layout))
    f = FRAMES[layout]
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(rects) == sum(v is not None for v in vals)
    for r in rects:
        x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
        assert x >= 0 and x + w <= f.width + 0.1 and y >= 0 and y + h <= f.height + 0.1
        assert r.find(f"{SVG}title").text.endswith(one_line(words))  # the hover text (escaped in the file, read back)
    ticks = [float(t.text.replace(",", "")) for t in root.iter(f"{SVG}text")
             if t.get("class") == "tick" and t.get("text-anchor") == "end" and float(t.get("x")) < f.width / 2]
    known = [v for v in vals if v is not None]
    assert 0.0 in ticks  # the value axis starts at zero (or crosses it)
    if known:
        top = max(0.0, *known)
        assert max(ticks) >= top - 1e-6 * max(1.0, top)
    assert root.find(f"{SVG}title").text == one_line(words)


def one_line(text: str) -> str:
    return re.sub("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]", " ", text)


def test_the_history_rows_give_bars_in_the_axis_unit_with_their_words():
    rows = [{"year": 2025, "agreement": "sma-11", "agreement_title": "11th SMA", "agreement_short": "제11차", "status": "published", "status_text": "published",
             "amount": 1_402_800_000_000, "amount_text": "KRW 1,402.8 billion"},
            {"year": 2026, "agreement": "sma-12", "agreement_title": "12th SMA", "agreement_short": "제12차", "status": "published", "status_text": "published",
             "amount": 1_519_200_000_000, "amount_text": "KRW 1,519.2 billion"},
            {"year": 2027, "agreement": "sma-12", "agreement_title": "12th SMA", "agreement_short": "제12차", "status": "unknown", "status_text": "unknown",
             "amount": None}]
    bars, bands = yearly_bars(rows, "amount", 1e9, {"published": "#1f4e79"}, unknown="unknown")
    assert [b.value for b in bars] == [1402.8, 1519.2, None]
    assert bars[1].title == "2026: KRW 1,519.2 billion · 12th SMA · published"
    assert bars[2].title.startswith("2027: unknown") and bars[2].colour == "#999999"
    assert [(b.start, b.end, b.label, b.short) for b in bands] == [(2025, 2025, "제11차", "11"), (2026, 2027, "제12차", "12")]
    svg = bar_chart(bars, bands, axis_title="KRW billion", label="amounts", layout="wide")
    root = parse(svg)
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "axis-title"] == ["KRW billion"]
    assert {r.get("data-year") for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"} == {"2025", "2026"}
