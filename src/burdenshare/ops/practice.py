"""Practice against an agent: a student plays one side of a bundled case in the browser against an
automated negotiator whose tactic, deadline and hazard the facilitator chose; at the end, a debrief.

The student plays with the case's own (published, illustrative) preferences for its side, so its
utility of each offer is shown as it plays; the agent's utilities, its tactic and the frontier are
shown only in the debrief, once the talks have ended (a deal, the deadline, a collapse, or the
student leaving). The facilitator's link sees everything from the start. A practice session is a
room of kind ``practice`` in the store: its offers and events are rows like a room's, so any
server process answers for it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..analysis.negotiation.agent import PracticeAgent, collapses, debrief
from ..analysis.negotiation.simulate import Tactic, TacticKind
from ..errors import Conflict, InputError, UnknownNameError
from ..i18n import _, localized
from ..i18n.money import format as money, table_unit
from ..model.frames import clean
from ..store import rooms as rows
from ..store.db import Store
from .common import Name, Request, catalog_for
from .negotiation import TacticSpec, issue_field, with_amounts
from .rooms import ATTEMPTS, Access, DealMade, OfferRequest, at_package, base_space, issue_entry, shown_fields
from .rooms.commands import Events, Offers
from .rooms.shown import first_year
from .rooms.space import Package

if TYPE_CHECKING:
    from ..analysis.negotiation.space import Space

Answer = TypeVar("Answer", bound=BaseModel)

__all__ = ["PracticeAccept", "PracticeAnswer", "PracticeCreated", "PracticeHazard", "PracticeLeft", "PracticeRequest", "PracticeView",
           "accept", "create", "leave", "offer", "view"]


class PracticeHazard(BaseModel):
    """After each rejected offer from round `from_round` on, the talks collapse with `probability`."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    probability: float = Field(ge=0, le=1)
    from_round: int = Field(1, ge=1, le=100)


class PracticeRequest(Request):
    case: Name = Field(description="a bundled negotiation case's id")
    student: Name | None = Field(None, description="the party the student plays (default: the payer)")
    tactic: TacticSpec = Field(default_factory=lambda: TacticSpec(kind="boulware"), description="the agent's tactic")
    deadline: int = Field(8, ge=1, le=100, description="offers the student may make before the talks fail")
    hazard: PracticeHazard | None = None
    agent_opens: bool = Field(True, description="the agent makes the first offer")
    seed: int | None = Field(None, ge=0, le=2**32 - 1, description="fixes the hazard's draws (default: random)")


