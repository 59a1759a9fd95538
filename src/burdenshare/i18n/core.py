"""Lazy translated messages and the language in force.

A :class:`Msg` keeps its English source text (the gettext msgid) and its parameters; ``str()``
translates it into the language in force at that moment and fills the parameters in. Parameters
that are themselves messages (or money, see :mod:`.money`) are rendered in the same language.
"""

from __future__ import annotations

import contextvars
import gettext as _gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "ko")
DEFAULT = "en"
DOMAIN = "burdenshare"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("burdenshare_language", default=DEFAULT)


def normalize(value: str | None) -> str | None:
    """'ko_KR.UTF-8', 'ko-KR', 'KO' -> 'ko'; anything not supported -> None."""
    if not value:
        return None
    code = value.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def current() -> str:
    return _current.get()


def set_language(lang: str) -> None:
    """Set the language for the rest of this context (a CLI run, a request)."""
    _current.set(normalize(lang) or DEFAULT)


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Use `lang` inside the block, then restore the previous language."""
    token = _current.set(normalize(lang) or DEFAULT)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@cache
def catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of a language (English, the source language, needs none)."""
    if lang == DEFAULT:
        return _gettext.NullTranslations()
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    if not po.exists():
        return _gettext.NullTranslations()
    # no compiled catalog beside it (a source checkout): compiled once, kept in the user's cache folder
    from ..data import cache

    mo_bytes = cache.cached(f"messages-{lang}", cache.digest([po, Path(__file__)]), lambda: compile_po(po))
    return _gettext.GNUTranslations(io.BytesIO(mo_bytes))


def compile_po(po: Path) -> bytes:
    """A .po catalog compiled to .mo bytes (with Babel; fuzzy entries are left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        cat = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, cat)
    return buf.getvalue()


def gettext(msgid: str) -> str:
    """`msgid` in the language in force (the English text itself where no translation exists)."""
    return catalog(current()).gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalog(current()).ngettext(singular, plural, n)


class _Params(dict[str, Any]):
    """Format parameters rendered in the language in force (messages, money, lists)."""

    def __getitem__(self, key: str) -> Any:
        return render(super().__getitem__(key))


def render(value: Any) -> Any:
    if isinstance(value, Msg):
        return str(value)
    if isinstance(value, (list, tuple)) and any(isinstance(v, Msg) for v in value):
        return type(value)(str(v) if isinstance(v, Msg) else v for v in value)
    return value


class Msg:
    """A message to show a person: English source text plus parameters, translated when shown.

    ``_("year {year} is outside {lo}-{hi}", year=y, lo=a, hi=b)``; the text uses str.format
    fields. A plural form is chosen by the parameter named in `count` (see :func:`_n`).
    """

    __slots__ = ("count", "msgid", "params", "plural")

    def __init__(self, msgid: str, params: dict[str, Any] | None = None, plural: str | None = None, count: str | None = None):
        self.msgid = msgid
        self.plural = plural
        self.count = count
        self.params = params or {}

    def with_params(self, **params: Any) -> Msg:
        """The same message with parameters added or replaced (a message kept as a template, filled
        in where the values are known)."""
        return Msg(self.msgid, {**self.params, **params}, plural=self.plural, count=self.count)

    def text(self) -> str:
        if self.plural is not None and self.count is not None:  # set together by _n
            tmpl = ngettext(self.msgid, self.plural, int(self.params[self.count]))
        else:
            tmpl = gettext(self.msgid)
        if not self.params and "{{" not in tmpl:
            return tmpl
        try:
            if "/" in tmpl:  # particles chosen by the value before them: {party}{이/가}, '{text}'{은/는}
                from .particles import has_particles, resolve

                if has_particles(tmpl):
                    return resolve(tmpl, _Params(self.params))
            return tmpl.format_map(_Params(self.params))
        except (KeyError, IndexError, ValueError):  # a broken translation never hides the message
            return self.msgid.format_map(_Params(self.params))

    def __str__(self) -> str:
        return self.text()

    def __format__(self, spec: str) -> str:
        return format(self.text(), spec)

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Msg):
            return (self.msgid, self.params) == (other.msgid, other.params)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.msgid)

    def __add__(self, other: object) -> str:
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)


def _(msgid: str, **params: Any) -> Msg:
    """Mark a user-facing text for translation; it is translated when shown."""
    return Msg(msgid, params)


def _n(singular: str, plural: str, count: str = "n", **params: Any) -> Msg:
    """A message with a plural form chosen by the parameter named `count`."""
    return Msg(singular, params, plural=plural, count=count)


Text = str | dict[str, str]
"""A text in the data files: one string (English), or one string per language ({en: ..., ko: ...})."""


def localized(value: Text | None, lang: str | None = None) -> str:
    """A data file's text in the language in force (else English, else any language given)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    lang = lang or current()
    return value.get(lang) or value.get(DEFAULT) or next(iter(value.values()), "")
