"""`burdenshare update` and `burdenshare data`: the provider clients against each provider's documented
answers (tests/providers/README.md says where each format comes from), files downloaded by hand, the
overlay folder, the content-computed data version, and the figures that move."""

import csv
import json
import os
from pathlib import Path

import httpx
import pytest

from burdenshare.errors import DataFileError, FetchError, InputError
from burdenshare.model import overlay as ov
from burdenshare.model.catalog import catalog, data_version, load_catalog
from burdenshare.ops import dataupdate as du, providers as pv

ANSWERS = Path(__file__).parent / "providers"


def answer(name: str, status: int = 200, seen: list | None = None):
    """A transport answering every request with one of the provider answers (and keeping the requests)."""
    body = (ANSWERS / name).read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


def route(series, provider):
    return next(r for r in pv.catalogue()[1][series] if r.provider == provider)


# --- each provider's client ---------------------------------------------------------------------

def test_kosis_annual_index_becomes_the_published_rate(monkeypatch):
    monkeypatch.setenv("BURDENSHARE_KOSIS_KEY", "secret-kosis")
    seen = []
    values = pv.fetch_route(route("kr_cpi_inflation", "kosis"), annual=True, transport=answer("kosis-cpi-annual.json", seen=seen))
    # 116.61 / 114.18 - 1 = 2.128%, published to one decimal
    assert [(v.period, v.text) for v in values] == [("2025", "2.1")]
    v = values[0]
    assert v.released == "2025-12-31" and v.quality == "primary" and v.retrieved
    assert "secret-kosis" not in v.source and "tblId=DT_1J22003" in v.source
    q = dict(seen[0].url.params)
    assert q["apiKey"] == "secret-kosis" and q["format"] == "json" and q["prdSe"] == "Y" and q["startPrdDe"] == "2024"


def test_kosis_error_is_one_line(monkeypatch):
    monkeypatch.setenv("BURDENSHARE_KOSIS_KEY", "k")
    with pytest.raises(FetchError) as exc:
        pv.fetch_route(route("kr_cpi_inflation", "kosis"), annual=True, transport=answer("kosis-error.json"))
    assert "KOSIS" in str(exc.value) and "11" in str(exc.value) and "\n" not in str(exc.value)


def test_ecos_monthly_rows_and_key_in_the_path(monkeypatch):
    monkeypatch.setenv("BURDENSHARE_ECOS_KEY", "secret-ecos")
    r = pv.Route("kr_cpi_index_monthly", "ecos", "901Y009", (("cycle", "M"), ("item", "0")), "2026-01")
    seen = []
    values = pv.fetch_route(r, annual=False, transport=answer("ecos-cpi-monthly.json", seen=seen), end="2026-02")
    assert [(v.period, v.value) for v in values] == [("2026-01", 118.03), ("2026-02", 118.4)]
    assert seen[0].url.path == "/api/StatisticSearch/secret-ecos/json/kr/1/10000/901Y009/M/202601/202602/0"
    assert "secret-ecos" not in values[0].source and "/KEY/" in values[0].source


def test_ecos_no_data_is_no_values_and_an_annual_series_refuses_months(monkeypatch):
    monkeypatch.setenv("BURDENSHARE_ECOS_KEY", "k")
    assert pv.fetch_route(route("kr_cpi_inflation", "ecos"), annual=True, transport=answer("ecos-no-data.json")) == []
    with pytest.raises(InputError, match="annual series"):
        pv.fetch_route(pv.Route("kr_cpi_inflation", "ecos", "901Y009", (("cycle", "M"),), "2026-01"), annual=True,
                       transport=answer("ecos-cpi-monthly.json"))


