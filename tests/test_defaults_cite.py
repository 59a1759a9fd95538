"""Honest defaults, citations that hold, and the key numbers of every agreement (issue 17):
Compare's opening set and finding, the Uncertainty view's opening question (run once, shared),
Tournament's last finished table, --public-url in cite lines and embed codes, downloads of the claim
and tournament views, and the key numbers against the published figures and the engine."""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from burdenshare.analysis import scenarios as sc
from burdenshare.i18n import language
from burdenshare.model.catalog import catalog, host_ids
from burdenshare.ops import agreements, figures
from burdenshare.ops.common import validate
from burdenshare.present import findings
from burdenshare.web.app import create_app

_BESIDE = Path(sys.executable).parent / "burdenshare"
EXE = str(_BESIDE)
PUBLIC = "https://burdenshare.example.org"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "dc.db"
    with TestClient(create_app(f"sqlite:///{db}", public_url=PUBLIC + "/"), raise_server_exceptions=False) as c:
        yield c


def _wait(client, path, tries=240):
    for _ in range(tries):
        j = client.get(path).json()
        if j["status"] in ("done", "failed"):
            return j
        time.sleep(0.25)
    raise AssertionError(f"{path} did not finish")


# --- Compare: the opening set and its finding -------------------------------------------------------

def _largest(frame, col):
    v = frame[col].dropna()
    return int(v.max()) if len(v) else 0


@pytest.mark.parametrize("host", ["kr", "jp"])
def test_extreme_flag_follows_the_engine(host):
    """A scenario is marked extreme exactly when its largest yearly amount is three times the largest of
    its baseline agreement's years or more (docs/data.md)."""
    cat = catalog(host)
    col = "amount"
    for s in sc.bundled_scenarios(cat).values():
        res = figures.compare(validate(figures.CompareRequest, {"host": host, "baseline": s.baseline, "scenarios": [s.id]}))
        rows = res["rows"].frame
        scen = _largest(rows[rows["scenario"] == s.id], col)
        base = _largest(figures.schedule(validate(figures.ScheduleRequest, {"host": host, "agreement": s.baseline})).frame, col)
        assert (scen >= 3 * base) == (s.plausibility == "extreme"), (s.id, scen, base, s.plausibility)


def test_compare_opening_set_leaves_out_the_extremes(client):
    rows = client.get("/api/v1/scenarios?host=kr").json()["rows"]
    opening = {r["id"] for r in rows if r["baseline"] == "sma-12" and r["plausibility"] == "plausible"}
    extremes = {r["id"] for r in rows if r["plausibility"] == "extreme"}
    assert {"trump-10bn-a-year", "cost-plus-50", "us-demand-5bn"} <= extremes
    assert opening and not opening & extremes
    assert {"freeze-2025", "sma11-rule-to-2030"} <= opening
    # the page draws the extremes only when asked (no scenario id in its code)
    js = Path("src/burdenshare/web/static/compare.js").read_text(encoding="utf-8")
    assert 'r.plausibility !== "extreme"' in js
    for sid in extremes:
        assert sid not in js


PARTICLE_AFTER_QUOTE = re.compile(r"[\"'”’」][은는이가을를와과]|\(은\)|\(는\)|\(이\)|\(가\)|\(을\)|\(를\)")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compare_finding_names_the_comparison(lang):
    plausible = [s.id for s in sc.bundled_scenarios(catalog("kr")).values() if s.baseline == "sma-12" and s.plausibility == "plausible"]
    with language(lang):
        res = figures.compare(validate(figures.CompareRequest, {"baseline": "sma-12", "scenarios": plausible}))
        text = findings.compare(res)
        one = findings.compare(figures.compare(validate(figures.CompareRequest, {"baseline": "sma-12", "scenarios": ["freeze-2025"]})))
    titles = res.meta["titles"]
    assert text.startswith("Over 2026-2030, the 12th Special Measures Agreement comes to" if lang == "en"
                           else "2026~2030년 제12차 방위비분담특별협정 총액 ")
    assert titles["freeze-2025"] in text  # the lowest of the plausible ones
    assert str(len(plausible)) in text
    for t in (text, one):
        assert not PARTICLE_AFTER_QUOTE.search(t), t
        assert "{" not in t and t.endswith(".")
    if lang == "ko":
        assert "최저" in text and "최고" in text and "기준 대비" in one
    else:
        assert "the lowest is" in text and "against it" in one


# --- Uncertainty: the opening question, run once and shared ---------------------------------------------

