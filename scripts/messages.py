"""Extract every translatable text (Python `_()`/`_n()`, CLI help `t()`, templates `{{ _() }}`, page
scripts `T()`) into the catalog template, and merge it into each language's .po, keeping every
translation already made. Texts use brace fields ({year}), never %-formatting: the python-format
flag Babel guesses from a '%' in a text (as in '5% of') is dropped, so that compiling checks nothing
that does not apply.

    python scripts/messages.py          # then translate the entries left empty in locale/*/LC_MESSAGES/burdenshare.po
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "burdenshare" / "i18n" / "locale"
KEYWORDS = ["-k", "_", "-k", "_n:1,2", "-k", "t", "-k", "T"]


def main() -> int:
    pot = LOCALE / "burdenshare.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"), *KEYWORDS,
                    "--no-location", "--sort-output", "-o", str(pot), str(ROOT / "src")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    template = read_po(pot.open("rb"))
    # texts of the page scripts that Babel's JavaScript reader misses (inside template literals)
    sys.path.insert(0, str(ROOT / "src"))
    from burdenshare.web.jsmessages import texts

    for text in texts():
        if template.get(text) is None:
            template.add(text)
    with pot.open("wb") as fh:
        write_po(fh, template, width=100, sort_output=True, no_location=True)
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/burdenshare.po")):
        lang = po_path.parts[-3]
        old = read_po(po_path.open("rb"), locale=lang)
        cat = Catalog(locale=lang, domain="burdenshare", project="burdenshare", fuzzy=False)
        empty = 0
        for m in template:
            if not m.id:
                continue
            prev = old.get(m.id)
            string = prev.string if prev is not None else (("",) if isinstance(m.id, tuple) else "")
            if not (string[0] if isinstance(string, tuple) else string):
                empty += 1
            cat.add(m.id, string, flags=set(m.flags) - {"python-format"})
        with po_path.open("wb") as fh:
            write_po(fh, cat, width=100, sort_output=True, no_location=True)
        print(f"{po_path.relative_to(ROOT)}: {len(cat)} texts, {empty} to translate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
