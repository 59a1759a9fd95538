"""What the operations share: the request fields every question has (host, overrides, amounts),
and how a request's names become the catalog's objects.

Names are looked up among the data's names; a document sent in a request (an agreement, a
scenario) is validated like a file. Nothing here opens a path: user files are read by the CLI and
the Python API, which pass their content on as documents.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationError, model_validator

from ..errors import InputError
from ..i18n import _, current
from ..i18n.money import MoneyError, format as fmt_money, parse as parse_money
from ..i18n.validation import describe
from ..i18n.vocabulary import word
from ..model import ranges
from ..model.agreement import ID_PATTERN, Agreement
from ..model.catalog import Catalog, catalog
from ..model.frames import clean
from ..model.kept import KeptWithCatalog
from .limits import MAX_NAME, MAX_OVERRIDE_SERIES, MAX_OVERRIDE_YEARS

if TYPE_CHECKING:
    import pandas as pd

    from ..model.frames import Columns
    from ..model.series import Inputs

OVERRIDE_YEARS = (1900, 2100)


def checked_amount(value: Any) -> int:
    from ..i18n.money import MAX_CHARS

    if isinstance(value, str) and len(value) > MAX_CHARS:
        raise ValueError(_("is too long to be an amount"))
    try:
        amount = parse_money(value)
    except MoneyError:
        huge = _huge(value)
        if huge is not None:
            raise ValueError(ranges.outside(value if isinstance(value, str) else huge, "amount")) from None
        raise ValueError(_("'{text}' is not an amount in whole currency units (for example 1조7천억, 1.7조, 17,000억원, "
                           "1.7 trillion or 1,700,000,000,000)", text=str(value)[:60])) from None
    lo, hi = ranges.bounds("amount")
    if not lo <= amount <= hi:
        raise ValueError(ranges.outside(amount, "amount"))
    return amount


def _huge(value: Any) -> float | None:
    """A number written plainly (1e400, 10**30) whose only fault is its size, else None."""
    if isinstance(value, bool):
        return None
    try:
        v = float(value) if not isinstance(value, int) else value
    except (TypeError, ValueError, OverflowError):
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    lo, hi = ranges.bounds("amount")
    return v if not lo <= v <= hi else None


def _no_bool(value: Any) -> Any:
    """``true``/``false`` where a number belongs is a mistake (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError(_("must be a number, not true or false"))
    return value


Amount = Annotated[int, BeforeValidator(checked_amount), PlainSerializer(int)]
"""An amount in whole currency units; typed as a number or as text the way newsrooms write money
in either language (``1조7천억``, ``1조 7천억원``, ``1.7조``, ``17,000억원``, ``1.7 trillion``, ``1.7tn``)."""

Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
HostId = Annotated[str, Field(pattern=ID_PATTERN, max_length=MAX_NAME)]
OverrideValue = Annotated[float, Field(allow_inf_nan=False), BeforeValidator(_no_bool)]
Overrides = Annotated[dict[Annotated[str, Field(max_length=MAX_NAME)], Annotated[dict[int, OverrideValue], Field(max_length=MAX_OVERRIDE_YEARS)]],
                      Field(max_length=MAX_OVERRIDE_SERIES)]
"""Values that replace the data: ``{series or role: {year: value}}``, e.g. ``{"cpi": {2026: 3.1}}``."""


class Request(BaseModel):
    """Base of every request: fields only, unknown fields refused, and ``true``/``false`` refused
    where a number belongs (also in a document it carries: an agreement's amount or rate)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @model_validator(mode="wrap")
    @classmethod
    def _no_bool_numbers(cls, data: Any, handler: Any) -> Any:
        from ..model.datafile import bool_as_number

        obj = handler(data)
        wrong = bool_as_number(data, obj) if isinstance(data, dict) else None
        if wrong is not None:
            raise ValueError(_("{field}: must be a number, not true or false", field=".".join(str(p) for p in wrong)))
        return obj

    host: HostId | None = Field(None, description="host nation (default: the data's default host)")


class FigureRequest(Request):
    overrides: Overrides = Field(default_factory=dict, description="series or role -> {year: value}")
    real_base: int | None = Field(None, ge=1900, le=2100, description="base year for real terms")


M = TypeVar("M", bound=BaseModel)
Frame = TypeVar("Frame", "pd.DataFrame", "Columns")  # a table as pandas or as columns (model.frames)


def validate(model: type[M], data: Any, *, field: str | None = None) -> M:
    """Validate `data` as `model`; the first problem becomes an InputError that names its field."""
    from ..model.datafile import bool_as_number

    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, prefix=field, data=data) from None
    wrong = bool_as_number(data, obj)  # pydantic reads true as 1: refused where a number belongs
    if wrong is not None:
        where = ".".join(str(p) for p in (field, *wrong) if p is not None and p != "") or None
        raise InputError(_("must be a number, not true or false"), where=where)
    return obj


def from_validation(exc: ValidationError, prefix: str | None = None, data: Any = None) -> InputError:
    """The first problem of a validation as an InputError: its request path (``where``) and its name
    as the reader knows it (read from the request `data` where the name quotes it: the year of a
    threshold)."""
    from ..i18n.fields import reader
    from ..i18n.validation import location, pick

    errs = exc.errors(include_url=False)
    err = pick([dict(e) for e in errs])
    where = ".".join(p for p in (prefix, location(err)) if p) or None
    msg = describe(err)
    if len(errs) > 1:
        from ..i18n.validation import more

        msg = _("{problem}{more}", problem=msg, more=more(len(errs) - 1))
    return InputError(msg, where=where, field=reader(where, {prefix: data} if prefix else data))


def catalog_for(req: Request) -> Catalog:
    return catalog(req.host)


def inputs_for(cat: Catalog, overrides: Mapping[str, Mapping[int, float]] | None, field: str = "overrides") -> Inputs:
    """The catalog's inputs with the request's overrides on top (roles resolved to series)."""
    inputs = cat.inputs()
    if not overrides:
        return inputs
    flat: dict[tuple[str, int], float] = {}
    for name, years in overrides.items():
        series = cat.host.series_for(str(name))
        if series not in cat.book.meta:
            from ..errors import UnknownNameError

            raise UnknownNameError(_("series"), str(name), [*cat.book.names, *cat.host.roles], where=f"{field}.{name}")
        for year, v in years.items():
            if isinstance(year, bool) or not isinstance(year, int):
                raise InputError(_("'{year}' is not a year", year=year), where=f"{field}.{name}")
            if not OVERRIDE_YEARS[0] <= year <= OVERRIDE_YEARS[1]:
                raise InputError(_("year {year} is outside {lo}-{hi}", year=year, lo=OVERRIDE_YEARS[0], hi=OVERRIDE_YEARS[1]),
                                 where=f"{field}.{name}.{year}")
            kind = ranges.series_kind(cat.host.roles, series)
            minimum = cat.book.meta[series].min_value
            if kind is not None and (minimum is None or v >= minimum):  # below it: the series' own minimum says so
                ranges.check(v, kind, where=f"{field}.{name}.{year}")
            flat[(series, year)] = v
    try:
        return inputs.with_overrides(flat)
    except InputError as exc:
        series_year = (exc.where or "").split(".")[-2:]
        raise InputError(exc.message, where=f"{field}.{'.'.join(series_year)}") from None


def check_overrides_used(cat: Catalog, overrides: Mapping[str, Mapping[int, float]] | None, series_years: Mapping[str, tuple[int, int]],
                         field: str = "overrides") -> None:
    """Refuse an override that the computation does not read: a value that changes nothing is a
    mistake the person should hear about (a wrong year, a series of another host)."""
    for name, years in (overrides or {}).items():
        series = cat.host.series_for(str(name))
        span = series_years.get(series)
        if span is None:
            raise InputError(_("{series} is not read by this computation, so overriding it would change nothing", series=name),
                             where=f"{field}.{name}")
        for year in years:
            if not span[0] <= year <= span[1]:
                raise InputError(_("{series} {year} is outside the years this computation reads ({lo}-{hi}), so overriding it "
                                   "would change nothing", series=name, year=year, lo=span[0], hi=span[1]),
                                 where=f"{field}.{name}.{year}")


def read_windows(cat: Catalog, frames: Iterable[pd.DataFrame | Columns], real_base: int | None = None) -> dict[str, tuple[int, int]]:
    """The series computed tables read and the years they read: every role of the host over the
    tables' years (and consumer prices to the real-terms base year), and the drivers the rows name."""
    frames = list(frames)
    if len(frames) == 1 and len(frames[0]) and "index_series" in frames[0]:
        # one table (a schedule, a history): its windows depend only on its first and last years, its
        # real-terms base and the drivers its rows name, so they are kept by those (with the catalog)
        df = frames[0]
        key = ("windows", int(df["year"].min()), int(df["year"].max()), df.attrs.get("real_base_year", real_base),
               tuple(zip(df["index_series"], df["index_year"], strict=True)))
        try:
            hash(key)
        except TypeError:  # (a value that cannot be a key: worked out each time)
            return _read_windows(cat, frames, real_base)
        return dict(_WINDOWS.get(cat, key, lambda: _read_windows(cat, frames, real_base)))
    return _read_windows(cat, frames, real_base)


_WINDOWS = KeptWithCatalog(catalogs=8, per_catalog=1024)


def _read_windows(cat: Catalog, frames: Iterable[pd.DataFrame | Columns], real_base: int | None = None) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}

    def add(series: str, lo: int, hi: int) -> None:
        a, b = spans.get(series, (lo, hi))
        spans[series] = (min(a, lo), max(b, hi))

    for df in frames:
        if not len(df):
            continue
        first, last = int(df["year"].min()), int(df["year"].max())
        base = df.attrs.get("real_base_year", real_base)
        for role, series in cat.host.roles.items():
            add(series, first - 1, last)
            if role in ("cpi", "us_cpi") and base is not None:
                add(series, min(first - 1, int(base)), max(last, int(base)))
        if "index_series" in df:
            for s, y in zip(df["index_series"], df["index_year"], strict=True):
                if isinstance(s, str) and s:
                    add(s, int(y), int(y))
    return spans


