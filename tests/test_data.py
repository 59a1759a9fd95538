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


# --- the source registry's labels follow one rule ---------------------------------------------------

def test_a_text_read_through_a_copy_is_secondary_whoever_published_it(cat):
    from burdenshare.model.sources import COPY_HOSTS, copy_host, load_copy_hosts

    hosts = load_copy_hosts(DATA_DIR / COPY_HOSTS)
    assert {"wic-net.com", "5ch.net", "82cook.com", "livein.co.kr", "zum.com"} <= set(hosts)
    copies = [s for s in cat.sources.values() if s.read_via or copy_host(s.url, hosts)]
    assert len(copies) >= 25
    assert all(s.quality == "secondary" for s in copies), [s.id for s in copies if s.quality != "secondary"]
    # the ones a review found labelled otherwise
    for sid in ("vop-2015-usfk-interest", "jiji-2021-12-25-fy2022", "mof-jp-fy2023-defence",
                "mof-jp-fy2026-draft-defence", "reuters-2025-05-28-asahi-hns"):
        assert cat.sources[sid].quality == "secondary", sid
    assert cat.sources["mof-jp-fy2026-draft-defence"].read_via.startswith("https://www.wic-net.com/")
    # a news organisation's own page stays press
    assert cat.sources["kbs-2019-11-06"].quality == "press"


def test_source_fixes_of_the_review(cat):
    wowtv = cat.sources["wowtv-2026-03-10-gdp"]
    assert wowtv.publisher.startswith("Korea Economic TV") and "SBS" not in wowtv.publisher_ko
    assert cat.sources["sbs-2025-09-mnd-plan"].date == "2025-09-03"


@pytest.mark.parametrize("edit,field", [
    (lambda row: row.replace("http://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=149193",
                             "https://news.zum.com/articles/1"), "quality"),
    (lambda row: row.rstrip("\n") + "https://www.82cook.com/entiz/read.php?num=1\n", "quality"),
    (lambda row: row.rstrip("\n") + "a forum post\n", "read_via"),
])
def test_a_label_that_contradicts_the_address_is_refused(data_copy, edit, field):
    path = data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if line.startswith("kbs-2019-11-06,"))
    lines[i] = edit(lines[i])
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        load_catalog("kr", data_copy)
    assert e.value.path == str(path) and e.value.field == field and e.value.line == i + 1


@pytest.mark.parametrize("file,line,field,msg", [
    ("agreements/kr/published.csv", "2030,1.5e12,KRW,hani-2005-04-26,primary,", "amount", "not a whole amount"),
    ("agreements/kr/published.csv", "20x0,1,KRW,hani-2005-04-26,primary,", "year", "not a year"),
    ("agreements/kr/published.csv", "2030,1,KRW,my-blog,primary,", "source", "not in the source registry"),
    ("agreements/kr/categories.csv", "2015,labour,-1,mnd-wp-2018-appx17,,", "amount", "must not be negative"),
    ("agreements/kr/categories.csv", "2015,parking,1,mnd-wp-2018-appx17,,", "category", "not one of the host's categories"),
])
def test_bad_published_and_category_rows_name_file_line_and_field(data_copy, file, line, field, msg):
    path = data_copy / file
    text = path.read_text(encoding="utf-8").splitlines()
    text.append(line)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        load_catalog("kr", data_copy)
    assert (e.value.path, e.value.field, e.value.line) == (str(path), field, len(text))
    assert msg in str(e.value)
