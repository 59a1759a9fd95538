"""The bundled data: every value sourced, schemas honoured, bad data files reported precisely."""

import json

import pytest

from burdenshare.data import DATA_DIR
from burdenshare.errors import DataFileError, UnknownNameError
from burdenshare.model.catalog import load_catalog
from burdenshare.model.series import STATUSES


def test_every_series_value_and_rule_cites_a_registered_source(cat):
    for name in cat.book.names:
        for v in cat.book.rows(name):
            assert v.source in cat.sources, (name, v.year)
            assert v.status in STATUSES
            assert (v.value is None) == (v.status == "unknown")
    for a in cat.agreements.values():
        for r in a.years:
            assert r.source in cat.sources, (a.id, r.years)
    for s in cat.sources.values():
        assert s.url and s.title


def test_datapackage_lists_every_series_file():
    dp = json.loads((DATA_DIR / "datapackage.json").read_text())
    listed = {r["path"] for r in dp["resources"]}
    on_disk = {str(p.relative_to(DATA_DIR)) for p in (DATA_DIR / "series").rglob("*.csv")}
    assert on_disk <= listed


def test_as_applied_and_observed_values_are_both_kept(cat):
    rows = [v for v in cat.book.rows("kr_cpi_inflation") if v.year == 2008]
    assert {v.status: v.value for v in rows} == {"observed": 4.674, "applied": 4.7}
    assert cat.book.pick("kr_cpi_inflation", 2008).value == 4.7


def test_all_twelve_agreements_chain_1991_2030(cat):
    years = [y for aid in cat.host.agreements for y in cat.agreements[aid].year_range]
    assert years == list(range(1991, 2031))


@pytest.mark.parametrize("line,field,msg", [
    ("2000,abc,observed,wb-fp-cpi-totl-zg-2025-07,", "value", "not a number"),
    ("2000,nan,observed,wb-fp-cpi-totl-zg-2025-07,", "value", "not a finite number"),
    ("2000,,observed,wb-fp-cpi-totl-zg-2025-07,", "value", "mark the row 'unknown'"),
    ("2000,1.0,guessed,wb-fp-cpi-totl-zg-2025-07,", "status", "not one of"),
    ("2000,1.0,observed,,", "source", "needs a source"),
    ("2000,1.0,observed,my-blog,", "source", "not in the source registry"),
    ("20x0,1.0,observed,wb-fp-cpi-totl-zg-2025-07,", "year", "not a year"),
])
def test_bad_series_rows_name_file_line_and_field(data_copy, line, field, msg):
    path = data_copy / "series/kr/kr_cpi_inflation.csv"
    text = path.read_text().splitlines()
    text.append(line)
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(DataFileError) as e:
        load_catalog("kr", data_copy)
    assert e.value.path == str(path) and e.value.field == field and e.value.line == len(text)
    assert msg in str(e.value)


def test_negative_where_impossible(data_copy):
    path = data_copy / "series/kr/krw_per_usd.csv"
    path.write_text(path.read_text() + "2030,-1,observed,fred-aexkous-via-datasets,\n")
    with pytest.raises(DataFileError, match="below the minimum"):
        load_catalog("kr", data_copy)


def test_bad_agreement_in_the_bundle_is_reported(data_copy):
    path = data_copy / "agreements/kr/sma-08.yaml"
    path.write_text(path.read_text().replace("cap_pct: 4.0", "cap_pct: four"))
    with pytest.raises(DataFileError) as e:
        load_catalog("kr", data_copy)
    assert e.value.path == str(path) and e.value.field == "years[1].cap_pct" and e.value.line


def test_unknown_host():
    with pytest.raises(UnknownNameError, match="unknown host 'xx'"):
        load_catalog("xx")
