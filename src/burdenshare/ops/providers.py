"""The publishers' APIs and export files that `burdenshare update` reads.

Which series comes from which provider, under which code, is in ``data/providers.yaml``; this module
only knows each API's request and response format (plain ``httpx``), as documented by the provider:

- KOSIS OpenAPI (Statistics Korea): ``statisticsParameterData.do?method=getList&format=json&jsonVD=Y``,
  a JSON list of rows with ``PRD_DE`` (period), ``DT`` (value) and ``LST_CHN_DE`` (last change);
  an error is ``{"err": code, "errMsg": text}``.
- ECOS OpenAPI (Bank of Korea): ``/api/StatisticSearch/{key}/json/kr/{from}/{to}/{table}/{cycle}/{start}/{end}/{item}``,
  ``{"StatisticSearch": {"list_total_count": n, "row": [{"TIME", "DATA_VALUE", ...}]}}``; an
  error or no data is ``{"RESULT": {"CODE", "MESSAGE"}}``.
- FRED API: ``/fred/series/observations?series_id=..&file_type=json``, ``{"observations": [{"date",
  "value"}]}`` with ``"."`` for a missing value; an error is ``{"error_code", "error_message"}``.
- e-Stat API 3.0: ``/rest/3.0/app/json/getStatsData``, ``{"GET_STATS_DATA": {"RESULT": {"STATUS",
  "ERROR_MSG"}, "STATISTICAL_DATA": {"TABLE_INF": {"UPDATED_DATE"}, "DATA_INF": {"VALUE": [{"@time",
  "$"}]}}}}``; a time code is ``YYYY000000`` (a year) or ``YYYY00MMMM`` (a month).
- DBnomics API v22 (keyless): ``/v22/series/{provider}/{dataset}/{series}?observations=1``,
  ``{"series": {"docs": [{"period": [...], "value": [...]}]}}`` with ``"NA"`` for a missing value.

API keys come from the environment variables named in ``providers.yaml``; they are never written
anywhere: a recorded source URL has the key taken out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urlencode

from ..data import DATA_DIR
from ..errors import DataFileError, FetchError, InputError, UnknownNameError
from ..i18n import _, localized
from ..model.overlay import OverlayValue, parse_period, period_key

if TYPE_CHECKING:
    import httpx

TIMEOUT = 30.0
TRANSPORT: httpx.BaseTransport | None = None  # an httpx transport used instead of the network (tests set an httpx.MockTransport)
KEY_PARAMS = ("apiKey", "api_key", "appId")  # query parameters that hold a key: never recorded

Observation = tuple[str, str, str]  # period (YYYY or YYYY-MM), value as written, release date ("" if none)


@dataclass(frozen=True)
class Provider:
    id: str
    name: dict[str, str]
    key_env: str | None
    register: str
    quality: str

    def title(self, lang: str | None = None) -> str:
        return localized(self.name, lang)

    def key(self) -> str | None:
        return os.environ.get(self.key_env, "").strip() or None if self.key_env else None


@dataclass(frozen=True)
class Route:
    """Where one series is found at one provider."""

    series: str
    provider: str
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()
    start: str = "2000"
    transform: tuple[tuple[str, Any], ...] = ()  # (step, argument) as providers.yaml gives them
    checked: bool = False

    def param(self, name: str, default: str = "") -> str:
        return dict(self.params).get(name, default)


@lru_cache(maxsize=1)
def catalogue() -> tuple[dict[str, Provider], dict[str, tuple[Route, ...]]]:
    """The providers and the routes of every series (``data/providers.yaml``)."""
    from ..model.datafile import read_yaml

    path = DATA_DIR / "providers.yaml"
    doc, _node = read_yaml(path)
    providers = {pid: Provider(pid, p["name"], p.get("key_env"), p.get("register", ""), p.get("quality", "secondary"))
                 for pid, p in (doc.get("providers") or {}).items()}
    routes: dict[str, tuple[Route, ...]] = {}
    for name, items in (doc.get("series") or {}).items():
        out = []
        for i, r in enumerate(items):
            if r.get("provider") not in providers:
                raise DataFileError(str(path), _("'{provider}' is not one of the providers", provider=r.get("provider")),
                                    field=f"series.{name}[{i}].provider")
            out.append(Route(name, r["provider"], str(r.get("code", "")),
                             tuple((str(k), str(v)) for k, v in (r.get("params") or {}).items()),
                             str(r.get("start", "2000")), tuple(_transform_step(t) for t in r.get("transform") or ()),
                             bool(r.get("checked", False))))
        routes[name] = tuple(out)
    return providers, routes


def _transform_step(t: Any) -> tuple[str, Any]:
    if isinstance(t, str):
        return (t, None)
    (k, v), = t.items()
    return (str(k), v)


# --- each provider's request and response ---------------------------------------------------------

def _fmt_start(start: str, cycle: str) -> str:
    year = start[:4]
    return year if cycle in ("A", "Y") else (start.replace("-", "") if len(start) == 7 else f"{year}01")


def _period(text: str) -> str | None:
    """A provider's period (2025, 202601, 2026-01, 2026-01-01) as YYYY or YYYY-MM."""
    t = text.strip()
    if re.fullmatch(r"\d{4}", t):
        return t
    m = re.fullmatch(r"(\d{4})-?(\d{2})(?:-?\d{2})?", t)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{m.group(2)}"
    return None


