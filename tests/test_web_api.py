"""The HTTP API on a real database (SQLite and PostgreSQL): figures, errors, saved work, rooms."""

import threading

import pytest
from fastapi.testclient import TestClient

from burdenshare.web.app import create_app


@pytest.fixture
def client(database_url):
    with TestClient(create_app(database_url), raise_server_exceptions=False) as c:
        yield c


def test_figures_carry_data_version_and_assumptions(client):
    r = client.post("/api/v1/schedule", json={"agreement": "sma-12", "overrides": {"cpi": {"2026": 6.5}}})
    assert r.status_code == 200
    body = r.json()
    assert body["meta"]["data_version"] and body["meta"]["assumptions"] == "kr-default"
    assert body["meta"]["overrides"] == {"cpi": {"2026": 6.5}}
    y2028 = next(x for x in body["rows"] if x["year"] == 2028)
    assert y2028["cap_binds"] is True and y2028["amount"] == 1_628_700_000_000  # 15,511 x 1.05
    h = client.get("/api/v1/history").json()
    assert [x["year"] for x in h["rows"]] == list(range(1991, 2031))
    assert client.post("/api/v1/compare", json={"baseline": "sma-12", "scenarios": ["freeze-2025"]}).json()["totals"]
    assert client.get("/api/v1/schedule/sma-12.csv").text.startswith("\ufeffyear,")  # a byte-order mark for Excel
    assert client.get("/api/v1/schedule/sma-12.xlsx").content[:2] == b"PK"
    csv_text = client.get("/api/v1/schedule/sma-12.csv", params={"overrides": '{"cpi": {"2026": 6.5}}'}).text
    assert "1628700000000" in csv_text  # the download carries the assumptions entered
    assert client.get("/api/v1/schedule/sma-12.csv", params={"overrides": "nonsense"}).status_code == 400
    assert client.get("/api/v1/negotiations/sma-11-talks").json()["gap"]
    assert client.get("/openapi.json").json()["info"]["title"] == "burdenshare"


@pytest.mark.parametrize("method,path,body,status,msg", [
    ("post", "/api/v1/schedule", {"agreement": "nope"}, 404, "unknown agreement"),
    ("post", "/api/v1/schedule", {"agreement": "sma-12", "overrides": {"cpi": {"2026": "x"}}}, 422, "must be a number"),
    ("post", "/api/v1/schedule", {"agreement": "sma-12", "overrides": {"fx": {"2027": -3}}}, 400, "below the minimum"),
    ("post", "/api/v1/simulations", {"target": "sma-12", "paths": 10**9}, 400, "limit of 2,000,000"),
    ("post", "/api/v1/simulations", {"target": "sma-12", "quantiles": [1.5]}, 400, "strictly between"),
    ("get", "/api/v1/series/nope", None, 404, "unknown series"),
    ("get", "/api/v1/simulations/nope", None, 404, "no such job"),
    ("post", "/api/v1/negotiations/sma-11-talks/value", {"package": {"first_year": 99e12}}, 400, "outside the range"),
])
def test_errors_are_json_4xx(client, method, path, body, status, msg):
    r = getattr(client, method)(path, **({"json": body} if body is not None else {}))
    assert r.status_code == status, r.text
    assert msg in r.json()["error"] and "Traceback" not in r.text


def test_body_size_is_limited(client):
    r = client.post("/api/v1/compare", content=b"{" + b" " * 300_000 + b"}", headers={"content-type": "application/json"})
    assert r.status_code == 413
    ko = client.post("/api/v1/compare?lang=ko", content=b"{" + b" " * 300_000 + b"}", headers={"content-type": "application/json"})
    assert ko.status_code == 413 and "요청 본문이" in ko.json()["error"] and ko.headers["content-language"] == "ko"


