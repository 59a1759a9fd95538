"""Charts are finished graphics, fit to print: a title, the finding, a legend for every colour, axis
titles with the unit, the publishers as the source line, "burdenshare · data version … · CC BY 4.0",
an opaque background, the preset sizes, and in SVG every text kept as text (searchable, editable).
From the Python functions, the CLI's --plot and the web's chart download alike."""

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from test_cli import EXE

from burdenshare.i18n import language
from burdenshare.ops.common import data_version, validate
from burdenshare.present import charts, findings
from burdenshare.web.app import create_app

SVG = "{http://www.w3.org/2000/svg}text"


def texts(svg: bytes) -> list[str]:
    """Every text of an SVG, one string per <text> element (what a search or an editor finds)."""
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(SVG)]


def pixels(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png))


def opaque(img) -> bool:
    return img.mode == "RGB" or (img.mode == "RGBA" and img.getextrema()[3][0] == 255)


# --- every chart function gives a finished graphic ----------------------------------------------

def _history():
    from burdenshare.ops import figures

    r = figures.history(validate(figures.HistoryRequest, {}))
    return charts.plot_amounts(r.frame, None, title=r.title, subtitle=findings.history(r), meta=r.meta), r.title, True


def _schedule():
    from burdenshare.ops import figures

    r = figures.schedule(validate(figures.ScheduleRequest, {"agreement": "sma-12"}))
    return charts.plot_amounts(r.frame, None, title=r.title, subtitle=findings.schedule(r), meta=r.meta), r.title, True


def _compare():
    from burdenshare.ops import figures

    r = figures.compare(validate(figures.CompareRequest, {"baseline": "sma-12", "scenarios": ["sma11-rule-to-2030", "us-demand-5bn"]}))
    return charts.plot_comparison(r["rows"].frame, None, title=r.title, subtitle=findings.compare(r), meta=r.meta), r.title, True


def _fan():
    from burdenshare.ops import uncertainty as unc

    r = unc.simulate(validate(unc.SimulationRequest, {"target": "sma-12", "paths": 400, "prob_above": [[2030, 1.7e12]]}))
    title = "sma-12: Monte Carlo"
    sub = " ".join(findings.probability(p, r.simulation.currency, r.simulation.paths) for p in r.probabilities)
    fig = charts.plot_fan(r.by_year.frame, None, title=title, currency=r.simulation.currency, subtitle=sub, meta=r.meta,
                          thresholds=[(p["year"], p["amount"]) for p in r.probabilities])
    return fig, title, True


def _tornado():
    from burdenshare.ops import uncertainty as unc

    r = unc.sensitivity(validate(unc.SensitivityRequest, {"target": "sma-12", "method": "tornado"}))
    return charts.plot_tornado(r.frame, None, title=r.title, currency=r.meta["currency"], meta=r.meta), r.title, True


def _plane():
    from burdenshare.ops import negotiation as neg

    req = validate(neg.CaseRequest, {"case": "sma-11-talks"})
    sol = neg.solutions(req)
    fig = charts.plot_utility_plane(neg.space(req), sol.frame, None, offers=neg.offers(req).frame, meta=sol.meta, sample=2000)
    return fig, sol.meta["title"], True


def _gap():
    from burdenshare.ops import negotiation as neg

    req = validate(neg.CaseRequest, {"case": "sma-11-talks"})
    res = neg.gap(req)
    names = {p["id"]: p["name"] for p in res.meta["parties"]}
    return charts.plot_gap(neg.offers(req).frame, res["gap"].frame, None, title=res.meta["title"], currency=res.meta["currency"],
                           names=names, meta=res.meta), res.meta["title"], True


def _hosts():
    from burdenshare.ops import hosts

    r = hosts.hosts(validate(hosts.HostsRequest, {}))
    return charts.plot_hosts(r.frame, None, title=r.title, subtitle=findings.hosts(r), meta=r.meta), r.title, True


def _ledger():
    from burdenshare.ops import ledger

    r = ledger.ledger(validate(ledger.LedgerRequest, {}))
    fig = charts.plot_ledger(r["ledger"].frame, None, title=r.title, components=list(r.meta["components"]),
                             component_names=dict(r.meta["components"]), subtitle=findings.ledger(r), meta=r.meta, items=r["items"].frame)
    return fig, r.title, True


def _execution():
    from burdenshare.ops import ledger

    r = ledger.execution(validate(ledger.ExecutionRequest, {}))
    return charts.plot_execution(r.frame, None, title=r.title, meta=r.meta), r.title, True


def _replay():
    from burdenshare.ops import negotiation as neg

    r = neg.replay(validate(neg.ReplayRequest, {}))
    return charts.plot_replay(r.frame, None, currency=r.meta["currency"], meta=r.meta), None, True


