"""The presenters (present/claims.py, present/ledger.py, present/history.py, present/hosts.py): the CLI and the pages render the same views,
and nothing a reader sees there (a header, a cell, a note, a title) is an id: no source, series,
claim, scenario or agreement id, no column key, in either language; publishers by their names."""

import csv
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_cli import run

from burdenshare.analysis.claims import bundled_claims
from burdenshare.data import DATA_DIR
from burdenshare.i18n import language
from burdenshare.model.catalog import catalog, host_ids
from burdenshare.model.ledger import ledger_of
from burdenshare.present import claims as show_claims, ledger as show_ledger
from burdenshare.present.view import TableView, View

LANGS = ("en", "ko")
SRC = Path(show_claims.__file__).parents[1]


def _ids() -> set[str]:
    """Ids of the bundled data (with a separator or a digit: a plain word may be its own name)."""
    with (DATA_DIR / "sources.csv").open(encoding="utf-8") as fh:
        ids = {row["id"] for row in csv.DictReader(fh)}
    for folder in ("agreements", "scenarios", "negotiations", "claims", "series", "assumptions"):
        ids |= {p.stem for p in (DATA_DIR / folder).rglob("*") if p.suffix in (".yaml", ".csv")}
    for host in host_ids():
        cat = catalog(host)
        ids |= set(cat.book.meta) | set(cat.sources)
    return {i for i in ids if re.search(r"[-_0-9]", i) and re.search(r"[a-z]", i)}


IDS = _ids()
SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
URL = re.compile(r"\b(?:https?://|www\.)\S+")


