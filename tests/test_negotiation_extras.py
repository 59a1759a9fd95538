"""Beyond the anchors: weights from pairwise ratings, post-settlement improvements, blind-bidding
rules, the practice agent, tournaments (reproducible by seed), GENIUS/GeniusWeb exchange (a round
trip gives the same frontier; a NegMAS agent negotiates an exported case), and the history
replayed under other formulas."""

import itertools
import json
import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pytest
from test_cli import EXE

import burdenshare as bs
from burdenshare.analysis.negotiation import exchange, settlement
from burdenshare.analysis.negotiation.agent import PracticeAgent, collapses
from burdenshare.analysis.negotiation.analysis import nash, pareto
from burdenshare.analysis.negotiation.preferences import pairwise_weights
from burdenshare.analysis.negotiation.simulate import Tactic
from burdenshare.errors import InputError

SMALL = str(Path(__file__).parent / "data" / "small-case.yaml")


def test_pairwise_weights_consistent_and_not():
    # a consistent matrix: money 4x scope, 2x term; term 2x scope -> weights 4:1:2
    w, cr = pairwise_weights(["money", "scope", "term"], {"money>scope": 4, "money>term": 2, "term>scope": 2})
    assert w["money"] == pytest.approx(4 / 7) and w["scope"] == pytest.approx(1 / 7) and cr == pytest.approx(0, abs=1e-12)
    assert sum(w.values()) == 1.0
    _w, cr = pairwise_weights(["a", "b", "c"], {"a>b": 9, "b>c": 9, "c>a": 9})
    assert cr > 0.1
    with pytest.raises(InputError) as e:
        pairwise_weights(["a", "b", "c"], {"a>b": 3})
    assert e.value.where == "pairwise"
    with pytest.raises(InputError):
        pairwise_weights(["a", "b"], {"a>b": 12})


def test_post_settlement_improvements_are_better_for_both():
    ua = np.array([0.2, 0.6, 0.5, 0.9, 0.3, 0.55])
    ub = np.array([0.9, 0.5, 0.45, 0.1, 0.3, 0.6])
    better = settlement.improvements(ua, ub, 0.5, 0.45)  # the deal is package 2
    assert set(better) == {1, 5}
    assert all(ua[i] > 0.5 and ub[i] > 0.45 for i in better)
    assert settlement.improvements(ua, ub, 0.9, 0.9) == []
    rng = np.random.default_rng(1)
    for _ in range(50):
        ua, ub = rng.random(300), rng.random(300)
        d = int(rng.integers(300))
        for i in settlement.improvements(ua, ub, ua[d], ub[d], top=3):
            assert ua[i] > ua[d] and ub[i] > ub[d] and i in set(pareto(ua, ub))


def test_blind_bidding_rules():
    lo, step = 1_000, 10
    assert settlement.overlap(1_500, 1_400) and not settlement.overlap(1_390, 1_400)
    assert settlement.settle(1_500, 1_400, "split_difference", lo, step) == 1_450
    assert settlement.settle(1_500, 1_410, "split_difference", lo, step) == 1_450  # 1,455: a half step goes down (the payer's way)
    assert settlement.settle(1_500, 1_412, "split_difference", lo, step) == 1_460  # 1,456: to the nearest step
    assert settlement.settle(1_500, 1_400, "payer_bid", lo, step) == 1_500
    assert settlement.settle(1_500, 1_400, "payee_bid", lo, step) == 1_400


def test_practice_agent_tactics():
    sp = bs.negotiation_space(SMALL)
    ua, uk = sp.utilities["us"], sp.utilities["kr"]
    d = sp.reservation(sp.case.party("us"))
    asp = {}
    for kind in ("boulware", "linear", "conceder"):
        ag = PracticeAgent(ua, uk, d, Tactic(kind), 10)
        asp[kind] = [ag.aspiration(t, [], []) for t in range(11)]
        assert asp[kind][0] == pytest.approx(ag.umax) and asp[kind][10] == pytest.approx(d)
        assert all(x >= y - 1e-12 for x, y in itertools.pairwise(asp[kind]))
    assert asp["boulware"][5] > asp["linear"][5] > asp["conceder"][5]
    ag = PracticeAgent(ua, uk, d, Tactic("boulware"), 3)
    best_for_agent = int(np.argmax(ua))
    assert ag.respond(0, best_for_agent, [], [])[0] == "accept"
    worst = int(np.argmin(ua))
    verdict, counter = ag.respond(0, worst, [ag.opening()], [])
    assert verdict == "counter" and ua[counter] >= ag.aspiration(1, [], []) - 1e-12
    assert ag.respond(2, worst, [], [])[0] == "fail"  # the last round, below its reservation
    assert collapses(7, 3, 1.0) and not collapses(7, 3, 0.0) and collapses(7, 3, 0.5) == collapses(7, 3, 0.5)