def test_fred_annual_observations_skip_the_missing_value(monkeypatch):
    monkeypatch.setenv("BURDENSHARE_FRED_KEY", "secret-fred")
    seen = []
    values = pv.fetch_route(route("krw_per_usd", "fred"), annual=True, transport=answer("fred-aexkous.json", seen=seen))
    # the route starts in 2025 (older years stay as bundled); 2026 is FRED's missing value "."
    assert [(v.period, v.text) for v in values] == [("2025", "1421.3963")]
    q = dict(seen[0].url.params)
    assert q["series_id"] == "AEXKOUS" and q["file_type"] == "json" and q["api_key"] == "secret-fred"
    assert q["observation_start"] == "2025-01-01"
    assert "api_key" not in values[0].source and "series_id=AEXKOUS" in values[0].source


def test_fred_refusal_exits_with_its_message(monkeypatch):
    monkeypatch.setenv("BURDENSHARE_FRED_KEY", "bad")
    with pytest.raises(FetchError, match="not registered"):
        pv.fetch_route(route("krw_per_usd", "fred"), annual=True, transport=answer("fred-error.json", status=400))


def test_estat_years_and_release_date(monkeypatch):
    monkeypatch.setenv("BURDENSHARE_ESTAT_APPID", "secret-estat")
    seen = []
    import dataclasses

    r = dataclasses.replace(route("jp_cpi_inflation", "estat"), start="2023")  # the answer holds 2023 and 2024
    values = pv.fetch_route(r, annual=True, transport=answer("estat-cpi-annual.json", seen=seen))
    # 108.5 / 105.6 - 1 = 2.746%; the fiscal year (2024100000, '***') is skipped
    assert [(v.period, v.text, v.released) for v in values] == [("2024", "2.7", "2025-01-24")]
    q = dict(seen[0].url.params)
    assert q["statsDataId"] == "0003427113" and q["cdTimeFrom"] == "2023000000" and "secret-estat" not in values[0].source


def test_dbnomics_needs_no_key_and_skips_na(monkeypatch):
    for env in ("BURDENSHARE_KOSIS_KEY", "BURDENSHARE_ECOS_KEY"):
        monkeypatch.delenv(env, raising=False)
    r = pv.choose_route("kr_cpi_inflation")
    assert r.provider == "dbnomics"  # the keyless route when no key is set
    r = pv.Route("kr_cpi_inflation", "dbnomics", "WB/WDI/A-FP.CPI.TOTL.ZG-KOR", (), "2021", (("round", 3),))
    seen = []
    values = pv.fetch_route(r, annual=True, transport=answer("dbnomics-wb-cpi-kor.json", seen=seen))
    assert [(v.period, v.text) for v in values] == [("2022", "5.090"), ("2023", "3.597"), ("2024", "2.322")]
    assert seen[0].url.path == "/v22/series/WB/WDI/A-FP.CPI.TOTL.ZG-KOR"


def test_a_missing_key_says_which_variable(monkeypatch):
    monkeypatch.delenv("BURDENSHARE_FRED_KEY", raising=False)
    with pytest.raises(FetchError, match="BURDENSHARE_FRED_KEY"):
        pv.fetch_route(route("krw_per_usd", "fred"), annual=True, transport=answer("fred-aexkous.json"))


def test_offline_is_one_line():
    def down(request):
        raise httpx.ConnectError("Name or service not known", request=request)

    with pytest.raises(FetchError) as exc:
        pv.fetch_route(pv.Route("kr_cpi_inflation", "dbnomics", "WB/WDI/A-FP.CPI.TOTL.ZG-KOR"), annual=True,
                       transport=httpx.MockTransport(down))
    assert "api.db.nomics.world" in str(exc.value) and "nothing was changed" in str(exc.value)


def test_transforms_round_half_up_and_annual_mean():
    obs = [(f"2025-{m:02d}", "100", "") for m in range(1, 13)] + [("2026-01", "110", "")]
    assert pv.transform(obs, (("annual_mean", None),)) == [("2025", "100", "")]
    assert pv.transform([("2024", "100"), ("2025", "102.25")], ()) == [("2024", "100"), ("2025", "102.25")]
    assert pv.transform([("2024", "0.125", "")], (("round", 2),)) == [("2024", "0.13", "")]


# --- files downloaded by hand -----------------------------------------------------------------------

