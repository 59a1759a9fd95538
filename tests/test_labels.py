"""The labelling layer: every code and key a reader could meet has a name in both languages, and
every download carries its data dictionary."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from burdenshare.i18n import LANGUAGES, language
from burdenshare.model.catalog import catalog
from burdenshare.present import labels

EXE = str(Path(sys.executable).with_name("burdenshare"))
SNAKE = re.compile(r"[a-z]+_[a-z]+")
HOSTS = ("kr", "jp")


def readable(name: str) -> bool:
    return bool(name and name.strip()) and not SNAKE.search(name)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    p = subprocess.run([EXE, *args], check=False, capture_output=True, text=True, cwd=cwd)
    assert p.returncode == 0, p.stderr
    return p


@pytest.mark.parametrize("host", HOSTS)
def test_every_series_has_a_name_and_unit_in_both_languages(host):
    cat = catalog(host)
    for name in cat.book.names:
        for lang in LANGUAGES:
            assert readable(labels.series_name(cat, name, lang)), (name, lang)
            assert labels.series_unit(cat, name, lang), (name, lang)
    assert labels.series_name(cat, "kr_cpi_inflation" if host == "kr" else "jp_cpi_inflation", "ko") == "소비자물가상승률"
    if host == "kr":
        assert labels.assumption(cat, "kr_cpi_inflation", 2026, "ko") == "소비자물가상승률 2026 (%)"
        assert labels.assumption(cat, "cpi", 2026, "en") == "Consumer price inflation 2026 (%)"  # a role names its series


def test_every_scenario_tactic_status_and_publisher_has_a_name_in_both_languages():
    from typing import get_args

    from burdenshare.analysis.negotiation.simulate import TacticKind
    from burdenshare.analysis.scenarios import bundled_scenarios
    from burdenshare.i18n.vocabulary import vocabulary
    from burdenshare.model.series import STATUSES

    for host in HOSTS:
        cat = catalog(host)
        for sid, s in bundled_scenarios(cat).items():
            for lang in LANGUAGES:
                from burdenshare.i18n import localized

                title = localized(s.title, lang)
                assert readable(labels.scenario(sid, {sid: title}, lang)), (sid, lang)
        for s in cat.sources.values():
            for lang in LANGUAGES:
                assert readable(labels.publisher(s, lang)), (s.id, lang)
    for lang in LANGUAGES:
        assert readable(labels.scenario("baseline", {"baseline": "12th Special Measures Agreement"}, lang))
        assert readable(labels.scenario("baseline", {}, lang))
        for kind in get_args(TacticKind):
            assert readable(labels.tactic(kind, lang)) and (lang == "en" or labels.tactic(kind, lang) != kind), (kind, lang)
        for code in {*STATUSES, *vocabulary()["status"]}:
            assert readable(labels.status(code, lang)), (code, lang)
    assert [labels.tactic(k, "ko") for k in ("boulware", "conceder", "linear", "tit_for_tat")] == ["볼웨어", "양보형", "선형", "맞대응"]
    assert labels.publisher(catalog("kr").sources["hani-2005-04-26"], "ko") == "한겨레(연합뉴스)"
    assert labels.scenario("baseline", {}, "ko") == "기준 전망(서명된 협정)"


def _downloads():
    """Every table a download holds (history, schedules, comparison, hosts, ledger, simulation)."""
    import pandas as pd

    from burdenshare.ops import figures, hosts, ledger, uncertainty
    from burdenshare.ops.common import validate

    out = []
    for host, agreement in (("kr", "sma-12"), ("kr", "sma-09"), ("jp", "jp-sma-2022")):
        out.append((figures.history(validate(figures.HistoryRequest, {"host": host})).frame, host))
        out.append((figures.schedule(validate(figures.ScheduleRequest, {"host": host, "agreement": agreement})).frame, host))
        led = ledger.ledger(validate(ledger.LedgerRequest, {"host": host}))
        out += [(led[k].frame, host) for k in ("ledger", "items", "checks")]
        out.append((ledger.execution(validate(ledger.ExecutionRequest, {"host": host})).frame, host))
    res = figures.compare(validate(figures.CompareRequest, {"baseline": "sma-12", "scenarios": ["us-demand-5bn", "freeze-2025"]}))
    out += [(res["rows"].frame, "kr"), (res["totals"].frame, "kr")]
    out.append((hosts.hosts(validate(hosts.HostsRequest, {})).frame, "kr"))
    sim = uncertainty.simulate(validate(uncertainty.SimulationRequest, {"target": "us-demand-5bn", "paths": 100,
                                                                         "prob_above": [[2030, "1.7조"]]}))
    out += [(sim.by_year.frame, "kr"), (sim.term.frame, "kr"), (pd.DataFrame(sim.probabilities), "kr")]
    return out


def test_every_exported_column_has_a_name_in_both_languages():
    seen = 0
    for df, host in _downloads():
        cur = catalog(host).host.currency
        for key in df.columns:
            assert labels.known_column(key, cur), key
            for lang in LANGUAGES:
                name = labels.column(key, cur, lang)
                assert readable(name), (key, lang, name)
            seen += 1
    assert seen > 100
    assert labels.column("amount", "KRW", "ko") == "분담금 (원)"
    assert labels.column("amount", "KRW", "en") == "Contribution (won)"
    assert labels.column("amount_dollars", "KRW", "ko") == "분담금 (달러)"  # one unit, not 분담금 (달러) (달러)


def test_history_finding_in_korean_names_the_series_not_its_id():
    from burdenshare.ops import figures
    from burdenshare.ops.common import validate
    from burdenshare.present import findings

    with language("ko"):
        text = findings.history(figures.history(validate(figures.HistoryRequest, {})))
    assert not SNAKE.search(text), text
    assert "(전망: 2028년 소비자물가상승률 2.0% 가정)" in text


def test_explain_in_korean_has_the_korean_rule_note_and_your_input():
    from burdenshare.ops import explain as ex
    from burdenshare.ops.common import validate
    from burdenshare.present.explain import lines

    with language("ko"):
        doc = ex.explain(validate(ex.ExplainRequest, {"agreement": "sma-12", "year": 2028, "overrides": {"cpi": {2026: 3.0}}})).model_dump()
        text = "\n".join(lines(doc))
    assert "연 5% 상한" in doc["rule"]["note"] and "upper limit" not in doc["rule"]["note"]
    assert "user override" not in text and "사용자 입력" in text
    assert doc["inputs"][0]["source"]["title"] == "사용자 입력"
    assert "외교부" in text  # the publisher in Korean
    assert not re.search(r"kr_cpi_inflation", text)


def test_cli_compare_in_korean_heads_its_columns_by_scenario_titles():
    out = run("compare", "sma-12", "us-demand-5bn", "--lang", "ko").stdout
    head = " ".join(out.replace("┃", " ").split())
    assert "기준 전망(서명된 제12차 방위비분담특별협정)" in head and "2019년 미국의 연 50억 달러 요구를" in head
    assert "us-demand-5bn" not in out and "baseline" not in out


def test_cli_tournament_names_tactics():
    out = run("negotiate", "tournament", "--seeds", "1", "--lang", "ko").stdout
    assert "맞대응" in out and "tit_for_tat" not in out


def test_csv_is_written_with_its_schema(tmp_path):
    run("history", "--format", "csv", "-o", "h.csv", cwd=tmp_path)
    assert (tmp_path / "h.csv").exists() and (tmp_path / "h.schema.json").exists()
    columns = next(csv.reader(io.StringIO((tmp_path / "h.csv").read_text(encoding="utf-8"))))
    assert "amount" in columns  # machine formats keep their keys
    schema = json.loads((tmp_path / "h.schema.json").read_text(encoding="utf-8"))
    fields = schema["schema"]["fields"]
    assert [f["name"] for f in fields] == columns
    for f in fields:
        assert readable(f["title"]) and readable(f["title:ko"]) and f["titles"]["en"] == f["title"], f
        assert f["type"] in ("string", "integer", "number", "boolean") and f["description"] and f["descriptions"]["ko"]
    amount = next(f for f in fields if f["name"] == "amount")
    assert amount["titles"] == {"en": "Contribution (won)", "ko": "분담금 (원)"} and amount["unit"] == "KRW" and amount["type"] == "integer"
    assert schema["path"] == "h.csv" and schema["sources"] and schema["burdenshare"]["data_version"]


def test_simulation_csv_schema_and_workbook_record_model_paths_and_seed(tmp_path):
    from burdenshare.ops.limits import DEFAULT_PATHS, DEFAULT_SEED
    from burdenshare.ops.uncertainty import SimulationRequest

    assert SimulationRequest(target="sma-12").paths == DEFAULT_PATHS and SimulationRequest(target="sma-12").seed == DEFAULT_SEED
    run("simulate", "sma-12", "--paths", "200", "--format", "csv", "-o", "s.csv", cwd=tmp_path)
    made = json.loads((tmp_path / "s.schema.json").read_text(encoding="utf-8"))["burdenshare"]
    assert made["simulation"]["paths"] == 200 and made["simulation"]["seed"] == DEFAULT_SEED
    assert made["simulation"]["model"]["kind"] == "var" and made["data_version"]
    run("simulate", "sma-12", "--paths", "200", "--format", "xlsx", "-o", "s.xlsx", "--lang", "ko", cwd=tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert "데이터 사전" in wb.sheetnames
    sources = list(wb["출처"].iter_rows(min_row=2, values_only=True))
    assert len(sources) > 3 and any(r[0] == "mofa-bonn-2024-10-04" for r in sources)
    about = {r[0]: r[1] for r in wb["정보"].iter_rows(values_only=True)}
    cite = next(v for k, v in about.items() if k == "인용 표기")
    assert "경로 200개" in cite and f"시드 {DEFAULT_SEED}" in cite and "데이터 버전" in cite
    doc = json.loads(run("simulate", "sma-12", "--paths", "200", "--format", "json").stdout)
    assert doc["meta"]["paths"] == 200 and doc["meta"]["seed"] == DEFAULT_SEED and doc["meta"]["model"]["kind"] == "var"
    assert doc["meta"]["data_version"] and doc["meta"]["sources"]


def test_history_workbook_has_the_dictionary_and_sources(tmp_path):
    run("history", "--format", "xlsx", "-o", "h.xlsx", cwd=tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "h.xlsx")
    assert "data dictionary" in wb.sheetnames and "sources" in wb.sheetnames
    rows = list(wb["data dictionary"].iter_rows(values_only=True))
    assert rows[0][:3] == ("column (key)", "name (English)", "name (Korean)")
    keys = {r[0]: r for r in rows[1:]}
    assert keys["amount"][1:4] == ("Contribution (won)", "분담금 (원)", "KRW")
    assert all(readable(r[1]) and readable(r[2]) and r[5] for r in rows[1:])
    header = [c.value for c in wb["history"][1]]
    assert not any(SNAKE.search(h) for h in header), header
    assert len(list(wb["sources"].iter_rows(min_row=2))) > 5


def test_web_offers_the_schema_beside_the_csv_and_names_sources(tmp_path):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'w.db'}", jobs=False)) as c:
        for path in ("/api/v1/history", "/api/v1/schedule/sma-12"):
            r = c.get(f"{path}.schema.json", params={"lang": "ko"})
            assert r.status_code == 200, r.text
            fields = r.json()["schema"]["fields"]
            header = next(csv.reader(io.StringIO(c.get(f"{path}.csv").content.decode("utf-8-sig"))))
            assert [f["name"] for f in fields] == header and all(f["title:ko"] for f in fields)
        h = c.get("/api/v1/history", params={"lang": "ko"}).json()
        row = next(r for r in h["rows"] if r["year"] == 2026)
        assert row["source_text"].startswith("외교부") and "2024-10-04" in row["source_text"]
        s = c.post("/api/v1/schedule?lang=ko", json={"agreement": "sma-12"}).json()
        assert next(r for r in s["rows"] if r["year"] == 2028)["index_label"] == "소비자물가상승률 2026 (%)"
        page = c.get("/?lang=ko").text
        assert "dl-schema" in page and "mofa-bonn-2024-10-04</td>" not in page
        e = c.get("/api/v1/explain", params={"agreement": "sma-12", "year": 2027, "lang": "ko"}).json()
        assert e["rule"]["source"]["publisher_text"] == "외교부(재외공관 게시본)"
