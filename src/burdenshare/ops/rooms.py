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
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..analysis.negotiation import settlement
from ..analysis.negotiation.case import Case, Option, Party
from ..errors import AuthError, Conflict, InputError, NotFound
from ..i18n import _, localized
from ..i18n.money import format as money, table_unit
from ..store import rooms as rows
from ..store.db import Store
from .common import Amount, Name, Request, catalog_for, clean, from_validation
from .limits import MAX_NOTE
from .negotiation import issue_field, with_amounts

__all__ = [
    "MAX_ROUNDS",
    "AcceptRequest",
    "Access",
    "BidRequest",
    "BlindSpec",
    "OfferRequest",
    "PackageRequest",
    "PreferencesRequest",
    "ResponseRequest",
    "RoomRequest",
    "accept",
    "add_offer",
    "authorize",
    "bid",
    "create",
    "describe_package",
    "get_preferences",
    "preview",
    "respond",
    "set_preferences",
    "view",
]

MAX_ROUNDS = 100
ATTEMPTS = 30


class BlindSpec(BaseModel):
    """Blind bidding on the first-year total: the rule that sets the deal when the bids overlap."""

    model_config = ConfigDict(extra="forbid")
    rule: settlement.Rule = Field("split_difference", description="split_difference (the midpoint), payer_bid or payee_bid")
    rounds: int = Field(5, ge=1, le=20, description="bidding rounds before the bidding fails")


class RoomRequest(Request):
    case: Name = Field(description="a bundled negotiation case's id")
    blind_bidding: BlindSpec | None = Field(None, description="open blind bidding on the first-year total too")


class ReservationIn(BaseModel):
    """A reservation as a utility (0-1) or as a package (issue -> value; amounts may be written out)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    utility: float | None = Field(None, ge=0, le=1)
    package: dict[Name, Option] | None = Field(None, max_length=20)


class PreferencesRequest(BaseModel):
    """A party's private preferences: weights per issue (and 'money') summing to 1, or pairwise
    ratings ({"money>scope": 3}: money matters 3 times as much), value tables, reservation."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    weights: dict[Name, float] = Field(default_factory=dict, max_length=20)
    pairwise: dict[Annotated[str, Field(max_length=130)], float] | None = Field(None, max_length=200)
    values: dict[Name, dict[str, float] | str] = Field(default_factory=dict, max_length=20)
    reservation: ReservationIn
    discount_rate: float = Field(0.0, gt=-100, lt=100)

    @model_validator(mode="after")
    def _some_weights(self) -> PreferencesRequest:
        if not self.weights and not self.pairwise:
            raise ValueError(_("give weights or pairwise ratings"))
        return self


class OfferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    package: dict[Name, Option] = Field(max_length=20)
    round: int | None = Field(None, ge=1, le=MAX_ROUNDS, description="default: your next round")
    note: str = Field("", max_length=MAX_NOTE)


class PackageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    package: dict[Name, Option] = Field(max_length=20)


class AcceptRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offer: int = Field(ge=1, description="the number of the other party's latest offer")


class BidRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: Amount = Field(description="your secret bid on the first-year total (the payer: the most it pays; the payee: "
                                       "the least it takes)")


class ResponseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    proposal: int = Field(ge=1, le=10)
    accept: bool


@dataclass(frozen=True)
class Access:
    room: rows.RoomRow
    role: str  # "facilitator" or a party id


# --- the case's package space, shared by the requests of a process ------------------------------

@lru_cache(maxsize=8)
def _base(host: str, case_id: str):
    from .negotiation import CaseRequest, space

    return space(CaseRequest(host=host, case=case_id))


def _space(room: rows.RoomRow):
    return _base(room.host, room.case_id)


@lru_cache(maxsize=64)
def _private(host: str, case_id: str, prefs_json: str):
    """The space with the given parties' preferences (others: the case's); cached by their text."""
    sp = _base(host, case_id)
    prefs = json.loads(prefs_json)
    parties = [_party_with(sp, p.id, prefs[p.id]) if p.id in prefs else p for p in sp.case.parties]
    return sp.with_parties(parties)


def _with(sp, prefs: dict[str, dict]):
    return _private(sp.cat.host.id, sp.case.id, json.dumps(prefs, sort_keys=True))