@pytest.mark.parametrize("lang,titles", [
    ("en", {"/tournament": "Tournament", "/claims": "Claims checked against the model", "/room/{room}": "Negotiation room",
            "/practice/{room}": "Practice against an agent"}),
    ("ko", {}),
])
def test_every_page_has_its_own_title(client, lang, titles):
    import re

    room = client.post("/api/v1/rooms", json={"case": "sma-11-talks"}).json()["room"]
    for path in ("/", "/calculator", "/compare", "/uncertainty", "/negotiation", "/tournament", "/hosts", "/ledger", "/claims",
                 "/claims/trump-10bn-2025", "/room/{room}", "/practice/{room}"):
        page = client.get(path.format(room=room), params={"lang": lang})
        title = re.search(r"<title>(.*?)</title>", page.text, re.S).group(1)
        assert title != "burdenshare · burdenshare" and not title.startswith("tournament"), (path, title)
        if path in titles:
            assert title == f"{titles[path]} · burdenshare", (path, title)


def test_an_embed_link_is_offered_only_where_the_embed_exists(client):
    for name in ("history", "calculator", "compare", "uncertainty", "hosts", "ledger", "claims/trump-10bn-2025"):
        offered = 'id="embed-link"' in client.get("/" if name == "history" else f"/{name}").text
        assert offered == (client.get(f"/embed/{name}").status_code == 200), name


def test_a_page_checks_its_host_as_the_api_does(client):
    html = {"accept": "text/html"}
    for bad in ("JP", "../x", "x" * 70, ""):
        for path in ("/", "/embed/history", "/ledger"):
            page = client.get(path, params={"host": bad}, headers=html)
            assert page.status_code == 422 and page.headers["content-type"].startswith("text/html"), (path, bad, page.status_code)
        api = client.get("/api/v1/history", params={"host": bad}, headers=html)
        assert api.status_code == 422 and api.json()["where"] == "host"
    assert client.get("/", params={"host": "jp"}).status_code == 200


