"""The web service attacked as a hostile user would (each on SQLite and on PostgreSQL): names that
are paths, devices and FIFOs, long names, huge and chunked bodies, a flood of jobs, bad private
inputs, another party's secrets, forged Host headers; and the headers every answer carries."""

import os
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from burdenshare.web.app import create_app


@pytest.fixture
def client(database_url):
    with TestClient(create_app(database_url), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def live(database_url):
    """A real server (uvicorn in a thread) for what needs real connections."""
    from browser_support import start_server

    base, srv, th = start_server(database_url)
    yield base
    srv.should_exit = True
    th.join(timeout=10)


NAMES = ["/etc/passwd", "/etc/nonexistent", "../../../../etc/passwd", "/dev/zero", "README.md", "sma-12.yaml", "x" * 300, "%2e%2e/x"]


@pytest.mark.parametrize("name", NAMES)
def test_names_are_never_opened_as_files(client, name, tmp_path):
    for method, path, body in (("post", "/api/v1/schedule", {"agreement": name}),
                               ("post", "/api/v1/compare", {"baseline": "sma-12", "scenarios": [name]}),
                               ("post", "/api/v1/simulations", {"target": name, "paths": 10}),
                               ("post", "/api/v1/rooms", {"case": name})):
        t = time.monotonic()
        r = getattr(client, method)(path, json=body)
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text)
        assert time.monotonic() - t < 5
        assert "root:" not in r.text and "line 1" not in r.text
    for path in (f"/api/v1/negotiations/{name}", f"/api/v1/negotiations/{name}/frontier", f"/api/v1/negotiations/{name}/solutions",
                 f"/api/v1/schedule/{name}.csv", f"/api/v1/schedule/{name}.xlsx", f"/api/v1/series/{name}"):
        r = client.get(path)
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text[:200])
    r = client.post(f"/api/v1/negotiations/{name}/value", json={"package": {"first_year": 1_000_000_000_000}})
    assert 400 <= r.status_code < 500


def test_existence_of_a_file_is_not_revealed(client):
    a = client.post("/api/v1/schedule", json={"agreement": "/etc/passwd"})
    b = client.post("/api/v1/schedule", json={"agreement": "/etc/nonexistent"})
    assert a.status_code == b.status_code == 404
    assert a.json()["error"].replace("/etc/passwd", "X") == b.json()["error"].replace("/etc/nonexistent", "X")


