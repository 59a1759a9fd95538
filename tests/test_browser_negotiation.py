"""End-to-end in a real browser (Debian's Chromium): two parties set their preferences by form only,
trade offers and agree; post-settlement proposals appear to both, and nothing either party's browser
receives (every response, every page) carries the other party's utilities or preferences; a
blind-bidding round closes by the stated rule; a student plays against a Boulware agent and gets a
debrief with the frontier. Screenshots are written into tmp_path only (docs/screenshots is written by
scripts/screenshots_negotiation.py)."""

import contextlib
import json

import httpx
from browser_support import need_chromium

need_chromium()  # the module skips without Chromium (CI fails instead)

from playwright.sync_api import expect  # noqa: E402


def _context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    responses = []
    errors = []
    ctx.on("response", lambda r: responses.append(r))  # noqa: PLW0108 - Playwright marks the handler with an attribute, which a bound builtin method cannot take
    pg = ctx.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, pg, responses, errors


def _bodies(responses, pages) -> str:
    out = []
    for r in responses:
        if "/static/" in r.url:
            continue
        with contextlib.suppress(Exception):
            out.append(r.text())
    out += [p.content() for p in pages]
    return "\n".join(out)


def _open_links(server, page, blind=False):
    page.goto(server + "/negotiation")
    page.wait_for_selector("body[data-ready]")
    page.select_option("#case", "sma-11-talks")
    if blind:
        page.check("#blind")
        page.select_option("#blind-rule", "split_difference")
    before = {a.get_attribute("data-room") for a in page.locator("a.room-link").all()}
    page.click("#create")
    rid = None
    for _ in range(100):
        new = [a.get_attribute("data-room") for a in page.locator("a.room-link").all()]
        new = [r for r in new if r not in before]
        if new:
            rid = new[0]
            break
        page.wait_for_timeout(100)
    group = page.locator(f"a.room-link[data-room='{rid}']")
    expect(group).to_have_count(3)
    return {a.get_attribute("data-who"): a.get_attribute("href") for a in group.all()}


def _set(pg, field, value):
    pg.fill(field, str(value))