def test_simulation_job_with_progress(client):
    import time

    job = client.post("/api/v1/simulations", json={"target": "sma-12", "paths": 5000, "prob_above": [[2030, 1.7e12]]}).json()["job"]
    for _ in range(100):
        j = client.get(f"/api/v1/simulations/{job}").json()
        if j["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert j["status"] == "done" and j["done"] == 5000
    assert j["result"]["by_year"][-1]["year"] == 2030 and 0 < j["result"]["probabilities"][0]["probability"] < 1


def test_saved_scenarios_survive_a_restart(database_url):
    sc = {"id": "my-freeze", "title": "Mine", "host": "kr", "baseline": "sma-12",
          "changes": [{"years": "2027-2030", "rule": "change", "pct": 0}]}
    with TestClient(create_app(database_url)) as c:
        listed = c.post("/api/v1/saved-scenarios", json={"name": "mine", "scenario": sc, "listed": True})
        assert listed.status_code == 201
        private = c.post("/api/v1/saved-scenarios", json={"name": "private", "scenario": sc}).json()
        bad = c.post("/api/v1/saved-scenarios", json={"name": "bad", "scenario": {**sc, "baseline": "sma-99"}})
        assert bad.status_code == 404 and bad.json()["where"] == "scenario.baseline"
    with TestClient(create_app(database_url)) as c:  # a new app on the same database
        rows = c.get("/api/v1/saved-scenarios").json()["rows"]
        assert [r["name"] for r in rows] == ["mine"]  # unlisted unless saved as listed
        one = c.get(f"/api/v1/saved-scenarios/{private['id']}").json()
        assert one["name"] == "private" and one["scenario"]["changes"][0]["pct"] == 0
        # deleting needs the edit token given at saving
        assert c.delete(f"/api/v1/saved-scenarios/{private['id']}").status_code == 403
        assert c.delete(f"/api/v1/saved-scenarios/{private['id']}", headers={"x-token": "wrong"}).status_code == 403
        assert c.delete(f"/api/v1/saved-scenarios/{private['id']}", headers={"x-token": private["edit_token"]}).status_code == 200
        assert c.get(f"/api/v1/saved-scenarios/{private['id']}").status_code == 404


def _room(client):
    r = client.post("/api/v1/rooms", json={"case": "sma-11-talks"})
    assert r.status_code == 201
    return r.json()


PREFS = {"weights": {"money": 0.8, "scope": 0.2}, "values": {"scope": {"excluded": 1, "included": 0}},
         "reservation": {"utility": 0.3}, "discount_rate": 2}


def test_private_data_reachable_only_with_the_partys_token(client):
    room = _room(client)
    rid, t = room["room"], room["tokens"]
    assert len(t["kr"]) >= 40 and len({t["kr"], t["us"], t["facilitator"]}) == 3
    url = f"/api/v1/rooms/{rid}/parties/kr/preferences"
    assert client.put(url, json=PREFS, headers={"x-token": t["kr"]}).status_code == 200
    # the other party's token, no token, a guessed token
    assert client.get(url, headers={"x-token": t["us"]}).status_code == 403
    assert client.get(url).status_code == 403
    assert client.get(url, headers={"x-token": "x" * 43}).status_code == 403
    assert client.put(url, json=PREFS, headers={"x-token": t["us"]}).status_code == 403
    # the owner and the facilitator see them
    assert client.get(url, headers={"x-token": t["kr"]}).json()["preferences"]["weights"]["money"] == 0.8
    assert client.get(url, headers={"x-token": t["facilitator"]}).json()["preferences"]["reservation"]["utility"] == 0.3
    # the shared view, as the other party: no trace of kr's preferences
    shared = client.get(f"/api/v1/rooms/{rid}", headers={"x-token": t["us"]})
    assert shared.status_code == 200
    text = shared.text
    assert "0.8" not in text and "preferences" not in shared.json() and "your_preferences" not in shared.json()
    # a token of another room does not open this one
    other = _room(client)
    assert client.get(f"/api/v1/rooms/{rid}", headers={"x-token": other["tokens"]["kr"]}).status_code == 403
    # tokens are stored hashed
    from sqlalchemy import select

    from burdenshare.store.models import RoomParty

    with client.app.state.store.session() as s:
        hashes = [p.token_hash for p in s.scalars(select(RoomParty).where(RoomParty.room_id == rid))]
    assert t["kr"] not in hashes and all(len(h) == 64 for h in hashes)


def test_offers_and_efficient_packages(client):
    room = _room(client)
    rid, t = room["room"], room["tokens"]
    r = client.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1_100_000_000_000}, "round": 1}, headers={"x-token": t["kr"]})
    assert r.status_code == 201 and r.json()["total"] > 0
    assert client.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1}, "round": 1}, headers={"x-token": t["us"]}).status_code == 400
    assert client.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1_100_000_000_000}, "round": 1},
                       headers={"x-token": t["facilitator"]}).status_code == 403
    client.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 2_000_000_000_000}, "round": 1}, headers={"x-token": t["us"]})
    v = client.get(f"/api/v1/rooms/{rid}", headers={"x-token": t["kr"]}).json()
    assert len(v["offers"]) == 2 and v["gap"][-1]["gap"] == 900_000_000_000 and "efficient_packages" not in v
    for p in ("kr", "us"):
        client.put(f"/api/v1/rooms/{rid}/parties/{p}/preferences", json=PREFS, headers={"x-token": t[p]})
    # efficient packages depend on both parties' private preferences: the facilitator's view only
    v = client.get(f"/api/v1/rooms/{rid}", headers={"x-token": t["us"]}).json()
    assert "efficient_packages" not in v
    f = client.get(f"/api/v1/rooms/{rid}", headers={"x-token": t["facilitator"]}).json()
    assert {"utility_payer", "utility_payee"} <= set(f["efficient_packages"][0]) and set(f["preferences"]) == {"kr", "us"}


