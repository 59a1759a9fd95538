"""Negotiation rooms in the database: rows only (who is in a room, their token hashes, private
preferences, offers). Who may see or do what is decided in :mod:`burdenshare.ops.rooms`.

Tokens are stored only as SHA-256 hashes; lookups compare hashes in constant time. Offers and
events are appended in a transaction that also bumps the room's version with a compare-and-set
(:func:`append`): when another change came first nothing is written, and the caller reads the room
again and decides again, so two offers made at the same moment are both kept.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from .db import Store
from .models import Room, RoomEvent, RoomOffer, RoomParty


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class RoomRow:
    id: str
    case_id: str
    host: str
    kind: str = "room"
    settings: dict[str, Any] | None = None


@dataclass(frozen=True)
class OfferRow:
    id: int
    party: str
    round: int
    package: dict[str, Any]
    note: str


@dataclass(frozen=True)
class EventRow:
    id: int
    party: str
    kind: str
    round: int | None
    data: dict[str, Any]


def create(store: Store, room_id: str, case_id: str, host: str, facilitator: str, parties: dict[str, str], *,
           kind: str = "room", settings: dict[str, Any] | None = None) -> None:
    """A room with the facilitator's and each party's token (stored hashed)."""
    with store.session() as s:
        s.add(Room(id=room_id, case_id=case_id, host=host, facilitator_hash=token_hash(facilitator), version=0, kind=kind,
                   settings=settings))
        s.flush()
        for party, token in parties.items():
            s.add(RoomParty(room_id=room_id, party=party, token_hash=token_hash(token)))


def role_of(store: Store, room_id: str, token: str) -> tuple[RoomRow, str] | None:
    """The room and the role ('facilitator' or a party id) a token gives, or None."""
    th = token_hash(token)
    with store.session() as s:
        room = s.get(Room, room_id)
        if room is None:
            return None
        row = RoomRow(room.id, room.case_id, room.host, room.kind or "room", room.settings)
        if hmac.compare_digest(room.facilitator_hash, th):
            return row, "facilitator"
        for p in s.scalars(select(RoomParty).where(RoomParty.room_id == room_id)):
            if hmac.compare_digest(p.token_hash, th):
                return row, p.party
    return None


def preferences(store: Store, room_id: str) -> dict[str, dict[str, Any] | None]:
    with store.session() as s:
        return {p.party: p.preferences for p in s.scalars(select(RoomParty).where(RoomParty.room_id == room_id))}


def set_preferences(store: Store, room_id: str, party: str, prefs: dict[str, Any]) -> bool:
    with store.session() as s:
        row = s.scalars(select(RoomParty).where(RoomParty.room_id == room_id, RoomParty.party == party)).one_or_none()
        if row is None:
            return False
        row.preferences = prefs
        return True


def state(store: Store, room_id: str) -> tuple[int, list[OfferRow], list[EventRow]]:
    """The room's version, offers and events, read together."""
    with store.session() as s:
        room = s.get(Room, room_id)
        offers = [OfferRow(o.id, o.party, o.round, o.package, o.note)
                  for o in s.scalars(select(RoomOffer).where(RoomOffer.room_id == room_id).order_by(RoomOffer.id))]
        evs = [EventRow(e.id, e.party, e.kind, e.round, e.data)
               for e in s.scalars(select(RoomEvent).where(RoomEvent.room_id == room_id).order_by(RoomEvent.id))]
        return (room.version if room else 0), offers, evs


def append(store: Store, room_id: str, version: int, *, offers: Sequence[tuple[str, int, dict[str, Any], str]] = (),
           events: Sequence[tuple[str, str, int | None, dict[str, Any]]] = ()) -> int | None:
    """Append offers (party, round, package, note) and events (party, kind, round, data) if the
    room is still at `version` (compare-and-set); the new version, or None when the room moved on
    (the caller reads the room again and decides again)."""
    with store.session() as s:
        moved = s.execute(update(Room).where(Room.id == room_id, Room.version == version).values(version=version + 1))
        done = cast(CursorResult[Any], moved).rowcount  # an UPDATE's result is a cursor's
        if done != 1:
            s.rollback()
            return None
        for party, round_, package, note in offers:
            s.add(RoomOffer(room_id=room_id, party=party, round=round_, package=package, note=note))
        for party, kind, event_round, data in events:
            s.add(RoomEvent(room_id=room_id, party=party, kind=kind, round=event_round, data=data))
    return version + 1