class PracticeAccept(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offer: int = Field(ge=1, description="the number of the agent's latest offer")


class PracticeCreated(BaseModel):
    room: str
    case: str
    tokens: dict[str, str] = Field(description="the facilitator's and the student's tokens (shown once)")
    student: str = Field(description="the party the student plays")


class PracticeAnswer(BaseModel):
    number: int = Field(description="the student's offer's number")
    answer: Literal["accept", "counter", "deadline", "collapsed"]
    counter: int | None = Field(None, description="the agent's counter-offer's number")


class PracticeLeft(BaseModel):
    left: bool


class PracticeView(BaseModel):
    """The session as the student (or the facilitator) sees it; the debrief, the agent's utilities and
    its tactic only once the talks have ended (the facilitator: from the start)."""

    model_config = ConfigDict(extra="allow")
    room: str
    kind: str
    case: str
    title: str
    you: str
    student: str
    student_name: str
    agent: str
    agent_name: str
    version: int
    currency: str
    status: str = Field(description="open, agreed, deadline, collapsed or left")
    deadline: int
    rounds_used: int
    rounds_left: int
    offers: list[dict[str, Any]]


@lru_cache(maxsize=16)
def _agent(host: str, case_id: str, student: str, kind: TacticKind, exponent: float | None, deadline: int) -> PracticeAgent:
    sp = base_space(host, case_id)
    agent = next(p for p in sp.case.parties if p.id != student)
    return PracticeAgent(sp.utilities[agent.id], sp.utilities[student], sp.reservation(agent), Tactic(kind, exponent), deadline)


def _setup(access: Access) -> tuple[Space, dict[str, Any], PracticeAgent]:
    s = access.room.settings or {}
    sp = base_space(access.room.host, access.room.case_id)
    ag = _agent(access.room.host, access.room.case_id, s["student"], s["tactic"]["kind"], s["tactic"].get("exponent"), s["deadline"])
    return sp, s, ag


def create(store: Store, req: PracticeRequest) -> PracticeCreated:
    from .limits import WEB
    from .negotiation import case_for

    cat = catalog_for(req)
    case = case_for(cat, req.case, WEB)
    ids = [p.id for p in case.parties]
    student = req.student or next(p.id for p in case.parties if p.role == "payer")
    if student not in ids:
        raise UnknownNameError(_("party"), student, ids, where="student")
    agent = next(i for i in ids if i != student)
    if req.hazard is not None and req.hazard.from_round > req.deadline:
        raise InputError(_("the hazard starts after the deadline ({deadline})", deadline=req.deadline), where="hazard.from_round")
    _exponent = Tactic(req.tactic.kind, req.tactic.exponent).e  # a bad exponent is refused now
    settings = {"student": student, "agent": agent, "tactic": req.tactic.model_dump(), "deadline": req.deadline,
                "hazard": req.hazard.model_dump() if req.hazard else None, "agent_opens": req.agent_opens,
                "seed": req.seed if req.seed is not None else secrets.randbelow(2**32)}
    room_id = secrets.token_hex(8)
    facilitator = secrets.token_urlsafe(32)
    tokens = {student: secrets.token_urlsafe(32), agent: secrets.token_urlsafe(32)}  # the agent's is never handed out
    rows.create(store, room_id, case.id, cat.host.id, facilitator, tokens, kind="practice", settings=settings)
    if req.agent_opens:
        sp = base_space(cat.host.id, case.id)
        ag = _agent(cat.host.id, case.id, student, req.tactic.kind, req.tactic.exponent, req.deadline)
        rows.append(store, room_id, 0, offers=[(agent, 0, sp.decode(ag.opening()), "")])
    return PracticeCreated(room=room_id, case=case.id, tokens={"facilitator": facilitator, "student": tokens[student]}, student=student)


def _status(events: list[rows.EventRow]) -> tuple[str, dict[str, Any] | None]:
    for e in events:
        if e.kind in ("accept", "agent_accept"):
            return "agreed", {"offer": e.data["offer"], "by": e.party}
        if e.kind in ("fail", "collapse", "leave"):
            return {"fail": "deadline", "collapse": "collapsed", "leave": "left"}[e.kind], None
    return "open", None


def _flat(sp: Space, package: Package) -> tuple[int, Package]:
    pkg = sp.complete(with_amounts(sp.case, package, "package") or {})
    try:
        flat = sp.encode(pkg)
    except InputError as exc:
        raise at_package(sp, exc) from None
    exact = sp.decode(flat)
    fy = first_year(sp)
    if exact[fy.id] != pkg[fy.id]:
        raise InputError(_("the first-year total moves in steps of {step} from {lo}", step=money(fy.step, sp.cat.host.currency),
                           lo=money(fy.min, sp.cat.host.currency)), where=f"package.{fy.id}", field=issue_field(sp.case, f"package.{fy.id}"))
    return flat, exact


def _apply(store: Store, access: Access,
           decide: Callable[[list[rows.OfferRow], list[rows.EventRow]], tuple[Offers, Events, Answer]]) -> Answer:
    for _attempt in range(ATTEMPTS):
        version, offers, events = rows.state(store, access.room.id)
        new_offers, new_events, answer = decide(offers, events)
        if rows.append(store, access.room.id, version, offers=new_offers, events=new_events) is not None:
            return answer
    raise Conflict(_("the session is busy; try again"), where="room")


def offer(store: Store, access: Access, req: OfferRequest) -> PracticeAnswer:
    """The student's offer, and the agent's answer: accept, counter-offer, or the talks end."""
    sp, s, ag = _setup(access)
    if access.role != s["student"]:
        raise InputError(_("offers are made by the student"), where="token")
    student, agent = s["student"], s["agent"]
    flat, pkg = _flat(sp, req.package)

    def decide(offers: list[rows.OfferRow], events: list[rows.EventRow]) -> tuple[Offers, Events, PracticeAnswer]:
        status, _deal = _status(events)
        if status != "open":
            raise Conflict(_("the talks have ended"), where="offers")
        mine = [sp.encode(o.package) for o in offers if o.party == student]
        theirs = [sp.encode(o.package) for o in offers if o.party == agent]
        r = len(mine)
        if r >= s["deadline"]:
            raise Conflict(_("the deadline has passed: accept the agent's last offer or leave"), where="offers")
        number = len(offers) + 1
        new: Offers = [(student, r + 1, pkg, req.note)]
        verdict, counter = ag.respond(r, flat, theirs, mine)
        if verdict == "accept":
            return new, [(agent, "agent_accept", r + 1, {"offer": number})], PracticeAnswer(number=number, answer="accept")
        if verdict == "fail":
            return new, [(agent, "fail", r + 1, {})], PracticeAnswer(number=number, answer="deadline")
        hz = s.get("hazard")
        if hz and r + 1 >= hz["from_round"] and collapses(s["seed"], r, hz["probability"]):
            return new, [(agent, "collapse", r + 1, {})], PracticeAnswer(number=number, answer="collapsed")
        assert counter is not None  # the agent counters with a package
        new.append((agent, r + 1, sp.decode(counter), ""))
        return new, [], PracticeAnswer(number=number, answer="counter", counter=number + 1)

    return _apply(store, access, decide)


def accept(store: Store, access: Access, req: PracticeAccept) -> DealMade:
    _sp, s, _ag = _setup(access)
    if access.role != s["student"]:
        raise InputError(_("offers are accepted by the student"), where="token")

    def decide(offers: list[rows.OfferRow], events: list[rows.EventRow]) -> tuple[Offers, Events, DealMade]:
        status, _deal = _status(events)
        if status != "open":
            raise Conflict(_("the talks have ended"), where="offer")
        agent_numbers = [k for k, o in enumerate(offers, 1) if o.party == s["agent"]]
        if not agent_numbers or req.offer != agent_numbers[-1]:
            raise InputError(_("you can accept only the agent's latest offer"), where="offer")
        return [], [(s["student"], "accept", None, {"offer": req.offer})], DealMade(deal=True, offer=req.offer)

    return _apply(store, access, decide)


def leave(store: Store, access: Access) -> PracticeLeft:
    _sp, s, _ag = _setup(access)
    if access.role != s["student"]:
        raise InputError(_("only the student leaves the talks"), where="token")

    def decide(offers: list[rows.OfferRow], events: list[rows.EventRow]) -> tuple[Offers, Events, PracticeLeft]:
        if _status(events)[0] != "open":
            raise Conflict(_("the talks have ended"), where="room")
        return [], [(s["student"], "leave", None, {})], PracticeLeft(left=True)

    return _apply(store, access, decide)


def view(store: Store, access: Access) -> PracticeView:
    sp, s, _ag = _setup(access)
    version, offers, events = rows.state(store, access.room.id)
    status, deal = _status(events)
    student, agent = s["student"], s["agent"]
    facilitator = access.role == "facilitator"
    ended = status != "open"
    reveal = ended or facilitator
    cur = sp.cat.host.currency
    scale, label, _dec = table_unit(cur)
    names = {p.id: localized(p.name) for p in sp.case.parties}
    u_s, u_a = sp.utilities[student], sp.utilities[agent]
    listed = []
    for k, o in enumerate(offers, 1):
        i = sp.encode(o.package)
        item = {"number": k, "party": o.party, "by": "student" if o.party == student else "agent", "round": o.round,
                **shown_fields(sp, o.package), "your_utility": float(u_s[i])}
        if reveal:
            item["agent_utility"] = float(u_a[i])
        listed.append(item)
    me = sp.case.party(student)
    out: dict[str, Any] = {
        "room": access.room.id, "kind": "practice", "case": sp.case.id, "title": localized(sp.case.title),
        "you": access.role if facilitator else "student", "student": student, "student_name": names[student],
        "agent": agent, "agent_name": names[agent], "version": version, "currency": cur, "unit": {"scale": scale, "label": label},
        "issues": [issue_entry(sp, i) for i in sp.issues], "status": status, "deadline": s["deadline"],
        "rounds_used": sum(1 for o in offers if o.party == student),
        "hazard": s.get("hazard"), "offers": listed,
        "your_preferences": {"weights": me.weights, "values": me.values, "reservation_utility": sp.reservation(me),
                             "basis": localized(me.basis)},
    }
    out["rounds_left"] = max(out["deadline"] - out["rounds_used"], 0)
    if deal is not None:
        out["deal"] = {"offer": deal["offer"], "by": "student" if deal["by"] == student else "agent",
                       **shown_fields(sp, offers[deal["offer"] - 1].package)}
    if reveal:
        out["tactic"] = s["tactic"]
        d_s, d_a = sp.reservation(me), sp.reservation(sp.case.party(agent))
        deal_idx = sp.encode(offers[deal["offer"] - 1].package) if deal is not None else None
        db = debrief(u_s, u_a, d_s, d_a, deal_idx)
        for point in ("nash", "kalai_smorodinsky"):
            i = db.pop(point)
            db[point] = None if i is None else {"utilities": [float(u_s[i]), float(u_a[i])], **shown_fields(sp, sp.decode(i))}
        db["axes"] = {"x": names[student], "y": names[agent]}
        db["deal"] = [float(u_s[deal_idx]), float(u_a[deal_idx])] if deal_idx is not None else None
        db["outcome"] = db["deal"] or db["disagreement"]
        out["debrief"] = db
    if facilitator:
        out["settings"] = s
    return PracticeView.model_validate(clean(out))
