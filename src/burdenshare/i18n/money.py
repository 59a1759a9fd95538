"""Money, written and read the way each language writes it: the one module for both.

Korean groups by myriads: 1,519,200,000,000 won is 1조 5,192억원 (조 = 10^12, 억 = 10^8, 만 = 10^4).
English groups by thousands: KRW 1,519.2 billion, or 1.52 trillion won in a headline. Tables use one
unit, stated in their heading (억원 in Korean, KRW billion in English; see ``data/currencies.yaml``).

Both directions are exact: integers in, integers out. :func:`parse` reads what people type in
either language (``1.7조``, ``1조 7,000억``, ``17000억``, ``1.7e12``, ``1.7 trillion``, plain
``1700000000000``, with or without a currency word or symbol) with decimal arithmetic, and refuses
an amount that is not a whole number of currency units.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from .core import DEFAULT, _, current, localized

KO_UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))
EN_UNITS = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))
_WORD_SCALE = {"조": 10**12, "억": 10**8, "만": 10**4, "천": 10**3,
               "trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3, "tn": 10**12, "bn": 10**9, "m": 10**6}
_PART = re.compile(r"(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(조|억|만|천|trillion|billion|million|thousand|tn|bn|m)?")


class MoneyError(ValueError):
    """Text that is not an amount (the caller turns it into an error that names the field)."""


@lru_cache(maxsize=1)
def currencies() -> dict[str, dict[str, Any]]:
    import yaml

    from ..data import DATA_DIR

    return yaml.safe_load((DATA_DIR / "currencies.yaml").read_text(encoding="utf-8"))


def _cur(code: str) -> dict[str, Any]:
    return currencies().get(code, {"name": {DEFAULT: code}, "suffix": {DEFAULT: f" {code}"}, "prefix": {DEFAULT: f"{code} "},
                                   "table": {DEFAULT: {"scale": 1, "label": code, "decimals": 0}}})


def currency_name(code: str, lang: str | None = None) -> str:
    return localized(_cur(code)["name"], lang)


def _trim(d: Decimal) -> str:
    """A decimal with thousands separators and no trailing zeros."""
    s = f"{d:,f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _to_int(amount: Any) -> int | None:
    if amount is None:
        return None
    try:
        if isinstance(amount, float) and not math.isfinite(amount):
            return None
        return int(round(amount)) if isinstance(amount, float) else int(amount)
    except (TypeError, ValueError):  # pandas NA and the like
        return None


def myriads(n: int) -> str:
    """A whole number in Korean myriad groups: 1519200000000 -> '1조 5,192억'."""
    if n == 0:
        return "0"
    sign, n = ("-" if n < 0 else ""), abs(n)
    parts = []
    for scale, word in KO_UNITS:
        q, n = divmod(n, scale)
        if q:
            parts.append(f"{q:,}{word}")
    if n:
        parts.append(f"{n:,}")
    return sign + " ".join(parts)


def format(amount: Any, currency: str, *, lang: str | None = None, style: str = "exact") -> str:
    """An amount in words for the language in force.

    ``exact``: every unit shown (ko: 1조 5,192억원; en: KRW 1,519.2 billion where the amount is
    exact at three decimals of the scale, else every digit). ``short``: for headlines (ko: the same
    down to 만; en: 1.52 trillion won, three significant digits). Unknown amounts read 'unknown'.
    """
    lang = lang or current()
    n = _to_int(amount)
    if n is None:
        return str(_("unknown"))
    info = _cur(currency)
    if lang == "ko":
        if style == "short" and abs(n) >= 10**8:
            n = int(round(n, -4))
        return myriads(n) + localized(info["suffix"], "ko")
    prefix = localized(info.get("prefix", {}), "en") or f"{currency} "
    symbol = not prefix.endswith(" ")
    sign, a = ("-" if n < 0 else ""), abs(n)
    if style == "short":
        for scale, word in EN_UNITS[:-1]:
            if a >= scale:
                v = a / scale
                text = _trim(Decimal(f"{v:.{2 if v < 10 else 1 if v < 100 else 0}f}"))
                return f"{sign}{prefix}{text} {word}" if symbol else f"{sign}{text} {word}{localized(info['suffix'], 'en')}"
        return f"{sign}{prefix}{a:,}" if symbol else f"{sign}{a:,}{localized(info['suffix'], 'en')}"
    for scale, word in EN_UNITS[1:-1]:  # billions and millions: exact to three decimals, else every digit
        if a >= scale:
            d = Decimal(a) / Decimal(scale)
            if d == d.quantize(Decimal("0.001")):
                return f"{sign}{prefix}{_trim(d)} {word}"
    return f"{sign}{prefix}{a:,}"


def table_unit(currency: str, lang: str | None = None) -> tuple[int, str, int]:
    """(scale, heading label, decimals) of the one unit a table of amounts uses."""
    lang = lang or current()
    t = _cur(currency)["table"]
    u = t.get(lang) or t.get(DEFAULT)
    return int(u["scale"]), str(u["label"]), int(u["decimals"])


def in_table_unit(amount: Any, currency: str, lang: str | None = None) -> str:
    """An amount as a table cell in the table's unit (15,192 in 억원; 1,519.2 in KRW billion)."""
    n = amount if isinstance(amount, float) else _to_int(amount)
    if n is None or (isinstance(n, float) and not math.isfinite(n)):
        return str(_("unknown"))
    scale, _label, decimals = table_unit(currency, lang)
    return f"{n / scale:,.{decimals}f}"


