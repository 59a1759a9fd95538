"""The whole bill: the support ledger (totals only where every component is known; published totals
against their parts), the contribution's execution, the claims checked against the model, the
2025-2026 scenarios, Japan's next agreement, and the source registry's hygiene."""

import json
import math
import re

import pandas as pd
import pytest
from test_cli import run

import burdenshare as bs
from burdenshare.data import DATA_DIR
from burdenshare.errors import DataFileError, InputError
from burdenshare.model.catalog import catalog, host_ids
from burdenshare.model.ledger import _ledger, ledger_of
from burdenshare.ops.figures import used_by

# --- the ledger ---------------------------------------------------------------------------------

def test_every_published_total_agrees_with_the_sum_of_its_parts():
    for host in host_ids():
        if ledger_of(catalog(host)) is None:  # a host's ledger is optional (the "new host" recipe)
            continue
        checks = bs.ledger(host=host, table="checks")
        published = checks[checks["status"] == "published"]
        bad = published[~published["result"].isin(["matches", "within rounding", "parts incomplete"])]
        assert bad.empty, bad.to_dict(orient="records")


def test_the_complete_2015_table_adds_up_exactly():
    checks = bs.ledger(start=2015, end=2015, table="checks")
    mnd = checks[(checks["definition"] == "mnd") & (checks["against"] == "components") & (checks["status"] == "published")]
    got = {r["total"]: (r["published"], r["sum"], r["result"]) for r in mnd.to_dict(orient="records")}
    assert got["direct"] == (2_427_900_000_000, 2_427_900_000_000, "matches")
    assert got["indirect"] == (958_900_000_000, 958_900_000_000, "matches")
    assert got["recurring"] == (3_386_800_000_000, 3_386_800_000_000, "matches")
    assert got["temporary"] == (2_069_500_000_000, 2_069_500_000_000, "matches")
    # MND's reported 5조4564억 is one 억 above the table's parts: rounding, not an error
    assert got["all"] == (5_456_400_000_000, 5_456_300_000_000, "within rounding")


def test_totals_only_where_every_component_is_known():
    df = bs.ledger(host="kr")
    spec = ledger_of(catalog("kr")).spec
    for r in df.to_dict(orient="records"):
        d = spec.definition(r["definition"])
        comps = [c for c in d.components if c in spec.components]
        if r["status"] == "complete":
            assert r["total"] == pytest.approx(sum(r[c] for c in comps)) and not isinstance(r["missing"], str)
        elif r["status"] == "partial":
            assert math.isnan(r["total"]) and isinstance(r["missing"], str)
            assert all(math.isnan(r[c]) for c in r["missing"].split(", "))
    assert set(df.loc[df["period"] == "2015", "status"]) == {"complete"}
    later = df[(df["first_year"] > 2015) & (df["definition"] == "mnd")]
    assert len(later) and set(later["status"]) == {"partial"}  # only the contribution is known after 2015


def test_the_contribution_comes_from_the_agreements_where_no_ledger_source_gives_it():
    df = bs.ledger(start=2024, end=2027).set_index("period")
    assert df.at["2025", "sma"] == 1_402_800_000_000 and df.at["2025", "contribution_basis"] == "agreement:derived"
    assert df.at["2026", "contribution_basis"] == "agreement:published"
    assert df.at["2027", "contribution_basis"] == "agreement:derived"  # from 2025 CPI, observed
    # the SMA's cash and in-kind parts are never published as amounts: unknown, not estimated
    assert df["sma_cash"].isna().all() and df["sma_in_kind"].isna().all()


def test_both_definitions_are_kept_and_labelled():
    res = bs.ledger(table="items")
    assert {"mnd", "dod", "gao"} <= set(res["definition"])
    gao = res[res["definition"] == "gao"]
    assert (gao["period"] == "2016-2019").all()
    assert gao.loc[gao["support"] == "indirect", "status"].tolist() == ["unknown"]  # GAO does not quantify it
    assert res.attrs["meta"]["definitions"]["mnd"]["by"] == "Ministry of National Defense (ROK)"


def test_cli_ledger_from_2015_shows_components_and_partial_totals():
    p = run("ledger", "--host", "kr", "--from", "2015")
    assert p.returncode == 0, p.stderr
    for text in ("KATUSA", "land", "5,456.3", "complete", "partial", "within", "Published totals checked"):
        assert text in p.stdout, text
    assert "2014 " not in p.stdout  # from 2015
    js = json.loads(run("ledger", "--host", "kr", "--from", "2015", "--format", "json").stdout)
    assert {"meta", "ledger", "items", "checks"} <= set(js)
    csv = run("ledger", "--host", "jp", "--format", "csv").stdout
    assert csv.startswith("period,first_year,last_year,definition")


