"""Negotiation rooms and practice sessions: each party (or student) and the facilitator act through
their own secret token (the ``x-token`` header); see docs/privacy.md for what each of them can see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Response

from ...ops import practice, rooms
from ...ops.saved import rate_limit
from ..cache import encode
from ..deps import ClientDep, StoreDep, TokenDep

router = APIRouter(prefix="/api/v1/rooms", tags=["rooms"])
practice_router = APIRouter(prefix="/api/v1/practice", tags=["practice"])
RoomP = Annotated[str, Path(max_length=64)]
PartyP = Annotated[str, Path(max_length=64)]


@router.post("", status_code=201, summary="Open a room on a bundled case; the answer holds every secret link's token, once")
def create(req: rooms.RoomRequest, store: StoreDep, client: ClientDep):
    rate_limit(store, client, "create_room")
    return rooms.create(store, req)


@router.get("/{room}", summary="What the token's holder may see of the room",
            description="The answer's `version` (also its ETag) changes only with what the token's holder may see; "
                        "send it back as If-None-Match to get 304 Not Modified while nothing changed.")
def view(room: RoomP, store: StoreDep, token: TokenDep, if_none_match: Annotated[str | None, Header(max_length=200)] = None):
    v = rooms.view(store, rooms.authorize(store, room, token))
    etag = f'"{v["version"]}"'
    # each holder of a link has its own view: never shared by a cache, always revalidated
    headers = {"etag": etag, "cache-control": "private, no-cache", "vary": "x-token"}
    if if_none_match and etag in [t.strip().removeprefix("W/") for t in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(encode(v), media_type="application/json", headers=headers)


@router.put("/{room}/parties/{party}/preferences", summary="A party's private preferences (that party's token only)")
def put_preferences(room: RoomP, party: PartyP, req: rooms.PreferencesRequest, store: StoreDep, token: TokenDep):
    return rooms.set_preferences(store, rooms.authorize(store, room, token), party, req)


@router.get("/{room}/parties/{party}/preferences", summary="A party's private preferences (that party and the facilitator)")
def get_preferences(room: RoomP, party: PartyP, store: StoreDep, token: TokenDep):
    return rooms.get_preferences(store, rooms.authorize(store, room, token), party)


@router.post("/{room}/preferences/preview", summary="A draft of your preferences checked, with your utility of each public offer")
def preview(room: RoomP, req: rooms.PreferencesRequest, store: StoreDep, token: TokenDep):
    return rooms.preview(store, rooms.authorize(store, room, token), req)


@router.post("/{room}/describe", summary="A package in words, with its payments")
def describe(room: RoomP, req: rooms.PackageRequest, store: StoreDep, token: TokenDep):
    return rooms.describe_package(rooms.authorize(store, room, token), req)


@router.post("/{room}/offers", status_code=201, summary="Make an offer (a party's token)")
def offer(room: RoomP, req: rooms.OfferRequest, store: StoreDep, token: TokenDep):
    return rooms.add_offer(store, rooms.authorize(store, room, token), req)


@router.post("/{room}/accept", summary="Accept the other party's latest offer: the deal")
def accept(room: RoomP, req: rooms.AcceptRequest, store: StoreDep, token: TokenDep):
    return rooms.accept(store, rooms.authorize(store, room, token), req)


@router.post("/{room}/bids", status_code=201, summary="A secret blind bid on the first-year total (never shown to the other party)")
def bid(room: RoomP, req: rooms.BidRequest, store: StoreDep, token: TokenDep):
    return rooms.bid(store, rooms.authorize(store, room, token), req)


@router.post("/{room}/post-settlement", summary="Accept or reject a post-settlement proposal")
def respond(room: RoomP, req: rooms.ResponseRequest, store: StoreDep, token: TokenDep):
    return rooms.respond(store, rooms.authorize(store, room, token), req)


# --- practice against an agent -----------------------------------------------------------------------

@practice_router.post("", status_code=201, summary="Open a practice session against an agent (the facilitator sets it up)")
def practice_create(req: practice.PracticeRequest, store: StoreDep, client: ClientDep):
    rate_limit(store, client, "create_room")
    return practice.create(store, req)


@practice_router.get("/{room}", summary="The session as the student (or the facilitator) sees it; the debrief once it has ended")
def practice_view(room: RoomP, store: StoreDep, token: TokenDep):
    return practice.view(store, rooms.authorize(store, room, token, kind="practice"))


@practice_router.post("/{room}/offers", status_code=201, summary="The student's offer; the agent answers at once")
def practice_offer(room: RoomP, req: rooms.OfferRequest, store: StoreDep, token: TokenDep):
    return practice.offer(store, rooms.authorize(store, room, token, kind="practice"), req)


@practice_router.post("/{room}/accept", summary="Accept the agent's latest offer")
def practice_accept(room: RoomP, req: practice.PracticeAccept, store: StoreDep, token: TokenDep):
    return practice.accept(store, rooms.authorize(store, room, token, kind="practice"), req)


@practice_router.post("/{room}/leave", summary="Leave the talks (no deal)")
def practice_leave(room: RoomP, store: StoreDep, token: TokenDep):
    return practice.leave(store, rooms.authorize(store, room, token, kind="practice"))


@practice_router.post("/{room}/describe", summary="A package in words, with its payments")
def practice_describe(room: RoomP, req: rooms.PackageRequest, store: StoreDep, token: TokenDep):
    return rooms.describe_package(rooms.authorize(store, room, token, kind="practice"), req)