def precise(amount: Any, currency: str, extra: int = 2, lang: str | None = None) -> str:
    """An amount (an exact Fraction, say) in the table's unit with `extra` more decimals, as running
    text: 15,511.03억원 / KRW 1,551.103 billion (for the arithmetic of a trace)."""
    from fractions import Fraction

    lang = lang or current()
    scale, _label, decimals = table_unit(currency, lang)
    v = Fraction(amount) / scale
    digits = decimals + extra
    text = f"{float(v):,.{digits}f}"
    pattern = _cur(currency).get("precise", {})
    tmpl = pattern.get(lang) or pattern.get(DEFAULT) or "{value} " + _label
    return tmpl.format(value=text)


def _strip_words(text: str) -> str:
    s = text.strip().lower()
    words: set[str] = set()
    for info in currencies().values():
        for key in ("name", "suffix", "prefix"):
            for v in (info.get(key) or {}).values():
                if v.strip():
                    words.add(v.strip().lower())
    words |= {code.lower() for code in currencies()} | {"₩", "¥", "$", "￦", "원"}
    for w in sorted(words, key=len, reverse=True):
        s = s.replace(w, " ")
    return s


def parse(text: Any) -> int:
    """An amount typed by a person, as an exact integer (see the module docstring).

    Raises :class:`MoneyError` when the text is not an amount or not a whole number of units."""
    if isinstance(text, bool):
        raise MoneyError(text)
    if isinstance(text, int):
        return text
    if isinstance(text, float):
        if not math.isfinite(text) or text != int(text):
            raise MoneyError(text)
        return int(text)
    s = _strip_words(str(text))
    s = re.sub(r"(?<=\d)[,_](?=\d)", "", s).strip()  # thousands separators
    neg = s.startswith(("-", "−"))
    s = s.lstrip("-−+").strip()
    if not s:
        raise MoneyError(text)
    total = Decimal(0)
    pos = 0
    last_scale = None
    while pos < len(s):
        m = _PART.match(s, pos)
        if not m or m.end() == pos:
            raise MoneyError(text)
        try:
            value = Decimal(m.group(1))
        except InvalidOperation:
            raise MoneyError(text) from None
        scale = _WORD_SCALE.get(m.group(2) or "", 1)
        if last_scale is not None and scale >= last_scale:
            raise MoneyError(text)  # units must come largest first: 1조 7,000억
        last_scale = scale
        total += value * scale
        pos = m.end()
        while pos < len(s) and s[pos].isspace():
            pos += 1
        if scale == 1 and pos < len(s):
            raise MoneyError(text)  # a plain number ends the amount
    if total != total.to_integral_value():
        raise MoneyError(text)
    out = int(total)
    return -out if neg else out


@dataclass(frozen=True)
class Money:
    """An amount with its currency that writes itself in the language in force (as a message
    parameter, in an f-string, or with ``str()``)."""

    amount: int | float | None
    currency: str
    style: str = "exact"

    def __str__(self) -> str:
        return format(self.amount, self.currency, style=self.style)

    def __format__(self, spec: str) -> str:
        return builtins_format(str(self), spec)


builtins_format = __builtins__["format"] if isinstance(__builtins__, dict) else __builtins__.format  # type: ignore[index]
