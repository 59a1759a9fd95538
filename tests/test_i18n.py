"""Korean and English: every text has its Korean translation, money is written and read exactly in
both languages, charts draw Hangul, and each interface answers in the language asked for."""

import re
import subprocess
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from test_cli import EXE

from burdenshare.i18n import _, language, money
from burdenshare.i18n.money import MoneyError

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "src" / "burdenshare" / "i18n" / "locale" / "ko" / "LC_MESSAGES" / "burdenshare.po"
SRC = ROOT / "src" / "burdenshare"
FIELD = re.compile(r"\{([a-zA-Z_][\w]*)[^{}]*\}")


def _extract(tmp_path) -> "list":
    from babel.messages.pofile import read_po

    pot = tmp_path / "all.pot"
    subprocess.run([str(Path(__import__("sys").executable)), "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "_", "-k", "_n:1,2", "-k", "t", "-k", "T", "--no-location", "-o", str(pot), str(ROOT / "src")],
                   check=True, capture_output=True)
    from burdenshare.web.jsmessages import texts

    with pot.open("rb") as fh:
        found = [m for m in read_po(fh) if m.id]
    seen = {m.id for m in found}
    from babel.messages.catalog import Message

    return found + [Message(t) for t in texts() if t not in seen]  # page-script texts Babel's reader misses


def test_every_text_has_a_korean_translation(tmp_path):
    """Extract every user-facing text (code, CLI help, templates, page scripts) with Babel and
    compare with the Korean catalog: none may be missing or empty, and each translation keeps
    exactly the fields ({year}, {amount} ...) of its English text."""
    from babel.messages.pofile import read_po

    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="ko")
    missing, broken = [], []
    for m in _extract(tmp_path):
        tr = catalog.get(m.id)
        string = None if tr is None else (tr.string[0] if isinstance(tr.string, tuple) else tr.string)
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        if not string:
            missing.append(key)
        elif set(FIELD.findall(key.replace("{{", "").replace("}}", ""))) != set(FIELD.findall(string.replace("{{", "").replace("}}", ""))):
            broken.append((key, string))
    assert not missing, f"{len(missing)} texts without a Korean translation, e.g. {missing[:5]}"
    assert not broken, f"translations whose fields differ: {broken[:5]}"


@settings(max_examples=3000, deadline=None)
@given(st.integers(min_value=0, max_value=1_000_000))
def test_every_whole_eok_amount_round_trips_in_korean(eok):
    """Format then parse gives back every whole-억 amount from 0 to 100조 (integers in, integers out)."""
    amount = eok * 100_000_000
    assert money.parse(money.format(amount, "KRW", lang="ko")) == amount
    assert money.parse(money.format(amount, "KRW", lang="en")) == amount


@pytest.mark.parametrize("text,amount", [
    ("1.7조", 1_700_000_000_000), ("1조 7,000억", 1_700_000_000_000), ("17000억", 1_700_000_000_000), ("1.7e12", 1_700_000_000_000),
    ("1700000000000", 1_700_000_000_000), ("1조 5,192억원", 1_519_200_000_000), ("KRW 1,519.2 billion", 1_519_200_000_000),
    ("₩1,700,000,000,000", 1_700_000_000_000), ("50억 달러", 5_000_000_000), ("$5 billion", 5_000_000_000), ("-500억", -50_000_000_000),
])
def test_amounts_people_type(text, amount):
    assert money.parse(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "1.23원", "1억 1조", "1조조", "1e-3", "3 0.5억"])
def test_what_is_not_an_amount(text):
    with pytest.raises(MoneyError):
        money.parse(text)


def test_korean_and_english_money():
    assert money.format(1_519_200_000_000, "KRW", lang="ko") == "1조 5,192억원"
    assert money.format(1_519_200_000_000, "KRW", lang="en") == "KRW 1,519.2 billion"
    assert money.format(1_519_200_000_000, "KRW", lang="en", style="short") == "1.52 trillion won"
    assert money.format(5_000_000_000, "USD", lang="ko") == "50억 달러"
    assert money.format(1_055_100_000_000, "JPY", lang="ko") == "1조 551억 엔"
    assert money.table_unit("KRW", "ko")[1] == "억원" and money.in_table_unit(1_519_200_000_000, "KRW", "ko") == "15,192"
    assert money.table_unit("KRW", "en")[1] == "KRW billion" and money.in_table_unit(1_519_200_000_000, "KRW", "en") == "1,519.2"


def test_messages_follow_the_language():
    m = _("year {year} is outside {lo}-{hi}", year=2040, lo=1900, hi=2100)
    with language("ko"):
        assert str(m) == "2040년은 1900-2100 밖입니다"
    with language("en"):
        assert str(m) == "year 2040 is outside 1900-2100"