def test_a_fifo_does_not_block_the_server(client, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    t = time.monotonic()
    for _ in range(50):
        r = client.post("/api/v1/schedule", json={"agreement": str(fifo)})
        assert r.status_code in (404, 422)
    assert time.monotonic() - t < 20
    assert client.get("/api/v1/agreements").status_code == 200


def test_an_agreement_sent_in_the_body_is_validated(client):
    doc = {"id": "mine", "title": "Mine", "host": "kr", "parties": ["A", "B"], "currency": "KRW", "term": {"start": 2031, "end": 2032},
           "follows": "sma-12", "years": [{"years": "2031-2032", "rule": "change", "pct": 2.0}]}
    r = client.post("/api/v1/schedule", json={"agreement": doc})
    assert r.status_code == 200 and r.json()["rows"][0]["year"] == 2031
    bad = client.post("/api/v1/schedule", json={"agreement": {**doc, "years": [{"years": "2031-2032", "rule": "magic"}]}})
    assert bad.status_code == 422 and "magic" in bad.text


def test_long_names_and_errors_keep_the_connection(live):
    with httpx.Client(base_url=live, timeout=10) as c:
        for path in ("/api/v1/negotiations/" + "y" * 300, "/api/v1/schedule/" + "z" * 300 + ".csv", "/api/v1/series/" + "q" * 300):
            r = c.get(path)
            assert 400 <= r.status_code < 500, (path, r.status_code)
            assert c.get("/api/v1/limits").status_code == 200  # the same kept-alive connection still answers


def test_body_limit_counts_streamed_bytes(live):
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def chunks():
        block = b"x" * (1 << 20)
        for _ in range(100):  # 100 MB, chunked (no Content-Length)
            yield block

    status = None
    try:
        r = httpx.post(live + "/api/v1/compare", content=chunks(), headers={"content-type": "application/json"}, timeout=30)
        status = r.status_code
    except httpx.HTTPError:
        status = 413  # the server answered 413 and closed while the client was still sending
    assert status == 413
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 60, grown_mb
    big = httpx.post(live + "/api/v1/compare", content=b"{" + b" " * 300_000 + b"}", headers={"content-type": "application/json"})
    assert big.status_code == 413


def test_jobs_are_bounded_per_client_and_a_small_job_is_not_starved(database_url):
    from burdenshare.ops.jobs import JobService
    from burdenshare.ops.limits import WEB
    from burdenshare.store import jobs as rows
    from burdenshare.store.db import Store

    store = Store(database_url)
    svc = JobService(store, WEB, workers=0)
    big = {"target": "sma-12", "paths": 2_000_000}
    for _ in range(WEB.jobs_per_client):
        svc.submit("simulation", big, "client-a", "en")
    with pytest.raises(Exception) as e:
        svc.submit("simulation", big, "client-a", "en")
    assert getattr(e.value, "status", None) == 429
    for i in range(35):  # 35 more large jobs from other clients (the queue takes 40 of this size)
        svc.submit("simulation", big, f"client-{i % 10 + 1}x", "en")
    small = svc.submit("simulation", {"target": "sma-12", "paths": 10}, "client-z", "en").job
    first = rows.claim(store, "worker-1")
    assert first.id == small  # small jobs go first, whatever came before them
    second = rows.claim(store, "worker-1")
    # a client with a running job (client-z's small one) yields to one without; among those, first come first served
    assert second.client != first.client and second.client == "client-a"
    # a client with a running job yields to one without
    third = rows.claim(store, "worker-2")
    running = {second.client}
    assert third.client not in running
    assert third.client not in {first.client, second.client}
    assert rows.counts(store, "client-a").queued <= WEB.jobs_queued


def test_a_small_job_finishes_while_large_ones_wait(database_url):
    from burdenshare.ops.jobs import JobService
    from burdenshare.ops.limits import WEB
    from burdenshare.store.db import Store

    store = Store(database_url)
    svc = JobService(store, WEB, workers=2)
    svc.start()
    try:
        for i in range(8):
            svc.submit("simulation", {"target": "sma-12", "paths": 2_000_000}, f"big-{i}", "en")
        time.sleep(0.5)
        small = svc.submit("simulation", {"target": "sma-12", "paths": 10}, "small", "en").job
        t = time.monotonic()
        while time.monotonic() - t < 30:
            s = svc.status(small)
            if s.status == "done":
                break
            time.sleep(0.1)
        assert s.status == "done", s
    finally:
        svc.close()


def test_a_dead_job_is_taken_again_and_fails_after_its_last_attempt(database_url):
    """A job whose worker stopped renewing its lease reads queued at the next poll and another
    worker takes it (the same request); after the last allowed attempt it reads failed."""
    import datetime as dt

    from sqlalchemy import update

    from burdenshare.ops.jobs import JobService
    from burdenshare.ops.limits import WEB
    from burdenshare.store import jobs as rows
    from burdenshare.store.db import Store
    from burdenshare.store.models import Job

    store = Store(database_url)
    svc = JobService(store, WEB, workers=0)
    ids = [svc.submit("simulation", {"target": "sma-12", "paths": 10}, client, "en").job for client in ("a", "b")]
    for _ in ids:
        rows.claim(store, "w")
    assert {svc.status(j).status for j in ids} == {"running"}

    def expire():
        with store.session() as s:
            s.execute(update(Job).where(Job.id == ids[0]).values(lease_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))

    for attempt in range(2, WEB.job_attempts + 1):
        expire()
        assert svc.status(ids[0]).status == "queued" and svc.status(ids[1]).status == "running"
        again = rows.claim(store, f"w{attempt}")
        assert again.id == ids[0] and again.attempts == attempt and again.request == {"target": "sma-12", "paths": 10}
        assert not rows.finish(store, ids[0], "w", {"late": True})  # the first worker's late write is refused
    expire()
    assert svc.status(ids[0]).status == "failed" and svc.status(ids[1]).status == "running"
    assert rows.claim(store, "w9") is None


def test_queue_positions_follow_the_order_jobs_are_claimed(database_url):
    """The position a poll reports is the place in claim()'s fair order (small jobs first), not the
    order the jobs came in."""
    from burdenshare.ops.jobs import JobService
    from burdenshare.ops.limits import WEB
    from burdenshare.store import jobs as rows
    from burdenshare.store.db import Store

    store = Store(database_url)
    svc = JobService(store, WEB, workers=0)
    ids = [svc.submit("simulation", {"target": "sma-12", "paths": paths}, client, "en").job
           for paths, client in ((2_000_000, "a"), (2_000_000, "b"), (10, "c"), (2_000_000, "a"), (50_000, "d"))]
    positions = {j: svc.status(j).position for j in ids}
    order = []
    while (job := rows.claim(store, "w")) is not None:
        order.append(job.id)
        rest = [j for j in ids if j not in order]  # what was next is running now; the rest move up
        assert sorted(svc.status(j).position for j in rest) == list(range(1, len(rest) + 1))
    assert order == sorted(ids, key=positions.get)  # small jobs first, then first come first served
    assert order[0] == ids[2] and positions[ids[2]] == 1


PREFS = {"weights": {"money": 0.8, "scope": 0.2}, "values": {"scope": {"excluded": 1, "included": 0}},
         "reservation": {"utility": 0.3}, "discount_rate": 2}


def _room(client):
    r = client.post("/api/v1/rooms", json={"case": "sma-11-talks"})
    assert r.status_code == 201
    return r.json()


@pytest.mark.parametrize("reservation,where", [
    ({"package": {"first_year": 6_750_000_000_000}}, "reservation"),
    ({"package": {"nope": 1}}, "reservation"),
    ({"package": {"first_year": "abc"}}, "reservation"),
    ({"utility": 2.0}, "reservation"),
])
def test_a_bad_private_input_is_refused_to_its_author_only(client, reservation, where):
    room = _room(client)
    rid, t = room["room"], room["tokens"]
    r = client.put(f"/api/v1/rooms/{rid}/parties/kr/preferences", json={**PREFS, "reservation": reservation}, headers={"x-token": t["kr"]})
    assert 400 <= r.status_code < 500 and r.json()["where"].startswith(where)
    for who in ("us", "facilitator", "kr"):
        v = client.get(f"/api/v1/rooms/{rid}", headers={"x-token": t[who]})
        assert v.status_code == 200
        assert "6750000000000" not in v.text and "6,750" not in v.text


def _bytes_seen_by(client, rid, token):
    """Every answer a party can get from the room, as bytes (the room view, its own preferences)."""
    out = []
    out.append(client.get(f"/api/v1/rooms/{rid}", headers={"x-token": token}).content)
    return out


def test_non_interference_the_other_partys_private_inputs_change_nothing_a_party_sees(database_url):
    """Two rooms, identical but for kr's private preferences: us sees the same bytes in both."""
    with TestClient(create_app(database_url)) as client:
        seen = []
        for kr_prefs in (PREFS, {**PREFS, "weights": {"money": 0.2, "scope": 0.8}, "reservation": {"utility": 0.9}}):
            room = _room(client)
            rid, t = room["room"], room["tokens"]
            client.put(f"/api/v1/rooms/{rid}/parties/us/preferences", json=PREFS, headers={"x-token": t["us"]})
            assert client.put(f"/api/v1/rooms/{rid}/parties/kr/preferences", json=kr_prefs, headers={"x-token": t["kr"]}).status_code == 200
            for who, fy in (("kr", 1_100_000_000_000), ("us", 2_000_000_000_000)):
                r = client.post(f"/api/v1/rooms/{rid}/offers", json={"package": {"first_year": fy}, "round": 1}, headers={"x-token": t[who]})
                assert r.status_code == 201
            views = _bytes_seen_by(client, rid, t["us"])
            seen.append([v.replace(rid.encode(), b"ROOM") for v in views])
            assert client.get(f"/api/v1/rooms/{rid}/parties/kr/preferences", headers={"x-token": t["us"]}).status_code == 403
        assert seen[0] == seen[1]


def test_room_and_scenario_creation_is_rate_limited(client):
    from burdenshare.ops.saved import RATE

    n, _window = RATE["create_room"]
    codes = [client.post("/api/v1/rooms", json={"case": "sma-11-talks"}).status_code for _ in range(n + 1)]
    assert codes[:n] == [201] * n and codes[n] == 429
    r = client.post("/api/v1/rooms", json={"case": "sma-11-talks"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_forged_host_headers_are_refused(client):
    assert client.get("/api/v1/limits", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/api/v1/limits", headers={"host": "localhost"}).status_code == 200


def test_security_headers(client):
    for path in ("/", "/api/v1/limits", "/calculator", "/api/v1/nope"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in csp and r.headers["x-frame-options"] == "DENY"
    embed = client.get("/embed/history")
    assert "frame-ancestors *" in embed.headers["content-security-policy"] and "x-frame-options" not in embed.headers
    page = client.get("/").text
    assert "<script>" not in page and "onclick=" not in page  # no inline script anywhere


def test_redoc_alone_may_start_a_blob_worker(client):
    # ReDoc builds its search worker from a blob: URL; that page allows it, no other does
    csp = client.get("/redoc").headers["content-security-policy"]
    assert "worker-src 'self' blob:" in csp and "frame-ancestors 'none'" in csp and "script-src 'self';" in csp
    for path in ("/", "/docs", "/redoc/", "/redoc-x", "/api/v1/limits", "/embed/history", "/room/x"):
        assert "worker-src" not in client.get(path, follow_redirects=False).headers["content-security-policy"], path


def test_docs_and_error_pages_work_offline(client):
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower() and "https://" not in docs
    for src in __import__("re").findall(r'(?:src|href)="(/static/[^"]+)"', docs):
        assert client.get(src).status_code == 200, src
    redoc = client.get("/redoc").text
    assert "https://" not in redoc and client.get(__import__("re").search(r'src="(/static/[^"]+)"', redoc).group(1)).status_code == 200
    html = client.get("/no/such/page", headers={"accept": "text/html"})
    assert html.status_code == 404 and html.headers["content-type"].startswith("text/html") and "<h1>404</h1>" in html.text
    api = client.get("/api/v1/no/such")
    assert api.status_code == 404 and api.json()["error"]


def test_static_files_are_compressed_and_cached(client):
    page = client.get("/").text
    src = __import__("re").search(r'data-chart-lib="(/static/[0-9a-f]{12}/plotly.min.js)"', page).group(1)
    r = client.get(src, headers={"accept-encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and "immutable" in r.headers["cache-control"]
    assert int(r.headers.get("content-length", len(r.content))) < 1_600_000
    again = client.get(src, headers={"if-none-match": r.headers["etag"]})
    assert again.status_code == 304


def test_made_up_static_names_do_not_grow_the_cache(client):
    from burdenshare.web.assets import asset

    assert client.get("/").status_code == 200  # the page's own files are cached now
    before = asset.cache_info().currsize
    for k in range(200):
        r = client.get(f"/static/0123456789ab/made-up-{k}.js")
        assert r.status_code == 404
    assert asset.cache_info().currsize == before

