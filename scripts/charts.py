"""The finished graphics for the docs: `make charts` (or `python scripts/charts.py [FOLDER]`) writes
docs/screenshots/chart-<view>.png (English) and docs/screenshots/ko/chart-<view>.png (Korean), the
history also as SVG (text kept as text) and at the square size, drawn by the same functions as the
CLI's --plot and the web's chart download. The tests never write there."""

from __future__ import annotations

import sys
from pathlib import Path


def charts(lang: str, folder: Path) -> list[Path]:
    from burdenshare.i18n import language
    from burdenshare.ops import figures, hosts, ledger, negotiation as neg, uncertainty as unc
    from burdenshare.ops.common import validate
    from burdenshare.present import charts as ch, findings

    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    with language(lang):
        h = figures.history(validate(figures.HistoryRequest, {}))
        for name, size in (("chart-history.png", "article"), ("chart-history.svg", "article"), ("chart-history-square.png", "square")):
            out.append(ch.plot_amounts(h.frame, folder / name, title=h.title, subtitle=findings.history(h), meta=h.meta, size=size))
        s = figures.schedule(validate(figures.ScheduleRequest, {"agreement": "sma-12"}))
        out.append(ch.plot_amounts(s.frame, folder / "chart-schedule.png", title=s.title, subtitle=findings.schedule(s), meta=s.meta))
        c = figures.compare(validate(figures.CompareRequest, {"baseline": "sma-12", "scenarios": ["freeze-2025", "sma11-rule-to-2030",
                                                                                                   "cpi-shock"]}))
        out.append(ch.plot_comparison(c["rows"].frame, folder / "chart-compare.png", title=c.title, subtitle=findings.compare(c),
                                      meta=c.meta))
        o = hosts.hosts(validate(hosts.HostsRequest, {}))
        out.append(ch.plot_hosts(o.frame, folder / "chart-hosts.png", title=o.title, subtitle=findings.hosts(o), meta=o.meta))
        lg = ledger.ledger(validate(ledger.LedgerRequest, {}))
        out.append(ch.plot_ledger(lg["ledger"].frame, folder / "chart-ledger.png", title=lg.title, components=list(lg.meta["components"]),
                                  component_names=dict(lg.meta["components"]), subtitle=findings.ledger(lg), meta=lg.meta,
                                  items=lg["items"].frame))
        sim = unc.simulate(validate(unc.SimulationRequest, {"target": "sma-12", "paths": 20_000, "seed": 1,
                                                            "prob_above": [[2030, 1_700_000_000_000]]}))
        title = sim.simulation.title
        out.append(ch.plot_fan(sim.by_year.frame, folder / "chart-uncertainty.png", title=title, currency=sim.simulation.currency,
                               subtitle=" ".join(findings.probability(p, sim.simulation.currency, sim.simulation.paths)
                                                 for p in sim.probabilities),
                               meta=sim.meta, thresholds=[(p["year"], p["amount"]) for p in sim.probabilities]))
        req = validate(neg.CaseRequest, {"case": "sma-11-talks"})
        g = neg.gap(req)
        names = {p["id"]: p["name"] for p in g.meta["parties"]}
        out.append(ch.plot_gap(neg.offers(req).frame, g["gap"].frame, folder / "chart-negotiation-gap.png", title=g.meta["title"],
                               currency=g.meta["currency"], names=names, meta=g.meta))
    return out


def main(out: str = "docs/screenshots") -> int:
    folder = Path(out)
    written = charts("en", folder) + charts("ko", folder / "ko")
    print(f"{len(written)} charts written to {folder} and {folder / 'ko'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