def test_two_parties_by_form_agree_post_settlement_without_leaks_and_blind_bidding(server, browser, tmp_path):
    ctx0, page, _r, errors0 = _context(browser)
    links = _open_links(server, page)
    assert set(links) == {"facilitator", "kr", "us"}
    page.reload()  # the links survive a reload, each with a copy button and the warning that a party's link is a secret
    expect(page.locator("a.room-link")).to_have_count(3)
    expect(page.locator("button.copy")).to_have_count(3)
    expect(page.locator(".secret").first).to_contain_text("key")
    sides = {}
    for who in ("kr", "us"):
        ctx, pg, responses, errors = _context(browser)
        pg.goto(server + links[who])
        expect(pg.locator("#you")).to_have_attribute("data-party", who)
        expect(pg.locator("#weights input[type=number]").first).to_be_visible()
        sides[who] = (ctx, pg, responses, errors)
    kr, us = sides["kr"][1], sides["us"][1]
    # kr: weights by sliders (typed in their boxes), a value per option, the reservation as an amount in words
    for k, x in {"money": 60, "escalation": 0, "cap": 0, "term": 0, "labour_floor": 20, "scope": 20}.items():
        _set(kr, f"#wn-{k}", x)
    expect(kr.locator("#weights-sum")).to_have_text("100")
    for k, x in enumerate((100, 0)):
        _set(kr, f"#vn-scope-{k}", x)
    for k, x in enumerate((0, 70, 100)):
        _set(kr, f"#vn-labour_floor-{k}", x)
    _set(kr, "#reservation-amount", "1.6 trillion")
    expect(kr.locator("#preview tr")).to_have_count(8)  # header + the case's seven public offers, valued live
    kr.click("#save-prefs")
    expect(kr.locator("#prefs-status")).to_have_text("saved")
    # us: pairwise ratings, a straight line for the term, the reservation as a utility
    us.check("#wmode-pairwise")
    us.select_option("#pw-money--scope", str(5))
    us.select_option("#pw-money--labour_floor", str(3))
    us.select_option("#pw-money--escalation", str(9))
    us.select_option("#shape-term", "decreasing")
    for k, x in enumerate((0, 100)):
        _set(us, f"#vn-scope-{k}", x)
    us.check("#rmode-utility")
    _set(us, "#reservation-utility", 12)
    expect(us.locator("#checks")).to_contain_text("Consistency ratio")
    us.click("#save-prefs")
    expect(us.locator("#prefs-status")).to_have_text("saved")
    # offers, in words and the language's money format
    _set(kr, "#issue-first_year", "1.1 trillion")
    expect(kr.locator("#offer-words")).to_contain_text("KRW 1,100 billion in the first year")
    kr.click("#send-offer")
    expect(kr.locator("#offer-status")).to_have_text("sent")
    _set(us, "#issue-first_year", "1.5 trillion")
    us.select_option("#issue-scope", label="included")
    us.click("#send-offer")
    expect(us.locator("#offer-status")).to_have_text("sent")
    kr.reload()
    expect(kr.locator("#offers")).to_contain_text("KRW 1,500 billion")
    expect(kr.locator("#gap .main-svg").first).to_be_visible()
    kr.click("button.accept-offer")
    expect(kr.locator("#deal")).to_contain_text("offer no. 2 accepted")
    # post-settlement proposals appear to both
    expect(kr.locator("#proposals button.ps").first).to_be_visible()
    us.reload()
    expect(us.locator("#proposals button.ps").first).to_be_visible()
    n = kr.locator("#proposals tr").count() - 1
    assert n >= 1
    shot_dir = tmp_path
    kr.screenshot(path=str(shot_dir / "room.png"), full_page=True)
    kr.click("#proposals button.ps[data-p='1'][data-a='1']")
    expect(kr.locator("#proposals")).to_contain_text("accepted")
    us.click("#proposals button.ps[data-p='1'][data-a='1']")
    expect(us.locator("#ps-status")).to_contain_text("Both parties accepted proposal 1")
    kr.reload()
    expect(kr.locator("#final")).to_contain_text("Final:")
    _assert_no_leaks(server, links, sides)
    for ctx, *_rest in sides.values():
        ctx.close()
    _blind_bidding(server, browser, page)
    ctx0.close()
    assert not errors0, errors0


def _assert_no_leaks(server, links, sides):
    """The facilitator sees both sides; what each party received never carries the other's utilities."""
    rid = links["facilitator"].split("/room/")[1].split("#")[0]
    fac = httpx.get(f"{server}/api/v1/rooms/{rid}", headers={"x-token": links["facilitator"].split("token=")[1]}).json()
    utilities = {p: [] for p in ("kr", "us")}
    for o in [fac["deal"], *fac["post_settlement"]["proposals"]]:
        for p, u in o["utilities"].items():
            utilities[p].append(u)
    secrets = {"kr": [json.dumps(fac["preferences"]["kr"]["reservation"]["package"]["first_year"])],
               "us": ["0.12", json.dumps(fac["preferences"]["us"]["weights"]["money"])]}
    for who, other in (("kr", "us"), ("us", "kr")):
        _ctx, pg, responses, errors = sides[who]
        text = _bodies(responses, [pg])
        assert len(responses) > 10
        for u in utilities[other]:
            assert json.dumps(u) not in text and json.dumps(round(u, 6)) not in text, (who, u)
        for s in secrets[other]:
            assert s not in text, (who, s)
        for key in ({"kr": "utility_payer", "us": "utility_payee"}[other], f"utility_{other}", '"utilities"', '"preferences":', '"responses"', '"bids"'):
            assert key not in text, (who, key)
        assert not errors, errors


