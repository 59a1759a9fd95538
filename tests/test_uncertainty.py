"""Monte Carlo, models and sensitivity: the same engine on every path, reproducible, honest."""

import json
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from oracle import run_path
from test_cli import EXE

import burdenshare as bs
from burdenshare.analysis.schedule import timeline_for
from burdenshare.analysis.uncertainty import models, montecarlo as mc
from burdenshare.errors import InputError
from burdenshare.model.engine import compute


@pytest.fixture(scope="module")
def var(cat):
    return models.fit(cat, "var")


def _months(cat):
    """The year partly published and its nowcast, as `simulate` conditions on it."""
    from burdenshare.ops.uncertainty import _months_published

    return _months_published(cat)


def _paths(cat, model, seed, n, agreement="sma-12"):
    a = cat.agreement(agreement)
    tl = timeline_for(cat, a).slice(a.term.start)
    su = mc.setup(cat, tl, cat.inputs(), (a.term.start, a.term.end), a.term.start)
    d = mc._draw(model, su.known, seed, 0, n, mc.conditioned(su, su.known, _months(cat)))
    drivers, _fx, _ = mc._drivers(su, d)
    return su, drivers


def test_monte_carlo_paths_equal_the_loop_oracle(cat, var):
    su, drivers = _paths(cat, var, seed=7, n=300)
    res = compute(su.plan, drivers.T)
    for p in range(drivers.shape[1]):
        assert res.amount[p].tolist() == run_path(su.plan, drivers[:, p])


def test_run_histograms_are_those_of_the_paths(cat, var):
    su, drivers = _paths(cat, var, seed=11, n=1000)
    amounts = compute(su.plan, drivers.T).amount
    sim = bs.simulate("sma-12", paths=1000, seed=11)
    by = sim.by_year().set_index("year")
    for t, y in enumerate(int(y) for y in su.plan.years):
        col = np.sort(amounts[:, t])
        for q in sim.quantiles:
            assert by.at[y, f"q{q:g}_host"] == np.quantile(col, q, method="inverted_cdf")
        x = float(np.median(col))
        assert sim.prob_above(y, x) == np.mean(col > x)
    assert sim.run.totals["nominal"].tolist() == amounts[:, su.term_mask].sum(axis=1).tolist()


def _deterministic(target, overrides=None):
    if target == "sma-12":
        return bs.schedule(target, overrides=overrides).set_index("year")["amount"]
    long = bs.compare("sma-12", [target], overrides=overrides)
    return long[long.scenario == target].set_index("year")["amount"]


@pytest.mark.parametrize("target,kind", [("sma-12", "var"), ("sma-12", "bootstrap"), ("us-demand-5bn", "ar1"), ("sma11-rule-to-2030", "var")])
def test_zero_variance_equals_the_deterministic_projection(cat, target, kind, monkeypatch):
    from burdenshare.ops import uncertainty as unc

    months = _months(cat)
    # without a year partly published (no monthly data): every year as the deterministic projection
    with monkeypatch.context() as m:
        m.setattr(unc, "_months_published", lambda cat: {})
        sim = bs.simulate(target, paths=300, model=kind, params={"scale": 0})
    by = sim.by_year().set_index("year")
    det = _deterministic(target)
    for y in by.index:
        for c in [c for c in by.columns if c.startswith("q")]:
            assert by.at[y, c] == det[y]
    assert (sim.run.totals["nominal"] == int(det[by.index].sum())).all()
    # with one: that year at the nowcast's expected rate. The years after it also carry the model's
    # persistence of its deviation (and a VAR's effect on the other variables), so only the payments
    # up to the one that reads it (two years on, under the 12th SMA's rule) are compared
    sim = bs.simulate(target, paths=300, model=kind, params={"scale": 0})
    by = sim.by_year().set_index("year")
    det = _deterministic(target, {"cpi": {y: n.rate for y, n in months.items()}})
    last = max(months, default=0) + (2 if target == "sma-12" else 1)
    for y in [y for y in by.index if y <= last]:
        for c in [c for c in by.columns if c.startswith("q")]:
            assert by.at[y, c] == det[y]


