"""What the holders of a room's links do: open a room, make an offer, accept one, bid blind, answer a
post-settlement proposal. Every change is appended with a compare-and-set on the room's version after
the rules are checked against the state read at that version; when another change came first, the
state is read again and the rules checked again (two parties accepting at once make one deal)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ...analysis.negotiation import settlement
from ...errors import Conflict, InputError
from ...i18n import _
from ...i18n.money import format as money
from ...store import rooms as rows
from ...store.db import Store
from ..common import catalog_for
from ..limits import MAX_NOTE
from .access import Access, party_of
from .models import (
    AcceptRequest,
    BidRequest,
    BidSaved,
    DealMade,
    OfferMade,
    OfferRequest,
    PackageRequest,
    ResponseRequest,
    ResponseSaved,
    RoomCreated,
    RoomRequest,
    ShownPackage,
)
from .shown import checked_package, first_year, shown_package
from .space import Package, package_value, room_space, terms, with_preferences
from .state import RoomState, fold, post_settlement

if TYPE_CHECKING:
    from ...analysis.negotiation.space import Space

__all__ = ["ATTEMPTS", "Events", "Offers", "accept", "add_offer", "bid", "create", "describe_package", "proposals", "read_state", "respond"]

ATTEMPTS = 30
Answer = TypeVar("Answer", bound=BaseModel)
Offers = list[tuple[str, int, dict[str, Any], str]]
Events = list[tuple[str, str, int | None, dict[str, Any]]]


def create(store: Store, req: RoomRequest) -> RoomCreated:
    """A room on a bundled case, with a secret token for the facilitator and one for each party."""
    from ..limits import WEB
    from ..negotiation import case_for

    cat = catalog_for(req)
    case = case_for(cat, req.case, WEB)
    room_id = secrets.token_hex(8)
    facilitator = secrets.token_urlsafe(32)
    parties = {p.id: secrets.token_urlsafe(32) for p in case.parties}
    settings = {"blind_bidding": req.blind_bidding.model_dump()} if req.blind_bidding else None
    rows.create(store, room_id, case.id, cat.host.id, facilitator, parties, settings=settings)
    return RoomCreated(room=room_id, case=case.id, tokens={"facilitator": facilitator, **parties})


def read_state(store: Store, room: rows.RoomRow, sp: Space,
               loaded: tuple[int, list[rows.OfferRow], list[rows.EventRow]] | None = None) -> RoomState:
    """The room's rows read (or as given) and folded into its state."""
    version, offers, events = loaded or rows.state(store, room.id)
    return fold(version, offers, events, (room.settings or {}).get("blind_bidding"), terms(sp))


def proposals(sp: Space, prefs: dict[str, dict[str, Any] | None], deal_pkg: Package) -> list[dict[str, Any]] | None:
    """The post-settlement proposals (packages better than the deal for both, or, marked `weak`,
    better for one and as good for the other), listed by their term total (a public order); None
    until both parties have entered preferences."""
    entered = {p.id: prefs.get(p.id) for p in sp.case.parties}
    if not all(entered.values()):
        return None
    priv = with_preferences(sp, entered)
    a, b = (p.id for p in sp.case.parties)
    d = priv.value(deal_pkg)
    da, db = (d[p.column("utility")] for p in sp.case.parties)
    ua, ub = priv.utilities[a], priv.utilities[b]
    idx = settlement.improvements(ua, ub, da, db)
    found = [(priv.decode(i), settlement.is_weak(ua[i], ub[i], da, db)) for i in idx]
    found.sort(key=lambda pw: (package_value(sp, pw[0])["total"], json.dumps(pw[0], sort_keys=True)))
    return [{"number": k, "package": p, "weak": w} for k, (p, w) in enumerate(found, 1)]


def apply(store: Store, access: Access, decide: Callable[[Space, RoomState], tuple[Offers, Events, Answer]]) -> Answer:
    """Read the room, let `decide(space, state)` check the rules and say what to append, append it
    with a compare-and-set; again from a fresh read when another change came first."""
    sp = room_space(access.room)
    for _attempt in range(ATTEMPTS):
        st = read_state(store, access.room, sp)
        offers, events, answer = decide(sp, st)
        if rows.append(store, access.room.id, st.version, offers=offers, events=events) is not None:
            return answer
    raise Conflict(_("the room is busy; try again"), where="room")


