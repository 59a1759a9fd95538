"""A party's private preferences: checked in full when that party saves them (the error goes to that
party only, so that nothing one party enters can break the room for the others), locked once there is
a deal, previewed as a draft against the public offers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ...analysis.negotiation.case import Case, Party
from ...errors import AuthError, Conflict, InputError, NotFound
from ...i18n import _, localized
from ...store import rooms as rows
from ...store.db import Store
from ..common import from_validation
from ..negotiation import with_amounts
from .access import Access, party_of
from .commands import read_state
from .models import Check, PreferencesRequest, PreferencesSaved, PreferencesShown, Preview, PreviewOffer
from .shown import package_words
from .space import party_with, room_space

if TYPE_CHECKING:
    from ...analysis.negotiation.space import Space

__all__ = ["get_preferences", "preview", "set_preferences"]


def preferences_doc(sp: Space, req: PreferencesRequest) -> tuple[dict[str, Any], float | None]:
    """The model's preference document from a request (weights from pairwise ratings if given), and
    the pairwise ratings' consistency ratio."""
    from ...analysis.negotiation.preferences import pairwise_weights

    weights: dict[str, float] = dict(req.weights)
    cr: float | None = None
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


def validated_party(sp: Space, party: str, doc: dict[str, Any]) -> Party:
    """The party with these preferences, checked as part of the whole case."""
    try:
        p = party_with(sp, party, doc)
        Case.model_validate({**sp.case.model_dump(), "parties": [p if q.id == party else q for q in sp.case.parties]})
    except ValidationError as exc:
        raise from_validation(exc) from None
    return p


def set_preferences(store: Store, access: Access, party: str, req: PreferencesRequest) -> PreferencesSaved:
    """Save a party's preferences (that party's link only; refused once there is a deal)."""
    if access.role != party:
        raise AuthError(_("a party's preferences can be set only with that party's token"), where="token")
    sp = room_space(access.room)
    doc, cr = preferences_doc(sp, req)
    p = validated_party(sp, party, doc)
    own = sp.with_parties([p if q.id == party else q for q in sp.case.parties])
    try:
        own.reservation(p)
    except InputError as exc:
        raise exc.at(f"reservation.{exc.where}" if exc.where and exc.where != "reservation" else "reservation") from None
    if read_state(store, access.room, sp).deal is not None:
        raise Conflict(_("preferences are locked once there is a deal"), where="preferences")
    rows.set_preferences(store, access.room.id, party, p.model_dump(mode="json", include={"weights", "values", "reservation", "discount_rate"}))
    return PreferencesSaved(party=party, saved=True, weights=p.weights, consistency_ratio=cr)


def get_preferences(store: Store, access: Access, party: str) -> PreferencesShown:
    if access.role not in (party, "facilitator"):
        raise AuthError(_("a party's preferences are visible only to that party and the facilitator"), where="token")
    prefs = rows.preferences(store, access.room.id)
    if party not in prefs:
        raise NotFound(_("no party '{party}' in this room", party=party[:40]), where="party")
    return PreferencesShown(party=party, preferences=prefs[party])


def preview(store: Store, access: Access, req: PreferencesRequest) -> Preview:
    """A draft of the party's preferences checked, and the utility it gives each public offer (the
    case's and the room's): computed from the draft and public data only."""
    from ...analysis.negotiation.preferences import check
    from ...analysis.negotiation.rounds import offer_package

    party = party_of(access)
    sp = room_space(access.room)
    doc, cr = preferences_doc(sp, req)
    problems: list[dict[str, Any]] = []
    try:
        p = validated_party(sp, party, doc)
    except InputError as exc:
        return Preview(valid=False, weights=doc["weights"], consistency_ratio=cr,
                       checks=[Check(level="error", where=exc.where, message=exc.detail)], offers=[])
    own = sp.with_parties([p if q.id == party else q for q in sp.case.parties])
    u = own.utilities[party]
    best = float(u.max())
    res: float | None
    try:
        res = own.reservation(p)
    except InputError:
        res = p.reservation.utility
        problems.append({"level": "error", "where": "reservation", "message": str(_("no package reaches your reservation value: lower it"))})
    checks = [Check.model_validate(c) for c in check(sp.case, p, best, res, cr) + problems]
    offers = []
    names = {q.id: localized(q.name) for q in sp.case.parties}
    mine = sp.case.party(party).column("utility")
    for o in sorted(sp.case.offers, key=lambda o: o.date):
        pkg = offer_package(sp, o)
        v = own.value(pkg, sp.agreement_payments(o.agreement) if o.agreement else None)
        offers.append(PreviewOffer(source="case", label=f"{o.date.isoformat()} · {names.get(o.party, o.party)}",
                                   words=package_words(sp, v["package"]), your_utility=v[mine]))
    _v, room_offers, _e = rows.state(store, access.room.id)
    for k, ro in enumerate(room_offers, 1):
        v = own.value(ro.package)
        offers.append(PreviewOffer(source="room", label=str(_("offer {n} · {party}", n=k, party=names.get(ro.party, ro.party))),
                                   words=package_words(sp, v["package"]), your_utility=v[mine]))
    return Preview(valid=not any(c.level == "error" for c in checks), weights=p.weights, consistency_ratio=cr,
                   best_utility=best, reservation_utility=res, checks=checks, offers=offers)
