"""Amounts the way newsrooms write them, read back exactly in both languages: for any whole amount,
every written form (myriads with 천 groups, decimal 조, 억 with commas, English trillion/tn/billion,
with or without "약"/"about" and a currency word) parses to the same integer, and format-then-parse
round-trips; junk is refused with MoneyError (never another exception)."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from burdenshare.i18n import money
from burdenshare.i18n.money import MoneyError

AMOUNTS = st.integers(min_value=0, max_value=10**16 - 1)


def _trim(d: Decimal) -> str:
    s = f"{d:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def _group_ko(q: int, style: str) -> str:
    """A number below 10,000 as a newsroom writes it inside a myriad group."""
    if style == "digits":
        return str(q)
    if style == "commas":
        return f"{q:,}"
    out = ""  # 천/백/십 words: 3천5백, 7천, 5백2
    for scale, word in ((1000, "천"), (100, "백"), (10, "십")):
        d, q = divmod(q, scale)
        if d:
            out += f"{d}{word}"
    return out + (str(q) if q else "")


def korean_forms(n: int) -> list[str]:
    jo, rest = divmod(n, 10**12)
    eok, rest2 = divmod(rest, 10**8)
    man, won = divmod(rest2, 10**4)
    forms = []
    for style in ("digits", "commas", "words"):
        for sep in ("", " "):
            parts = []
            for q, unit in ((jo, "조"), (eok, "억"), (man, "만")):
                if q:
                    parts.append(f"{q:,}{unit}" if unit == "조" and q >= 10000 else f"{_group_ko(q, style)}{unit}")
            if won or not parts:
                parts.append(_group_ko(won, style) if won else "0")
            text = sep.join(parts)
            forms += [text, text + "원", "약 " + text, text + " 원"]
    if n % 10**8 == 0:
        forms += [f"{n // 10**8:,}억원", f"{n // 10**8}억"]  # 17,000억원
    forms.append(f"{_trim(Decimal(n) / 10**12)}조")  # 1.7조, 0.0123조
    forms.append(f"약 {_trim(Decimal(n) / 10**12)}조원")
    return forms


def english_forms(n: int) -> list[str]:
    t = _trim(Decimal(n) / 10**12)
    b = _trim(Decimal(n) / 10**9)
    return [f"{t} trillion", f"{t} trillion won", f"{t}tn", f"₩{t}tn", f"KRW {t} trillion", f"about {t} trillion won",
            f"approx. {t}tn", f"{b} billion", f"KRW {b} billion", f"{b}bn", f"{n:,}", str(n), f"₩{n:,}"]


@settings(max_examples=400, deadline=None)
@given(AMOUNTS)
def test_every_newsroom_form_reads_back(n):
    for text in korean_forms(n) + english_forms(n):
        assert money.parse(text) == n, text


@settings(max_examples=400, deadline=None)
@given(AMOUNTS, st.sampled_from(["KRW", "USD", "JPY"]), st.sampled_from(["exact", "short"]))
def test_format_then_parse_round_trips(n, cur, style):
    for lang in ("ko", "en"):
        text = money.format(n, cur, lang=lang, style=style)
        if style == "exact":
            assert money.parse(text) == n, text
        else:  # a rounded form still reads as an amount, near the amount
            assert abs(money.parse(text) - n) <= max(n // 100, 10**4), text


@settings(max_examples=300, deadline=None)
@given(AMOUNTS)
def test_approximate_figures_are_three_significant_and_read_back(n):
    r = money.significant(n)
    assert len(str(r).rstrip("0") or "0") <= 3
    for lang in ("ko", "en"):
        for cur in ("KRW", "USD"):
            for style in ("approx", "sig"):
                assert money.parse(money.format(n, cur, lang=lang, style=style)) == r


@pytest.mark.parametrize("text,amount", [
    ("1조7천억", 1_700_000_000_000), ("1조 7천억원", 1_700_000_000_000), ("1.7조원", 1_700_000_000_000),
    ("17,000억원", 1_700_000_000_000), ("1조7000억", 1_700_000_000_000), ("약 1.7조", 1_700_000_000_000),
    ("1.7 trillion", 1_700_000_000_000), ("1.7tn", 1_700_000_000_000), ("1.7 trillion won", 1_700_000_000_000),
    ("₩1.7tn", 1_700_000_000_000), ("1조 7,000억", 1_700_000_000_000), ("1,700,000,000,000", 1_700_000_000_000),
    ("about 1.7 trillion won", 1_700_000_000_000), ("approx. KRW 1.7 trillion", 1_700_000_000_000),
    ("3천5백억", 350_000_000_000), ("5백억", 50_000_000_000), ("10억 3천만 달러", 1_030_000_000), ("$1.03 billion", 1_030_000_000),
    ("약 7조 9,200억원", 7_920_000_000_000), ("１조", 10**12),
])
def test_the_issues_forms(text, amount):
    assert money.parse(text) == amount


JUNK = ["", " ", "원", "약", "1조조", "억1", "조", "1억 1조", "7천억 1조", "3백5천억", "3 0.5억", "1.23원", "1e-3", "1,7조", "1.5.2조",
        "1 trillion trillion", "abc", "1조 -5억", "1e400", "1e999999999", "9" * 40, "1" * 1000, "1조" * 200, "천천", "NaN", "inf", "-", "1 2"]


@pytest.mark.parametrize("text", JUNK)
def test_junk_is_refused_with_money_error(text):
    with pytest.raises(MoneyError):
        money.parse(text)


@pytest.mark.parametrize("value", [10**400, -(10**400), 10**18, float("inf"), float("nan"), 1e300, 0.5, True])
def test_numbers_beyond_any_budget_are_refused(value):
    with pytest.raises(MoneyError):
        money.parse(value)


@given(st.text(max_size=120))
@settings(max_examples=500, deadline=None)
def test_any_text_is_an_amount_or_a_money_error(text):
    with contextlib.suppress(MoneyError):
        money.parse(text)


def test_absurdly_long_text_is_refused_before_it_is_read():
    for text in ("1" * 10**6, "1조 " * 10**5, "9" * 5000 + "조", " " * 10**5 + "1조"):
        with pytest.raises(MoneyError) as exc:
            money.parse(text)
        assert len(str(exc.value)) <= money.MAX_CHARS  # the error carries no copy of the whole text
