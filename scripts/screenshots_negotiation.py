"""Screenshots of the negotiation pages, in English and Korean: the room (a party's view after a deal,
with its post-settlement proposals), practice against an agent, its debrief, the tournament page and
the negotiation page. Run by `make screenshots` (or: scripts/screenshots_negotiation.py DIR); the tests
never write into docs/.

Uses Debian's Chromium (/usr/bin/chromium) through Playwright on a throwaway server and database.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser_support import ARGS, CHROMIUM, start_server

KR = {"weights": {"money": 0.6, "escalation": 0.05, "cap": 0.05, "term": 0.0, "labour_floor": 0.15, "scope": 0.15},
      "values": {"escalation": {"frozen": 1, "fixed:3": 0.6, "fixed:5": 0.3, "fixed:7": 0.1, "cpi": 0.8, "defence_growth": 0.5},
                 "cap": {"none": 0, "4": 1, "5": 0.8, "7": 0.5},
                 "scope": {"excluded": 1, "included": 0}, "labour_floor": {"75": 0, "85": 0.7, "87": 1}},
      "reservation": {"package": {"first_year": 1_600_000_000_000}}, "discount_rate": 3}
US = {"pairwise": {"money>scope": 5, "money>labour_floor": 3, "labour_floor>scope": 1},
      "values": {"scope": {"excluded": 0, "included": 1}, "labour_floor": {"75": 1, "85": 0.4, "87": 0.3}},
      "reservation": {"utility": 0.1}, "discount_rate": 3}


def prepare(base: str) -> dict:
    """A room played to a deal (with post-settlement proposals), and a practice session played to its end."""
    c = httpx.Client(base_url=base, timeout=60)
    room = c.post("/api/v1/rooms", json={"case": "sma-11-talks", "blind_bidding": {"rule": "split_difference", "rounds": 5}}).json()
    rid, t = room["room"], room["tokens"]

    def h(p):
        return {"x-token": t[p]}

    c.put(f"/api/v1/rooms/{rid}/parties/kr/preferences", json=KR, headers=h("kr"))
    c.put(f"/api/v1/rooms/{rid}/parties/us/preferences", json=US, headers=h("us"))
    c.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1_100_000_000_000}}, headers=h("kr"))
    c.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1_800_000_000_000, "scope": "included"}}, headers=h("us"))
    c.post(f"/api/v1/rooms/{rid}/bids", json={"amount": 1_200_000_000_000}, headers=h("kr"))
    c.post(f"/api/v1/rooms/{rid}/bids", json={"amount": 1_600_000_000_000}, headers=h("us"))
    c.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1_250_000_000_000}}, headers=h("kr"))
    c.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1_500_000_000_000, "scope": "included"}}, headers=h("us"))
    c.post(f"/api/v1/rooms/{rid}/accept", json={"offer": 4}, headers=h("kr"))
    c.post(f"/api/v1/rooms/{rid}/post-settlement", json={"proposal": 1, "accept": True}, headers=h("kr"))
    fresh = c.post("/api/v1/rooms", json={"case": "sma-11-talks"}).json()
    practice = c.post("/api/v1/practice", json={"case": "sma-11-talks", "tactic": {"kind": "boulware"}, "deadline": 5,
                                                 "hazard": {"probability": 0.1, "from_round": 3}, "seed": 4}).json()
    done = c.post("/api/v1/practice", json={"case": "sma-11-talks", "tactic": {"kind": "boulware"}, "deadline": 4, "seed": 4}).json()
    st = {"x-token": done["tokens"]["student"]}
    for fy in (1_000_000_000_000, 1_100_000_000_000, 1_200_000_000_000, 1_300_000_000_000):
        a = c.post(f"/api/v1/practice/{done['room']}/offers", headers=st, json={"package": {"first_year": fy}}).json()
        if a.get("answer") != "counter":
            break
    return {"room": f"/room/{rid}#token={t['kr']}", "facilitator": f"/room/{rid}#token={t['facilitator']}",
            "form": f"/room/{fresh['room']}#token={fresh['tokens']['us']}",
            "practice": f"/practice/{practice['room']}#token={practice['tokens']['student']}",
            "debrief": f"/practice/{done['room']}#token={done['tokens']['student']}"}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        base, srv, th = start_server(f"sqlite:///{Path(tmp) / 'shots.db'}")
        try:
            urls = prepare(base)
            with sync_playwright() as p:
                b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for lang in ("en", "ko"):
                    suffix = "" if lang == "en" else "-ko"
                    for name, url, full in (("room", urls["room"], True), ("room-preferences", urls["form"], False),
                                            ("room-facilitator", urls["facilitator"], False), ("practice", urls["practice"], True),
                                            ("debrief", urls["debrief"], True), ("tournament", "/tournament", True),
                                            ("negotiation", "/negotiation", False)):
                        ctx = b.new_context(viewport={"width": 1280, "height": 1000}, locale="ko-KR" if lang == "ko" else "en-US")
                        pg = ctx.new_page()
                        path, _sep, frag = url.partition("#")
                        pg.goto(f"{base}{path}?lang={lang}" + (f"#{frag}" if frag else ""))
                        if name in ("tournament", "negotiation"):
                            pg.wait_for_selector("body[data-ready]", timeout=60_000)
                        if name == "tournament":
                            pg.fill("#seeds", "50")
                            pg.click("#run")
                            pg.wait_for_selector("#board tr:nth-child(2)", timeout=60_000)
                        pg.wait_for_timeout(2500)
                        pg.screenshot(path=str(out / f"{name}{suffix}.png"), full_page=full)
                        ctx.close()
                b.close()
        finally:
            srv.should_exit = True
            th.join(timeout=10)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "docs" / "screenshots"))
