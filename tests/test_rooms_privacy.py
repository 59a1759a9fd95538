"""Negotiation rooms over HTTP (SQLite and PostgreSQL): preferences by form, deals, post-settlement
proposals, blind bidding, practice against an agent, tournaments as jobs; and the privacy model as
non-interference: changing the other party's private inputs changes nothing in the bytes a party
receives, outside what the model releases."""

import json
import time

import pytest
from fastapi.testclient import TestClient

from burdenshare.web.app import create_app

CASE = "sma-11-talks"
KR = {"weights": {"money": 0.6, "scope": 0.2, "labour_floor": 0.2},
      "values": {"scope": {"excluded": 1, "included": 0}, "labour_floor": {"75": 0, "85": 0.7, "87": 1}},
      "reservation": {"package": {"first_year": "1조 6,000억"}}, "discount_rate": 3}
US_A = {"pairwise": {"money>scope": 5, "money>labour_floor": 3, "labour_floor>scope": 1},
        "values": {"scope": {"excluded": 0, "included": 1}, "labour_floor": {"75": 1, "85": 0.4, "87": 0.3}},
        "reservation": {"utility": 0.1}, "discount_rate": 3}
US_B = {"weights": {"money": 0.45, "scope": 0.35, "labour_floor": 0.2},
        "values": {"scope": {"excluded": 0.1, "included": 0.9}, "labour_floor": {"75": 0.8, "85": 0.5, "87": 0.2}},
        "reservation": {"utility": 0.2345}, "discount_rate": 1}


@pytest.fixture
def client(database_url):
    with TestClient(create_app(database_url), raise_server_exceptions=False) as c:
        yield c


def _room(client, **kw):
    r = client.post("/api/v1/rooms", json={"case": CASE, **kw})
    assert r.status_code == 201, r.text
    return r.json()


class Party:
    """One party's side of the conversation: every response body it receives is kept."""

    def __init__(self, client, room, who):
        self.c, self.rid, self.tok, self.who = client, room["room"], room["tokens"][who], who
        self.seen: list[str] = []

    def __call__(self, method, path, body=None, status=None):
        r = getattr(self.c, method)(f"/api/v1/rooms/{self.rid}{path}", headers={"x-token": self.tok},
                                    **({"json": body} if body is not None else {}))
        if status is not None:
            assert r.status_code == status, r.text
        self.seen.append(r.text)
        return r

    def page(self):
        r = self.c.get(f"/room/{self.rid}", headers={"accept": "text/html"})
        self.seen.append(r.text)
        return r


def test_preferences_by_form_weights_from_pairwise_and_amounts_in_words(client):
    room = _room(client)
    us = Party(client, room, "us")
    r = us("put", "/parties/us/preferences", US_A, 200).json()
    w = r["weights"]
    assert abs(sum(w.values()) - 1) < 1e-12 and w["money"] > w["labour_floor"] > w["scope"] and r["consistency_ratio"] < 0.1
    # an inconsistent set of ratings is saved but the check says so
    bad = {**US_A, "pairwise": {"money>scope": 9, "scope>labour_floor": 9, "labour_floor>money": 9}}
    p = us("post", "/preferences/preview", bad, 200).json()
    assert any(c["where"] == "pairwise" and c["level"] == "warning" for c in p["checks"])
    # a weighted issue with every option alike, and weights that do not sum to 1
    p = us("post", "/preferences/preview", {**KR, "weights": {"money": 0.5, "scope": 0.2, "labour_floor": 0.2},
                                              "values": {**KR["values"], "scope": {"excluded": 0.5, "included": 0.5}}}, 200).json()
    assert not p["valid"] and p["checks"][0]["where"] == "weights"
    p = us("post", "/preferences/preview", {**KR, "values": {**KR["values"], "scope": {"excluded": 0.5, "included": 0.5}}}, 200).json()
    assert any(c["where"] == "values.scope" and c["level"] == "warning" for c in p["checks"])
    # the reservation typed as money in words; the preview values every public offer
    kr = Party(client, room, "kr")
    p = kr("post", "/preferences/preview", KR, 200).json()
    assert p["valid"] and len(p["offers"]) == 7 and 0 < p["reservation_utility"] < 1
    assert "in the first year" in p["offers"][0]["words"]
    e = kr("put", "/parties/kr/preferences", {**KR, "reservation": {"package": {"first_year": "lots"}}}, 400).json()
    assert e["where"] == "reservation.package.first_year"
    # packages in words and in the language's money format
    d = kr("post", "/describe", {"package": {"first_year": "1조 1,700억"}}, 200).json()
    assert d["first_year"] == 1_170_000_000_000 and d["first_year_text"] == "KRW 1,170 billion"
    ko = client.post(f"/api/v1/rooms/{room['room']}/describe?lang=ko", headers={"x-token": room["tokens"]["kr"]},
                     json={"package": {"first_year": 1_170_000_000_000}}).json()
    assert ko["first_year_text"] == "1조 1,700억원"