def test_file_period_value_csv(tmp_path):
    f = tmp_path / "cpi.csv"
    f.write_text("period,value\n2025,2.1\n2026,2.0\n", encoding="utf-8")
    values = pv.read_file(f, "kr_cpi_inflation", annual=True)
    assert [(v.period, v.text) for v in values] == [("2025", "2.1"), ("2026", "2.0")]
    assert values[0].source == str(f.resolve()) and values[0].retrieved


def test_file_months_for_an_annual_series_are_refused(tmp_path):
    f = tmp_path / "months.csv"
    f.write_text("period,value\n2026-01,118.03\n", encoding="utf-8")
    with pytest.raises(InputError, match="annual series"):
        pv.read_file(f, "kr_cpi_inflation", annual=True)
    assert pv.read_file(f, "kr_cpi_index_monthly", annual=False)[0].period == "2026-01"


@pytest.mark.parametrize("name,series,expected", [
    ("fred-aexkous.csv", "krw_per_usd", [("2024", "1363.4381"), ("2025", "1421.3963")]),
    ("fred-aexkous.json", "krw_per_usd", [("2024", "1363.4381"), ("2025", "1421.3963")]),
    ("kosis-cpi-annual.json", "kr_cpi_inflation", [("2025", "2.1")]),
    ("estat-cpi-annual.json", "jp_cpi_inflation", [("2024", "2.7")]),
    ("dbnomics-wb-cpi-kor.json", "kr_cpi_inflation", [("2022", "5.090"), ("2023", "3.597"), ("2024", "2.322")]),
])
def test_file_in_a_providers_format(name, series, expected):
    values = pv.read_file(ANSWERS / name, series, annual=True)
    assert [(v.period, v.text) for v in values] == expected


def test_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("period,value\n2025,abc\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad\.csv"):
        pv.read_file(bad, "kr_cpi_inflation", annual=True)
    xl = tmp_path / "table.xlsx"
    xl.write_bytes(b"PK")
    with pytest.raises(DataFileError, match="xlsx"):
        pv.read_file(xl, "kr_cpi_inflation", annual=True)


# --- the overlay, the plan and the version -----------------------------------------------------------

def _values(series, pairs, source="https://example.org/test"):
    return [ov.OverlayValue(series, p, float(t), t, source, "test", "secondary", "2026-12-06T00:00:00Z") for p, t in pairs]


def test_overlay_replaces_a_year_keeps_applied_and_adds_new_years(overlay_folder):
    ov.write_overlay(overlay_folder, {"kr_cpi_inflation": _values("kr_cpi_inflation", [("2015", "0.8"), ("2026", "2.0"), ("2031", "1.9")])})
    cat = catalog("kr")
    book = cat.book
    assert book.pick("kr_cpi_inflation", 2015).status == "applied"  # what the 9th SMA applied stays
    assert book.pick("kr_cpi_inflation", 2015, ["observed"]).value == 0.8
    assert book.pick("kr_cpi_inflation", 2026).status == "observed" and book.pick("kr_cpi_inflation", 2026).value == 2.0
    assert not [v for v in book.rows("kr_cpi_inflation") if v.year == 2026 and v.status == "forecast"]
    assert book.pick("kr_cpi_inflation", 2031).value == 1.9
    src = cat.sources["https://example.org/test"]
    assert src.publisher == "test" and src.accessed == "2026-12-06"


def test_the_version_follows_the_content(overlay_folder):
    v0 = data_version()
    assert v0.split("-")[0].isdigit() and len(v0.split("-")[1]) == 8
    ov.write_overlay(overlay_folder, {"kr_cpi_inflation": _values("kr_cpi_inflation", [("2026", "2.0")])})
    v1 = data_version()
    assert v1 != v0
    ov.write_overlay(overlay_folder, {"kr_cpi_inflation": _values("kr_cpi_inflation", [("2026", "2.2")])})
    assert data_version() not in (v0, v1)
    ov.write_overlay(overlay_folder, {"kr_cpi_inflation": _values("kr_cpi_inflation", [("2026", "2.0")])})
    assert data_version() == v1  # the same content, the same version


