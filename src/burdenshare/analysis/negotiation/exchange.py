"""Exchange with the research platforms: a case as a GENIUS domain (XML) or a GeniusWeb domain
(JSON) with both parties' linear additive utility profiles, and such domains read back.

Both formats know only linear additive utility over discrete issues, each issue's evaluations
scaled so that its best option is 1, weights summing to 1. burdenshare's money utility is not
additive over the first-year total, the rule for later years, the cap and the term (the engine's
payments depend on them together), so those issues become **one** issue, ``payments``, whose
values are their combinations (``first_year=...;escalation=...;cap=...;term=...``); the other
issues stay as they are. Each party's utility is then exactly additive; the formats' scaling makes
the exported utility U / S with S > 0 the sum of the issues' largest contributions, which changes
neither the frontier nor Nash nor Kalai-Smorodinsky (both are invariant to scaling a party's
utility). ``burdenshare.json`` beside the files records S, the parties and the reservations, so that
reading an export back gives the case's own utilities.

Files (one folder): GENIUS: ``<case>-domain.xml``, ``<case>-<party>.xml``; GeniusWeb:
``<case>-domain.json``, ``<case>-<party>.json``. Reservations: GENIUS ``<reservation value>``;
GeniusWeb has no reservation value, so a reservation given as a package is written as its
``reservationBid`` and the value is kept in ``burdenshare.json``.

GeniusWeb's own rules: domain and profile names are ``[a-zA-Z0-9]+`` (``sma-11-talks`` becomes
``sma11talks``, the mapping kept in ``burdenshare.json``); each profile's weights sum to exactly 1
as decimals (15 places, the rounding remainder given to the largest); the reservation bid is the
package as given: a first-year total between grid points is added to the domain's values (listed
in ``burdenshare.json`` as ``reservation_values`` and left out of the frontier when read back).
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np

from ...errors import InputError
from ...i18n import _, localized
from .case import MAX_PACKAGES
from .space import STRUCTURAL

if TYPE_CHECKING:
    from .case import Issue, Option, Party
    from .space import Space

Platform = Literal["genius", "geniusweb"]
Issues = list[tuple[str, list[str]]]
"""A domain's issues: name and value labels."""
META = "burdenshare.json"
MERGED = "payments"


def _label(v: object) -> str:
    return str(v)


def geniusweb_name(text: str) -> str:
    """A name as GeniusWeb accepts it ([a-zA-Z0-9]+): the other characters dropped (sma-11-talks ->
    sma11talks); the export's burdenshare.json keeps the mapping."""
    out = "".join(c for c in text if c.isascii() and c.isalnum())
    return out or "x"


WEIGHT_PLACES = 15  # decimals of an exported weight: at most 15 significant digits, so a float writes them exactly


def decimal_weights(weights: dict[str, float]) -> dict[str, float]:
    """Weights rounded to WEIGHT_PLACES decimals whose decimal sum is exactly 1 (the rounding
    remainder goes to the largest weight), as floats whose shortest text is that decimal."""
    from decimal import ROUND_HALF_EVEN, Decimal

    q = Decimal(1).scaleb(-WEIGHT_PLACES)
    dec = {k: Decimal(repr(float(w))).quantize(q, rounding=ROUND_HALF_EVEN) for k, w in weights.items()}
    top = max(dec, key=lambda k: (dec[k], k))
    dec[top] += Decimal(1) - sum(dec.values())
    out = {k: float(d) for k, d in dec.items()}
    assert sum(Decimal(repr(v)) for v in out.values()) == 1 and all(v >= 0 for v in out.values())
    return out