def test_charts_draw_hangul_with_a_korean_font(tmp_path):
    """A chart with a Korean title and labels: matplotlib finds a Korean font from an installed
    package and reports no missing glyph (it warns 'Glyph ... missing from font' when it draws the
    missing-glyph box instead)."""
    import burdenshare as bs
    from burdenshare.present import charts

    assert charts.korean_font_files(), "no Korean font in the installed packages"
    with language("ko"):
        df = bs.history(start=2020)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            charts.plot_amounts(df, tmp_path / "ko.png", title="한국: 방위비분담특별협정에 따른 분담금")
            charts.plot_amounts(df, tmp_path / "ko.svg", title="제12차 방위비분담특별협정")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing
    assert (tmp_path / "ko.png").read_bytes()[:4] == b"\x89PNG"
    # the text really is wider than a row of missing-glyph boxes would be, glyph by glyph
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    font = FT2Font(findfont(FontProperties(family=list(charts._korean_families())[:1] or ["sans-serif"])))
    assert all(font.get_char_index(ord(ch)) != 0 for ch in "한국어방위비분담금억원")


def test_cli_in_korean():
    p = subprocess.run([EXE, "history", "--lang", "ko", "--from", "2024"], check=False, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "연도" in p.stdout and "억원" in p.stdout and "15,192" in p.stdout and "공표" in p.stdout
    p = subprocess.run([EXE, "simulate", "sma-12", "--lang", "ko", "--paths", "2000", "--prob-above", "2030=1.7조"],
                       check=False, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "P[2030년 분담금 > 1조 7,000억원]" in p.stdout and "기간 총액" in p.stdout
    bad = subprocess.run([EXE, "schedule", "sma-99", "--lang", "ko"], check=False, capture_output=True, text=True)
    assert bad.returncode == 2 and "알 수 없는 협정 'sma-99'" in bad.stderr
    env_ko = subprocess.run([EXE, "agreements"], check=False, capture_output=True, text=True, env={**__import__("os").environ, "BURDENSHARE_LANG": "ko"})
    assert "제12차 방위비분담특별협정" in env_ko.stdout


def test_api_labels_follow_accept_language(tmp_path):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'i18n.db'}", jobs=False)) as c:
        ko = c.get("/api/v1/history", headers={"accept-language": "ko-KR,ko;q=0.9,en;q=0.5"}).json()
        en = c.get("/api/v1/history", headers={"accept-language": "en"}).json()
        assert set(ko["rows"][0]) == set(en["rows"][0])  # the keys stay English and stable
        row = {r["year"]: r for r in ko["rows"]}[2026]
        assert row["amount"] == 1_519_200_000_000 and row["amount_text"] == "1조 5,192억원" and row["status_text"] == "공표"
        assert {r["year"]: r for r in en["rows"]}[2026]["status_text"] == "published"
        err = c.post("/api/v1/schedule", json={"agreement": "sma-99"}, headers={"accept-language": "ko"}).json()
        assert "알 수 없는 협정" in err["error"] and err["where"] == "agreement"
        page = c.get("/?lang=ko")
        assert 'lang="ko"' in page.text and "1조 5,192억원" in page.text and "lang=ko" in page.headers.get("set-cookie", "")
        assert 'lang="ko"' in c.get("/").text  # the choice is remembered


def test_every_text_in_the_code_is_in_the_catalog_template():
    """Every literal text passed to _(), _n() or t() in the package is in the catalog template that
    scripts/messages.py extracts: Babel's reader can lose texts silently (a parameter named like a
    keyword, `def f(t: ...)`, made it skip the texts after it), and a lost text shows in English on
    Korean pages."""
    import ast

    from babel.messages.pofile import read_po

    with (SRC / "i18n" / "locale" / "burdenshare.pot").open("rb") as fh:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "_n", "t")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and node.args[0].value not in ids):
                missing.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.args[0].value[:70]}")
    assert not missing, "texts missing from the catalog (run scripts/messages.py): " + "; ".join(missing)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**16), st.sampled_from(["en", "ko"]))
def test_a_statistic_to_three_figures_shows_no_decimal_beyond_them(n, lang):
    """A simulation's statistic (three significant figures) is written without digits it does not
    mean (KRW 1,520 billion, not 1,520.0), and the cell still reads as the statistic."""
    v = money.significant(n, 3)
    scale = money.table_unit("KRW", lang)[0]
    cell = money.in_table_unit(v, "KRW", lang, digits=3)
    whole, _dot, decimals = cell.replace(",", "").partition(".")
    assert len(whole.lstrip("0")) + len(decimals) <= 3 or not decimals  # no decimal beyond three figures
    assert abs(float(cell.replace(",", "")) - v / scale) <= 0.5 * 10 ** -len(decimals)


def test_a_statistic_cell_in_both_units():
    assert money.in_table_unit(1_520_000_000_000, "KRW", "en", digits=3) == "1,520"
    assert money.in_table_unit(1_520_000_000_000, "KRW", "ko", digits=3) == "15,200"
    assert money.in_table_unit(15_200_000_000, "KRW", "en", digits=3) == "15.2"
    assert money.in_table_unit(1_519_200_000_000, "KRW", "en") == "1,519.2"


def test_a_month_as_each_language_writes_it():
    from burdenshare.i18n.dates import month_text

    assert month_text("2026-02", "en") == "February 2026" and month_text("2026-02", "ko") == "2026년 2월"
    assert month_text("2026", "en") == "2026" and month_text("2026-13", "ko") == "2026-13" and month_text(None) == ""
