"""Saved scenarios: stored under an unguessable id, deleted with the edit token given at saving;
listed publicly only when saved as listed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ...ops import saved
from ..deps import ClientDep, StoreDep, TokenDep
from .common import HostQ

router = APIRouter(prefix="/api/v1/saved-scenarios", tags=["saved scenarios"])
IdP = Annotated[str, Path(max_length=64)]


@router.post("", status_code=201, response_model=saved.Saved, summary="Save a scenario; the answer holds its id and the edit token, once")
def save(req: saved.SaveRequest, store: StoreDep, client: ClientDep) -> saved.Saved:
    return saved.save(store, req, client)


@router.get("", response_model=saved.SavedList, summary="The saved scenarios that were saved as listed")
def listed(store: StoreDep, host: HostQ = None) -> saved.SavedList:
    return saved.listed(store, host)


@router.get("/{key}", response_model=saved.SavedScenario, summary="One saved scenario, by its id")
def get(key: IdP, store: StoreDep) -> saved.SavedScenario:
    return saved.get(store, key)


@router.delete("/{key}", response_model=saved.Deleted, summary="Delete a saved scenario (with its edit token in x-token)")
def remove(key: IdP, store: StoreDep, token: TokenDep) -> saved.Deleted:
    return saved.remove(store, key, token)
