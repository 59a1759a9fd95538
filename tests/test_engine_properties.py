"""Property-based tests of the schedule engine (hypothesis): caps, floors, rounding, and the
vectorised engine against the plain-Python oracle, exactly."""

import numpy as np
from hypothesis import given, settings, strategies as st
from oracle import run_path

from burdenshare.model import engine
from burdenshare.model.agreement import Rounding
from burdenshare.model.engine import compute, rate_to_int
from burdenshare.model.rules import Change, Converted, Fixed, Indexed
from burdenshare.model.timeline import Entry, Timeline, compile_plan

UNIT = 100_000_000
rates = st.decimals(min_value=-20, max_value=30, places=3, allow_nan=False).map(float)


@st.composite
def plans(draw):
    T = draw(st.integers(1, 12))
    start = 2000
    # units other than 100 million won (and amounts up to tens of trillions) reach the engine's
    # int64 kernel, used where the float64 one could not be exact
    units = draw(st.lists(st.sampled_from([UNIT, UNIT, 1, 1000, 10**6]), min_size=T, max_size=T))
    base = draw(st.integers(1, 300_000)) * UNIT
    entries = []
    d = draw(st.integers(0, 3))
    for t in range(T):
        kind = draw(st.sampled_from(["fixed", "change", "indexed", "indexed", "converted"]))
        y = start + t
        if kind == "fixed":
            rule = Fixed(rule="fixed", years=y, amount=draw(st.integers(1, 300_000)) * UNIT + draw(st.sampled_from([0, 0, 1, 12_345])))
        elif kind == "change":
            rule = Change(rule="change", years=y, pct=float(draw(st.decimals(-20, 30, places=d))), rate_decimals=d)
        elif kind == "converted":
            rule = Converted(rule="converted", years=y, amount=draw(st.integers(1, 10_000)) * 1_000_000 + draw(st.integers(0, 999_999)), currency="USD")
        else:
            cap = draw(st.none() | st.decimals(0, 10, places=d).map(float))
            flo = draw(st.none() | st.decimals(-5, 0, places=d).map(float))
            add = float(draw(st.decimals(-2, 7, places=d)))
            rule = Indexed(rule="indexed", years=y, series="x", lag=0, rate_decimals=d, cap_pct=cap, floor_pct=flo, add_pct=add)
        mode = draw(st.sampled_from(["half_up", "down", "up"]))
        entries.append(Entry(y, "a", rule, Rounding(unit=units[t], mode=mode)))
    return compile_plan(Timeline(tuple(entries), base, start - 1), lambda s: s)


@st.composite
def plan_and_drivers(draw):
    plan = draw(plans())
    P = draw(st.integers(1, 5))
    drivers = np.empty((P, plan.T))
    for t, src in enumerate(plan.drivers_from):
        for p in range(P):
            if src is None:
                drivers[p, t] = np.nan
            elif src[0] == "const":
                drivers[p, t] = src[1]
            elif plan.kind[t] == 2:
                drivers[p, t] = float(draw(st.decimals(500, 2000, places=2)))
            else:
                drivers[p, t] = draw(rates)
    return plan, drivers


@settings(max_examples=300, deadline=None)
@given(plan_and_drivers())
def test_vectorised_engine_equals_loop_oracle(pd_):
    plan, drivers = pd_
    res = compute(plan, drivers)
    for p in range(drivers.shape[0]):
        expected = run_path(plan, drivers[p])
        got = [int(v) if k else None for v, k in zip(res.amount[p], res.known, strict=True)]
        assert got == expected


@settings(max_examples=200, deadline=None)
@given(plan_and_drivers())
def test_each_path_equals_its_own_single_path_run(pd_):
    plan, drivers = pd_
    many = compute(plan, drivers).amount
    for p in range(drivers.shape[0]):
        assert np.array_equal(compute(plan, drivers[p : p + 1]).amount[0], many[p])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 50_000), st.lists(rates, min_size=1, max_size=10), st.decimals(0, 6, places=1).map(float),
       st.decimals(-3, 0, places=1).map(float))