def test_simultaneous_offers_lose_nothing(client):
    room = _room(client)
    rid, t = room["room"], room["tokens"]
    n = 8
    errors = []

    def send(party):
        for i in range(n):
            r = client.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1_000_000_000_000 + i * 10**10}, "round": i + 1},
                            headers={"x-token": t[party]})
            if r.status_code != 201:
                errors.append(r.text)

    threads = [threading.Thread(target=send, args=(p,)) for p in ("kr", "us")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    v = client.get(f"/api/v1/rooms/{rid}", headers={"x-token": t["facilitator"]}).json()
    assert len(v["offers"]) == 2 * n and sorted(o["number"] for o in v["offers"]) == list(range(1, 2 * n + 1))
    # a view's version follows what that view shows (docs/privacy.md): the same view reads the same version
    assert client.get(f"/api/v1/rooms/{rid}", headers={"x-token": t["facilitator"]}).json()["version"] == v["version"]


def test_answers_are_encoded_as_json_dumps_writes_them(client):
    """The cached answers are encoded by orjson where it is installed: the same bytes as json.dumps
    (compact, UTF-8, keys and numbers written alike), for answers with Korean text, numbers, nulls
    and integer keys."""
    import json

    from burdenshare.web import cache

    assert cache._standard({2026: 1.5, "x": None, "t": "한국"}) == '{"2026":1.5,"x":null,"t":"한국"}'.encode()
    assert cache.encode({2026: 1.5, "x": None, "t": "한국", "big": 1_628_700_000_000}) == \
        cache._standard({2026: 1.5, "x": None, "t": "한국", "big": 1_628_700_000_000})
    for method, path, body in [("post", "/api/v1/schedule", {"agreement": "sma-12", "overrides": {"cpi": {"2026": 6.5}}}),
                               ("get", "/api/v1/history?lang=ko", None), ("get", "/api/v1/scenarios", None),
                               ("post", "/api/v1/compare", {"baseline": "sma-12", "scenarios": ["freeze-2025"]})]:
        r = client.request(method.upper(), path, json=body)
        assert r.status_code == 200, path
        assert r.content == cache._standard(json.loads(r.content)), path


def test_schedule_answers_the_nowcast_beside_the_projection(client, tmp_path, monkeypatch):
    from burdenshare.model import overlay as ov

    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    rows = {r["year"]: r for r in client.post("/api/v1/schedule", json={"agreement": "sma-12"}).json()["rows"]}
    assert rows[2028]["status"] == "projected" and rows[2028]["nowcast_months"] == 2
    assert rows[2028]["nowcast_amount_80_low"] <= rows[2028]["nowcast_amount"] <= rows[2028]["nowcast_amount_80_high"]
    assert rows[2027]["nowcast"] is None and "nowcast_payment_text" not in rows[2027]
    # the payment as the History page and the terminal write it (present.history), so no page script writes it
    r = rows[2028]
    assert r["nowcast_payment_text"] == f"{r['nowcast_amount_text']} ({r['nowcast_rate_pct']:.1f}%; 80%: {r['nowcast_interval_text']})"
    ko = {r["year"]: r for r in client.post("/api/v1/schedule?lang=ko", json={"agreement": "sma-12"}).json()["rows"]}
    assert ko[2028]["nowcast"] == "당해 연도 추정치: 2026년 12개월 중 2개월 공표" and ko[2028]["nowcast_amount_text"].endswith("원")
    assert ko[2028]["nowcast_payment_text"].startswith(ko[2028]["nowcast_amount_text"]) and "80% 구간" in ko[2028]["nowcast_payment_text"]
    own = client.post("/api/v1/schedule", json={"agreement": "sma-12", "overrides": {"cpi": {"2026": 3.0}}}).json()["rows"]
    assert all("nowcast" not in r for r in own)
    # the History page says it under its table, in the reader's language
    page = client.get("/", params={"lang": "ko"}).text
    note = page[page.index('class="note nowcast" data-year="2028"'):]
    assert "2026년 12개월 중 2개월 공표" in note[:400] and "80% 구간" in note[:400]