def test_plan_shows_values_and_the_payments_that_move(overlay_folder):
    p = du.plan({"kr_cpi_inflation": _values("kr_cpi_inflation", [("2025", "2.1"), ("2026", "2.5")])})
    # 2025's 2.1 is already observed: no change; 2026's forecast becomes an observation
    assert [(c.period, c.old, c.old_status, c.new) for c in p.changes] == [("2026", "2.2", "forecast", "2.5")]
    moved = {(m.agreement, m.year): m for m in p.moved}
    m = moved[("sma-12", 2028)]
    # the same figure the engine gives with 2.5% as an override
    from burdenshare.analysis.schedule import schedule_columns

    cat = catalog("kr")
    expect = schedule_columns(cat, cat.agreement("sma-12"), cat.inputs().with_overrides({("kr_cpi_inflation", 2026): 2.5}), None, None)
    assert m.before == 1585200000000 and m.after == int(dict(zip(expect["year"], expect["amount"], strict=True))[2028])
    assert m.after != m.before and not list(overlay_folder.glob("series/*.csv"))  # a plan writes nothing


def test_apply_writes_atomically_and_keeps_snapshots(overlay_folder):
    before = data_version()
    p = du.plan({"kr_cpi_inflation": _values("kr_cpi_inflation", [("2026", "2.5")])})
    v0, v1 = du.apply(p)
    assert v0 == before and v1 == data_version() and v0 != v1
    assert sorted(du.versions(overlay_folder)) == sorted([v0, v1])
    assert not [f for f in overlay_folder.rglob("*") if f.name.endswith(".tmp")]
    with (overlay_folder / "series" / "kr_cpi_inflation.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows == [{"period": "2026", "value": "2.5", "source": "https://example.org/test", "publisher": "test",
                     "quality": "secondary", "retrieved": "2026-12-06T00:00:00Z", "released": "", "note": ""}]
    d = du.diff(v0, v1).frame
    assert set(zip(d["period"], d["status"], d["before"].fillna(""), d["after"].fillna(""), strict=True)) == {
        ("2026", "forecast", "2.2", ""), ("2026", "observed", "", "2.5")}
    assert du.diff(v1, "current").frame.empty
    assert len(du.diff("bundled", "current").frame) == 2


def test_a_value_below_the_minimum_is_refused(overlay_folder):
    with pytest.raises(InputError, match="minimum"):
        du.plan({"kr_cpi_inflation": _values("kr_cpi_inflation", [("2026", "-150")])})


def test_write_failure_leaves_nothing(overlay_folder, monkeypatch):
    good = _values("kr_cpi_inflation", [("2026", "2.5")])

    class Boom:
        def row(self):
            raise OSError("disk full")

        period = "2027"

    with pytest.raises(OSError):
        ov.write_overlay(overlay_folder, {"kr_cpi_inflation": good, "us_cpi_inflation": [Boom()]})
    assert not list((overlay_folder / "series").iterdir())


# --- the command line --------------------------------------------------------------------------------

def test_cli_update_from_a_file_dry_run_then_write(overlay_folder, tmp_path, cli, update_file):
    (code, out, err), f = update_file("cpi", ["2026,2.5"], "--dry-run")
    assert code == 0, err
    assert "kr_cpi_inflation 2026: 2.2 (forecast) → 2.5" in out and "sma-12 2028" in out and "Dry run" in out
    assert not overlay_folder.exists() or not list(overlay_folder.rglob("*.csv"))
    code, out, err = cli(["update", "kr_cpi_inflation", "--file", str(f), "--data-dir", str(tmp_path / "other")])
    assert code == 0, err
    assert (tmp_path / "other" / "series" / "kr_cpi_inflation.csv").is_file()
    os.environ[ov.OVERLAY_ENV] = str(overlay_folder)  # --data-dir set it for that command (the fixture restores it)