def _negotiate(client, us_prefs, us_bids, room=None):
    """A room played to a deal; returns kr's record of everything it received, and the room."""
    room = room or _room(client, blind_bidding={"rule": "split_difference", "rounds": 3})
    kr, us = Party(client, room, "kr"), Party(client, room, "us")
    kr.page()
    kr("get", "", status=200)
    kr("post", "/preferences/preview", KR, 200)
    kr("put", "/parties/kr/preferences", KR, 200)
    us("put", "/parties/us/preferences", us_prefs, 200)
    kr("get", "", status=200)
    kr("post", "/offers", {"package": {"first_year": "1조 1,000억"}}, 201)
    us("post", "/offers", {"package": {"first_year": 2_200_000_000_000, "scope": "included"}}, 201)
    kr("post", "/describe", {"package": {"first_year": 1_300_000_000_000}}, 200)
    kr("post", "/offers", {"package": {"first_year": 1_300_000_000_000}}, 201)
    us("post", "/offers", {"package": {"first_year": 1_500_000_000_000, "scope": "included"}}, 201)
    for mine, theirs in zip(("1.2 trillion", "1조 3,000억"), us_bids, strict=True):
        kr("post", "/bids", {"amount": mine}, 201)
        kr("post", "/bids", {"amount": mine}, 409)  # one bid a round
        us("post", "/bids", {"amount": theirs}, 201)
        kr("get", "", status=200)
    kr("post", "/accept", {"offer": 3}, 400)  # one's own offer
    kr("post", "/accept", {"offer": 2}, 409)  # replaced by a later offer
    kr("post", "/accept", {"offer": 4}, 200)
    kr("post", "/offers", {"package": {"first_year": 1_400_000_000_000}}, 409)
    kr("put", "/parties/kr/preferences", KR, 409)  # locked once there is a deal
    kr("get", "/parties/kr/preferences", status=200)
    kr("get", "/parties/us/preferences", status=403)
    kr("post", "/post-settlement", {"proposal": 1, "accept": False}, 200)
    kr.page()
    v = kr("get", "", status=200).json()
    return kr, us, room, v


def _masked(texts: list[str], room: dict, released: bool) -> list[str]:
    """Response bodies with the room's id and tokens replaced (they differ from room to room), and,
    when `released`, the released items (post-settlement proposals and their outcome) removed."""
    out = []
    for text in texts:
        t = text.replace(room["room"], "ROOM")
        for tok in room["tokens"].values():
            t = t.replace(tok, "TOKEN")
        if released and t.startswith("{"):
            d = json.loads(t)
            d.pop("post_settlement", None)
            d.pop("final", None)
            d.pop("version", None)  # a digest of the whole view, the released items included
            t = json.dumps(d, sort_keys=True)
        out.append(t)
    return out


def test_non_interference_the_other_partys_private_inputs_change_nothing_kr_receives(client):
    # the US's preferences and bids differ; kr acts alike; the bids never overlap
    kr_a, _us, room_a, _va = _negotiate(client, US_A, ["2 trillion", "1.6 trillion"])
    kr_b, _us, room_b, _vb = _negotiate(client, US_B, ["2.5 trillion", "1.9 trillion"])
    assert _masked(kr_a.seen, room_a, True) == _masked(kr_b.seen, room_b, True)
    # only the reservation differs: the proposals depend on both preferences but not on it, so every byte is equal
    kr_c, _us, room_c, _vc = _negotiate(client, {**US_A, "reservation": {"utility": 0.3}}, ["2 trillion", "1.6 trillion"])
    assert _masked(kr_a.seen, room_a, False) == _masked(kr_c.seen, room_c, False)
    # and nothing kr received names the other side's utilities, bids or preferences
    whole = "\n".join(kr_b.seen)
    for secret in ("utility_payee", "utility_us", '"utilities"', "0.2345", "2500000000000", "1900000000000", "\"party\":\"us\",\"preferences\"", "\"preferences\":{\"kr\"", "responses"):
        assert secret not in whole, secret