def internal_names(text: str) -> list[str]:
    """The ids and column keys in a text a person reads (addresses aside)."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9_\-]*[A-Za-z0-9]", URL.sub(" ", text))
    return sorted({w for w in words if w in IDS or SNAKE.fullmatch(w)})


def shown(view: View) -> list[str]:
    """Every text of a view a reader sees (on a page or in the terminal); a column only the terminal
    shows as the argument to type (a claim's id for `burdenshare claim CLAIM`) aside."""
    out = [view.title, view.finding, view.unit, *view.lines, *view.notes]
    out += [t for s in view.sources for t in (s.publisher, s.quality_word)]
    for t in view.tables:
        out += _table_texts(t)
    return out


def _table_texts(t: TableView) -> list[str]:
    out = [t.title, t.caption, t.subtitle, t.empty, *t.notes, *(c.header for c in t.columns)]
    for r in t.rows:
        for c, cell in zip(t.columns, r.cells, strict=True):
            if c.web:
                out += [cell.text, cell.note, cell.translation]
    return out


def _views(host: str) -> list[View]:
    views: list[View] = [show_claims.claims_view(host)]
    views += [show_claims.claim_view(cid, host) for cid in bundled_claims(catalog(host))]
    if ledger_of(catalog(host)) is not None:
        views.append(show_ledger.ledger_view(host))
    return views


@pytest.mark.parametrize("lang", LANGS)
def test_no_view_names_an_id(lang):
    with language(lang):
        for host in host_ids():
            for view in _views(host):
                found = {n for text in shown(view) for n in internal_names(text)}
                assert not found, (lang, host, view.title, sorted(found))


@pytest.mark.parametrize("lang", LANGS)
def test_sources_are_named_by_their_publishers(lang):
    with language(lang):
        view = show_claims.claim_view("trump-10bn-2025", "kr")
        said = view.table("said")
        assert said is not None
        cited = [cell for r in said.rows for cell in r.cells if cell.source]
        assert cited and all(cell.text and cell.source not in cell.text for cell in cited)
        assert any(cell.source == "joongang-2025-07-09-mofa" for cell in cited)
        name = "코리아중앙데일리" if lang == "ko" else "Korea JoongAng Daily (Yonhap)"
        assert any(cell.text.startswith(name) for cell in cited), [c.text for c in cited]


@pytest.mark.parametrize("lang", LANGS)
def test_cli_claim_and_ledger_name_no_id(lang):
    for args in (("claim", "trump-10bn-2025"), ("claim", "defence-3-5pct-gdp-2025"), ("ledger",), ("ledger", "--items"),
                 ("ledger", "--execution"), ("ledger", "--host", "jp")):
        out = run("--lang", lang, *args).stdout
        assert not internal_names(out), (lang, args, internal_names(out))
    # the list gives each claim's id, the argument to type, and nothing else of the kind
    out = run("--lang", lang, "claim").stdout
    ids = {c for c in bundled_claims(catalog("kr"))}
    assert ids <= set(re.findall(r"[a-z0-9-]+", out))
    assert not [n for n in internal_names(out) if n not in ids]


class _Text(HTMLParser):
    """The text a reader sees in a page: outside scripts, styles, source titles (kept as published)
    and code."""

    SKIP = ("script", "style", "code", "pre")

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr", "col"):
            return
        skip = tag in self.SKIP or "source-title" in (dict(attrs).get("class") or "")
        self.stack.append(skip)
        self.depth += skip

    def handle_endtag(self, tag):
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr", "col") or not self.stack:
            return
        self.depth -= self.stack.pop()

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def page_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from burdenshare.web.app import create_app

    db = tmp_path_factory.mktemp("db") / "t.db"
    with TestClient(create_app(f"sqlite:///{db}", jobs=False)) as c:
        yield c


@pytest.mark.parametrize("lang", LANGS)
def test_pages_name_no_id(client, lang):
    pages = ["/ledger", "/ledger?host=jp", "/claims"] + [f"/claims/{cid}" for cid in bundled_claims(catalog("kr"))]
    for page in pages:
        r = client.get(page, params={"lang": lang})
        assert r.status_code == 200, page
        text = page_text(r.text)
        assert not internal_names(text), (lang, page, internal_names(text))
    client.cookies.clear()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("host", ["kr", "jp"])
def test_the_history_charts_name_agreements_by_their_short_names(client, lang, host):
    """The History page's server-drawn charts label each agreement's band with its short name from
    the data, in the page's language (제12차, 12th), never with its id (SMA-12, sma-12)."""
    html = client.get("/", params={"lang": lang, "host": host}).text
    svgs = re.findall(r"<svg class=\"bars .*?</svg>", html, re.S)
    assert len(svgs) >= 2
    labels = {re.sub(r"<title>.*?</title>", "", t) for svg in svgs for t in re.findall(r'<text class="band-label"[^>]*>(.*?)</text>', svg, re.S)}
    agreements = catalog(host).agreements
    with language(lang):
        short = {str(a.short[lang]) for a in agreements.values() if a.short}
    assert labels and labels <= short | {re.search(r"\d+", n).group().lstrip("0") for n in short}, labels
    assert len(labels & short) >= 2
    for svg in svgs:
        text = page_text(svg)
        named = [a for a in agreements if re.search(rf"\b{re.escape(a)}\b", text, re.I)]
        assert not named, (lang, host, named)
        assert not internal_names(text), internal_names(text)
    client.cookies.clear()


def _headers(html: str, table: str) -> list[str]:
    m = re.search(rf'<table[^>]*id="{table}".*?<tr>(.*?)</tr>', html, re.S)
    assert m, table
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", m.group(1), re.S)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_cli_and_the_page_show_the_same_columns(client, lang):
    """One presenter: the page's headers are the view's, and the terminal prints the same (the troop
    columns included, which once only the terminal showed)."""
    for cid in ("korea-pays-very-little-2025", "trump-10bn-2025"):
        with language(lang):
            view = show_claims.claim_view(cid, "kr")
        years = view.table("years")
        assert years is not None
        html = client.get(f"/claims/{cid}", params={"lang": lang}).text
        assert _headers(html, "years") == [c.header for c in years.columns]
        out = run("--lang", lang, "claim", cid).stdout
        flat = re.sub(r"[\s│┃]+", "", out)
        for c in years.columns:
            assert re.sub(r"\s+", "", c.header) in flat or all(w in out for w in c.header.split()), (cid, c.header)
    assert "DMDC" in " ".join(c.header for c in show_claims.claim_view("korea-pays-very-little-2025", "kr").table("years").columns)
    client.cookies.clear()


def test_no_dollar_code_in_the_presenters_and_the_web():
    """The dollar's code comes from the host (`dollar`), never from the code."""
    files = [*(SRC / "present").glob("*.py"), *(SRC / "web").rglob("*.py"), *(SRC / "web" / "templates").glob("*.html"),
             SRC / "cli" / "claims.py", SRC / "cli" / "ledger.py"]
    bad = [f.name for f in files if re.search(r"""["']USD["']""", f.read_text(encoding="utf-8"))]
    assert not bad, bad


@pytest.mark.parametrize("lang", LANGS)
def test_cli_hosts_name_the_scenario_and_the_publisher_not_their_ids(lang):
    out = run("--lang", lang, "hosts", "--from", "2026", "--to", "2028", "--scenario", "jp=jp-2027-current-level").stdout
    assert "jp-2027-current-level" not in out and "nikkei-2022-03-25" not in out
    assert ("닛케이" if lang == "ko" else "Nikkei") in out
    assert not internal_names(out), internal_names(out)


# --- the History and Hosts pages: their tables are presenters' views, rendered by the server ---------

def _history_views(host: str) -> list[View]:
    from burdenshare.ops import figures
    from burdenshare.ops.common import records, validate
    from burdenshare.present import history as show_history, labels

    res = figures.history(validate(figures.HistoryRequest, {"host": host}))
    rows = labels.annotate(records(res.frame), catalog(host))
    return [show_history.history_view(res, rows, m) for m in show_history.MEASURES]


def _hosts_view() -> View:
    from burdenshare.ops import hosts as hosts_ops
    from burdenshare.ops.common import validate
    from burdenshare.present.hosts import hosts_page_view

    return hosts_page_view(hosts_ops.hosts(validate(hosts_ops.HostsRequest, {})))


@pytest.mark.parametrize("lang", LANGS)
def test_history_and_hosts_views_name_no_id(lang):
    with language(lang):
        views = [v for host in host_ids() for v in _history_views(host)] + [_hosts_view()]
        for view in views:
            found = {n for text in shown(view) for n in internal_names(text)}
            assert not found, (lang, view.title, view.unit, sorted(found))
            for t in view.tables:
                assert all(c.header for c in t.columns), (view.title, t.id)  # every column is named
                cited = [cell for r in t.rows for cell in r.cells if cell.source]
                assert all(cell.text and cell.source not in cell.text for cell in cited)


@pytest.mark.parametrize("lang", LANGS)
def test_history_view_follows_the_measure(lang):
    from burdenshare.present import history as show_history

    with language(lang):
        views = dict(zip(show_history.MEASURES, _history_views("kr"), strict=True))
        amounts, dollars = views["amount"].table("table"), views["amount_dollars"].table("table")
        assert amounts is not None and dollars is not None
        head = [c.header for c in amounts.columns]
        assert head[2] != dollars.columns[2].header and head[:2] == [c.header for c in dollars.columns][:2]
        row = next(r for r in amounts.rows if dict(r.data).get("year") == "2026")
        assert row.cells[2].text == ("1조 5,192억원" if lang == "ko" else "KRW 1,519.2 billion")
        assert row.cells[4].swatch and row.cells[4].text == ("공표" if lang == "ko" else "published")
        assert views["amount_dollars"].finding != views["amount"].finding
        unknown = [r.cells[2] for r in amounts.rows if r.cells[2].value is None]
        assert unknown and all(c.unknown and c.text == ("미상" if lang == "ko" else "unknown") for c in unknown)
    assert show_history.measure_of("DROP TABLE") == "amount" and show_history.measure_of(None) == "amount"


def test_history_table_grows_by_one_part():
    """Another column (a nowcast's status, say) is one more entry in PARTS: the header and the cells follow."""
    from burdenshare.present import history as show_history
    from burdenshare.present.view import Cell

    extra = show_history.Part("extra", lambda c: "extra column", lambda r, c: Cell(str(r["year"] % 7), r["year"] % 7))
    show_history.PARTS.append(extra)
    try:
        t = _history_views("kr")[0].table("table")
    finally:
        show_history.PARTS.remove(extra)
    assert t is not None and t.columns[-1].header == "extra column" and all(len(r.cells) == len(t.columns) for r in t.rows)


@pytest.mark.parametrize("lang", LANGS)
def test_history_and_hosts_pages_name_no_id_and_carry_their_tables(client, lang):
    """The tables are in the server's answer (no script needed), with the presenter's headers, and no
    id or column key reaches the text of the page."""
    from burdenshare.present import history as show_history

    pages = ["/", "/?host=jp", "/hosts", "/hosts?base=2010", "/embed/hosts", "/embed/history?measure=amount_dollars"]
    pages += [f"/?measure={m}" for m in show_history.MEASURES]
    for page in pages:
        r = client.get(page, params={"lang": lang})
        assert r.status_code == 200, page
        text = page_text(r.text)
        assert not internal_names(text), (lang, page, internal_names(text))
        rows = re.findall(r"<tr[^>]*>\s*<td", r.text.split('id="table"', 1)[1].split("</table>", 1)[0])
        assert rows, page  # the table's rows are in the answer itself
    with language(lang):
        view = _history_views("kr")[1]  # dollars
        hosts = _hosts_view()
    html = client.get("/", params={"lang": lang, "measure": "amount_dollars"}).text
    assert [unescape(h) for h in _headers(html, "table")] == [c.header for c in view.tables[0].columns]
    assert 'data-year="2026"' in html and view.finding in unescape(html)
    html = client.get("/hosts", params={"lang": lang}).text
    assert [unescape(h) for h in _headers(html, "table")] == [c.header for c in hosts.tables[0].columns]
    assert ("209억 달러" if lang == "ko" else "$20.9 billion") in html
    # a made-up measure or base year is not an error on a page: the default view is shown
    assert client.get("/", params={"lang": lang, "measure": "nonsense"}).status_code == 200
    assert client.get("/hosts", params={"lang": lang, "base": "12ab"}).status_code == 200
    client.cookies.clear()


@pytest.mark.parametrize("lang", LANGS)
def test_cli_history_and_hosts_name_no_id(lang):
    """The terminal's history names an agreement by its title (as the page does), a schedule by its
    title above the table, and the hosts' tables head their periods."""
    for args in (("history",), ("history", "--host", "jp"), ("hosts",), ("schedule", "sma-12"), ("schedule", "sma-11")):
        out = run("--lang", lang, *args).stdout
        assert not internal_names(out), (lang, args, internal_names(out))
    assert ("제12차 방위비분담특별협정" if lang == "ko" else "12th Special Measures Agreement") in run("--lang", lang, "history").stdout


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_cli_listings_name_things_as_people_do_beside_the_ids_they_take(lang):
    """The listings keep the id a command takes in their first column; every other cell names an
    agreement, a source or a rule kind as people do (short name, publisher and date, words)."""
    for args in (("scenarios",), ("agreements",), ("series", "cpi"), ("scenarios", "--host", "jp"), ("agreements", "--host", "jp")):
        out = run("--lang", lang, *args).stdout
        rows = [line.split("│")[2:] for line in out.splitlines() if line.startswith("│")]  # every column but the first
        assert rows, (lang, args)
        later = "\n".join("│".join(r) for r in rows)
        assert not internal_names(later), (lang, args, internal_names(later))
        assert not re.search(r"\bfixed\b", later), (lang, args)  # the rule kind's code; its words are "stated amount", 확정액