def kosis_request(route: Route, key: str, start: str, end: str) -> tuple[str, dict[str, str]]:
    prd = route.param("prdSe", "M")
    params = {"method": "getList", "apiKey": key, "format": "json", "jsonVD": "Y",
              **{k: v for k, v in route.params}, "startPrdDe": _fmt_start(start, prd), "endPrdDe": _fmt_start(end, prd)}
    return "https://kosis.kr/openapi/Param/statisticsParameterData.do", params


def kosis_parse(doc: Any) -> list[Observation]:
    if isinstance(doc, dict):
        if "err" in doc:
            if str(doc.get("err")) == "30":  # 30: no data for the request
                return []
            raise FetchError(_("KOSIS refused the request ({code}: {message})", code=doc.get("err"), message=doc.get("errMsg", "")))
        raise ValueError("not a list of rows")
    out = []
    for row in doc:
        period = _period(str(row["PRD_DE"]))
        if period is None:
            continue
        out.append((period, str(row["DT"]).strip(), _date(row.get("LST_CHN_DE", ""))))
    return out


def ecos_request(route: Route, key: str, start: str, end: str) -> tuple[str, dict[str, str]]:
    cycle = route.param("cycle", "M")
    parts = ["https://ecos.bok.or.kr/api/StatisticSearch", key, "json", "kr", "1", "10000", route.code, cycle,
             _fmt_start(start, cycle), _fmt_start(end, cycle)]
    if route.param("item"):
        parts.append(route.param("item"))
    return "/".join(parts), {}


def ecos_parse(doc: Any) -> list[Observation]:
    result = doc.get("RESULT") or (doc.get("StatisticSearch") or {}).get("RESULT")
    if result and "row" not in (doc.get("StatisticSearch") or {}):
        if result.get("CODE") == "INFO-200":  # no data for the request
            return []
        raise FetchError(_("ECOS refused the request ({code}: {message})", code=result.get("CODE"), message=result.get("MESSAGE", "")))
    out = []
    for row in doc["StatisticSearch"]["row"]:
        period = _period(str(row["TIME"]))
        if period is not None and row.get("DATA_VALUE") not in (None, ""):
            out.append((period, str(row["DATA_VALUE"]).strip(), ""))
    return out


def fred_request(route: Route, key: str, start: str, end: str) -> tuple[str, dict[str, str]]:
    params = {"series_id": route.code, "api_key": key, "file_type": "json", "observation_start": f"{start[:4]}-01-01",
              **{k: v for k, v in route.params}}
    return "https://api.stlouisfed.org/fred/series/observations", params


def fred_parse(doc: Any, annual: bool = True) -> list[Observation]:
    if "error_message" in doc:
        raise FetchError(_("FRED refused the request ({code}: {message})", code=doc.get("error_code"), message=doc["error_message"]))
    out = []
    for o in doc["observations"]:
        if str(o["value"]).strip() in (".", ""):
            continue
        out.append(((o["date"][:4] if annual else o["date"][:7]), str(o["value"]).strip(), ""))
    return out


def estat_request(route: Route, key: str, start: str, end: str) -> tuple[str, dict[str, str]]:
    params = {"appId": key, **{k: v for k, v in route.params}, "cdTimeFrom": f"{start[:4]}000000"}
    return "https://api.e-stat.go.jp/rest/3.0/app/json/getStatsData", params


