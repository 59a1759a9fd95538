"""Korean particles chosen by the word they follow: 이/가, 은/는, 을/를, 와/과, (으)로.

A particle depends on whether the last syllable of the word, as it is read aloud, ends in a
consonant (받침): 대한민국이, 미국이, 일본이, 협정이 / 시나리오가; 2030년은 / 2027은(이천이십칠은)
/ 5는(오는). (으)로 takes 로 after a vowel and after ㄹ (서울로, 1로 = 일로), 으로 after any other
consonant (미국으로, 3으로 = 삼으로).

How the end of a value is read:

- Hangul: its final consonant.
- Numbers: as Sino-Korean numerals, by the last digit and the zeros after it (10 십, 100 백,
  1,000 천, 10,000 만, 10^8 억, 10^12 조; 2.5 이점오); a percent sign reads 퍼센트, %p 포인트.
- Latin letters: an all-capital acronym by its letters' names (SMA 에스엠에이, GAO 지에이오, USFK
  유에스에프케이, CPI 씨피아이); a word by its last sounds (model ㄹ, program ㅁ, plan ㄴ, string ㅇ;
  set, cap, book after a vowel; most others end in a vowel).
- Closing quotes, brackets and spaces are looked through: '{name}'이 reads the name.

In the Korean catalog a particle is written as a pair after a field, in braces (``{party}{이/가}``,
``'{text}'{은/는}``) or as the field's format (``{party:이/가}``); :func:`resolve` fills it in
(:meth:`.core.Msg.text` does it for every message).
"""

from __future__ import annotations

import re
from typing import Any

# (after a final consonant, after a vowel); 으로/로 also takes 로 after ㄹ
PAIRS: dict[str, tuple[str, str]] = {
    "이/가": ("이", "가"), "가/이": ("이", "가"),
    "은/는": ("은", "는"), "는/은": ("은", "는"),
    "을/를": ("을", "를"), "를/을": ("을", "를"),
    "과/와": ("과", "와"), "와/과": ("과", "와"),
    "으로/로": ("으로", "로"), "로/으로": ("으로", "로"),
    "이나/나": ("이나", "나"), "나/이나": ("이나", "나"),
    "이라/라": ("이라", "라"), "라/이라": ("이라", "라"),
    "이다/다": ("이다", "다"), "이고/고": ("이고", "고"),
    "이며/며": ("이며", "며"), "이에요/예요": ("이에요", "예요"),
    "이란/란": ("이란", "란"), "이라는/라는": ("이라는", "라는"),
}
NONE, RIEUL, OTHER = 0, 8, -1  # no final consonant, ㄹ, another consonant (the jongseong index of ㄹ is 8)

_DIGIT = {"0": 21, "1": RIEUL, "2": NONE, "3": 16, "4": NONE, "5": NONE, "6": 1, "7": RIEUL, "8": RIEUL, "9": NONE}
# 영(ㅇ) 일(ㄹ) 이 삼(ㅁ) 사 오 육(ㄱ) 칠(ㄹ) 팔(ㄹ) 구
_ZEROS = {1: 17, 2: 1, 3: 4, 4: 4}  # 십(ㅂ) 백(ㄱ) 천(ㄴ) 만(ㄴ)
_LETTER = {  # the final consonant of each letter's name as Koreans read it
    "a": NONE, "b": NONE, "c": NONE, "d": NONE, "e": NONE, "f": NONE, "g": NONE, "h": NONE, "i": NONE, "j": NONE,
    "k": NONE, "l": RIEUL, "m": 16, "n": 4, "o": NONE, "p": NONE, "q": NONE, "r": RIEUL, "s": NONE, "t": NONE,
    "u": NONE, "v": NONE, "w": NONE, "x": NONE, "y": NONE, "z": NONE,
}
_CLOSERS = " \t\n'\"’”」』]}>»›.…"
_VOWELS = "aeiouy"


def _hangul(ch: str) -> int | None:
    code = ord(ch) - 0xAC00
    if 0 <= code < 11172:
        return code % 28
    return None


