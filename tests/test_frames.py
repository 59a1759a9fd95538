"""The fast paths give what pandas gives: rows read in one conversion equal `to_dict`, and a schedule
computed as columns gives the same JSON rows as its DataFrame, whatever the assumptions (hypothesis)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from burdenshare.model.frames import Columns, row_dicts
from burdenshare.ops import figures
from burdenshare.ops.common import clean, records


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b and type(a) is type(b)


values = st.one_of(st.none(), st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5),
                   st.booleans())


@given(st.lists(st.tuples(st.integers(-10**12, 10**12) | st.none(), st.floats(allow_nan=True), st.text(max_size=4) | st.none(),
                          st.booleans()), min_size=0, max_size=12))
@settings(max_examples=150, deadline=None)
def test_row_dicts_equal_to_dict(rows):
    df = pd.DataFrame(rows, columns=["money", "rate", "word", "flag"])
    df["money"] = df["money"].astype("Int64")
    expected = df.to_dict(orient="records")
    got = row_dicts(df)
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert g.keys() == e.keys()
        assert all(same(g[k], e[k]) for k in e), (g, e)


@given(st.lists(st.tuples(st.integers(0, 10**13) | st.none(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=3)),
                min_size=1, max_size=10))
@settings(max_examples=100, deadline=None)
def test_columns_give_the_frame_and_the_json_rows_pandas_would(rows):
    cols = Columns.from_rows([{"money": m, "rate": r, "word": w} for m, r, w in rows], {"currency": "KRW"}, {"money": "Int64"})
    df = cols.frame()
    assert str(df["money"].dtype) == "Int64" and df.attrs["currency"] == "KRW"
    assert cols.json_rows() == records(df)
    kept = cols.take(np.array([i % 2 == 0 for i in range(len(rows))]))
    assert kept.json_rows() == records(df[[i % 2 == 0 for i in range(len(rows))]])


@given(cpi=st.dictionaries(st.integers(2025, 2029), st.floats(-2, 12, allow_nan=False).map(lambda x: round(x, 2)), max_size=4),
       agreement=st.sampled_from(["sma-11", "sma-12"]))
@settings(max_examples=25, deadline=None)
def test_schedule_rows_from_columns_equal_rows_from_the_dataframe(cpi, agreement):
    cpi = {y: v for y, v in cpi.items() if agreement == "sma-12" or y <= 2025}
    req = figures.ScheduleRequest(agreement=agreement, overrides={"cpi": cpi} if cpi else {})
    res = figures.schedule(req)
    from_columns = res.rows()
    assert from_columns == records(res.frame)  # the DataFrame is built only now, from the same columns
    assert [r["year"] for r in from_columns] == list(res.frame["year"])


def test_history_rows_from_columns_equal_rows_from_the_dataframe():
    for host in ("kr", "jp"):
        res = figures.history(figures.HistoryRequest(host=host))
        assert res.rows() == records(res.frame)
        assert str(res.frame["amount"].dtype) == "Int64"


@given(st.lists(st.tuples(st.integers(-10**12, 10**12) | st.none(), st.floats(allow_nan=True) | st.integers(-5, 5) | st.none(),
                          st.text(max_size=3) | st.none(), st.booleans() | st.none(), st.integers(0, 3)),
                min_size=1, max_size=10))
@settings(max_examples=150, deadline=None)
def test_frame_rows_are_the_dataframes_rows_without_building_it(rows):
    """The terminal's tables read `frame_rows()`: the values and types `row_dicts(frame())` gives
    (numbers with a gap as floats, Int64 as integers), with no DataFrame built; a missing value is
    None or NaN (pandas 3 keeps a missing text as NaN), which a table's cell reads alike (`clean`)."""
    cols = Columns.from_rows([{"money": m, "num": n, "word": w, "flag": f, "count": c} for m, n, w, f, c in rows],
                             {"currency": "KRW"}, {"money": "Int64"})
    got, expected = cols.frame_rows(), row_dicts(cols.frame())
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert list(g) == list(e)
        assert all(same(clean(g[k]), clean(e[k])) for k in e), (g, e)
        assert all(same(g[k], e[k]) for k in e if e[k] is not None and not (isinstance(e[k], float) and math.isnan(e[k]))), (g, e)


def test_frame_rows_of_every_schedule_and_history_are_the_dataframes():
    results = [figures.schedule(figures.ScheduleRequest(agreement=f"sma-{n}")) for n in range(1, 13)]
    results += [figures.history(figures.HistoryRequest(host=h)) for h in ("kr", "jp")]
    for res in results:
        got = res.frame_rows()  # before the DataFrame is built
        expected = row_dicts(res.frame)
        assert len(got) == len(expected)
        assert all(list(g) == list(e) and all(same(clean(g[k]), clean(e[k])) for k in e) for g, e in zip(got, expected, strict=True))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_rule_words_a_year_from_the_fields_it_declares(lang):
    """A year's words are kept by the fields its rule declares it reads (`basis_reads`): from those
    fields alone every kind words every year of every host's history as from the whole row, and the
    schedule's words (kept across requests) are those of the rows."""
    from burdenshare.analysis.schedule import _basis, describe_columns, history_columns, series_names
    from burdenshare.i18n import language
    from burdenshare.model.catalog import catalog, host_ids

    kinds = set()
    with language(lang):
        for host in host_ids():
            cat = catalog(host)
            cols = history_columns(cat, cat.inputs())
            rules, names = cols.attrs["rules"], series_names(cat)
            for row in cols.rows():
                rule = rules[row["year"]]
                assert rule.basis_reads is not None, type(rule).__name__
                kinds.add(type(rule).__name__)
                full = str(rule.basis({**row, "series_names": names}))
                alone = {f: row.get(f) for f in rule.basis_reads}
                alone["series_names"] = names
                assert str(rule.basis(alone)) == full, (host, row["year"])
            for _ in range(2):  # the second time from the kept words
                assert describe_columns(cols, cat)["basis"] == _basis(cols.rows(), rules, series_names(cat))
    assert len(kinds) >= 3