def test_execution_spent_is_computed_and_balances_are_dated():
    ex = bs.execution()
    row = {(r["period"], r["measure"]): r for r in ex.to_dict(orient="records") if r["category"] == "total" and r["status"] != "alternative"}
    assert row[("2012", "spent")]["value"] == 945_500_000_000 - 307_500_000_000
    assert row[("2012", "spent")]["status"] == "computed"
    balances = ex[ex["measure"] == "balance"]
    assert len(balances) >= 4 and balances["as_of"].notna().all()
    assert 621_000_000_000 in set(balances["value"])
    p = run("ledger", "--execution", "--from", "2009", "--to", "2014")
    assert p.returncode == 0 and "carried" in p.stdout and "unspent" in p.stdout and "727.2" in p.stdout


@pytest.mark.parametrize("line,field,msg", [
    ("2015,mnd,direct,landz,x,x,1,KRW,published,mnd-wp-2018-appx17,", "component", "not one of the ledger's components"),
    ("2015,mnd,direct,land,x,x,1.5,KRW,published,mnd-wp-2018-appx17,", "value", "whole amount"),
    ("2015,mnd,direct,land,x,x,1,KRW,guessed,mnd-wp-2018-appx17,", "status", "not one of"),
    ("2015,mnd,direct,land,x,x,1,KRW,published,my-blog,", "source", "not in the source registry"),
    ("2015,xyz,direct,land,x,x,1,KRW,published,mnd-wp-2018-appx17,", "definition", "not one of the ledger's definitions"),
    ("2015,mnd,grand,total,x,x,1,KRW,published,mnd-wp-2018-appx17,", "support", "not one of the totals"),
    ("2015,mnd,direct,land,x,x,,KRW,published,mnd-wp-2018-appx17,", "value", "mark the row 'unknown'"),
])
def test_bad_ledger_rows_name_file_line_and_field(data_copy, line, field, msg):
    path = data_copy / "ledger" / "kr.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text.append(line)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    from burdenshare.model.catalog import load_catalog

    cat = load_catalog("kr", data_copy)
    with pytest.raises(DataFileError) as e:
        _ledger("kr", str(data_copy), frozenset(cat.sources), ("KRW", "USD"), ("total", *cat.host.categories))
    assert e.value.path == str(path) and e.value.field == field and e.value.line == len(text)
    assert msg in str(e.value)


def test_ledger_notes_are_in_both_languages():
    from burdenshare.i18n import language

    for host in host_ids():
        led = ledger_of(catalog(host))
        if led is None:
            continue
        for row in (*led.items, *led.execution):
            if row.note or row.note_ko:
                assert row.note and row.note_ko and row.note != row.note_ko, (host, row.period, row.note, row.note_ko)
                # an English reader reads English: amounts in English units, Korean terms in the Korean note
                assert not re.search("[\uac00-\ud7a3]", row.note), (host, row.period, row.note)
    for c in catalog("kr").categories + catalog("jp").categories:
        assert bool(c.note) == bool(c.note_ko), (c.year, c.category, c.note)
    with language("ko"):
        items = bs.ledger(host="kr", start=2015, end=2015, table="items")
        ex = bs.execution(host="kr", start=2009, end=2012)
    assert "국방예산 외(주한미군지위협정 제23조)" in set(items["note"])
    assert "이월액" in set(ex["note"]) and "예산현액에서 미집행액을 뺀 값" in set(ex["note"])
    items = bs.ledger(host="kr", start=2015, end=2015, table="items")
    assert "outside the defence budget (SOFA Art. 23)" in set(items["note"])
    assert "carried over" in set(bs.execution(host="kr", start=2009, end=2009)["note"])