def test_cli_update_offline_exits_2_and_writes_nothing(overlay_folder, cli, monkeypatch):
    def down(request):
        raise httpx.ConnectError("Name or service not known", request=request)

    monkeypatch.setattr(pv, "TRANSPORT", httpx.MockTransport(down))
    code, _out, err = cli(["update", "kr_cpi_inflation", "--provider", "dbnomics"])
    assert code == 2 and err.count("\n") == 1 and "nothing was changed" in err
    assert not overlay_folder.exists()


def test_cli_update_fetches_everything_before_writing(overlay_folder, cli, monkeypatch):
    """The second series fails: the first is not written either."""
    def handler(request):
        if "KOR" in request.url.path:
            return httpx.Response(200, content=(ANSWERS / "dbnomics-wb-cpi-kor.json").read_bytes())
        return httpx.Response(503, text="Service Unavailable")

    monkeypatch.setattr(pv, "TRANSPORT", httpx.MockTransport(handler))
    code, _out, err = cli(["update", "kr_cpi_inflation", "us_cpi_inflation", "--provider", "dbnomics"])
    assert code == 2 and "503" in err
    assert not overlay_folder.exists()


def test_cli_data_and_diff(cli, update_file):
    ran, f = update_file("cpi", ["2026,2.5"])
    assert ran.code == 0, ran.err
    code, out, err = cli(["data", "--format", "json"])
    assert code == 0, err
    doc = json.loads(out)
    row = next(r for r in doc["rows"] if r["series"] == "kr_cpi_inflation")
    assert row["overlay_values"] == 1 and row["overlay_newest"] == "2026" and row["source"] == str(f.resolve())
    assert doc["meta"]["data_version"] == data_version()
    code, out, err = cli(["data", "diff", "bundled", "current", "--format", "csv"])
    assert code == 0 and "kr_cpi_inflation,2026,observed,,2.5" in out


def test_web_answers_follow_an_overlay_changed_on_disk(overlay_folder, database_url, monkeypatch):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    monkeypatch.setenv("BURDENSHARE_DATABASE_URL", database_url)
    with TestClient(create_app(database_url=database_url)) as client:
        body = {"agreement": "sma-12"}
        r0 = client.post("/api/v1/schedule", json=body).json()
        ov.write_overlay(overlay_folder, {"kr_cpi_inflation": _values("kr_cpi_inflation", [("2026", "2.5")])})
        r1 = client.post("/api/v1/schedule", json=body).json()
        assert r1["meta"]["data_version"] != r0["meta"]["data_version"]
        a0 = {r["year"]: r["amount"] for r in r0["rows"]}
        a1 = {r["year"]: r["amount"] for r in r1["rows"]}
        assert a0[2027] == a1[2027] and a0[2028] != a1[2028]
        assert client.get("/api/v1/limits").json()["data_version"] == data_version()


def test_an_overlay_written_by_another_process_is_seen_after_the_check_interval(overlay_folder, tmp_path, monkeypatch):
    """The server's workers look at the overlay folder at most every CHECK_EVERY seconds (not on every
    request); a file another process renamed into place (the `--update-every` refresh runs in the
    server's first process) is seen at the next look, without a restart."""
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    db = f"sqlite:///{tmp_path / 'other.db'}"
    with TestClient(create_app(database_url=db)) as client:
        body = {"agreement": "sma-12"}
        v0, r0 = data_version(), client.post("/api/v1/schedule", json=body).json()
        elsewhere = tmp_path / "elsewhere"
        ov.write_overlay(elsewhere, {"kr_cpi_inflation": _values("kr_cpi_inflation", [("2026", "2.5")])})
        (overlay_folder / "series").mkdir(parents=True, exist_ok=True)
        monkeypatch.setattr(ov, "CHECK_EVERY", 3600.0)
        ov.state()  # looked at now: the next look is due in an hour
        os.replace(elsewhere / "series" / "kr_cpi_inflation.csv", overlay_folder / "series" / "kr_cpi_inflation.csv")
        assert data_version() == v0  # not looked at yet: no request pays for a look at the folder
        monkeypatch.setattr(ov, "CHECK_EVERY", 0.0)  # the interval is over
        assert data_version() != v0
        r1 = client.post("/api/v1/schedule", json=body).json()
        assert r1["meta"]["data_version"] == data_version() != r0["meta"]["data_version"]
        assert catalog("kr").book.pick("kr_cpi_inflation", 2026).value == 2.5


