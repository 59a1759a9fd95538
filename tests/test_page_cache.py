"""The History page is kept as sent (web/routes/pages.py kept_page): a second visit gets the same
bytes, compressed or not as the browser asks, and what differs by language, measure, host or embed
theme is never served from another visit's page."""

import gzip
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from burdenshare.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("page-cache") / "p.db"
    with TestClient(create_app(f"sqlite:///{db}")) as c:
        yield c


def test_a_second_visit_gets_the_same_page_plain_or_compressed(client: TestClient) -> None:
    first = client.get("/", params={"lang": "en"}, headers={"accept-encoding": "identity"})
    again = client.get("/", params={"lang": "en"}, headers={"accept-encoding": "identity"})
    assert first.status_code == again.status_code == 200
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-encoding" not in first.headers
    assert again.content == first.content
    with client.stream("GET", "/", params={"lang": "en"}, headers={"accept-encoding": "gzip"}) as packed:
        body = b"".join(packed.iter_raw())  # as sent, not decoded
    assert packed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers.get_list("vary")
    assert len(body) < len(first.content) / 4
    assert gzip.decompress(body) == first.content


def test_language_measure_and_host_each_have_their_own_page(client: TestClient) -> None:
    en = client.get("/", params={"lang": "en"}).text
    ko = client.get("/", params={"lang": "ko"}).text
    assert '<html lang="en">' in en and '<html lang="ko">' in ko
    dollars = client.get("/", params={"lang": "en", "measure": "amount_dollars"}).text
    assert dollars != en and '<option value="amount_dollars" selected>' in dollars
    assert '<option value="amount_dollars" selected>' not in en
    # the host asked in the address goes back with the measure form; without it, no hidden field
    assert 'name="host"' not in en
    assert 'type="hidden" name="host"' in client.get("/", params={"lang": "en", "host": "kr"}).text


def test_an_embed_keeps_its_theme_and_its_link(client: TestClient) -> None:
    light = client.get("/embed/history", params={"lang": "en"}).text
    dark = client.get("/embed/history", params={"lang": "en", "theme": "dark"}).text
    assert 'class="embed"' in light and 'class="embed dark"' in dark
    other = client.get("/embed/history", params={"lang": "en", "measure": "amount_dollars"}).text
    assert "measure=amount_dollars" in other and "measure=amount_dollars" not in light


def test_a_server_prepares_the_history_page_at_start_and_never_fails_for_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from burdenshare.web.routes import pages

    app = create_app(f"sqlite:///{tmp_path / 'w.db'}")
    with caplog.at_level(logging.ERROR, logger="burdenshare.web"):
        pages.warm(app)
    assert not caplog.records
    with TestClient(app) as c:
        assert c.get("/", params={"lang": "ko"}).status_code == 200

    def broken(req: object) -> None:
        raise RuntimeError("no data")

    monkeypatch.setattr(pages, "history_parts", broken)
    with caplog.at_level(logging.ERROR, logger="burdenshare.web"):
        pages.warm(app)  # logged, not raised: the page is made when asked for
    assert [r.message for r in caplog.records] == ["the History page could not be prepared at start-up"]


def test_the_footer_s_data_ages_are_never_an_older_visit_s(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from burdenshare.web.routes import pages

    before = client.get("/", params={"lang": "en"}).text
    assert 'data-series="zz_made_up"' not in before
    aged = [{"series": "zz_made_up", "label": "a series", "newest": "May 2026", "age": 7, "behind": 0, "warn": False}]
    monkeypatch.setattr(pages, "data_age", lambda host, version, lang: aged)  # another day's ages, as a later day gives
    assert 'data-series="zz_made_up"' in client.get("/", params={"lang": "en"}).text