CHARTS = {"history": _history, "schedule": _schedule, "compare": _compare, "fan": _fan, "tornado": _tornado, "plane": _plane,
          "gap": _gap, "hosts": _hosts, "ledger": _ledger, "execution": _execution, "replay": _replay}


@pytest.mark.parametrize("kind", list(CHARTS))
def test_every_chart_is_a_finished_graphic(kind):
    fig, title, _ = CHARTS[kind]()
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    svg = charts.render(fig, "svg")
    found = texts(svg)
    if title:
        assert title in found, found[:5]
    assert any(t.startswith("Source:") for t in found), found
    assert not any(re.search(r"\b[a-z]+-\d{4}-\d{2}-\d{2}\b|\bmofa-|\bmnd-wp", t) for t in found if t.startswith("Source")), "a source id in the source line"
    assert f"burdenshare · data version {data_version()} · CC BY 4.0" in found
    # a legend names every colour: at least one legend entry under the title
    assert fig.legends and all(t.get_text() for leg in fig.legends for t in leg.get_texts())
    # the axes have titles (a y or x axis title with its unit, or the plane's utilities)
    axes = fig.get_axes()
    assert any(ax.get_ylabel() or ax.get_xlabel() for ax in axes)
    png = pixels(charts.render(fig, "png"))
    assert png.size == (1200, 675) and opaque(png)
    # nothing of the frame (title, finding, legend, notes, source, credit) lies on the axes or on another
    renderer = charts._renderer(fig)
    fig.canvas.draw()
    frame = [t.get_window_extent(renderer) for t in fig.texts] + [leg.get_window_extent(renderer) for leg in fig.legends]
    for i, a in enumerate(frame):
        assert not any(a.overlaps(b) for b in frame[i + 1:]), a
        assert not any(a.overlaps(ax.get_tightbbox(renderer)) for ax in axes), a


def test_amounts_axis_has_the_unit_and_the_signing_dates_are_marked():
    fig, _title, _ = _history()
    ax = fig.get_axes()[0]
    assert ax.get_ylabel() == "amount (KRW billion)"
    labels = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert {"published", "derived", "projected", "unknown", "agreement signed"} <= set(labels)
    # five agreements carry a signing date in their files (sma-08 ... sma-12): five marks, nothing invented
    marks = [ln for ln in ax.get_lines() if ln.get_marker() == "v"]
    assert len(marks) == 5


@pytest.mark.parametrize("size", ["article", "square"])
def test_labels_do_not_overlap(size):
    """As drawn: the agreements' labels over their bands, the texts of the frame, and the axes."""
    from burdenshare.ops import figures

    r = figures.history(validate(figures.HistoryRequest, {}))
    fig = charts.plot_amounts(r.frame, None, title=r.title, subtitle=findings.history(r), meta=r.meta, size=size)
    renderer = charts._renderer(fig)
    fig.canvas.draw()
    ax = fig.get_axes()[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) >= 10
    frame = [t.get_window_extent(renderer) for t in fig.texts] + [leg.get_window_extent(renderer) for leg in fig.legends]
    axes = ax.get_tightbbox(renderer)
    everything = boxes + frame
    for i, a in enumerate(everything):
        for b in everything[i + 1:]:
            assert not a.overlaps(b), (a, b)
    for b in frame:
        assert not b.overlaps(axes), b
    whole = fig.bbox
    assert all(whole.x0 <= b.x0 and b.x1 <= whole.x1 and whole.y0 <= b.y0 and b.y1 <= whole.y1 for b in everything)


@pytest.mark.parametrize("size, pixels_", [("article", (1200, 675)), ("square", (1080, 1080)), ("a4", (3508, 2480))])
def test_preset_sizes(size, pixels_):
    from burdenshare.ops import figures

    r = figures.schedule(validate(figures.ScheduleRequest, {"agreement": "sma-11"}))
    fig = charts.plot_amounts(r.frame, None, title=r.title, meta=r.meta, size=size)
    img = pixels(charts.render(fig, "png"))
    assert img.size == pixels_ and opaque(img)


def test_unknown_size_is_refused():
    from burdenshare.errors import InputError

    with pytest.raises(InputError):
        charts._figure("poster")


def test_korean_chart_keeps_hangul_as_text(tmp_path):
    from burdenshare.ops import figures

    with language("ko"):
        r = figures.history(validate(figures.HistoryRequest, {}))
        charts.plot_amounts(r.frame, tmp_path / "h.svg", title=r.title, subtitle=findings.history(r), meta=r.meta)
        title = r.title
    svg = (tmp_path / "h.svg").read_bytes()
    found = texts(svg)
    assert title in found and re.search("[가-힣]", title)
    assert any(t.startswith("출처: ") for t in found)
    assert any("데이터 버전" in t and "CC BY 4.0" in t for t in found)
    assert "금액 (억원)" in found
    assert (b"font-family" in svg and b"NanumGothic" in svg) or b"Noto Sans" in svg