def _tables(sp: Space) -> tuple[list[tuple[str, list[str]]], dict[str, dict[str, np.ndarray]]]:
    """Issues (name, value labels) and, per party, each issue's contribution w_i v_i per value."""
    structural = [i for i in sp.issues if i.kind in STRUCTURAL]
    others = [i for i in sp.issues if i.kind not in STRUCTURAL]
    labels = _combos(structural)
    issues = [(MERGED, labels)] + [(i.id, [_label(v) for v in i.values()]) for i in others]
    contrib: dict[str, dict[str, np.ndarray]] = {}
    axes = [k for k, i in enumerate(sp.issues) if i.kind in STRUCTURAL]
    for p in sp.case.parties:
        # the structural part of the utility over the structural axes (C order = the labels' order)
        u = sp.utilities[p.id].reshape(sp.shape)
        other_part = np.zeros(sp.shape)
        for ax, issue in enumerate(sp.issues):
            w = p.weights.get(issue.id, 0.0)
            if issue.kind not in STRUCTURAL and w:
                shape = [1] * len(sp.issues)
                shape[ax] = issue.size
                other_part = other_part + w * sp.option_value(p, issue).reshape(shape)
        struct = (u - other_part)
        index = tuple(slice(None) if k in axes else 0 for k in range(len(sp.issues)))
        table = {MERGED: np.ascontiguousarray(struct[index]).ravel()}
        for issue in others:
            table[issue.id] = p.weights.get(issue.id, 0.0) * sp.option_value(p, issue)
        contrib[p.id] = table
    return issues, contrib


def _combos(structural: list[Issue]) -> list[str]:
    grids = [[_label(v) for v in i.values()] for i in structural]
    out = [""]
    for i, vals in zip(structural, grids, strict=True):
        out = [f"{o};{i.id}={v}" if o else f"{i.id}={v}" for o in out for v in vals]
    return out


def export(sp: Space, platform: Platform) -> dict[str, str]:
    """The files of a case in a platform's format: {file name: text}."""
    if platform not in ("genius", "geniusweb"):
        raise InputError(_("'{platform}' is not genius or geniusweb", platform=platform), where="platform")
    case = sp.case
    issues, contrib = _tables(sp)
    added = _reservation_values(sp, issues, contrib) if platform == "geniusweb" else []
    files: dict[str, str] = {}
    meta: dict[str, Any] = {"format": "burdenshare-export", "version": 1, "case": case.id, "title": localized(case.title, "en"), "platform": platform,
            "issues": [n for n, _v in issues], "merged": {"name": MERGED, "issues": [i.id for i in sp.issues if i.kind in STRUCTURAL]},
            "parties": []}
    scaled: dict[str, tuple[dict[str, float], dict[str, list[float]], float]] = {}
    for p in case.parties:
        tab = contrib[p.id]
        mins = {k: float(v.min()) for k, v in tab.items()}
        if any(m < -1e-12 for m in mins.values()):
            raise InputError(_("a negative utility contribution cannot be written in these formats"), where="case")
        tops = {k: float(v.max()) for k, v in tab.items()}
        S = sum(tops.values())
        if S <= 0:
            raise InputError(_("party '{id}' values nothing in this case", id=p.id), where="case")
        weights = decimal_weights({k: tops[k] / S for k in tab})
        evals = {k: [float(x) / tops[k] if tops[k] > 0 else 0.0 for x in tab[k]] for k in tab}
        scaled[p.id] = (weights, evals, S)
        res = sp.reservation(p)
        meta["parties"].append({"id": p.id, "name": localized(p.name, "en"), "role": p.role, "scale": S, "reservation": res,
                                "file": f"{case.id}-{p.id}.{'xml' if platform == 'genius' else 'json'}"})
    if platform == "genius":
        files[f"{case.id}-domain.xml"] = _genius_domain(case.id, issues)
        for p in case.parties:
            w, e, S = scaled[p.id]
            files[f"{case.id}-{p.id}.xml"] = _genius_profile(issues, w, e, sp.reservation(p) / S)
    else:
        names: dict[str, Any] = {"domain": geniusweb_name(case.id), "profiles": {p.id: geniusweb_name(f"{case.id}-{p.id}") for p in case.parties}}
        meta["geniusweb_names"] = {"domain": {case.id: names["domain"]},
                                   "profiles": {f"{case.id}-{p.id}": names["profiles"][p.id] for p in case.parties}}
        if added:
            meta["reservation_values"] = {MERGED: added}
        domain = {"name": names["domain"], "issuesValues": {n: {"values": vals} for n, vals in issues}}
        files[f"{case.id}-domain.json"] = json.dumps(domain, ensure_ascii=False)
        for p in case.parties:
            w, e, S = scaled[p.id]
            prof = {"issueUtilities": {n: {"discreteutils": {"valueUtilities": dict(zip(vals, e[n], strict=True))}} for n, vals in issues},
                    "issueWeights": w, "domain": domain, "name": names["profiles"][p.id]}
            bid = _reservation_bid(sp, p)
            if bid is not None:
                prof["reservationBid"] = {"issuevalues": bid}
            files[f"{case.id}-{p.id}.json"] = json.dumps({"LinearAdditiveUtilitySpace": prof}, ensure_ascii=False)
    files[META] = json.dumps(meta, ensure_ascii=False, indent=1)
    return files


