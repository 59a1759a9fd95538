"""Jobs in the database: rows only, no domain logic (which job runs next is decided here by a fair
order; whether a job is admitted and what it does are decided by the operations layer).

A job's life: **queued** (admitted: its limits counted under a lock, :func:`insert`), **running**
(claimed by one worker, which holds it under a lease it renews while it works), then **done** or
**failed**. A worker whose process died stops renewing: once the lease has expired, the next
:func:`claim` of any worker takes the job again (the same request, so the same seed and the same
result), at most ``ATTEMPTS`` times; after that the job is failed. A stopping server hands its
running jobs back (:func:`requeue`; not counted as an attempt). Every write of a running job names
its worker, so a worker that lost its lease cannot overwrite the new holder's work.

Claims use what the database gives: ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, an
``UPDATE ... WHERE`` that checks the job is still claimable on SQLite (whose writes are serial).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, cast, overload

from sqlalchemy import CursorResult, Update, and_, case, delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import InstrumentedAttribute
from sqlalchemy.sql.elements import Case, ColumnElement
from sqlalchemy.sql.selectable import ScalarSelect

from .db import Store, serialize
from .models import Job, RateEvent

LEASE = 30.0  # seconds a worker holds a job without renewing it
ATTEMPTS = 3  # times a job is taken before it is failed (a worker that died each time)
SMALL = 1_000_000  # cost up to which a job is small (claimed first; see ops.limits)
KEEP = dt.timedelta(days=1)  # finished jobs are kept this long


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def _aware(t: dt.datetime) -> dt.datetime: ...
@overload
def _aware(t: None) -> None: ...
def _aware(t: dt.datetime | None) -> dt.datetime | None:
    if t is not None and t.tzinfo is None:  # SQLite returns naive datetimes
        return t.replace(tzinfo=dt.UTC)
    return t


@dataclass(frozen=True)
class JobRow:
    id: str
    kind: str
    client: str
    request: dict[str, Any]
    language: str
    status: str
    cost: int
    done: int
    total: int
    result: dict[str, Any] | None
    error: str | None
    created: dt.datetime
    started: dt.datetime | None
    finished: dt.datetime | None
    attempts: int = 0
    lease_until: dt.datetime | None = None

    @classmethod
    def of(cls, j: Job) -> JobRow:
        return cls(j.id, j.kind, j.client, j.request, j.language, j.status, int(j.cost), int(j.done), int(j.total), j.result,
                   j.error, _aware(j.created), _aware(j.started), _aware(j.finished), int(j.attempts or 0), _aware(j.lease_until))


@dataclass(frozen=True)
class Load:
    """What is queued and running when a job asks to be admitted (counted under the admission lock)."""

    client_jobs: int  # the client's queued or running jobs
    client_cost: int  # their cost
    queued: int  # queued jobs of everyone
    queued_large: int  # of those, the jobs larger than `small`
    queued_large_cost: int  # their cost


def _load(s: Session, client: str, small: int) -> Load:
    active = Job.status.in_(("queued", "running"))
    n, c = s.execute(select(func.count(), func.coalesce(func.sum(Job.cost), 0)).where(Job.client == client, active)).one()
    q = s.scalar(select(func.count()).select_from(Job).where(Job.status == "queued"))
    ql, qc = s.execute(select(func.count(), func.coalesce(func.sum(Job.cost), 0)).where(Job.status == "queued", Job.cost > small)).one()
    return Load(int(n or 0), int(c or 0), int(q or 0), int(ql or 0), int(qc or 0))


def insert(store: Store, kind: str, client: str, request: dict[str, Any], language: str, cost: int, total: int,
           admit: Callable[[Load], None] | None = None, small: int = SMALL) -> str:
    """Queue a job. `admit` sees the load and raises to refuse it; the count and the insert are one
    step for every process on the database (under a lock), so limits hold under concurrent submits."""
    jid = uuid.uuid4().hex
    with store.session() as s:
        serialize(s, "jobs:admit")
        if admit is not None:
            admit(_load(s, client, small))
        s.add(Job(id=jid, kind=kind, client=client, request=request, language=language, status="queued", cost=cost,
                  done=0, total=total, created=_now(), attempts=0))
        s.execute(delete(Job).where(Job.status.in_(("done", "failed")), Job.finished < _now() - KEEP))
    return jid


def counts(store: Store, client: str, small: int = SMALL) -> Load:
    with store.session() as s:
        return _load(s, client, small)


def _expired(now: dt.datetime) -> ColumnElement[bool]:
    return and_(Job.status == "running", or_(Job.lease_until.is_(None), Job.lease_until < now))


def _claimable(now: dt.datetime, attempts: int) -> ColumnElement[bool]:
    """Queued, or running under an expired lease (its worker died) and not yet taken `attempts` times."""
    return or_(Job.status == "queued", and_(_expired(now), Job.attempts < attempts))


def _order(small: int) -> tuple[ScalarSelect[int], Case[int], InstrumentedAttribute[dt.datetime], InstrumentedAttribute[str]]:
    """The fair order jobs are claimed in: clients with fewer running jobs first, then small jobs
    before large ones, then first come first served."""
    other = aliased(Job)
    running = (select(func.count()).select_from(other).where(other.client == Job.client, other.status == "running")
               .scalar_subquery())
    size = case((Job.cost <= small, 0), (Job.cost <= small * 10, 1), else_=2)
    return running, size, Job.created, Job.id


def get(store: Store, jid: str, attempts: int = ATTEMPTS) -> JobRow | None:
    """A job as its poller should see it: one running under an expired lease reads queued (another
    worker takes it next), or failed once it has been taken `attempts` times (marked so here)."""
    with store.session() as s:
        j = s.get(Job, jid)
        if j is None:
            return None
        row = JobRow.of(j)
    if row.status == "running" and (row.lease_until is None or row.lease_until < _now()):
        if row.attempts >= attempts:
            reap(store, attempts)
            with store.session() as s:
                return JobRow.of(s.get_one(Job, jid))
        return replace(row, status="queued", done=0)
    return row


def latest(store: Store, kind: str, client: str | None = None, statuses: tuple[str, ...] = ("done",)) -> JobRow | None:
    """The newest job of `kind` (of one client, when given) in one of `statuses`; None when there is none."""
    query = select(Job).where(Job.kind == kind, Job.status.in_(statuses))
    if client is not None:
        query = query.where(Job.client == client)
    with store.session() as s:
        j = s.scalars(query.order_by(Job.created.desc()).limit(1)).first()
        return JobRow.of(j) if j is not None else None


def claim(store: Store, worker: str, lease: float = LEASE, attempts: int = ATTEMPTS, small: int = SMALL) -> JobRow | None:
    """Take the next claimable job in the fair order and hold it for `lease` seconds; None when
    there is none. PostgreSQL locks the row it picks (others skip it); SQLite's update checks the
    job is still claimable, and the next one is tried if another worker was first."""
    now = _now()
    taken = dict(status="running", worker=worker, started=now, heartbeat=now, lease_until=now + dt.timedelta(seconds=lease),
                 done=0, attempts=Job.attempts + 1)
    with store.session() as s:
        query = select(Job.id).where(_claimable(now, attempts)).order_by(*_order(small))
        if s.get_bind().dialect.name == "postgresql":
            ids = list(s.scalars(query.limit(1).with_for_update(skip_locked=True, of=Job)))
        else:
            ids = list(s.scalars(query.limit(8)))
        for jid in ids:
            if _updated(s, update(Job).where(Job.id == jid, _claimable(now, attempts)).values(**taken)) == 1:
                s.flush()
                return JobRow.of(s.get_one(Job, jid))
    return None


def position(store: Store, jid: str, attempts: int = ATTEMPTS, small: int = SMALL) -> int | None:
    """A waiting job's place in the order claim() takes jobs (1: next), as things stand now; None
    when it is not waiting (any more)."""
    with store.session() as s:
        ids = list(s.scalars(select(Job.id).where(_claimable(_now(), attempts)).order_by(*_order(small))))
    return ids.index(jid) + 1 if jid in ids else None


def _updated(s: Session, statement: Update) -> int:
    """How many rows an UPDATE changed (an UPDATE's result is a cursor result, which counts them)."""
    return cast(CursorResult[Any], s.execute(statement)).rowcount


def _held(jid: str, worker: str) -> ColumnElement[bool]:
    return and_(Job.id == jid, Job.worker == worker, Job.status == "running")


def progress(store: Store, jid: str, worker: str, done: int, total: int, lease: float = LEASE) -> bool:
    """Write a running job's progress and renew its lease; False when `worker` no longer holds it."""
    now = _now()
    with store.session() as s:
        return _updated(s, update(Job).where(_held(jid, worker)).values(
            done=done, total=total, heartbeat=now, lease_until=now + dt.timedelta(seconds=lease))) == 1


def heartbeat(store: Store, worker: str, ids: list[str], lease: float = LEASE) -> set[str]:
    """Renew the leases of `worker`'s running jobs; the ids it still holds."""
    if not ids:
        return set()
    now = _now()
    with store.session() as s:
        held = and_(Job.id.in_(ids), Job.worker == worker, Job.status == "running")
        s.execute(update(Job).where(held).values(heartbeat=now, lease_until=now + dt.timedelta(seconds=lease)))
        return set(s.scalars(select(Job.id).where(held)))


def finish(store: Store, jid: str, worker: str, result: dict[str, Any]) -> bool:
    with store.session() as s:
        return _updated(s, update(Job).where(_held(jid, worker)).values(
            status="done", result=result, finished=_now(), done=Job.total, lease_until=None)) == 1


def requeue(store: Store, jid: str, worker: str) -> bool:
    """Hand a running job back to the queue (its process is stopping): not counted as an attempt."""
    with store.session() as s:
        return _updated(s, update(Job).where(_held(jid, worker)).values(
            status="queued", worker=None, done=0, lease_until=None,
            attempts=case((Job.attempts > 0, Job.attempts - 1), else_=0))) == 1


def fail(store: Store, jid: str, error: str, worker: str | None = None) -> bool:
    cond = _held(jid, worker) if worker is not None else and_(Job.id == jid, Job.status.in_(("queued", "running")))
    with store.session() as s:
        return _updated(s, update(Job).where(cond).values(status="failed", error=error[:2000], finished=_now(),
                                                         lease_until=None)) == 1


def reap(store: Store, attempts: int = ATTEMPTS) -> int:
    """Fail the jobs whose lease expired after their last allowed attempt; how many."""
    with store.session() as s:
        return _updated(s, update(Job).where(_expired(_now()), Job.attempts >= attempts)
                         .values(status="failed", error="stale", finished=_now(), lease_until=None)) or 0


def rate_take(store: Store, client: str, action: str, limit: int, window: dt.timedelta) -> bool:
    """Record one use of `action` by `client` unless it has had `limit` within `window`; whether it
    was recorded. The count and the record are one step (under a lock): 40 simultaneous requests
    against a limit of 20 record exactly 20. Events older than a day are forgotten."""
    now = _now()
    with store.session() as s:
        serialize(s, f"rate:{action}:{client}")
        s.execute(delete(RateEvent).where(RateEvent.at < now - dt.timedelta(days=1)))
        n = s.scalar(select(func.count()).select_from(RateEvent).where(
            RateEvent.client == client, RateEvent.action == action, RateEvent.at >= now - window))
        if int(n or 0) >= limit:
            return False
        s.add(RateEvent(client=client, action=action, at=now))
        return True
