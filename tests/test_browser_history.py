"""End-to-end, in Debian's Chromium: the History page shows its chart at first paint, drawn by the
server as SVG, without loading the chart library: a bar per known year in its status's colour, the
phone layout on a phone, the chosen measure's chart, a click on a bar that explains the figure, in
both languages."""

import pytest
from browser_support import need_chromium

need_chromium()

from playwright.sync_api import expect  # noqa: E402


@pytest.mark.parametrize(("width", "lang", "layout"), [(1280, "en", "wide"), (375, "ko", "narrow")])
def test_history_chart_is_in_the_page_without_the_chart_library(server, browser, width, lang, layout):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    pg = ctx.new_page()
    asked: list[str] = []
    pg.on("request", lambda r: asked.append(r.url))
    pg.goto(f"{server}/?lang={lang}")
    # before any script has run, the chart is there (the server drew it)
    chart = pg.locator("#chart [data-measure]").first.locator(f"svg.bars-{layout}")  # the page opens on the first measure
    expect(chart).to_be_visible()
    pg.wait_for_function("document.body.dataset.drawn === '1'", timeout=30_000)
    assert not [u for u in asked if "plotly" in u], asked
    known = pg.evaluate("""() => [...document.querySelectorAll('#table tbody tr')]
        .filter(tr => !tr.children[2].classList.contains('unknown')).length""")
    assert chart.locator("rect.bar").count() == known
    bar = chart.locator("rect.bar[data-year='2026']")
    assert bar.get_attribute("fill") == "#1f4e79"  # published
    title = bar.locator("title").text_content()
    assert title.startswith("2026: ") and ("1조 5,192억원" in title if lang == "ko" else "KRW 1,519.2 billion" in title)
    assert chart.locator("text.axis-title").text_content() == ("억원" if lang == "ko" else "KRW billion")
    # another measure: its chart is shown, the headline and the table follow
    pg.select_option("#measure", "share_defence_budget_pct")
    shown = pg.locator(f"#chart [data-measure='share_defence_budget_pct'] svg.bars-{layout}")
    expect(shown).to_be_visible()
    expect(chart).to_be_hidden()
    assert shown.locator("text.axis-title").text_content() == "%"
    assert "measure=share_defence_budget_pct" in pg.url
    # a click on a bar explains the figure
    shown.locator("rect.bar[data-year='2026']").click()
    expect(pg.locator("#explain")).to_be_visible()
    expect(pg.locator("#explain")).to_contain_text("2026")
    ctx.close()


def test_a_shared_link_opens_the_history_on_its_measure(server, browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.goto(f"{server}/?lang=en&measure=amount_dollars")
    pg.wait_for_function("document.body.dataset.drawn === '1'", timeout=30_000)
    expect(pg.locator("#chart [data-measure='amount_dollars'] svg.bars-wide")).to_be_visible()
    assert pg.locator("#chart [data-measure='amount_dollars'] text.axis-title").first.text_content() == "USD million"
    expect(pg.locator("#finding")).to_contain_text("dollars")
    ctx.close()


def test_history_table_follows_the_measure_and_reads_without_a_script(server, browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.goto(f"{server}/?lang=ko")
    expect(pg.locator("body[data-drawn='1']")).to_be_attached(timeout=30_000)
    row = pg.locator("#table tbody tr[data-year='2026']")
    expect(row).to_contain_text("1조 5,192억원")
    pg.select_option("#measure", "amount_dollars")  # the server's table for the new address replaces the page's
    expect(pg.locator("#table thead th").nth(2)).to_have_text("달러 (해당 연도 환율)")
    expect(pg.locator("#table tbody tr[data-year='2026'] td").nth(2)).to_contain_text("달러")
    pg.locator("#table tbody tr[data-year='2026'] td").first.click()  # a row of the new table still explains its figure
    expect(pg.locator("#explain")).to_be_visible()
    ctx.close()
    quiet = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    pg = quiet.new_page()
    pg.goto(f"{server}/?lang=en&measure=share_defence_budget_pct")
    expect(pg.locator("#table tbody tr[data-year='2026']")).to_be_visible()
    expect(pg.locator("#table thead th").nth(2)).to_have_text("share of the defence budget (%)")
    expect(pg.locator("#finding")).to_contain_text("share of the defence budget")
    expect(pg.locator("#measure")).to_have_value("share_defence_budget_pct")
    quiet.close()
