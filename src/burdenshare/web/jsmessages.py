"""The translations the pages' scripts need: every ``T("...")`` text in ``static/*.js``, looked up
in the catalogs, handed to the page as JSON (a data block, not a script: the strict CSP allows it)."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ..i18n import gettext, language
from .assets import HERE

_CALL = re.compile(r"""\bT\(\s*(["'`])((?:\\.|(?!\1).)*)\1""")


@lru_cache(maxsize=1)
def texts() -> tuple[str, ...]:
    out: list[str] = []
    for path in sorted((HERE / "static").glob("*.js")):
        for m in _CALL.finditer(path.read_text(encoding="utf-8")):
            text = m.group(2).encode().decode("unicode_escape") if "\\" in m.group(2) else m.group(2)
            if text not in out:
                out.append(text)
    return tuple(out)


@lru_cache(maxsize=8)
def messages_json(lang: str) -> str:
    with language(lang):
        table = {t: gettext(t) for t in texts()}
    # safe inside a <script type="application/json"> block
    return json.dumps({k: v for k, v in table.items() if v != k}, ensure_ascii=False).replace("</", "<\\/")