def _hidden_actions(client, other_acts: bool):
    """kr's record of a room in which the US, when `other_acts`, also does what kr may not see (a
    blind bid that opens a round, an answer to a post-settlement proposal): one party acts more
    often than the other, and kr makes offers alone for a while."""
    room = _room(client, blind_bidding={"rule": "split_difference", "rounds": 3})
    kr, us = Party(client, room, "kr"), Party(client, room, "us")
    etags: list[str] = []

    def look(expect_same=False):
        before = etags[-1] if etags else None
        r = kr("get", "", status=200)
        etags.append(r.headers["etag"])
        assert r.headers["etag"] == f'"{r.json()["version"]}"' and "private" in r.headers["cache-control"]
        if expect_same:
            assert etags[-1] == before
            again = client.get(f"/api/v1/rooms/{room['room']}", headers={"x-token": room["tokens"]["kr"], "if-none-match": before})
            assert again.status_code == 304 and again.headers["etag"] == before and not again.content
        return r.json()

    kr("put", "/parties/kr/preferences", KR, 200)
    us("put", "/parties/us/preferences", US_A, 200)
    look()
    if other_acts:
        us("post", "/bids", {"amount": "1.9 trillion"}, 201)  # opens round 1: kr must not learn it
    look(expect_same=True)
    kr("post", "/offers", {"package": {"first_year": "1조 1,000억"}}, 201)
    look()
    kr("post", "/offers", {"package": {"first_year": "1조 2,000억"}}, 201)  # kr alone, twice
    look()
    us("post", "/offers", {"package": {"first_year": 1_500_000_000_000, "scope": "included"}}, 201)
    look()
    kr("post", "/accept", {"offer": 3}, 200)
    v = look()
    n = len(v["post_settlement"]["proposals"])
    assert n >= 2 and v["post_settlement"]["status"] == "open"
    if other_acts:
        us("post", "/post-settlement", {"proposal": 1, "accept": False}, 200)  # kr must not learn it either
        us("post", "/bids", {"amount": "1.9 trillion"}, 409)
    look(expect_same=True)
    kr("post", "/post-settlement", {"proposal": n, "accept": False}, 200)
    look()
    return kr, room, etags


def test_non_interference_with_unequal_numbers_of_actions(client):
    # the US bids blind and answers a proposal in one room and not in the other; kr's every answer,
    # its view's version and ETag included, is the same byte for byte
    kr_a, room_a, etags_a = _hidden_actions(client, True)
    kr_b, room_b, etags_b = _hidden_actions(client, False)
    assert etags_a == etags_b and len(set(etags_a)) == 6
    assert _masked(kr_a.seen, room_a, False) == _masked(kr_b.seen, room_b, False)


def test_weak_post_settlement_proposals_are_offered_and_marked(client):
    # kr cares only for money, the US only for the scope: a deal with the scope included cannot be
    # bettered for the US, but a cheaper package is better for kr and as good for the US
    room = _room(client)
    kr, us = Party(client, room, "kr"), Party(client, room, "us")
    kr("put", "/parties/kr/preferences", {"weights": {"money": 1}, "reservation": {"utility": 0}}, 200)
    us("put", "/parties/us/preferences", {"weights": {"scope": 1}, "values": {"scope": {"excluded": 0, "included": 1}},
                                          "reservation": {"utility": 0}}, 200)
    us("post", "/offers", {"package": {"first_year": 1_500_000_000_000, "scope": "included"}}, 201)
    kr("post", "/accept", {"offer": 1}, 200)
    ps = kr("get", "", status=200).json()["post_settlement"]
    assert ps["status"] == "open" and ps["weak_only"] is True and ps["proposals"]
    assert all(p["weak"] for p in ps["proposals"])
    fac = client.get(f"/api/v1/rooms/{room['room']}", headers={"x-token": room["tokens"]["facilitator"]}).json()
    deal = fac["deal"]["utilities"]
    for p in fac["post_settlement"]["proposals"]:
        assert p["utilities"]["kr"] > deal["kr"] and p["utilities"]["us"] == pytest.approx(deal["us"])


