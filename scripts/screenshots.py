"""Screenshots of every page for the docs: `make screenshots` (English in docs/screenshots, Korean in
docs/screenshots/ko; a phone's views, 360 px wide, in phone/ of each). Starts its own server on a throwaway SQLite database; drives Debian's Chromium."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser_support import ARGS, CHROMIUM, start_server

VIEWS = {
    "history": "/",
    "calculator": "/calculator?agreement=sma-12&kr_cpi_inflation.2026=6.5",
    "compare": "/compare?baseline=sma-12&scenarios=freeze-2025,sma11-rule-to-2030,cpi-shock",
    "uncertainty": "/uncertainty?target=sma-12&paths=20000&seed=1&pyear=2030&pamount=1.7조",
    "hosts": "/hosts",
    "ledger": "/ledger",
    "claims": "/claims",
    "claim": "/claims/trump-10bn-2025",
    "negotiation": "/negotiation",
    "explain": "/?explain=2027",
}


# the phone's views (360 px wide): the pages a reader opens from a link on a phone
PHONE = ("history", "calculator", "compare", "uncertainty", "hosts", "ledger", "claim", "negotiation")


def _shoot(pg, base: str, name: str, path: str, lang: str, target: Path, tallest: int | None = None) -> None:
    sep = "&" if "?" in path else "?"
    pg.goto(f"{base}{path.replace('?explain=2027', '')}{sep if '?explain' not in path else '?'}lang={lang}")
    pg.wait_for_load_state("networkidle")
    pg.wait_for_function("() => document.body.dataset.drawn === '1' || document.querySelectorAll('head script[src]').length < 2", timeout=60_000)
    if name == "uncertainty":
        pg.wait_for_function("() => document.getElementById('term').rows.length > 1", timeout=60_000)
    pg.wait_for_timeout(200)
    if name == "explain":
        pg.locator("#table tbody tr[data-year='2027']").click()
        pg.wait_for_selector("#explain ol li")
        pg.locator("#explain").screenshot(path=str(target / f"{name}.png"))
        return
    if tallest:  # a phone's view: the page from its top, as far as a few screens
        height = min(pg.evaluate("document.documentElement.scrollHeight"), tallest)
        pg.screenshot(path=str(target / f"{name}.png"), full_page=True, clip={"x": 0, "y": 0, "width": 360, "height": height})
        return
    pg.screenshot(path=str(target / f"{name}.png"), full_page=name != "history")


def main(out: str = "docs/screenshots") -> int:
    from playwright.sync_api import sync_playwright

    folder = Path(out)
    db = Path(tempfile.mkdtemp()) / "shots.db"
    base, srv, th = start_server(f"sqlite:///{db}")
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for lang, target in (("en", folder), ("ko", folder / "ko")):
                target.mkdir(parents=True, exist_ok=True)
                pg = b.new_page(viewport={"width": 1280, "height": 900})
                for name, path in VIEWS.items():
                    _shoot(pg, base, name, path, lang, target)
                pg.close()
                phone = target / "phone"
                phone.mkdir(parents=True, exist_ok=True)
                ctx = b.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
                pg = ctx.new_page()
                for name in PHONE:
                    _shoot(pg, base, name, VIEWS[name], lang, phone, tallest=2400)
                ctx.close()
            b.close()
    finally:
        srv.should_exit = True
        th.join(timeout=10)
    print(f"screenshots written to {folder} and {folder / 'ko'} (phones: phone/ in each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