def _number(text: str) -> int:
    """The final consonant of a number read in Sino-Korean (commas allowed, a decimal part read digit by digit)."""
    t = text.replace(",", "")
    if "." in t:
        frac = t.split(".", 1)[1]
        return _DIGIT[frac[-1]] if frac else _number(t.split(".", 1)[0])
    digits = t.lstrip("0")
    if not digits:
        return _DIGIT["0"]
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _DIGIT[digits[-1]]
    if zeros < 4:
        return _ZEROS[zeros]
    if zeros < 8:
        return _ZEROS[4]  # …만
    if zeros < 12:
        return 1  # 억(ㄱ)
    if zeros < 16:
        return NONE  # 조
    return 21  # 경(ㅇ)


def _latin(word: str) -> int:
    if word.isupper() or len(word) == 1:  # an acronym: read letter by letter
        return _LETTER[word[-1].lower()]
    w = word.lower()
    if (len(w) > 2 and w[-1] == "e" and w[-2] in "lmn" and w[-3] not in "aeiou" + "lmn") or w.endswith(("ine", "ane", "one", "ume", "ame", "ime", "ole", "ule", "ale", "ile")):
        w = w[:-1]  # a silent e: line, table, rule, game
    if w.endswith("ng"):
        return 21
    last = w[-1]
    if last == "l":
        return RIEUL
    if last in "mn":
        return 16 if last == "m" else 4
    if last in "bkpt" and len(w) > 1 and w[-2] in _VOWELS and not (len(w) > 2 and w[-3] in _VOWELS):
        return 1  # set, cap, book-like endings read with a final consonant (셋, 캡)
    return NONE


_TAIL = re.compile(r"(\d[\d,]*(?:\.\d+)?)$|([A-Za-z]+)$")


def final(text: Any) -> int | None:
    """The final consonant (jongseong index, 0 for none) of `text` as read aloud; None when it
    cannot be told (nothing readable at the end)."""
    s = str(text).rstrip(_CLOSERS)
    while s.endswith(")") and "(" in s[:-1]:  # a word's gloss in brackets: 소비자물가지수(CPI)가
        s = s[:s.rindex("(")].rstrip(_CLOSERS)
    if not s:
        return None
    if s.endswith("%p"):
        return NONE  # 포인트
    if s.endswith("%"):
        return NONE  # 퍼센트
    j = _hangul(s[-1])
    if j is not None:
        return j
    m = _TAIL.search(s)
    if m and m.group(1):
        return _number(m.group(1))
    if m and m.group(2):
        return _latin(m.group(2))
    return None


def pick(text: Any, pair: str) -> str:
    """The particle of `pair` ('이/가', '은/는', '을/를', '와/과', '으로/로' ...) that follows `text`."""
    after_consonant, after_vowel = PAIRS[pair]
    j = final(text)
    if j is None:
        return after_consonant if after_consonant in ("이", "은", "을", "과") else after_vowel
    if after_consonant == "으로":
        return "로" if j in (NONE, RIEUL) else "으로"
    return after_vowel if j == NONE else after_consonant


def attach(text: Any, pair: str) -> str:
    """`text` followed by its particle: attach('대한민국', '이/가') -> '대한민국이'."""
    return f"{text}{pick(text, pair)}"


_ALTS = "|".join(re.escape(p) for p in sorted(PAIRS, key=len, reverse=True))
_AS_SPEC = re.compile(r"\{(\w+)(![rsa])?:(" + _ALTS + r")\}")
_AFTER = re.compile(r"(\{[^{}]+\})([" + re.escape("'\"’”」』)]") + r"]*)\{(" + _ALTS + r")\}")
_MARK = re.compile(r"\{(" + _ALTS + r")\}")


def has_particles(template: str) -> bool:
    return "/" in template and bool(_MARK.search(template) or _AS_SPEC.search(template))


def resolve(template: str, params: Any) -> str:
    """Fill a template whose particles are written as pairs after fields (``{party}{이/가}``,
    ``'{text}'{은/는}``, ``{party:이/가}``): each becomes the particle its field's value takes,
    then the template is formatted with `params` (a mapping)."""
    template = _AS_SPEC.sub(lambda m: "{" + m.group(1) + (m.group(2) or "") + "}{" + m.group(3) + "}", template)
    out: list[str] = []
    pos = 0
    for m in _AFTER.finditer(template):
        field, closers, pair = m.group(1), m.group(2), m.group(3)
        value = field.format_map(params)
        out.append(template[pos:m.start()].format_map(params))
        out.append(value + closers + pick(value + closers, pair))
        pos = m.end()
    out.append(template[pos:].format_map(params))
    return "".join(out)
