"""The source registry: every document a bundled figure or rule comes from.

``data/sources.csv`` has one row per document (id, title, publisher, publisher_ko, url, date,
accessed, quality, note, read_via). A source keeps its original title; its publisher is named in English
(``publisher``) and in Korean (``publisher_ko``; a registry without that column is read too). Data files cite sources by id; a user's own files may cite a URL instead.

``quality`` says what kind of document it is, so that a reader can judge it:

- ``primary``: a government or official statistical publication, read at its publisher;
- ``press``: a newspaper, broadcaster or wire service, read at its publisher (or a news
  organisation that publishes it under licence with its own masthead);
- ``secondary``: a copy or compilation: a blog, a bulletin board, a forum, a transcription site, a
  portal or aggregator, an archive, a data mirror of an official dataset, a document host. Kept where
  no citable original was found.

One rule decides the last case, whoever first published the text: a source whose text was read
through a copy (``read_via``: the address of the copy actually read) or whose address is on a host
listed in ``data/copy_hosts.csv`` is ``secondary``. The loader refuses a registry that says otherwise,
so a label cannot drift from the address it describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..i18n import _, localized

FIELDS = ["id", "title", "publisher", "publisher_ko", "url", "date", "accessed", "quality", "note", "read_via"]
OPTIONAL = ("publisher_ko", "read_via")  # a registry written before these columns is read too
COPY_HOSTS = "copy_hosts.csv"  # beside sources.csv: hosts whose pages are copies (see the module text)
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
    read_via: str = ""

    def publisher_name(self, lang: str | None = None) -> str:
        """The publisher in the reader's language (English where no Korean name is given)."""
        return localized({"en": self.publisher, "ko": self.publisher_ko or self.publisher}, lang)


def host_of(url: str) -> str:
    """The host name of an address, lower case, without a leading ``www.`` ('' for a document reference)."""
    host = (urlsplit(url).hostname or "") if is_url(url) else ""
    return host.lower().removeprefix("www.")


def load_copy_hosts(path: Path) -> dict[str, str]:
    """``copy_hosts.csv`` (host, kind, note): {host: kind}; none when the file is absent."""
    if not path.exists():
        return {}
    from .datafile import csv_rows

    out: dict[str, str] = {}
    for row in csv_rows(path, ["host", "kind", "note"]):
        host = row["host"].lower()
        if not host or "/" in host or " " in host:
            raise row.error("host", _("is not a host name"))
        out[host] = row["kind"]
    return out


def copy_host(url: str, hosts: dict[str, str]) -> str | None:
    """The listed host that serves `url` (the host itself or a domain above it), or None."""
    host = host_of(url)
    while host:
        if host in hosts:
            return host
        host = host.partition(".")[2] if "." in host else ""
    return None


def load_sources(path: Path) -> dict[str, Source]:
    out: dict[str, Source] = {}
    copies = load_copy_hosts(path.parent / COPY_HOSTS)
    from .datafile import csv_rows

    for row in csv_rows(path, FIELDS, optional=OPTIONAL):
        sid = row.required("id", _("is empty"))
        if sid in out:
            raise row.error("id", _("duplicate id '{id}'", id=sid))
        row.required("title", _("is empty"))
        url = row.required("url", _("every source needs a URL or a document reference"))
        quality = row["quality"]
        if quality not in QUALITIES:
            raise row.error("quality", _("'{quality}' is not one of {known}", quality=quality, known=", ".join(QUALITIES)))
        read_via = row["read_via"]
        if read_via and not is_url(read_via):
            raise row.error("read_via", _("must be the address of the copy that was read"))
        copy = copy_host(read_via or url, copies)
        if (read_via or copy) and quality != "secondary":
            raise row.error("quality", _("is '{quality}', but the text was read through a copy ({host}): "
                                         "a copy is 'secondary', whoever first published it",
                                         quality=quality, host=copy or host_of(read_via)))
        out[sid] = Source(**{k: row[k] for k in FIELDS})
    return out


def is_url(ref: str) -> bool:
    return ref.startswith(("http://", "https://"))
