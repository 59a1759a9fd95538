"""Beyond Korea: Japan from data files alone, the comparison of hosts, scenarios across hosts."""

import csv
import io
import subprocess

import pytest
from test_cli import EXE

import burdenshare as bs
from burdenshare.errors import InputError
from burdenshare.model.catalog import catalog


def test_japan_loads_from_data_and_reproduces_its_published_totals():
    cat = catalog("jp")
    assert cat.host.currency == "JPY" and cat.host.fiscal_year == "april"
    h = bs.history(host="jp").set_index("year")
    assert h.index.tolist() == list(range(2011, 2027))
    checked = 0
    for p in cat.published:
        if p.role == "primary":
            assert h.at[p.year, "amount"] == p.amount, p.year
            checked += 1
    assert checked >= 10
    # years no source gives stay unknown
    assert set(h.index[h["status"] == "unknown"]) == {2013, 2014, 2016, 2025}
    assert h.at[2026, "status"] == "projected" and h.at[2026, "amount"] == 219_100_000_000  # the draft budget
    assert h.loc[2024, "amount_dollars"] == pytest.approx(212_400_000_000 / 151.4551)


def test_japan_category_splits_sum_to_the_totals_and_keep_the_rules():
    c = bs.categories(host="jp")
    h = bs.history(host="jp").set_index("year")
    for year, grp in c.groupby("year"):
        assert grp["amount"].sum() == h.at[year, "amount"]
    # the utilities ceiling and the facilities floor hold in every published split
    assert c.loc[c.category.isin(["utilities", "facilities"]), "within_rules"].all()


def test_fixed_utilities_amounts_are_checked_exactly():
    from burdenshare.model.agreement import Provision

    p = Provision(kind="category_amount", category="utilities", amount=15_100_000_000, years=2024)
    assert p.allows(2024, 15_100_000_000) is True and p.allows(2024, 15_200_000_000) is False
    assert p.allows(2023, 1) is None


def test_hosts_comparison_every_row_sourced():
    df = bs.hosts()
    assert {"kr", "jp"} <= set(df["host"])
    known = df[df["value"].notna()]
    assert known["source"].notna().all() and df["definition"].notna().all()
    # a year no source gives is a gap (unknown), not a number
    assert df[(df.host == "jp") & (df.period == "2013") & (df.measure == "contribution_dollars")]["value"].isna().all()
    kr19 = df[(df.host == "kr") & (df.period == "2019") & (df.measure == "contribution_dollars")]["value"].item()
    assert kr19 == pytest.approx(1_038_900_000_000 / 1165.8016)
    gao = df[(df.measure == "host_share_of_total_cost")].set_index("host")["value"]
    assert gao["jp"] == pytest.approx(12.6 / (12.6 + 20.9) * 100) and gao["kr"] == pytest.approx(5.8 / (5.8 + 13.4) * 100)
    reported = df[(df.period == "2002") & (df.measure == "share_of_us_stationing_cost")].set_index("host")["value"]
    assert reported["jp"] == 74.5 and reported["kr"] == 40.0
    real = df[(df.host == "kr") & (df.measure == "contribution_dollars_real")].set_index("period")["value"]
    nominal = df[(df.host == "kr") & (df.measure == "contribution_dollars")].set_index("period")["value"]
    base = str(df.attrs["base_year"])  # the one real-terms base of every view (2025 in this data)
    assert base == "2025" and real[base] == pytest.approx(nominal[base]) and real["2015"] > nominal["2015"]


def test_cross_host_scenarios():
    c = bs.compare("sma-12", ["cost-plus-50"]).set_index(["scenario", "year"])
    usd = (13.4e9 + 5.8e9) / 4 * 1.5  # GAO-21-270, per year, plus 50%
    assert c.at[("cost-plus-50", 2027), "amount_dollars"] == pytest.approx(usd, rel=1e-4)
    g = bs.compare("sma-11", ["gdp-share-2020"]).set_index(["scenario", "year"])
    assert g.at[("gdp-share-2020", 2020), "amount"] == 2_058_500_000_000  # 0.1% of 2,058.5 trillion won
    j = bs.compare("jp-sma-2022", ["cost-plus-50-jp"], host="jp").set_index(["scenario", "year"])
    assert j.at[("cost-plus-50-jp", 2023), "amount_dollars"] == pytest.approx((20.9e9 + 12.6e9) / 4 * 1.5, rel=1e-4)


def test_hosts_cli_and_bad_input(tmp_path):
    p = subprocess.run([EXE, "hosts", "--format", "csv"], check=False, capture_output=True, text=True)
    assert p.returncode == 0
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert rows and all(r["source"] for r in rows if r["value"])
    png = tmp_path / "h.png"
    assert subprocess.run([EXE, "hosts", "--plot", str(png)], check=False, capture_output=True).returncode == 0 and png.exists()
    bad = subprocess.run([EXE, "hosts", "--host", "xx"], check=False, capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown host 'xx'" in bad.stderr
    assert subprocess.run([EXE, "history", "--host", "jp", "--format", "csv"], check=False, capture_output=True).returncode == 0
    with pytest.raises(InputError, match="at least 1990"):
        bs.hosts(base_year=1800)