@pytest.mark.parametrize("platform", ["genius", "geniusweb"])
@pytest.mark.parametrize("case", [SMALL, "sma-10-talks"])
def test_export_import_round_trip_gives_the_same_frontier(platform, case):
    sp = bs.negotiation_space(case)
    files = exchange.export(sp, platform)
    dom = exchange.read(files)
    pk = dom.packages()  # without a value added only for a reservation bid (GeniusWeb, a first-year total off the grid)
    assert pk.size == sp.size
    u = {k: v[pk] for k, v in dom.utilities().items()}
    a, b = (p.id for p in sp.case.parties)
    assert [p["id"] for p in dom.parties] == [a, b]
    # utilities equal to float precision (sums in another order): compared at 12 decimals, so that ties stay ties
    r = {k: np.round(v, 12) for k, v in sp.utilities.items()}
    u = {k: np.round(v, 12) for k, v in u.items()}
    assert np.abs(np.sort(r[a]) - np.sort(u[a])).max() == 0
    f0 = pareto(r[a], r[b])
    f1 = pareto(u[a], u[b])
    pts0 = sorted((round(float(r[a][i]), 10), round(float(r[b][i]), 10)) for i in f0)
    pts1 = sorted((round(float(u[a][i]), 10), round(float(u[b][i]), 10)) for i in f1)
    assert pts0 == pts1
    # the same packages: each frontier package decodes to the case's own values
    pk0 = sorted(json.dumps({k: str(v) for k, v in sp.decode(i).items()}, sort_keys=True) for i in f0)
    pk1 = sorted(json.dumps(dom.decode(pk[i]), sort_keys=True) for i in f1)
    assert pk0 == pk1
    d = {p["id"]: p["reservation"] for p in dom.parties}
    assert d[a] == pytest.approx(sp.reservation(sp.case.parties[0]))
    n0 = nash(r[a], r[b], sp.reservation(sp.case.parties[0]), sp.reservation(sp.case.parties[1]))
    n1 = nash(u[a], u[b], d[a], d[b])
    assert (r[a][n0], r[b][n0]) == pytest.approx((u[a][n1], u[b][n1]), abs=1e-12)
    # without burdenshare.json (as a platform would hand it over) the utilities are scaled, the frontier's packages the same
    bare = exchange.read({k: v for k, v in files.items() if k != exchange.META})
    ub = {k: np.round(v[pk], 12) for k, v in bare.utilities().items()}
    ids = [p["id"] for p in bare.parties]
    fb = pareto(ub[ids[0]], ub[ids[1]])
    assert len(fb) == len(f1)
    # the files are the same in either language: names in English, issues and values by id
    from burdenshare.i18n import language

    with language("ko"):
        assert exchange.export(sp, platform) == files
    meta = json.loads(files[exchange.META])
    assert meta["title"] and not re.search(r"[\uac00-\ud7a3]", json.dumps(meta, ensure_ascii=False))


