"""Words quoted from a source, kept as the source prints them, with burdenshare's translation.

A quote (``quote``) is never altered: it stays in the language the source printed it in
(``quote_lang``, an ISO 639-1 code; when left out it is ``ko`` for a quote in Hangul and ``en``
otherwise, so a quote in any other language must name its language). ``quote_translation`` holds
burdenshare's own translation of the quote by language (``{ko: ..., en: ...}``): a page or a
table in another language than the quote's shows the translation under the original, labelled as
a translation by burdenshare (never as the speaker's words).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..i18n import LANGUAGES, _, current

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def guess_language(text: str) -> str:
    """``ko`` for a text with Hangul, else ``en`` (what a quote without ``quote_lang`` is taken to be)."""
    return "ko" if _HANGUL.search(text or "") else "en"


class Quoted(BaseModel):
    """The quote fields shared by claims, what was said about them, and negotiation positions."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    quote: str = Field("", description="the words as the source prints them, in their language (never altered)")
    quote_lang: str | None = Field(None, pattern=r"^[a-z]{2,3}$",
                                   description="the quote's language (ISO 639-1); default: ko for Hangul, else en")
    quote_translation: dict[str, str] = Field(
        default_factory=dict, description="burdenshare's translation of the quote, by language (en, ko): shown under the "
                                          "original, labelled as a translation by burdenshare")

    @model_validator(mode="after")
    def _translation(self) -> Quoted:
        if self.quote_translation and not self.quote.strip():
            raise ValueError(_("a translation needs the quote it translates"))
        for lang, text in self.quote_translation.items():
            if lang not in LANGUAGES:
                raise ValueError(_("translation language '{lang}' is not one of {known}", lang=lang, known=", ".join(LANGUAGES)))
            if lang == self.language:
                raise ValueError(_("the quote is already in '{lang}': give the translation into the other language", lang=lang))
            if not text.strip():
                raise ValueError(_("the translation into '{lang}' is empty", lang=lang))
        return self

    @property
    def language(self) -> str:
        """The quote's language."""
        return self.quote_lang or guess_language(self.quote)

    def translation(self, lang: str | None = None) -> str:
        """burdenshare's translation into `lang` (the language in force), or "" when the quote is in
        that language already or has no translation into it."""
        lang = lang or current()
        return "" if lang == self.language else self.quote_translation.get(lang, "")

    def missing_translations(self) -> list[str]:
        """The languages of the dashboard the quote is neither in nor translated into."""
        if not self.quote.strip():
            return []
        return [lg for lg in LANGUAGES if lg != self.language and not self.quote_translation.get(lg, "").strip()]

    def shown(self, lang: str | None = None) -> dict[str, str]:
        """The quote as a page shows it: the original, its language, and the translation into the
        reader's language when there is one."""
        return {"quote": self.quote, "quote_lang": self.language if self.quote.strip() else "",
                "quote_translation": self.translation(lang)}
