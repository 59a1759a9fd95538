"""The room's state folded from its events: a pure function of the rows (no database, no engine), so
that the rules of a room can be tested on their own.

Offers are kept in the order they were made; the events are folded in the order they were appended:
an accepted offer or the first overlapping pair of blind bids makes the deal (the first one counts),
a round of blind bids closes when both parties have bid, the blind bidding fails after its last
round without overlap, and the answers to the post-settlement proposals are collected per proposal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ...analysis.negotiation import settlement
from ...analysis.negotiation.case import Option
from ...store.rooms import EventRow, OfferRow

__all__ = ["BlindStatus", "Deal", "PostSettlement", "RoomState", "Terms", "fold", "post_settlement"]

Package = dict[str, Option]
BlindStatus = Literal["open", "settled", "failed", "closed"]


@dataclass(frozen=True)
class Terms:
    """What the fold needs of the case: who pays, who is paid, the first-year total's grid, and how a
    first-year total becomes a whole package (the other issues at the case's defaults)."""

    payer: str
    payee: str
    first_year_min: int
    first_year_step: int
    complete: Callable[[int], Package]


@dataclass(frozen=True)
class Deal:
    source: Literal["offer", "blind_bidding"]
    package: Package
    offer: int | None = None  # the accepted offer's number
    round: int | None = None  # the blind-bidding round that settled
    by: str | None = None  # the party that accepted


@dataclass(frozen=True)
class RoomState:
    version: int
    offers: list[OfferRow]
    events: list[EventRow]
    deal: Deal | None = None
    blind: dict[str, Any] | None = None  # the blind-bidding settings (rule, rounds), None without
    bids: dict[int, dict[str, int]] = field(default_factory=dict)  # round -> party -> amount
    blind_rounds: list[dict[str, Any]] = field(default_factory=list)  # closed rounds: round, overlap
    blind_status: BlindStatus | None = None
    blind_rounds_left: int | None = None
    responses: dict[int, dict[str, bool]] = field(default_factory=dict)  # proposal -> party -> accepted


def fold(version: int, offers: Sequence[OfferRow], events: Sequence[EventRow], blind: dict[str, Any] | None,
         terms: Terms) -> RoomState:
    """Everything the room's events imply: the deal (by an accepted offer or by blind bidding), the
    blind-bidding rounds, the answers to post-settlement proposals."""
    deal: Deal | None = None
    bids: dict[int, dict[str, int]] = {}
    blind_rounds: list[dict[str, Any]] = []
    blind_status: BlindStatus | None = "open" if blind else None
    responses: dict[int, dict[str, bool]] = {}
    for e in events:
        if e.kind == "accept" and deal is None:
            n = int(e.data["offer"])
            deal = Deal("offer", offers[n - 1].package, offer=n, by=e.party)
        elif e.kind == "bid" and blind and e.round is not None:
            r = int(e.round)
            bids.setdefault(r, {})[e.party] = int(e.data["amount"])
            if len(bids[r]) < 2 or any(x["round"] == r for x in blind_rounds):
                continue
            payer, payee = bids[r].get(terms.payer), bids[r].get(terms.payee)
            if payer is None or payee is None:
                continue
            ov = settlement.overlap(payer, payee)
            blind_rounds.append({"round": r, "overlap": ov})
            if ov and deal is None:
                v = settlement.settle(payer, payee, blind["rule"], terms.first_year_min, terms.first_year_step)
                deal = Deal("blind_bidding", terms.complete(v), round=r)
                blind_status = "settled"
            elif not ov and r >= blind["rounds"] and blind_status == "open":
                blind_status = "failed"
        elif e.kind == "response":
            responses.setdefault(int(e.data["proposal"]), {})[e.party] = bool(e.data["accept"])
    if deal is not None and blind_status == "open":
        blind_status = "closed"
    left = blind["rounds"] - len(blind_rounds) if blind else None
    return RoomState(version, list(offers), list(events), deal, blind, bids, blind_rounds, blind_status, left, responses)


@dataclass(frozen=True)
class PostSettlement:
    status: Literal["waiting_for_preferences", "none", "adopted", "kept", "open"]
    adopted: int | None = None


def post_settlement(st: RoomState, proposals: list[dict[str, Any]] | None) -> PostSettlement:
    """Where the post-settlement proposals stand: waiting for both preferences, none to make, one
    adopted (the first that both accepted), kept (every proposal answered, none by both), or open."""
    if proposals is None:
        return PostSettlement("waiting_for_preferences")
    if not proposals:
        return PostSettlement("none")
    for p in proposals:
        r = st.responses.get(p["number"], {})
        if len(r) == 2 and all(r.values()):
            return PostSettlement("adopted", p["number"])
    if all(len(st.responses.get(p["number"], {})) == 2 for p in proposals):
        return PostSettlement("kept")
    return PostSettlement("open")
