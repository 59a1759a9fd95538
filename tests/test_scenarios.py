"""Scenarios: validated patches that never mutate the baseline, applied after the baseline's inputs."""

import copy

import pytest

import burdenshare as bs
from burdenshare.analysis import scenarios as sc
from burdenshare.errors import DataFileError, InputError


def test_bundled_scenarios_load_and_compare(cat):
    bundled = sc.bundled_scenarios(cat)
    assert {"us-demand-5bn", "sma11-rule-to-2030", "freeze-2025", "cpi-shock", "cost-plus-50", "gdp-share-2020"} <= set(bundled)
    names = [k for k, v in bundled.items() if v.baseline == "sma-12"]
    long = bs.compare("sma-12", names)
    assert set(long["scenario"]) == {"baseline", *names}
    tot = bs.compare_totals("sma-12", names).set_index("scenario")
    assert tot.at["baseline", "diff"] == 0


def test_freeze_and_us_demand_figures():
    long = bs.compare("sma-12", ["freeze-2025", "us-demand-5bn"]).set_index(["scenario", "year"])
    for y in range(2026, 2031):
        assert long.at[("freeze-2025", y), "amount"] == 1_402_800_000_000
    # $5 billion at the 2020 average rate (1,180.5554 won/$) = 5,902.777 billion won -> 59,028 x 100M
    assert long.at[("us-demand-5bn", 2020), "amount"] == 5_902_800_000_000
    assert long.at[("us-demand-5bn", 2020), "status"] == "scenario"
    assert long.at[("us-demand-5bn", 2020), "amount_dollars"] == pytest.approx(5e9, rel=1e-5)


def test_sma11_rule_continued_uses_defence_growth():
    long = bs.compare("sma-12", ["sma11-rule-to-2030"]).set_index(["scenario", "year"])
    # 2026 = 2025 x (1 + 2025 defence growth 3.07% -> 3.1%) = 14,028 x 1.031 = 14,462.9
    assert long.at[("sma11-rule-to-2030", 2026), "amount"] == 1_446_300_000_000


def test_baseline_is_never_mutated(cat):
    scen = sc.resolve_scenario(cat, "us-demand-5bn")
    before = copy.deepcopy(dict(cat.agreements))
    inputs = cat.inputs()
    overrides_before = dict(inputs.overrides)
    base_before = bs.history()
    sc.apply(cat, scen, inputs)
    bs.compare("sma-12", ["us-demand-5bn", "cpi-shock"])
    assert dict(cat.agreements) == before
    assert dict(inputs.overrides) == overrides_before
    assert bs.history().equals(base_before)


def test_scenario_assumptions_apply_after_defaults_and_user_overrides_last(cat):
    scen = sc.resolve_scenario(cat, "cpi-shock")
    ap = sc.apply(cat, scen, cat.inputs())
    # the default for 2027 is the assumed 2.0%; the scenario's 6.0 replaces it
    assert cat.inputs().get("kr_cpi_inflation", 2027).value == 2.0
    assert ap.inputs.get("kr_cpi_inflation", 2027).value == 6.0
    # a user override wins over the scenario
    user = cat.inputs().with_overrides({("kr_cpi_inflation", 2027): 1.0})
    assert sc.apply(cat, scen, user).inputs.get("kr_cpi_inflation", 2027).value == 1.0
    long = bs.compare("sma-12", ["cpi-shock"]).set_index(["scenario", "year"])
    a = [long.at[("cpi-shock", y), "amount"] for y in range(2027, 2031)]
    assert a[1] == round(a[0] * 1.05 / 1e8) * 100_000_000  # 6% capped at 5%


def test_invalid_scenarios(tmp_path, cat):
    p = tmp_path / "s.yaml"
    p.write_text("id: s\ntitle: t\nhost: kr\nbaseline: sma-12\n")
    with pytest.raises(DataFileError, match="needs 'changes'"):
        bs.compare("sma-12", [str(p)])
    p.write_text("id: s\ntitle: t\nhost: kr\nbaseline: sma-12\nchanges:\n  - years: 2040\n    rule: change\n    pct: 1\n")
    with pytest.raises(InputError, match="neither in the baseline's years"):
        bs.compare("sma-12", [str(p)])
    p.write_text("id: s\ntitle: t\nhost: kr\nbaseline: sma-11\nchanges:\n  - years: 2025\n    rule: change\n    pct: 1\n")
    with pytest.raises(InputError, match="not the baseline"):
        bs.compare("sma-12", [str(p)])
    with pytest.raises(InputError, match="at least 1"):
        bs.compare("sma-12", [])