def test_korean_chart_draws_every_glyph_of_its_texts(tmp_path):
    """A Korean font lacks the minus sign (U+2212) of a finding such as Compare's "(기준 대비 −9,076억원)":
    it must come from the next font, never as an empty box (matplotlib warns 'Glyph ... missing')."""
    import warnings

    from burdenshare.ops import figures

    with language("ko"), warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        r = figures.compare(validate(figures.CompareRequest, {"baseline": "sma-12", "scenarios": ["freeze-2025"]}))
        finding = findings.compare(r)
        assert "\u2212" in finding
        charts.plot_comparison(r["rows"].frame, tmp_path / "c.png", title=r.title, subtitle=finding, meta=r.meta)
    assert not [w for w in seen if "missing from font" in str(w.message)], [str(w.message) for w in seen]


def test_png_file_is_written_whole(tmp_path):
    from burdenshare.ops import figures

    r = figures.schedule(validate(figures.ScheduleRequest, {"agreement": "sma-12"}))
    p = charts.plot_amounts(r.frame, tmp_path / "s.png", title=r.title, meta=r.meta)
    assert p == tmp_path / "s.png" and list(tmp_path.iterdir()) == [p]
    assert opaque(pixels(p.read_bytes()))


# --- the CLI ---------------------------------------------------------------------------------------

