"""What each holder of a link sees of a room: a party its own view (the privacy model, docs/privacy.md),
the facilitator everything (:mod:`.facilitator`). Money is written out by :mod:`burdenshare.i18n.money`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...i18n import _, localized
from ...i18n.money import format as money, table_unit
from ...model.frames import clean
from ...store import rooms as rows
from ...store.db import Store
from .access import Access
from .commands import proposals, read_state
from .facilitator import add_facilitator_fields
from .models import RoomView
from .shown import first_year, issue_entry, shown_fields
from .space import Package, roles, room_space, with_preferences
from .state import RoomState, post_settlement

if TYPE_CHECKING:
    from ...analysis.negotiation.space import Space

__all__ = ["versioned", "view"]

def view(store: Store, access: Access) -> RoomView:
    """What the token's holder may see of the room (see the privacy model)."""
    sp = room_space(access.room)
    st = read_state(store, access.room, sp)
    prefs = rows.preferences(store, access.room.id)
    me = access.role
    own_prefs = None if access.facilitator else prefs.get(me)
    own = with_preferences(sp, {me: own_prefs}) if own_prefs else None

    mine = None if access.facilitator else sp.case.party(me).column("utility")

    def utility(pkg: Package) -> float | None:
        return float(own.value(pkg)[mine]) if own is not None and mine is not None else None

    out = _public(sp, access, st, prefs)
    if own is not None:
        for item in out["offers"]:
            item["your_utility"] = utility(item["package"])
    if st.deal is not None:
        _deal(out, sp, access, st, prefs, utility)
    if st.blind:
        _blind(out, sp, access, st)
    if access.facilitator:
        add_facilitator_fields(out, sp, st, prefs)
    elif own_prefs is not None:
        out["your_preferences"] = own_prefs
    return RoomView.model_validate(versioned(clean(out)))


def _public(sp: Space, access: Access, st: RoomState, prefs: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """What every holder of a link sees: the case, the parties, every offer and the gap."""
    cur = sp.cat.host.currency
    payer, payee = roles(sp)
    fy = first_year(sp)
    scale, label, _dec = table_unit(cur)
    shown_offers: list[dict[str, Any]] = []
    latest: dict[str, Any] = {}
    gap = []
    for k, o in enumerate(st.offers, 1):
        shown_offers.append({"number": k, "party": o.party, "round": o.round, "note": o.note, **shown_fields(sp, o.package)})
        latest[o.party] = o.package[fy.id]
        if len(latest) == 2:
            g = latest[payee] - latest[payer]
            gap.append({"after_offer": k, "round": o.round, "gap": g, "gap_text": money(g, cur)})
    names = {p.id: localized(p.name) for p in sp.case.parties}
    return {
        "room": access.room.id, "kind": "room", "case": sp.case.id, "title": localized(sp.case.title), "you": access.role,
        "you_name": names.get(access.role, str(_("facilitator"))), "version": 0, "currency": cur,
        "unit": {"scale": scale, "label": label},
        "issues": [issue_entry(sp, i) for i in sp.issues],
        "parties": [{"id": p.id, "name": names[p.id], "role": p.role, "preferences_entered": prefs.get(p.id) is not None}
                    for p in sp.case.parties],
        "offers": shown_offers, "gap": gap, "status": "agreed" if st.deal else "open",
    }


def _deal(out: dict[str, Any], sp: Space, access: Access, st: RoomState, prefs: dict[str, dict[str, Any] | None],
          utility: Callable[[Package], float | None]) -> None:
    """The deal, and the post-settlement proposals with the holder's own answers (the facilitator:
    both parties' answers)."""
    d = st.deal
    assert d is not None
    out["deal"] = {"source": d.source, "offer": d.offer, "round": d.round, **shown_fields(sp, d.package)}
    mine = utility(d.package)
    if mine is not None:
        out["deal"]["your_utility"] = mine
    found = proposals(sp, prefs, d.package)
    ps = post_settlement(st, found)
    block: dict[str, Any] = {"status": ps.status, "adopted": ps.adopted, "proposals": [],
                             # only weak improvements: the deal is weakly efficient, not efficient
                             "weak_only": bool(found) and all(p["weak"] for p in found or [])}
    for p in found or []:
        item = {"number": p["number"], "weak": p["weak"], **shown_fields(sp, p["package"])}
        answers = st.responses.get(p["number"], {})
        if access.facilitator:
            item["responses"] = answers
        else:
            item["your_response"] = answers.get(access.role)
            u = utility(p["package"])
            if u is not None:
                item["your_utility"] = u
        block["proposals"].append(item)
    if ps.adopted and found:
        out["final"] = {"source": "post_settlement", "proposal": ps.adopted, **shown_fields(sp, found[ps.adopted - 1]["package"])}
    out["post_settlement"] = block


def _blind(out: dict[str, Any], sp: Space, access: Access, st: RoomState) -> None:
    """The blind bidding: per closed round only whether the bids overlapped; a party's own bids."""
    cfg = st.blind
    assert cfg is not None
    cur = sp.cat.host.currency
    fy = first_year(sp)
    current = len(st.blind_rounds) + 1
    rule_text = {"split_difference": _("split the difference"), "payer_bid": _("the payer's bid"),
                 "payee_bid": _("the payee's bid")}[cfg["rule"]]
    b: dict[str, Any] = {"issue": fy.id, "rule": cfg["rule"], "rule_text": str(rule_text), "rounds": cfg["rounds"],
                         "rounds_left": st.blind_rounds_left, "status": st.blind_status,
                         "results": st.blind_rounds, "current_round": current if st.blind_status == "open" else None,
                         "min_text": money(fy.min, cur), "max_text": money(fy.max, cur), "step_text": money(fy.step, cur)}
    if not access.facilitator:
        me = access.role
        b["your_bids"] = [{"round": r, "amount": v[me], "amount_text": money(v[me], cur)}
                          for r, v in sorted(st.bids.items()) if me in v]
        b["waiting_for_other"] = st.blind_status == "open" and me in st.bids.get(current, {})
    out["blind_bidding"] = b


def versioned(view: dict[str, Any]) -> dict[str, Any]:
    """The view with its own version: a digest of everything else in it. It changes exactly when
    something its holder may see changes, never with what only another party sees (the room's own
    counter moves with the other party's blind bids and answers too); the web sends it as the ETag."""
    body = {k: v for k, v in view.items() if k not in ("version", "room")}  # the room's id never changes
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    # a number, as the room's counter was (52 bits: exact in a page's script)
    view["version"] = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:13], 16)
    return view
