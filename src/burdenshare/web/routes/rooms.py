"""Negotiation rooms: each party and the facilitator act through their own secret token (the
``x-token`` header); see docs/privacy.md for what each of them can see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ...ops import rooms
from ...ops.saved import rate_limit
from ..deps import ClientDep, StoreDep, TokenDep

router = APIRouter(prefix="/api/v1/rooms", tags=["rooms"])
RoomP = Annotated[str, Path(max_length=64)]
PartyP = Annotated[str, Path(max_length=64)]


@router.post("", status_code=201, summary="Open a room on a bundled case; the answer holds every secret link's token, once")
def create(req: rooms.RoomRequest, store: StoreDep, client: ClientDep):
    rate_limit(store, client, "create_room")
    return rooms.create(store, req)


@router.get("/{room}", summary="What the token's holder may see of the room")
def view(room: RoomP, store: StoreDep, token: TokenDep):
    return rooms.view(store, rooms.authorize(store, room, token))


@router.put("/{room}/parties/{party}/preferences", summary="A party's private preferences (that party's token only)")
def put_preferences(room: RoomP, party: PartyP, req: rooms.PreferencesRequest, store: StoreDep, token: TokenDep):
    return rooms.set_preferences(store, rooms.authorize(store, room, token), party, req)


@router.get("/{room}/parties/{party}/preferences", summary="A party's private preferences (that party and the facilitator)")
def get_preferences(room: RoomP, party: PartyP, store: StoreDep, token: TokenDep):
    return rooms.get_preferences(store, rooms.authorize(store, room, token), party)


@router.post("/{room}/offers", status_code=201, summary="Make an offer (a party's token)")
def offer(room: RoomP, req: rooms.OfferRequest, store: StoreDep, token: TokenDep):
    return rooms.add_offer(store, rooms.authorize(store, room, token), req)
