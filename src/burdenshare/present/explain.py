"""A figure's trace for people: the figure, the rule and its source, the inputs and their sources,
the arithmetic, and the chain back to the last published figure."""

from __future__ import annotations

from ..i18n import _
from ..i18n.money import Money


def source_line(src: dict | None) -> str:
    if not src:
        return str(_("no source"))
    parts = [src.get("title") or src["id"], src.get("publisher"), src.get("date"), src.get("url")]
    return " · ".join(p for p in parts if p)


def lines(doc: dict) -> list[str]:
    cur = doc["currency"]
    out = [str(_("{year}: {amount} ({status})", year=doc["year"], amount=Money(doc["amount"], cur),
                 status=doc["chain"][-1]["status_text"] if doc["chain"] else doc["status"])),
           "",
           str(_("Rule: {agreement}, {kind} ({first}-{last})", agreement=doc["agreement"]["title"], kind=doc["rule"]["kind_text"],
                 first=doc["rule"]["years"][0], last=doc["rule"]["years"][1])),
           "  " + str(_("source: {source}", source=source_line(doc["rule"]["source"])))]
    if doc["rule"].get("note"):
        out.append("  " + str(_("text: {note}", note=doc["rule"]["note"])))
    if doc["inputs"]:
        out.append("")
        out.append(str(_("Inputs:")))
        for i in doc["inputs"]:
            out.append("  " + str(_("{title} ({series}) {year} = {value} ({status})", title=i["title"], series=i["series"],
                                    year=i["year"], value=i["text"], status=i["status_text"])))
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


def print_trace(doc: dict) -> None:
    from .tables import print_lines

    print_lines(lines(doc))
