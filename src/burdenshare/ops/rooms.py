"""Negotiation rooms: two parties and a facilitator, each with a secret link.

Privacy model (see docs/privacy.md): a party sees the case, every offer made in the room with its
payments (public figures from the engine), the gap between the latest offers, whether each party
has entered preferences, and its own preferences. It never sees anything computed from another
party's private preferences: not their weights, values, reservation or utilities, and not the
efficient packages (which depend on both parties' preferences). The facilitator sees everything.
Without a valid token nothing is shown, and the answer does not say whether the room exists.

A party's preferences are validated in full when that party saves them (the error goes to that
party only), so that nothing one party enters can break the room for the others.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..analysis.negotiation.case import Case, Option, Party, Reservation
from ..errors import AuthError, Conflict, InputError, NotFound
from ..i18n import _, localized
from ..store import rooms as rows
from ..store.db import Store
from .common import Name, Request, catalog_for, clean, from_validation
from .limits import MAX_NOTE

__all__ = ["RoomRequest", "PreferencesRequest", "OfferRequest", "Access", "create", "authorize", "set_preferences",
           "get_preferences", "add_offer", "view", "MAX_ROUNDS"]

MAX_ROUNDS = 100


class RoomRequest(Request):
    case: Name = Field(description="a bundled negotiation case's id")


class PreferencesRequest(BaseModel):
    """A party's private preferences: weights per issue (and 'money'), value tables, reservation."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    weights: dict[Name, float] = Field(max_length=20)
    values: dict[Name, dict[str, float] | str] = Field(default_factory=dict, max_length=20)
    reservation: Reservation
    discount_rate: float = Field(0.0, gt=-100, lt=100)


class OfferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    package: dict[Name, Option] = Field(max_length=20)
    round: int = Field(ge=1, le=MAX_ROUNDS)
    note: str = Field("", max_length=MAX_NOTE)


@dataclass(frozen=True)
class Access:
    room: rows.RoomRow
    role: str  # "facilitator" or a party id


def _space(room: rows.RoomRow):
    from .negotiation import CaseRequest, space

    return space(CaseRequest(host=room.host, case=room.case_id))


def create(store: Store, req: RoomRequest) -> dict:
    from .negotiation import _case
    from .limits import WEB

    cat = catalog_for(req)
    case = _case(cat, req.case, WEB)
    room_id = secrets.token_hex(8)
    facilitator = secrets.token_urlsafe(32)
    parties = {p.id: secrets.token_urlsafe(32) for p in case.parties}
    rows.create(store, room_id, case.id, cat.host.id, facilitator, parties)
    return {"room": room_id, "case": case.id, "tokens": {"facilitator": facilitator, **parties}}


def authorize(store: Store, room_id: str, token: str | None) -> Access:
    """The access a token gives to a room; the same error for no token, a wrong token and a room
    that does not exist (no oracle on room ids)."""
    if not token or len(token) > 200 or not isinstance(room_id, str) or len(room_id) > 64:
        raise AuthError(_("a valid token is required"), where="token")
    found = rows.role_of(store, room_id, token)
    if found is None:
        raise AuthError(_("a valid token is required"), where="token")
    return Access(*found)


def _party_with(sp, party: str, prefs: dict) -> Party:
    base = sp.case.party(party)
    return Party.model_validate({**base.model_dump(), **prefs, "id": base.id, "role": base.role, "name": base.name,
                                 "currency": base.currency, "basis": "entered in the negotiation room"})


def set_preferences(store: Store, access: Access, party: str, req: PreferencesRequest) -> dict:
    if access.role != party:
        raise AuthError(_("a party's preferences can be set only with that party's token"), where="token")
    sp = _space(access.room)
    prefs = req.model_dump(mode="json", exclude_none=True)
    try:
        p = _party_with(sp, party, prefs)
        Case.model_validate({**sp.case.model_dump(), "parties": [p if q.id == party else q for q in sp.case.parties]})
    except ValidationError as exc:
        raise from_validation(exc) from None
    # the reservation must be a package of this case that some package reaches
    from ..analysis.negotiation.space import Space

    own = Space(sp.case.model_copy(update={"parties": tuple(p if q.id == party else q for q in sp.case.parties)}), sp.cat, sp.inputs)
    try:
        own.reservation(p)
    except InputError as exc:
        raise InputError(exc.message, where=f"reservation.{exc.where}" if exc.where and exc.where != "reservation" else "reservation") from None
    rows.set_preferences(store, access.room.id, party, p.model_dump(mode="json", include={"weights", "values", "reservation", "discount_rate"}))
    return {"party": party, "saved": True}


