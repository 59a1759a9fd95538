"""End-to-end: a real browser (Debian's Chromium, driven by Playwright) on a real server and database.
Every page in both languages, the Korean figures, views shared as links, explanations, downloads,
narrow and wide screens, embeds, the ledger and the claims (the negotiation rooms:
test_browser_negotiation.py). Screenshots go to the test's own
temporary folder (`make screenshots` writes the ones in docs/)."""

import re

import pytest
from browser_support import need_chromium

need_chromium()

from playwright.sync_api import expect  # noqa: E402

PAGES = ["/", "/calculator", "/compare", "/uncertainty", "/negotiation", "/tournament", "/hosts", "/ledger", "/claims",
         "/claims/trump-10bn-2025", "/claims/joint-fact-sheet-33bn-2025"]


def settle(pg):
    pg.wait_for_load_state("networkidle")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_loads_without_errors(server, page, lang, tmp_path):
    for path in PAGES:
        page.goto(f"{server}{path}?lang={lang}")
        settle(page)
        assert page.get_attribute("html", "lang") == lang
        page.screenshot(path=str(tmp_path / f"{path.strip('/') or 'history'}-{lang}.png"), full_page=True)
    assert not page.errors, page.errors


# words that may stay in Latin letters on a Korean page: names, codes, units, identifiers
ALLOWED = {"burdenshare", "API", "CSV", "PNG", "SVG", "A4", "SMA", "VAR", "AR", "USD", "KRW", "JPY", "GDP", "DMDC", "GAO", "DoD", "CPI",
           "ZOPA", "Nash", "OpenAPI", "BOM", "UTF", "ROK", "USFK", "USFJ", "PDF", "XLSX", "YAML", "JSON", "URL", "ID",
           "CC", "BY", "MIT", "English", "e12",
           # broadcasters' names, and the relocation programmes' names as Korean sources print them
           "KBS", "SBS", "YRP", "LPP",
           # publishers with no Korean name (proper nouns)
           "Investing.com"}
IDENT = re.compile(r"^[a-z0-9]+([_.-][a-z0-9]+)+$")  # series, agreement and source ids (kr_cpi_inflation, sma-12, gao-21-270)
DOC_NUMBER = re.compile(r"^(SMA|GAO)(-\d+)+$")  # numbered agreements and reports (SMA-12, GAO-21-270)
VERSION_HASH = re.compile(r"^[0-9a-f]{8}$")  # the data version's content hash (2026-c173e501), an identifier
DATA_VERSION = re.compile(r"\b\d{4}-[0-9a-f]{8}\b")


def english_words(pg) -> set[str]:
    """Latin-letter words in the page's visible text, outside the source lines, the citation and the
    chart library's own controls (names of sources and publishers are proper nouns, and so are source links), and outside
    quotations printed in their original language (``.quote-original`` with a ``lang`` other than
    the page's) that have burdenshare's translation into the page's language beside them."""
    text = pg.evaluate("""() => {
        const page = document.documentElement.lang;
        const translated = el => { const q = el.closest('.quote-original[lang]');
            return q !== null && q.lang !== page && q.parentElement.querySelector(`.quote-translation[lang="${page}"]`) !== null; };
        const skip = el => el.closest('.source-line, .cite, .modebar, #sources, td.source, a.source, .js-plotly-plot .legend') || translated(el);
        const out = [];
        const walk = n => { for (const c of n.childNodes) {
            if (c.nodeType === 3) { if (c.parentElement && !skip(c.parentElement) && c.parentElement.offsetParent !== null) out.push(c.textContent); }
            else if (c.nodeType === 1 && !['SCRIPT','STYLE','NOSCRIPT'].includes(c.tagName) && !c.hidden) walk(c); } };
        walk(document.body); return out.join(' '); }""")
    text = DATA_VERSION.sub(" ", text)  # the data version (2026-33470c98) is an identifier, whatever letters its hash has
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]", text))
    return {w for w in words if w not in ALLOWED and not IDENT.match(w) and not DOC_NUMBER.match(w) and not VERSION_HASH.match(w)
            and not w.startswith(("hani-", "mnd-", "mofa", "kbs", "donga", "sedaily", "spark", "moneys", "investing", "kuk-"))}