def test_a_ledger_file_may_leave_out_note_ko(data_copy):
    """note_ko is optional: without the column every note reads in English in either language."""
    import csv

    from burdenshare.i18n import language
    from burdenshare.model.catalog import load_catalog

    for name in ("kr.csv", "kr-execution.csv"):
        path = data_copy / "ledger" / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0][-1] == "note_ko"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(r[:-1] for r in rows)
    cat = load_catalog("kr", data_copy)
    led = _ledger("kr", str(data_copy), frozenset(cat.sources), ("KRW", "USD"), ("total", *cat.host.categories))
    assert len(led.items) == len(ledger_of(catalog("kr")).items) and not any(i.note_ko for i in led.items)
    row = next(i for i in led.items if i.note == "defence budget")
    with language("ko"):
        assert row.note_text() == "defence budget"
    # a column that is neither the full header nor the header without note_ko is an error
    path = data_copy / "ledger" / "kr.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",note\n", ",remark\n", 1), encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        _ledger.__wrapped__("kr", str(data_copy), frozenset(cat.sources), ("KRW", "USD"), ("total", *cat.host.categories))
    assert e.value.line == 1 and "note_ko" in str(e.value)


# --- claims ---------------------------------------------------------------------------------------

def test_every_quote_is_kept_as_printed_and_translated_by_burdenshare(client):
    from burdenshare.analysis.claims import bundled_claims
    from burdenshare.i18n import language

    for host in host_ids():
        for c in bundled_claims(catalog(host)).values():
            for said in (c, *c.statements, *c.responses, *c.context):
                assert not said.missing_translations(), (c.id, said.quote)
    c = bundled_claims(catalog("kr"))["trump-10bn-2025"]
    assert c.language == "en" and c.quote.startswith("I said for South Korea as an example")  # the words, unaltered
    assert c.translation("ko").startswith("예를 들어") and c.translation("en") == ""
    es = bundled_claims(catalog("kr"))["joint-fact-sheet-33bn-2025"].responses[0]
    assert es.language == "es" and es.quote.startswith("el Gobierno surcoreano") and es.translation("en") and es.translation("ko")
    with language("ko"):
        said = bs.claim("trump-10bn-2025")["said"]
    assert (said["quote_lang"] == "en").all() and said["quote_translation"].str.len().gt(0).all()
    ko = client.get("/claims/trump-10bn-2025", params={"lang": "ko"}).text
    assert '<p class="quote-original" lang="en">I said for South Korea' in ko
    assert '<p class="quote-translation" lang="ko">예를 들어' in ko and "(번역: burdenshare)" in ko
    en = client.get("/claims/sma12-5pct-cap", params={"lang": "en"}).text
    assert 'class="quote-original" lang="ko">현행 국방비 증가율' in en and "(translation: burdenshare)" in en
    # a page in the quote's own language shows no translation
    assert "(번역: burdenshare)" not in client.get("/claims/sma12-5pct-cap", params={"lang": "ko"}).text.split('id="years"')[0]
    client.cookies.clear()  # the language chosen here is not the next test's
    p = run("--lang", "ko", "claim", "trump-10bn-2025")
    assert p.returncode == 0 and "(번역: burdenshare)" in p.stdout and "I said for South Korea" in p.stdout


def test_a_translation_must_be_into_another_language():
    from burdenshare.analysis.claims import Said

    Said(who="x", source="s", quote="They pay us very little", quote_translation={"ko": "거의 내지 않는다"})
    for bad in ({"en": "They pay"}, {"fr": "Ils paient"}, {"ko": " "}):
        with pytest.raises(ValueError):
            Said(who="x", source="s", quote="They pay us very little", quote_translation=bad)
    with pytest.raises(ValueError):
        Said(who="x", source="s", summary="no words", quote_translation={"ko": "번역"})
    assert Said(who="x", source="s", quote="한국은 거의 내지 않는다").language == "ko"

def test_claim_lists_the_claims_with_their_sources():
    p = run("claim")
    assert p.returncode == 0, p.stderr
    for cid in ("trump-10bn-2025", "joint-fact-sheet-33bn-2025", "korea-pays-very-little-2025", "sma12-5pct-cap",
                "defence-3-5pct-gdp-2025"):
        assert cid in p.stdout
    df = bs.claims()
    assert df["source"].map(lambda s: s in catalog("kr").sources).all() and df["quality"].notna().all()


