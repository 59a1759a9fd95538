"""Every figure explained from the engine's own detail, and downloads that carry their provenance."""

import io
import subprocess
from fractions import Fraction

import openpyxl
import pandas as pd
import pytest
from test_cli import EXE

import burdenshare as bs
from burdenshare.i18n.money import Money
from burdenshare.ops.common import validate
from burdenshare.ops.explain import ExplainRequest, explain


def _round_half_up(exact: Fraction, unit: int) -> int:
    return int((exact / unit + Fraction(1, 2)) // 1) * unit


def _check(trace: dict) -> None:
    assert trace["exact"] is not None
    exact = Fraction(trace["exact"]["numerator"], trace["exact"]["denominator"])
    assert _round_half_up(exact, trace["rounding"]["unit"]) == trace["amount"]
    assert str(Money(trace["amount"], trace["currency"])) in trace["steps"][-1]
    for i in trace["inputs"]:
        assert i["source"] and i["source"]["id"] and (i["source"].get("url") or i["source"].get("title"))
    assert trace["rule"]["source"] and trace["rule"]["source"]["id"]
    assert trace["chain"][-1]["year"] == trace["year"] and trace["chain"][-1]["amount"] == trace["amount"]


def test_every_rule_driven_year_2008_2030_is_explained_to_the_won():
    h = bs.history().set_index("year")
    checked = 0
    for year in range(2008, 2031):
        if h.at[year, "rule"] in ("indexed", "change", "converted"):
            t = explain(validate(ExplainRequest, {"year": year})).model_dump()
            assert t["amount"] == h.at[year, "amount"]
            _check(t)
            checked += 1
    assert checked >= 15


def test_the_2027_trace_reads_like_the_agreement():
    t = explain(validate(ExplainRequest, {"agreement": "sma-12", "year": 2027})).model_dump()
    assert t["amount"] == 1_551_100_000_000 and t["exact"]["value"] == pytest.approx(1_551_103_200_000)
    assert t["inputs"][0]["series"] == "kr_cpi_inflation" and t["inputs"][0]["year"] == 2025 and t["inputs"][0]["text"] == "2.1"
    assert any("does not bind" in s for s in t["steps"])
    assert [c["year"] for c in t["chain"]] == [2026, 2027] and t["chain"][0]["status"] == "published"


def test_explain_a_scenario_and_an_override():
    t = explain(validate(ExplainRequest, {"scenario": "us-demand-5bn", "year": 2025})).model_dump()
    _check(t)
    assert t["inputs"][0]["series"] == "krw_per_usd"
    o = explain(validate(ExplainRequest, {"agreement": "sma-12", "year": 2028, "overrides": {"cpi": {2026: 6.5}}})).model_dump()
    _check(o)
    assert o["cap_binds"] and o["amount"] == 1_628_700_000_000 and o["inputs"][0]["status"] == "override"
    assert any("binds" in s for s in o["steps"])


def test_explain_over_http_and_on_the_command_line(tmp_path):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'e.db'}", jobs=False)) as c:
        r = c.get("/api/v1/explain", params={"agreement": "sma-12", "year": 2028, "overrides": '{"cpi": {"2026": 6.5}}'})
        assert r.status_code == 200 and r.json()["amount"] == 1_628_700_000_000
        assert c.get("/api/v1/explain", params={"agreement": "sma-12", "year": 2040}).status_code == 400
    p = subprocess.run([EXE, "explain", "sma-12", "2027"], check=False, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and "KRW 1,519.2 billion × (1 + 2.1%)" in p.stdout and "etoday" in p.stdout.lower()


def test_excel_download_has_formats_sources_and_citation(tmp_path):
    out = tmp_path / "h.xlsx"
    p = subprocess.run([EXE, "history", "--format", "xlsx", "--output", str(out), "--cpi", "2026=3.0"], check=False, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["history", "history (KRW billion)"] and "sources" in wb.sheetnames and "about" in wb.sheetnames
    ws = wb["history"]
    assert ws.freeze_panes == "A2"
    head = [c.value for c in ws[1]]
    col = head.index("Contribution (won)") + 1  # headers name the columns; the dictionary sheet gives the keys
    cell = next(r[col - 1] for r in ws.iter_rows(min_row=2) if r[0].value == 2026)
    assert cell.value == 1_519_200_000_000 and cell.number_format == "#,##0"
    scaled = wb["history (KRW billion)"]
    assert scaled.cell(1, col).value == "Contribution (KRW billion)"
    cell = next(r[col - 1] for r in scaled.iter_rows(min_row=2) if r[0].value == 2026)
    assert cell.value == pytest.approx(1519.2) and cell.number_format == "#,##0.0"
    sources = [[c.value for c in r] for r in wb["sources"].iter_rows()]
    assert sources[0][:4] == ["id", "title", "publisher", "address"] and any(r[0] == "mofa-bonn-2024-10-04" for r in sources)
    about = {r[0].value: r[1].value for r in wb["about"].iter_rows()}
    assert "Consumer price inflation 2026 (%) = 3.0" in about["your values (overrides)"] and about["licence of the figures"].startswith("CC BY 4.0")
    assert about["cite as"].startswith("burdenshare, \"") and "data version" in about["cite as"]


def test_csv_download_opens_in_pandas_with_the_engines_integers(tmp_path):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'c.db'}", jobs=False)) as c:
        r = c.get("/api/v1/history.csv")
        assert r.content.startswith(b"\xef\xbb\xbf")
        df = pd.read_csv(io.BytesIO(r.content), encoding="utf-8-sig")
        prov = c.get("/api/v1/history.txt").text
        x = c.get("/api/v1/compare.xlsx", params={"baseline": "sma-12", "scenarios": "freeze-2025"})
        assert x.status_code == 200 and x.content[:2] == b"PK"
    engine = bs.history()
    got = df.set_index("year")["amount"].dropna().astype("int64")
    want = engine.set_index("year")["amount"].dropna().astype("int64")
    assert got.equals(want)
    assert "145642974.36887252" not in r.text  # derived floats are rounded
    assert "cite as" in prov and "mofa-bonn-2024-10-04" in prov