def _exact_label(i: Issue, v: Option) -> str:
    """An option's label as given: a first-year total off the grid stays itself (not snapped)."""
    return _label(int(v)) if i.kind == "first_year" else _label(i.values()[i.index_of(v)])


def _reservation_bid(sp: Space, p: Party) -> dict[str, str] | None:
    if p.reservation.package is None:
        return None
    pkg = sp.complete(dict(p.reservation.package))
    structural = [i for i in sp.issues if i.kind in STRUCTURAL]
    bid = {MERGED: ";".join(f"{i.id}={_exact_label(i, pkg[i.id])}" for i in structural)}
    for i in sp.issues:
        if i.kind not in STRUCTURAL:
            bid[i.id] = _label(i.values()[i.index_of(pkg[i.id])])
    return bid


def _reservation_values(sp: Space, issues: Issues, contrib: dict[str, dict[str, np.ndarray]]) -> list[str]:
    """A reservation package whose payments the grid lacks (a first-year total between two grid
    points) is a GeniusWeb reservation bid only if its value is in the domain: the value is added to
    the merged issue, valued exactly for each party. These values are not packages of the case: the
    export's metadata lists them, and reading the export back leaves them out of the frontier."""
    added: list[str] = []
    labels = issues[0][1]
    for p in sp.case.parties:
        bid = _reservation_bid(sp, p)
        if bid is None or bid[MERGED] in labels:
            continue
        pkg = sp.complete(dict(cast("dict[str, Option]", p.reservation.package)))  # it has one: it has a bid
        v = sp.value(pkg)
        for q in sp.case.parties:
            other = sum(q.weights.get(i.id, 0.0) * float(sp.option_value(q, i)[i.index_of(pkg[i.id])])
                        for i in sp.issues if i.kind not in STRUCTURAL)
            contrib[q.id][MERGED] = np.append(contrib[q.id][MERGED], max(v[q.column("utility")] - other, 0.0))
        labels.append(bid[MERGED])
        added.append(bid[MERGED])
    return added


def _genius_domain(name: str, issues: Issues) -> str:
    root = ET.Element("negotiation_template")
    us = ET.SubElement(root, "utility_space", number_of_issues=str(len(issues)))
    obj = ET.SubElement(us, "objective", index="0", description="", name=name, type="objective", etype="objective")
    for k, (n, vals) in enumerate(issues, 1):
        iss = ET.SubElement(obj, "issue", name=n, index=str(k), etype="discrete", type="discrete", vtype="discrete")
        for j, v in enumerate(vals, 1):
            ET.SubElement(iss, "item", index=str(j), value=v, cost="0", description="")
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _genius_profile(issues: Issues, weights: dict[str, float], evals: dict[str, list[float]], reservation: float) -> str:
    root = ET.Element("utility_space")
    obj = ET.SubElement(root, "objective", index="0", description="", name="root", type="objective", etype="objective")
    for k, (n, vals) in enumerate(issues, 1):
        iss = ET.SubElement(obj, "issue", index=str(k), etype="discrete", type="discrete", vtype="discrete", name=n)
        for j, (v, e) in enumerate(zip(vals, evals[n], strict=True), 1):
            ET.SubElement(iss, "item", index=str(j), value=v, evaluation=repr(e))
    for k, (n, _vals) in enumerate(issues, 1):
        ET.SubElement(obj, "weight", index=str(k), value=repr(weights[n]))
    ET.SubElement(root, "reservation", value=repr(float(reservation)))
    ET.SubElement(root, "discount_factor", value="1.0")
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


