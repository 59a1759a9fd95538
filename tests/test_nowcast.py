"""The nowcast of a partly published year: properties on synthetic series (never written to data/),
the bundled monthly index against the published annual figures, and the command end to end."""

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from burdenshare.analysis import nowcast as nc
from burdenshare.model import overlay as ov
from burdenshare.model.catalog import catalog, data_roots
from burdenshare.model.kept import KeptWithCatalog
from burdenshare.model.monthly import monthly_series

SEASON = [0.5, 0.2, 0.1, 0.1, 0.0, 0.0, 0.2, 0.3, 0.2, 0.0, -0.3, 0.2]  # synthetic mean monthly changes (%)


def synthetic(shocks: list[float], start: float = 100.0, first_year: int = 2010) -> list[nc.Month]:
    """A synthetic monthly index (two decimals, as published) from a seasonal pattern plus shocks."""
    out: list[nc.Month] = []
    level = start
    for i, e in enumerate(shocks):
        level *= math.exp((SEASON[i % 12] + e) / 100)
        out.append((first_year + i // 12, i % 12 + 1, round(level, 2)))
    return out


shock_lists = st.lists(st.floats(min_value=-0.6, max_value=0.6, allow_nan=False), min_size=48, max_size=48)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(shock_lists)
def test_twelve_known_months_give_the_rule_applied_to_the_published_mean(shocks):
    months = synthetic(shocks)
    year = 2013
    base = nc.annual_index([v for y, _m, v in months if y == year - 1])
    got = nc.nowcast(months, year)
    expected = nc.annual_rate(nc.annual_index([v for y, _m, v in months if y == year]), base)
    assert got.known == 12 and got.sd == 0
    assert got.rate_1dp == expected and got.interval(0.80) == (expected, expected) == got.interval(0.95)
    assert got.prob_above(expected - 0.1) == 1.0 and got.prob_above(expected) == 0.0


@FAST
@given(shock_lists)
def test_the_interval_narrows_with_every_month_published(shocks):
    months = synthetic(shocks)
    year = 2013
    model = nc.fit([m for m in months if m[0] < year])  # one model, so that only the months known differ
    sds = [nc.nowcast(months, year, as_of=(year, k) if k else (year - 1, 12), model=model).sd for k in range(13)]
    assert all(later < earlier for earlier, later in itertools.pairwise(sds)), sds
    assert sds[-1] == 0


@FAST
@given(shock_lists, st.lists(st.floats(min_value=50, max_value=500, allow_nan=False), min_size=1, max_size=14),
       st.integers(min_value=0, max_value=11))
def test_as_of_never_reads_a_later_month(shocks, later_values, k):
    """Whatever the months after --as-of hold, the nowcast made as of then is the same."""
    months = synthetic(shocks)  # 2010-2013
    as_of = (2013, k) if k else (2012, 12)
    cut = nc.cut(months, as_of)
    key = cut[-1][0] * 12 + cut[-1][1] - 1
    extra = [((key + 1 + i) // 12, (key + 1 + i) % 12 + 1, v) for i, v in enumerate(later_values)]
    a = nc.nowcast(cut, 2013)
    b = nc.nowcast(cut + extra, 2013, as_of=as_of)
    c = nc.nowcast(months, 2013, as_of=as_of)
    assert (a.rate, a.sd, a.rate_1dp) == (b.rate, b.sd, b.rate_1dp) == (c.rate, c.sd, c.rate_1dp)


def test_a_short_history_is_refused_with_the_way_to_update_it():
    months = synthetic([0.0] * 20)
    with pytest.raises(nc.TooShort) as e:
        nc.nowcast(months, 2011)
    assert "bring it up to date from its publisher" in str(e.value.message)


# --- the bundled monthly index -------------------------------------------------------------------------

def bundled() -> list[nc.Month]:
    return [(m.year, m.month, m.value) for m in monthly_series("kr_cpi_index_monthly", data_roots(), overlay={})]


def test_the_bundled_months_give_the_published_annual_figures():
    """The annual index is the mean of the twelve months (two decimals) and the rate its change (one
    decimal): checked against every published annual index and rate bundled (2022-2025). 2023's months,
    as first reported, average 111.62 where 111.59 was published (a revision not found); its rate agrees."""
    months = bundled()
    cat = catalog("kr")
    for year in (2022, 2023, 2024, 2025):
        derived = nc.annual_index([v for y, _m, v in months if y == year])
        published = cat.book.pick("kr_cpi_index", year).value
        if year == 2023:
            assert (derived, published) == (111.62, 111.59)
        else:
            assert derived == published, year
    for year, rate in ((2023, 3.6), (2024, 2.3), (2025, 2.1)):
        assert nc.annual_rate(cat.book.pick("kr_cpi_index", year).value, cat.book.pick("kr_cpi_index", year - 1).value) == rate
        assert cat.book.pick("kr_cpi_inflation", year).value == pytest.approx(rate, abs=0.051)
    assert (2026, 1, 118.03) in months and (2026, 2, 118.40) in months


def test_the_nowcast_of_2026_and_the_2028_payment(tmp_path, monkeypatch):
    from burdenshare.ops import nowcast as op

    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    a = op.nowcast("sma-12", as_of="2026-02")
    row = a.table.rows()[0]
    assert (row["year"], row["cpi_year"], row["months_known"], row["status"]) == (2028, 2026, 2, "nowcast")
    assert row["rate_95_low"] <= row["rate_80_low"] <= row["rate_pct"] <= row["rate_80_high"] <= row["rate_95_high"]
    assert row["amount_95_low"] <= row["amount_80_low"] <= row["amount"] <= row["amount_80_high"] <= row["amount_95_high"]
    assert 0 <= row["p_cap_binds"] < 0.5 and row["cap_pct"] == 5.0
    assert a.table.meta["model"]["pairs"] >= 13 + nc.MIN_DOF and a.table.meta["base_index"] == 116.61
    b = op.nowcast("sma-12", as_of="2025-12")
    assert b.table.rows()[0]["months_known"] == 0 and b.result.sd > a.result.sd


def test_update_with_eleven_months_then_nowcast(cli, update_file):
    """The issue's path: `update kr_cpi_index_monthly --file months.csv` (synthetic months, in a test's
    own overlay folder), then `nowcast sma-12` reads eleven months; `--as-of 2026-02` is wider."""
    level, lines = 118.40, ["2026-01,118.03", "2026-02,118.40"]
    for m in range(3, 12):
        level = round(level * 1.002, 2)
        lines.append(f"2026-{m:02d},{level}")
    (code, out, err), _f = update_file("kr_cpi_index_monthly", lines, name="months.csv")
    assert code == 0, err
    code, out, err = cli(["nowcast", "sma-12", "--format", "json"])
    assert code == 0, err
    import json

    eleven = json.loads(out)
    assert eleven["meta"]["months_known"] == 11 and eleven["meta"]["latest_month"] == "2026-11"
    code, out, err = cli(["nowcast", "sma-12", "--as-of", "2026-02", "--format", "json"])
    two = json.loads(out)
    assert two["meta"]["months_known"] == 2 and two["meta"]["rate_sd_pct"] > eleven["meta"]["rate_sd_pct"]
    r11, r2 = eleven["rows"][0], two["rows"][0]
    assert r11["amount_95_high"] - r11["amount_95_low"] < r2["amount_95_high"] - r2["amount_95_low"]


def test_too_short_as_of_exits_2_with_the_hint(tmp_path, monkeypatch, cli):
    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    code, _out, err = cli(["nowcast", "--as-of", "2023-05"])
    assert code == 2 and "`burdenshare update SERIES`" in err and "kr_cpi_index_monthly" not in err
    code, _out, err = cli(["nowcast", "--as-of", "May"])
    assert code == 2 and "YYYY-MM" in err


def test_backtest_says_what_it_ran_on(tmp_path, monkeypatch, cli):
    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    code, out, err = cli(["nowcast", "--backtest"])
    assert code == 0, err
    assert "January 2022 to February 2026" in out and "2024, 2025" in out


# --- the footer: how old each input is ---------------------------------------------------------------

def test_age_and_publisher_schedule():
    import datetime as dt

    from burdenshare.ops.dataage import behind_months

    day = dt.date(2026, 12, 7)
    assert behind_months("2026-10", 1, day, monthly=True) == 0  # October's index is out by early November
    assert behind_months("2026-02", 1, day, monthly=True) == 8
    assert behind_months("2025", 0, day, monthly=False) == 0  # the 2025 annual rate came out on 31 December 2025
    assert behind_months("2024", 0, day, monthly=False) == 12
    assert behind_months("2026", -12, day, monthly=False) == 0  # a budget passed before its year
    assert behind_months("2025", 1, dt.date(2026, 1, 20), monthly=False) == 0


def test_the_footer_warns_when_an_input_is_behind_its_publisher(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app
    from burdenshare.web.routes import pages

    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    monkeypatch.setattr(pages, "data_age", lambda host, version, lang: pages._data_age(host, version, lang, "2026-12-07"))
    with TestClient(create_app(f"sqlite:///{tmp_path / 'db.sqlite'}"), raise_server_exceptions=False) as c:
        html = c.get("/").text
        ko = c.get("/?lang=ko").text
    footer = html[html.index("<footer>"):]
    assert 'id="data-age"' in footer and 'data-series="kr_cpi_inflation"' in footer and 'data-series="krw_per_usd"' in footer
    assert "Consumer price inflation 2025 (12 months old)" in footer
    item = footer[footer.index('data-series="kr_cpi_index_monthly"'):]
    assert "February 2026" in item and "8 months behind its publisher: its newer releases are not in these figures yet" in item
    assert "data-age-warn" in footer[footer.index("kr_cpi_index_monthly") - 80:]
    kfooter = ko[ko.index("<footer>"):]
    assert "개월 지남" in kfooter and "아직 반영되지 않았습니다" in kfooter and "2026년 2월" in kfooter and "burdenshare" not in kfooter[:kfooter.index("</footer>")].split("data-age")[-1]


def test_the_api_answers_the_nowcast_with_the_data_version(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    with TestClient(create_app(f"sqlite:///{tmp_path / 'db.sqlite'}"), raise_server_exceptions=False) as c:
        r = c.get("/api/v1/nowcast", params={"agreement": "sma-12", "as_of": "2026-02"})
        bad = c.get("/api/v1/nowcast", params={"as_of": "2023-05"})
    assert r.status_code == 200
    body = r.json()
    assert body["rows"][0]["status"] == "nowcast" and body["rows"][0]["year"] == 2028 and body["meta"]["data_version"]
    assert bad.status_code == 400 and "bring it up to date from its publisher" in bad.text and bad.json()["where"] == "series"


# --- the nowcast beside the projection, in schedules and histories ---------------------------------

def _schedule(overrides=None, agreement="sma-12"):
    from burdenshare.ops import figures

    return figures.schedule(figures.ScheduleRequest(agreement=agreement, overrides=overrides or {}))


def test_the_schedule_shows_the_nowcast_beside_the_projection(tmp_path, monkeypatch):
    """The 2028 payment reads 2026's CPI, of which two months are bundled: its row says so and gives the
    nowcast's payment with its 80% interval; the projection keeps the Bank of Korea's 2.2% outlook."""
    from burdenshare.ops import nowcast as op

    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    rows = {r["year"]: r for r in _schedule().frame_rows()}
    r = rows[2028]
    assert r["status"] == "projected" and r["index_value"] == 2.2 and r["amount"] == 1_585_200_000_000  # the projection, unchanged
    assert r["nowcast"] == "nowcast: 2 of 12 months of 2026 published"
    assert (r["nowcast_cpi_year"], r["nowcast_months"]) == (2026, 2)
    assert r["nowcast_amount_80_low"] <= r["nowcast_amount"] <= r["nowcast_amount_80_high"]
    assert r["nowcast_rate_80_low"] <= r["nowcast_rate_pct"] <= r["nowcast_rate_80_high"]
    assert r["nowcast_amount"] != r["amount"] and r["nowcast_amount_text"].startswith("KRW")
    # the same figures as `burdenshare nowcast sma-12` (one engine, one rule)
    answer = op.nowcast("sma-12").table.rows()[0]
    assert (answer["amount"], answer["amount_80_low"], answer["amount_80_high"]) == \
        (r["nowcast_amount"], r["nowcast_amount_80_low"], r["nowcast_amount_80_high"])
    assert all(rows[y]["nowcast"] is None and rows[y]["nowcast_amount"] is None for y in rows if y != 2028)
    # an agreement none of whose payments reads the year: nothing added
    assert "nowcast" not in _schedule(agreement="sma-11").columns
    # the history says it at the same year
    from burdenshare.ops import figures

    hist = {r["year"]: r for r in figures.history(figures.HistoryRequest()).frame_rows()}
    assert hist[2028]["nowcast"] == r["nowcast"] and hist[2028]["nowcast_amount"] == r["nowcast_amount"]
    assert hist[2025]["nowcast"] is None


def test_the_readers_values_decide_what_the_nowcast_says(tmp_path, monkeypatch):
    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    plain = {r["year"]: r for r in _schedule().frame_rows()}[2028]
    # the reader's own 2026 rate: the payment reads it, not the nowcast
    assert "nowcast" not in _schedule({"cpi": {2026: 4.0}}).columns
    # a later year's CPI changes nothing the 2028 payment reads
    later = {r["year"]: r for r in _schedule({"cpi": {2027: 1.0}}).frame_rows()}[2028]
    assert later["nowcast_amount"] == plain["nowcast_amount"] and later["nowcast_amount_80_high"] == plain["nowcast_amount_80_high"]
    # a counterfactual 2025 rate changes the 2027 payment, and so the base of the 2028 nowcast
    base = {r["year"]: r for r in _schedule({"cpi": {2025: 4.0}}).frame_rows()}[2028]
    assert base["nowcast_amount"] > plain["nowcast_amount"] and base["nowcast_months"] == 2


def test_without_monthly_data_nothing_changes(tmp_path, monkeypatch):
    from burdenshare.ops import nowcast as op

    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))

    def none(cat):
        raise nc.TooShort("no monthly series", where="series")

    monkeypatch.setattr(op, "_monthly_for", none)
    monkeypatch.setattr(op, "_memo", KeptWithCatalog(16, op.MAX_KEPT))
    assert not any(c.startswith("nowcast") for c in _schedule().columns)


def _months_file(tmp_path, last: int) -> str:
    f = tmp_path / "months.csv"
    level, lines = 118.40, ["period,value", "2026-01,118.03", "2026-02,118.40"]
    for m in range(3, last + 1):
        level = round(level * 1.002, 2)
        lines.append(f"2026-{m:02d},{level}")
    f.write_text("\n".join(lines) + "\n")
    return str(f)


def test_eleven_months_narrow_the_schedule_and_twelve_end_the_nowcast(tmp_path, monkeypatch, capsys, cli):
    """Synthetic months in a test's own overlay folder: with eleven months the 2028 row's interval is
    narrower than with two; with all twelve the year is no longer partly published (no status)."""
    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    two = {r["year"]: r for r in _schedule().frame_rows()}[2028]
    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "overlay"))
    code, _out, err = cli(["update", "kr_cpi_index_monthly", "--file", _months_file(tmp_path, 11)])
    assert code == 0, err
    eleven = {r["year"]: r for r in _schedule().frame_rows()}[2028]
    assert eleven["nowcast_months"] == 11 and "11 of 12 months" in eleven["nowcast"]
    assert eleven["nowcast_amount_80_high"] - eleven["nowcast_amount_80_low"] < two["nowcast_amount_80_high"] - two["nowcast_amount_80_low"]
    assert eleven["amount"] == two["amount"]  # the projection's own assumption stays
    code, _out, err = cli(["update", "kr_cpi_index_monthly", "--file", _months_file(tmp_path, 12)])
    assert code == 0, err
    assert "nowcast" not in _schedule().columns


def test_the_cli_schedule_says_nowcast_in_both_languages(tmp_path, monkeypatch, capsys, cli):
    import json

    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    monkeypatch.setenv("COLUMNS", "300")
    code, out, err = cli(["schedule", "sma-12"])
    assert code == 0, err
    assert "nowcast: 2 of 12 months of 2026 published" in out and "80%:" in out
    code, out, err = cli(["schedule", "sma-12", "--lang", "ko"])
    assert code == 0, err
    assert "당해 연도 추정치: 2026년 12개월 중 2개월 공표" in out and "80% 구간" in out and "kr_cpi" not in out
    code, out, err = cli(["schedule", "sma-12", "--format", "json"])
    row = next(r for r in json.loads(out)["rows"] if r["year"] == 2028)
    assert row["nowcast_months"] == 2 and row["nowcast_amount_80_low"] <= row["nowcast_amount"]
    code, out, err = cli(["schedule", "sma-12", "--format", "csv"])
    header = out.lstrip("\ufeff").splitlines()[0].split(",")
    assert {"nowcast", "nowcast_amount", "nowcast_amount_80_low", "nowcast_amount_80_high"} <= set(header)
    code, out, err = cli(["history", "--cpi", "2026=3.0"])
    assert code == 0 and "nowcast" not in out


def test_the_cli_history_says_nowcast_under_its_table(tmp_path, monkeypatch, cli):
    """The history's many years get a note under the table (as the History page), not two columns."""
    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    monkeypatch.setenv("COLUMNS", "300")
    code, out, err = cli(["history"])
    assert code == 0, err
    assert "2028 (projected: " in out and "nowcast: 2 of 12 months of 2026 published" in out
    assert "nowcast amount" not in out
    code, out, err = cli(["history", "--lang", "ko"])
    assert code == 0, err
    assert "2028년(전망 " in out and "2026년 12개월 중 2개월 공표" in out


def test_the_cli_nowcast_names_the_agreement_and_explains_its_model_in_the_language(tmp_path, monkeypatch, cli):
    """Quoted as printed: the agreement by its title (never its id), the model's terms in words of
    the reader's language (the formula itself stays as written)."""
    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    code, out, err = cli(["nowcast", "sma-12"])
    assert code == 0, err
    assert "12th Special Measures Agreement 2028 (nowcast)" in out and "sma-12" not in out
    assert "d_t = a_m + phi*d_(t-1) + e_t (d: 100 times the natural logarithm" in out
    code, out, err = cli(["nowcast", "sma-12", "--lang", "ko"])
    assert code == 0, err
    assert "제12차 방위비분담특별협정 2028년(당해 연도 추정치)" in out and "sma-12" not in out
    assert "자연로그" in out and "monthly change" not in out and "natural" not in out
