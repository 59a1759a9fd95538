"""Engine and sessions; migrations to the latest schema at start-up."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from ..errors import InputError, Unavailable
from ..i18n import _

DEFAULT_URL = "sqlite:///burdenshare.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(url: str | None = None) -> str:
    return url or os.environ.get("BURDENSHARE_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    if not url.startswith(("sqlite", "postgresql")):
        raise InputError(_("unsupported database URL '{scheme}:...' (use sqlite:/// or postgresql://)",
                           scheme=url.split(":", 1)[0][:20]), where="database_url")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite"):
        _private_file(make_url(url).database)
    kw = {"connect_args": {"check_same_thread": False, "timeout": 30}} if url.startswith("sqlite") else {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}
    engine = create_engine(url, future=True, **kw)
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _pragmas(conn: DBAPIConnection, _: ConnectionPoolEntry) -> None:
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
    return engine


def _private_file(path: str | None) -> None:
    """Create a new SQLite database file readable by its owner only (0600): it holds saved work and
    room tokens' hashes. SQLite gives the -wal and -shm files beside it the same mode."""
    if not path or path == ":memory:" or path.startswith("file:") or os.path.exists(path):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise InputError(_("cannot create the database file {path}: {reason}", path=path, reason=exc.strerror or exc),
                         where="database_url") from exc


def unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the database cannot be reached now (stopped, restarting, a dropped
    connection, SQLite busy or locked) rather than that a statement is wrong."""
    return isinstance(exc, (OperationalError, InterfaceError, PoolTimeout)) or (
        isinstance(exc, DBAPIError) and bool(exc.connection_invalidated))


def serialize(s: Session, name: str) -> None:
    """Hold the lock `name` until the session's transaction ends, so that a count and the write it
    decides (an hourly limit, a job's admission) are one step for every process on the database.
    PostgreSQL: a transaction-level advisory lock by that name; SQLite: its one write lock, taken by
    a write (SQLite writes are serial, so one lock serves every name)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})
    else:
        s.execute(text("INSERT INTO store_locks (name) VALUES ('write') ON CONFLICT (name) DO NOTHING"))


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision. Several server processes may start on one
    database at once: the upgrade runs under a lock (PostgreSQL: an advisory lock; SQLite: a lock
    file beside the database), so exactly one of them migrates."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with _migration_lock(engine), engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT pg_advisory_lock(72519205)")
            try:
                yield
            finally:
                conn.exec_driver_sql("SELECT pg_advisory_unlock(72519205)")
                conn.commit()
        return
    path = engine.url.database
    if not path or path == ":memory:":
        yield
        return
    import fcntl

    with open(os.open(f"{path}.migrate-lock", os.O_CREAT | os.O_RDWR, 0o600), "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Store:
    def __init__(self, url: str | None = None):
        self.engine = make_engine(url)
        migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)

    def close(self) -> None:
        """Close the pool's connections (a stopping server; the store can still open new ones)."""
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction; a database that cannot be reached raises :class:`..errors.Unavailable`
        (the web answers 503 with Retry-After; the pool reconnects once it is back)."""
        s = self._sessions()
        try:
            yield s
            s.commit()
        except BaseException as exc:
            with suppress(Exception):
                s.rollback()
            if unavailable(exc):
                raise Unavailable() from exc
            raise
        finally:
            with suppress(Exception):
                s.close()
