"""Negotiation analysis: frontier against brute force, bargaining solutions against hand-worked
cases, offer valuation against the engine, simulation reproducibility, bad input."""

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from test_cli import EXE

import burdenshare as bs
from burdenshare.analysis.negotiation import analysis as an
from burdenshare.analysis.negotiation.simulate import Hazard, Tactic, simulate
from burdenshare.errors import DataFileError, InputError

SMALL = str(Path(__file__).parent / "data" / "small-case.yaml")
levels = st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(levels | st.floats(0, 1), levels | st.floats(0, 1)), min_size=1, max_size=60))
def test_frontier_equals_brute_force(points):
    u1 = np.array([p[0] for p in points])
    u2 = np.array([p[1] for p in points])
    assert an.pareto(u1, u2).tolist() == an.pareto_bruteforce(u1, u2).tolist()


def test_nash_and_ks_hand_worked():
    u1 = np.array([0.0, 0.5, 1.0, 0.6, 0.2])
    u2 = np.array([1.0, 0.6, 0.0, 0.3, 0.2])
    # d = (0, 0): products 0, .30, 0, .18, .04 -> package 1; KS ratios min(u1, u2) -> package 1
    assert an.nash(u1, u2, 0, 0) == 1 and an.kalai_smorodinsky(u1, u2, 0, 0) == 1
    # d = (0.5, 0): ZOPA {1, 2, 3}; products 0, 0, 0.1 x 0.3 -> 3; ideal (1, 0.6):
    # ratios (0, 1), (1, 0), (0.2, 0.5) -> min 0, 0, 0.2 -> 3
    assert an.nash(u1, u2, 0.5, 0) == 3 and an.kalai_smorodinsky(u1, u2, 0.5, 0) == 3
    assert an.nash(u1, u2, 0.95, 0.95) is None
    eff = an.efficiency(u1, u2, 0.2, 0.2)
    assert eff["distance"] == pytest.approx(0.3) and eff["dominated_by"] == 2  # packages 1 and 3


def test_offer_valuation_matches_the_engine():
    sp = bs.negotiation_space(SMALL)
    v = sp.value({"first_year": 1_500_000_000_000, "escalation": "cpi", "term": 3, "scope": "excluded"})
    # 2027 uses 2025 CPI (2.1%), 2028 uses the 2026 forecast (2.2%): the 12th SMA's rule without a cap
    assert v["payments"] == [1_500_000_000_000, 1_531_500_000_000, 1_565_200_000_000]
    fx = [bs.series("fx").query("year == @y and status != 'override'")["value"].iloc[0] for y in (2026,)]
    assert v["total_dollars"] == pytest.approx(1_500_000_000_000 / fx[0] + (1_531_500_000_000 + 1_565_200_000_000) / 1482.49)
    fixed = sp.value({"first_year": 1_400_000_000_000, "escalation": "fixed:3", "term": 3})
    assert fixed["payments"] == [1_400_000_000_000, 1_442_000_000_000, 1_485_300_000_000]
    # the grid and the direct valuation agree on utilities
    flat = sp.encode({"first_year": 1_500_000_000_000, "escalation": "cpi", "term": 3, "scope": "excluded"})
    assert sp.utilities["kr"][flat] == pytest.approx(v["utility_payer"]) and sp.utilities["us"][flat] == pytest.approx(v["utility_payee"])


def test_final_deal_valued_with_the_agreements_own_payments():
    offers = bs.negotiation_offers("sma-11-talks")
    final = offers[offers.kind == "final"].iloc[0]
    assert final["total"] == int(bs.schedule("sma-11")["amount"].sum())  # 7,508.1 billion won, 2020-2025


def test_eleventh_sma_case_end_to_end():
    offers = bs.negotiation_offers("sma-11-talks")
    ask = offers[(offers.party == "us") & (offers.first_year_dollars_stated == 5e9)].iloc[0]
    assert ask["first_year"] == 5_902_800_000_000  # $5 billion at the 2020 average rate
    gap, _fc = bs.negotiation_gap("sma-11-talks")
    assert gap["round"].tolist() == list(range(1, 10))
    r7 = gap.set_index("round").loc[7]
    assert r7["gap"] == 4_722_200_000_000 - 1_142_800_000_000
    sol = bs.negotiation_solutions("sma-11-talks").set_index("point")
    assert sol.at["agreement", "distance_to_frontier"] > 0  # packages that both would prefer exist
    assert sol.at["agreement", "label"] == "agreement reached"


def test_simulation_is_reproducible_and_responds_to_tactics():
    kw = dict(runs=5000, deadline=10, hazard={"party": "us", "probability": 0.4, "from_round": 4, "reservation": 0.4},
              exponent_sd=0.3)
    a = bs.negotiation_simulate(SMALL, seed=3, **kw)
    b = bs.negotiation_simulate(SMALL, seed=3, **kw)
    c = bs.negotiation_simulate(SMALL, seed=4, **kw)
    assert a["distribution"] == b["distribution"] and a["closing"].equals(b["closing"])
    assert a["distribution"] != c["distribution"]
    assert 0.3 < a["distribution"]["hazard_rate"] < 0.5
    soft = bs.negotiation_simulate(SMALL, runs=200, deadline=10, tactics={"us": ("conceder", None), "kr": ("boulware", None)})
    hard = bs.negotiation_simulate(SMALL, runs=200, deadline=10, tactics={"us": ("boulware", None), "kr": ("conceder", None)})
    assert soft["distribution"]["expected_utility"]["kr"] > hard["distribution"]["expected_utility"]["kr"]