def _estat_period(code: str) -> str | None:
    """e-Stat's time code: YYYY000000 is a calendar year, YYYY00MMMM a month (fiscal years and
    quarters are skipped)."""
    if not re.fullmatch(r"\d{10}", code) or code[4:6] != "00":
        return None
    if code[6:] == "0000":
        return code[:4]
    if code[6:8] == code[8:10] and 1 <= int(code[6:8]) <= 12:
        return f"{code[:4]}-{code[6:8]}"
    return None


def estat_parse(doc: Any) -> list[Observation]:
    body = doc["GET_STATS_DATA"]
    status = int(body["RESULT"]["STATUS"])
    if status == 1:  # 1: no data for the request
        return []
    if status != 0:
        raise FetchError(_("e-Stat refused the request ({code}: {message})", code=status, message=body["RESULT"].get("ERROR_MSG", "")))
    data = body["STATISTICAL_DATA"]
    released = _date(str(data.get("TABLE_INF", {}).get("UPDATED_DATE", "")))
    values = data["DATA_INF"]["VALUE"]
    if isinstance(values, dict):
        values = [values]
    out = []
    for v in values:
        period = _estat_period(str(v.get("@time", "")))
        text = str(v.get("$", "")).strip()
        if period is None or not re.fullmatch(r"-?\d+(\.\d+)?", text):
            continue
        out.append((period, text, released))
    return out


def dbnomics_request(route: Route, key: str | None, start: str, end: str) -> tuple[str, dict[str, str]]:
    return f"https://api.db.nomics.world/v22/series/{route.code}", {"observations": "1", "format": "json"}


def dbnomics_parse(doc: Any) -> list[Observation]:
    docs = (doc.get("series") or {}).get("docs") or []
    if not docs:
        raise FetchError(_("DBnomics has no such series ({message})", message=doc.get("message", "")))
    s = docs[0]
    out = []
    for period, value in zip(s["period"], s["value"], strict=False):  # a provider's document, as it comes
        p = _period(str(period))
        if p is None or value in (None, "NA") or (isinstance(value, float) and value != value):
            continue
        out.append((p, _num_text(value), ""))
    return out


# each provider's request builder and response parser; FRED's parser also takes `annual`, DBnomics' builder no key
RequestBuilder = Callable[..., tuple[str, dict[str, str]]]
ResponseParser = Callable[..., list[Observation]]
CLIENTS: dict[str, tuple[RequestBuilder, ResponseParser]] = {
    "kosis": (kosis_request, kosis_parse), "ecos": (ecos_request, ecos_parse), "fred": (fred_request, fred_parse),
    "estat": (estat_request, estat_parse), "dbnomics": (dbnomics_request, dbnomics_parse),
}


def _date(text: str) -> str:
    t = (text or "").strip()
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", t)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""


def _num_text(v: Any) -> str:
    return str(v) if isinstance(v, str) else f"{float(v):.12g}"


# --- transforms documented in providers.yaml -----------------------------------------------------

def transform(obs: list[Observation], steps: tuple[tuple[str, Any], ...]) -> list[Observation]:
    obs = sorted(obs, key=lambda o: period_key(o[0]))
    for name, arg in steps:
        if name == "annual_mean":
            years: dict[str, list[Observation]] = {}
            for o in obs:
                if len(o[0]) == 7:
                    years.setdefault(o[0][:4], []).append(o)
            obs = [(y, _num_text(sum(float(o[1]) for o in rows) / 12), max(o[2] for o in rows))
                   for y, rows in sorted(years.items()) if len(rows) == 12]
        elif name == "pct_change":
            obs = [(b[0], _num_text((float(b[1]) / float(a[1]) - 1) * 100), b[2]) for a, b in itertools.pairwise(obs) if float(a[1])]
        elif name == "round":
            q = Decimal(1).scaleb(-int(arg))
            obs = [(p, str(Decimal(t).quantize(q, rounding=ROUND_HALF_UP)), r) for p, t, r in obs]
        elif name == "scale":
            obs = [(p, _num_text(float(t) * float(arg)), r) for p, t, r in obs]
        else:
            raise InputError(_("'{step}' is not a known transform", step=name), where="transform")
    return obs


# --- fetching ----------------------------------------------------------------------------------

def public_url(url: str, params: dict[str, str], key: str | None) -> str:
    """The request's URL as recorded: the key taken out (a path segment becomes KEY)."""
    shown = {k: v for k, v in params.items() if k not in KEY_PARAMS}
    if key:
        url = url.replace(f"/{key}/", "/KEY/")
    return url + ("?" + urlencode(shown) if shown else "")


