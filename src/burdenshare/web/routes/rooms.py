"""Negotiation rooms and practice sessions: each party (or student) and the facilitator act through
their own secret token (the ``x-token`` header); see docs/privacy.md for what each of them can see.

Who holds the link is checked once, by a dependency: a route that declares ``access: RoomAccess``
(or ``PracticeAccess``) runs only for a valid token of that room (403 otherwise, the same answer for
no token, a wrong token and a room that does not exist)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Response

from ...ops import practice, rooms
from ...ops.saved import rate_limit
from ..cache import encode
from ..deps import ClientDep, StoreDep, TokenDep

router = APIRouter(prefix="/api/v1/rooms", tags=["rooms"])
practice_router = APIRouter(prefix="/api/v1/practice", tags=["practice"])
RoomP = Annotated[str, Path(max_length=64)]
PartyP = Annotated[str, Path(max_length=64)]


def room_access(room: RoomP, store: StoreDep, token: TokenDep) -> rooms.Access:
    """The access the request's token gives to the negotiation room in the path."""
    return rooms.authorize(store, room, token)


def practice_access(room: RoomP, store: StoreDep, token: TokenDep) -> rooms.Access:
    """The access the request's token gives to the practice session in the path."""
    return rooms.authorize(store, room, token, kind="practice")


RoomAccess = Annotated[rooms.Access, Depends(room_access)]
PracticeAccess = Annotated[rooms.Access, Depends(practice_access)]


@router.post("", status_code=201, response_model=rooms.RoomCreated,
             summary="Open a room on a bundled case; the answer holds every secret link's token, once")
def create(req: rooms.RoomRequest, store: StoreDep, client: ClientDep) -> rooms.RoomCreated:
    rate_limit(store, client, "create_room")
    return rooms.create(store, req)


@router.get("/{room}", response_model=rooms.RoomView, summary="What the token's holder may see of the room",
            description="The answer's `version` (also its ETag) changes only with what the token's holder may see; "
                        "send it back as If-None-Match to get 304 Not Modified while nothing changed.",
            responses={304: {"description": "Not Modified: nothing this holder may see has changed"}})
def view(access: RoomAccess, store: StoreDep, if_none_match: Annotated[str | None, Header(max_length=200)] = None) -> Response:
    v = rooms.view(store, access)
    etag = f'"{v.version}"'
    # each holder of a link has its own view: never shared by a cache, always revalidated
    headers = {"etag": etag, "cache-control": "private, no-cache", "vary": "x-token"}
    if if_none_match and etag in [t.strip().removeprefix("W/") for t in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(encode(v.model_dump(mode="json")), media_type="application/json", headers=headers)


@router.put("/{room}/parties/{party}/preferences", response_model=rooms.PreferencesSaved,
            summary="A party's private preferences (that party's token only)")
def put_preferences(access: RoomAccess, party: PartyP, req: rooms.PreferencesRequest, store: StoreDep) -> rooms.PreferencesSaved:
    return rooms.set_preferences(store, access, party, req)


@router.get("/{room}/parties/{party}/preferences", response_model=rooms.PreferencesShown,
            summary="A party's private preferences (that party and the facilitator)")
def get_preferences(access: RoomAccess, party: PartyP, store: StoreDep) -> rooms.PreferencesShown:
    return rooms.get_preferences(store, access, party)


@router.post("/{room}/preferences/preview", response_model=rooms.Preview,
             summary="A draft of your preferences checked, with your utility of each public offer")
def preview(access: RoomAccess, req: rooms.PreferencesRequest, store: StoreDep) -> rooms.Preview:
    return rooms.preview(store, access, req)


@router.post("/{room}/describe", response_model=rooms.ShownPackage, summary="A package in words, with its payments")
def describe(access: RoomAccess, req: rooms.PackageRequest) -> rooms.ShownPackage:
    return rooms.describe_package(access, req)


@router.post("/{room}/offers", status_code=201, response_model=rooms.OfferMade, summary="Make an offer (a party's token)")
def offer(access: RoomAccess, req: rooms.OfferRequest, store: StoreDep) -> rooms.OfferMade:
    return rooms.add_offer(store, access, req)


@router.post("/{room}/accept", response_model=rooms.DealMade, summary="Accept the other party's latest offer: the deal")
def accept(access: RoomAccess, req: rooms.AcceptRequest, store: StoreDep) -> rooms.DealMade:
    return rooms.accept(store, access, req)


@router.post("/{room}/bids", status_code=201, response_model=rooms.BidSaved,
             summary="A secret blind bid on the first-year total (never shown to the other party)")
def bid(access: RoomAccess, req: rooms.BidRequest, store: StoreDep) -> rooms.BidSaved:
    return rooms.bid(store, access, req)


@router.post("/{room}/post-settlement", response_model=rooms.ResponseSaved, summary="Accept or reject a post-settlement proposal")
def respond(access: RoomAccess, req: rooms.ResponseRequest, store: StoreDep) -> rooms.ResponseSaved:
    return rooms.respond(store, access, req)


# --- practice against an agent -----------------------------------------------------------------------

@practice_router.post("", status_code=201, response_model=practice.PracticeCreated,
                      summary="Open a practice session against an agent (the facilitator sets it up)")
def practice_create(req: practice.PracticeRequest, store: StoreDep, client: ClientDep) -> practice.PracticeCreated:
    rate_limit(store, client, "create_room")
    return practice.create(store, req)


@practice_router.get("/{room}", response_model=practice.PracticeView,
                     summary="The session as the student (or the facilitator) sees it; the debrief once it has ended")
def practice_view(access: PracticeAccess, store: StoreDep) -> practice.PracticeView:
    return practice.view(store, access)


@practice_router.post("/{room}/offers", status_code=201, response_model=practice.PracticeAnswer,
                      summary="The student's offer; the agent answers at once")
def practice_offer(access: PracticeAccess, req: rooms.OfferRequest, store: StoreDep) -> practice.PracticeAnswer:
    return practice.offer(store, access, req)


@practice_router.post("/{room}/accept", response_model=rooms.DealMade, summary="Accept the agent's latest offer")
def practice_accept(access: PracticeAccess, req: practice.PracticeAccept, store: StoreDep) -> rooms.DealMade:
    return practice.accept(store, access, req)


@practice_router.post("/{room}/leave", response_model=practice.PracticeLeft, summary="Leave the talks (no deal)")
def practice_leave(access: PracticeAccess, store: StoreDep) -> practice.PracticeLeft:
    return practice.leave(store, access)


@practice_router.post("/{room}/describe", response_model=rooms.ShownPackage, summary="A package in words, with its payments")
def practice_describe(access: PracticeAccess, req: rooms.PackageRequest) -> rooms.ShownPackage:
    return rooms.describe_package(access, req)
