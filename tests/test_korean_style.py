"""Korean that reads as written by a person: every Korean message of the catalog, filled with sample
values, goes through a checker for the house style (docs: glossary-ko.md):

- no mixed particles (은(는), 이(가), 을(를), 와(과), (으)로): a particle is chosen by the value;
- after a sample value, the particle that value takes (시험협정이 / 시험자료가, 2030은 / 2025는);
- no doubled units ("(달러) (달러)", "억원 (억원)");
- one word per concept: a rate of change is 증감률, never "증감 (%)";
- one speech level in prose: 합니다체, no 해라체 sentence endings (한다. 이다. 없다.) outside quotations;
- no English UI words left in a Korean text (proper nouns, acronyms, flags, identifiers and
  formats aside).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from burdenshare.i18n import particles

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "src" / "burdenshare" / "i18n" / "locale" / "ko" / "LC_MESSAGES" / "burdenshare.po"

# sample values: one ends in a consonant, one in a vowel, as text and as numbers
WORDS = ("시험협정", "시험자료")
NUMBERS = (2030, 2025)

MIXED = re.compile(r"은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|와\(과\)|과\(와\)|\(으\)로|\(이\)|\(을\)|\(은\)|\(과\)|\(와\)|\(가\)")
PARTICLE = re.compile(r"^(['\"’”」』)\]]*)(으로|로|은|는|이|가|을|를|와|과)(?=[\s.,:;)!?]|$)")
DOUBLED = re.compile(r"\(([^()]+)\)\s*\(\1\)|(\S+)\s*\(\2\)")
RATE_WORD = re.compile(r"증감\s*\(\s*%")
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|'[^']*'|‘[^’]*’|「[^」]*」")
PLAIN_ENDING = re.compile(r"(?<![니])(?:한다|이다|없다|있다|된다|않다|였다|았다|었다|했다|진다|는다|겠다|낸다|난다|른다|졌다|렸다|간다|온다|뀐다|인다|운다|준다|룬다|킨다|친다|든다|춘다|린다|긴다|민다|닌다)(?=[.!?]|\s*$|\s*\()")
ALLOWED_LATIN = {
    "SMA", "USFK", "GAO", "DoD", "CPI", "CSV", "PNG", "SVG", "URL", "API", "JSON", "Excel", "ZOPA", "BATNA", "Nash", "GENIUS",
    "GeniusWeb", "Genius", "SALib", "Sobol", "VAR", "AR", "YAML", "XML", "PDF", "ID", "GDP", "USD", "KRW", "JPY", "CC", "BY", "HTML",
    "Monte", "Carlo", "DMDC", "MND", "MOFA", "CPI-U", "SOFA", "SCM", "NGO", "OpenAPI", "Plotly", "PostgreSQL", "SQLite", "Kalai",
    "Smorodinsky", "Pareto", "Boulware", "Conceder", "tit", "for", "tat", "bootstrap", "var", "ar1", "tornado", "sobol", "ko", "en",
    "xlsx", "csv", "json", "png", "svg", "burdenshare", "iframe", "UTF-8", "BOM", "Windows", "Hangul", "Rich", "Typer", "FastAPI",
    "genius", "geniusweb", "none", "fixed", "increasing", "decreasing", "split_difference", "payer_bid", "payee_bid", "HS", "TeX",
    "S1", "ST", "KOSIS", "BOK", "ECOS", "FRED", "OECD", "SIPRI", "IMF", "WEO", "CRS", "NDAA", "DPRK", "ROK", "US", "Yonhap",
    "trillion", "billion", "tn", "e12", "won", "YEAR", "AMOUNT", "VALUE", "SERIES", "HOST", "SCENARIO", "FILE", "FOLDER", "CASE",
    "PCT", "RATE", "VAR1", "VAR2", "SD", "A", "NAME", "CLAIM", "TARGET", "AGREEMENT", "BASELINE", "SCALE", "PARTY", "TACTIC",
    "ISSUE", "P", "k", "sd", "q", "p", "x", "n", "min", "max", "step", "utility", "package", "weights", "pairwise", "values",
    "reservation", "discount_rate", "http", "https", "localhost", "XLSX", "CI", "OK",
    # the chart sizes a person types (--plot-size article|square|a4), their units, and the name of a standard
    "article", "square", "a4", "px", "dpi", "Frictionless",
    # codes and names a person types or reads in a header (a tactic, a definition, a role, a field of a file, a date's form)
    "cpi", "fx", "dod", "mnd", "gao", "jp", "kr", "YYYY", "MM", "DD", "ROUND", "RESERVATION", "HTTP", "MIT", "Host",
    "linear", "conceder", "boulware", "assumed", "forecast", "plan", "issuesValues", "years", "changes", "overrides", "scale",
    # the data providers a person names (--provider) and the columns of a file of values (period,value)
    "DBnomics", "dbnomics", "kosis", "ecos", "fred", "estat", "period", "value",
}
LATIN = re.compile(r"(?<![\w\-./:<{])[A-Za-z][A-Za-z]+(?![\w\-./:>}(])")


def _entries() -> list[tuple[str, str]]:
    from babel.messages.pofile import read_po

    with PO.open("rb") as fh:
        cat = read_po(fh, locale="ko")
    out = []
    for m in cat:
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strs = m.string if isinstance(m.string, tuple) else (m.string,)
        for s in strs:
            if s:
                out.append((ids[0], s))
    return out


ENTRIES = _entries()


def _fields(template: str) -> list[tuple[str, str | None, str]]:
    out = []
    for _lit, name, spec, conv in string.Formatter().parse(template.replace("{{", "").replace("}}", "")):
        if name is not None and name and re.match(r"^[A-Za-z_]\w*$", name.split(".")[0].split("[")[0]):
            out.append((name, conv, spec or ""))
    return out


def _sample(name: str, spec: str, i: int) -> object:
    numeric = bool(re.search(r"[,%dfegn]$|^\.\d|^\d", spec)) or name in ("n", "count", "year", "years", "paths", "runs", "i", "k")
    return NUMBERS[i] if numeric else WORDS[i]


def _render(template: str, i: int) -> str | None:
    """The Korean template filled with sample values (consonant-final for i=0, vowel-final for i=1)."""
    from burdenshare.i18n.core import _Params

    bare = particles._AS_SPEC.sub(lambda m: "{" + m.group(1) + (m.group(2) or "") + "}{" + m.group(3) + "}", template)
    values: dict[str, object] = {}
    for name, _conv, spec in _fields(particles._MARK.sub("", bare)):
        key = re.split(r"[.\[]", name)[0]
        values[key] = _sample(key, spec, i)
    for _attempt in range(3):
        try:
            if particles.has_particles(template):
                return particles.resolve(template, _Params(values))
            return template.format_map(_Params(values))
        except (ValueError, TypeError) as exc:  # a format for numbers given a word: try the number
            bad = next((k for k, v in values.items() if isinstance(v, str)), None)
            if bad is None:
                raise AssertionError(f"cannot fill {template!r}: {exc}") from None
            for k in values:
                values[k] = NUMBERS[i] if isinstance(values[k], str) else values[k]
        except (KeyError, IndexError, AttributeError):
            return None
    return None


def _wrong_particles(text: str, i: int) -> list[str]:
    out = []
    for sample in (WORDS[i], str(NUMBERS[i]), f"{NUMBERS[i]:,}"):
        for m in re.finditer(re.escape(sample), text):
            rest = text[m.end():]
            p = PARTICLE.match(rest)
            if not p:
                continue
            closers, got = p.group(1), p.group(2)
            pair = {"으로": "으로/로", "로": "으로/로", "은": "은/는", "는": "은/는", "이": "이/가", "가": "이/가", "을": "을/를",
                    "를": "을/를", "와": "와/과", "과": "와/과"}[got]
            want = particles.pick(text[:m.end()] + closers, pair)  # a value in brackets: the word before them takes it
            if got != want:
                out.append(f"{sample}{closers}{got} (want {want})")
    return out


def _problems(msgid: str, template: str) -> list[str]:
    problems = []
    if MIXED.search(template):
        problems.append("mixed particle: " + MIXED.search(template).group(0))
    bare = particles._AS_SPEC.sub(lambda m: "{" + m.group(1) + (m.group(2) or "") + "}{" + m.group(3) + "}", template)
    if len(particles._MARK.findall(bare)) != len(particles._AFTER.findall(bare)):
        problems.append("a particle pair that follows no field (write it right after the field: {party}{이/가})")
    if RATE_WORD.search(template):
        problems.append("증감 (%): a rate of change is 증감률")
    for i in (0, 1):
        text = _render(template, i)
        if text is None:
            continue
        problems += [f"particle {w}" for w in _wrong_particles(text, i)]

    fields = iter(range(1000))
    m = DOUBLED.search(re.sub(r"\{[^{}]*\}", lambda _m: f"⟨{next(fields)}⟩", template))  # the text's own words, each field apart
    if m:
        problems.append(f"doubled unit: {m.group(0)!r}")
    prose = QUOTED.sub("", template)
    m = PLAIN_ENDING.search(prose)
    if m:
        problems.append(f"해라체 ending '{m.group(0)}' (the catalog writes 합니다체)")
    latin = {w for w in LATIN.findall(re.sub(r"\{[^{}]*\}|--[\w-]+|`[^`]*`|'[^']*'|\"[^\"]*\"|<[^<>]*>|\w+_\w+|\S+\.\w{2,4}\b|https?://\S+", " ",
                                             prose)) if w not in ALLOWED_LATIN and w not in msgid.split("'")[1::2]}
    if latin and latin & set(re.findall(r"[A-Za-z]+", msgid)):  # English words of the source left in the translation
        problems.append(f"English words {sorted(latin)}")
    return problems


def test_the_checker_catches_what_it_is_for():
    assert _problems("x", "'{text}'은(는) 아닙니다")[0].startswith("mixed particle")
    assert any(p.startswith("particle") for p in _problems("x", "{party}가 협상 테이블에서 얻는 효용"))
    assert not any(p.startswith("particle") for p in _problems("x", "{party}{이/가} 협상 테이블에서 얻는 효용"))
    assert any("doubled" in p for p in _problems("x", "분담금 (달러) (달러)"))
    assert any("증감률" in p for p in _problems("x", "증감 (%)"))
    assert any("해라체" in p for p in _problems("x", "이 금액은 산출값이다."))
    assert not _problems("x", "이 금액은 산출값입니다.")
    assert any("English" in p for p in _problems("the mean of paths", "paths의 mean"))
    assert not _problems("SMA", "SMA와 CPI")
    assert any("follows no field" in p for p in _problems("x", "항목{이/가} 아닙니다"))


def test_every_korean_message_reads_as_written_by_a_person():
    bad = []
    for msgid, template in ENTRIES:
        for p in _problems(msgid, template):
            bad.append(f"{p}: {template}")
    assert not bad, f"{len(bad)} Korean texts break the house style:\n" + "\n".join(bad[:80])


def test_no_mixed_particles_in_the_catalog():
    text = PO.read_text(encoding="utf-8")
    found = [line for line in text.splitlines() if line.startswith(("msgstr", '"')) and MIXED.search(line)]
    assert not found, found[:10]


@pytest.mark.parametrize("word,pair,want", [
    ("대한민국", "이/가", "대한민국이"), ("미국", "이/가", "미국이"), ("일본", "은/는", "일본은"), ("시나리오", "을/를", "시나리오를"),
    ("서울", "으로/로", "서울로"), ("미국", "으로/로", "미국으로"), ("2030", "은/는", "2030은"), ("2025", "은/는", "2025는"),
    ("10", "이/가", "10이"), ("100", "이/가", "100이"), ("1,000", "을/를", "1,000을"), ("3", "으로/로", "3으로"), ("1", "으로/로", "1로"),
    ("7", "와/과", "7과"), ("2.5%", "은/는", "2.5%는"), ("2.8%p", "이/가", "2.8%p가"), ("SMA", "이/가", "SMA가"), ("GAO", "은/는", "GAO는"),
    ("USFK", "와/과", "USFK와"), ("소비자물가지수(CPI)", "이/가", "소비자물가지수(CPI)가"), ("'1조조'", "은/는", "'1조조'는"),
    ("1조 5,192억원", "이/가", "1조 5,192억원이"), ("model", "으로/로", "model로"), ("baseline", "과/와", "baseline과"),
])
def test_particles_follow_the_value_as_it_is_read(word, pair, want):
    assert particles.attach(word, pair) == want


def test_messages_choose_their_particles():
    from burdenshare.i18n import _, language

    with language("ko"):
        for party, want in (("대한민국", "대한민국이"), ("미국", "미국이"), ("일본", "일본이"), ("미합중국 정부", "미합중국 정부가")):
            assert str(_("utility on the table for {party}", party=party)).startswith(want)


def test_the_placeholder_conventions():
    assert particles.resolve("{party:이/가} 제안합니다", {"party": "미국"}) == "미국이 제안합니다"
    assert particles.resolve("{party:이/가} 제안합니다", {"party": "일본 정부"}) == "일본 정부가 제안합니다"
    assert particles.resolve("'{text}'{은/는} 금액이 아닙니다", {"text": "1조조"}) == "'1조조'는 금액이 아닙니다"
    assert particles.resolve("{fy:,}{은/는} {unit:,}의 배수가 아닙니다", {"fy": 1_000_001, "unit": 100}) == "1,000,001은 100의 배수가 아닙니다"
    assert particles.resolve("{value!r}{을/를} 받습니다; {{literal}}", {"value": "x"}) == "'x'를 받습니다; {literal}"
