"""Request fields by the names a reader knows them by, in the language in force.

Errors keep the request path for machines (``where``: ``prob_above.0.1``, ``package.first_year``);
people read the field as the page or the command names it ("2030년 기준 금액" / "threshold for
2030", "첫해 총액" / "first-year total"). :func:`reader` turns a path into that name, reading the
request itself where the name depends on a value (the year of a threshold); :func:`human` writes
an error's message with it.

A pattern's ``*`` stands for one part of the path (an index or a key); a path longer than every
pattern is named by its longest known beginning.
"""

from __future__ import annotations

from typing import Any

from .core import Msg, _

_ROLES: dict[str, Msg] = {
    "cpi": _("consumer price inflation"),
    "defence_growth": _("defence budget growth"),
    "fx": _("exchange rate"),
    "us_cpi": _("US consumer price inflation"),
    "gdp": _("gross domestic product"),
    "defence_budget": _("defence budget"),
}

_NAMES: dict[str, Msg] = {
    "prob_above.*.1": _("threshold for {year}"),
    "prob_above.*.0": _("year of threshold {n}"),
    "prob_above.*": _("threshold for {year}"),
    "prob_above": _("thresholds by year"),
    "prob_total_above.*": _("threshold for the term total"),
    "prob_total_above": _("threshold for the term total"),
    "prob_cap": _("year to check against the cap"),
    "package.first_year": _("first-year total"),
    "package.escalation": _("annual increase"),
    "package.cap": _("cap on the annual increase"),
    "package.term": _("term"),
    "package.*": _("offer: {key}"),
    "package": _("offer"),
    "reservation.package.first_year": _("first-year total of your reservation"),
    "reservation.package.*": _("your reservation: {key}"),
    "reservation.package": _("your reservation"),
    "reservation.utility": _("reservation utility"),
    "reservation": _("your reservation"),
    "first_year": _("first-year total"),
    "amount": _("your bid"),
    "paths": _("number of paths"),
    "seed": _("random seed"),
    "seeds": _("number of seeds"),
    "model": _("model"),
    "quantiles": _("quantiles"),
    "quantiles.*": _("quantile {n}"),
    "discount_rate": _("discount rate"),
    "chunk": _("paths per chunk"),
    "block_length": _("block length"),
    "sample": _("sample years"),
    "sample.*": _("sample years"),
    "params.sd.*": _("shock size of {key}"),
    "params.persistence.*": _("persistence of {key}"),
    "params.corr.*": _("correlation {key}"),
    "params.scale.*": _("scale of {key}"),
    "params": _("model parameters"),
    "overrides.*.*": _("{series} in {year_key}"),
    "overrides.*": _("{series}"),
    "overrides": _("assumptions"),
    "real_base": _("base year for real terms"),
    "base_year": _("base year"),
    "start": _("first year"),
    "end": _("last year"),
    "year": _("year"),
    "agreement": _("agreement"),
    "scenario": _("scenario"),
    "scenarios": _("scenarios"),
    "scenarios.*": _("scenario {n}"),
    "scenario_for": _("scenario by host"),
    "target": _("agreement or scenario"),
    "host": _("host nation"),
    "hosts": _("host nations"),
    "hosts.*": _("host nation {n}"),
    "name": _("name"),
    "listed": _("listed"),
    "case": _("negotiation case"),
    "cases": _("negotiation cases"),
    "runs": _("number of runs"),
    "deadline": _("deadline (rounds)"),
    "first": _("who opens"),
    "tactics": _("tactics"),
    "tactics.*": _("tactic of {key}"),
    "tactic": _("the other side's tactic"),
    "student": _("your side"),
    "agent_opens": _("who opens"),
    "exponent_sd": _("spread of the concession exponent"),
    "hazard": _("risk of a breakdown"),
    "hazard.*": _("risk of a breakdown"),
    "limit": _("how many"),
    "k": _("levels"),
    "samples": _("samples"),
    "method": _("method"),
    "weights": _("weights"),
    "weights.*": _("weight of {key}"),
    "pairwise": _("pairwise ratings"),
    "values": _("value tables"),
    "values.*": _("values of {key}"),
    "round": _("round"),
    "note": _("note"),
    "offer": _("offer number"),
    "proposal": _("proposal number"),
    "accept": _("answer"),
    "blind_bidding": _("blind bidding"),
    "blind_bidding.rounds": _("bidding rounds"),
    "blind_bidding.rule": _("rule for overlapping bids"),
    "definitions": _("definitions"),
    "claim": _("claim"),
    "measure": _("measure"),
    "body": _("request"),
    "lang": _("language"),
}


def _match(pattern: list[str], parts: list[str]) -> list[str] | None:
    """The parts that the pattern's stars stand for, or None when it does not match."""
    if len(pattern) != len(parts):
        return None
    stars = []
    for p, q in zip(pattern, parts, strict=True):
        if p == "*":
            stars.append(q)
        elif p != q:
            return None
    return stars


def _item(data: Any, parts: list[str]) -> Any:
    for p in parts:
        try:
            data = data[int(p)] if isinstance(data, (list, tuple)) else data[p]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return data


def reader(where: str | None, data: Any = None) -> Msg | None:
    """The reader's name of the request field at `where` (None when the path is no request field,
    e.g. a file and line). `data` is the request as sent, for names that quote it (the year of a
    threshold)."""
    if not where or not isinstance(where, str):
        return None
    parts = where.replace("[", ".").replace("]", "").split(".")
    for end in range(len(parts), 0, -1):
        head = parts[:end]
        for key, msg in _NAMES.items():
            stars = _match(key.split("."), head)
            if stars is None:
                continue
            params: dict[str, Any] = {}
            if stars:
                params["key"] = stars[0]
                params["n"] = int(stars[0]) + 1 if stars[0].isdigit() else stars[0]
            if key.startswith("prob_above.*"):
                year = _item(data, ["prob_above", stars[0], "0"])
                if isinstance(year, (int, str)) and str(year).isdigit():
                    params["year"] = int(year)
                elif key != "prob_above.*.0":
                    return _("threshold {n}", n=params["n"])
            if key.startswith("overrides.*"):
                params["series"] = _ROLES.get(stars[0], stars[0])
                if len(stars) > 1:
                    params["year_key"] = stars[1]
            return Msg(msg.msgid, params)
    return None


def human(message: Any, where: str | None, data: Any = None, field: Any = None) -> Any:
    """An error's message led by the field's reader name ("2030년 기준 금액: …"); the message alone
    when the field has no reader name."""
    name = field if field is not None else reader(where, data)
    if name is None:
        return message
    return _("{field}: {problem}", field=name, problem=message)
