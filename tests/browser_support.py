"""What the browser tests share: a real server on a real database in a thread, and Debian's
Chromium driven by Playwright (never a downloaded browser)."""

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

# The chart library (4.8 MB) is parsed before a page draws: on a 2-core machine busy with the rest of
# the suite that can take longer than Playwright's default 5 s wait, so every expectation waits up to 20 s.
expect.set_options(timeout=20_000)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def need_chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium for the browser tests (scripts/test-services.sh installs it)")
        pytest.skip("Debian's chromium is not installed", allow_module_level=True)


def start_server(database_url: str, **app_options):
    """A uvicorn server on a free port in a thread (`app_options` go to create_app, e.g. public_url);
    returns (base url, server)."""
    import uvicorn

    from burdenshare.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(database_url, **app_options), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", srv, th


def watch(page, errors: list):
    page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))


# The fixtures the browser tests share: tests/conftest.py loads this module as a pytest plugin, so a
# test module names them as arguments without importing them; one that needs another server, e.g.
# with a public address, defines its own `server`.
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server on a fresh SQLite database for the module's tests."""
    db = tmp_path_factory.mktemp("db") / "e2e.db"
    base, srv, th = start_server(f"sqlite:///{db}")
    yield base
    srv.should_exit = True
    th.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page in a fresh context (1280×900) whose console errors are collected in ``page.errors``."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.errors = []
    watch(pg, pg.errors)
    yield pg
    ctx.close()