def _value(sp, package: dict) -> dict:
    key = json.dumps(package, sort_keys=True)
    cache = sp.__dict__.setdefault("_room_values", {})
    if key not in cache:
        if len(cache) > 5000:
            cache.clear()
        cache[key] = sp.value(package)
    return cache[key]


def create(store: Store, req: RoomRequest) -> dict:
    from .limits import WEB
    from .negotiation import _case

    cat = catalog_for(req)
    case = _case(cat, req.case, WEB)
    room_id = secrets.token_hex(8)
    facilitator = secrets.token_urlsafe(32)
    parties = {p.id: secrets.token_urlsafe(32) for p in case.parties}
    settings = {"blind_bidding": req.blind_bidding.model_dump()} if req.blind_bidding else None
    rows.create(store, room_id, case.id, cat.host.id, facilitator, parties, settings=settings)
    return {"room": room_id, "case": case.id, "tokens": {"facilitator": facilitator, **parties}}


def authorize(store: Store, room_id: str, token: str | None, kind: str = "room") -> Access:
    """The access a token gives to a room; the same error for no token, a wrong token and a room
    that does not exist (no oracle on room ids)."""
    if not token or len(token) > 200 or not isinstance(room_id, str) or len(room_id) > 64:
        raise AuthError(_("a valid token is required"), where="token")
    found = rows.role_of(store, room_id, token)
    if found is None or found[0].kind != kind:
        raise AuthError(_("a valid token is required"), where="token")
    return Access(*found)


def _party(access: Access) -> str:
    if access.role == "facilitator":
        raise AuthError(_("this is done by a party, with that party's link"), where="token")
    return access.role


# --- preferences ---------------------------------------------------------------------------------

def _party_with(sp, party: str, prefs: dict) -> Party:
    base = sp.case.party(party)
    return Party.model_validate({**base.model_dump(), **prefs, "id": base.id, "role": base.role, "name": base.name,
                                 "currency": base.currency})


def _prefs_doc(sp, req: PreferencesRequest) -> tuple[dict, float | None]:
    """The model's preference document from a request (weights from pairwise ratings if given)."""
    from ..analysis.negotiation.preferences import pairwise_weights

    weights, cr = dict(req.weights), None
    if req.pairwise:
        order = ["money"] + [i.id for i in sp.issues if i.kind != "first_year"]
        named = {n for k in req.pairwise for n in k.split(">", 1)}
        unknown = sorted(named - set(order))
        if unknown:
            raise InputError(_("unknown issue '{k}' (issues: {join})", k=unknown[0], join=", ".join(order)), where="pairwise")
        weights, cr = pairwise_weights([k for k in order if k in named], dict(req.pairwise))
    res = req.reservation.model_dump(exclude_none=True)
    if "package" in res:
        res["package"] = with_amounts(sp.case, res["package"], "reservation.package")
    doc = {"weights": weights, "values": dict(req.values), "reservation": res, "discount_rate": req.discount_rate}
    return doc, cr


def _validated_party(sp, party: str, doc: dict) -> Party:
    try:
        p = _party_with(sp, party, doc)
        Case.model_validate({**sp.case.model_dump(), "parties": [p if q.id == party else q for q in sp.case.parties]})
    except ValidationError as exc:
        raise from_validation(exc) from None
    return p


def set_preferences(store: Store, access: Access, party: str, req: PreferencesRequest) -> dict:
    if access.role != party:
        raise AuthError(_("a party's preferences can be set only with that party's token"), where="token")
    sp = _space(access.room)
    doc, cr = _prefs_doc(sp, req)
    p = _validated_party(sp, party, doc)
    own = sp.with_parties([p if q.id == party else q for q in sp.case.parties])
    try:
        own.reservation(p)
    except InputError as exc:
        raise InputError(exc.message, where=f"reservation.{exc.where}" if exc.where and exc.where != "reservation" else "reservation") from None
    if _state(store, access.room, sp)["deal"] is not None:
        raise Conflict(_("preferences are locked once there is a deal"), where="preferences")
    rows.set_preferences(store, access.room.id, party, p.model_dump(mode="json", include={"weights", "values", "reservation", "discount_rate"}))
    return clean({"party": party, "saved": True, "weights": p.weights, "consistency_ratio": cr})


def get_preferences(store: Store, access: Access, party: str) -> dict:
    if access.role not in (party, "facilitator"):
        raise AuthError(_("a party's preferences are visible only to that party and the facilitator"), where="token")
    prefs = rows.preferences(store, access.room.id)
    if party not in prefs:
        raise NotFound(_("no party '{party}' in this room", party=party[:40]), where="party")
    return {"party": party, "preferences": prefs[party]}