def test_cli_plot_size_square(tmp_path):
    png = tmp_path / "h.png"
    p = subprocess.run([EXE, "history", "--plot", str(png), "--plot-size", "square", "--format", "csv"], check=False, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    img = pixels(png.read_bytes())
    assert img.size == (1080, 1080) and opaque(img)


def test_cli_korean_svg_is_searchable(tmp_path):
    svg = tmp_path / "h.svg"
    p = subprocess.run([EXE, "history", "--plot", str(svg), "--lang", "ko", "--format", "csv"], check=False, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    text = svg.read_text(encoding="utf-8")
    assert "출처" in text and "CC BY 4.0" in text and "방위비분담특별협정" in text


def test_cli_bad_plot_size(tmp_path):
    p = subprocess.run([EXE, "history", "--plot", str(tmp_path / "h.png"), "--plot-size", "poster"], check=False, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode != 0 and "--plot-size" in p.stderr and not (tmp_path / "h.png").exists()


# --- the web ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def web(tmp_path_factory):
    db = tmp_path_factory.mktemp("charts") / "t.db"
    with TestClient(create_app(f"sqlite:///{db}"), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("url", ["/api/v1/charts/history", "/api/v1/charts/schedule/sma-12",
                                 "/api/v1/charts/compare?baseline=sma-12&scenarios=sma11-rule-to-2030",
                                 "/api/v1/charts/hosts", "/api/v1/charts/ledger"])
def test_web_chart_png_and_svg(web, url):
    sep = "&" if "?" in url else "?"
    png = web.get(f"{url}{sep}size=square&format=png&lang=en")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    img = pixels(png.content)
    assert img.size == (1080, 1080) and opaque(img)
    svg = web.get(f"{url}{sep}format=svg&lang=ko")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    found = texts(svg.content)
    assert any(t.startswith("출처: ") for t in found) and any("CC BY 4.0" in t for t in found)
    assert 'attachment; filename="burdenshare-' in svg.headers["content-disposition"]


def test_web_chart_follows_the_view(web):
    usd = web.get("/api/v1/charts/history?measure=amount_dollars&format=svg&lang=en")
    assert usd.status_code == 200 and any(t.startswith("dollars at each year's rate") for t in texts(usd.content))
    over = web.get('/api/v1/charts/schedule/sma-12?format=svg&lang=en&overrides={"cpi": {"2027": 9.0}}')
    plain = web.get("/api/v1/charts/schedule/sma-12?format=svg&lang=en")
    assert over.status_code == 200 and over.content != plain.content


@pytest.mark.parametrize("query, where", [("size=poster", "size"), ("format=gif", "format"), ("measure=rule", "measure"),
                                          ("measure=DROP%20TABLE", "measure"), ("overrides=%7Bbad", "overrides")])
def test_web_chart_bad_input_is_json_4xx(web, query, where):
    r = web.get(f"/api/v1/charts/history?{query}")
    assert 400 <= r.status_code < 500 and r.headers["content-type"].startswith("application/json")
    assert r.json()["where"] == where


def test_web_chart_of_a_simulation(web):
    import time

    assert web.get("/api/v1/charts/simulations/nosuchjob").status_code == 404
    job = web.post("/api/v1/simulations", json={"target": "sma-12", "paths": 500, "prob_above": [[2030, 1.7e12]]}).json()["job"]
    for _ in range(200):
        if web.get(f"/api/v1/simulations/{job}").json()["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    r = web.get(f"/api/v1/charts/simulations/{job}?format=svg&lang=en")
    assert r.status_code == 200 and any("simulated futures" in t for t in texts(r.content))


def test_web_chart_routes_in_openapi(web):
    doc = web.get("/openapi.json").json()
    ok = doc["paths"]["/api/v1/charts/history"]["get"]["responses"]["200"]["content"]
    assert {"image/png", "image/svg+xml"} <= set(ok)
    params = {p["name"]: p for p in doc["paths"]["/api/v1/charts/history"]["get"]["parameters"]}
    assert params["size"]["schema"]["$ref"].endswith("Size") or "enum" in str(params["size"]["schema"])


def test_charts_do_not_load_matplotlib_until_drawn():
    code = "import burdenshare.web.app, burdenshare.present.charts, burdenshare.cli, sys; print('matplotlib' in sys.modules)"
    import sys

    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


# --- the pages' links (a real browser; skipped without Chromium) -----------------------------------

def test_pages_link_to_the_finished_chart(tmp_path):
    from pathlib import Path

    from browser_support import ARGS, CHROMIUM, start_server

    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium")
    from playwright.sync_api import sync_playwright

    base, srv, th = start_server(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            pg = b.new_page(viewport={"width": 1280, "height": 900})
            for path, chart in (("/?lang=ko", "/api/v1/charts/history?"), ("/calculator?agreement=sma-12&lang=en", "/api/v1/charts/schedule/sma-12?"),
                                ("/hosts?lang=en", "/api/v1/charts/hosts?"), ("/ledger?lang=ko", "/api/v1/charts/ledger?")):
                pg.goto(base + path)
                pg.wait_for_load_state("networkidle")
                pg.wait_for_selector("#dl-svg[href^='/api/v1/charts/']")  # a CSS wait: the pages' policy forbids eval
                assert pg.is_visible("#dl-png") and pg.is_visible("#dl-svg") and pg.is_visible("#dl-size")
                svg = pg.get_attribute("#dl-svg", "href")
                assert svg.startswith(chart) and "format=svg" in svg and "size=article" in svg, svg
                pg.select_option("#dl-size", "square")
                png = pg.get_attribute("#dl-png", "href")
                assert "size=square" in png and "format=png" in png, png
                r = pg.request.get(base + png)
                assert r.status == 200 and r.headers["content-type"] == "image/png"
                assert pixels(r.body()).size == (1080, 1080)
            # the History's measure follows the view
            pg.goto(base + "/?lang=en")
            pg.wait_for_load_state("networkidle")
            pg.select_option("#measure", "amount_dollars")
            assert "measure=amount_dollars" in pg.get_attribute("#dl-svg", "href")
            b.close()
    finally:
        srv.should_exit = True
        th.join(timeout=10)


def test_web_charts_are_kept_and_new_ones_rate_limited(tmp_path, monkeypatch):
    import datetime as dt

    from burdenshare.ops import saved

    monkeypatch.setitem(saved.RATE, "render_chart", (2, dt.timedelta(hours=1)))
    with TestClient(create_app(f"sqlite:///{tmp_path / 'r.db'}", jobs=False), raise_server_exceptions=False) as c:
        first = c.get("/api/v1/charts/schedule/sma-10?format=svg&lang=en")
        again = c.get("/api/v1/charts/schedule/sma-10?format=svg&lang=en")  # kept: drawn once, not counted again
        assert first.status_code == again.status_code == 200 and first.content == again.content
        assert c.get("/api/v1/charts/schedule/sma-9?format=svg&lang=en").status_code == 200
        refused = c.get("/api/v1/charts/schedule/sma-8?format=svg&lang=en")
        assert refused.status_code == 429 and refused.json()["where"] == "render_chart" and int(refused.headers["retry-after"]) > 0
        assert c.get("/api/v1/charts/schedule/sma-10?format=svg&lang=en").status_code == 200


def test_tornado_names_inputs_by_their_series_titles():
    fig, _title, _ = _tornado()
    ticks = [t.get_text() for t in fig.get_axes()[0].get_yticklabels()]
    assert ticks and not any("_" in t for t in ticks), ticks
    assert any(t.startswith("Korea: consumer price inflation 20") for t in ticks), ticks