def test_the_overlay_written_by_this_process_is_seen_at_once(overlay_folder, monkeypatch):
    monkeypatch.setattr(ov, "CHECK_EVERY", 3600.0)
    v0 = data_version()
    ov.write_overlay(overlay_folder, {"kr_cpi_inflation": _values("kr_cpi_inflation", [("2026", "2.5")])})
    assert data_version() != v0
    assert catalog("kr").book.pick("kr_cpi_inflation", 2026).value == 2.5


def test_load_catalog_with_an_empty_overlay_is_the_bundled_data(overlay_folder):
    ov.write_overlay(overlay_folder, {"kr_cpi_inflation": _values("kr_cpi_inflation", [("2026", "2.5")])})
    assert load_catalog("kr", overlay={}).book.pick("kr_cpi_inflation", 2026).status == "forecast"


def test_scheduled_refresh_fetches_keyless_routes_and_writes(overlay_folder, monkeypatch):
    for env in ("BURDENSHARE_KOSIS_KEY", "BURDENSHARE_ECOS_KEY", "BURDENSHARE_FRED_KEY", "BURDENSHARE_ESTAT_APPID"):
        monkeypatch.delenv(env, raising=False)
    doc = json.loads((ANSWERS / "dbnomics-wb-cpi-kor.json").read_text(encoding="utf-8"))
    doc["series"]["docs"][0].update(period=["2024", "2025"], value=[2.322, 2.1])
    seen = []

    def handler(request):
        seen.append(request.url.path)
        return httpx.Response(200, json=doc)

    p, line = du.refresh(transport=httpx.MockTransport(handler))
    assert all(s.startswith("/v22/series/WB/WDI/") for s in seen) and len(seen) >= 2
    assert p is not None and {c.period for c in p.changes} == {"2025"} and "data version" in line
    p2, line2 = du.refresh(transport=httpx.MockTransport(handler))
    assert p2 is None and "up to date" in line2


@pytest.mark.parametrize("text,seconds", [("1d", 86400), ("12h", 43200), ("30m", 1800), ("600", 600)])
def test_update_every_intervals(text, seconds):
    assert du.parse_every(text) == seconds


def test_update_every_refuses_nonsense():
    for bad in ("soon", "5s", "-1d"):
        with pytest.raises(InputError):
            du.parse_every(bad)


def test_the_changelog_names_the_bundled_data_version(tmp_path, monkeypatch):
    """Each bundled release has an entry in docs/data-changelog.md, under its computed version."""
    monkeypatch.setenv(ov.OVERLAY_ENV, str(tmp_path / "empty"))
    monkeypatch.delenv("BURDENSHARE_DATA_PATH", raising=False)
    version = data_version()
    text = (Path(__file__).parent.parent / "docs" / "data-changelog.md").read_text(encoding="utf-8")
    assert f"`{version}`" in text, (f"the bundled data is version {version}: add an entry for it to docs/data-changelog.md "
                                    "(what changed, why, sources)")


def test_cli_update_without_names_skips_what_needs_a_key(overlay_folder, cli, monkeypatch):
    for env in ("BURDENSHARE_KOSIS_KEY", "BURDENSHARE_ECOS_KEY", "BURDENSHARE_FRED_KEY", "BURDENSHARE_ESTAT_APPID"):
        monkeypatch.delenv(env, raising=False)
    doc = json.loads((ANSWERS / "dbnomics-wb-cpi-kor.json").read_text(encoding="utf-8"))
    doc["series"]["docs"][0].update(period=["2025"], value=[2.4])
    monkeypatch.setattr(pv, "TRANSPORT", httpx.MockTransport(lambda request: httpx.Response(200, json=doc)))
    code, out, err = cli(["update", "--dry-run"])
    assert code == 0, err
    assert "skipped: krw_per_usd needs an API key: set BURDENSHARE_FRED_KEY" in out
    assert "kr_cpi_inflation 2025: 2.1 (observed) → 2.4" in out and "sma-12 2027" in out


