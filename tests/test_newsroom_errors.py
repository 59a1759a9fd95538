"""Amounts typed the newsroom way are read everywhere an amount is typed (the CLI, the web API's
simulations, room offers, blind bids, practice), and a wrong value is named as the reader sees the
field ("2030년 기준 금액", "first-year total"), never by its request path alone (the path stays in
`where`, for machines)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from burdenshare.web.app import create_app

CASE = "sma-11-talks"
_BESIDE = Path(sys.executable).parent / "burdenshare"
EXE = str(_BESIDE) if _BESIDE.exists() else shutil.which("burdenshare")


@pytest.fixture
def client(database_url):
    with TestClient(create_app(database_url), raise_server_exceptions=False) as c:
        yield c


def _paths_in(text: str) -> bool:
    return any(p in text for p in ("prob_above", "package.", "first_year", "prob_total_above"))


@pytest.mark.parametrize("amount", ["1조7천억", "1조 7천억원", "1.7조원", "17,000억원", "1조7000억", "약 1.7조", "1.7 trillion", "1.7tn"])
def test_a_simulation_reads_a_newsroom_threshold(client, amount):
    r = client.post("/api/v1/simulations", json={"target": "sma-12", "paths": 200, "prob_above": [[2030, amount]]})
    assert r.status_code == 202, r.text


@pytest.mark.parametrize("lang,field", [("ko", "2030년 기준 금액"), ("en", "threshold for 2030")])
def test_a_wrong_threshold_is_named_as_the_reader_sees_it(client, lang, field):
    r = client.post(f"/api/v1/simulations?lang={lang}", json={"target": "sma-12", "paths": 200, "prob_above": [[2030, "1조조"]]})
    assert r.status_code in (400, 422), r.text
    body = r.json()
    assert body["where"] == "prob_above.0.1"  # for machines
    assert body["error"].startswith(field + ":") and body["field"] == field
    assert not _paths_in(body["error"])


@pytest.mark.parametrize("lang,field", [("ko", "첫해 총액"), ("en", "first-year total")])
def test_offers_bids_and_practice_read_newsroom_amounts_and_name_the_field(client, lang, field):
    room = client.post("/api/v1/rooms", json={"case": CASE, "blind_bidding": {"rounds": 3}}).json()
    rid, t = room["room"], room["tokens"]
    ok = client.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": "1조 1천억원"}, "round": 1}, headers={"x-token": t["kr"]})
    assert ok.status_code == 201, ok.text
    view = client.get(f"/api/v1/rooms/{rid}", headers={"x-token": t["kr"]}).json()
    assert view["offers"][0]["package"]["first_year"] == 1_100_000_000_000
    bad = client.post(f"/api/v1/rooms/{rid}/offers?lang={lang}", json={"package": {"first_year": "1조조"}}, headers={"x-token": t["us"]})
    assert bad.status_code in (400, 422)
    assert bad.json()["where"] == "package.first_year" and bad.json()["error"].startswith(field + ":"), bad.json()
    assert not _paths_in(bad.json()["error"])
    bid = client.post(f"/api/v1/rooms/{rid}/bids", json={"amount": "1조 1천억"}, headers={"x-token": t["kr"]})
    assert bid.status_code == 201, bid.text
    s = client.post("/api/v1/practice", json={"case": CASE, "tactic": {"kind": "boulware"}, "deadline": 4, "seed": 1}).json()
    a = client.post(f"/api/v1/practice/{s['room']}/offers", headers={"x-token": s["tokens"]["student"]},
                    json={"package": {"first_year": "1조500억"}})
    assert a.status_code == 201, a.text


def test_a_validation_error_names_the_field(client):
    r = client.post("/api/v1/simulations?lang=ko", json={"target": "sma-12", "paths": 0})
    assert r.status_code in (400, 422)
    assert r.json()["where"] == "paths" and r.json()["error"].startswith("경로 수:")


def _cli(*args):
    return subprocess.run([EXE, *args], check=False, capture_output=True, text=True, timeout=120)


def test_the_cli_reads_the_issues_threshold_and_names_a_wrong_one():
    import json

    for amount in ("1조7천억", "1조 7천억원"):
        ok = _cli("simulate", "sma-12", "--prob-above", f"2030={amount}", "--paths", "300", "--format", "json")
        assert ok.returncode == 0, ok.stderr
        probs = json.loads(ok.stdout)["probabilities"]
        assert probs and probs[0]["amount"] == 1_700_000_000_000, probs
    bad = _cli("--lang", "ko", "simulate", "sma-12", "--prob-above", "2030=1조조", "--paths", "300")
    assert bad.returncode == 2
    assert "--prob-above (2030년 기준 금액)" in bad.stderr and "prob_above" not in bad.stderr


@pytest.mark.parametrize("args", [("explain", "sma-12", "2027"), ("schedule", "sma-12"), ("history",), ("explain", "history", "2005")])
def test_english_amounts_never_use_korean_units(args):
    import re

    p = _cli(*args, "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert not re.search(r"\d억|\d조", p.stdout), [line for line in p.stdout.splitlines() if re.search(r"\d억|\d조", line)][:3]


def test_simulation_statistics_are_written_to_three_significant_figures():
    import json
    import re

    p = _cli("simulate", "sma-12", "--paths", "300", "--format", "json", "--lang", "ko")
    doc = json.loads(p.stdout)
    texts = [t["mean_text"] for t in doc["term"]] + [r["mean_host_text"] for r in doc["by_year"]]
    for text in texts:
        assert text.startswith("약 "), text
        digits = re.sub(r"\D", "", text.replace("조", "").replace("억", "").replace("만", ""))
        assert len(digits.rstrip("0")) <= 3, text
    assert doc["probabilities"] == [] or doc["probabilities"][0]["amount_text"]
