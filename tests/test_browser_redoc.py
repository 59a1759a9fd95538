"""The API reference (/redoc) loads in a browser without a Content-Security-Policy violation: its
search worker, built from a blob: URL, is allowed on that page only (issue 19)."""


from browser_support import need_chromium, watch

need_chromium()


def test_redoc_renders_and_its_worker_starts_without_a_csp_violation(server, browser):
    page = browser.new_page()
    errors: list[str] = []
    watch(page, errors)
    page.goto(server + "/redoc")
    page.wait_for_selector("[role=search] input, .api-content", timeout=60_000)
    page.wait_for_load_state("networkidle")
    # (ReDoc's own logo, an image on its makers' site, stays blocked by img-src: no third-party request)
    workers = [e for e in errors if "worker" in e.lower()]
    assert not workers, workers
    assert page.locator(".api-content").count() == 1
    page.close()
