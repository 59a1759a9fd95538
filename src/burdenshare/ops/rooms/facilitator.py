"""The facilitator's view of a room: everything a party sees, and what is computed from both
parties' private inputs (their preferences in words, the efficient packages, both utilities of the
deal and of each proposal, the blind bids). Never shown to a party (docs/privacy.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ...errors import InputError
from ...i18n import _
from ...i18n.money import format as money
from .shown import package_words
from .space import with_preferences
from .state import RoomState

if TYPE_CHECKING:
    from ...analysis.negotiation.space import Space

__all__ = ["add_facilitator_fields", "efficient_packages", "preferences_words"]


def add_facilitator_fields(out: dict[str, Any], sp: Space, st: RoomState, prefs: dict[str, dict[str, Any] | None]) -> None:
    """Add to a room's view what only the facilitator sees."""
    out["preferences"] = prefs
    out["preferences_words"] = {p.id: preferences_words(sp, prefs.get(p.id)) for p in sp.case.parties}
    entered = {p.id: prefs.get(p.id) for p in sp.case.parties}
    both = all(entered.values())
    out["efficient_packages"] = efficient_packages(sp, entered) if both else None
    if st.deal is not None and both:
        priv = with_preferences(sp, entered)

        def utilities(pkg: dict[str, Any]) -> dict[str, float]:
            v = priv.value(pkg)
            return {p.id: v[p.column("utility")] for p in sp.case.parties}

        out["deal"]["utilities"] = utilities(st.deal.package)
        for item in out["post_settlement"]["proposals"]:
            item["utilities"] = utilities(item["package"])
    if "blind_bidding" in out:
        cur = sp.cat.host.currency
        out["blind_bidding"]["bids"] = {str(r): v for r, v in st.bids.items()}
        out["blind_bidding"]["bids_text"] = {str(r): {p: money(a, cur) for p, a in v.items()} for r, v in st.bids.items()}


def preferences_words(sp: Space, pref: dict[str, Any] | None) -> list[dict[str, str]] | None:
    """A party's entered preferences in words, for the facilitator: the weights, each issue's values,
    the reservation and the discount rate (None when not entered yet)."""
    from ...analysis.negotiation.words import describe, issue_title, option_label

    if not pref:
        return None
    cur = sp.cat.host.currency
    issues = {i.id: i for i in sp.issues}

    def name(k: str) -> str:
        return str(_("money")) if k == "money" else issue_title(issues[k]) if k in issues else k

    lines = [{"what": str(_("weights (0-100)")),
              "text": " · ".join(f"{name(k)}: {round(100 * float(w))}" for k, w in (pref.get("weights") or {}).items())}]
    for k, vf in (pref.get("values") or {}).items():
        if isinstance(vf, str):
            text = str(_("the more the better")) if vf == "increasing" else str(_("the less the better")) if vf == "decreasing" else vf
        elif k in issues:
            text = " · ".join(f"{option_label(issues[k], o, cur)}: {round(100 * float(vf.get(str(o), 0)))}" for o in issues[k].values())
        else:
            continue
        lines.append({"what": name(k), "text": text})
    res = pref.get("reservation") or {}
    if res.get("package"):
        lines.append({"what": str(_("reservation")), "text": describe(sp.case, res["package"], cur)})
    elif res.get("utility") is not None:
        lines.append({"what": str(_("reservation utility (0-100)")), "text": f"{100 * float(res['utility']):.0f}"})
    lines.append({"what": str(_("discount rate (% a year)")), "text": f"{float(pref.get('discount_rate') or 0):g}"})
    return lines


def efficient_packages(sp: Space, prefs: dict[str, Any], top: int = 5) -> list[dict[str, Any]] | dict[str, str]:
    """Packages on the frontier of the parties' entered preferences, inside both reservations,
    with both utilities (the facilitator's view only)."""
    import numpy as np

    from ...analysis.negotiation.analysis import nash, pareto

    try:
        priv = with_preferences(sp, {p.id: prefs[p.id] for p in sp.case.parties})
        a, b = (p.id for p in sp.case.parties)
        ca, cb = (p.column("utility") for p in sp.case.parties)
        ua, ub = priv.utilities[a], priv.utilities[b]
        da, db = priv.reservation(priv.case.parties[0]), priv.reservation(priv.case.parties[1])
    except (InputError, ValidationError) as exc:
        return {"error": str(exc)}
    f = pareto(ua, ub)
    f = f[(ua[f] >= da) & (ub[f] >= db)]
    if f.size == 0:
        return []
    pick = np.unique(np.linspace(0, f.size - 1, min(top, f.size)).round().astype(int))
    chosen = [int(i) for i in f[pick]]
    n = nash(ua, ub, da, db)
    if n is not None and n not in chosen:
        chosen.append(int(n))
    return [{"package": priv.decode(i), "words": package_words(sp, priv.decode(i)), "nash": bool(i == n),
             ca: float(ua[i]), cb: float(ub[i])} for i in chosen]
