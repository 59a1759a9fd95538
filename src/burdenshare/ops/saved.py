"""Saved scenarios: a scenario document stored under an unguessable key, so that it can be opened
by link; an edit token (shown once) lets its author delete it; it appears in the public list only
when saved as listed. Creation is rate-limited per client."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from pydantic import BaseModel, Field

from ..analysis import scenarios as sc
from ..errors import AuthError, InputError, LimitError, NotFound
from ..i18n import _
from ..model.catalog import catalog
from ..store import jobs as job_rows, saved as rows
from ..store.db import Store
from .common import Request

__all__ = ["Deleted", "SaveRequest", "Saved", "SavedList", "SavedScenario", "SavedSummary", "get", "listed", "rate_limit", "remove",
           "save"]

RATE = {"save_scenario": (20, dt.timedelta(hours=1)), "create_room": (20, dt.timedelta(hours=1)),
        "render_chart": (300, dt.timedelta(hours=1))}  # new charts drawn (a chart drawn once is kept)


class SaveRequest(Request):
    name: str = Field(min_length=1, max_length=120)
    scenario: sc.Scenario
    listed: bool = Field(False, description="show it in the public list of saved scenarios")


class Saved(BaseModel):
    """A scenario just saved: its id (its link) and the edit token that deletes it (given once)."""

    id: str
    name: str
    edit_token: str = Field(description="deletes the saved scenario; shown only in this answer")
    listed: bool


class SavedSummary(BaseModel):
    """A saved scenario in the public list."""

    id: str
    name: str
    host: str
    baseline: str
    created: str = Field(description="when it was saved (ISO 8601)")


class SavedScenario(SavedSummary):
    """A saved scenario, opened by its id: the scenario document as saved."""

    scenario: dict[str, Any]
    listed: bool


class SavedList(BaseModel):
    """The saved scenarios saved as listed."""

    rows: list[SavedSummary]


class Deleted(BaseModel):
    """A saved scenario deleted."""

    id: str
    deleted: bool


def rate_limit(store: Store, client: str, action: str) -> None:
    """Refuse the action when the client did it too often lately (limits in RATE); the count and
    the record of this use are one step, so simultaneous requests never pass the limit."""
    n, window = RATE[action]
    if not job_rows.rate_take(store, client, action, n, window):
        raise LimitError(_("too many requests of this kind; try again later"), where=action, retry_after=int(window.total_seconds() // 10))


def save(store: Store, req: SaveRequest, client: str) -> Saved:
    try:
        cat = catalog(req.scenario.host)
    except InputError as exc:
        raise exc.at("scenario.host") from None
    try:
        cat.agreement(req.scenario.baseline)
    except InputError as exc:
        raise exc.at("scenario.baseline") from None
    rate_limit(store, client, "save_scenario")
    key, token = secrets.token_hex(16), secrets.token_urlsafe(24)
    rows.insert(store, key, token, req.name, cat.host.id, req.scenario.baseline, req.scenario.model_dump(mode="json"), req.listed)
    return Saved(id=key, name=req.name, edit_token=token, listed=req.listed)


def get(store: Store, key: str) -> SavedScenario:
    r = rows.get(store, key) if isinstance(key, str) and len(key) == 32 else None
    if r is None:
        raise NotFound(_("no such saved scenario"), where="id")
    return SavedScenario(id=r.key, name=r.name, host=r.host, baseline=r.baseline, scenario=r.body, listed=r.listed, created=r.created)


def listed(store: Store, host: str | None = None) -> SavedList:
    return SavedList(rows=[SavedSummary(id=r.key, name=r.name, host=r.host, baseline=r.baseline, created=r.created)
                           for r in rows.listed(store, host)])


def remove(store: Store, key: str, token: str | None) -> Deleted:
    found = rows.remove(store, key, token or "") if isinstance(key, str) and len(key) == 32 else None
    if found is None:
        raise NotFound(_("no such saved scenario"), where="id")
    if not found:
        raise AuthError(_("the edit token is required to delete a saved scenario"), where="token")
    return Deleted(id=key, deleted=True)
