"""Jobs in the database: rows only, no domain logic (which job to run next is decided here by a
fair order; what a job does is decided by the operations layer).

A job is queued, claimed by one worker (a compare-and-set on its status, so two processes never
run it twice), advanced (progress and a heartbeat), and finished or failed. A running job whose
heartbeat is older than ``STALE`` seconds belongs to a process that died: it is marked failed
(by :func:`reap`, which the servers' heartbeat threads call; and by :func:`get` for the job it reads,
so that whoever polls a dead job learns it at once).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update

from .db import Store
from .models import Job, RateEvent

STALE = 30.0  # seconds without a heartbeat after which a running job is taken for dead
KEEP = dt.timedelta(days=1)  # finished jobs are kept this long


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(t: dt.datetime | None) -> dt.datetime | None:
    if t is not None and t.tzinfo is None:  # SQLite returns naive datetimes
        return t.replace(tzinfo=dt.timezone.utc)
    return t


@dataclass(frozen=True)
class JobRow:
    id: str
    kind: str
    client: str
    request: dict
    language: str
    status: str
    cost: int
    done: int
    total: int
    result: dict | None
    error: str | None
    created: dt.datetime
    started: dt.datetime | None
    finished: dt.datetime | None

    @classmethod
    def of(cls, j: Job) -> "JobRow":
        return cls(j.id, j.kind, j.client, j.request, j.language, j.status, int(j.cost), int(j.done), int(j.total), j.result,
                   j.error, _aware(j.created), _aware(j.started), _aware(j.finished))


def insert(store: Store, kind: str, client: str, request: dict, language: str, cost: int, total: int) -> str:
    jid = uuid.uuid4().hex
    with store.session() as s:
        s.add(Job(id=jid, kind=kind, client=client, request=request, language=language, status="queued", cost=cost,
                  done=0, total=total, created=_now()))
        s.execute(delete(Job).where(Job.status.in_(("done", "failed")), Job.finished < _now() - KEEP))
    return jid


def get(store: Store, jid: str, stale: float = STALE) -> JobRow | None:
    """A job; a running one whose heartbeat is older than `stale` seconds is marked failed first
    (a status poll writes nothing otherwise)."""
    with store.session() as s:
        j = s.get(Job, jid)
        if j is None:
            return None
        if j.status != "running" or j.heartbeat is None or _aware(j.heartbeat) >= _now() - dt.timedelta(seconds=stale):
            return JobRow.of(j)
    reap(store, stale)
    with store.session() as s:
        return JobRow.of(s.get(Job, jid))


def latest(store: Store, kind: str, client: str | None = None, statuses: tuple[str, ...] = ("done",)) -> JobRow | None:
    """The newest job of `kind` (of one client, when given) in one of `statuses`; None when there is none."""
    query = select(Job).where(Job.kind == kind, Job.status.in_(statuses))
    if client is not None:
        query = query.where(Job.client == client)
    with store.session() as s:
        j = s.scalars(query.order_by(Job.created.desc()).limit(1)).first()
        return JobRow.of(j) if j is not None else None


def counts(store: Store, client: str) -> tuple[int, int]:
    """(active jobs of this client, queued jobs of everyone)."""
    with store.session() as s:
        mine = s.scalar(select(func.count()).select_from(Job).where(Job.client == client, Job.status.in_(("queued", "running"))))
        queued = s.scalar(select(func.count()).select_from(Job).where(Job.status == "queued"))
    return int(mine or 0), int(queued or 0)


def size_class(cost: int) -> int:
    """Small jobs first: 0 up to 100,000 paths, 1 up to 1,000,000, 2 beyond."""
    return 0 if cost <= 100_000 else 1 if cost <= 1_000_000 else 2


def _fair_order(s, limit: int | None = None) -> list:
    """The queued jobs (id, client, cost, created) in the order they are claimed: clients with fewer
    running jobs first, then small jobs before large ones, then first come first served (of the
    `limit` oldest)."""
    query = select(Job.id, Job.client, Job.cost, Job.created).where(Job.status == "queued").order_by(Job.created)
    queued = list(s.execute(query if limit is None else query.limit(limit)))
    running: dict[str, int] = {}
    for (client,) in s.execute(select(Job.client).where(Job.status == "running")):
        running[client] = running.get(client, 0) + 1
    return sorted(queued, key=lambda r: (running.get(r.client, 0), size_class(int(r.cost)), _aware(r.created)))


def claim(store: Store, worker: str) -> JobRow | None:
    """Take the next queued job, fairly (see :func:`_fair_order`). None when nothing is queued."""
    for _attempt in range(5):
        with store.session() as s:
            queued = _fair_order(s, limit=500)
            if not queued:
                return None
            pick = queued[0]
            now = _now()
            got = s.execute(update(Job).where(Job.id == pick.id, Job.status == "queued")
                            .values(status="running", worker=worker, started=now, heartbeat=now)).rowcount
            if got == 1:
                s.flush()
                return JobRow.of(s.get(Job, pick.id))
    return None


def position(store: Store, jid: str) -> int | None:
    """A queued job's place in the order claim() takes jobs (1: next), as things stand now; None
    when it is not queued (any more)."""
    with store.session() as s:
        for i, r in enumerate(_fair_order(s), 1):
            if r.id == jid:
                return i
    return None


def progress(store: Store, jid: str, done: int, total: int) -> None:
    with store.session() as s:
        s.execute(update(Job).where(Job.id == jid, Job.status == "running").values(done=done, total=total, heartbeat=_now()))


def heartbeat(store: Store, ids: list[str]) -> None:
    if ids:
        with store.session() as s:
            s.execute(update(Job).where(Job.id.in_(ids), Job.status == "running").values(heartbeat=_now()))


def finish(store: Store, jid: str, result: dict[str, Any]) -> None:
    with store.session() as s:
        s.execute(update(Job).where(Job.id == jid).values(status="done", result=result, finished=_now(), done=Job.total))


def requeue(store: Store, jid: str) -> None:
    """Put a running job back in the queue (its process is stopping)."""
    with store.session() as s:
        s.execute(update(Job).where(Job.id == jid, Job.status == "running").values(status="queued", worker=None, done=0))


def fail(store: Store, jid: str, error: str) -> None:
    with store.session() as s:
        s.execute(update(Job).where(Job.id == jid, Job.status.in_(("queued", "running")))
                  .values(status="failed", error=error[:2000], finished=_now()))


def reap(store: Store, stale: float = STALE) -> int:
    """Mark running jobs whose process stopped answering as failed; how many."""
    limit = _now() - dt.timedelta(seconds=stale)
    with store.session() as s:
        return s.execute(update(Job).where(Job.status == "running", Job.heartbeat < limit)
                         .values(status="failed", error="stale", finished=_now())).rowcount or 0


def rate_count(store: Store, client: str, action: str, window: dt.timedelta) -> int:
    """How often `client` did `action` within `window` (and forget events older than a day)."""
    now = _now()
    with store.session() as s:
        s.execute(delete(RateEvent).where(RateEvent.at < now - dt.timedelta(days=1)))
        return int(s.scalar(select(func.count()).select_from(RateEvent).where(
            RateEvent.client == client, RateEvent.action == action, RateEvent.at >= now - window)) or 0)


def rate_record(store: Store, client: str, action: str) -> None:
    with store.session() as s:
        s.add(RateEvent(client=client, action=action, at=_now()))
