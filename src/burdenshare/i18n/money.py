"""Money, written and read the way each language writes it: the one module for both.

Korean groups by myriads: 1,519,200,000,000 won is 1조 5,192억원 (조 = 10^12, 억 = 10^8, 만 = 10^4).
English groups by thousands: KRW 1,519.2 billion, or 1.52 trillion won in a headline. Tables use one
unit, stated in their heading (억원 in Korean, KRW billion in English; see ``data/currencies.yaml``).

Both directions are exact: integers in, integers out. :func:`parse` reads what people type in
either language, the way newsrooms write it (``1조7천억``, ``1조 7천억원``, ``3천5백억``, ``1.7조``,
``1조 7,000억``, ``17,000억원``, ``약 1.7조``, ``1.7e12``, ``1.7 trillion``, ``1.7tn``, ``₩1.7tn``,
``about KRW 1.7 trillion``, plain ``1,700,000,000,000``, with or without a currency word or symbol)
with decimal arithmetic, units largest first, and refuses an amount that is not a whole number of
currency units (or is beyond any budget, or is not an amount at all).

Statistics of a simulation are written to three significant figures (``style="approx"``: 약 7조
9,200억원, about 7.92 trillion won); converted amounts (dollars) to three significant figures
without the "about" (``style="sig"``: 10억 3천만 달러, $1.03 billion). Published and rule-derived
amounts are written exactly (``style="exact"``).
"""

from __future__ import annotations

import builtins
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, Inexact, InvalidOperation, localcontext
from functools import lru_cache
from typing import Any

from .core import DEFAULT, _, current, localized

KO_UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))
EN_UNITS = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


class MoneyError(ValueError):
    """Text that is not an amount (the caller turns it into an error that names the field)."""


@lru_cache(maxsize=1)
def currencies() -> dict[str, dict[str, Any]]:
    from ..data import DATA_DIR, cache

    codes: dict[str, dict[str, Any]] = cache.yaml_file(DATA_DIR / "currencies.yaml")
    return codes


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
        return round(amount) if isinstance(amount, float) else int(amount)
    except (TypeError, ValueError):  # pandas NA and the like
        return None


def myriads(n: int, thousands: bool = False) -> str:
    """A whole number in Korean myriad groups: 1519200000000 -> '1조 5,192억'. With `thousands`, a
    group that is a whole number of thousands is written with 천 (1030000000 -> '10억 3천만')."""
    if n == 0:
        return "0"
    sign, n = ("-" if n < 0 else ""), abs(n)
    parts = []

    def group(q: int) -> str:
        return f"{q // 1000}천" if thousands and q < 10000 and q % 1000 == 0 else f"{q:,}"

    for scale, word in KO_UNITS:
        q, n = divmod(n, scale)
        if q:
            parts.append(f"{group(q)}{word}")
    if n:
        parts.append(group(n) if n >= 1000 else f"{n:,}")
    return sign + " ".join(parts)


def significant(n: int, digits: int = 3) -> int:
    """`n` rounded to `digits` significant figures (halves away from zero): 792068764 -> 792000000."""
    a = abs(n)
    drop = len(str(a)) - digits
    if drop <= 0:
        return n
    unit: int = 10**drop
    r = (a + unit // 2) // unit * unit
    return -r if n < 0 else r


STYLES = ("exact", "short", "sig", "approx")


def format(amount: Any, currency: str, *, lang: str | None = None, style: str = "exact") -> str:
    """An amount in words for the language in force.

    ``exact``: every unit shown (ko: 1조 5,192억원; en: KRW 1,519.2 billion where the amount is
    exact at three decimals of the scale, else every digit). ``short``: for headlines (ko: the same
    down to 만; en: 1.52 trillion won, three significant digits). ``sig``: three significant figures
    in both languages (a converted amount: 10억 3천만 달러, $1.03 billion). ``approx``: a statistic
    of a simulation, three significant figures said to be approximate (약 7조 9,200억원, about 7.92
    trillion won). Unknown amounts read 'unknown'.
    """
    lang = lang or current()
    n = _to_int(amount)
    if n is None or abs(n) >= LIMIT:
        return str(_("unknown"))
    return _words(n, currency, lang, style)


@lru_cache(maxsize=8192)
def _words(n: int, currency: str, lang: str, style: str) -> str:
    # kept: a table written again (a schedule with another assumption) has mostly the same amounts,
    # and the currencies' definitions are read once per process
    info = _cur(currency)
    if style in ("sig", "approx"):
        r = significant(n)
        if lang == "ko":
            text = myriads(r, thousands=True) + localized(info["suffix"], "ko")
            return f"약 {text}" if style == "approx" and n != 0 else text
        text = format(r, currency, lang=lang, style="short")
        return f"about {text}" if style == "approx" and n != 0 else text
    if lang == "ko":
        if style == "short" and abs(n) >= 10**8:
            n = round(n, -4)
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


def in_table_unit(amount: Any, currency: str, lang: str | None = None, digits: int | None = None) -> str:
    """An amount as a table cell in the table's unit (15,192 in 억원; 1,519.2 in KRW billion).

    `digits`: the amount is meant to `digits` significant figures (a simulation's statistic), so no
    decimal is written beyond them (KRW 1,520 billion, not 1,520.0)."""
    n = amount if isinstance(amount, float) else _to_int(amount)
    if n is None or (isinstance(n, float) and not math.isfinite(n)):
        return str(_("unknown"))
    scale, _label, decimals = table_unit(currency, lang)
    if digits is not None:
        whole = len(str(int(abs(n) / scale)))
        decimals = min(decimals, max(0, digits - whole))
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


MAX_CHARS = 100
"""Longer text is refused before it is read (no amount a person types is that long)."""
LIMIT = 10**18
"""The largest amount read or written (a billion billion units; far beyond any budget, and inside a 64-bit integer)."""

_SMALL = {"천": 1000, "백": 100, "십": 10}
_BIG = {"조": 10**12, "억": 10**8, "만": 10**4,
        "trillion": 10**12, "tn": 10**12, "trn": 10**12, "billion": 10**9, "bn": 10**9, "million": 10**6, "mn": 10**6, "m": 10**6,
        "thousand": 10**3, "k": 10**3}
_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+)|(?P<small>[천백십])|"
                    r"(?P<big>조|억|만|trillion|trn|tn|billion|bn|million|mn|thousand|m|k)(?![a-z]))")
