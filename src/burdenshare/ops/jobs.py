"""Long work as jobs in the store, so that any server process (or any server sharing the
database) runs and answers for any job.

``submit`` admits a job by its cost (see :meth:`JobService.admit`) and queues it; every process
runs a bounded pool of workers that claim jobs in a fair order (see :func:`..store.jobs.claim`),
hold them under a lease they renew with their progress and a heartbeat, and store the result.
A job whose server died (its lease expired) is taken again by another worker, with the same
request and so the same seed and result, at most ``limits.job_attempts`` times; a stopping server
hands its running jobs back. ``status`` reads a job from the store, whichever process ran it.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..errors import BurdenshareError, InputError, LimitError, NotFound, Unavailable
from ..i18n import _, language
from ..store import jobs as rows
from ..store.db import Store
from .limits import WEB, Limits

log = logging.getLogger("burdenshare.jobs")

PROGRESS_EVERY = 0.25  # seconds between progress writes
IDLE_POLL = 0.5  # seconds a worker waits for new jobs when the queue is empty

JSONDoc = dict[str, Any]
Progress = Callable[[int, int], None]
Handler = Callable[[JSONDoc, Progress, Limits], JSONDoc]
Cost = Callable[[JSONDoc], tuple[int, int]]
_HANDLERS: dict[str, tuple[Handler, Cost]] = {}


def handler(kind: str, cost: Cost) -> Callable[[Handler], Handler]:
    """Register what a job of `kind` does; `cost` gives (its cost for admission and the fair order,
    its progress total)."""
    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = (fn, cost)
        return fn

    return register


def client_key(address: str) -> str:
    """A client's key for limits and the fair order: its address, hashed (the store keeps no
    addresses). An IPv6 address counts by its /64 network (what one subscriber is given), an
    IPv4-mapped IPv6 address as the IPv4 address it maps."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        ip = None
    if isinstance(ip, ipaddress.IPv6Address):
        address = str(ip.ipv4_mapped) if ip.ipv4_mapped else str(ipaddress.ip_network(f"{ip}/64", strict=False))
    elif ip is not None:
        address = str(ip)
    return hashlib.sha256(f"burdenshare:{address}".encode()).hexdigest()[:32]


class JobTicket(BaseModel):
    """A job just queued (or, for a shared job, the one already queued, running or done)."""

    job: str = Field(description="the job's id: poll it for its status and result")
    status: Literal["queued", "running", "done", "failed"]


class JobStatus(BaseModel):
    """A job as the store holds it: its progress (``done`` of ``total``), its place in the queue
    while queued, its result when done, its error when failed. A field that does not apply to the
    job's status is left out of the JSON (``exclude_unset``); ``status`` "none" (and ``job`` null)
    says that no job of the kind has finished yet."""

    job: str | None
    kind: str
    status: Literal["queued", "running", "done", "failed", "none"]
    done: int | None = None
    total: int | None = None
    created: str | None = Field(None, description="when it was queued (ISO 8601)")
    position: int | None = Field(None, description="its place in the queue (1: next), while queued")
    result: dict[str, Any] | None = Field(None, description="the result, once done")
    error: str | None = Field(None, description="why it failed, once failed")

    def json_bytes(self) -> bytes:
        """The JSON the API sends: the fields that apply to the job's status."""
        return self.model_dump_json(exclude_unset=True).encode()


class Stopping(Exception):
    """The server process is stopping: the job goes back to the queue for another process."""


class Lost(Exception):
    """This worker's lease on the job expired and another worker took it: stop without writing."""