def test_deal_post_settlement_proposals_better_for_both_and_recorded(client):
    kr, us, room, v = _negotiate(client, US_A, ["2 trillion", "1.6 trillion"])
    assert v["status"] == "agreed" and v["deal"]["offer"] == 4 and v["blind_bidding"]["status"] == "closed"
    fac = client.get(f"/api/v1/rooms/{room['room']}", headers={"x-token": room["tokens"]["facilitator"]}).json()
    deal = fac["deal"]["utilities"]
    props = fac["post_settlement"]["proposals"]
    assert props and fac["post_settlement"]["status"] == "open"
    for p in props:  # no proposal is worse for either party: strictly better for both
        assert p["utilities"]["kr"] > deal["kr"] and p["utilities"]["us"] > deal["us"]
    # each party sees the same packages (by their payments, a public order), with its own utility only
    vu = us("get", "", status=200).json()
    assert [p["package"] for p in vu["post_settlement"]["proposals"]] == [p["package"] for p in v["post_settlement"]["proposals"]]
    assert [p["your_utility"] for p in vu["post_settlement"]["proposals"]] == pytest.approx([p["utilities"]["us"] for p in props])
    totals = [p["total"] for p in v["post_settlement"]["proposals"]]
    assert totals == sorted(totals)
    # answers: kr accepts the last, us accepts it too; kr never sees us's answers, only the outcome
    n = len(props)
    assert n >= 2  # kr rejected proposal 1 in _negotiate
    kr("post", "/post-settlement", {"proposal": n, "accept": True}, 200)
    kr("post", "/post-settlement", {"proposal": n, "accept": False}, 409)
    mid = kr("get", "", status=200).json()["post_settlement"]
    assert mid["status"] == "open" and "responses" not in json.dumps(mid)
    for k in range(2, n):
        us("post", "/post-settlement", {"proposal": k, "accept": False}, 200)
    us("post", "/post-settlement", {"proposal": n, "accept": True}, 200)
    us("post", "/post-settlement", {"proposal": 1, "accept": True}, 409)  # closed once one is adopted
    end = kr("get", "", status=200).json()
    assert end["post_settlement"]["status"] == "adopted" and end["post_settlement"]["adopted"] == n
    assert end["final"]["package"] == props[n - 1]["package"]
    fac = client.get(f"/api/v1/rooms/{room['room']}", headers={"x-token": room["tokens"]["facilitator"]}).json()
    assert fac["post_settlement"]["proposals"][n - 1]["responses"] == {"kr": True, "us": True}


@pytest.mark.parametrize("rule,expected", [("split_difference", 1_350_000_000_000), ("payer_bid", 1_400_000_000_000),
                                           ("payee_bid", 1_300_000_000_000)])
def test_blind_bidding_closes_by_the_stated_rule(client, rule, expected):
    room = _room(client, blind_bidding={"rule": rule, "rounds": 2})
    kr, us = Party(client, room, "kr"), Party(client, room, "us")
    kr("post", "/bids", {"amount": "1.2 trillion"}, 201)
    assert kr("get", "", status=200).json()["blind_bidding"]["waiting_for_other"] is True
    us("post", "/bids", {"amount": "1.45 trillion"}, 201)
    b = kr("get", "", status=200).json()["blind_bidding"]
    assert b["results"] == [{"round": 1, "overlap": False}] and b["rounds_left"] == 1 and "1450000000000" not in json.dumps(b)
    kr("post", "/bids", {"amount": "1,234,567"}, 400)  # not on the grid
    kr("post", "/bids", {"amount": "1.4 trillion"}, 201)
    us("post", "/bids", {"amount": "1.3 trillion"}, 201)
    v = us("get", "", status=200).json()
    assert v["status"] == "agreed" and v["deal"]["source"] == "blind_bidding"
    assert v["deal"]["first_year"] == expected and v["blind_bidding"]["status"] == "settled"
    assert "1400000000000" not in json.dumps(v["blind_bidding"])  # kr's bid stays on the server
    us("post", "/bids", {"amount": "1.3 trillion"}, 409)
    us("post", "/offers", {"package": {"first_year": 1_300_000_000_000}}, 409)


def test_blind_bidding_fails_after_its_rounds(client):
    room = _room(client, blind_bidding={"rounds": 1})
    kr, us = Party(client, room, "kr"), Party(client, room, "us")
    kr("post", "/bids", {"amount": 1_100_000_000_000}, 201)
    us("post", "/bids", {"amount": 1_900_000_000_000}, 201)
    v = kr("get", "", status=200).json()
    assert v["blind_bidding"]["status"] == "failed" and v["status"] == "open"
    kr("post", "/bids", {"amount": 1_100_000_000_000}, 409)
    assert client.post(f"/api/v1/rooms/{_room(client)['room']}/bids", json={"amount": 1}, headers={"x-token": "x" * 43}).status_code == 403


