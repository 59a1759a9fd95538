"""The case's package space, shared by the requests of a process, and the caches around it.

Each cache is keyed by exactly what its value depends on: the space by the host and the case; a
package's value by the host, the case and the package; a space with private preferences by the host,
the case and those preferences' text. Nothing is stored on the space itself.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...analysis.negotiation.case import Option, Party
from ...store.rooms import RoomRow
from .state import Terms

if TYPE_CHECKING:
    from ...analysis.negotiation.space import Space

__all__ = ["Package", "base_space", "package_value", "party_with", "roles", "room_space", "terms", "with_preferences"]

Package = dict[str, Option]


@lru_cache(maxsize=8)
def base_space(host: str, case_id: str) -> Space:
    """The space of a bundled case with the case's own (published, illustrative) preferences."""
    from ..negotiation import CaseRequest, space

    sp: Space = space(CaseRequest(host=host, case=case_id))
    return sp


def room_space(room: RoomRow) -> Space:
    return base_space(room.host, room.case_id)


@lru_cache(maxsize=4096)
def _value(host: str, case_id: str, package_json: str) -> dict[str, Any]:
    return base_space(host, case_id).value(json.loads(package_json))


def package_value(sp: Space, package: Package) -> dict[str, Any]:
    """A package's payments, totals and the case's utilities, cached by host, case and package (the
    returned mapping is shared: read it, never change it)."""
    return _value(sp.cat.host.id, sp.case.id, json.dumps(package, sort_keys=True))


def party_with(sp: Space, party: str, prefs: dict[str, Any]) -> Party:
    """The case's party with the given preferences (weights, values, reservation, discount rate)."""
    base = sp.case.party(party)
    return Party.model_validate({**base.model_dump(), **prefs, "id": base.id, "role": base.role, "name": base.name,
                                 "currency": base.currency})


@lru_cache(maxsize=64)
def _private(host: str, case_id: str, prefs_json: str) -> Space:
    sp = base_space(host, case_id)
    prefs = json.loads(prefs_json)
    parties = [party_with(sp, p.id, prefs[p.id]) if p.id in prefs else p for p in sp.case.parties]
    return sp.with_parties(parties)


def with_preferences(sp: Space, prefs: dict[str, Any]) -> Space:
    """The space with the given parties' preferences (the others: the case's), cached by their text."""
    return _private(sp.cat.host.id, sp.case.id, json.dumps(prefs, sort_keys=True))


def roles(sp: Space) -> tuple[str, str]:
    """The payer's and the payee's ids."""
    payer = next(p.id for p in sp.case.parties if p.role == "payer")
    payee = next(p.id for p in sp.case.parties if p.role == "payee")
    return payer, payee


def terms(sp: Space) -> Terms:
    """What the state fold needs of the case."""
    payer, payee = roles(sp)
    fy = sp.case.issue("first_year")
    assert fy is not None and fy.min is not None and fy.step is not None  # every case has a first-year total
    fy_id = fy.id
    return Terms(payer, payee, int(fy.min), int(fy.step), lambda v: sp.complete({fy_id: v}))