def _message(resp: httpx.Response) -> str:
    try:
        doc = resp.json()
    except ValueError:
        return resp.text.strip().splitlines()[0][:200] if resp.text.strip() else resp.reason_phrase
    if isinstance(doc, dict):
        for k in ("error_message", "errMsg", "message", "detail"):
            if doc.get(k):
                return str(doc[k])[:200]
    return resp.reason_phrase


def fetch_route(route: Route, *, annual: bool, transport: httpx.BaseTransport | None = None, now: str | None = None, end: str | None = None) -> list[OverlayValue]:
    """Fetch one series from one provider: the values from the route's start on, transformed as the
    route says, each with the request's URL (without the key), the time and the provider's date."""
    import httpx

    providers, _routes = catalogue()
    prov = providers[route.provider]
    key = prov.key()
    if prov.key_env and not key:
        raise FetchError(_("{provider} needs an API key in {env} (register at {url})", provider=prov.title(), env=prov.key_env,
                           url=prov.register))
    build, parse = CLIENTS[route.provider]
    end = end or str(dt.date.today().year)
    url, params = build(route, key, route.start, end)
    shown = public_url(url, params, key)
    host = httpx.URL(url).host
    try:
        with httpx.Client(transport=transport or TRANSPORT, timeout=TIMEOUT, follow_redirects=True,
                          headers={"User-Agent": "burdenshare (https://github.com/burdenshare)"}) as client:
            resp = client.get(url, params=params or None)
    except httpx.TimeoutException:
        raise FetchError(_("{host} did not answer in {seconds:.0f} seconds; nothing was changed", host=host, seconds=TIMEOUT)) from None
    except httpx.HTTPError as exc:
        reason = str(exc).replace(key, "KEY") if key else str(exc)
        raise FetchError(_("cannot reach {host} ({reason}); nothing was changed", host=host, reason=reason or type(exc).__name__)) from None
    if resp.status_code >= 400:
        raise FetchError(_("{provider} refused the request ({status}: {message}); nothing was changed", provider=prov.title(),
                           status=resp.status_code, message=_message(resp)))
    try:
        doc = resp.json()
        obs = parse(doc, annual) if route.provider == "fred" else parse(doc)
    except FetchError as exc:
        raise FetchError(_("{problem}; nothing was changed", problem=str(exc))) from None
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise FetchError(_("{provider} answered outside its documented format ({reason}); nothing was changed",
                           provider=prov.title(), reason=type(exc).__name__)) from None
    obs = [o for o in obs if o[0] >= route.start]  # a year sorts before its months: "2024-01" >= "2024"
    return to_values(route.series, transform(obs, route.transform), annual=annual, source=shown, publisher=prov.title("en"),
                     quality=prov.quality, retrieved=now or _now(), note=route.code or dict(route.params).get("tblId", ""))


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def to_values(series: str, obs: list[Observation], *, annual: bool, source: str, publisher: str, quality: str,
              retrieved: str, note: str = "", where: str = "") -> list[OverlayValue]:
    """Observations as overlay values of a series; an annual series takes years only."""
    out: dict[str, OverlayValue] = {}
    for period, text, released in obs:
        if annual and len(period) != 4:
            raise InputError(_("{series} is an annual series; the values are for months ({period}): give one value a year",
                               series=series, period=period), where=where or None)
        try:
            value = float(text)
        except ValueError:
            raise InputError(_("'{text}' is not a number", text=text), where=where or None) from None
        if period in out and out[period].text != text:
            raise InputError(_("two values for {period} ({a} and {b})", period=period, a=out[period].text, b=text), where=where or None)
        out[period] = OverlayValue(series, period, value, text, source, publisher, quality, retrieved, released, note)
    return sorted(out.values(), key=lambda v: period_key(v.period))


# --- files a user downloaded by hand -------------------------------------------------------------

def _period_value_rows(rows: list[list[str]], where: str) -> list[tuple[str, str, str]]:
    """The observations of a CSV with columns period,value (blank lines skipped); a bad period or
    value names its line."""
    obs = []
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        period = row[0].strip()
        if parse_period(period) is None:
            raise DataFileError(where, _("'{text}' is not a period (YYYY or YYYY-MM)", text=period), field="period", line=i)
        value = row[1].strip() if len(row) > 1 else ""
        if not re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", value):
            raise DataFileError(where, _("'{text}' is not a number", text=value), field="value", line=i)
        obs.append((period, value, ""))
    return obs