def agreement_for(cat: Catalog, ref: str | Agreement, field: str = "agreement") -> tuple[Agreement, dict[str, Any] | None]:
    """A bundled agreement by name, or one given as a document (then also its book entry)."""
    if isinstance(ref, Agreement):
        if ref.host != cat.host.id:
            raise InputError(_("agreement '{id}' is for host '{host}', not '{other}'", id=ref.id, host=ref.host, other=cat.host.id),
                             where=f"{field}.host")
        return ref, {ref.id: ref}
    try:
        return cat.agreement(ref), None
    except InputError as exc:
        raise exc.at(field) from None


def data_version() -> str:
    """The data version, computed from the content (bundled files, data folders and the overlay
    folder): the newest observed period and a short hash, e.g. ``2026-3f9a1c2e``."""
    from ..model.catalog import data_version as computed

    return computed()


def meta(cat: Catalog, overrides: Mapping[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """What every answer with figures says about how they were made."""
    from ..i18n.money import table_unit

    scale, label, decimals = table_unit(cat.host.currency)
    uscale, ulabel, udecimals = table_unit(cat.host.dollar)
    return {
        "data_version": data_version(),
        "host": cat.host.id,
        "host_name": cat.host.title,
        "currency": cat.host.currency,
        "dollar": cat.host.dollar,
        "unit": {"scale": scale, "label": label, "decimals": decimals},
        "dollar_unit": {"scale": uscale, "label": ulabel, "decimals": udecimals},
        "language": current(),
        "assumptions": cat.assumptions.id,
        "overrides": {str(k): {str(y): v for y, v in d.items()} for k, d in (overrides or {}).items()},
        "generated": dt.date.today().isoformat(),
        **extra,
    }


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame's rows as JSON-safe dicts."""
    from ..model.frames import row_dicts

    return [{str(k): clean(v) for k, v in row.items()} for row in row_dicts(df)]


def sources_of(df: pd.DataFrame | Columns, columns: Iterable[str] = ("source", "published_source", "index_source")) -> list[str]:
    """The source ids a table's rows cite (in the order first cited)."""
    out: list[str] = []
    for c in columns:
        if c in df:
            for v in df[c]:
                if isinstance(v, str) and v and v not in out:
                    out.append(v)
    return out


def with_text(df: Frame, money: dict[str, str | tuple[str, str]], words: dict[str, str] | None = None,
              style: str = "exact") -> Frame:
    """A copy with ``<column>_text``: amounts written out in the language in force (1조 5,192억원,
    KRW 1,519.2 billion) for the columns in `money` (column -> currency), and words for codes
    (column -> vocabulary kind, e.g. status -> 공표). Unknown amounts read as unknown. A currency
    given as (currency, "short") is written for reading, not exactly (derived dollars, real terms)."""
    from ..model.frames import Columns

    out = df.copy()

    def values(col: str) -> list[Any]:
        v = out[col]
        return v.tolist() if hasattr(v, "tolist") else list(v)

    lang = current()
    if len(_TEXTS) >= _MAX_TEXTS:
        _TEXTS.clear()
    for col, spec in money.items():
        currency, how = (spec, style) if isinstance(spec, str) else spec
        if col in out:
            out[f"{col}_text"] = [_money_text(v, currency, how, lang) for v in values(col)]
    for col, kind in (words or {}).items():
        if col in out:
            out[f"{col}_text"] = [_word_text(kind, v, lang) for v in values(col)]
    if not isinstance(out, Columns):
        out.attrs.update(df.attrs)
    return out


# with_text's texts kept by the exact value (and its type), the currency or kind, the style and the
# language (i18n.money and i18n.vocabulary read data that never changes): a schedule with a new
# assumption writes mostly the amounts and words it wrote before
_TEXTS: dict[tuple[object, ...], str] = {}
_MAX_TEXTS = 16384


def _money_text(v: Any, currency: str, how: str, lang: str) -> str:
    if v is None or (type(v) is float and not math.isfinite(v)):
        key: tuple[object, ...] = ("unknown", lang)  # (an unknown amount: the same words whatever the currency)
    elif type(v) in (int, float):
        key = ("m", v, type(v), currency, how, lang)
    else:  # (anything else is written each time)
        return fmt_money(v, currency, lang=lang, style=how)
    got = _TEXTS.get(key)
    if got is None:
        got = _TEXTS[key] = fmt_money(v, currency, lang=lang, style=how)
    return got


def _word_text(kind: str, v: Any, lang: str) -> str:
    if type(v) is not str:  # (not a code: no word, or the value as it is)
        return word(kind, v, lang) if v is not None and v == v else ""
    key = ("w", v, kind, lang)
    got = _TEXTS.get(key)
    if got is None:
        got = _TEXTS[key] = word(kind, v, lang)
    return got


def public_url(value: str | None, where: str = "public_url") -> str | None:
    """The public address of a server (cite lines and embed codes name it): an http or https URL with
    a host and no query or fragment, given without its trailing slash; None or "" for none."""
    from urllib.parse import urlsplit

    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment
            or "?" in text or "#" in text or parts.username or parts.password or any(c.isspace() for c in text)):
        raise InputError(_("'{url}' is not a public address: give an http:// or https:// URL with a host name and no query, "
                           "e.g. https://burdenshare.example.org", url=text), where=where)
    return text.rstrip("/")
