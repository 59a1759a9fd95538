"""Saved scenarios in the database: rows only. Each has an unguessable key (its link) and the hash
of an edit token; only those saved as listed appear in the public list."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from .db import Store
from .models import SavedScenario
from .rooms import token_hash


@dataclass(frozen=True)
class SavedRow:
    key: str
    name: str
    host: str
    baseline: str
    body: dict[str, Any]
    listed: bool
    created: str


def _row(r: SavedScenario) -> SavedRow:
    return SavedRow(r.key or "", r.name, r.host, r.baseline, r.body, bool(r.listed), r.created.isoformat() if r.created else "")


def insert(store: Store, key: str, token: str, name: str, host: str, baseline: str, body: dict[str, Any], listed: bool) -> None:
    with store.session() as s:
        s.add(SavedScenario(key=key, edit_hash=token_hash(token), name=name, host=host, baseline=baseline, body=body, listed=listed))


def get(store: Store, key: str) -> SavedRow | None:
    with store.session() as s:
        r = s.scalars(select(SavedScenario).where(SavedScenario.key == key)).one_or_none()
        return None if r is None else _row(r)


def listed(store: Store, host: str | None = None, limit: int = 200) -> list[SavedRow]:
    with store.session() as s:
        q = select(SavedScenario).where(SavedScenario.listed.is_(True), SavedScenario.key.is_not(None))
        if host:
            q = q.where(SavedScenario.host == host)
        return [_row(r) for r in s.scalars(q.order_by(SavedScenario.id.desc()).limit(limit))]


def remove(store: Store, key: str, token: str) -> bool | None:
    """True when removed, False for a wrong token, None when there is no such scenario."""
    with store.session() as s:
        r = s.scalars(select(SavedScenario).where(SavedScenario.key == key)).one_or_none()
        if r is None:
            return None
        if not r.edit_hash or not hmac.compare_digest(r.edit_hash, token_hash(token)):
            return False
        s.execute(delete(SavedScenario).where(SavedScenario.key == key))
        return True