def get_preferences(store: Store, access: Access, party: str) -> dict:
    if access.role not in (party, "facilitator"):
        raise AuthError(_("a party's preferences are visible only to that party and the facilitator"), where="token")
    prefs = rows.preferences(store, access.room.id)
    if party not in prefs:
        raise NotFound(_("no party '{party}' in this room", party=party[:40]), where="party")
    return {"party": party, "preferences": prefs[party]}


def add_offer(store: Store, access: Access, req: OfferRequest) -> dict:
    if access.role == "facilitator":
        raise AuthError(_("offers are made by the parties"), where="token")
    sp = _space(access.room)
    try:
        value = sp.value(dict(req.package))  # every issue value checked against the case
    except InputError as exc:
        raise InputError(exc.message, where=f"package.{exc.where}" if exc.where and not exc.where.startswith("package") else exc.where) from None
    version = rows.append_offer(store, access.room.id, access.role, req.round, value["package"], req.note[:MAX_NOTE])
    if version is None:
        raise Conflict(_("the room is busy; try again"), where="offers")
    return clean({"party": access.role, "round": req.round, "version": version, "total": value["total"],
                  "total_usd": value["total_usd"]})


def view(store: Store, access: Access) -> dict:
    """What the token's holder may see of the room (see the privacy model above)."""
    sp = _space(access.room)
    version, offers = rows.offers(store, access.room.id)
    prefs = rows.preferences(store, access.room.id)
    fy = sp.case.issue("first_year").id
    shown, latest, gap = [], {}, []
    for o in offers:
        v = sp.value(o.package)
        shown.append({"party": o.party, "round": o.round, "package": o.package, "total": v["total"],
                      "total_usd": v["total_usd"], "payments": v["payments"], "years": v["years"], "note": o.note})
        latest[o.party] = o.package[fy]
        if len(latest) == 2:
            payee = next(p.id for p in sp.case.parties if p.role == "payee")
            payer = next(p.id for p in sp.case.parties if p.role == "payer")
            gap.append({"after_offer": len(shown), "round": o.round, "gap": latest[payee] - latest[payer]})
    out: dict[str, Any] = {
        "room": access.room.id, "case": sp.case.id, "title": localized(sp.case.title), "you": access.role, "version": version,
        "currency": sp.cat.host.currency,
        "issues": [{"id": i.id, "kind": i.kind, "title": localized(i.title) or i.id,
                    "options": i.values() if i.kind != "first_year" else None, "min": i.min, "max": i.max, "step": i.step}
                   for i in sp.issues],
        "parties": [{"id": p.id, "name": localized(p.name), "role": p.role, "preferences_entered": prefs.get(p.id) is not None}
                    for p in sp.case.parties],
        "offers": shown, "gap": gap,
    }
    if access.role == "facilitator":
        out["preferences"] = prefs
        out["efficient_packages"] = _efficient(sp, prefs) if all(prefs.get(p.id) for p in sp.case.parties) else None
    elif prefs.get(access.role) is not None:
        out["your_preferences"] = prefs[access.role]
    return clean(out)


def _efficient(sp, prefs: dict, top: int = 5) -> list[dict] | dict:
    """Packages on the frontier of the parties' entered preferences, inside both reservations,
    with both utilities (the facilitator's view only)."""
    import numpy as np

    from ..analysis.negotiation.analysis import nash, pareto
    from ..analysis.negotiation.space import Space

    try:
        parties = tuple(_party_with(sp, p.id, prefs[p.id]) for p in sp.case.parties)
        priv = Space(sp.case.model_copy(update={"parties": parties}), sp.cat, sp.inputs)
        a, b = (p.id for p in parties)
        ua, ub = priv.utilities[a], priv.utilities[b]
        da, db = priv.reservation(parties[0]), priv.reservation(parties[1])
    except (InputError, ValidationError) as exc:
        return {"error": str(exc)}
    f = pareto(ua, ub)
    f = f[(ua[f] >= da) & (ub[f] >= db)]
    if f.size == 0:
        return []
    pick = np.unique(np.linspace(0, f.size - 1, min(top, f.size)).round().astype(int))
    chosen = list(f[pick])
    n = nash(ua, ub, da, db)
    if n is not None and n not in chosen:
        chosen.append(n)
    return [{"package": priv.decode(int(i)), "nash": bool(i == n), f"utility_{a}": float(ua[i]), f"utility_{b}": float(ub[i])}
            for i in chosen]