def test_uncertainty_opens_with_the_default_question_computed_once(client):
    d = client.get("/api/v1/simulations/default?lang=ko").json()
    assert d["request"]["target"] == "sma-12"
    assert d["request"]["prob_above"] == [[2030, 1_700_000_000_000]]
    assert d["prob_above_text"] == [[2030, "1조 7,000억원"]]
    j = _wait(client, f"/api/v1/simulations/{d['job']}?lang=ko")
    assert j["status"] == "done"
    p = j["result"]["probabilities"][0]
    assert p["year"] == 2030 and p["amount"] == 1_700_000_000_000 and 0 < p["probability"] < 1
    assert "2030년" in j["result"]["findings"][0]
    again = client.get("/api/v1/simulations/default?lang=ko").json()
    assert again["job"] == d["job"] and again["status"] == "done"  # kept, not run again
    assert client.get("/api/v1/simulations/default?lang=en").json()["job"] != d["job"]  # its texts are in another language


# --- Tournament: the last finished one ----------------------------------------------------------------

def test_tournament_opens_with_the_last_finished_and_downloads(client):
    r = client.get("/api/v1/tournaments/latest?lang=en")
    assert r.status_code == 200 and r.json()["status"] in ("none", "done")
    job = client.post("/api/v1/tournaments", json={"cases": ["sma-11-talks"], "seeds": 2}).json()["job"]
    assert _wait(client, f"/api/v1/tournaments/{job}")["status"] == "done"
    latest = client.get("/api/v1/tournaments/latest").json()
    assert latest["job"] == job and latest["result"]["leaderboard"]
    csv = client.get(f"/api/v1/tournaments/{job}.csv")
    assert csv.status_code == 200 and csv.text.lstrip("\ufeff").startswith("rank,tactic")
    assert client.get(f"/api/v1/tournaments/{job}.xlsx").status_code == 200
    assert client.get(f"/api/v1/tournaments/{'0' * 32}.csv").status_code == 404
    page = client.get("/tournament?lang=en").text
    assert 'id="dl-csv"' in page and 'id="cite"' in page


def test_claim_detail_has_downloads(client):
    for ext in ("csv", "xlsx", "txt"):
        r = client.get(f"/api/v1/claims/trump-10bn-2025.{ext}?host=kr")
        assert r.status_code == 200, r.text
    assert client.get("/api/v1/claims/trump-10bn-2025.csv").text.lstrip("\ufeff").startswith("year,")
    assert client.get("/api/v1/claims/no-such-claim.csv").status_code == 404
    page = client.get("/claims/trump-10bn-2025?lang=en").text
    assert 'id="dl-csv"' in page and 'id="dl-xlsx"' in page and 'id="cite-text"' in page


def test_every_table_page_has_downloads_a_link_and_a_cite_line(client):
    for path in ("/claims?lang=en", "/negotiation?lang=en", "/tournament?lang=en", "/claims/trump-10bn-2025?lang=en",
                 "/agreements/sma-12?lang=en", "/compare?lang=en", "/uncertainty?lang=en", "/?lang=en", "/ledger?lang=en"):
        page = client.get(path).text
        assert 'id="dl-csv"' in page and 'id="dl-xlsx"' in page and 'id="copy-link"' in page, path
        assert 'id="cite-text"' in page or 'id="key-cite"' in page, path
    for path in ("/api/v1/claims.csv", "/api/v1/claims.xlsx", "/api/v1/replay.csv", "/api/v1/replay.xlsx"):
        assert client.get(path).status_code == 200, path


# --- citations: the public address -------------------------------------------------------------------

def test_public_url_reaches_the_page_the_embed_and_the_downloads(client):
    page = client.get("/compare?lang=ko").text
    assert f'data-public-url="{PUBLIC}"' in page
    embed = client.get("/embed/compare?baseline=sma-12&scenarios=freeze-2025,cpi-shock&theme=dark").text
    assert f'href="{PUBLIC}/compare?baseline=sma-12&amp;scenarios=freeze-2025,cpi-shock"' in embed
    txt = client.get("/api/v1/history.txt", params={"lang": "en", "cite": f"{PUBLIC}/?measure=amount_dollars&lang=en"}).text
    assert f"{PUBLIC}/?measure=amount_dollars&lang=en" in txt
    txt = client.get("/api/v1/history.txt", params={"lang": "en", "cite": "http://testserver/?lang=en"}).text
    assert f"{PUBLIC}/?lang=en" in txt and "testserver" not in txt
    # the script builds the cite line and the embed code from the page's public address
    js = Path("src/burdenshare/web/static/common.js").read_text(encoding="utf-8")
    assert "dataset.publicUrl" in js and "url: shareUrl()" in js and "<iframe src=" in js


@pytest.mark.parametrize("bad", ["ftp://example.org", "https://example.org/?a=1", "example.org", "https://", "https://ex ample.org",
                                 "https://example.org/#x"])