def test_same_seed_same_numbers_whatever_the_chunking():
    runs = [bs.simulate("sma-12", paths=20_000, seed=5, chunk=c) for c in (4096, 3 * 4096, 10**6)]
    for r in runs[1:]:
        for k in ("nominal", "dollars", "real", "pv"):
            assert np.array_equal(r.run.totals[k], runs[0].run.totals[k])
        assert r.by_year().equals(runs[0].by_year())
    other = bs.simulate("sma-12", paths=20_000, seed=6)
    assert not np.array_equal(other.run.totals["nominal"], runs[0].run.totals["nominal"])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 15.0))
def test_cap_holds_on_every_path(cat, seed, sd):
    model = models.fit(cat, "var").with_sd("cpi", sd)
    su, drivers = _paths(cat, model, seed, 512)
    a = compute(su.plan, drivers.T).amount
    for t in range(1, a.shape[1]):
        assert (a[:, t] <= np.floor(a[:, t - 1] * 1.05 / 1e8 + 0.5) * 1e8).all()
        assert (a[:, t] % 100_000_000 == 0).all()


def test_probabilities_and_term_total():
    sim = bs.simulate("sma-12", paths=20_000, seed=1)
    term = sim.term().set_index("measure")
    assert {"nominal", "dollars", "real", "pv"} <= set(term.index)
    assert term.at["nominal", "q0.05"] <= term.at["nominal", "q0.5"] <= term.at["nominal", "q0.95"]
    assert 0 < sim.prob_cap(2030) < 0.2 and sim.prob_cap(2027) == 0  # 2027 is set by the known 2025 CPI
    assert sim.prob_above(2027, 1_551_100_000_000) == 0.0 and sim.prob_above(2027, 1_551_000_000_000) == 1.0
    assert sim.prob_total_above(0) == 1.0
    pv = bs.simulate("sma-12", paths=2000, seed=1, discount_rate=5.0)
    assert pv.term().set_index("measure").at["pv", "mean"] < pv.term().set_index("measure").at["nominal", "mean"]


def test_scenario_difference_uses_common_random_numbers():
    sim = bs.simulate("freeze-2025", paths=5000, seed=2)
    diff = sim.run.totals["diff_nominal"]
    assert sim.compared_with == "sma-12" and (diff < 0).all()
    # the freeze is certain, so the difference is minus the baseline path by path
    assert np.array_equal(sim.run.totals["nominal"], np.full(5000, 5 * 1_402_800_000_000))


def test_interrupt_keeps_what_was_done():
    calls = []

    def progress(done, total):
        calls.append(done)
        if done >= 8192:
            raise KeyboardInterrupt

    sim = bs.simulate("sma-12", paths=100_000, seed=0, chunk=8192, progress=progress)
    assert sim.run.interrupted and sim.paths == 8192 and len(sim.run.totals["nominal"]) == 8192


def test_model_fit_is_shown_and_honest(cat):
    d = bs.fit_model("var")
    assert d["variables"] == ["cpi", "defence_growth", "fx"] and d["observations"] >= 30
    assert d["max_abs_eigenvalue"] < 1 and len(d["A"]) == 3
    b = bs.fit_model("bootstrap", block_length=4)
    assert b["block_length"] == 4
    with pytest.raises(InputError, match=r"only .* years"):
        bs.fit_model("var", sample=(2015, 2022))
    with pytest.raises(InputError, match="must be one of"):
        bs.fit_model("garch")


