"""Long work as jobs in the store, so that any server process (or any server sharing the
database) runs and answers for any job.

``submit`` checks the limits (per client and overall) and queues a job; every process runs a
bounded pool of workers that claim queued jobs in a fair order (see :func:`..store.jobs.claim`),
write their progress and a heartbeat, and store the result. ``status`` reads a job from the store,
whichever process ran it. A job whose process died is marked failed, not left running.
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import time
import uuid
from typing import Any, Callable

from ..errors import BurdenshareError, InputError, LimitError, NotFound
from ..i18n import _, language
from ..store import jobs as rows
from ..store.db import Store
from .limits import WEB, Limits

PROGRESS_EVERY = 0.25  # seconds between progress writes
HEARTBEAT_EVERY = 5.0  # seconds between heartbeats of running jobs
IDLE_POLL = 0.5  # seconds a worker waits for new jobs when the queue is empty

Handler = Callable[[dict, Callable[[int, int], None], Limits], dict]
_HANDLERS: dict[str, tuple[Handler, Callable[[dict], tuple[int, int]]]] = {}


def handler(kind: str, cost: Callable[[dict], tuple[int, int]]):
    """Register what a job of `kind` does; `cost` gives (cost for the fair order, progress total)."""
    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = (fn, cost)
        return fn

    return register


def client_key(address: str) -> str:
    """A client's address, hashed (the store keeps no addresses)."""
    return hashlib.sha256(f"burdenshare:{address}".encode()).hexdigest()[:32]


class Stopping(Exception):
    """The server process is stopping: the job goes back to the queue for another process."""


class JobService:
    """Queues jobs and runs them in a pool of worker threads in this process."""

    def __init__(self, store: Store, limits: Limits = WEB, workers: int | None = None):
        self.store = store
        self.limits = limits
        self.worker_id = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.running: set[str] = set()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        self.n_workers = workers if workers is not None else limits.job_workers

    def start(self) -> None:
        if self.threads:
            return
        for i in range(self.n_workers):
            t = threading.Thread(target=self._work, name=f"burdenshare-job-{i}", daemon=True)
            t.start()
            self.threads.append(t)
        t = threading.Thread(target=self._beat, name="burdenshare-heartbeat", daemon=True)
        t.start()
        self.threads.append(t)

    def close(self, wait: float = 10.0) -> None:
        """Stop the workers; a job in progress goes back to the queue (another process takes it)."""
        self.stop.set()
        self.wake.set()
        deadline = time.monotonic() + wait
        for t in self.threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))

    def submit(self, kind: str, request: dict, client: str, lang: str) -> dict:
        fn, cost_of = _HANDLERS[kind]
        mine, queued = rows.counts(self.store, client)
        if mine >= self.limits.jobs_per_client:
            raise LimitError(_("you already have {n} jobs queued or running; wait for one to finish", n=mine), where="jobs",
                             retry_after=5)
        if queued >= self.limits.jobs_queued:
            raise LimitError(_("the server's queue is full ({n} jobs); try again shortly", n=queued), where="jobs", retry_after=10)
        cost, total = cost_of(request)
        jid = rows.insert(self.store, kind, client, request, lang, cost, total)
        self.wake.set()
        return {"job": jid, "status": "queued"}

    def latest(self, kind: str) -> dict | None:
        """The newest finished job of `kind`, whoever asked for it (a tournament's table is no one's
        secret): its status and result, as :meth:`status` gives them; None when there is none."""
        j = rows.latest(self.store, kind)
        return self.status(j.id) if j is not None else None

    def shared(self, kind: str, request: dict, lang: str) -> dict:
        """A job every visitor shares (a view's opening run): the one already queued, running or done
        for the same request, language and data version, else a new one. Keyed in the store by a
        digest of those, so that any server process finds it."""
        import json

        from .common import data_version

        digest = hashlib.sha256(json.dumps([kind, request, lang, data_version()], sort_keys=True, default=str).encode()).hexdigest()
        key = f"shared:{digest[:40]}"
        j = rows.latest(self.store, kind, client=key, statuses=("queued", "running", "done"))
        if j is not None:
            return {"job": j.id, "status": j.status}
        return self.submit(kind, request, key, lang)

    def status(self, jid: str) -> dict:
        if not isinstance(jid, str) or len(jid) != 32 or any(c not in "0123456789abcdef" for c in jid):
            raise NotFound(_("no such job"), where="job")
        j = rows.get(self.store, jid)
        if j is None:
            raise NotFound(_("no such job"), where="job")
        out: dict[str, Any] = {"job": j.id, "kind": j.kind, "status": j.status, "done": j.done, "total": j.total,
                               "created": j.created.isoformat() if j.created else None}
        if j.status == "queued":
            out["position"] = rows.position(self.store, j.id) or 1  # None: claimed since it was read
        if j.status == "done":
            out["result"] = j.result
        if j.status == "failed":
            out["error"] = str(_("the server process running this job stopped; submit it again")) if j.error == "stale" else j.error
        return out

    # --- workers ---------------------------------------------------------------------------
    def _work(self) -> None:
        while not self.stop.is_set():
            try:
                job = rows.claim(self.store, self.worker_id)
            except Exception:  # noqa: BLE001 - the database may be briefly busy; try again
                job = None
            if job is None:
                self.wake.wait(IDLE_POLL)
                self.wake.clear()
                continue
            self.run(job)

    def run(self, job) -> None:
        fn, _cost = _HANDLERS[job.kind]
        with self.lock:
            self.running.add(job.id)
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if self.stop.is_set():
                raise Stopping
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY or done >= total:
                last[0] = now
                rows.progress(self.store, job.id, int(done), int(total))

        try:
            with language(job.language):
                try:
                    result = fn(job.request, progress, self.limits)
                except BurdenshareError as exc:  # what a person reads: the field by its name, not its request path
                    rows.fail(self.store, job.id, exc.text if isinstance(exc, InputError) else str(exc))
                    return
            rows.finish(self.store, job.id, result)
        except Stopping:
            rows.requeue(self.store, job.id)
        except Exception:  # noqa: BLE001 - reported without internals
            rows.fail(self.store, job.id, str(_("internal error")))
        finally:
            with self.lock:
                self.running.discard(job.id)

    def _beat(self) -> None:
        """Every HEARTBEAT_EVERY seconds: the heartbeat of this process's running jobs, and jobs of
        processes that died marked failed (at most STALE + HEARTBEAT_EVERY after their last beat;
        a poll of such a job marks it at once, see store.jobs.get)."""
        while not self.stop.wait(HEARTBEAT_EVERY):
            with self.lock:
                ids = list(self.running)
            try:
                rows.heartbeat(self.store, ids)
                rows.reap(self.store)
            except Exception:  # noqa: BLE001
                pass


@handler("simulation", cost=lambda req: (int(req.get("paths", 10_000)), int(req.get("paths", 10_000))))
def _simulation(request: dict, progress, limits: Limits) -> dict:
    from .common import validate
    from .uncertainty import SimulationRequest, simulate

    req = validate(SimulationRequest, request)
    return simulate(req, progress=progress, limits=limits).to_dict()


def _tournament_cost(req: dict) -> tuple[int, int]:
    from .negotiation import tournament_cost

    return tournament_cost(req)


@handler("tournament", cost=_tournament_cost)
def _tournament(request: dict, progress, limits: Limits) -> dict:
    from .common import validate
    from .negotiation import TournamentRequest, tournament

    req = validate(TournamentRequest, request)
    return tournament(req, progress=progress, limits=limits).to_dict()