def test_korean_pages_show_korean_figures_and_no_english_ui(server, page, tmp_path):
    page.goto(server + "/")
    page.click("a.lang-switch[data-lang=ko]")
    settle(page)
    assert page.get_attribute("html", "lang") == "ko"
    row = page.locator("#table tbody tr[data-year='2026']")
    expect(row).to_contain_text("1조 5,192억원")
    expect(row).to_contain_text("공표")
    leftovers = {}
    for path in PAGES:
        page.goto(server + path)  # the choice is remembered (cookie)
        settle(page)
        assert page.get_attribute("html", "lang") == "ko", path
        page.screenshot(path=str(tmp_path / f"ko{path.replace('/', '-') or '-history'}.png"), full_page=True)
        words = english_words(page)
        if words:
            leftovers[path] = sorted(words)
    assert not leftovers, leftovers
    # the Calculator takes 6.5 for 2026 CPI: the 5% cap binds in 2028 and the figure is 1조 6,287억원
    page.goto(server + "/calculator?agreement=sma-12")
    settle(page)
    page.fill("#in-kr_cpi_inflation-2026", "6.5")
    page.click("#update")
    expect(page.locator("#table")).to_contain_text("1조 6,287억원")
    row = page.locator("#table tbody tr[data-year='2028']")
    expect(row).to_contain_text("1조 6,287억원")
    expect(row).to_contain_text("예")  # cap binds
    assert not page.errors, page.errors


def test_a_view_shared_as_a_link_opens_the_same(server, browser, page):
    page.goto(server + "/calculator?agreement=sma-12&lang=en")
    settle(page)
    page.fill("#in-kr_cpi_inflation-2026", "6.5")
    page.fill("#in-kr_cpi_inflation-2027", "1.0")
    page.click("#update")
    expect(page.locator("#table tbody tr[data-year='2029']")).to_contain_text("KRW 1,645 billion")  # 1,628.7 x 1.010
    figures = page.locator("#table").inner_text()
    link = page.url
    assert "kr_cpi_inflation.2026=6.5" in link and "kr_cpi_inflation.2027=1" in link
    assert link in page.locator("#cite-text").inner_text()
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    other = fresh.new_page()
    other.goto(link)
    expect(other.locator("#table tbody tr[data-year='2029']")).to_contain_text("KRW 1,645 billion")
    assert other.locator("#table").inner_text() == figures
    # Compare with two scenarios, shared the same way
    page.goto(server + "/compare?baseline=sma-12&scenarios=freeze-2025,us-demand-5bn&lang=en")
    settle(page)
    expect(page.locator("#totals")).to_contain_text("Freeze at the 2025 level")
    totals = page.locator("#totals").inner_text()
    other.goto(page.url)
    expect(other.locator("#totals")).to_contain_text("Freeze at the 2025 level")
    assert other.locator("#totals").inner_text() == totals
    assert other.locator("#scenarios input:checked").count() == 2
    fresh.close()


def test_a_saved_scenario_round_trips_through_the_dashboard(server, page):
    page.goto(server + "/calculator?agreement=sma-12&lang=en")
    settle(page)
    page.fill("#in-kr_cpi_inflation-2026", "4.0")
    page.click("#update")
    expect(page.locator("#table")).to_contain_text("Consumer price inflation in 2026: 4.0% (your value)")
    page.fill("#save-name", "my 4% year")
    page.click("#save")
    expect(page.locator("#save-status")).to_contain_text("saved")
    page.click("#save-status a")
    settle(page)
    expect(page.locator("#totals")).to_contain_text("my 4% year")
    expect(page.locator("#saved")).to_contain_text("my 4% year")
    page.locator("#saved button.delete").first.click()
    expect(page.locator("#saved")).not_to_contain_text("my 4% year")


def test_a_click_explains_the_figure(server, page):
    page.goto(server + "/?lang=en")
    settle(page)
    page.locator("#table tbody tr[data-year='2027']").click()
    dialog = page.locator("#explain")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("KRW 1,519.2 billion × (1 + 2.1%)")
    expect(dialog).to_contain_text("KRW 1,551.1 billion")
    expect(dialog.locator("a").first).to_have_attribute("href", re.compile("^https?://"))
    page.click("#explain-close")


