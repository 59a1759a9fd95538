"""Negotiation rooms: two parties and a facilitator, each with a secret link.

Each party enters private preferences (weights, value functions, reservation) and makes offers
round by round. The shared view shows the offers, their payment figures (from the engine) and the
gap by round, and, once both parties have entered preferences, the efficient packages: never a
party's weights, values, reservation or utilities. The facilitator's view shows everything.

Tokens are 256-bit random values, shown once and stored as SHA-256 hashes; every lookup compares
hashes in constant time. Offers are appended in a transaction that also bumps the room's version
with a compare-and-set, retried on conflict: two offers made at the same moment are both kept.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import select, update

from ..errors import InputError
from .db import Store
from .models import Room, RoomOffer, RoomParty

MAX_ROUNDS = 100


class AuthError(InputError):
    """Missing, wrong or foreign token (the API answers 403 without saying which)."""


class NotFound(InputError):
    pass


class Conflict(InputError):
    pass


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Access:
    room: Room
    role: str  # "facilitator" or a party id


def create_room(store: Store, case_id: str, host: str = "kr") -> dict:
    from ..api import _case, _catalog

    case = _case(_catalog(host), case_id)
    room_id = secrets.token_hex(8)
    tokens = {"facilitator": secrets.token_urlsafe(32)}
    with store.session() as s:
        s.add(Room(id=room_id, case_id=case.id, host=host, facilitator_hash=_hash(tokens["facilitator"]), version=0))
        s.flush()
        for p in case.parties:
            tokens[p.id] = secrets.token_urlsafe(32)
            s.add(RoomParty(room_id=room_id, party=p.id, token_hash=_hash(tokens[p.id])))
    return {"room": room_id, "case": case.id, "tokens": tokens}


def authorize(store: Store, room_id: str, token: str | None) -> Access:
    if not token or len(token) > 200:
        raise AuthError("a valid token is required", where="token")
    th = _hash(token)
    with store.session() as s:
        room = s.get(Room, room_id)
        if room is None:
            raise AuthError("a valid token is required", where="token")  # no oracle on room ids
        if hmac.compare_digest(room.facilitator_hash, th):
            return Access(room, "facilitator")
        for p in s.scalars(select(RoomParty).where(RoomParty.room_id == room_id)):
            if hmac.compare_digest(p.token_hash, th):
                return Access(room, p.party)
    raise AuthError("a valid token is required", where="token")


def _space(room: Room):
    from ..api import negotiation_space

    return negotiation_space(room.case_id, host=room.host)


def set_preferences(store: Store, access: Access, party: str, prefs: dict) -> dict:
    if access.role != party:
        raise AuthError("a party's preferences can be set only with that party's token", where="token")
    sp = _space(access.room)
    base = sp.case.party(party)
    from ..analysis.negotiation.case import Case, Party

    try:
        p = Party.model_validate({**base.model_dump(), **prefs, "id": base.id, "role": base.role, "name": base.name,
                                  "currency": base.currency, "basis": "entered in the negotiation room"})
        Case.model_validate({**sp.case.model_dump(), "parties": [p if q.id == party else q for q in sp.case.parties]})
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise InputError(err.get("msg", "invalid preferences"), where=".".join(map(str, err.get("loc", ())))) from None
    with store.session() as s:
        row = s.scalars(select(RoomParty).where(RoomParty.room_id == access.room.id, RoomParty.party == party)).one()
        row.preferences = p.model_dump(mode="json", include={"weights", "values", "reservation", "discount_rate"})
    return {"party": party, "saved": True}


def get_preferences(store: Store, access: Access, party: str) -> dict | None:
    if access.role not in (party, "facilitator"):
        raise AuthError("a party's preferences are visible only to that party and the facilitator", where="token")
    with store.session() as s:
        row = s.scalars(select(RoomParty).where(RoomParty.room_id == access.room.id, RoomParty.party == party)).one_or_none()
        if row is None:
            raise NotFound(f"no party '{party}' in this room", where="party")
        return row.preferences


def add_offer(store: Store, access: Access, package: dict, round_: int, note: str = "") -> dict:
    if access.role == "facilitator":
        raise AuthError("offers are made by the parties", where="token")
    if isinstance(round_, bool) or not isinstance(round_, int) or not 1 <= round_ <= MAX_ROUNDS:
        raise InputError(f"round must be a whole number from 1 to {MAX_ROUNDS}", where="round")
    sp = _space(access.room)
    value = sp.value(package)  # validates every issue value against the case (4xx on error)
    for _ in range(20):
        with store.session() as s:
            room = s.get(Room, access.room.id)
            v = room.version
            done = s.execute(update(Room).where(Room.id == room.id, Room.version == v).values(version=v + 1)).rowcount
            if done != 1:
                s.rollback()
                continue
            s.add(RoomOffer(room_id=room.id, party=access.role, round=round_, package=value["package"], note=note[:1000]))
        return {"party": access.role, "round": round_, "version": v + 1, "total": value["total"], "total_usd": value["total_usd"]}
    raise Conflict("the room is busy; try again", where="offers")


def view(store: Store, access: Access) -> dict:
    """The shared view (or, for the facilitator, everything)."""
    sp = _space(access.room)
    with store.session() as s:
        offers = list(s.scalars(select(RoomOffer).where(RoomOffer.room_id == access.room.id).order_by(RoomOffer.id)))
        parties = {p.party: p.preferences for p in s.scalars(select(RoomParty).where(RoomParty.room_id == access.room.id))}
        version = s.get(Room, access.room.id).version
    fy = sp.case.issue("first_year").id
    rows, latest, gap = [], {}, []
    for o in offers:
        v = sp.value(o.package)
        rows.append({"party": o.party, "round": o.round, "package": o.package, "total": v["total"],
                     "total_usd": v["total_usd"], "payments": v["payments"], "note": o.note})
        latest[o.party] = o.package[fy]
        if len(latest) == 2:
            a, b = (latest[p.id] for p in sp.case.parties)
            gap.append({"after_offer": len(rows), "round": o.round, "gap": abs(a - b)})
    out = {"room": access.room.id, "case": sp.case.id, "title": sp.case.title, "you": access.role, "version": version,
           "issues": [{"id": i.id, "kind": i.kind, "title": i.title, "options": i.values() if i.kind != "first_year" else None,
                       "min": i.min, "max": i.max, "step": i.step} for i in sp.issues],
           "parties": [{"id": p.id, "name": p.name, "preferences_entered": parties.get(p.id) is not None} for p in sp.case.parties],
           "offers": rows, "gap": gap, "efficient_packages": None}
    if all(parties.get(p.id) for p in sp.case.parties):
        out["efficient_packages"] = _efficient(sp, parties, reveal=access.role == "facilitator")
    if access.role == "facilitator":
        out["preferences"] = parties
    elif parties.get(access.role) is not None:
        out["your_preferences"] = parties[access.role]
    return out


def _efficient(sp, prefs: dict, reveal: bool, top: int = 5) -> list[dict]:
    """Packages on the frontier of the parties' entered preferences, inside both reservations:
    the packages only (utilities only for the facilitator)."""
    import numpy as np

    from ..analysis.negotiation.analysis import nash, pareto
    from ..analysis.negotiation.case import Party
    from ..analysis.negotiation.space import Space

    parties = tuple(Party.model_validate({**p.model_dump(), **prefs[p.id]}) for p in sp.case.parties)
    case = sp.case.model_copy(update={"parties": parties})
    priv = Space(case, sp.cat, sp.inputs)
    a, b = (p.id for p in parties)
    ua, ub = priv.utilities[a], priv.utilities[b]
    da, db = priv.reservation(parties[0]), priv.reservation(parties[1])
    f = pareto(ua, ub)
    f = f[(ua[f] >= da) & (ub[f] >= db)]
    if f.size == 0:
        return []
    pick = np.unique(np.linspace(0, f.size - 1, min(top, f.size)).round().astype(int))
    chosen = list(f[pick])
    n = nash(ua, ub, da, db)
    if n is not None and n not in chosen:
        chosen.append(n)
    out = []
    for i in chosen:
        row = {"package": priv.decode(int(i)), "nash": bool(i == n)}
        if reveal:
            row.update({f"utility_{a}": float(ua[i]), f"utility_{b}": float(ub[i])})
        out.append(row)
    return out