class JobService:
    """Queues jobs and runs them in a pool of worker threads in this process. `lease`: seconds a
    worker holds a job between renewals (a dead server's jobs are taken again after it)."""

    def __init__(self, store: Store, limits: Limits = WEB, workers: int | None = None, lease: float | None = None):
        self.store = store
        self.limits = limits
        self.lease = float(lease) if lease else rows.LEASE
        self.attempts = limits.job_attempts or rows.ATTEMPTS
        self.small = limits.job_small_cost or rows.SMALL
        self.worker_id = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.running: set[str] = set()
        self.lost: set[str] = set()
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
        """Stop the workers and hand their running jobs back to the queue (another process takes
        them at once, without waiting for their leases to expire)."""
        self.stop.set()
        self.wake.set()
        deadline = time.monotonic() + wait
        for t in self.threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))
        with self.lock:
            left = list(self.running)
        for jid in left:  # a worker still inside a long step: its job goes back now; its late writes are refused
            with contextlib.suppress(Exception):
                rows.requeue(self.store, jid, self.worker_id)

    def admit(self, load: rows.Load, cost: int) -> None:
        """Admission by cost: a client (an IPv4 address, an IPv6 /64) has at most `jobs_per_client`
        jobs queued or running, and beyond its first, at most `job_client_cost` of work; a large job
        enters only while the large jobs queued leave `jobs_reserved_small` places free and their
        cost stays within `jobs_queued_cost`; a small job (cost up to `job_small_cost`) only needs
        a free place. So large jobs, however many clients send them, never shut out a small one."""
        lim = self.limits
        if lim.jobs_per_client and load.client_jobs >= lim.jobs_per_client:
            raise LimitError(_("you already have {n} jobs queued or running; wait for one to finish", n=load.client_jobs),
                             where="jobs", retry_after=5)
        if lim.job_client_cost and load.client_jobs and load.client_cost + cost > lim.job_client_cost:
            raise LimitError(_("your jobs queued or running already take your share of the server's queue; "
                               "wait for one to finish, or ask for less work"), where="jobs", retry_after=5)
        if lim.jobs_queued and load.queued >= lim.jobs_queued:
            raise LimitError(_("the server's queue is full ({n} jobs); try again shortly", n=load.queued), where="jobs", retry_after=10)
        if cost > self.small and lim.jobs_queued and (
                load.queued_large >= lim.jobs_queued - lim.jobs_reserved_small
                or (lim.jobs_queued_cost and load.queued_large and load.queued_large_cost + cost > lim.jobs_queued_cost)):
            raise LimitError(_("the server's queue has no room for large jobs now ({n} waiting); try again shortly, "
                               "or ask for less work (small jobs are still taken)", n=load.queued_large), where="jobs", retry_after=10)

    def submit(self, kind: str, request: dict[str, Any], client: str, lang: str) -> JobTicket:
        _fn, cost_of = _HANDLERS[kind]
        cost, total = cost_of(request)
        jid = rows.insert(self.store, kind, client, request, lang, cost, total, admit=lambda load: self.admit(load, cost),
                          small=self.small)
        self.wake.set()
        return JobTicket(job=jid, status="queued")

    def latest(self, kind: str) -> JobStatus | None:
        """The newest finished job of `kind`, whoever asked for it (a tournament's table is no one's
        secret): its status and result, as :meth:`status` gives them; None when there is none."""
        j = rows.latest(self.store, kind)
        return self.status(j.id) if j is not None else None

    def shared(self, kind: str, request: dict[str, Any], lang: str) -> JobTicket:
        """A job every visitor shares (a view's opening run): the one already queued, running or done
        for the same request, language and data version, else a new one. Keyed in the store by a
        digest of those, so that any server process finds it."""
        import json

        from .common import data_version

        digest = hashlib.sha256(json.dumps([kind, request, lang, data_version()], sort_keys=True, default=str).encode()).hexdigest()
        key = f"shared:{digest[:40]}"
        j = rows.latest(self.store, kind, client=key, statuses=("queued", "running", "done"))
        if j is not None:
            return JobTicket.model_validate({"job": j.id, "status": j.status})
        return self.submit(kind, request, key, lang)

    def status(self, jid: str) -> JobStatus:
        if not isinstance(jid, str) or len(jid) != 32 or any(c not in "0123456789abcdef" for c in jid):
            raise NotFound(_("no such job"), where="job")
        j = rows.get(self.store, jid, self.attempts)
        if j is None:
            raise NotFound(_("no such job"), where="job")
        out: dict[str, Any] = {"job": j.id, "kind": j.kind, "status": j.status, "done": j.done, "total": j.total,
                               "created": j.created.isoformat() if j.created else None}
        if j.status == "queued":
            out["position"] = rows.position(self.store, j.id, self.attempts, self.small) or 1  # None: claimed since it was read
        if j.status == "done":
            out["result"] = j.result
        if j.status == "failed":
            out["error"] = str(_("the server process running this job stopped; submit it again")) if j.error == "stale" else j.error
        # not validated: the values come from the store's own columns, and a result can be large (a
        # simulation's every year); model_construct keeps only the keys given as set (exclude_unset)
        return JobStatus.model_construct(set(out), **out)

    # --- workers ---------------------------------------------------------------------------
    def _work(self) -> None:
        while not self.stop.is_set():
            try:
                job = rows.claim(self.store, self.worker_id, self.lease, self.attempts, self.small)
            except Exception:
                job = None
                self.stop.wait(1.0)
            if job is None:
                self.wake.wait(IDLE_POLL)
                self.wake.clear()
                continue
            try:
                self.run(job)
            except Exception:
                log.exception("job %s", job.id)

    def _write(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A write of a job's outcome, tried again while the database is away (for at most one
        lease: after that another worker has taken the job)."""
        deadline = time.monotonic() + self.lease
        delay = 0.2
        while True:
            try:
                return fn(self.store, *args)
            except Unavailable:
                if time.monotonic() > deadline:
                    log.warning("job outcome not written: the database was away for %.0f s", self.lease)
                    return None
                time.sleep(delay)
                delay = min(2 * delay, 2.0)

    def run(self, job: rows.JobRow) -> None:
        fn, _cost = _HANDLERS[job.kind]
        with self.lock:
            self.running.add(job.id)
        last = [0.0]
        me = self.worker_id

        def progress(done: int, total: int) -> None:
            if self.stop.is_set():
                raise Stopping
            if job.id in self.lost:
                raise Lost
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY or done >= total:
                last[0] = now
                try:
                    held = rows.progress(self.store, job.id, me, int(done), int(total), self.lease)
                except Unavailable:
                    return  # the work goes on; the lease is renewed once the database is back
                if not held:
                    raise Lost

        try:
            with language(job.language):
                try:
                    result = fn(job.request, progress, self.limits)
                except BurdenshareError as exc:  # what a person reads: the field by its name, not its request path
                    self._write(rows.fail, job.id, exc.text if isinstance(exc, InputError) else str(exc), me)
                    return
            self._write(rows.finish, job.id, me, result)
        except Stopping:
            self._write(rows.requeue, job.id, me)
        except Lost:
            pass
        except Exception:
            log.exception("job %s", job.id)
            self._write(rows.fail, job.id, str(_("internal error")), me)
        finally:
            with self.lock:
                self.running.discard(job.id)
                self.lost.discard(job.id)

    def _beat(self) -> None:
        """Every third of a lease: renew the leases of this process's running jobs (a job another
        worker took meanwhile is given up), and fail jobs whose last allowed attempt died."""
        while not self.stop.wait(self.lease / 3):
            with self.lock:
                ids = list(self.running)
            try:
                held = rows.heartbeat(self.store, self.worker_id, ids, self.lease)
                with self.lock:
                    self.lost |= (set(ids) - held) & self.running
                rows.reap(self.store, self.attempts)
            except Exception:
                pass


def _simulation_cost(req: JSONDoc) -> tuple[int, int]:
    from .uncertainty import simulation_cost

    return simulation_cost(req)


@handler("simulation", cost=_simulation_cost)
def _simulation(request: JSONDoc, progress: Progress, limits: Limits) -> JSONDoc:
    from .common import validate
    from .uncertainty import SimulationRequest, simulate

    req = validate(SimulationRequest, request)
    return simulate(req, progress=progress, limits=limits).to_dict()


def _tournament_cost(req: JSONDoc) -> tuple[int, int]:
    from .negotiation import tournament_cost

    return tournament_cost(req)


@handler("tournament", cost=_tournament_cost)
def _tournament(request: JSONDoc, progress: Progress, limits: Limits) -> JSONDoc:
    from .common import validate
    from .negotiation import TournamentRequest, tournament

    req = validate(TournamentRequest, request)
    return tournament(req, progress=progress, limits=limits).to_dict()