def test_ten_billion_a_year_against_the_model():
    r = bs.claim("trump-10bn-2025")
    y = r["years"].set_index("year")
    cat = catalog("kr")
    fx25 = cat.book.pick("krw_per_usd", 2025).value
    assert y.at[2025, "claim_dollars"] == 10e9
    assert y.at[2025, "claim"] == round(10e9 * fx25)
    assert y.at[2025, "claim_to_sma"] == pytest.approx(10e9 * fx25 / 1_402_800_000_000)
    assert y.at[2025, "claim_per_soldier_dollars"] == pytest.approx(10e9 / 28_500)
    assert y.at[2025, "claim_share_defence_budget_pct"] == pytest.approx(10e9 * fx25 / 61.2469e12 * 100)
    assert y.at[2025, "claim_share_gdp_pct"] == pytest.approx(10e9 * fx25 / 2663.3e12 * 100)
    assert math.isnan(y.at[2026, "claim_share_gdp_pct"])  # 2026 GDP: no source yet, so unknown
    assert set(r["said"]["role"]) == {"claim", "statement", "response", "context"}
    assert (r["ledger"]["claim_per_year_to_this"] > 1).all()
    p = run("claim", "trump-10bn-2025")
    assert p.returncode == 0, p.stderr
    for text in ("$10 billion", "claim / SMA", "350,877", "Sources on both sides", "Korea JoongAng Daily (Yonhap)", "10.1x"):
        assert text in p.stdout, text
    assert "joongang-2025-07-09-mofa" not in p.stdout  # the publisher, never the source's id


def test_thirty_three_billion_is_spread_over_the_ten_years_the_government_described():
    r = bs.claim("joint-fact-sheet-33bn-2025")
    y = r["years"]
    assert list(y["year"]) == list(range(2026, 2036))
    assert (y["claim_dollars"] == 3.3e9).all()
    assert y.loc[y["year"] > 2030, "sma"].isna().all()  # no agreement after 2030
    assert "secondary" in set(r["said"]["quality"])


def test_the_cap_claim_shows_where_the_cap_applies():
    y = bs.claim("sma12-5pct-cap")["years"].set_index("year")
    assert math.isnan(y.at[2026, "agreement_cap_pct"]) and y.at[2026, "change_pct"] > 5  # 2026 was set by the agreement
    assert (y.loc[2027:, "agreement_cap_pct"] == 5.0).all() and not y["cap_binds"].any()
    assert "1,551.1 billion" in y.at[2027, "caveat"] and "1,551.5 billion" in y.at[2027, "caveat"]
    assert "억" not in y.at[2027, "caveat"]  # English amounts in English units


def test_unknown_claim_names_the_field():
    with pytest.raises(InputError) as e:
        bs.claim("trump-20bn")
    assert e.value.where == "claim"
    p = run("claim", "trump-20bn", ok=False)
    assert p.returncode == 2 and "CLAIM" in p.stderr


def test_cpi_rounding_question_is_stated_where_2027_is_shown():
    s = bs.schedule("sma-12").set_index("year")
    assert s.at[2027, "amount"] == 1_551_100_000_000 and s.at[2027, "status"] == "derived"
    assert "1,551.1 billion" in s.at[2027, "basis"] and "1,550.3-1,551.9 billion" in s.at[2027, "basis"]
    assert "1,551.4-1,551.7 billion" in s.at[2027, "basis"]
    assert "억" not in s.at[2027, "basis"] and "1,551.1" not in str(s.at[2028, "basis"])


def test_the_2027_note_s_ranges_follow_from_the_rule_and_the_published_indices(cat):
    """The note's figures recomputed exactly: 2026 x (1 + rate), rounded half up to 100 million won,
    for any rate that rounds to the published one decimal, and for any pair of indices that round to
    the published two decimals (the upper ends excluded, as rounding excludes them)."""
    from fractions import Fraction as F

    s = bs.schedule("sma-12").set_index("year")
    base = int(s.at[2026, "amount"])
    step = 100_000_000

    def rounded(x):
        return (x / step + F(1, 2)).__floor__() * step

    def just_below(x):  # the amount for a rate a hair under x (x itself rounds to the next decimal)
        return rounded(base * x - F(1, 10**9))

    rate = F(str(cat.book.pick("kr_cpi_inflation", 2025).value))
    low, high = rounded(base * (1 + (rate - F(5, 100)) / 100)), just_below(1 + (rate + F(5, 100)) / 100)
    i24, i25 = (F(str(cat.book.pick("kr_cpi_index", y).value)) for y in (2024, 2025))
    half = F(5, 1000)
    ilow, ihigh = rounded(base * (i25 - half) / (i24 + half)), just_below((i25 + half) / (i24 - half))
    exact = rounded(base * i25 / i24)
    en = s.at[2027, "basis"]

    def bn(x):
        return f"{x / 10**9:,.1f}"

    assert f"{bn(low)}-{bn(high)} billion" in en
    assert f"{bn(ilow)}-{bn(ihigh)} billion" in en and f"{bn(exact)} billion with the indices" in en
    assert (low, high, ilow, ihigh, exact) == (1_550_300_000_000, 1_551_900_000_000, 1_551_400_000_000,
                                               1_551_700_000_000, 1_551_500_000_000)


