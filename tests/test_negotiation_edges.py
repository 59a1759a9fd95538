"""Negotiation edge cases (issue 19): improvements named only on the frontier, a frontier that
treats utilities within a tolerance as equal (so an exported domain read back gives the same
frontier), weak post-settlement improvements, and GeniusWeb's rules for its files."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from burdenshare.analysis.negotiation import analysis as an, settlement
from burdenshare.ops import negotiation as neg

DATA = Path(__import__("burdenshare.data", fromlist=["x"]).__file__).parent


def bundled() -> list[tuple[str, str]]:
    """(host, case) of every bundled negotiation case, from the data folders."""
    return [(p.parent.name, p.stem) for p in sorted((DATA / "negotiations").glob("*/*.yaml"))]


CASES = bundled()


@pytest.fixture(scope="module")
def spaces():
    return {c: neg.space(neg.CaseRequest(host=h, case=c)) for h, c in CASES}


def test_there_are_cases_of_more_than_one_host():
    assert len(CASES) >= 4 and len({h for h, _c in CASES}) >= 2


@pytest.mark.parametrize("host,case", CASES)
def test_every_improvement_on_the_agreement_is_on_the_frontier(spaces, host, case):
    sp = spaces[case]
    a, b = (p.id for p in sp.case.parties)
    front = set(an.pareto(sp.utilities[a], sp.utilities[b]).tolist())
    df = an.solutions(sp)
    agreement = df[df["point"] == "agreement"]
    issues = [i.id for i in sp.issues]
    for _k, row in df[df["point"].str.startswith("improvement_")].iterrows():
        i = sp.encode({k: row[k] for k in issues})
        assert i in front, (case, row["point"])
        if len(agreement):  # and it improves on the agreement
            ag = agreement.iloc[0]
            assert row["utility_payer"] >= ag["utility_payer"] - an.TOL and row["utility_payee"] >= ag["utility_payee"] - an.TOL


def test_the_12th_talks_improvement_3_dominated_by_improvement_1_is_gone(spaces):
    sp = spaces["sma-12-talks"]
    imp = an.solutions(sp).query("point.str.startswith('improvement_')", engine="python")
    pts = list(zip(imp["utility_payer"], imp["utility_payee"], strict=True))
    for p in pts:  # no listed improvement dominates another
        assert not any(q != p and q[0] >= p[0] and q[1] >= p[1] for q in pts)


# random problems with many ties: utilities drawn from a few levels (sums of weighted values do tie)
level = st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 0.75, 0.9, 1.0])
problem = st.lists(st.tuples(level | st.floats(0, 1), level | st.floats(0, 1)), min_size=1, max_size=50)


@settings(max_examples=300, deadline=None)
@given(problem, st.integers(0, 49))
def test_improvements_are_on_the_frontier_and_dominate(points, k):
    u1 = np.array([p[0] for p in points])
    u2 = np.array([p[1] for p in points])
    d = k % len(points)
    front = set(an.pareto(u1, u2).tolist())
    eff = an.efficiency(u1, u2, u1[d], u2[d])
    for i in eff["improvements"]:
        assert int(i) in front
        assert u1[i] >= u1[d] - an.TOL and u2[i] >= u2[d] - an.TOL and (u1[i] > u1[d] + an.TOL or u2[i] > u2[d] + an.TOL)
    # something dominates the deal exactly when something on the frontier does
    assert (eff["dominated_by"] > 0) == (len(eff["improvements"]) > 0)
    # the post-settlement proposals: on the frontier, never worse for either, better for one; the
    # deal is efficient (nothing proposed) only when no package improves on it at all
    props = settlement.improvements(u1, u2, u1[d], u2[d])
    assert (len(props) == 0) == (eff["dominated_by"] == 0)
    strict = [i for i in props if not settlement.is_weak(u1[i], u2[i], u1[d], u2[d])]
    assert props[:len(strict)] == strict or set(strict) <= set(props)
    for i in props:
        assert i in front and u1[i] >= u1[d] - an.TOL and u2[i] >= u2[d] - an.TOL
        assert u1[i] > u1[d] + an.TOL or u2[i] > u2[d] + an.TOL


def test_weak_improvements_are_proposed_and_marked():
    # package 1 is better for the first party and equal for the second; nothing is better for both
    u1, u2 = np.array([0.4, 0.6, 0.1]), np.array([0.5, 0.5, 0.9])
    assert settlement.improvements(u1, u2, 0.4, 0.5, weak=False) == []
    assert settlement.improvements(u1, u2, 0.4, 0.5) == [1] and settlement.is_weak(0.6, 0.5, 0.4, 0.5)
    assert not settlement.is_weak(0.6, 0.6, 0.4, 0.5)


def test_pareto_treats_utilities_within_the_tolerance_as_equal():
    a = 0.1 + 0.2  # 0.30000000000000004: the same utility computed another way
    u1, u2 = np.array([a, 0.3, 0.9]), np.array([0.5, 0.6, 0.1])
    assert an.pareto(u1, u2).tolist() == [2, 1]  # (a, 0.5) is dominated by (0.3, 0.6)
    assert an.pareto(u1, u2, tol=0).tolist() == [2, 0, 1]  # compared exactly, it would stay
    assert an.pareto_bruteforce(u1, u2).tolist() == [2, 1]
    # equal within the tolerance on both: kept once, the first index
    assert an.pareto(np.array([0.5, 0.5 + 1e-16]), np.array([0.5 + 1e-16, 0.5])).tolist() == [0]


@pytest.mark.parametrize("platform", ["genius", "geniusweb"])
@pytest.mark.parametrize("host,case", CASES)
def test_an_exported_domain_read_back_has_the_cases_frontier(spaces, host, case, platform):
    files = neg.export(neg.ExportRequest(host=host, case=case, platform=platform))
    back = neg.import_domain(neg.ImportRequest(files=files, limit=10**6))
    mine = neg.frontier(neg.FrontierRequest(host=host, case=case, limit=10**6))
    assert back.meta["frontier_packages"] == mine.meta["frontier_packages"]
    cols = [p.column("utility") for p in spaces[case].case.parties]
    ours = np.array(sorted(zip(*(mine.frame[c] for c in cols), strict=True)))
    theirs = np.array(sorted(zip(*(back["frontier"].frame[c] for c in cols), strict=True)))
    assert ours.shape == theirs.shape and np.allclose(ours, theirs, atol=1e-9, rtol=0)


@pytest.mark.parametrize("host,case", CASES)
def test_geniusweb_exports_follow_geniuswebs_rules(spaces, host, case):
    import json
    import re
    from decimal import Decimal

    files = neg.export(neg.ExportRequest(host=host, case=case, platform="geniusweb"))
    meta = json.loads(files["burdenshare.json"])
    domain = json.loads(files[f"{case}-domain.json"])
    # names: [a-zA-Z0-9]+, the same every time, the mapping kept in the metadata
    assert re.fullmatch(r"[a-zA-Z0-9]+", domain["name"]) and meta["geniusweb_names"]["domain"] == {case: domain["name"]}
    sp = spaces[case]
    for p in sp.case.parties:
        prof = json.loads(files[f"{case}-{p.id}.json"], parse_float=Decimal)["LinearAdditiveUtilitySpace"]
        assert re.fullmatch(r"[a-zA-Z0-9]+", prof["name"]) and meta["geniusweb_names"]["profiles"][f"{case}-{p.id}"] == prof["name"]
        # the weights, read as decimals, sum to exactly 1
        assert sum(prof["issueWeights"].values()) == 1, prof["issueWeights"]
        # the reservation bid is the package as given, in the domain, and worth the reservation
        if p.reservation.package is not None:
            bid = prof["reservationBid"]["issuevalues"]
            for issue, value in bid.items():
                assert value in domain["issuesValues"][issue]["values"]
            for k, given in p.reservation.package.items():
                if sp.case.issue(k) is not None and sp.case.issue(k).kind == "first_year":
                    assert f"{k}={int(given)}" in bid["payments"].split(";")
            u = sum(prof["issueWeights"][n] * prof["issueUtilities"][n]["discreteutils"]["valueUtilities"][v] for n, v in bid.items())
            scale = next(m["scale"] for m in meta["parties"] if m["id"] == p.id)
            assert float(u) * scale == pytest.approx(sp.reservation(p), abs=1e-9)
    assert neg.export(neg.ExportRequest(host=host, case=case, platform="geniusweb")) == files  # deterministic


def test_the_10th_talks_us_reservation_is_not_snapped_to_the_grid():
    import json

    files = neg.export(neg.ExportRequest(case="sma-10-talks", platform="geniusweb"))
    bid = json.loads(files["sma-10-talks-us.json"])["LinearAdditiveUtilitySpace"]["reservationBid"]["issuevalues"]
    assert "first_year=1165800000000" in bid["payments"]
    assert json.loads(files["burdenshare.json"])["reservation_values"]["payments"] == [bid["payments"]]


def test_the_default_tournament_case_comes_from_each_hosts_data():
    import yaml

    from burdenshare.analysis.negotiation.case import default_case
    from burdenshare.ops.common import catalog_for

    hosts = sorted({h for h, _c in CASES})
    for host in hosts:
        named = yaml.safe_load((DATA / "hosts" / f"{host}.yaml").read_text(encoding="utf-8")).get("default_case")
        req = neg.TournamentRequest(host=host, seeds=1)
        assert req.cases == [named or default_case(catalog_for(req))] and (host, req.cases[0]) in CASES


def test_tournament_for_japan_runs_and_a_host_without_cases_exits_2(monkeypatch):
    import json
    import os
    import subprocess

    from test_cli import EXE

    jp = [c for h, c in CASES if h == "jp"]
    p = subprocess.run([EXE, "negotiate", "tournament", "--host", "jp", "--seeds", "1", "--format", "json"],
                       check=False, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["meta"]["cases"] == jp[-1:]
    env = {**os.environ, "BURDENSHARE_DATA_PATH": str(Path(__file__).resolve().parent / "data")}
    p = subprocess.run([EXE, "negotiate", "tournament", "--host", "zz", "--seeds", "1"], check=False, capture_output=True, text=True,
                       timeout=300, env=env)
    assert p.returncode == 2 and "Traceback" not in p.stderr and "no negotiation case" in p.stderr, p.stderr


def test_every_replay_row_says_its_status_and_what_it_follows():
    from burdenshare.analysis.replay import ROW_STATUS
    from burdenshare.i18n.vocabulary import vocabulary

    df = neg.replay(neg.ReplayRequest()).frame
    assert set(df["status"]) <= set(ROW_STATUS) and set(ROW_STATUS) <= set(vocabulary()["status"])
    solutions = df["formula_kind"].isin(["nash", "kalai_smorodinsky"])
    assert solutions.any() and (df.loc[solutions, "follows"] == "illustrative_preferences").all()
    assert (df.loc[solutions, "status"] == "assumed").all()
    assert (df.loc[~solutions, "follows"] == "rule").all()
    # an agreement whose later years rest on forecasts, plans or assumptions says so; a published one too
    actual = df[df["formula_kind"] == "actual"].set_index("agreement")["status"]
    assert "published" in set(actual) and set(actual) & {"provisional", "plan", "forecast", "assumed"}
    assert df["status_text"].notna().all() and df["follows_text"].notna().all()


def test_the_replay_status_in_the_cli_the_web_and_the_downloads_in_both_languages(tmp_path):
    import csv
    import io
    import os
    import subprocess

    from fastapi.testclient import TestClient
    from test_cli import EXE

    from burdenshare.web.app import create_app

    wide = {**os.environ, "COLUMNS": "400"}  # the table's cells unwrapped
    p = subprocess.run([EXE, "negotiate", "replay", "--lang", "ko"], check=False, capture_output=True, text=True, timeout=300, env=wide)
    assert p.returncode == 0, p.stderr
    assert "근거" in p.stdout and "예시적 선호" in p.stdout and "가정" in p.stdout
    p = subprocess.run([EXE, "negotiate", "replay"], check=False, capture_output=True, text=True, timeout=300, env=wide)
    assert "follows" in p.stdout and "illustrative preferences" in p.stdout
    with TestClient(create_app(f"sqlite:///{tmp_path}/x.db")) as c:
        rows = c.get("/api/v1/replay?lang=ko").json()["rows"]
        assert all(r["status_text"] and r["follows_text"] for r in rows)
        assert {r["follows_text"] for r in rows} == {"협정의 규칙", "예시적 선호(어느 정부의 것도 아님)"}
        text = c.get("/api/v1/replay.csv?lang=ko").text
        head = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert {"status", "follows"} <= set(head) or {"상태(코드)", "근거(코드)"} <= set(head), head


def test_every_hosts_frames_have_the_same_party_columns(spaces):
    """A party's columns are named by its role (payer, payee), never by who the party is: the frames
    of every host's cases have the same party columns."""
    seen = set()
    for host, case in CASES:
        req = neg.CaseRequest(host=host, case=case)
        frames = [neg.frontier(neg.FrontierRequest(host=host, case=case, limit=5)).frame, an.solutions(spaces[case])]
        offers = neg.show(req)["offers"].frame
        party_cols = {c for f in [*frames, offers] for c in f.columns if c.rsplit("_", 1)[-1] in {"payer", "payee"}}
        assert {"utility_payer", "utility_payee"} <= party_cols, case
        assert not {c for f in frames for c in f.columns if any(c.endswith(f"_{p.id}") for p in spaces[case].case.parties)}, case
        seen.add(host)
    assert len(seen) > 1