def preview(store: Store, access: Access, req: PreferencesRequest) -> dict:
    """A draft of the party's preferences checked, and the utility it gives each public offer (the
    case's and the room's): computed from the draft and public data only."""
    from ..analysis.negotiation.preferences import check
    from ..analysis.negotiation.rounds import offer_package

    party = _party(access)
    sp = _space(access.room)
    doc, cr = _prefs_doc(sp, req)
    problems: list[dict] = []
    try:
        p = _validated_party(sp, party, doc)
    except InputError as exc:
        return clean({"valid": False, "weights": doc["weights"], "consistency_ratio": cr,
                      "checks": [{"level": "error", "where": exc.where, "message": exc.detail}], "offers": []})
    own = sp.with_parties([p if q.id == party else q for q in sp.case.parties])
    u = own.utilities[party]
    best = float(u.max())
    try:
        res = own.reservation(p)
    except InputError:
        res = p.reservation.utility if p.reservation.utility is not None else None
        problems.append({"level": "error", "where": "reservation", "message": str(_("no package reaches your reservation value: lower it"))})
    checks = check(sp.case, p, best, res, cr) + problems
    offers = []
    names = {q.id: localized(q.name) for q in sp.case.parties}
    for o in sorted(sp.case.offers, key=lambda o: o.date):
        pkg = offer_package(sp, o)
        v = own.value(pkg, sp.agreement_payments(o.agreement) if o.agreement else None)
        offers.append({"source": "case", "label": f"{o.date.isoformat()} · {names.get(o.party, o.party)}",
                       "words": _words(sp, v["package"]), "your_utility": v[f"utility_{party}"]})
    _v, room_offers, _e = rows.state(store, access.room.id)
    for k, o in enumerate(room_offers, 1):
        v = own.value(o.package)
        offers.append({"source": "room", "label": str(_("offer {n} · {party}", n=k, party=names.get(o.party, o.party))),
                       "words": _words(sp, v["package"]), "your_utility": v[f"utility_{party}"]})
    return clean({"valid": not any(c["level"] == "error" for c in checks), "weights": p.weights, "consistency_ratio": cr,
                  "best_utility": best, "reservation_utility": res, "checks": checks, "offers": offers})


# --- words and figures ---------------------------------------------------------------------------

def _words(sp, package: dict) -> str:
    from ..analysis.negotiation.words import describe

    return describe(sp.case, package, sp.cat.host.currency)


def _shown(sp, package: dict) -> dict:
    """A package as a party sees it: in words, with its payments and totals written out."""
    v = _value(sp, package)
    cur = sp.cat.host.currency
    fy = sp.case.issue("first_year").id
    return {"package": v["package"], "words": _words(sp, v["package"]), "first_year": v["package"][fy],
            "first_year_text": money(v["package"][fy], cur), "total": v["total"], "total_text": money(v["total"], cur),
            "total_dollars": v["total_dollars"], "total_dollars_text": money(v["total_dollars"], sp.cat.host.dollar, style="sig"),
            "years": v["years"], "payments": v["payments"], "payments_text": [money(x, cur) for x in v["payments"]]}


def describe_package(access: Access, req: PackageRequest) -> dict:
    """A package in words with its payments (for the offer form): public figures only."""
    sp = _space(access.room)
    pkg = _checked_package(sp, req.package)
    out = _shown(sp, pkg)
    return clean(out)


def _checked_package(sp, package: dict) -> dict:
    pkg = with_amounts(sp.case, package, "package")
    try:
        return sp.value(pkg)["package"]  # every issue value checked against the case
    except InputError as exc:
        where = f"package.{exc.where}" if exc.where and not exc.where.startswith("package") else exc.where
        raise InputError(exc.message, where=where, field=issue_field(sp.case, where)) from None



# --- the room's state ------------------------------------------------------------------------------

def _roles(sp) -> tuple[str, str]:
    payer = next(p.id for p in sp.case.parties if p.role == "payer")
    payee = next(p.id for p in sp.case.parties if p.role == "payee")
    return payer, payee