def test_downloads_carry_the_view(server, page):
    page.goto(server + "/calculator?agreement=sma-12&kr_cpi_inflation.2026=6.5&lang=en")
    settle(page)
    expect(page.locator("#table")).to_contain_text("KRW 1,628.7 billion")
    csv = page.request.get(server + page.get_attribute("#dl-csv", "href"))
    assert csv.ok and csv.body().startswith(b"\xef\xbb\xbf") and b"1628700000000" in csv.body()
    xlsx = page.request.get(server + page.get_attribute("#dl-xlsx", "href"))
    assert xlsx.ok and xlsx.body()[:2] == b"PK"
    schema = page.request.get(server + page.get_attribute("#dl-schema", "href"))  # the CSV's data dictionary
    fields = schema.json()["schema"]["fields"]
    assert schema.ok and any(f["name"] == "amount" and f["titles"]["ko"] == "분담금 (원)" for f in fields)
    labels = page.locator("#inputs label").all_inner_texts()  # inputs named as readers know them
    assert any(t.startswith("Consumer price inflation 2026 (%)") for t in labels), labels


@pytest.mark.parametrize("width", [360, 1400])
def test_nothing_overflows_the_screen(server, browser, width):
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    pg = ctx.new_page()
    for lang in ("en", "ko"):
        for path in PAGES:
            pg.goto(f"{server}{path}?lang={lang}")
            settle(pg)
            over = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert over <= 1, (path, lang, width, over)
    ctx.close()


def test_embeds(server, page):
    page.goto(server + "/embed/history?theme=dark&lang=en")
    settle(page)
    expect(page.locator("#chart svg.bars").first).to_be_visible()
    assert "dark" in page.get_attribute("body", "class")
    expect(page.locator(".source-line").last).to_contain_text("Data version")
    assert page.locator("header").count() == 0


def test_a_page_says_when_the_chart_library_did_not_load(server, page):
    page.route("**/plotly.min.js", lambda route: route.abort())
    page.goto(server + "/calculator?lang=en")
    expect(page.locator("main p.warning[role=alert]")).to_contain_text("The chart library did not load")


def test_ledger_page(server, page, tmp_path):
    page.goto(server + "/ledger")
    expect(page.locator("#chart .main-svg").first).to_be_visible()
    expect(page.locator("#ledger-mnd")).to_contain_text("5,456.3")  # 2015, every component known
    expect(page.locator("#ledger-mnd")).to_contain_text("partial")
    expect(page.locator("#checks")).to_contain_text("within rounding")
    expect(page.locator("#execution")).to_contain_text("carried over")
    expect(page.locator("#sources")).to_contain_text("secondary copy")
    expect(page.locator("#finding")).to_contain_text("2015")
    assert "/api/v1/ledger.xlsx?" in page.get_attribute("#dl-xlsx", "href")
    page.screenshot(path=str(tmp_path / "ledger.png"), full_page=True)


def test_claim_page(server, page, tmp_path):
    page.goto(server + "/claims")
    page.click("text=You should pay us $10 billion a year")
    expect(page.locator("#chart .main-svg").first).to_be_visible()
    expect(page.locator("#years")).to_contain_text("10.1x")
    expect(page.locator("#said")).to_contain_text("Korea JoongAng Daily (Yonhap), 2025-07-09")  # publisher and date, not an id
    expect(page.locator("#said a[data-source='joongang-2025-07-09-mofa']")).to_have_count(1)
    page.screenshot(path=str(tmp_path / "claim.png"), full_page=True)


def test_the_calculator_shows_the_nowcast_beside_the_projection(server, page):
    """The 2028 payment reads 2026's CPI, partly published: its row says so and gives the nowcast's
    payment and 80% interval beside the projection; a value of the reader's own for 2026 removes it."""
    page.goto(server + "/calculator?agreement=sma-12&lang=en")
    settle(page)
    row = page.locator("#table tbody tr[data-year='2028']")
    expect(row.locator("td[data-col='nowcast']")).to_contain_text(re.compile(r"nowcast: \d+ of 12 months of 2026 published"))
    expect(row.locator("td[data-col='nowcast']")).to_contain_text("80%:")
    expect(page.locator("#table tbody tr[data-year='2027'] td[data-col='nowcast']")).to_have_text("")
    page.fill("#in-kr_cpi_inflation-2026", "3.0")
    page.click("#update")
    expect(page.locator("#table td[data-col='nowcast']")).to_have_count(0)
    assert not page.errors, page.errors


def test_the_uncertainty_page_says_which_year_it_drew_from_published_months(server, page):
    page.goto(server + "/uncertainty?lang=en&paths=4096")
    settle(page)
    expect(page.locator("#model-line")).to_contain_text(re.compile(r"2026: drawn from the \d+ of 12 months published"), timeout=30_000)
    assert not page.errors, page.errors
