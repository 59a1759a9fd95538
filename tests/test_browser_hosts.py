"""End-to-end, in Debian's Chromium: the Hosts page's tables come with the page (rendered by the server
through the presenter, readable without a script), the charts are drawn by its script, and a new base
year of constant dollars is shown without a reload, with its own address, in both languages."""

import re

import pytest
from browser_support import need_chromium

need_chromium()

from playwright.sync_api import expect  # noqa: E402


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_hosts_tables_without_a_script(server, browser, lang):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.goto(f"{server}/hosts?lang={lang}&base=2010")
    table = pg.locator("#table")
    expect(table).to_be_visible()
    expect(table).to_contain_text("209억 달러" if lang == "ko" else "$20.9 billion")
    expect(table).to_contain_text("미 회계감사원" if lang == "ko" else "US Government Accountability Office")
    assert "gao-21-270" not in table.inner_text()
    expect(pg.locator("#finding")).to_contain_text("2010")
    assert pg.locator("#base").input_value() == "2010"
    ctx.close()


def test_hosts_base_year_follows_without_a_reload(server, page):
    pg = page
    pg.goto(f"{server}/hosts?lang=en")
    expect(pg.locator("body[data-drawn='1']")).to_be_attached(timeout=30_000)
    expect(pg.locator("#chart .main-svg").first).to_be_visible()
    assert "base=" not in pg.url  # the address names a base year only when one is chosen
    before = pg.locator("#finding").text_content()
    pg.evaluate("() => { window.__kept = 1; }")  # gone if the page reloads
    pg.fill("#base", "2010")
    pg.dispatch_event("#base", "change")
    expect(pg.locator("#finding")).to_contain_text("dollars of 2010")
    assert pg.locator("#finding").text_content() != before
    assert re.search(r"[?&]base=2010\b", pg.url)
    assert pg.evaluate("() => window.__kept") == 1
    expect(pg.locator("#yearly table").first).to_be_attached()
    assert not pg.errors, pg.errors
