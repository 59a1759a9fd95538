"""Negotiation rooms: two parties and a facilitator, each with a secret link.

Privacy model (see docs/privacy.md): a party sees the case, every offer made in the room with its
payments (public figures from the engine), the gap between the latest offers, whether each party
has entered preferences, and its own preferences and what is computed from them alone (its own
utility of each offer). It never sees anything computed from another party's private inputs
(preferences, reservation, blind bids), except what the model releases:

- after a deal, the post-settlement proposals: packages that both parties prefer to the deal, or
  (marked weak) that one prefers and the other values equally (computed from both preferences; a
  party learns that the other does not lose by them, and for a weak one which side gains, nothing
  more; they are listed by their payments, a public order), and whether one was adopted;
- in blind bidding, per closed round only whether the bids overlap (and the rounds left), and
  when they overlap the deal set by the room's rule.

The facilitator sees everything. Without a valid token nothing is shown, and the answer does not
say whether the room exists. A party's preferences are validated in full when that party saves
them (the error goes to that party only), so that nothing one party enters can break the room
for the others; they are locked once there is a deal (the proposals are computed from them).

Every change is appended with a compare-and-set on the room's version after the rules are checked
against the state read at that version; when another change came first, the state is read again
and the rules checked again (two parties accepting at once make one deal). That counter is the
room's, never shown to a party: each view carries its own version (a digest of what its holder
sees), so a party cannot tell that or when the other bid blind or answered a proposal.

The modules, one concern each: :mod:`.models` (requests and answers), :mod:`.access` (who holds a
link), :mod:`.space` (the case's space and its caches), :mod:`.state` (the pure fold of the events),
:mod:`.commands` (what the holders do), :mod:`.preferences` (a party's private inputs),
:mod:`.shown` (packages in words and money), :mod:`.view` (a party's view) and
:mod:`.facilitator` (what only the facilitator sees).
"""

from __future__ import annotations

from .access import Access, authorize, party_of
from .commands import ATTEMPTS, accept, add_offer, bid, create, describe_package, read_state, respond
from .models import (
    MAX_ROUNDS,
    AcceptRequest,
    BidRequest,
    BidSaved,
    BlindSpec,
    Check,
    DealMade,
    OfferMade,
    OfferRequest,
    PackageRequest,
    PreferencesRequest,
    PreferencesSaved,
    PreferencesShown,
    Preview,
    PreviewOffer,
    ReservationIn,
    ResponseRequest,
    ResponseSaved,
    RoomCreated,
    RoomRequest,
    RoomView,
    ShownPackage,
)
from .preferences import get_preferences, preview, set_preferences
from .shown import at_package, issue_entry, package_words, shown_fields, shown_package
from .space import base_space, package_value, room_space
from .state import RoomState, fold
from .view import view

__all__ = [
    "ATTEMPTS",
    "MAX_ROUNDS",
    "AcceptRequest",
    "Access",
    "BidRequest",
    "BidSaved",
    "BlindSpec",
    "Check",
    "DealMade",
    "OfferMade",
    "OfferRequest",
    "PackageRequest",
    "PreferencesRequest",
    "PreferencesSaved",
    "PreferencesShown",
    "Preview",
    "PreviewOffer",
    "ReservationIn",
    "ResponseRequest",
    "ResponseSaved",
    "RoomCreated",
    "RoomRequest",
    "RoomState",
    "RoomView",
    "ShownPackage",
    "accept",
    "add_offer",
    "at_package",
    "authorize",
    "base_space",
    "bid",
    "create",
    "describe_package",
    "fold",
    "get_preferences",
    "issue_entry",
    "package_value",
    "package_words",
    "party_of",
    "preview",
    "read_state",
    "respond",
    "room_space",
    "set_preferences",
    "shown_fields",
    "shown_package",
    "view",
]