class _FileArgs(TypedDict):
    """What every value read from one file shares (keyword arguments of `to_values`)."""

    annual: bool
    source: str
    retrieved: str
    where: str


def read_file(path: Path, series: str, *, annual: bool) -> list[OverlayValue]:
    """Values of a series from a file: a CSV with columns period,value; FRED's CSV download
    (observation_date or DATE, then the series); or a provider's JSON answer saved to a file
    (KOSIS, ECOS, FRED, e-Stat, DBnomics; the route's transform of that provider applies). The source
    is the file, retrieved at its modification time."""
    from ..model.datafile import read_text

    where = str(path)
    text = read_text(path, limit=20_000_000).lstrip("\ufeff")
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    source = str(path.resolve())
    common: _FileArgs = {"annual": annual, "source": source, "retrieved": mtime, "where": where}
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataFileError(where, _("cannot be read as JSON ({reason})", reason=str(exc))) from None
        kind = detect_json(doc)
        if kind is None:
            raise DataFileError(where, _("is not a JSON answer of KOSIS, ECOS, FRED, e-Stat or DBnomics"))
        providers, routes = catalogue()
        parse = CLIENTS[kind][1]
        try:
            obs = parse(doc, annual) if kind == "fred" else parse(doc)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise DataFileError(where, _("is not in {provider}'s documented format ({reason})", provider=providers[kind].title(),
                                         reason=type(exc).__name__)) from None
        steps = next((r.transform for r in routes.get(series, ()) if r.provider == kind), ())
        return to_values(series, transform(obs, steps), publisher=providers[kind].title("en"), quality=providers[kind].quality,
                         note=str(_("saved answer of {provider}", provider=providers[kind].title("en"))), **common)
    if suffix in (".csv", ".txt", ""):
        rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            raise DataFileError(where, _("is empty"))
        head = [h.strip().lower() for h in rows[0]]
        if head[:2] == ["period", "value"]:
            return to_values(series, _period_value_rows(rows, where), publisher="", quality="secondary", note=path.name, **common)
        if head and head[0] in ("observation_date", "date") and len(head) == 2:
            obs = []
            for i, row in enumerate(rows[1:], start=2):
                if len(row) < 2 or row[1].strip() in (".", ""):
                    continue
                p = _period(row[0])
                if p is None:
                    raise DataFileError(where, _("'{text}' is not a date", text=row[0]), field=rows[0][0], line=i)
                obs.append((p[:4] if annual else p, row[1].strip(), ""))
            return to_values(series, obs, publisher="Federal Reserve Bank of St. Louis (FRED)", quality="secondary",
                             note=f"FRED {rows[0][1]}", **common)
        raise DataFileError(where, _("the first line must be period,value (or FRED's observation_date,SERIES)"), line=1)
    raise DataFileError(where, _("'{suffix}' files are not read: save the values as CSV (period,value) or the provider's JSON",
                                 suffix=suffix))


def detect_json(doc: Any) -> str | None:
    if isinstance(doc, list) and doc and isinstance(doc[0], dict) and "PRD_DE" in doc[0]:
        return "kosis"
    if isinstance(doc, dict):
        if "StatisticSearch" in doc:
            return "ecos"
        if "observations" in doc:
            return "fred"
        if "GET_STATS_DATA" in doc:
            return "estat"
        if isinstance(doc.get("series"), dict) and "docs" in doc["series"]:
            return "dbnomics"
    return None


def choose_route(series: str, provider: str | None = None) -> Route:
    """The route a series is fetched by: the one of the named provider, else the first whose key is set
    (a keyless route needs none)."""
    providers, routes = catalogue()
    mine = routes.get(series, ())
    if not mine:
        raise InputError(_("no provider route for {series} in providers.yaml; give its values in a file", series=series),
                         where="series")
    if provider is not None:
        if provider not in providers:
            raise UnknownNameError(_("provider"), provider, list(providers), where="provider")
        for r in mine:
            if r.provider == provider:
                return r
        raise InputError(_("{provider} has no route for {series} (routes: {known})", provider=provider, series=series,
                           known=", ".join(r.provider for r in mine)), where="provider")
    for r in mine:
        if not providers[r.provider].key_env or providers[r.provider].key():
            return r
    first = providers[mine[0].provider]
    raise FetchError(_("{series} needs an API key: set {env} (register at {url})", series=series, env=first.key_env, url=first.register))


__all__ = ["Provider", "Route", "catalogue", "choose_route", "detect_json", "fetch_route", "public_url", "read_file", "transform"]
