"""How old the newest observation of each input of the current projections is, and whether it is
behind its publisher's schedule (the dashboard's footer says so).

The inputs are the series a host's projections read (its ``cpi``, ``fx`` and ``defence_growth``
roles) and its monthly consumer price series (the nowcast). A series' publisher releases a period
``release_lag_months`` after the period ends (``datapackage.json``; e.g. 1 for a monthly index
published early in the next month, 0 for an annual rate published on the year's last day, -12 for
a budget passed before its year). A series is *behind* when the newest period its publisher should
have released by today is later than the newest one the data holds; more than ``WARN_MONTHS``
months behind is a warning. A series without a release lag shows its age only.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..i18n import localized
from ..model.catalog import catalog, data_roots
from ..model.monthly import monthly_resources, monthly_series
from ..model.overlay import overlay_values, parse_period

__all__ = ["WARN_MONTHS", "Age", "ages", "behind_months"]

WARN_MONTHS = 3
ROLES = ("cpi", "fx", "defence_growth")
OBSERVED = ("observed", "applied")


@dataclass(frozen=True)
class Age:
    series: str
    label: str
    newest: str | None  # YYYY or YYYY-MM
    age_months: int | None  # months from the end of the newest period to today
    behind: int | None  # months behind the publisher's schedule (None: no schedule known)

    @property
    def warn(self) -> bool:
        return self.behind is not None and self.behind > WARN_MONTHS


def _end(period: str) -> int:
    """The month index (year*12 + month-1) of a period's last month."""
    p = parse_period(period)
    if p is None:
        raise ValueError(period)
    return p[0] * 12 + ((p[1] or 12) - 1)


def behind_months(newest: str, lag: int, today: dt.date, monthly: bool) -> int:
    """How many months the newest period is behind the newest one the publisher should have released by `today`.

    A period is released ``lag`` months after its last month ends: by the end of month end+lag."""
    now = today.year * 12 + (today.month - 1)
    due = now - lag - 1  # the last period-end whose release month (end + lag + 1) has begun
    expected = due if monthly else (due - 11) // 12 * 12 + 11  # annual: the last December at or before `due`
    return max(0, expected - _end(newest))


def _lags() -> dict[str, int]:
    out: dict[str, int] = {}
    for root in data_roots():
        try:
            desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for res in desc.get("resources", []):
            if res.get("name") and "release_lag_months" in res:
                out.setdefault(str(res["name"]), int(res["release_lag_months"]))
    return out


def ages(host: str | None = None, today: dt.date | None = None) -> list[Age]:
    """The age of each input of `host`'s projections, the monthly consumer price series included."""
    today = today or dt.date.today()
    now = today.year * 12 + (today.month - 1)
    cat = catalog(host)
    lags = _lags()
    ov = overlay_values()
    out: list[Age] = []
    for role in ROLES:
        name = cat.host.roles.get(role)
        if not name or name not in cat.book.meta:
            continue
        years = [v.year for v in cat.book.rows(name) if v.known and v.status in OBSERVED]
        periods = [str(y) for y in years] + [v.period for v in ov.get(name, ()) if not v.monthly]
        newest = max(periods, key=_end) if periods else None
        label = cat.book.meta[name].name_text()
        out.append(_age(name, label, newest, lags.get(name), today, now, monthly=False))
    for m in monthly_resources(data_roots()).values():
        if m.host not in ("", cat.host.id) or m.annual_series != cat.host.roles.get("cpi"):
            continue
        months = monthly_series(m.name, data_roots())
        newest = months[-1].period if months else None
        out.append(_age(m.name, localized(m.title), newest, lags.get(m.name, m.release_lag_months), today, now, monthly=True))
    return out


def _age(name: str, label: str, newest: str | None, lag: int | None, today: dt.date, now: int, *, monthly: bool) -> Age:
    if newest is None:
        return Age(name, label, None, None, None)
    behind = behind_months(newest, lag, today, monthly) if lag is not None else None
    return Age(name, label, newest, max(0, now - _end(newest)), behind)