def _state(store: Store, room: rows.RoomRow, sp, loaded=None) -> dict:
    """Everything the room's events imply: offers, the deal (by an accepted offer or by blind
    bidding), the blind-bidding rounds, the answers to post-settlement proposals."""
    version, offers, events = loaded or rows.state(store, room.id)
    payer, payee = _roles(sp)
    fy = sp.case.issue("first_year")
    deal = None
    blind_cfg = (room.settings or {}).get("blind_bidding")
    bids: dict[int, dict[str, int]] = {}
    blind_rounds: list[dict] = []
    blind_status = "open" if blind_cfg else None
    responses: dict[int, dict[str, bool]] = {}
    for e in events:
        if e.kind == "accept" and deal is None:
            o = offers[e.data["offer"] - 1]
            deal = {"source": "offer", "offer": e.data["offer"], "package": o.package, "by": e.party}
        elif e.kind == "bid" and blind_cfg:
            r = int(e.round)
            bids.setdefault(r, {})[e.party] = int(e.data["amount"])
            if len(bids[r]) == 2:
                ov = settlement.overlap(bids[r][payer], bids[r][payee])
                blind_rounds.append({"round": r, "overlap": ov})
                if ov and deal is None:
                    v = settlement.settle(bids[r][payer], bids[r][payee], blind_cfg["rule"], fy.min, fy.step)
                    pkg = sp.complete({fy.id: v})
                    deal = {"source": "blind_bidding", "round": r, "package": pkg}
                    blind_status = "settled"
                elif not ov and r >= blind_cfg["rounds"] and blind_status == "open":
                    blind_status = "failed"
        elif e.kind == "response":
            responses.setdefault(int(e.data["proposal"]), {})[e.party] = bool(e.data["accept"])
    if deal is not None and blind_status == "open":
        blind_status = "closed"
    rounds_closed = len(blind_rounds)
    return {"version": version, "offers": offers, "events": events, "deal": deal, "bids": bids, "blind": blind_cfg,
            "blind_rounds": blind_rounds, "blind_status": blind_status,
            "blind_rounds_left": (blind_cfg["rounds"] - rounds_closed) if blind_cfg else None, "responses": responses}


def _proposals(sp, prefs: dict, deal_pkg: dict) -> list[dict] | None:
    """The post-settlement proposals (packages better than the deal for both, or, marked `weak`,
    better for one and as good for the other), listed by their term total (a public order); None
    until both parties have entered preferences."""
    if not all(prefs.get(p.id) for p in sp.case.parties):
        return None
    priv = _with(sp, {p.id: prefs[p.id] for p in sp.case.parties})
    a, b = (p.id for p in sp.case.parties)
    d = priv.value(deal_pkg)
    ua, ub = priv.utilities[a], priv.utilities[b]
    idx = settlement.improvements(ua, ub, d[f"utility_{a}"], d[f"utility_{b}"])
    found = [(priv.decode(i), settlement.is_weak(ua[i], ub[i], d[f"utility_{a}"], d[f"utility_{b}"])) for i in idx]
    found.sort(key=lambda pw: (_value(sp, pw[0])["total"], json.dumps(pw[0], sort_keys=True)))
    return [{"number": k, "package": p, "weak": w} for k, (p, w) in enumerate(found, 1)]


def _post_settlement(st: dict, proposals: list[dict] | None) -> dict:
    if proposals is None:
        return {"status": "waiting_for_preferences", "adopted": None}
    if not proposals:
        return {"status": "none", "adopted": None}
    for p in proposals:
        r = st["responses"].get(p["number"], {})
        if len(r) == 2 and all(r.values()):
            return {"status": "adopted", "adopted": p["number"]}
    if all(len(st["responses"].get(p["number"], {})) == 2 for p in proposals):
        return {"status": "kept", "adopted": None}
    return {"status": "open", "adopted": None}


def _apply(store: Store, access: Access, decide) -> dict:
    """Read the room, let `decide(state)` check the rules and say what to append, append it with a
    compare-and-set; again from a fresh read when another change came first."""
    sp = _space(access.room)
    for _attempt in range(ATTEMPTS):
        st = _state(store, access.room, sp)
        offers, events, answer = decide(sp, st)
        if rows.append(store, access.room.id, st["version"], offers=offers, events=events) is not None:
            return clean(answer)
    raise Conflict(_("the room is busy; try again"), where="room")