# --- reading ------------------------------------------------------------------------------------

@dataclass
class Domain:
    """A domain read from GENIUS or GeniusWeb files: discrete issues and additive utilities."""

    name: str
    platform: str
    issues: list[tuple[str, list[str]]]
    parties: list[dict[str, Any]]  # id, name, reservation
    tables: dict[str, dict[str, np.ndarray]]  # party -> issue -> utility contribution per value
    outside: dict[str, list[str]] | None = None  # values that are no package's (a reservation bid's, added by an export)

    def packages(self) -> np.ndarray:
        """The flat indices of the domain's packages, without those using an `outside` value."""
        keep = np.ones(self.shape, dtype=bool)
        for ax, (n, vals) in enumerate(self.issues):
            for v in (self.outside or {}).get(n, []):
                if v in vals:
                    index: list[slice | int] = [slice(None)] * len(self.issues)
                    index[ax] = vals.index(v)
                    keep[tuple(index)] = False
        return np.flatnonzero(keep.ravel())

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for _n, v in self.issues)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def utilities(self) -> dict[str, np.ndarray]:
        out = {}
        for p in self.parties:
            u = np.zeros(self.shape)
            for ax, (n, vals) in enumerate(self.issues):
                shape = [1] * len(self.issues)
                shape[ax] = len(vals)
                u = u + self.tables[p["id"]][n].reshape(shape)
            out[p["id"]] = u.ravel()
        return out

    def decode(self, flat: int) -> dict[str, str]:
        idx = np.unravel_index(int(flat), self.shape)
        out: dict[str, str] = {}
        for (n, vals), k in zip(self.issues, idx, strict=True):
            v = vals[k]
            if n == MERGED and "=" in v:
                out.update(dict(part.split("=", 1) for part in v.split(";")))
            else:
                out[n] = v
        return out


def read(files: dict[str, str]) -> Domain:
    """A domain and its profiles from a folder's files ({name: text}); GENIUS (.xml) or GeniusWeb (.json)."""
    try:
        meta = json.loads(files[META]) if META in files else None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(_("{file} is not JSON: {problem}", file=META, problem=str(exc)), where=META) from None
    xmls = {k: v for k, v in files.items() if k.endswith(".xml")}
    jsons = {k: v for k, v in files.items() if k.endswith(".json") and k != META}
    if xmls:
        dom = _read_genius(xmls)
    elif jsons:
        dom = _read_geniusweb(jsons)
    else:
        raise InputError(_("no GENIUS (.xml) or GeniusWeb (.json) domain among the files"), where="folder")
    if len(dom.parties) != 2:
        raise InputError(_("a domain needs two utility profiles, found {n}", n=len(dom.parties)), where="folder")
    if dom.size > MAX_PACKAGES:
        raise InputError(_("the package space has {size:,} packages; the limit is {limit:,}", size=dom.size, limit=MAX_PACKAGES),
                         where="folder")
    if meta and meta.get("format") == "burdenshare-export":
        by_file = {p["file"]: p for p in meta["parties"]}
        for p in dom.parties:
            m = by_file.get(p["file"])
            if m is None:
                continue
            S = float(m["scale"])
            dom.tables[m["id"]] = {k: v * S for k, v in dom.tables.pop(p["id"]).items()}
            p.update({"id": m["id"], "name": m["name"], "role": m["role"], "reservation": float(m["reservation"])})
        dom.name = meta.get("case", dom.name)
        dom.outside = {k: list(v) for k, v in (meta.get("reservation_values") or {}).items()}
    return dom


