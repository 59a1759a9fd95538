"""The "new host" recipe, tried: a toy host from data files alone (tests/data: Testland, currency XTS,
no support ledger, no claims, no negotiation case) has every page of the dashboard answer 200 in both
languages, and the API's answers for it are what its data holds (a Whole bill without a ledger says so
rather than failing)."""

import pytest
from fastapi.testclient import TestClient
from test_third_host import DATA

from burdenshare.web.app import create_app
from burdenshare.web.routes.pages import PAGES

PATHS = ["/" if p == "history" else f"/{p}" for p in PAGES] + ["/ledger", "/claims", "/embed/history", "/embed/hosts",
                                                                "/agreements/zz-sma-1"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("BURDENSHARE_DATA_PATH", str(DATA))
    db = tmp_path_factory.mktemp("toy") / "toy.db"
    with TestClient(create_app(f"sqlite:///{db}"), raise_server_exceptions=False) as c:
        yield c
    mp.undo()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", PATHS)
def test_every_page_answers_for_a_host_from_data_files_alone(client, path, lang):
    r = client.get(path, params={"host": "zz", "lang": lang})
    assert r.status_code == 200, (path, lang, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")


def test_the_whole_bill_of_a_host_without_a_ledger_says_so(client):
    page = client.get("/ledger", params={"host": "zz", "lang": "en"})
    assert page.status_code == 200 and "Testland" in page.text
    assert "no support ledger for Testland" in page.text
    assert client.get("/api/v1/ledger", params={"host": "zz", "lang": "en"}).json()["error"].endswith("no support ledger for Testland")
