"""A host from data files alone: the fictional Testland (tests/data, currency XTS) gets history,
schedules, comparisons, Monte Carlo, sensitivity and a row in the hosts table with no code of its
own. Japan gets Monte Carlo and sensitivity like Korea."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from test_cli import EXE

import burdenshare as bs
from burdenshare.model import catalog as catalog_module

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def testland(monkeypatch):
    monkeypatch.setenv("BURDENSHARE_DATA_PATH", str(DATA))
    yield "zz"


def test_testland_history_schedule_and_compare(testland):
    assert "zz" in catalog_module.host_ids()
    h = bs.history(host="zz").set_index("year")
    assert h.at[2020, "amount"] == 500_000_000 and h.at[2020, "status"] == "published"
    # 2022: 5.2% CPI capped at 4.0% on 519,000,000, rounded to the agreement's unit of 1,000,000
    assert h.at[2022, "amount"] == 540_000_000 and bool(h.at[2022, "cap_binds"])
    s = bs.schedule("zz-sma-1", host="zz", overrides={"cpi": {2025: 10.0}})
    assert s.set_index("year").at[2026, "cap_binds"]
    c = bs.compare_totals("zz-sma-1", ["zz-freeze"], host="zz").set_index("scenario")
    assert c.at["zz-freeze", "diff"] < 0


def test_testland_simulation_sensitivity_and_hosts_table(testland):
    sim = bs.simulate("zz-sma-1", host="zz", paths=2000, seed=1)
    by = sim.by_year().set_index("year")
    assert "q0.5_host" in by.columns and by.loc[2026:, "q0.95_host"].gt(by.loc[2026:, "q0.05_host"]).all()
    term = sim.term().set_index("measure")
    assert "nominal XTS" in term.at["nominal", "description"]
    t = bs.sensitivity("zz-sma-1", host="zz")
    assert t["factor"].str.startswith("zz_cpi").any()
    table = bs.hosts()
    assert {"kr", "jp", "zz"} <= set(table["host"])
    assert table[(table.host == "zz") & (table.period == "2021") & (table.measure == "contribution_dollars")]["value"].notna().all()


def test_testland_from_the_command_line(testland):
    env = {**os.environ, "BURDENSHARE_DATA_PATH": str(DATA)}

    def run(*args):
        p = subprocess.run([EXE, *args], check=False, capture_output=True, text=True, env=env, timeout=120)
        assert p.returncode == 0, p.stderr
        return p.stdout

    rows = json.loads(run("history", "--host", "zz", "--format", "json"))["rows"]
    assert rows[0]["amount"] == 500_000_000
    sim = json.loads(run("simulate", "zz-sma-1", "--host", "zz", "--paths", "1000", "--seed", "2", "--format", "json"))
    assert sim["meta"]["currency"] == "XTS" and sim["term"][0]["measure"] == "nominal"
    assert "zz" in run("hosts", "--format", "csv")


def test_japan_simulation_and_sensitivity():
    env = {**os.environ}
    p = subprocess.run([EXE, "simulate", "jp-sma-2022", "--host", "jp", "--paths", "10000", "--seed", "1", "--format", "json"],
                       check=False, capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["meta"]["currency"] == "JPY" and d["meta"]["missing_years"] == [2025]
    by = {r["year"]: r for r in d["by_year"]}
    assert by[2026]["q0.5_host"] == 219_100_000_000  # the draft budget; only its dollar value is uncertain
    usd = next(t for t in d["term"] if t["measure"] == "dollars")
    assert usd["q0.05"] < usd["q0.95"] and "2025" in usd["description"]
    p = subprocess.run([EXE, "sensitivity", "jp-sma-2022", "--host", "jp", "--format", "json"], check=False, capture_output=True, text=True,
                       env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)["rows"]
    assert rows[0]["factor"] == "jpy_per_usd 2026" and rows[0]["dollars_swing"] > 0 and rows[0]["nominal_swing"] == 0
