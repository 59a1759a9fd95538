"""The chart library the pages load: Plotly's partial bundle where `make install` put it (npm), else the
full bundle of the Python plotly package; the partial bundle holds every trace type the pages draw."""

import re
from pathlib import Path

import pytest

from burdenshare.web import assets

# how a plotly.js bundle registers a trace type (the same in the full and the partial bundles)
TRACE = re.compile(r'moduleType:"trace",name:"([a-z0-9]+)"')


def traces_in(path: Path) -> set[str]:
    return set(TRACE.findall(path.read_text(encoding="utf-8")))


def full_bundle() -> Path:
    return assets._package_dir("plotly") / "package_data" / "plotly.min.js"


def drawn_traces() -> set[str]:
    """Every trace type the page scripts name, among those plotly.js knows (a `type:` in a script may
    also be a shape's or an axis's), and scatter, a trace's type when it names none."""
    known = traces_in(full_bundle())
    named = set()
    for js in (assets.HERE / "static").glob("*.js"):
        named |= set(re.findall(r'type:\s*"([a-z0-9]+)"', js.read_text(encoding="utf-8")))
    return (named & known) | {"scatter"}


def test_the_pages_draw_what_the_check_expects():
    known = traces_in(full_bundle())
    assert len(known) > 30 and {"bar", "scatter", "heatmap"} <= known  # the pattern still reads the bundle
    assert {"bar", "scatter", "heatmap"} <= drawn_traces()


def test_the_partial_bundle_holds_every_trace_the_pages_draw():
    if not assets.PARTIAL_BUNDLE.is_file():
        pytest.skip("the partial bundle is not installed (make install installs it where npm is)")
    missing = drawn_traces() - traces_in(assets.PARTIAL_BUNDLE)
    assert not missing, f"the partial bundle lacks {sorted(missing)}: choose a larger one in package.json"


def test_the_partial_bundle_is_served_where_installed_else_the_full_one(tmp_path, monkeypatch):
    partial = tmp_path / "plotly-partial.min.js"
    partial.write_text("/* a partial bundle */", encoding="utf-8")
    monkeypatch.delenv("BURDENSHARE_CHART_BUNDLE", raising=False)
    monkeypatch.setattr(assets, "PARTIAL_BUNDLE", partial)
    assert assets.chart_bundle() == partial
    monkeypatch.setenv("BURDENSHARE_CHART_BUNDLE", "full")  # the setting the page benchmark compares with
    assert assets.chart_bundle() == full_bundle()
    monkeypatch.delenv("BURDENSHARE_CHART_BUNDLE")
    monkeypatch.setattr(assets, "PARTIAL_BUNDLE", tmp_path / "not-installed.js")  # no npm: the fallback
    assert assets.chart_bundle() == full_bundle()


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    db = tmp_path_factory.mktemp("db") / "bundle.db"
    with TestClient(create_app(f"sqlite:///{db}")) as c:
        yield c


def test_the_page_names_the_chart_library_by_its_content(client):
    """Whichever bundle it is, a page that draws with it names it under plotly.min.js at an address
    carrying its hash, sent compressed with a long cache lifetime (a second visit does not fetch it
    again). The History page draws its charts on the server and names no chart library to preload."""
    assert 'rel="preload"' not in client.get("/").text
    page = client.get("/calculator").text
    src = re.search(r'data-chart-lib="(/static/([0-9a-f]{12})/plotly.min.js)"', page)
    assert src and f'href="{src.group(1)}"' in page  # preloaded under the same address
    served = assets.sources()["plotly.min.js"]
    assert assets.asset("plotly.min.js").digest == src.group(2)
    assert served == assets.chart_bundle()
    r = client.get(src.group(1), headers={"accept-encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert "immutable" in r.headers["cache-control"] and "max-age=31536000" in r.headers["cache-control"]
    if served == assets.PARTIAL_BUNDLE:
        assert int(r.headers["content-length"]) < 600_000