def test_practice_against_a_boulware_agent_and_the_debrief(client):
    r = client.post("/api/v1/practice", json={"case": CASE, "tactic": {"kind": "boulware"}, "deadline": 4, "seed": 1})
    assert r.status_code == 201, r.text
    s = r.json()
    pid, t = s["room"], s["tokens"]
    st = {"x-token": t["student"]}
    # a practice link does not open a room, nor a room link a practice session
    assert client.get(f"/api/v1/rooms/{pid}", headers=st).status_code == 403
    v = client.get(f"/api/v1/practice/{pid}", headers=st).json()
    assert v["status"] == "open" and len(v["offers"]) == 1 and v["offers"][0]["by"] == "agent"
    assert "debrief" not in v and "agent_utility" not in json.dumps(v) and "tactic" not in v
    answers = []
    for fy in (1_000_000_000_000, 1_050_000_000_000, 1_100_000_000_000, 1_150_000_000_000):
        a = client.post(f"/api/v1/practice/{pid}/offers", headers=st, json={"package": {"first_year": fy}})
        assert a.status_code == 201, a.text
        answers.append(a.json()["answer"])
        if answers[-1] != "counter":
            break
    v = client.get(f"/api/v1/practice/{pid}", headers=st).json()
    assert v["status"] in ("agreed", "deadline") and answers[-1] in ("accept", "deadline")
    d = v["debrief"]
    assert d["frontier"] and d["nash"]["words"] and d["kalai_smorodinsky"] and v["tactic"]["kind"] == "boulware"
    assert all("agent_utility" in o for o in v["offers"])
    assert client.post(f"/api/v1/practice/{pid}/offers", headers=st, json={"package": {"first_year": 1_200_000_000_000}}).status_code == 409
    # the facilitator sees the agent's utilities and settings from the start
    f = client.get(f"/api/v1/practice/{pid}", headers={"x-token": t["facilitator"]}).json()
    assert f["settings"]["tactic"]["kind"] == "boulware"


def test_practice_collapse_and_accepting_the_agents_offer(client):
    s = client.post("/api/v1/practice", json={"case": CASE, "deadline": 6, "hazard": {"probability": 1, "from_round": 2}}).json()
    st = {"x-token": s["tokens"]["student"]}
    assert client.post(f"/api/v1/practice/{s['room']}/offers", headers=st, json={"package": {"first_year": 1_000_000_000_000}}).json()["answer"] == "counter"
    assert client.post(f"/api/v1/practice/{s['room']}/offers", headers=st, json={"package": {"first_year": 1_000_000_000_000}}).json()["answer"] == "collapsed"
    assert client.get(f"/api/v1/practice/{s['room']}", headers=st).json()["status"] == "collapsed"
    s = client.post("/api/v1/practice", json={"case": CASE, "tactic": {"kind": "conceder"}}).json()
    st = {"x-token": s["tokens"]["student"]}
    assert client.post(f"/api/v1/practice/{s['room']}/accept", headers=st, json={"offer": 2}).status_code == 400
    assert client.post(f"/api/v1/practice/{s['room']}/accept", headers=st, json={"offer": 1}).status_code == 200
    v = client.get(f"/api/v1/practice/{s['room']}", headers=st).json()
    assert v["status"] == "agreed" and v["deal"]["by"] == "student" and v["debrief"]["left_on_table"]["equal_gain"] >= 0
    bad = client.post("/api/v1/practice", json={"case": CASE, "student": "nobody"})
    assert bad.status_code == 404 and bad.json()["where"] == "student"


def test_tournament_as_a_job(client):
    r = client.post("/api/v1/tournaments", json={"cases": [CASE], "seeds": 5, "seed": 3})
    assert r.status_code == 202, r.text
    job = r.json()["job"]
    for _ in range(200):
        j = client.get(f"/api/v1/tournaments/{job}").json()
        if j["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert j["status"] == "done", j
    board = j["result"]["leaderboard"]
    assert sorted(b["tactic"] for b in board) == ["boulware", "conceder", "linear", "tit_for_tat"]
    assert [b["rank"] for b in board] == [1, 2, 3, 4] and j["result"]["meta"]["games"] == 4 * 4 * 2 * 5
    bad = client.post("/api/v1/tournaments", json={"cases": ["nope"]})
    assert bad.status_code == 404 and bad.json()["where"] == "cases[0]"
    assert client.post("/api/v1/tournaments", json={"cases": [CASE], "seeds": 100_000}).json()["where"] == "seeds"
    rp = client.get("/api/v1/replay").json()
    assert rp["meta"]["unit"]["label"] and any(r["formula_kind"] == "nash" for r in rp["rows"])
