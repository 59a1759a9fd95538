"""In a real browser: the Uncertainty page reads a threshold typed the newsroom way, and a wrong one
is named as the reader sees the field ("2030년 기준 금액"), with the previous result cleared."""

import pytest
from browser_support import ARGS, CHROMIUM, need_chromium, watch

need_chromium()

from playwright.sync_api import expect, sync_playwright  # noqa: E402


@pytest.mark.parametrize("lang,field", [("ko", "2030년 기준 금액"), ("en", "threshold for 2030")])
def test_a_newsroom_threshold_and_a_wrong_one(server, lang, field):
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        errors: list = []
        watch(page, errors)
        page.goto(f"{server}/uncertainty?lang={lang}")
        page.wait_for_load_state("networkidle")
        expect(page.locator("#target option")).not_to_have_count(0)  # the page is set up (its run button wired)
        page.fill("#paths", "500")
        page.fill("#pamount", "1조 7천억원")
        page.click("#run")
        expect(page.locator("#term tr")).not_to_have_count(0, timeout=60_000)
        expect(page.locator("#finding")).to_contain_text("2030", timeout=60_000)
        page.fill("#pamount", "1조조")
        page.click("#run")
        status = page.locator("#status")
        expect(status).to_contain_text(field, timeout=30_000)
        assert "prob_above" not in status.inner_text()
        expect(page.locator("#term tr")).to_have_count(0)  # the previous answer does not stay on screen
        assert page.locator("#chart").inner_html() == ""
        b.close()
        assert not [e for e in errors if "400" not in e and "422" not in e], errors