def test_simulation_deadline_and_zopa():
    u = {"a": np.array([1.0, 0.6, 0.2]), "b": np.array([0.0, 0.5, 0.9])}
    out = simulate(u, {"a": 0.5, "b": 0.4}, runs=10, deadline=6, first="a", tactics={"a": Tactic("linear"), "b": Tactic("linear")})
    assert out.deal.all() and set(out.package.tolist()) == {1}  # the only package in the ZOPA
    with pytest.raises(InputError, match="no zone of agreement"):
        simulate(u, {"a": 0.7, "b": 0.6}, runs=1, deadline=3, first="a", tactics={"a": Tactic(), "b": Tactic()})
    with pytest.raises(InputError, match="probability"):
        simulate(u, {"a": 0.5, "b": 0.4}, runs=1, deadline=3, first="a", tactics={"a": Tactic(), "b": Tactic()},
                 hazard=Hazard("b", 1.5, 1, 0.5))


def _variant(tmp_path, old, new):
    text = Path(SMALL).read_text()
    assert old in text, old
    p = tmp_path / "case.yaml"
    p.write_text(text.replace(old, new, 1))
    return str(p)


@pytest.mark.parametrize("old,new,msg", [
    ("weights: {money: 0.7, escalation: 0.1, term: 0.1, scope: 0.1}", "weights: {money: 0.7, escalation: 0.1}", "sum to 1"),
    ("weights: {money: 0.7, escalation: 0.1, term: 0.1, scope: 0.1}", "weights: {}", "needs preferences"),
    ("options: [excluded, included]}", "options: []}", "has no options"),
    ("reservation: {utility: 0.3}", "reservation: {utility: 1.2}", "must be at most 1"),
    ("step: 50000000000}", "step: 30000000000}", "multiple of step"),
    ("{frozen: 1.0, \"fixed:3\": 0.5, cpi: 0.7}", "{frozen: 1.0, cpi: 0.7}", "no value for option"),
])
def test_bad_case_files(tmp_path, old, new, msg):
    with pytest.raises(DataFileError, match=msg):
        bs.negotiation_space(_variant(tmp_path, old, new)).utilities  # noqa: B018 - the property computes the table, which refuses the file


def test_unreachable_reservation_and_offers_outside_ranges(tmp_path):
    text = Path(SMALL).read_text().replace("reservation: {utility: 0.3}", "reservation: {utility: 0.99}", 1)
    text = text.replace("scope: {excluded: 1.0, included: 0.0}", "scope: {excluded: 0.5, included: 0.0}", 1)
    (tmp_path / "c.yaml").write_text(text)
    sp = bs.negotiation_space(str(tmp_path / "c.yaml"))  # Korea's best is now 0.95
    with pytest.raises(InputError, match="no package reaches"):
        sp.reservation(sp.case.parties[0])
    sp = bs.negotiation_space(SMALL)
    with pytest.raises(InputError, match="outside the range"):
        sp.value({"first_year": 9_000_000_000_000})
    with pytest.raises(InputError, match="not an option"):
        sp.value({"first_year": 1_500_000_000_000, "escalation": "gdp"})
    with pytest.raises(InputError, match="unknown issue"):
        sp.value({"first_year": 1_500_000_000_000, "colour": "red"})


def test_a_first_year_total_written_out_is_read_like_any_amount(tmp_path):
    """The CLI takes 1.1조 for a package's first-year total; the API and the web's /value take it too."""
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    as_number = bs.negotiation_value("sma-11-talks", {"first_year": 1_100_000_000_000})
    assert bs.negotiation_value("sma-11-talks", {"first_year": "1.1조"}) == as_number
    assert bs.negotiation_value("sma-11-talks", {"first_year": "1조 1,000억"}) == as_number
    with pytest.raises(InputError, match="not an amount") as e:
        bs.negotiation_value("sma-11-talks", {"first_year": "1.1 apples"})
    assert e.value.where == "package.first_year"
    with TestClient(create_app(f"sqlite:///{tmp_path / 'v.db'}", jobs=False)) as c:
        r = c.post("/api/v1/negotiations/sma-11-talks/value", json={"package": {"first_year": "1.1조"}})
        assert r.status_code == 200, r.text
        assert r.json()["total"] == as_number["total"]


def test_cli_negotiate(tmp_path):
    def run(*a):
        return subprocess.run([EXE, "negotiate", *a], check=False, capture_output=True, text=True)

    p = run("show", "sma-11-talks")
    assert p.returncode == 0 and "Los Angeles" in p.stdout and "ILLUSTRATIVE" in p.stdout
    p = run("value", "sma-11-talks", "--set-issue", "first_year=5902800000000", "--format", "json")
    v = json.loads(p.stdout)
    assert v["total"] > 35_000_000_000_000 and v["years"][0] == 2020
    png = tmp_path / "plane.png"
    assert run("solutions", "sma-11-talks", "--plot", str(png)).returncode == 0 and png.exists()
    assert run("gap", "sma-11-talks", "--plot", str(tmp_path / "gap.png"), "--format", "json").returncode == 0
    sim = run("simulate", SMALL, "--runs", "500", "--tactic", "kr=boulware:0.3", "--hazard", "us:0.5@2=0.4", "--format", "json")
    assert sim.returncode == 0 and json.loads(sim.stdout)["meta"]["runs"] == 500
    bad = run("value", "sma-11-talks", "--set-issue", "first_year=99000000000000")
    assert bad.returncode == 2 and "outside the range" in bad.stderr and "Traceback" not in bad.stderr
    bad = run("simulate", SMALL, "--tactic", "kr=stubborn")
    assert bad.returncode == 2 and "--tactic" in bad.stderr and "must be one of" in bad.stderr
    assert run("frontier", "nope").returncode == 2