# --- scenarios --------------------------------------------------------------------------------------

def test_ten_billion_and_three_and_a_half_percent_run_in_compare():
    t = bs.compare_totals("sma-12", ["trump-10bn-a-year", "defence-3-5pct-gdp"]).set_index("scenario")
    assert t.at["trump-10bn-a-year", "total_dollars"] == pytest.approx(5 * 10e9, rel=1e-3)
    assert t.at["defence-3-5pct-gdp", "diff"] > 0
    rows = bs.compare("sma-12", ["defence-3-5pct-gdp"]).set_index(["scenario", "year"])
    # 2029 uses 2028's defence growth: the 7.7% path, not the plan's 5.1%
    assert rows.loc[("defence-3-5pct-gdp", 2029), "amount"] == round(rows.loc[("defence-3-5pct-gdp", 2028), "amount"] * 1.077, -8)
    p = run("compare", "sma-12", "trump-10bn-a-year", "defence-3-5pct-gdp")
    assert p.returncode == 0, p.stderr


def test_japans_next_agreement_case_and_scenarios():
    cases = bs.negotiation_cases(host="jp").set_index("id")
    assert cases.at["jp-sma-2027-talks", "status"] == "open" and cases.at["jp-sma-2027-talks", "positions"] >= 5
    t = bs.compare_totals("jp-sma-2022", ["jp-2027-current-level", "jp-2027-fy2026-frozen", "jp-2027-cost-plus-50"],
                          host="jp").set_index("scenario")
    assert t.at["jp-2027-current-level", "total"] == 5 * 211_000_000_000
    assert t.at["jp-2027-fy2026-frozen", "total"] == 5 * 219_100_000_000
    assert (t["first_year"] == 2027).all() and (t["last_year"] == 2031).all()
    assert pd.isna(t.at["baseline", "total"])  # the 2022 agreement ends in FY2026
    sol = bs.negotiation_solutions("jp-sma-2027-talks", host="jp")
    assert len(sol)


def test_hosts_compared_to_2031_under_a_scenario():
    df = bs.hosts(start=2026, end=2031, scenario_for={"jp": "jp-2027-current-level"})
    jp = df[(df["host"] == "jp") & (df["measure"] == "contribution_dollars")].set_index("period")
    assert list(jp.index) == [str(y) for y in range(2026, 2032)]
    assert (jp.loc["2027":, "status"] == "scenario").all() and (jp.loc["2027":, "scenario"] == "jp-2027-current-level").all()
    assert df.attrs["meta"]["scenarios"]["jp"]["id"] == "jp-2027-current-level"
    with pytest.raises(InputError) as e:
        bs.hosts(scenario_for={"jp": "nope"})
    assert e.value.where == "scenario_for.jp"


# --- source hygiene ----------------------------------------------------------------------------------

def test_every_registry_source_is_used_by_some_data_file():
    cat = catalog("kr")
    used = used_by(cat)
    unused = sorted(set(cat.sources) - set(used))
    assert not unused, unused
    assert "agreements/jp/jp-sma-2022.yaml" in used["mof-jp-fy2026-draft-defence"]  # other hosts' files count too
    assert "ledger/kr.csv" in used["mnd-wp-2018-appx17"] and "claims/kr/trump-10bn-2025.yaml" in used["koreaherald-2025-07-09"]


URL = re.compile(r"https?://[^\s,\"'<>]+")


