"""End-to-end, in Debian's Chromium: the views open on honest defaults (Compare without the extremes,
Uncertainty with its question answered, Tournament with the last table, the Whole bill's partial years
marked), and citations name the public address (cite line, embed code), in both languages."""

import re

import pytest
from browser_support import need_chromium, start_server

need_chromium()

from playwright.sync_api import expect  # noqa: E402

PUBLIC = "https://burdenshare.example.org"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "defaults.db"
    base, srv, th = start_server(f"sqlite:///{db}", public_url=PUBLIC)
    yield base
    srv.should_exit = True
    th.join(timeout=10)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compare_opens_without_the_extremes(server, page, lang):
    page.goto(f"{server}/compare?lang={lang}")
    expect(page.locator("#totals tbody tr").first).to_be_visible(timeout=30_000)
    checked = page.eval_on_selector_all("#scenarios input:checked", "els => els.map(e => [e.value, e.dataset.plausibility])")
    assert checked and all(p == "plausible" for _v, p in checked), checked
    extremes = page.locator('#scenarios input[data-plausibility="extreme"]')
    assert extremes.count() >= 3
    finding = page.text_content("#finding")
    assert not re.search(r"[\"'”’][은는이가을를]|\((은|는|이|가|을|를)\)", finding), finding
    assert ("the 12th Special Measures Agreement comes to" in finding) if lang == "en" else ("제12차 방위비분담특별협정 총액" in finding)
    page.click("#add-extremes")
    expect(page.locator("#chart2")).to_be_visible(timeout=30_000)  # tenfold: a second panel without the largest
    assert page.locator('#scenarios input[data-plausibility="extreme"]:checked').count() == extremes.count()
    assert "trump-10bn-a-year" in page.url
    assert not page.errors, page.errors


def test_uncertainty_opens_with_the_answer(server, page):
    page.goto(f"{server}/uncertainty?lang=ko")
    expect(page.locator("#finding")).to_contain_text("2030년 분담금", timeout=60_000)
    expect(page.locator("#term tbody tr").first).to_be_visible()
    assert page.input_value("#pamount") == "1조 7,000억원"
    shapes = page.evaluate("() => (document.getElementById('chart').layout.shapes || []).length")
    assert shapes >= 1  # the threshold is drawn
    assert not page.errors, page.errors


def test_tournament_opens_with_the_last_finished(server, page):
    page.goto(f"{server}/tournament?lang=en")
    expect(page.locator("#board")).to_contain_text("No tournament has finished", timeout=30_000)
    job = page.evaluate("""async () => (await (await fetch('/api/v1/tournaments', {method: 'POST', headers: {'content-type': 'application/json'},
        body: JSON.stringify({cases: ['sma-11-talks'], seeds: 2})})).json()).job""")
    for _ in range(120):
        status = page.evaluate(f"async () => (await (await fetch('/api/v1/tournaments/{job}')).json()).status")
        if status == "done":
            break
        page.wait_for_timeout(250)
    page.goto(f"{server}/tournament?lang=en")
    expect(page.locator("#board tbody tr")).to_have_count(4, timeout=30_000)
    assert job in page.url and job in page.get_attribute("#dl-csv", "href")
    expect(page.locator("#cite-text")).to_contain_text(PUBLIC + "/tournament?job=")


def test_cite_line_and_embed_code_name_the_public_address(server, page):
    page.goto(f"{server}/compare?lang=ko")
    expect(page.locator("#totals tbody tr").first).to_be_visible(timeout=30_000)
    cite = page.text_content("#cite-text")
    assert PUBLIC + "/compare?" in cite and "127.0.0.1" not in cite and "%E" not in cite and "lang=ko" in cite
    assert "scenarios=" in cite and "%2C" not in cite  # a readable list
    page.click("#embed-link")
    expect(page.locator("#embed-dialog")).to_be_visible()
    code = page.input_value("#embed-code")
    assert code.startswith(f'<iframe src="{PUBLIC}/embed/compare?') and "theme=dark" not in code
    page.select_option("#embed-theme", "dark")
    assert "theme=dark" in page.input_value("#embed-code")
    assert page.url.startswith(server + "/compare")  # the page stays: the code is given, not opened


def test_dark_embed_draws_the_baseline_in_the_themes_ink(server, page):
    page.goto(f"{server}/embed/compare?baseline=sma-12&scenarios=freeze-2025&theme=dark&lang=en")
    expect(page.locator("#chart .main-svg").first).to_be_visible(timeout=30_000)
    colour = page.evaluate("() => document.getElementById('chart').data[0].line.color")
    ink = page.evaluate("() => getComputedStyle(document.body).getPropertyValue('--ink').trim()")
    assert colour == ink and colour.lower() not in ("#000", "#000000", "black")


def test_history_embed_headline_follows_the_measure(server, page):
    page.goto(f"{server}/embed/history?measure=amount_dollars&lang=en")
    expect(page.locator("#finding")).to_contain_text("dollars", timeout=30_000)


def test_ledger_marks_partial_years(server, page):
    page.goto(f"{server}/ledger?lang=en")
    expect(page.locator("#chart .main-svg").first).to_be_visible(timeout=30_000)
    names = page.evaluate("() => document.getElementById('chart').data.map(t => t.name)")
    assert any("partial year" in n for n in names) and any("complete year" in n for n in names)
    expect(page.locator("#partial-note")).to_contain_text("not a fall in support")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_key_numbers_page(server, page, lang):
    page.goto(f"{server}/agreements/sma-12?lang={lang}")
    expect(page.locator("#key-numbers-table")).to_contain_text("1조 5,192억원" if lang == "ko" else "KRW 1,519.2 billion")
    expect(page.locator("#key-cite")).to_contain_text(f"{PUBLIC}/agreements/sma-12?lang={lang}")
    page.wait_for_load_state("networkidle")
    assert "/api/v1/agreements/sma-12/key-numbers.csv?" in page.get_attribute("#dl-csv", "href")
    assert not page.errors, page.errors