@pytest.mark.parametrize("kwargs,msg", [
    ({"paths": 0}, "at least 1"), ({"paths": -3}, "at least 1"), ({"paths": 10**12}, "limit"),
    ({"paths": 2.5}, "whole number"), ({"quantiles": [0.5, 1.2]}, "strictly between 0 and 1"),
    ({"quantiles": [0]}, "strictly between"), ({"chunk": 0}, "at least 1"),
    ({"params": {"sd": {"cpi": -1}}}, "must be a finite number >= 0"),
    ({"params": {"persistence": {"cpi": 1.5}}}, "strictly between -1 and 1"),
    ({"params": {"sd": {"gdp": 1}}}, "unknown model variable"),
    ({"discount_rate": -150}, "greater than -100"), ({"block_length": 0, "model": "bootstrap"}, "at least 1"),
])
def test_bad_simulation_input(kwargs, msg):
    with pytest.raises(InputError, match=msg):
        bs.simulate("sma-12", **{"paths": 100, **kwargs})


def test_tornado_and_sobol():
    t = bs.sensitivity("sma-12")
    assert t["factor"].iloc[0] == "kr_cpi_inflation 2026"  # sets 2028, and 2029-2030 build on it
    assert (t.loc[t.factor.str.startswith("krw_per_usd"), "nominal_swing"] == 0).all()
    assert t["nominal_swing"].is_monotonic_decreasing
    s = bs.sensitivity("sma-12", method="sobol", samples=256)
    won = s[s.measure == "nominal"].set_index("factor")
    assert won.at["kr_cpi_inflation 2026", "ST"] > won.at["kr_cpi_inflation 2028", "ST"]
    assert won.loc[won.index.str.startswith("krw_per_usd"), "ST"].abs().max() < 0.05
    with pytest.raises(InputError, match="power of two"):
        bs.sensitivity("sma-12", method="sobol", samples=100)


def test_cli_simulate_json_and_fan_chart(tmp_path):
    png = tmp_path / "fan.png"
    p = subprocess.run([EXE, "simulate", "sma-12", "--paths", "5000", "--seed", "3", "--format", "json",
                        "--prob-above", "2030=1700000000000", "--plot", str(png)], check=False, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["meta"]["paths"] == 5000 and d["meta"]["model"]["kind"] == "var"
    assert [r["year"] for r in d["by_year"]] == [2026, 2027, 2028, 2029, 2030]
    assert "q0.95_host" in d["by_year"][0] and d["term"][0]["measure"] == "nominal"
    assert 0 < d["probabilities"][0]["probability"] < 1 and d["meta"]["probabilities"] == d["probabilities"]
    assert png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("args,msg", [
    (["simulate", "sma-12", "--paths", "0"], "--paths: must be at least 1"),
    (["simulate", "sma-12", "--quantiles", "0.5,2"], "strictly between 0 and 1"),
    (["simulate", "sma-12", "--sample-from", "2018"], "cannot fit"),
    (["simulate", "nope"], "unknown agreement or scenario 'nope'"),
    (["simulate", "sma-12", "--sigma", "cpi=-2"], ">= 0"),
    (["sensitivity", "sma-12", "--method", "sobol", "--samples", "100"], "power of two"),
])
def test_cli_bad_simulation_input_exits_2(args, msg):
    p = subprocess.run([EXE, *args], check=False, capture_output=True, text=True)
    assert p.returncode == 2 and msg in p.stderr and "Traceback" not in p.stderr


def test_ctrl_c_keeps_the_paths_done():
    import signal
    import time

    p = subprocess.Popen([EXE, "simulate", "sma-12", "--paths", "20000000", "--format", "json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(6)  # past start-up (imports, data), well inside a run of about 15 s
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    d = json.loads(out)
    assert d["meta"]["interrupted"] is True and 0 < d["meta"]["paths"] < 20_000_000
    assert "interrupted" in err and "Traceback" not in err


def test_legacy_measure_name_still_answers_with_a_warning():
    sim = bs.simulate("sma-12", paths=500, seed=1)
    with pytest.warns(DeprecationWarning, match="now 'nominal'"):
        legacy = sim.run.totals["won"]
    assert np.array_equal(legacy, sim.run.totals["nominal"])
    assert sim.prob_total_above(0, "nominal") == 1.0
