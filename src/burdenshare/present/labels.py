"""The one labelling layer: what a reader sees in place of a code or a key, in the reader's language.

Codes and keys stay in code, JSON and CSV (a series id, ``tit_for_tat``, ``amount``);
everything a person reads (pages, findings, explain, terminal tables, chart labels, Excel headers,
data dictionaries) names them through these functions. The names come from the data: the series'
``label`` and ``unit_short`` (else their title and unit) in ``datapackage.json``, the agreements' and
scenarios' titles, the publishers' names in ``sources.csv`` (``publisher``, ``publisher_ko``), and
the words and column names of ``vocabulary.yaml`` (``status``, ``tactic``, ``column`` ...).

Every function takes ``lang`` (None: the language in force), so that a data dictionary can name a
column in every language at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from ..i18n import LANGUAGES, Text, _, current, language, localized
from ..i18n.money import currency_name
from ..i18n.vocabulary import vocabulary, word
from ..model.series import OVERRIDE_SOURCE

if TYPE_CHECKING:
    import pandas as pd

    from ..model.catalog import Catalog

ASSUMPTION_SOURCE = "assumption"  # the source of a default assumption that cites none


def _in(lang: str | None) -> AbstractContextManager[object]:
    return language(lang) if lang else nullcontext()


def text(msg: Any, lang: str | None = None) -> str:
    """A message (or a data file's text) in `lang`."""
    if isinstance(msg, dict):
        return localized(msg, lang)
    with _in(lang):
        return str(msg)


# --- series, assumptions, statuses, rule notes -------------------------------------------------------

def series_name(cat: Catalog, name: str, lang: str | None = None) -> str:
    """A series by its name for readers (소비자물가상승률, Consumer price inflation); a role or an
    unknown name is looked up through the host's roles, else shown as given."""
    meta = cat.book.meta.get(name) or cat.book.meta.get(cat.host.roles.get(name, ""))
    return meta.name_text(lang) if meta is not None else name


def series_unit(cat: Catalog, name: str, lang: str | None = None) -> str:
    meta = cat.book.meta.get(name) or cat.book.meta.get(cat.host.roles.get(name, ""))
    return meta.unit_text(lang) if meta is not None else ""


def series(cat: Catalog, name: str, lang: str | None = None) -> str:
    """A series' name with its unit: 소비자물가상승률 (%)."""
    unit = series_unit(cat, name, lang)
    return f"{series_name(cat, name, lang)} ({unit})" if unit else series_name(cat, name, lang)


def agreement_short(cat: Catalog, agreement: str, lang: str | None = None) -> str:
    """An agreement's short name (``short`` in its file, else its title) in `lang`: 제12차, 12th,
    FY2022-26; a name that is no agreement of the host, as given."""
    a = cat.agreements.get(agreement)
    return localized(a.short or a.title, lang) if a is not None else agreement


def assumption(cat: Catalog, name: str, year: int, lang: str | None = None) -> str:
    """One value a computation reads, as an input is labelled: 소비자물가상승률 2026 (%)."""
    unit = series_unit(cat, name, lang)
    return f"{series_name(cat, name, lang)} {year}" + (f" ({unit})" if unit else "")


def status(code: str | None, lang: str | None = None) -> str:
    return word("status", code, lang)


def rule_note(note: Text | None, lang: str | None = None) -> str:
    """An agreement's note on a rule, in the reader's language (the English where none is given)."""
    return localized(note, lang)


# --- scenarios, tactics -----------------------------------------------------------------------------

BASELINE = "baseline"


def scenario(sid: str, titles: Mapping[str, str] | None = None, lang: str | None = None) -> str:
    """A scenario by its title; the baseline of a comparison as "Baseline (<agreement> as signed)"."""
    titles = titles or {}
    if sid == BASELINE:
        agreement = titles.get(BASELINE)
        with _in(lang):
            if agreement:
                return str(_("Baseline ({agreement} as signed)", agreement=agreement))
            return str(_("Baseline (the agreement as signed)"))
    return titles.get(sid) or sid


def tactic(kind: str, lang: str | None = None) -> str:
    """A negotiation tactic: 볼웨어, 양보형, 선형, 맞대응 / Boulware, conceder, linear, tit-for-tat."""
    return word("tactic", kind, lang)


# --- publishers and sources -------------------------------------------------------------------------

def publisher(src: Any, lang: str | None = None) -> str:
    """A source's publisher in the reader's language (a registry entry or its dict)."""
    if src is None:
        return ""
    if isinstance(src, Mapping):
        if src.get("publisher_text") and (lang is None or lang == _current()):
            return str(src["publisher_text"])
        return localized({"en": src.get("publisher") or "", "ko": src.get("publisher_ko") or src.get("publisher") or ""}, lang)
    return str(src.publisher_name(lang))


def source_text(registry: Mapping[str, Any], sid: str | None, lang: str | None = None) -> str:
    """A cited source as a reader sees it in a table: publisher and date (국방부, 2024-10-04); the
    reader's own value as "your input"; an unlisted reference (a URL) as given."""
    if not sid:
        return ""
    with _in(lang):
        if sid == OVERRIDE_SOURCE:
            return str(_("your input"))
        if sid == ASSUMPTION_SOURCE:
            return str(_("default assumption"))
        s = registry.get(sid)
        if s is None:
            return sid
        name = publisher(s, lang) or s.title
        return f"{name}, {s.date}" if s.date else name


def annotate(rows: list[dict[str, Any]], cat: Catalog) -> list[dict[str, Any]]:
    """A table's rows (history, a schedule) with what a page shows in place of codes: ``source_text``
    (the publisher and date of the published figure's or the rule's source) and ``index_label`` (the
    value an indexed rule reads, as an input is labelled: 소비자물가상승률 2026 (%)) and
    ``agreement_short`` (the agreement's short name: 제12차)."""
    lang = current()
    out = []
    for r in rows:
        src, agreement, series = r.get("published_source") or r.get("source"), r.get("agreement"), r.get("index_series")
        year = int(r["index_year"]) if series else None
        key = (id(cat), lang, src, agreement, series, year)
        kept = _LABELS.get(key)
        if kept is None or kept[0] is not cat:
            kept = (cat, _labels(cat, src, agreement, series, year))
            if len(_LABELS) >= 2048:
                _LABELS.clear()
            _LABELS[key] = kept
        out.append({**r, **kept[1]})
    return out


# a row's labels, kept by what they are made from (a schedule with a new assumption labels its rows
# as the default schedule did): the catalog (held, so that its identity stays its own) and language
_LABELS: dict[tuple[object, ...], tuple[Catalog, dict[str, str]]] = {}


def _labels(cat: Catalog, src: Any, agreement: Any, series: Any, year: int | None) -> dict[str, str]:
    extra = {"source_text": source_text(cat.sources, src)}
    if agreement:
        extra["agreement_short"] = agreement_short(cat, str(agreement))
    if series:
        assert year is not None
        extra["index_label"] = assumption(cat, series, year)
    return extra


# --- columns ----------------------------------------------------------------------------------------

UNIT_KINDS = ("cur", "dollar", "pct", "year", "persons", "prob")


def _default_dollar() -> str:
    """The default host's dollar (a table whose metadata names none)."""
    from ..model.catalog import catalog

    return catalog().host.dollar


def _ordinal(p: float, lang: str) -> str:
    n = f"{p:g}"
    if lang == "en":
        whole = int(p) if float(p).is_integer() else None
        suffix = "th" if whole is None or 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
        return n + suffix
    return n


def _entry(key: str, currency: str | None, lang: str) -> dict[str, Any] | None:
    """{name, unit kind, about} of a column key in `lang`; None for an unknown key."""
    norm, cur = key, currency
    cols = vocabulary().get("column", {})
    base = norm[:-5] if norm.endswith("_text") and norm not in cols else norm
    out: dict[str, Any] | None = None
    if base in cols:
        e = cols[base]
        out = {"name": localized(e, lang), "unit": e.get("unit"), "about": localized(e.get("about"), lang)}
    elif m := re.fullmatch(r"q(0?\.\d+|1)(_host)?", base):
        p = float(m.group(1)) * 100
        with language(lang):
            name = str(_("Median")) if p == 50 else str(_("{nth} percentile", nth=_ordinal(p, lang)))
            about = str(_("The value below which {p:g}% of the simulated paths lie.", p=p))
        out = {"name": name, "unit": "cur" if m.group(2) else None, "about": about}
    elif (m := re.fullmatch(r"(min|max)_(.+)", base)) and m.group(2) in vocabulary().get("category", {}):
        cat = word("category", m.group(2), lang)
        with language(lang):
            name = str(_("Minimum for {category}", category=cat) if m.group(1) == "min" else _("Maximum for {category}", category=cat))
            about = str(_("The amount for the category that the agreement's provisions imply (rounded outward)."))
        out = {"name": name, "unit": "cur", "about": about}
    elif base in vocabulary().get("component", {}):
        with language(lang):
            out = {"name": word("component", base, lang), "unit": "cur",
                   "about": str(_("The component of the support, in the host currency (empty where no source gives it)."))}
    if out is None:
        return None
    if norm.endswith("_text") and base != norm:
        with language(lang):
            out = {"name": str(_("{name}, written out", name=out["name"])), "unit": None,
                   "about": str(_("The figure written out in words, in the language of the download."))}
    out["currency"] = cur
    return out


def _unit_word(kind: str | None, currency: str | None, lang: str, dollar: str | None = None) -> str:
    if kind == "cur" and currency:
        return currency_name(currency, lang)
    if kind == "dollar":
        return currency_name(dollar or _default_dollar(), lang)
    if kind == "pct":
        return "%"
    if kind == "persons":
        with language(lang):
            return str(_("persons"))
    return ""


def column_name(key: str, currency: str | None = None, lang: str | None = None) -> str:
    """A column's name without its unit (Contribution, 분담금); an unknown key in words."""
    lang = lang or _current()
    e = _entry(str(key), currency, lang)
    return e["name"] if e else str(key).replace("_", " ").strip().capitalize()


def column(key: str, currency: str | None = None, lang: str | None = None, dollar: str | None = None) -> str:
    """A column's heading with its unit from the table's metadata: amount with currency KRW ->
    분담금 (원) / Contribution (won); amount_dollars -> 분담금 (달러)."""
    lang = lang or _current()
    e = _entry(str(key), currency, lang)
    if e is None:
        return column_name(key, currency, lang)
    unit = _unit_word(e["unit"], e["currency"] or currency, lang, dollar)
    return f"{e['name']} ({unit})" if unit else e["name"]


def unit_kind(key: str, currency: str | None = None) -> str | None:
    """The unit kind of a column key in the vocabulary (cur, dollar, pct ...); None if it has none."""
    e = _entry(str(key), currency, "en")
    return e["unit"] if e else None


def known_column(key: str, currency: str | None = None) -> bool:
    return _entry(str(key), currency, "en") is not None


def _current() -> str:
    from ..i18n import current

    return current()


def _unit_code(kind: str | None, currency: str | None, dollar: str | None = None) -> str:
    if kind == "dollar":
        return dollar or _default_dollar()
    return {"cur": currency or "", "pct": "percent", "year": "year", "persons": "persons",
            "prob": "share (0-1)"}.get(kind or "", "")


def _type(series: pd.Series | None, kind: str | None) -> str:
    if kind == "year":
        return "integer"
    if series is None:
        return "string"
    k = series.dtype.kind
    if k == "b" or str(series.dtype) == "boolean":
        return "boolean"
    if k in "iu" or str(series.dtype) == "Int64":
        return "integer"
    if k == "f" or str(series.dtype) == "Float64":
        return "number"
    values = [v for v in series.tolist() if v is not None and v == v]
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "number"
    return "string"


def dictionary(columns: Iterable[str], currency: str | None = None, frame: pd.DataFrame | None = None,
               dollar: str | None = None) -> list[dict[str, Any]]:
    """The data dictionary of a table: for each column key its name in every language, its unit, its
    type and its definition (in every language)."""
    out = []
    for name in columns:
        key = str(name)
        entries = {lang: _entry(key, currency, lang) for lang in LANGUAGES}
        e = entries.get("en") or {}
        unit = _unit_code(e.get("unit"), e.get("currency") or currency, dollar)
        out.append({
            "name": key,
            "titles": {lang: column(key, currency, lang, dollar) for lang in LANGUAGES},
            "type": _type(frame[key] if frame is not None and key in frame else None, e.get("unit")),
            **({"unit": unit} if unit else {}),
            "descriptions": {lang: (entries[lang] or {}).get("about", "") for lang in LANGUAGES},
        })
    return out


def table_schema(df: pd.DataFrame, meta: Mapping[str, Any], *, name: str, path: str, title: str,
                 registry: Mapping[str, Any] | None = None, cite: str | None = None) -> dict[str, Any]:
    """A Frictionless data resource (``datapackage.json`` style) for a CSV: its table schema (every
    column with its name, titles in English and Korean, type, unit, description), its sources and
    licence, and how it was made (the data version, and a simulation's model, paths and seed)."""
    from .export import LICENCE_DATA, made_with, source_rows

    fields = []
    for d in dictionary(df.columns, meta.get("currency"), df, meta.get("dollar")):
        fields.append({"name": d["name"], "title": d["titles"].get("en", d["name"]),
                       **{f"title:{lang}": t for lang, t in d["titles"].items() if lang != "en"},
                       "titles": d["titles"], "type": d["type"], **({"unit": d["unit"]} if "unit" in d else {}),
                       "description": d["descriptions"].get("en", ""), "descriptions": d["descriptions"]})
    srcs = source_rows(meta.get("sources") or [], dict(registry or {}))
    return {
        "profile": "tabular-data-resource",
        "name": re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-") or "table",
        "path": path,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "licenses": [{"name": LICENCE_DATA.replace(" ", "-"), "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": [{"title": s["title"], "path": s["url"], **({"publisher": s["publisher"]} if s["publisher"] else {})}
                    for s in srcs],
        "burdenshare": made_with(dict(meta), cite),
        "schema": {"fields": fields},
    }


__all__ = [
    "BASELINE",
    "OVERRIDE_SOURCE",
    "assumption",
    "column",
    "column_name",
    "dictionary",
    "known_column",
    "publisher",
    "rule_note",
    "scenario",
    "series",
    "series_name",
    "series_unit",
    "source_text",
    "status",
    "table_schema",
    "tactic",
    "text",
    "unit_kind",
]
