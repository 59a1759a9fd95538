"""The one checker of CSV data-file rows (model/datafile.py: csv_rows, CsvRow): what every CSV reader
(series, monthly series, overlay, reported figures) uses, so that a bad row is named alike by all."""

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from burdenshare.errors import DataFileError
from burdenshare.model.datafile import csv_rows

FIELDS = ["period", "value", "source", "note"]

years = st.integers(1800, 2200)
months = st.integers(1, 12)
periods = st.one_of(years.map(lambda y: f"{y:04d}"), st.tuples(years, months).map(lambda p: f"{p[0]:04d}-{p[1]:02d}"))
values = st.floats(allow_nan=False, allow_infinity=False, width=64)
good_rows = st.tuples(periods, values, st.sampled_from(["src-a", "src-b"]), st.text("abc ,\"", max_size=8))

# a spoiled field: (the field, its text, words of the message)
spoiled = st.sampled_from([
    ("period", "20x0", "not a period"),
    ("period", "2024-13", "not a period"),
    ("period", "", "not a period"),
    ("value", "abc", "not a number"),
    ("value", "", "not a number"),
    ("value", "nan", "not a finite number"),
    ("value", "-inf", "not a finite number"),
    ("source", "", "needs a source"),
    ("source", "my-blog", "not in the source registry"),
])


def _write(folder: str, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    w.writerows(rows)
    path = Path(folder) / "table.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _read(path: Path) -> list[tuple[str, float, str, str]]:
    out = []
    seen: set[str] = set()
    for row in csv_rows(path, FIELDS):
        period, _year, _month = row.period("period")
        row.once("period", period, seen)
        value, _text = row.number("value")
        out.append((period, value, row.source("source", frozenset({"src-a", "src-b"})), row.text("note")))
    return out


@settings(max_examples=80, deadline=None)
@given(st.lists(good_rows, max_size=12, unique_by=lambda r: r[0]), st.data())
def test_good_rows_read_back_and_a_spoiled_one_is_named_by_file_line_and_field(rows, data):
    text_rows = [[p, repr(v), s, n] for p, v, s, n in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, text_rows)
        assert _read(path) == [(p, v, s, n.strip()) for p, v, s, n in rows]

        at = data.draw(st.integers(0, len(text_rows)), label="row spoiled")
        field, text, words = data.draw(spoiled, label="spoiled field")
        bad = ["2999-01", "1.5", "src-a", ""]
        bad[FIELDS.index(field)] = text
        path = _write(folder, [*text_rows[:at], bad, *text_rows[at:]])
        with pytest.raises(DataFileError) as e:
            _read(path)
    assert (e.value.path, e.value.line, e.value.field) == (str(path), at + 2, field)
    assert words in str(e.value) and f"line {at + 2}" in str(e.value)


@settings(max_examples=30, deadline=None)
@given(st.lists(periods, min_size=1, max_size=6, unique=True), st.data())
def test_a_second_value_for_a_period_is_refused_on_its_line(ps, data):
    again = data.draw(st.sampled_from(ps))
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, [[p, "1", "src-a", ""] for p in [*ps, again]])
        with pytest.raises(DataFileError, match="a second value for") as e:
            _read(path)
    assert (e.value.line, e.value.field) == (len(ps) + 2, "period")


def test_the_header_is_checked_and_short_rows_read_as_empty(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("period,value\n2020,1\n")
    with pytest.raises(DataFileError, match="header must be period,value,source,note") as e:
        list(csv_rows(path, FIELDS))
    assert e.value.line == 1
    path.write_text("period,value,source,note\n2020,1\n")
    (row,) = csv_rows(path, FIELDS)
    assert (row.text("source"), row.text("note")) == ("", "")
    with pytest.raises(DataFileError, match="needs a source"):
        row.source()


def test_month_and_minimum(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("period,value,source,note\n2020,-1,s,\n2020-02,-1,s,\n")
    first, second = csv_rows(path, FIELDS)
    with pytest.raises(DataFileError, match=r"'2020' is not a month \(YYYY-MM\)"):
        first.month("period")
    assert second.month("period") == ("2020-02", 2020, 2)
    with pytest.raises(DataFileError, match="below the minimum 0 for xs") as e:
        second.number("value", 0, "xs")
    assert (e.value.line, e.value.field) == (3, "value")


def test_an_unknown_value_is_empty_and_a_known_one_is_not(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("period,value,source,note\n2020,,s,unknown\n2021,1,s,unknown\n2022,,s,observed\n")
    first, second, third = csv_rows(path, FIELDS)
    assert first.known("value", first["note"]) is None
    with pytest.raises(DataFileError, match="an unknown value must be left empty") as e:
        second.known("value", second["note"])
    assert (e.value.line, e.value.field) == (3, "value")
    with pytest.raises(DataFileError, match="mark the row 'unknown'"):
        third.known("value", third["note"])


def test_optional_columns_may_be_left_out_and_an_address_may_be_a_source(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("period,value,source\n2020,1,https://example.org/a\n")
    (row,) = csv_rows(path, FIELDS, optional=("note",))
    assert row["note"] == "" and row.source("source", frozenset(), addresses=True) == "https://example.org/a"
    with pytest.raises(DataFileError, match="not in the source registry"):
        row.source("source", frozenset())
    path.write_text("period,value\n2020,1\n")
    with pytest.raises(DataFileError, match=r"or without the optional note\)"):
        list(csv_rows(path, FIELDS, optional=("note",)))


def test_any_optional_column_may_be_left_out_but_not_reordered(tmp_path):
    path = tmp_path / "t.csv"
    fields = ["id", "a", "b", "c"]
    for header, ok in (("id,a,b,c", True), ("id,b,c", True), ("id,a,b", True), ("id,b", True), ("id,c,b", False), ("id,a", False)):
        path.write_text(header + "\n")
        if ok:
            assert list(csv_rows(path, fields, optional=("a", "c"))) == []
        else:
            with pytest.raises(DataFileError, match="header must be"):
                list(csv_rows(path, fields, optional=("a", "c")))