def describe_package(access: Access, req: PackageRequest) -> ShownPackage:
    """A package in words with its payments (for the offer form): public figures only."""
    sp = room_space(access.room)
    return shown_package(sp, checked_package(sp, req.package))


def add_offer(store: Store, access: Access, req: OfferRequest) -> OfferMade:
    party = party_of(access)

    def decide(sp: Space, st: RoomState) -> tuple[Offers, Events, OfferMade]:
        if st.deal is not None:
            raise Conflict(_("there is a deal already: no more offers"), where="offers")
        pkg = checked_package(sp, req.package)
        mine = [o for o in st.offers if o.party == party]
        rnd = req.round or len(mine) + 1
        v = package_value(sp, pkg)
        # no room version here: the room's counter also counts what this party may not see
        answer = OfferMade(party=party, round=rnd, number=len(st.offers) + 1, total=v["total"], total_dollars=v["total_dollars"])
        return [(party, rnd, pkg, req.note[:MAX_NOTE])], [], answer

    return apply(store, access, decide)


def accept(store: Store, access: Access, req: AcceptRequest) -> DealMade:
    """Accept the other party's latest offer: the deal."""
    party = party_of(access)

    def decide(sp: Space, st: RoomState) -> tuple[Offers, Events, DealMade]:
        if st.deal is not None:
            raise Conflict(_("there is a deal already"), where="offer")
        if not 1 <= req.offer <= len(st.offers):
            raise InputError(_("there is no offer {n}", n=req.offer), where="offer")
        o = st.offers[req.offer - 1]
        if o.party == party:
            raise InputError(_("you can accept only the other party's offer"), where="offer")
        later = [x for x in st.offers[req.offer:] if x.party == o.party]
        if later:
            raise Conflict(_("offer {n} has been replaced by a later offer of the same party", n=req.offer), where="offer")
        return [], [(party, "accept", None, {"offer": req.offer})], DealMade(deal=True, offer=req.offer)

    return apply(store, access, decide)


def bid(store: Store, access: Access, req: BidRequest) -> BidSaved:
    """A secret bid for the current blind-bidding round (one a round; never shown to the other party)."""
    party = party_of(access)

    def decide(sp: Space, st: RoomState) -> tuple[Offers, Events, BidSaved]:
        if not st.blind:
            raise InputError(_("this room has no blind bidding"), where="amount")
        if st.deal is not None or st.blind_status != "open":
            raise Conflict(_("the blind bidding is over"), where="amount")
        fy = first_year(sp)
        assert fy.min is not None and fy.max is not None and fy.step is not None
        a = int(req.amount)
        if not fy.min <= a <= fy.max or (a - fy.min) % fy.step:
            cur = sp.cat.host.currency
            raise InputError(_("a bid must lie in {lo}-{hi} in steps of {step}", lo=money(fy.min, cur), hi=money(fy.max, cur),
                               step=money(fy.step, cur)), where="amount")
        rnd = len(st.blind_rounds) + 1
        if party in st.bids.get(rnd, {}):
            raise Conflict(_("you have bid in round {r}; wait for the other party", r=rnd), where="amount")
        return [], [(party, "bid", rnd, {"amount": a})], BidSaved(round=rnd, saved=True)

    return apply(store, access, decide)


def respond(store: Store, access: Access, req: ResponseRequest) -> ResponseSaved:
    """Accept or reject a post-settlement proposal (once each)."""
    party = party_of(access)

    def decide(sp: Space, st: RoomState) -> tuple[Offers, Events, ResponseSaved]:
        if st.deal is None:
            raise Conflict(_("there is no deal yet"), where="proposal")
        found = proposals(sp, rows.preferences(store, access.room.id), st.deal.package)
        if post_settlement(st, found).status != "open" or found is None:
            raise Conflict(_("the post-settlement proposals are closed"), where="proposal")
        if not 1 <= req.proposal <= len(found):
            raise InputError(_("there is no proposal {n}", n=req.proposal), where="proposal")
        if party in st.responses.get(req.proposal, {}):
            raise Conflict(_("you have answered proposal {n}", n=req.proposal), where="proposal")
        return [], [(party, "response", None, {"proposal": req.proposal, "accept": req.accept})], ResponseSaved(
            proposal=req.proposal, saved=True)

    return apply(store, access, decide)