def test_every_address_in_the_data_is_in_the_registry():
    registry = {s.url for s in catalog("kr").sources.values()}
    found = []
    for path in DATA_DIR.rglob("*"):
        # providers.yaml names where `update` fetches each series (API documentation), not a figure's source
        if path.suffix not in (".csv", ".yaml", ".yml", ".json") or path.name in ("sources.csv", "providers.yaml"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for url in URL.findall(line):
                if url not in registry:
                    found.append(f"{path.relative_to(DATA_DIR)}:{n}: {url}")
    assert not found, "\n".join(found)


def test_negotiation_cases_cite_registry_ids_only():
    from burdenshare.analysis.negotiation.case import bundled_cases

    for h in host_ids():
        cat = catalog(h)
        for case in bundled_cases(cat).values():
            for ref in case.cited():
                assert ref in cat.sources, (case.id, ref)


def test_every_source_has_a_quality_and_sources_shows_it():
    cat = catalog("kr")
    assert {s.quality for s in cat.sources.values()} == {"primary", "press", "secondary"}
    assert cat.sources["globalcolumn-2018-12-wsj"].quality == "secondary"
    p = run("sources", "--format", "json")
    rows = json.loads(p.stdout)["rows"]
    assert all(r["quality"] for r in rows)
    assert "quality" in run("sources").stdout


def test_a_bad_quality_is_reported(data_copy):
    path = data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",secondary,", ",dubious,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from burdenshare.model.catalog import load_catalog

    with pytest.raises(DataFileError) as e:
        load_catalog("kr", data_copy)
    assert e.value.field == "quality" and e.value.line == 2


# --- web -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    db = tmp_path_factory.mktemp("db") / "t.db"
    with TestClient(create_app(f"sqlite:///{db}", jobs=False)) as c:
        yield c


def test_web_ledger_claims_and_pages(client):
    r = client.get("/api/v1/ledger", params={"start": 2015, "end": 2015})
    assert r.status_code == 200 and r.json()["ledger"][0]["status"] == "complete"
    r = client.get("/api/v1/claims/trump-10bn-2025")
    assert r.status_code == 200 and r.json()["meta"]["claim"]["per_year"]["amount"] == 10e9
    r = client.get("/api/v1/claims/nope")
    assert r.status_code == 404 and r.json()["where"] == "claim"
    assert client.get("/api/v1/ledger/execution").json()["rows"]
    x = client.get("/api/v1/ledger.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    for page, text in (("/ledger", "KATUSA"), ("/claims", "trump-10bn-2025"), ("/claims/trump-10bn-2025", "Sources on both sides"),
                       ("/ledger?host=jp", "USFJ")):
        r = client.get(page)
        assert r.status_code == 200 and text in r.text, page
        assert "<script>" not in r.text  # strict CSP: no inline script
    assert client.get("/api/v1/hosts", params={"scenario": "jp:jp-2027-current-level", "end": 2031}).status_code == 200
    assert client.get("/api/v1/hosts", params={"scenario": "jp-2027"}).json()["where"] == "scenario_for"


def test_the_pages_lead_with_a_finding_from_the_figures():
    from burdenshare.i18n import language
    from burdenshare.ops import claims as claims_ops, ledger as ledger_ops
    from burdenshare.present import findings

    res = ledger_ops.ledger(ledger_ops.LedgerRequest())
    df = res["ledger"].frame
    full = df[(df["status"] == "complete") & (df["first_year"] == df["last_year"])].iloc[-1]
    share = full["sma"] / full["total"] * 100
    text = findings.ledger(res)
    assert str(int(full["first_year"])) in text and f"({share:.0f}%)" in text
    claim = claims_ops.claim(claims_ops.ClaimRequest(claim="trump-10bn-2025"))
    first = claim["years"].frame.dropna(subset=["claim_to_sma"]).iloc[0]
    assert f"{first['claim_to_sma']:.1f} times" in findings.claim(claim)
    with language("ko"):
        assert f"{first['claim_to_sma']:.1f}배" in findings.claim(claims_ops.claim(claims_ops.ClaimRequest(claim="trump-10bn-2025")))
    assert findings.claim(claims_ops.claim(claims_ops.ClaimRequest(claim="korea-pays-very-little-2025"))) == ""


def test_unspent_money_reported_in_2025_is_in_the_execution_ledger():
    """In-kind support not executed at the end of 2023 (won) and cash at the end of 2024 (dollars),
    as reported from MND and MOFA data in July 2025; the dollar balance is never shown as won."""
    from burdenshare.ops import ledger as ledger_ops
    from burdenshare.ops.common import validate

    df = ledger_ops.execution(validate(ledger_ops.ExecutionRequest, {"host": "kr"})).frame
    rows = {(r.as_of, r.measure): r for r in df.itertuples()}
    assert rows[("2023-12", "unexecuted")].value == 1_915_100_000_000 and rows[("2023-12", "unexecuted")].currency == "KRW"
    cash = rows[("2024-12", "balance")]
    assert cash.value == 181_000_000 and cash.currency == "USD" and cash.value_dollars == 181_000_000
    p = run("ledger", "--execution", "--from", "2024")
    line = next(x for x in p.stdout.splitlines() if "2024-12" in x)
    assert "181" in line and "0.2" not in line