def test_cap_and_floor_hold_and_amounts_are_whole_units(first, xs, cap, flo):
    entries = [Entry(2000, "a", Fixed(rule="fixed", years=2000, amount=first * UNIT), Rounding())]
    for i in range(len(xs)):
        entries.append(Entry(2001 + i, "a", Indexed(rule="indexed", years=2001 + i, series="x", lag=0, cap_pct=cap, floor_pct=flo), Rounding()))
    plan = compile_plan(Timeline(tuple(entries)), lambda s: s)
    drivers = np.array([[np.nan, *xs]])
    res = compute(plan, drivers)
    a = res.amount[0]
    assert (a % UNIT == 0).all()
    for t in range(1, len(a)):
        growth = a[t] / a[t - 1] - 1
        # rounding to 100 million won moves the ratio by at most half a unit over the base
        slack = 0.5 * UNIT / a[t - 1] + 1e-12
        assert growth <= cap / 100 + slack
        assert growth >= flo / 100 - slack
        assert res.rate_pct[0, t] <= cap + 1e-9 and res.rate_pct[0, t] >= flo - 1e-9
        assert res.cap_binds[0, t] == (rate_to_int(np.array([xs[t - 1]]), 1)[0] > round(cap * 10))


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 50_000), st.integers(1, 10))
def test_zero_rate_keeps_the_amount(first, n):
    entries = [Entry(2000, "a", Fixed(rule="fixed", years=2000, amount=first * UNIT), Rounding())]
    entries += [Entry(2001 + i, "a", Change(rule="change", years=2001 + i, pct=0.0), Rounding()) for i in range(n)]
    res = compute(compile_plan(Timeline(tuple(entries)), lambda s: s), np.zeros((1, n + 1)))
    assert (res.amount[0] == first * UNIT).all()


@given(rates, st.integers(0, 3))
def test_rate_rounding_is_half_away_from_zero_on_decimal_text(x, d):
    from decimal import ROUND_HALF_UP, Decimal

    expected = int(Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP).scaleb(d))
    assert rate_to_int(np.array([x]), d)[0] == expected


def test_monotone_in_the_index():
    entries = [Entry(2000, "a", Fixed(rule="fixed", years=2000, amount=9200 * UNIT), Rounding())]
    entries += [Entry(2001 + i, "a", Indexed(rule="indexed", years=2001 + i, series="x", lag=0, cap_pct=4.0), Rounding()) for i in range(4)]
    plan = compile_plan(Timeline(tuple(entries)), lambda s: s)
    x = np.linspace(-2, 8, 101)
    drivers = np.column_stack([np.full(101, np.nan)] + [x] * 4)
    a = compute(plan, drivers).amount
    assert (np.diff(a[:, -1]) >= 0).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 50_000), min_size=1, max_size=20), st.lists(rates, min_size=1, max_size=6))
def test_per_path_base_equals_one_plan_per_base(bases, xs):
    entries = [Entry(2001 + i, "a", Indexed(rule="indexed", years=2001 + i, series="x", lag=0, cap_pct=5.0), Rounding()) for i in range(len(xs))]
    plan = compile_plan(Timeline(tuple(entries), UNIT, 2000), lambda s: s)
    drivers = np.tile(np.array(xs), (len(bases), 1))
    many = compute(plan, drivers, base=np.array(bases, dtype=np.int64) * UNIT).amount
    for p, b in enumerate(bases):
        one = compile_plan(Timeline(tuple(entries), b * UNIT, 2000), lambda s: s)
        assert many[p].tolist() == run_path(one, xs)


@settings(max_examples=60, deadline=None)
@given(plans(), st.data())
def test_rate_detail_of_one_path_equals_that_path_in_a_run_of_many(plan, data):
    """The rates applied (to the sign of a zero), the binding caps and floors and their counts of a
    one-path run (a schedule request) are those of the same path inside a 64-path run, in one block
    or in several, the rate years worked out one, two or all at a time."""
    P = 64
    drivers = np.empty((P, plan.T))
    for t, src in enumerate(plan.drivers_from):
        for p in range(P):
            if src is None:
                drivers[p, t] = np.nan
            elif src[0] == "const":
                drivers[p, t] = src[1]
            elif plan.kind[t] == 2:
                drivers[p, t] = float(data.draw(st.decimals(500, 2000, places=2)))
            else:
                # (not -0.0: whether it rounds to -0.0 or 0.0 depends on whether another path of its
                # block is negative, as it always has; the amounts are the same)
                drivers[p, t] = data.draw(rates | st.sampled_from([0.0, -0.0004, 0.0004]))
    block = data.draw(st.sampled_from([7, 64]))
    cells = data.draw(st.sampled_from([7, 14, 64, engine.RATE_CELLS]))  # rate years a pass: 1, 2, all
    kept, engine.RATE_CELLS = engine.RATE_CELLS, cells
    try:
        many = compute(plan, drivers, detail=True, block=block)
    finally:
        engine.RATE_CELLS = kept
    caps, floors = np.zeros(plan.T, np.int64), np.zeros(plan.T, np.int64)
    for p in range(P):
        one = compute(plan, drivers[p : p + 1], detail=True)
        assert np.array_equal(one.amount[0], many.amount[p])
        a, b = one.rate_pct[0], many.rate_pct[p]
        assert np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a), np.signbit(b))
        assert np.array_equal(one.cap_binds[0], many.cap_binds[p]) and np.array_equal(one.floor_binds[0], many.floor_binds[p])
        caps += one.cap_count
        floors += one.floor_count
    assert np.array_equal(caps, many.cap_count) and np.array_equal(floors, many.floor_count)