_APPROX = re.compile(r"^(?:약|대략|about|approx\.?|approximately|around|roughly|some|circa|ca\.|c\.|~|≈)\s*")
_APPROX_END = re.compile(r"\s*(?:가량|정도|안팎|쯤)$")


def _tokens(s: str, text: Any) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m or m.end() == pos:
            if s[pos:].strip() == "":
                break
            raise MoneyError(text)
        if m.group("num") is not None:
            try:
                out.append(("num", Decimal(m.group("num"))))
            except InvalidOperation:
                raise MoneyError(text) from None
        elif m.group("small"):
            out.append(("small", _SMALL[m.group("small")]))
        else:
            out.append(("big", _BIG[m.group("big")]))
        pos = m.end()
    return out


def _read(tokens: list[tuple[str, Any]], text: Any) -> Decimal:
    """Groups largest first; each group a number written with 천/백/십 or digits, then a unit."""
    total = Decimal(0)
    last_big: int | None = None
    i = 0
    while i < len(tokens):
        group = Decimal(0)
        last_small: int | None = None
        seen = False
        while i < len(tokens) and tokens[i][0] in ("num", "small"):
            kind, value = tokens[i]
            if kind == "num":
                if value.adjusted() > 20:
                    raise MoneyError(text)
                if i + 1 < len(tokens) and tokens[i + 1][0] == "small":
                    factor, i = tokens[i + 1][1], i + 2
                else:
                    factor, i = 1, i + 1
            else:  # 천 alone is 1천
                factor, i = value, i + 1
                value = Decimal(1)
            if last_small is not None and factor >= last_small:
                raise MoneyError(text)  # 천, then 백, then 십, then ones ('3백5천', '3 0.5억' are not numbers)
            last_small = factor
            group += value * factor
            seen = True
        if not seen:
            raise MoneyError(text)  # a unit with no number before it: '억1', '1조조'
        if i < len(tokens):  # tokens[i] is a unit of myriads or an English word
            scale = tokens[i][1]
            i += 1
        else:
            scale = 1
        if last_big is not None and scale >= last_big:
            raise MoneyError(text)  # units largest first: 1조 7,000억, not 7,000억 1조
        last_big = scale
        total += group * scale
        if scale == 1 and i < len(tokens):
            raise MoneyError(text)
    return total


def parse(text: Any) -> int:
    """An amount typed by a person, as an exact integer (see the module docstring).

    Raises :class:`MoneyError` when the text is not an amount, not a whole number of units, or
    beyond any budget (|amount| >= 10^18)."""
    if isinstance(text, bool):
        raise MoneyError(text)
    if isinstance(text, int):
        if abs(text) >= LIMIT:
            raise MoneyError(text)
        return text
    if isinstance(text, float):
        if not math.isfinite(text) or text != int(text) or abs(text) >= LIMIT:
            raise MoneyError(text)
        return int(text)
    if isinstance(text, Decimal):
        text = str(text)
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        raise MoneyError(str(text)[:MAX_CHARS])
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = _APPROX_END.sub("", _APPROX.sub("", s))
    s = _strip_words(s)
    s = re.sub(r"(?<=\d)[,_](?=\d{3}(?!\d))", "", s).strip()  # thousands separators
    neg = s.startswith(("-", "−"))
    s = s.lstrip("-−+").strip()
    s = _APPROX.sub("", s)  # '₩ 약 1.7조' once the symbol is gone
    tokens = _tokens(s, text)
    if not tokens:
        raise MoneyError(text)
    with localcontext() as ctx:
        ctx.prec = 400
        ctx.traps[Inexact] = True
        try:
            total = _read(tokens, text)
        except (ArithmeticError, InvalidOperation):
            raise MoneyError(text) from None
        if total != total.to_integral_value() or abs(total) >= LIMIT:
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


builtins_format = builtins.format
