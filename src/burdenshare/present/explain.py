"""A figure's trace for people: the figure, the rule and its source, the inputs and their sources,
the arithmetic, and the chain back to the last published figure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import _
from ..i18n.money import Money
from . import labels


def source_line(src: Mapping[str, Any] | None) -> str:
    """A source as the trace names it: its original title, its publisher in the reader's language,
    date and address."""
    if not src:
        return str(_("no source"))
    parts = [src.get("title") or src["id"], labels.publisher(src) if src.get("publisher") else "", src.get("date"), src.get("url")]
    return " · ".join(p for p in parts if p)


def lines(doc: Mapping[str, Any]) -> list[str]:
    cur = doc["currency"]
    out = [str(_("{year}: {amount} ({status})", year=doc["year"], amount=Money(doc["amount"], cur),
                 status=doc["chain"][-1]["status_text"] if doc["chain"] else doc["status"])),
           "",
           str(_("Rule: {agreement}, {kind} ({first}-{last})", agreement=doc["agreement"]["title"], kind=doc["rule"]["kind_text"],
                 first=doc["rule"]["years"][0], last=doc["rule"]["years"][1])),
           "  " + str(_("source: {source}", source=source_line(doc["rule"]["source"])))]
    if doc["rule"].get("note"):
        out.append("  " + str(_("text: {note}", note=labels.rule_note(doc["rule"]["note"]))))
    if doc["inputs"]:
        out.append("")
        out.append(str(_("Inputs:")))
        for i in doc["inputs"]:
            value = f"{i['text']} {i['unit']}" if i.get("unit") and i["unit"] != "%" else f"{i['text']}{i.get('unit') or ''}"
            out.append("  " + str(_("{name} {year} = {value} ({status})", name=i["title"], year=i["year"], value=value,
                                    status=i["status_text"])))
            out.append("    " + str(_("source: {source}", source=source_line(i["source"]))))
    out.append("")
    out.append(str(_("Arithmetic:")))
    out += [f"  {s}" for s in doc["steps"]]
    if len(doc["chain"]) > 1:
        out.append("")
        out.append(str(_("Chain back to the last published figure:")))
        for c in doc["chain"]:
            out.append(f"  {c['year']}  {Money(c['amount'], cur)}  {c['status_text']}  {c['basis']}")
    return out


def print_trace(doc: Mapping[str, Any]) -> None:
    from .tables import print_lines

    print_lines(lines(doc))