def add_offer(store: Store, access: Access, req: OfferRequest) -> dict:
    party = _party(access)

    def decide(sp, st):
        if st["deal"] is not None:
            raise Conflict(_("there is a deal already: no more offers"), where="offers")
        pkg = _checked_package(sp, req.package)
        mine = [o for o in st["offers"] if o.party == party]
        rnd = req.round or len(mine) + 1
        v = _value(sp, pkg)
        # no room version here: the room's counter also counts what this party may not see
        answer = {"party": party, "round": rnd, "number": len(st["offers"]) + 1, "total": v["total"], "total_dollars": v["total_dollars"]}
        return [(party, rnd, pkg, req.note[:MAX_NOTE])], [], answer

    return _apply(store, access, decide)


def accept(store: Store, access: Access, req: AcceptRequest) -> dict:
    """Accept the other party's latest offer: the deal."""
    party = _party(access)

    def decide(sp, st):
        if st["deal"] is not None:
            raise Conflict(_("there is a deal already"), where="offer")
        if not 1 <= req.offer <= len(st["offers"]):
            raise InputError(_("there is no offer {n}", n=req.offer), where="offer")
        o = st["offers"][req.offer - 1]
        if o.party == party:
            raise InputError(_("you can accept only the other party's offer"), where="offer")
        later = [x for x in st["offers"][req.offer:] if x.party == o.party]
        if later:
            raise Conflict(_("offer {n} has been replaced by a later offer of the same party", n=req.offer), where="offer")
        return [], [(party, "accept", None, {"offer": req.offer})], {"deal": True, "offer": req.offer}

    return _apply(store, access, decide)


def bid(store: Store, access: Access, req: BidRequest) -> dict:
    """A secret bid for the current blind-bidding round (one a round; never shown to the other party)."""
    party = _party(access)

    def decide(sp, st):
        if not st["blind"]:
            raise InputError(_("this room has no blind bidding"), where="amount")
        if st["deal"] is not None or st["blind_status"] != "open":
            raise Conflict(_("the blind bidding is over"), where="amount")
        fy = sp.case.issue("first_year")
        a = int(req.amount)
        if not fy.min <= a <= fy.max or (a - fy.min) % fy.step:
            raise InputError(_("a bid must lie in {lo}-{hi} in steps of {step}", lo=money(fy.min, sp.cat.host.currency),
                               hi=money(fy.max, sp.cat.host.currency), step=money(fy.step, sp.cat.host.currency)), where="amount")
        rnd = len(st["blind_rounds"]) + 1
        if party in st["bids"].get(rnd, {}):
            raise Conflict(_("you have bid in round {r}; wait for the other party", r=rnd), where="amount")
        return [], [(party, "bid", rnd, {"amount": a})], {"round": rnd, "saved": True}

    return _apply(store, access, decide)


def respond(store: Store, access: Access, req: ResponseRequest) -> dict:
    """Accept or reject a post-settlement proposal (once each)."""
    party = _party(access)

    def decide(sp, st):
        if st["deal"] is None:
            raise Conflict(_("there is no deal yet"), where="proposal")
        prefs = rows.preferences(store, access.room.id)
        proposals = _proposals(sp, prefs, st["deal"]["package"])
        ps = _post_settlement(st, proposals)
        if ps["status"] != "open":
            raise Conflict(_("the post-settlement proposals are closed"), where="proposal")
        if not 1 <= req.proposal <= len(proposals):
            raise InputError(_("there is no proposal {n}", n=req.proposal), where="proposal")
        if party in st["responses"].get(req.proposal, {}):
            raise Conflict(_("you have answered proposal {n}", n=req.proposal), where="proposal")
        return [], [(party, "response", None, {"proposal": req.proposal, "accept": req.accept})], {"proposal": req.proposal, "saved": True}

    return _apply(store, access, decide)


# --- what each holder of a link sees ------------------------------------------------------------------