def _blind_bidding(server, browser, page):
    """Blind bidding: a round closes by the stated rule (split the difference)."""
    links = _open_links(server, page, blind=True)
    bidders = {}
    for who in ("kr", "us"):
        ctx, pg, responses, _errors = _context(browser)
        pg.goto(server + links[who])
        expect(pg.locator("#blind-section")).to_be_visible()
        bidders[who] = (ctx, pg, responses)
    kr, us = bidders["kr"][1], bidders["us"][1]
    kr.fill("#bid", "1.2 trillion")
    kr.click("#send-bid")
    expect(kr.locator("#blind-status")).to_contain_text("waiting for the other party")
    us.fill("#bid", "1.45 trillion")
    us.click("#send-bid")
    expect(us.locator("#blind-results")).to_contain_text("no")
    expect(us.locator("#blind-status")).to_contain_text("Rounds left: 4")
    kr.reload()
    kr.fill("#bid", "1.4 trillion")
    kr.click("#send-bid")
    us.reload()
    us.fill("#bid", "1.3 trillion")
    us.click("#send-bid")
    expect(us.locator("#deal")).to_contain_text("KRW 1,350 billion in the first year")
    expect(us.locator("#deal")).to_contain_text("blind bidding")
    kr.reload()
    expect(kr.locator("#deal")).to_contain_text("KRW 1,350 billion")
    for who, other_bids in (("kr", ("1450000000000", "1300000000000")), ("us", ("1200000000000", "1400000000000"))):
        ctx, pg, responses = bidders[who]
        text = _bodies(responses, [pg])
        for b in other_bids:
            assert b not in text and b[:-9] + " billion" not in text.replace(",", ""), (who, b)
        ctx.close()


def test_a_student_plays_against_a_boulware_agent_and_gets_a_debrief(server, browser, tmp_path):
    ctx, page, _r, errors = _context(browser)
    page.goto(server + "/negotiation")
    page.wait_for_selector("body[data-ready]")
    page.select_option("#p-case", "sma-11-talks")
    page.select_option("#p-student", "kr")
    page.select_option("#p-tactic", "boulware")
    page.fill("#p-deadline", "3")
    page.click("#p-create")
    student = page.locator("a.room-link[data-who='student']").first
    expect(student).to_be_visible()
    href = student.get_attribute("href")
    page.goto(server + href)
    expect(page.locator("#offers tr")).to_have_count(2)  # the agent opened
    expect(page.locator("#offers td[data-col=words].words")).to_have_count(1)  # a long package text wraps
    expect(page.locator("#status")).to_contain_text("Round 1 of 3")
    for amount in ("1 trillion", "1.1 trillion", "1.2 trillion"):
        page.fill("#issue-first_year", amount)
        page.click("#send-offer")
        page.wait_for_timeout(300)
        if page.locator("#debrief").is_visible():
            break
    expect(page.locator("#debrief")).to_be_visible()
    expect(page.locator("#debrief-summary")).to_contain_text("Boulware")
    expect(page.locator("#plane .main-svg").first).to_be_visible()
    expect(page.locator("#plane")).to_contain_text("Pareto frontier")
    expect(page.locator("#solutions")).to_contain_text("Nash")
    page.screenshot(path=str(tmp_path / "debrief.png"), full_page=True)
    ctx.close()
    assert not errors, errors


def test_the_tournament_page_runs_a_job_and_shows_the_leaderboard(server, browser):
    ctx, page, _r, errors = _context(browser)
    page.goto(server + "/tournament")
    page.wait_for_selector("body[data-ready]")
    page.fill("#seeds", "5")
    page.click("#run")
    expect(page.locator("#board tr")).to_have_count(5, timeout=60_000)  # header + four tactics
    expect(page.locator("#state")).to_contain_text("160 games")
    expect(page.locator("#pairs .main-svg").first).to_be_visible()
    ctx.close()
    assert not errors, errors


