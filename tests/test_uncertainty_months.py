"""The Monte Carlo draws a partly published year from its published months and a model of the rest:
properties on synthetic monthly series (made here, never written to data/), and what a run says."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import burdenshare as bs
from burdenshare.analysis import nowcast as nc
from burdenshare.analysis.schedule import timeline_for
from burdenshare.analysis.uncertainty import models, montecarlo as mc
from burdenshare.model.catalog import catalog

SEASON = [0.5, 0.2, 0.1, 0.1, 0.0, 0.0, 0.2, 0.3, 0.2, 0.0, -0.3, 0.2]  # synthetic mean monthly changes (%)
YEAR = 2026  # the year the 12th SMA's 2028 payment reads
PAID = 2028


def history(shocks: list[float], start: float = 100.0) -> list[nc.Month]:
    """Four synthetic years (2022-2025) of a monthly index: a seasonal pattern plus shocks."""
    out: list[nc.Month] = []
    level = start
    for i, e in enumerate(shocks):
        level *= math.exp((SEASON[i % 12] + e) / 100)
        out.append((YEAR - 4 + i // 12, i % 12 + 1, level))
    return out


def on_the_expected_path(months: list[nc.Month], model: nc.SeasonalAR) -> list[nc.Month]:
    """The year's twelve months as the model expects them from December before: each month published
    is then what the nowcast expected, so only the spread changes as months are added, not the centre
    (a centre that moves can carry a rounded, capped payment's interval over a rounding step: that is
    news, not uncertainty)."""
    level, prev = months[-1][2], 100 * math.log(months[-1][2] / months[-2][2])
    out = []
    for m in range(12):
        prev = model.means[m] + model.phi * prev
        level *= math.exp(prev / 100)
        out.append((YEAR, m + 1, level))
    return out


@pytest.fixture(autouse=True)
def bundled_only(tmp_path_factory, monkeypatch):
    """The bundled months only (an overlay folder of the user's own could hold more)."""
    from burdenshare.model import overlay as ov

    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path_factory.mktemp("empty")))


def _setup():
    cat = catalog("kr")
    a = cat.agreement("sma-12")
    return {"cat": cat, "tl": timeline_for(cat, a).slice(a.term.start), "model": models.fit(cat, "ar1"),
            "term": (a.term.start, a.term.end)}


def _run(nowcast: nc.Nowcast | None, seed: int = 5, paths: int = 4096) -> mc.Run:
    s = _setup()
    return mc.run(s["cat"], s["tl"], s["cat"].inputs(), s["model"], paths=paths, seed=seed, term=s["term"],
                  real_base=s["term"][0], months={YEAR: nowcast} if nowcast is not None else {})


def _spread(h: mc.Histogram) -> tuple[int, int]:
    nz = np.flatnonzero(h.counts)
    return h.quantile(0.9) - h.quantile(0.1), int(nz[-1] - nz[0])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.floats(min_value=-0.5, max_value=0.5, allow_nan=False), min_size=48, max_size=48))
def test_the_spread_of_the_payment_shrinks_as_months_are_published(shocks):
    months = history(shocks)
    try:
        model = nc.fit(months)
    except nc.TooShort:
        assume(False)
    months += on_the_expected_path(months, model)
    spreads, runs = [], []
    for k in range(1, 13):  # the same seed, one model: only the months known differ
        now = nc.nowcast(months, YEAR, as_of=(YEAR, k), model=model)
        run = _run(now)
        runs.append((now, run))
        spreads.append(_spread(run.hist[PAID]))
    for (w0, r0), (w1, r1) in itertools.pairwise(spreads):
        assert w1 <= w0 and r1 <= r0, spreads
    # all twelve months: the year is fixed, every path pays what the published rate gives
    now, run = runs[-1]
    assert now.sd == 0 and spreads[-1] == (0, 0)
    det = bs.schedule("sma-12", overrides={"cpi": {YEAR: now.rate_1dp}}).set_index("year")["amount"]
    assert run.hist[PAID].quantile(0.5) * run.unit[list(run.years).index(PAID)] == det[PAID]
    assert run.conditioned[0]["year"] == YEAR and run.conditioned[0]["months_known"] == 12


def test_a_run_says_which_years_it_drew_from_published_months():
    from burdenshare.ops.nowcast import partial

    p = partial(_setup()["cat"])
    assert p is not None and (p.year, p.known) == (YEAR, 2)  # two months of 2026 bundled
    sim = bs.simulate("sma-12", paths=4096, seed=3)
    shown = sim.meta()["conditioned_on_months"]
    assert [(c["year"], c["months_known"]) for c in shown] == [(YEAR, 2)]
    assert shown[0]["rate_sd_pct"] == round(p.result.sd, 4)
    # drawn from two months and the model of ten, 2028's spread is narrower than a whole year's shock
    with_months, without = _run(p.result), _run(None)
    assert _spread(with_months.hist[PAID])[0] < _spread(without.hist[PAID])[0]
    assert without.conditioned == []
    # the same seed without such a year draws exactly what it drew before (the months have their own stream)
    again = _run(None)
    assert np.array_equal(again.hist[PAID].counts, without.hist[PAID].counts)


def test_a_year_the_reader_set_is_not_drawn_from_its_months():
    s = _setup()
    from burdenshare.ops.nowcast import partial

    p = partial(s["cat"])
    inputs = s["cat"].inputs().with_overrides({("kr_cpi_inflation", YEAR): 3.0})
    run = mc.run(s["cat"], s["tl"], inputs, s["model"], paths=4096, seed=5, term=s["term"], real_base=s["term"][0],
                 months={YEAR: p.result})
    assert run.conditioned == [] and _spread(run.hist[PAID]) == (0, 0)


def test_the_answer_names_the_series_as_readers_know_it():
    from burdenshare.ops import uncertainty as unc

    res = unc.simulate(unc.SimulationRequest(target="sma-12", paths=4096, seed=2))
    (c,) = res.meta["conditioned_on_months"]
    assert (c["year"], c["months_known"], c["series_text"]) == (YEAR, 2, "Consumer price inflation")
