"""Nothing a web user starts depends on which server process answers: two `burdenshare serve`
processes on one database (SQLite file and PostgreSQL) share jobs and rooms, and one server with
four worker processes answers every poll of a job."""

import os
import signal
import socket
import subprocess
import time

import httpx
import pytest
from test_cli import EXE


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, workers: int = 1, env: dict | None = None):
        self.port = _port()
        env = {**os.environ, "BURDENSHARE_DATABASE_URL": url, **(env or {})}
        self.proc = subprocess.Popen([EXE, "serve", "--port", str(self.port), "--workers", str(workers)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if httpx.get(f"{self.base}/api/v1/limits", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stderr.read().decode())
        raise RuntimeError("server did not start")

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the server and its worker processes, which this test started
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=20)
        except ProcessLookupError:  # already gone (a test killed it)
            self.proc.wait(timeout=20)
        finally:
            if self.proc.stderr is not None:
                self.proc.stderr.close()


@pytest.fixture
def two_servers(database_url):
    a = Server(database_url)
    b = Server(database_url)
    yield a, b
    a.stop()
    b.stop()


def _wait(base: str, job: str) -> dict:
    for _ in range(600):
        r = httpx.get(f"{base}/api/v1/simulations/{job}", timeout=10)
        assert r.status_code == 200, r.text
        j = r.json()
        if j["status"] in ("done", "failed"):
            return j
        time.sleep(0.1)
    raise AssertionError("the job did not finish")


def test_a_job_submitted_to_one_server_is_answered_by_the_other(two_servers):
    a, b = two_servers
    job = httpx.post(f"{a.base}/api/v1/simulations", json={"target": "sma-12", "paths": 200_000, "seed": 4}, timeout=10).json()["job"]
    seen = set()
    for _ in range(600):
        r = httpx.get(f"{b.base}/api/v1/simulations/{job}", timeout=10)
        assert r.status_code == 200, r.text
        j = r.json()
        seen.add(j["status"])
        if j["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert j["status"] == "done" and j["done"] == 200_000 and j["result"]["meta"]["paths"] == 200_000
    # the other server answered about the job while it was waiting or running, not only once it was done
    assert seen & {"queued", "running"} and seen <= {"queued", "running", "done"}, seen
    # the same numbers as a run in this process
    import burdenshare as bs

    local = bs.simulate("sma-12", paths=200_000, seed=4).by_year()
    assert [r["q0.5_host"] for r in j["result"]["by_year"]] == local["q0.5_host"].tolist()


def test_room_offers_on_either_server(two_servers):
    a, b = two_servers
    room = httpx.post(f"{a.base}/api/v1/rooms", json={"case": "sma-11-talks"}, timeout=10).json()
    rid, t = room["room"], room["tokens"]
    r = httpx.post(f"{b.base}/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1_100_000_000_000}, "round": 1},
                   headers={"x-token": t["kr"]}, timeout=30)
    assert r.status_code == 201, r.text
    r = httpx.post(f"{a.base}/api/v1/rooms/{rid}/offers", json={"package": {"first_year": 1_500_000_000_000}, "round": 1},
                   headers={"x-token": t["us"]}, timeout=30)
    assert r.status_code == 201, r.text
    for server in (a, b):
        v = httpx.get(f"{server.base}/api/v1/rooms/{rid}", headers={"x-token": t["facilitator"]}, timeout=30).json()
        assert [o["party"] for o in v["offers"]] == ["kr", "us"] and v["gap"][-1]["gap"] == 400_000_000_000


def test_four_workers_answer_every_poll(tmp_path):
    srv = Server(f"sqlite:///{tmp_path / 'w.db'}", workers=4)
    try:
        job = httpx.post(f"{srv.base}/api/v1/simulations", json={"target": "sma-12", "paths": 300_000}, timeout=10).json()["job"]
        codes = []
        with httpx.Client(timeout=10) as c:  # one connection, so polls land on whichever worker accepts them
            for _ in range(40):
                codes.append(c.get(f"{srv.base}/api/v1/simulations/{job}").status_code)
        for _ in range(40):  # new connections too
            codes.append(httpx.get(f"{srv.base}/api/v1/simulations/{job}", timeout=10).status_code)
        assert set(codes) == {200}, codes
        assert _wait(srv.base, job)["status"] == "done"
    finally:
        srv.stop()


def test_every_worker_answers_from_an_overlay_written_by_another_process(tmp_path):
    """A server's worker processes look at the overlay folder now and then (model/overlay.py: state),
    not on every request: a value written by another process (`burdenshare update`, the refresh of
    `serve --update-every`) reaches every worker without a restart."""
    from burdenshare.model import overlay as ov

    folder = tmp_path / "overlay"
    srv = Server(f"sqlite:///{tmp_path / 'o.db'}", workers=2, env={ov.OVERLAY_ENV: str(folder)})
    body = {"agreement": "sma-12"}
    try:
        def versions() -> set[str]:  # new connections: whichever worker accepts each one answers
            return {httpx.post(f"{srv.base}/api/v1/schedule", json=body, timeout=30).json()["meta"]["data_version"]
                    for _ in range(16)}

        before = versions()
        assert len(before) == 1
        rows0 = httpx.post(f"{srv.base}/api/v1/schedule", json=body, timeout=30).json()["rows"]
        ov.write_overlay(folder, {"kr_cpi_inflation": [ov.OverlayValue("kr_cpi_inflation", "2026", 2.5, "2.5", "https://example.org/test",
                                                                        "test", "secondary", "2026-12-06T00:00:00Z")]})
        for _ in range(300):  # until every worker has looked again
            seen = versions()
            if not seen & before:
                break
            time.sleep(0.2)
        assert len(seen) == 1 and not seen & before, (before, seen)
        rows = httpx.post(f"{srv.base}/api/v1/schedule", json=body, timeout=30).json()["rows"]
        amounts = [{r["year"]: r["amount"] for r in x} for x in (rows0, rows)]
        assert amounts[0][2027] == amounts[1][2027] and amounts[0][2028] != amounts[1][2028]  # from the new 2026 CPI
    finally:
        srv.stop()