def view(store: Store, access: Access) -> dict:
    """What the token's holder may see of the room (see the privacy model above)."""
    sp = _space(access.room)
    loaded = rows.state(store, access.room.id)
    st = _state(store, access.room, sp, loaded)
    prefs = rows.preferences(store, access.room.id)
    me = access.role
    facilitator = me == "facilitator"
    own = _with(sp, {me: prefs[me]}) if not facilitator and prefs.get(me) else None
    cur = sp.cat.host.currency
    payer, payee = _roles(sp)
    fy = sp.case.issue("first_year")
    scale, label, _dec = table_unit(cur)

    def utility(pkg: dict) -> float | None:
        return own.value(pkg)[f"utility_{me}"] if own is not None else None

    shown, latest, gap = [], {}, []
    for k, o in enumerate(st["offers"], 1):
        item = {"number": k, "party": o.party, "round": o.round, "note": o.note, **_shown(sp, o.package)}
        if own is not None:
            item["your_utility"] = utility(o.package)
        shown.append(item)
        latest[o.party] = o.package[fy.id]
        if len(latest) == 2:
            g = latest[payee] - latest[payer]
            gap.append({"after_offer": k, "round": o.round, "gap": g, "gap_text": money(g, cur)})
    names = {p.id: localized(p.name) for p in sp.case.parties}
    out: dict[str, Any] = {
        "room": access.room.id, "kind": "room", "case": sp.case.id, "title": localized(sp.case.title), "you": me,
        "you_name": names.get(me, str(_("facilitator"))), "version": 0, "currency": cur,
        "unit": {"scale": scale, "label": label},
        "issues": [_issue(sp, i) for i in sp.issues],
        "parties": [{"id": p.id, "name": names[p.id], "role": p.role, "preferences_entered": prefs.get(p.id) is not None}
                    for p in sp.case.parties],
        "offers": shown, "gap": gap, "status": "agreed" if st["deal"] else "open",
    }
    if st["deal"] is not None:
        d = st["deal"]
        out["deal"] = {"source": d["source"], "offer": d.get("offer"), "round": d.get("round"), **_shown(sp, d["package"])}
        if own is not None:
            out["deal"]["your_utility"] = utility(d["package"])
        proposals = _proposals(sp, prefs, d["package"])
        ps = _post_settlement(st, proposals)
        block: dict[str, Any] = {"status": ps["status"], "adopted": ps["adopted"], "proposals": [],
                                 # only weak improvements: the deal is weakly efficient, not efficient
                                 "weak_only": bool(proposals) and all(p["weak"] for p in proposals)}
        for p in proposals or []:
            item = {"number": p["number"], "weak": p["weak"], **_shown(sp, p["package"])}
            answers = st["responses"].get(p["number"], {})
            if facilitator:
                item["responses"] = answers
            else:
                item["your_response"] = answers.get(me)
                if own is not None:
                    item["your_utility"] = utility(p["package"])
            block["proposals"].append(item)
        if ps["adopted"]:
            out["final"] = {"source": "post_settlement", "proposal": ps["adopted"],
                            **_shown(sp, proposals[ps["adopted"] - 1]["package"])}
        out["post_settlement"] = block
    if st["blind"]:
        cfg = st["blind"]
        rule_text = {"split_difference": _("split the difference"), "payer_bid": _("the payer's bid"),
                     "payee_bid": _("the payee's bid")}[cfg["rule"]]
        current = len(st["blind_rounds"]) + 1
        b: dict[str, Any] = {"issue": fy.id, "rule": cfg["rule"], "rule_text": str(rule_text), "rounds": cfg["rounds"],
                             "rounds_left": st["blind_rounds_left"], "status": st["blind_status"],
                             "results": st["blind_rounds"], "current_round": current if st["blind_status"] == "open" else None,
                             "min_text": money(fy.min, cur), "max_text": money(fy.max, cur), "step_text": money(fy.step, cur)}
        if facilitator:
            b["bids"] = {str(r): v for r, v in st["bids"].items()}
            b["bids_text"] = {str(r): {p: money(a, cur) for p, a in v.items()} for r, v in st["bids"].items()}
        else:
            b["your_bids"] = [{"round": r, "amount": v[me], "amount_text": money(v[me], cur)}
                              for r, v in sorted(st["bids"].items()) if me in v]
            b["waiting_for_other"] = st["blind_status"] == "open" and me in st["bids"].get(current, {})
        out["blind_bidding"] = b
    if facilitator:
        out["preferences"] = prefs
        out["preferences_words"] = {p.id: _preferences_words(sp, prefs.get(p.id)) for p in sp.case.parties}
        out["efficient_packages"] = _efficient(sp, prefs) if all(prefs.get(p.id) for p in sp.case.parties) else None
        if st["deal"] is not None and all(prefs.get(p.id) for p in sp.case.parties):
            priv = _with(sp, {p.id: prefs[p.id] for p in sp.case.parties})
            out["deal"]["utilities"] = {p.id: priv.value(st["deal"]["package"])[f"utility_{p.id}"] for p in sp.case.parties}
            for item in out["post_settlement"]["proposals"]:
                item["utilities"] = {p.id: priv.value(item["package"])[f"utility_{p.id}"] for p in sp.case.parties}
    elif prefs.get(me) is not None:
        out["your_preferences"] = prefs[me]
    return _versioned(clean(out))