def test_korean_rooms_and_practice_show_no_english(server, browser):
    """A room played to a deal (preferences entered, blind bids, offers, post-settlement proposals)
    and practice sessions up to the debrief, on Korea's and Japan's cases, seen in Korean by each
    party and the facilitator: the case's texts (issue titles, option labels, party names, bases)
    and the facilitator's view are in Korean."""
    from test_browser import english_words

    c = httpx.Client(base_url=server, timeout=60)
    kr_prefs = {"weights": {"money": 0.5, "scope": 0.3, "labour_floor": 0.2},
                "values": {"scope": {"excluded": 1, "included": 0}, "labour_floor": {"75": 0, "85": 0.6, "87": 1}},
                "reservation": {"package": {"first_year": "1조 3,000억"}}, "discount_rate": 3}
    us_prefs = {"weights": {"money": 0.45, "scope": 0.35, "labour_floor": 0.2},
                "values": {"scope": {"excluded": 0.1, "included": 0.9}, "labour_floor": {"75": 0.8, "85": 0.5, "87": 0.2}},
                "reservation": {"utility": 0.2}, "discount_rate": 1}
    room = c.post("/api/v1/rooms", json={"case": "sma-11-talks", "blind_bidding": {"rule": "split_difference", "rounds": 3}}).json()
    rid, tok = room["room"], room["tokens"]

    def act(who, path, body, method="post"):
        r = getattr(c, method)(f"/api/v1/rooms/{rid}{path}", headers={"x-token": tok[who]}, json=body)
        assert r.status_code in (200, 201), r.text

    act("kr", "/parties/kr/preferences", kr_prefs, "put")
    act("us", "/parties/us/preferences", us_prefs, "put")
    act("kr", "/bids", {"amount": 1_300_000_000_000})
    act("us", "/bids", {"amount": 1_900_000_000_000})
    act("kr", "/offers", {"package": {"first_year": 1_100_000_000_000}})
    act("us", "/offers", {"package": {"first_year": 1_500_000_000_000, "scope": "included"}})
    act("kr", "/accept", {"offer": 2})
    urls = [f"/room/{rid}?lang=ko#token={t}" for t in tok.values()]
    jp = c.post("/api/v1/rooms", json={"case": "jp-sma-2027-talks", "host": "jp"}).json()
    urls += [f"/room/{jp['room']}?lang=ko#token={t}" for t in jp["tokens"].values()]
    for case, host in (("sma-11-talks", "kr"), ("jp-sma-2027-talks", "jp")):
        s = c.post("/api/v1/practice", json={"case": case, "host": host, "tactic": {"kind": "conceder"}, "deadline": 2, "seed": 1}).json()
        fy = next(i for i in c.get(f"/api/v1/practice/{s['room']}", headers={"x-token": s["tokens"]["student"]}).json()["issues"]
                  if i["kind"] == "first_year")
        for _ in range(2):
            c.post(f"/api/v1/practice/{s['room']}/offers", headers={"x-token": s["tokens"]["student"]},
                   json={"package": {fy["id"]: fy["min"]}})
        urls += [f"/practice/{s['room']}?lang=ko#token={t}" for t in s["tokens"].values()]
    ctx, page, _r, errors = _context(browser)
    leftovers = {}
    for k, url in enumerate(urls):
        page.goto("about:blank")
        page.goto(server + url)
        page.wait_for_function("document.getElementById('title') && document.getElementById('title').textContent.length > 0")
        page.wait_for_load_state("networkidle")
        assert page.get_attribute("html", "lang") == "ko"
        if k == 0:  # the facilitator of the room played to a deal: preferences, bids and proposals in words
            expect(page.locator("#facilitator")).to_contain_text("가중치")
            expect(page.locator("#blind-results")).to_contain_text("대한민국")
            expect(page.locator("#proposals tbody tr").first).to_be_visible()
        words = english_words(page)
        if words:
            leftovers[f"{k}: {url.split('#')[0]}"] = sorted(words)
    expect(page.locator("#debrief")).to_be_visible()  # the last session ended: its debrief was checked too
    ctx.close()
    assert not leftovers, leftovers
    assert not errors, errors
