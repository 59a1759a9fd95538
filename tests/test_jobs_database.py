"""Jobs and the database under failure (each on SQLite and on PostgreSQL): a job whose server is
killed finishes on another server with the same result; a stopping server hands its jobs back; a
database outage is answered 503 with Retry-After and the server recovers by itself; large jobs
from many clients never shut out a small one; hourly limits hold under simultaneous requests; the
SQLite file is its owner's only."""

import contextlib
import os
import signal
import socket
import stat
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from burdenshare.ops.jobs import JobService, client_key
from burdenshare.ops.limits import WEB
from burdenshare.store import jobs as rows
from burdenshare.store.db import Store
from burdenshare.store.models import Job
from burdenshare.web.app import create_app

SCENARIO = {"id": "my-freeze", "title": "Mine", "host": "kr", "baseline": "sma-12",
            "changes": [{"years": "2027-2030", "rule": "change", "pct": 0}]}


def _job(store: Store, jid: str) -> Job:
    with store.session() as s:
        return s.get(Job, jid)


def test_kill_9_of_a_jobs_server_the_other_server_finishes_it_with_the_same_result(database_url):
    from test_multiserver import Server

    store = Store(database_url)
    servers = [Server(database_url, env={"BURDENSHARE_JOB_LEASE": "2"}) for _ in range(2)]
    try:
        request = {"target": "sma-12", "paths": 300_000, "seed": 7}
        jid = httpx.post(f"{servers[0].base}/api/v1/simulations", json=request, timeout=10).json()["job"]
        for _ in range(600):
            j = _job(store, jid)
            if j.status == "running" and j.worker:
                break
            time.sleep(0.02)
        assert j.status == "running", j.status
        pid = int(j.worker.split(":")[1])
        dead = next(s for s in servers if s.proc.pid == pid)
        os.killpg(dead.proc.pid, signal.SIGKILL)  # the server this test started, in its own process group
        dead.proc.wait(timeout=10)
        other = next(s for s in servers if s is not dead)
        for _ in range(1200):
            out = httpx.get(f"{other.base}/api/v1/simulations/{jid}", timeout=10).json()
            if out["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
        assert out["status"] == "done", out
        row = _job(store, jid)
        assert row.attempts == 2 and int(row.worker.split(":")[1]) == other.proc.pid
        import burdenshare as bs

        local = bs.simulate("sma-12", paths=300_000, seed=7).by_year()  # an undisturbed run
        assert [r["q0.5_host"] for r in out["result"]["by_year"]] == local["q0.5_host"].tolist()
        assert [r["q0.95_host"] for r in out["result"]["by_year"]] == local["q0.95_host"].tolist()
    finally:
        for s in servers:
            s.stop()


def test_a_stopping_server_hands_its_running_job_back(database_url):
    store = Store(database_url)
    svc = JobService(store, WEB, workers=1, lease=30)
    jid = svc.submit("simulation", {"target": "sma-12", "paths": 2_000_000}, "a", "en").job
    svc.start()
    try:
        for _ in range(600):
            if _job(store, jid).status == "running":
                break
            time.sleep(0.05)
        assert _job(store, jid).status == "running"
    finally:
        svc.close()
    row = _job(store, jid)
    assert (row.status, row.worker, row.attempts, row.done) == ("queued", None, 0, 0)  # at once, not after the lease
    again = rows.claim(store, "another")
    assert again.id == jid and again.attempts == 1


def test_clients_are_ipv4_addresses_and_ipv6_64_networks():
    assert client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff:ffff:ffff:fffe")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("::ffff:192.0.2.7") == client_key("192.0.2.7") != client_key("192.0.2.8")


def test_one_ipv6_64_is_one_client_over_http(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'v6.db'}", jobs=False)
    codes = []
    for i in range(WEB.jobs_per_client + 1):
        with TestClient(app, client=(f"2001:db8:0:7::{i + 1:x}", 40000)) as c:
            codes.append(c.post("/api/v1/simulations", json={"target": "sma-12", "paths": 1000}).status_code)
    assert codes == [202] * WEB.jobs_per_client + [429]
    with TestClient(app, client=("2001:db8:0:8::1", 40000)) as c:  # the next /64 is another client
        assert c.post("/api/v1/simulations", json={"target": "sma-12", "paths": 1000}).status_code == 202


def test_17_clients_with_4_large_jobs_each_leave_room_for_a_small_job_and_it_runs(database_url):
    store = Store(database_url)
    svc = JobService(store, WEB, workers=0)
    big = {"target": "sma-12", "paths": WEB.paths}
    admitted, refused = 0, []
    for client in range(17):
        for _ in range(4):
            try:
                svc.submit("simulation", big, f"client-{client}", "en")
                admitted += 1
            except Exception as exc:
                refused.append(exc)
    assert admitted >= WEB.jobs_per_client and refused
    assert all(getattr(e, "status", None) == 429 and e.retry_after > 0 for e in refused)
    load = rows.counts(store, "nobody")
    assert load.queued_large <= WEB.jobs_queued - WEB.jobs_reserved_small and load.queued_large_cost <= WEB.jobs_queued_cost
    small = svc.submit("simulation", {"target": "sma-12", "paths": 1000}, "newcomer", "en").job
    assert svc.status(small).position == 1
    runner = JobService(store, WEB, workers=1)
    runner.start()
    try:
        for _ in range(600):
            s = svc.status(small)
            if s.status == "done":
                break
            time.sleep(0.1)
        assert s.status == "done" and s.result is not None and s.result["meta"]["paths"] == 1000
    finally:
        runner.close()


def test_simultaneous_submits_from_one_client_admit_exactly_its_limit(database_url):
    store = Store(database_url)
    svc = JobService(store, WEB, workers=0)
    go = threading.Barrier(16)
    codes = []

    def submit():
        go.wait()
        try:
            svc.submit("simulation", {"target": "sma-12", "paths": 1000}, "one", "en")
            codes.append(202)
        except Exception as exc:
            codes.append(getattr(exc, "status", exc))

    threads = [threading.Thread(target=submit) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes, key=str) == [202] * WEB.jobs_per_client + [429] * (16 - WEB.jobs_per_client), codes
    assert rows.counts(store, "one").client_jobs == WEB.jobs_per_client


def test_40_simultaneous_saves_from_one_address_create_exactly_the_limit(database_url):
    from browser_support import start_server

    from burdenshare.ops.saved import RATE

    limit, _window = RATE["save_scenario"]
    base, srv, th = start_server(database_url, jobs=False)
    try:
        go = threading.Barrier(40)
        codes = []

        def save(i):
            with httpx.Client(timeout=60) as c:
                go.wait()
                codes.append(c.post(f"{base}/api/v1/saved-scenarios", json={"name": f"s{i}", "scenario": SCENARIO}).status_code)

        threads = [threading.Thread(target=save, args=(i,)) for i in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(codes) == [201] * limit + [429] * (40 - limit), codes
    finally:
        srv.should_exit = True
        th.join(timeout=10)
    from sqlalchemy import func, select

    from burdenshare.store.models import SavedScenario

    with Store(database_url).session() as s:
        assert s.scalar(select(func.count()).select_from(SavedScenario)) == limit


def test_the_sqlite_file_and_its_wal_and_shm_are_private(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "private.db"
        store = Store(f"sqlite:///{path}")
        with store.session() as s:  # the -wal and -shm files exist while a connection is open
            s.add(Job(id="x" * 32, kind="simulation", client="c", request={}, language="en", status="done", attempts=0))
            s.flush()
            for name in ("private.db", "private.db-wal", "private.db-shm", "private.db.migrate-lock"):
                f = tmp_path / name
                assert f.exists(), name
                assert stat.S_IMODE(f.stat().st_mode) == 0o600, (name, oct(f.stat().st_mode))
    finally:
        os.umask(old)


# --- a database outage -------------------------------------------------------------------------------


class Proxy:
    """A TCP proxy in front of PostgreSQL that the test stops (connections cut, the port refusing)
    and starts again on the same port: a database outage as the server sees it."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.port = 0
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        self.start()

    def start(self):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        sock.listen(64)
        with self.lock:
            self.sock = sock
        threading.Thread(target=self._accept, args=(sock,), daemon=True).start()

    def _accept(self, sock):
        while True:
            try:
                client, _ = sock.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                if sock is not self.sock:  # stopped while this connection was being set up: cut it too
                    for c in (client, upstream):
                        c.close()
                    return
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self):
        with self.lock:
            if self.sock is not None:
                self.sock.close()
            self.sock = None
            conns, self.conns = self.conns, []
        for c in conns:
            with contextlib.suppress(OSError):
                c.shutdown(socket.SHUT_RDWR)
            c.close()


@pytest.fixture
def outage(database_url, monkeypatch):
    """(database URL for the app, stop(), start()): PostgreSQL behind a proxy that is stopped;
    SQLite whose every statement fails with SQLite's own I/O error while stopped."""
    if database_url.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        u = make_url(database_url)
        proxy = Proxy(u.host, u.port)
        yield u.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy.stop, proxy.start
        proxy.stop()
        return
    import sqlite3

    from sqlalchemy import event

    from burdenshare.store import db

    down = threading.Event()
    made = db.make_engine

    def make_engine(url=None):
        engine = made(url)

        @event.listens_for(engine, "before_cursor_execute")
        def _fail(*_args):
            if down.is_set():
                raise sqlite3.OperationalError("disk I/O error")

        return engine

    monkeypatch.setattr(db, "make_engine", make_engine)
    yield database_url, down.set, down.clear


def test_a_database_outage_is_answered_503_with_retry_after_then_the_server_recovers(outage):
    from burdenshare.errors import Unavailable

    url, stop, start = outage
    app = create_app(url, job_lease=3)

    @app.get("/test-outage-page")
    def _page():  # a page whose answer needs the database
        raise Unavailable()

    with TestClient(app, raise_server_exceptions=False) as c:
        def work():
            return [c.post("/api/v1/saved-scenarios", json={"name": "s", "scenario": SCENARIO}),
                    c.post("/api/v1/simulations", json={"target": "sma-12", "paths": 1000}),
                    c.post("/api/v1/rooms", json={"case": "sma-11-talks"})]

        assert [r.status_code for r in work()] == [201, 202, 201]
        stop()
        answers = [*work(), c.get(f"/api/v1/simulations/{'0' * 32}")]
        for r in answers:
            assert r.status_code == 503 and int(r.headers["retry-after"]) > 0, (r.status_code, r.text)
            assert r.headers["content-type"].startswith("application/json") and r.json()["where"] == "database"
        page = c.get("/test-outage-page", headers={"accept": "text/html"})
        assert page.status_code == 503 and int(page.headers["retry-after"]) > 0 and page.headers["content-type"].startswith("text/html")
        assert "database" in page.text
        time.sleep(1.5)  # the job workers meet the outage too
        start()
        deadline = time.monotonic() + 30
        while True:  # the pool reconnects by itself
            answers = work()
            if [r.status_code for r in answers] == [201, 202, 201] or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert [r.status_code for r in answers] == [201, 202, 201], [r.text for r in answers]
        job = answers[1].json()["job"]
        for _ in range(600):  # and the job workers run jobs again
            j = c.get(f"/api/v1/simulations/{job}").json()
            if j["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
        assert j["status"] == "done", j