def _num(text: str | None, where: str) -> float:
    try:
        v = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(_("'{text}' is not a number", text=str(text)[:40]), where=where) from None
    if not math.isfinite(v):
        raise InputError(_("'{text}' is not a number", text=str(text)[:40]), where=where)
    return v


def _read_genius(xmls: dict[str, str]) -> Domain:
    domain, profiles = None, []
    for name, text in sorted(xmls.items()):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            raise InputError(_("{file} is not XML: {problem}", file=name, problem=str(exc)), where=name) from None
        if root.tag == "negotiation_template":
            domain = (name, root)
        elif root.tag == "utility_space":
            profiles.append((name, root))
    if domain is None:
        raise InputError(_("no GENIUS domain file (negotiation_template) among the files"), where="folder")
    issues = []
    for iss in domain[1].iter("issue"):
        vals = [it.get("value", "") for it in sorted(iss.findall("item"), key=lambda e: int(e.get("index", 0)))]
        if not vals:
            raise InputError(_("issue '{name}' has no discrete values (only discrete issues are read)", name=iss.get("name")),
                             where=domain[0])
        issues.append((iss.get("name", ""), vals))
    parties, tables = [], {}
    for name, root in profiles:
        pid = name.rsplit(".", 1)[0]
        by_index = {}
        for iss in root.iter("issue"):
            ev = {it.get("value", ""): _num(it.get("evaluation"), name) for it in iss.findall("item")}
            by_index[iss.get("index")] = (iss.get("name", ""), ev)
        weights = {w.get("index"): _num(w.get("value"), name) for w in root.iter("weight")}
        table = {}
        for k, (iname, ev) in by_index.items():
            top = max(ev.values()) if ev else 0.0
            known = dict(issues).get(iname)
            if known is None:
                raise InputError(_("profile {file} names issue '{issue}' that the domain lacks", file=name, issue=iname), where=name)
            w = weights.get(k, 0.0)
            table[iname] = np.array([w * (ev.get(v, 0.0) / top if top > 0 else 0.0) for v in known])
        for iname, vals in issues:
            table.setdefault(iname, np.zeros(len(vals)))
        res = root.find("reservation")
        parties.append({"id": pid, "name": pid, "file": name, "reservation": _num(res.get("value"), name) if res is not None else 0.0})
        tables[pid] = table
    objective = domain[1].find("utility_space/objective")
    return Domain(objective.get("name", "") if objective is not None else "", "genius", issues, parties, tables)


def _read_geniusweb(jsons: dict[str, str]) -> Domain:
    domain, profiles = None, []
    for name, text in sorted(jsons.items()):
        try:
            d = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:  # RecursionError: nested too deeply
            raise InputError(_("{file} is not JSON: {problem}", file=name, problem=str(exc)), where=name) from None
        if isinstance(d, dict) and "LinearAdditiveUtilitySpace" in d:
            profiles.append((name, d["LinearAdditiveUtilitySpace"]))
        elif isinstance(d, dict) and "issuesValues" in d:
            domain = (name, d)
    if domain is None:
        raise InputError(_("no GeniusWeb domain file (issuesValues) among the files"), where="folder")
    issues = [(n, [str(v) for v in spec.get("values", [])]) for n, spec in domain[1]["issuesValues"].items()]
    parties, tables = [], {}
    for name, prof in profiles:
        pid = name.rsplit(".", 1)[0]
        w = prof.get("issueWeights", {})
        table = {}
        for iname, vals in issues:
            vu = prof.get("issueUtilities", {}).get(iname, {}).get("discreteutils", {}).get("valueUtilities", {})
            table[iname] = np.array([_num(w.get(iname, 0.0), name) * _num(vu.get(v, 0.0), name) for v in vals])
        res = 0.0
        bid = prof.get("reservationBid", {}).get("issuevalues")
        if bid:
            res = float(sum(table[n][vals.index(str(bid[n]))] for n, vals in issues if str(bid.get(n)) in vals))
        parties.append({"id": pid, "name": pid, "file": name, "reservation": res})
        tables[pid] = table
    return Domain(str(domain[1].get("name", "")), "geniusweb", issues, parties, tables)