def _versioned(view: dict) -> dict:
    """The view with its own version: a digest of everything else in it. It changes exactly when
    something its holder may see changes, never with what only another party sees (the room's own
    counter moves with the other party's blind bids and answers too); the web sends it as the ETag."""
    import hashlib

    body = {k: v for k, v in view.items() if k not in ("version", "room")}  # the room's id never changes
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    # a number, as the room's counter was (52 bits: exact in a page's script)
    view["version"] = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:13], 16)
    return view


def _issue(sp, i) -> dict:
    from ..analysis.negotiation.words import issue_title, option_label

    cur = sp.cat.host.currency
    d = {"id": i.id, "kind": i.kind, "title": issue_title(i)}
    if i.kind == "first_year":
        d.update({"min": i.min, "max": i.max, "step": i.step, "min_text": money(i.min, cur), "max_text": money(i.max, cur),
                  "step_text": money(i.step, cur)})
    else:
        d["options"] = [{"value": o, "label": option_label(i, o, cur)} for o in i.values()]
        d["numeric"] = i.kind in ("term", "cap") or all(isinstance(o, (int, float)) for o in i.values())
    return d


def _preferences_words(sp, pref: dict | None) -> list[dict] | None:
    """A party's entered preferences in words, for the facilitator: the weights, each issue's values,
    the reservation and the discount rate (None when not entered yet)."""
    from ..analysis.negotiation.words import describe, issue_title, option_label

    if not pref:
        return None
    cur = sp.cat.host.currency
    issues = {i.id: i for i in sp.issues}
    name = lambda k: str(_("money")) if k == "money" else issue_title(issues[k]) if k in issues else k  # noqa: E731
    rows = [{"what": str(_("weights (0-100)")),
             "text": " · ".join(f"{name(k)}: {round(100 * float(w))}" for k, w in (pref.get("weights") or {}).items())}]
    for k, vf in (pref.get("values") or {}).items():
        if isinstance(vf, str):
            text = str(_("the more the better")) if vf == "increasing" else str(_("the less the better")) if vf == "decreasing" else vf
        elif k in issues:
            text = " · ".join(f"{option_label(issues[k], o, cur)}: {round(100 * float(vf.get(str(o), 0)))}" for o in issues[k].values())
        else:
            continue
        rows.append({"what": name(k), "text": text})
    res = pref.get("reservation") or {}
    if res.get("package"):
        rows.append({"what": str(_("reservation")), "text": describe(sp.case, res["package"], cur)})
    elif res.get("utility") is not None:
        rows.append({"what": str(_("reservation utility (0-100)")), "text": f"{100 * float(res['utility']):.0f}"})
    rows.append({"what": str(_("discount rate (% a year)")), "text": f"{float(pref.get('discount_rate') or 0):g}"})
    return rows


def _efficient(sp, prefs: dict, top: int = 5) -> list[dict] | dict:
    """Packages on the frontier of the parties' entered preferences, inside both reservations,
    with both utilities (the facilitator's view only)."""
    import numpy as np

    from ..analysis.negotiation.analysis import nash, pareto

    try:
        priv = _with(sp, {p.id: prefs[p.id] for p in sp.case.parties})
        a, b = (p.id for p in sp.case.parties)
        ua, ub = priv.utilities[a], priv.utilities[b]
        da, db = priv.reservation(priv.case.parties[0]), priv.reservation(priv.case.parties[1])
    except (InputError, ValidationError) as exc:
        return {"error": str(exc)}
    f = pareto(ua, ub)
    f = f[(ua[f] >= da) & (ub[f] >= db)]
    if f.size == 0:
        return []
    pick = np.unique(np.linspace(0, f.size - 1, min(top, f.size)).round().astype(int))
    chosen = list(f[pick])
    n = nash(ua, ub, da, db)
    if n is not None and n not in chosen:
        chosen.append(n)
    return [{"package": priv.decode(int(i)), "words": _words(sp, priv.decode(int(i))), "nash": bool(i == n),
             f"utility_{a}": float(ua[i]), f"utility_{b}": float(ub[i])} for i in chosen]
