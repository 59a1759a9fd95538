"""Static files served fast: read once, gzip-compressed once, sent with a long cache lifetime
under a URL that carries their content hash (a new version is a new URL). The chart library and
the API docs' scripts come from installed packages, never a CDN.

The chart library is served as ``plotly.min.js`` whichever bundle it is: Plotly's partial bundle
(bars, lines, filled areas, heatmaps: what the pages draw; a third of the full bundle's size), which
`make install` installs with npm into ``static/vendor/`` (package.json pins it; the file is not
committed), else the full bundle of the Python ``plotly`` package (so a machine without npm still
draws every chart). ``BURDENSHARE_CHART_BUNDLE=full`` serves the full bundle even where the partial
one is installed (the page benchmark compares the two)."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import mimetypes
import os
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


PARTIAL_BUNDLE = HERE / "static" / "vendor" / "plotly-cartesian.min.js"


def chart_bundle() -> Path | None:
    """The chart library's file: the partial bundle where it is installed (unless the setting asks for
    the full one), else the Python plotly package's full bundle; None without either."""
    if os.environ.get("BURDENSHARE_CHART_BUNDLE", "").strip().lower() != "full" and PARTIAL_BUNDLE.is_file():
        return PARTIAL_BUNDLE
    plotly = _package_dir("plotly")
    full = plotly / "package_data" / "plotly.min.js" if plotly is not None else None
    return full if full is not None and full.is_file() else None


@lru_cache(maxsize=1)
def sources() -> dict[str, Path]:
    """Every static file by its public name (the directory is read once: files do not change while
    a server runs)."""
    out = {p.name: p for p in (HERE / "static").iterdir() if p.is_file()}
    chart = chart_bundle()
    if chart is not None:
        out["plotly.min.js"] = chart
    offline = _package_dir("fastapi_offline")
    if offline is not None:
        for name in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
            if (offline / "static" / name).exists():
                out[name] = offline / "static" / name
    return out


@dataclass(frozen=True)
class Asset:
    name: str
    body: bytes
    gz: bytes
    media_type: str
    digest: str

    @property
    def url(self) -> str:
        return f"/static/{self.digest}/{self.name}"


@cache
def asset(name: str) -> Asset | None:
    """A static file by its public name; callers that take the name from a request check it against
    sources() first, so that the cache holds real files only."""
    path = sources().get(name)
    if path is None:
        return None
    body = path.read_bytes()
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if media.startswith("text/") or media in ("application/javascript", "application/json"):
        media += "; charset=utf-8"
    return Asset(name, body, gzip.compress(body, 9, mtime=0), media, hashlib.sha256(body).hexdigest()[:12])


def url(name: str) -> str:
    a = asset(name)
    return a.url if a else f"/static/missing/{name}"


@cache
def inline(name: str) -> str:
    """A small static file's text, to put in the page itself: the style sheet inlined saves the
    request that holds back the first paint (about 50 ms on the benchmark machine)."""
    a = asset(name)
    return a.body.decode("utf-8") if a else ""
