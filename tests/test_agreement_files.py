"""A user's own agreement file: loaded, validated (file, field, line) and computed like a bundled one."""

import subprocess
import textwrap

import pytest

import burdenshare as bs
from burdenshare.errors import DataFileError, InputError, MissingValueError

GOOD = """\
id: my-13th
title: A hypothetical 13th SMA
host: kr
parties: [Republic of Korea, United States]
currency: KRW
term: {start: 2031, end: 2033}
follows: sma-12
years:
  - years: 2031
    rule: change
    pct: 3.0
  - years: 2032-2033
    rule: indexed
    series: cpi
    lag: 2
    cap_pct: 4.0
"""


def write(tmp_path, text, name="a.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return p


def test_user_agreement_follows_the_bundled_chain(tmp_path):
    s = bs.schedule(str(write(tmp_path, GOOD)))
    assert s["year"].tolist() == [2031, 2032, 2033]
    y2030 = bs.history().set_index("year").at[2030, "amount"]
    assert s.loc[0, "amount"] == round(y2030 * 1.03 / 1e8) * 100_000_000
    assert (s["status"] == "projected").all()


def test_missing_assumption_for_a_future_year(tmp_path):
    text = GOOD.replace("term: {start: 2031, end: 2033}", "term: {start: 2031, end: 2045}").replace("2032-2033", "2032-2045")
    with pytest.raises(MissingValueError) as e:
        bs.schedule(str(write(tmp_path, text)))
    assert "kr_cpi_inflation for 2041" in str(e.value)
    assert e.value.where == "overrides.kr_cpi_inflation.2041" and (e.value.series, e.value.year) == ("kr_cpi_inflation", 2041)
    # and the user can supply it
    s = bs.schedule(str(write(tmp_path, text)), overrides={"cpi": {2041: 2.0, 2042: 2.0, 2043: 2.0}})
    assert len(s) == 15


@pytest.mark.parametrize("old,new,field,line,msg", [
    ("    pct: 3.0", "    pct: lots", "years[0].pct", 11, "must be a number"),
    ("    lag: 2", "    lag: -1", "years[1].lag", 15, "must be at least 0"),
    ("    rule: indexed", "    rule: magic", "years[1].rule", 13, "'magic' is not one of"),
    ("currency: KRW", "currency: won", "currency", 5, "does not have the expected form"),
    ("title: A hypothetical 13th SMA\n", "", "title", None, "is required but missing"),
    ("    cap_pct: 4.0", "    cap_pct: .nan", "years[1].cap_pct", 16, "finite"),
    ("    cap_pct: 4.0", "    cap_pct: 4.0\n    colour: red", "years[1].colour", 17, "not a known field"),
    ("  - years: 2032-2033", "  - years: 2032-2034", None, None, "outside the term"),
    ("  - years: 2032-2033", "  - years: 2033", None, None, "no rule for year(s) 2032"),
    ("    series: cpi", "    series: my-13th", None, None, "refers to itself"),
    ("follows: sma-12", "follows: my-13th", None, None, "cannot follow itself"),
])
def test_malformed_file_names_file_field_and_line(tmp_path, old, new, field, line, msg):
    assert old in GOOD
    p = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(DataFileError) as e:
        bs.schedule(str(p))
    err = e.value
    assert err.path == str(p) and msg in str(err)
    if field:
        assert err.field == field
    if line:
        assert err.line == line


def test_invalid_yaml_and_not_a_mapping(tmp_path):
    with pytest.raises(DataFileError, match="line 2"):
        bs.schedule(str(write(tmp_path, "id: x\n  - : [\n")))
    with pytest.raises(DataFileError, match="mapping"):
        bs.schedule(str(write(tmp_path, "- 1\n- 2\n")))


def test_aliases_are_refused_at_their_line(tmp_path):
    """A file cannot expand into a huge document: an alias is refused where it stands (a billion
    laughs, a merge key), before anything is built from it."""
    laughs = GOOD + "x: &a [lol, lol]\ny: &b [*a, *a]\nz: [*b, *b]\n"
    with pytest.raises(DataFileError, match="aliases are not supported") as e:
        bs.schedule(str(write(tmp_path, laughs)))
    assert e.value.line == GOOD.count("\n") + 2
    with pytest.raises(DataFileError, match="aliases are not supported") as e:
        bs.schedule(str(write(tmp_path, GOOD.replace("    lag: 2\n", "    <<: *nowhere\n"))))
    assert e.value.line == GOOD.splitlines().index("    lag: 2") + 1


def test_relative_first_year_needs_follows_or_base(tmp_path):
    with pytest.raises(DataFileError, match="follows"):
        bs.schedule(str(write(tmp_path, GOOD.replace("follows: sma-12\n", ""))))


def test_follows_unknown_or_with_a_gap(tmp_path):
    with pytest.raises(InputError, match="unknown agreement 'sma-77'"):
        bs.schedule(str(write(tmp_path, GOOD.replace("follows: sma-12", "follows: sma-77"))))
    with pytest.raises(InputError, match="must end the year before"):
        bs.schedule(str(write(tmp_path, GOOD.replace("follows: sma-12", "follows: sma-10"))))


def test_cycle_of_user_agreements_is_refused(cat):
    from burdenshare.model.agreement import Agreement
    from burdenshare.model.timeline import lineage

    def mk(i, follows):
        return Agreement.model_validate({
            "id": f"c{i}", "title": "t", "host": "kr", "parties": ["A", "B"], "currency": "KRW",
            "term": {"start": 2040 + i, "end": 2040 + i}, "follows": follows,
            "years": [{"years": 2040 + i, "rule": "change", "pct": 1}],
        })
    a, b = mk(0, "c1"), mk(1, "c0")
    with pytest.raises(InputError, match="cycle"):
        lineage(a, {"c0": a, "c1": b})


def test_cli_reports_the_file_field_and_line(tmp_path):
    p = write(tmp_path, GOOD.replace("    lag: 2", "    lag: two"))
    from test_cli import EXE

    r = subprocess.run([EXE, "schedule", str(p)], check=False, capture_output=True, text=True)
    assert r.returncode == 2
    assert f"{p}, line 15, field 'years[1].lag'" in r.stderr and "Traceback" not in r.stderr


def test_category_share_provision_gives_exact_bounds(tmp_path):
    text = GOOD + """provisions:
  - kind: category_min_share
    category: labour
    share: "0.47"
  - kind: category_max_share
    category: construction
    share: "1/3"
"""
    s = bs.schedule(str(write(tmp_path, text)))
    for amount, lo, hi in zip(s["amount"], s["min_labour"], s["max_construction"], strict=True):
        assert lo == -(-amount * 47 // 100) and hi == amount // 3
