"""Screenshots of every page for the docs: `make screenshots` (English in docs/screenshots, Korean in
docs/screenshots/ko). Starts its own server on a throwaway SQLite database; drives Debian's Chromium."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser_support import ARGS, CHROMIUM, start_server  # noqa: E402

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
                    sep = "&" if "?" in path else "?"
                    pg.goto(f"{base}{path.replace('?explain=2027', '')}{sep if '?explain' not in path else '?'}lang={lang}")
                    pg.wait_for_load_state("networkidle")
                    if name == "uncertainty":
                        pg.wait_for_function("document.getElementById('term').rows.length > 1", timeout=60_000)
                    if name == "explain":
                        pg.locator("#table tbody tr[data-year='2027']").click()
                        pg.wait_for_selector("#explain ol li")
                        pg.locator("#explain").screenshot(path=str(target / f"{name}.png"))
                        continue
                    pg.screenshot(path=str(target / f"{name}.png"), full_page=name != "history")
                pg.close()
            b.close()
    finally:
        srv.should_exit = True
        th.join(timeout=10)
    print(f"screenshots written to {folder} and {folder / 'ko'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