def test_export_and_import_from_the_command_line(tmp_path):
    out = tmp_path / "genius"
    p = subprocess.run([EXE, "negotiate", "export", SMALL, "--to", "genius", "--output", str(out)], check=False, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert sorted(x.name for x in out.iterdir()) == ["burdenshare.json", "small-case-domain.xml", "small-case-kr.xml", "small-case-us.xml"]
    p = subprocess.run([EXE, "negotiate", "import", str(out), "--format", "json", "--limit", "1000"], check=False, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    front = bs.negotiation_frontier(SMALL)
    assert len(doc["frontier"]) == len(front)
    assert sorted(round(r["utility_payer"], 9) for r in doc["frontier"]) == sorted(round(x, 9) for x in front["utility_payer"])
    p = subprocess.run([EXE, "negotiate", "export", SMALL, "--to", "nowhere", "--output", str(out)], check=False, capture_output=True, text=True)
    assert p.returncode == 2 and "--to" in p.stderr


def test_a_negmas_agent_negotiates_an_exported_case(tmp_path):
    from negmas import AspirationNegotiator, SAOMechanism  # in the test extra: a missing NegMAS fails, not skips
    from negmas.inout import load_genius_domain_from_folder

    sp = bs.negotiation_space(SMALL)
    for name, text in exchange.export(sp, "genius").items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    scenario = load_genius_domain_from_folder(str(tmp_path))
    assert len(scenario.ufuns) == 2
    m = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=60)
    for k, uf in enumerate(scenario.ufuns):
        m.add(AspirationNegotiator(name=f"agent-{k}"), preferences=uf)
    state = m.run()
    assert state.agreement is not None
    # the agreement is a package of the case, and NegMAS values it as burdenshare does (up to the export's scale)
    names = [i.name for i in scenario.outcome_space.issues]
    bid = dict(zip(names, state.agreement, strict=True))
    pkg = {}
    for part in bid["payments"].split(";"):
        k, v = part.split("=", 1)
        pkg[k] = v
    pkg["scope"] = bid["scope"]
    issues = {i.id: i for i in sp.issues}
    typed = {k: next(o for o in issues[k].values() if str(o) == v) for k, v in pkg.items()}
    meta = json.loads((tmp_path / "burdenshare.json").read_text())
    flat = sp.encode(typed)
    for p, uf in zip(meta["parties"], scenario.ufuns, strict=True):
        assert float(uf(state.agreement)) * p["scale"] == pytest.approx(sp.utilities[p["id"]][flat], abs=1e-9)


def test_tournament_same_seed_same_table_and_the_cli():
    from burdenshare.ops import negotiation as neg
    from burdenshare.ops.common import validate

    req = {"cases": ["sma-11-talks"], "seeds": 10, "seed": 5}
    a = neg.tournament(validate(neg.TournamentRequest, req))["pairings"].frame
    b = neg.tournament(validate(neg.TournamentRequest, req))["pairings"].frame
    c = neg.tournament(validate(neg.TournamentRequest, {**req, "seed": 6}))["pairings"].frame
    assert a.equals(b) and not a.equals(c)
    assert set(a["tactic"]) == {"boulware", "conceder", "linear", "tit_for_tat"} and (a["games"] == 2 * 2 * 10).all()
    runs = [subprocess.run([EXE, "negotiate", "tournament", "--cases", "sma-11-talks", "--seeds", "50"], check=False, capture_output=True, text=True)
            for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    tables = [r.stdout.rsplit("cases:", 1)[0] for r in runs]
    assert tables[0] == tables[1] and "Boulware" in tables[0] and "tit-for-tat" in tables[0] and "1,600 games" in tables[0]
    bad = subprocess.run([EXE, "negotiate", "tournament", "--cases", "nope"], check=False, capture_output=True, text=True)
    assert bad.returncode == 2 and "--cases" in bad.stderr


def test_history_replayed_under_other_formulas():
    from burdenshare.ops import negotiation as neg
    from burdenshare.ops.common import validate

    df = neg.replay(validate(neg.ReplayRequest, {})).frame
    sched = bs.schedule("sma-12")
    own = df[(df.agreement == "sma-12") & (df.formula_kind == "actual")].iloc[0]
    assert own["total"] == int(sched["amount"].sum())
    # the 10th SMA's +8.2% a year on the 12th SMA: 2026 as agreed, then +8.2% a year, rounded to 100 million won (an oracle by hand)
    row = df[(df.agreement == "sma-12") & (df.formula == "sma-10")].iloc[0]
    assert row["formula_kind"] == "implied_change" and "+8.2%" in row["formula_text"]
    amounts = [1_519_200_000_000]
    for _ in range(4):
        amounts.append(int((Decimal(amounts[-1]) * Decimal("1.082") / Decimal(10**8)).quantize(Decimal(1), ROUND_HALF_UP)) * 10**8)
    assert row["total"] == sum(amounts)
    # the Nash and Kalai-Smorodinsky packages of the cases, by yearly mean
    assert set(df[df.agreement == "sma-11"].formula_kind) >= {"actual", "rule", "nash", "kalai_smorodinsky"}
    assert (df[df.formula_kind == "actual"]["diff_pct"] == 0).all()
    p = subprocess.run([EXE, "negotiate", "replay", "--format", "csv"], check=False, capture_output=True, text=True)
    assert p.returncode == 0 and "sma-11-talks:nash" in p.stdout


def test_packages_in_words_in_either_language():
    from burdenshare.analysis.negotiation.words import describe
    from burdenshare.i18n import language

    sp = bs.negotiation_space("sma-11-talks")
    pkg = sp.complete({"first_year": 1_183_300_000_000, "escalation": "cpi", "cap": 5, "term": 5})
    en = describe(sp.case, pkg, "KRW")
    assert en.startswith("KRW 1,183.3 billion in the first year") and "at most 5% a year" in en and "5 years" in en
    assert "costs beyond the three categories" in en and en.endswith(": excluded")
    with language("ko"):
        ko = describe(sp.case, pkg, "KRW")
    assert "1조 1,833억원" in ko and "한국인 근로자 인건비" in ko and ko.endswith(": 제외")
    assert not re.search(r"[A-Za-z]", ko), ko  # every issue title and option label of the case has Korean


def test_every_text_of_the_bundled_cases_has_korean():
    """What a reader sees of a case (titles, option labels, party names, bases, places, notes,
    summaries) is given in English and Korean; a quote keeps its language, with our translation."""
    from burdenshare.analysis.negotiation.case import bundled_cases
    from burdenshare.model.catalog import catalog

    def both(text, where):
        assert isinstance(text, dict) and text.get("en") and text.get("ko"), (where, text)

    for host in ("kr", "jp"):
        for case in bundled_cases(catalog(host)).values():
            both(case.title, case.id)
            both(case.note, case.id)
            for i in case.issues:
                both(i.title, (case.id, i.id))
                if i.kind == "other" and not all(isinstance(o, (int, float)) for o in i.options):
                    assert {str(o) for o in i.options} == set(i.labels), (case.id, i.id)
                    for o, label in i.labels.items():
                        both(label, (case.id, i.id, o))
            for p in case.parties:
                both(p.name, (case.id, p.id))
                both(p.basis, (case.id, p.id))
                both(p.reservation.basis, (case.id, p.id, "reservation"))
            for r in case.rounds:
                both(r.place, (case.id, r.number))
                both(r.note, (case.id, r.number))
            for o in case.offers:
                both(o.note, (case.id, str(o.date)))
            for pos in case.positions:
                both(pos.summary, (case.id, str(pos.date)))
                if pos.note:
                    both(pos.note, (case.id, str(pos.date)))
                assert not pos.missing_translations(), (case.id, pos.quote)


def test_case_texts_in_the_readers_language():
    from burdenshare.i18n import language
    from burdenshare.ops import negotiation as neg

    req = neg.CaseRequest(case="sma-11-talks")
    with language("ko"):
        res = neg.show(req)
    assert res.meta["parties"][0]["name"] == "대한민국" and res.meta["parties"][0]["basis"].startswith("이 사례 파일의 예시적 가정")
    assert "로스앤젤레스" in set(res["rounds"].frame["place"]) and res["rounds"].frame["note"].str.contains("정은보").all()
    assert res["offers"].frame["note"].str.contains("[\uac00-\ud7a3]").all()
    en = neg.show(req)
    assert "Los Angeles" in set(en["rounds"].frame["place"]) and en.meta["parties"][1]["name"] == "United States"
    jp = neg.show(neg.CaseRequest(case="jp-sma-2027-talks", host="jp"))
    pos = jp["positions"].frame
    assert set(pos["quote_lang"]) == {"ja", "en"} and pos.loc[pos["quote_lang"] == "ja", "quote_translation"].str.len().gt(0).all()
    with language("ko"):
        pos = neg.show(neg.CaseRequest(case="jp-sma-2027-talks", host="jp"))["positions"].frame
    assert pos["quote_translation"].str.len().gt(0).all()  # English and Japanese quotes, each with our Korean