def test_a_bad_public_url_is_refused(bad):
    p = subprocess.run([EXE, "serve", "--public-url", bad, "--port", "1"], check=False, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2, p.stderr
    assert "--public-url" in p.stderr


def test_public_url_from_the_environment_is_checked():
    import os

    env = {**os.environ, "BURDENSHARE_PUBLIC_URL": "not a url"}
    p = subprocess.run([EXE, "serve", "--port", "1"], check=False, capture_output=True, text=True, timeout=60, env=env)
    assert p.returncode == 2 and "--public-url" in p.stderr
    help_text = subprocess.run([EXE, "serve", "--help"], check=False, capture_output=True, text=True, timeout=60).stdout
    assert "--public-url" in help_text and "BURDENSHARE_PUBLIC_URL" in help_text


# --- key numbers ------------------------------------------------------------------------------------

def _every_agreement():
    return [(h, a) for h in host_ids() for a in catalog(h).host.agreements]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("host,agreement", _every_agreement())
def test_key_numbers_match_the_published_figures_and_the_engine(host, agreement, lang):
    cat = catalog(host)
    a = cat.agreements[agreement]
    with language(lang):
        k = agreements.key_numbers(validate(agreements.KeyNumbersRequest, {"host": host, "agreement": agreement}))
        sched = figures.schedule(validate(figures.ScheduleRequest, {"host": host, "agreement": agreement})).frame
    assert (k.term_start, k.term_end, k.signed) == (a.term.start, a.term.end, a.signed)
    published = [p for p in cat.published if p.year == a.term.start and p.role == "primary"]
    for p in published:
        if p.currency == cat.host.currency:
            assert k.first_year_total == p.amount, (agreement, k.first_year_total, p.amount)
    assert {(p.amount, p.currency) for p in published} == {(p.amount, p.currency) for p in k.first_year_published}
    import pandas as pd

    amounts = [None if pd.isna(v) else int(v) for v in sched["amount"]]
    if None in amounts:
        assert k.term_total is None and k.unknown_years
    else:
        assert k.term_total == sum(amounts)
    assert k.term_known_total == sum(v for v in amounts if v is not None)
    if k.first_year_total is None:
        assert sched.loc[sched["year"] == a.term.start, "amount"].isna().all()
    unknown = "unknown" if lang == "en" else "미상"
    if a.signed is None:
        assert k.signed_text == unknown
    assert k.summary.endswith(".") and k.title in k.summary
    assert not PARTICLE_AFTER_QUOTE.search(k.summary)
    if lang == "ko":
        assert "signed" not in k.summary and "covers" not in k.summary and "유효기간" in k.summary


def test_key_numbers_of_the_12th_sma():
    with language("ko"):
        k = agreements.key_numbers(validate(agreements.KeyNumbersRequest, {"agreement": "sma-12"}))
    assert k.first_year_total == 1_519_200_000_000 and k.cap_pct == [5.0] and k.projected_years == [2028, 2029, 2030]
    assert k.summary.startswith("제12차 방위비분담특별협정(2024년 11월 4일 서명) 유효기간 2026~2030년: 2026년 1조 5,192억원, 이후 매년 전전년도")
    assert "(연 상한 5%)" in k.summary


def test_key_numbers_json_api_page_and_downloads(client):
    r = client.get("/api/v1/agreements/sma-12/key-numbers?lang=en")
    assert r.status_code == 200
    k = r.json()
    assert k["first_year_total"] == 1_519_200_000_000 and k["cite"].count(f"{PUBLIC}/agreements/sma-12?lang=en") == 1
    schema = client.get("/openapi.json").json()
    op = schema["paths"]["/api/v1/agreements/{agreement}/key-numbers"]["get"]
    assert op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/KeyNumbers")
    assert client.get("/api/v1/agreements/..%2F..%2Fetc%2Fpasswd/key-numbers").status_code in (404, 422)
    assert client.get("/api/v1/agreements/sma-99/key-numbers").status_code == 404
    for ext in ("csv", "xlsx"):
        assert client.get(f"/api/v1/agreements/sma-12/key-numbers.{ext}").status_code == 200
    page = client.get("/agreements/sma-12?lang=ko").text
    assert "핵심 수치" in page and 'id="key-summary"' in page and f"{PUBLIC}/agreements/sma-12?lang=ko" in page
    assert 'id="dl-csv"' in page
    history = client.get("/?lang=ko").text
    assert 'id="key-numbers"' in history
    assert client.get("/agreements/sma-99").status_code == 404


def test_key_numbers_cli_in_korean():
    p = subprocess.run([EXE, "key-numbers", "sma-12", "--lang", "ko"], check=False, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    for text in ("핵심 수치", "유효기간", "1조 5,192억원", "연 5%", "요약:", "인용 표기:", "데이터 버전"):
        assert text in p.stdout
    j = subprocess.run([EXE, "key-numbers", "sma-12", "--format", "json"], check=False, capture_output=True, text=True, timeout=120)
    import json

    assert json.loads(j.stdout)["term_total"] == 7_921_600_000_000
    bad = subprocess.run([EXE, "key-numbers", "../../etc/passwd"], check=False, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "AGREEMENT" in bad.stderr


def test_key_numbers_python_api():
    import burdenshare as bs

    k = bs.key_numbers("sma-12")
    assert k.first_year_total == 1_519_200_000_000