def test_a_monthly_series_of_a_data_package_takes_months(overlay_folder, tmp_path, cli, update_file, monkeypatch):
    """A series listed with "frequency": "monthly" (in a folder of BURDENSHARE_DATA_PATH here) takes
    YYYY-MM periods from a file; they are kept in the overlay and shown by `data`."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "datapackage.json").write_text(json.dumps({"name": "test-monthly", "resources": [
        {"name": "test_cpi_index_monthly", "profile": "test-monthly", "frequency": "monthly", "path": "none.csv"}]}),
        encoding="utf-8")
    monkeypatch.setenv("BURDENSHARE_DATA_PATH", str(extra))
    (code, out, err), _f = update_file("test_cpi_index_monthly", ["2026-01,118.03", "2026-02,118.40"])
    assert code == 0, err
    assert "test_cpi_index_monthly 2026-01: new 118.03" in out and "No payment moves." in out
    rows = ov.overlay_values()["test_cpi_index_monthly"]
    assert [(v.period, v.text) for v in rows] == [("2026-01", "118.03"), ("2026-02", "118.40")]
    assert oct((overlay_folder / "series" / "test_cpi_index_monthly.csv").stat().st_mode & 0o044) == oct(0o044 & ~_umask())
    code, out, err = cli(["data", "-f", "json"])
    row = next(r for r in json.loads(out)["rows"] if r["series"] == "test_cpi_index_monthly")
    assert row["overlay_newest"] == "2026-02" and row["bundled_newest"] is None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_python_api_update_and_data(overlay_folder, tmp_path):
    import burdenshare as bs

    f = tmp_path / "cpi.csv"
    f.write_text("period,value\n2026,2.5\n", encoding="utf-8")
    before = bs.data_version()
    res = bs.update(["cpi"], file=str(f), dry_run=True)
    assert res["changes"].loc[0, "new"] == "2.5" and bs.data_version() == before
    assert 2028 in set(res["moved"].loc[res["moved"].agreement == "sma-12", "year"])
    bs.update(["cpi"], file=str(f))
    assert bs.data_version() != before
    assert bs.data_status().set_index("series").loc["kr_cpi_inflation", "overlay_values"] == 1
    assert len(bs.data_diff("bundled")) == 2


LIVE = pytest.mark.skipif(not os.environ.get("BURDENSHARE_TEST_LIVE"), reason="live requests to the providers: set BURDENSHARE_TEST_LIVE=1 "
                          "(and the API keys of the providers to try)")


@LIVE
@pytest.mark.parametrize("series,provider", [(s, r.provider) for s, rs in pv.catalogue()[1].items() for r in rs])
def test_live_route(series, provider):
    """Each route against the provider itself (a key's route is skipped without its key)."""
    prov = pv.catalogue()[0][provider]
    if prov.key_env and not prov.key():
        pytest.skip(f"{prov.key_env} is not set")
    values = pv.fetch_route(route(series, provider), annual=True)
    assert values and all(v.source.startswith("https://") for v in values)


def test_web_data_route_shows_the_overlay_without_server_paths(overlay_folder, database_url, tmp_path):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    f = tmp_path / "secret-place" / "cpi.csv"
    f.parent.mkdir()
    f.write_text("period,value\n2026,2.5\n", encoding="utf-8")
    du.apply(du.plan(du.fetch(["kr_cpi_inflation"], file=f)))
    with TestClient(create_app(database_url)) as client:
        doc = client.get("/api/v1/data").json()
    assert doc["meta"]["data_version"] == data_version() and "overlay_folder" not in doc["meta"]
    row = next(r for r in doc["rows"] if r["series"] == "kr_cpi_inflation")
    assert row["overlay_newest"] == "2026" and row["source"] == "cpi.csv" and "secret-place" not in json.dumps(doc)
