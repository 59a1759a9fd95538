"""The room's state fold on its own: rows in, state out, no database and no engine (ops.rooms.state)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings, strategies as st

from burdenshare.ops.rooms.state import RoomState, Terms, fold, post_settlement
from burdenshare.store.rooms import EventRow, OfferRow

TERMS = Terms(payer="a", payee="b", first_year_min=100, first_year_step=10, complete=lambda v: {"fy": v, "term": 5})
BLIND = {"rule": "split_difference", "rounds": 3}


def offer(n: int, party: str, fy: int) -> OfferRow:
    return OfferRow(n, party, 1, {"fy": fy}, "")


def event(n: int, party: str, kind: str, rnd: int | None = None, **data: Any) -> EventRow:
    return EventRow(n, party, kind, rnd, data)


def test_an_accepted_offer_is_the_deal_and_the_first_acceptance_counts() -> None:
    offers = [offer(1, "a", 100), offer(2, "b", 200), offer(3, "a", 150)]
    s = fold(7, offers, [event(1, "b", "accept", offer=3), event(2, "a", "accept", offer=2)], None, TERMS)
    assert s.version == 7 and s.deal is not None
    assert (s.deal.source, s.deal.offer, s.deal.by, s.deal.package) == ("offer", 3, "b", {"fy": 150})
    assert s.blind is None and s.blind_status is None and s.blind_rounds_left is None


def test_nothing_happened_is_an_open_room() -> None:
    s = fold(0, [], [], BLIND, TERMS)
    assert s == RoomState(0, [], [], None, BLIND, {}, [], "open", 3, {})


def test_overlapping_blind_bids_settle_by_the_rule_on_the_grid() -> None:
    evs = [event(1, "a", "bid", 1, amount=150), event(2, "b", "bid", 1, amount=200),  # no overlap
           event(3, "b", "bid", 2, amount=160), event(4, "a", "bid", 2, amount=190)]  # overlap: midpoint 175 -> 170
    s = fold(4, [], evs, BLIND, TERMS)
    assert s.blind_rounds == [{"round": 1, "overlap": False}, {"round": 2, "overlap": True}]
    assert s.deal is not None and (s.deal.source, s.deal.round, s.deal.package) == ("blind_bidding", 2, {"fy": 170, "term": 5})
    assert s.blind_status == "settled" and s.blind_rounds_left == 1
    assert s.bids == {1: {"a": 150, "b": 200}, 2: {"b": 160, "a": 190}}


def test_the_bidding_fails_after_its_last_round_and_closes_on_a_deal_by_offer() -> None:
    evs = [e for r in (1, 2, 3) for e in (event(2 * r, "a", "bid", r, amount=100), event(2 * r + 1, "b", "bid", r, amount=300))]
    s = fold(6, [], evs, BLIND, TERMS)
    assert s.deal is None and s.blind_status == "failed" and s.blind_rounds_left == 0
    one_bid = fold(2, [offer(1, "b", 200)], [event(1, "a", "bid", 1, amount=100), event(2, "a", "accept", offer=1)], BLIND, TERMS)
    assert one_bid.deal is not None and one_bid.blind_status == "closed" and one_bid.blind_rounds == []


def test_answers_to_proposals_and_where_they_stand() -> None:
    props = [{"number": 1}, {"number": 2}]
    evs = [event(1, "a", "accept", offer=1), event(2, "a", "response", proposal=1, accept=True),
           event(3, "b", "response", proposal=1, accept=False)]
    s = fold(3, [offer(1, "b", 200)], evs, None, TERMS)
    assert s.responses == {1: {"a": True, "b": False}}
    assert post_settlement(s, None).status == "waiting_for_preferences"
    assert post_settlement(s, []).status == "none"
    assert post_settlement(s, props).status == "open"
    more = [*evs, event(4, "b", "response", proposal=2, accept=True), event(5, "a", "response", proposal=2, accept=True)]
    done = post_settlement(fold(5, [offer(1, "b", 200)], more, None, TERMS), props)
    assert (done.status, done.adopted) == ("adopted", 2)
    kept = [*evs, event(4, "b", "response", proposal=2, accept=True), event(5, "a", "response", proposal=2, accept=False)]
    assert post_settlement(fold(5, [offer(1, "b", 200)], kept, None, TERMS), props).status == "kept"


bids = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.booleans()), min_size=0, max_size=8)


@settings(max_examples=200, deadline=None)
@given(bids, st.integers(1, 6), st.sampled_from(["split_difference", "payer_bid", "payee_bid"]))
def test_blind_bidding_properties(rounds_bids: list[tuple[int, int, bool]], rounds: int, rule: str) -> None:
    """For any bids (on the grid, either party first, as many rounds as the bidding allows): one
    closed round per pair of bids, the deal from the first overlapping pair and between the bids,
    the rounds left counted down, the status consistent with both."""
    blind = {"rule": rule, "rounds": rounds}
    evs, n = [], 0
    for r, (pa, pb, payee_first) in enumerate(rounds_bids[:rounds], 1):
        pair = [("a", 100 + 10 * pa), ("b", 100 + 10 * pb)]
        for party, amount in reversed(pair) if payee_first else pair:
            n += 1
            evs.append(event(n, party, "bid", r, amount=amount))
    s = fold(n, [], evs, blind, TERMS)
    played = rounds_bids[:rounds]
    assert [x["round"] for x in s.blind_rounds] == list(range(1, len(played) + 1))
    assert s.blind_rounds_left == rounds - len(played)
    overlapping = [r for r, (pa, pb, _f) in enumerate(played, 1) if pa >= pb]
    if overlapping:
        first = overlapping[0]
        pa, pb, _f = played[first - 1]
        assert s.deal is not None and s.deal.round == first and s.blind_status == "settled"
        v = s.deal.package["fy"]
        assert isinstance(v, int) and 100 + 10 * pb <= v <= 100 + 10 * pa and (v - 100) % 10 == 0
    else:
        assert s.deal is None
        assert s.blind_status == ("failed" if len(played) == rounds else "open")
    assert fold(n, [], evs, blind, TERMS) == s  # a function of the rows alone
