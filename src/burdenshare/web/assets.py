"""Static files served fast: read once, gzip-compressed once, sent with a long cache lifetime
under a URL that carries their content hash (a new version is a new URL). The chart library and
the API docs' scripts come from installed packages (plotly, fastapi-offline), never a CDN."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import mimetypes
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@lru_cache(maxsize=1)
def sources() -> dict[str, Path]:
    """Every static file by its public name (the directory is read once: files do not change while
    a server runs)."""
    out = {p.name: p for p in (HERE / "static").iterdir() if p.is_file()}
    plotly = _package_dir("plotly")
    if plotly is not None:
        out["plotly.min.js"] = plotly / "package_data" / "plotly.min.js"
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


@lru_cache(maxsize=None)
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


@lru_cache(maxsize=None)
def inline(name: str) -> str:
    """A small static file's text, to put in the page itself: the style sheet inlined saves the
    request that holds back the first paint (about 50 ms on the benchmark machine)."""
    a = asset(name)
    return a.body.decode("utf-8") if a else ""
