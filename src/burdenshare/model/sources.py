"""The source registry: every document a bundled figure or rule comes from.

``data/sources.csv`` has one row per document (id, title, publisher, publisher_ko, url, date,
accessed, quality, note). A source keeps its original title; its publisher is named in English
(``publisher``) and in Korean (``publisher_ko``; a registry without that column is read too). Data files cite sources by id; a user's own files may cite a URL instead.

``quality`` says what kind of document it is, so that a reader can judge it:

- ``primary``: a government or official statistical publication (also when it was read through a
  transcription, which the note then names);
- ``press``: a newspaper, broadcaster or wire service (a licensed syndicated copy included);
- ``secondary``: a copy or compilation: a blog, a bulletin board, an aggregator, an archive, a data
  mirror of an official dataset, a document host. Kept where no citable original was found.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataFileError
from ..i18n import _, localized

FIELDS = ["id", "title", "publisher", "publisher_ko", "url", "date", "accessed", "quality", "note"]
OPTIONAL = ("publisher_ko",)  # a registry written before this column is read too
QUALITIES = ("primary", "press", "secondary")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    date: str
    accessed: str
    quality: str
    note: str
    publisher_ko: str = ""

    def publisher_name(self, lang: str | None = None) -> str:
        """The publisher in the reader's language (English where no Korean name is given)."""
        return localized({"en": self.publisher, "ko": self.publisher_ko or self.publisher}, lang)


def load_sources(path: Path) -> dict[str, Source]:
    out: dict[str, Source] = {}
    from .datafile import open_text

    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames not in (FIELDS, [f for f in FIELDS if f not in OPTIONAL]):
            raise DataFileError(str(path), _("header must be {expected}, got {got}", expected=",".join(FIELDS), got=reader.fieldnames), line=1)
        for i, row in enumerate(reader, start=2):
            sid = (row["id"] or "").strip()
            if not sid:
                raise DataFileError(str(path), _("is empty"), field="id", line=i)
            if sid in out:
                raise DataFileError(str(path), _("duplicate id '{id}'", id=sid), field="id", line=i)
            if not (row["title"] or "").strip():
                raise DataFileError(str(path), _("is empty"), field="title", line=i)
            if not (row["url"] or "").strip():
                raise DataFileError(str(path), _("every source needs a URL or a document reference"), field="url", line=i)
            quality = (row["quality"] or "").strip()
            if quality not in QUALITIES:
                raise DataFileError(str(path), _("'{quality}' is not one of {known}", quality=quality, known=", ".join(QUALITIES)),
                                    field="quality", line=i)
            out[sid] = Source(**{k: (row.get(k) or "").strip() for k in FIELDS})
    return out


def is_url(ref: str) -> bool:
    return ref.startswith(("http://", "https://"))
