"""What a server needs before and beside it: the pre-flight checks that refuse, in one line, an address
this machine cannot listen on or a database it cannot open (before any server process starts), and
the thread that refreshes the data from the publishers while it runs (``serve --update-every``)."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable
from typing import Any, SupportsIndex

from ..i18n import _


def start_refresh(every: int) -> None:
    """A thread of this process that refreshes the data every `every` seconds (one, whatever the number
    of server processes: each of them reads the overlay folder and sees its new version by itself)."""
    import threading

    def loop() -> None:
        from ..errors import BurdenshareError
        from .dataupdate import refresh

        stop = threading.Event()
        wait = 5.0  # the first refresh soon after the start, then every `every` seconds
        while not stop.wait(wait):
            wait = every
            try:
                _plan, line = refresh()
            except BurdenshareError as exc:
                line = str(_("data refresh failed: {message}", message=str(exc)))
            except Exception as exc:
                line = str(_("data refresh failed: {message}", message=f"{type(exc).__name__}: {exc}"))
            sys.stderr.write(line + "\n")

    threading.Thread(target=loop, name="burdenshare-refresh", daemon=True).start()


def check_listen(host: str, port: int) -> None:
    """Refuse, in one line, an address this machine cannot listen on (256.1.1.1, a name that does
    not resolve, an address of another machine, a port in use) before the server starts."""
    import socket

    from ..errors import InputError

    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(_("cannot listen on '{host}' ({reason})", host=host[:100], reason=reason), where="host") from None
    family, kind, proto, _name, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except OSError as exc:
        raise InputError(_("cannot listen on '{host}' port {port} ({reason})", host=host[:100], port=port,
                           reason=exc.strerror or str(exc)), where="host") from None


class _PerProcessSocket(socket.socket):
    """A listening address that each server process opens for itself (SO_REUSEPORT): handed to
    uvicorn's worker processes, it is not shared but bound again in each (`_bind_own`), so the
    kernel spreads new connections over the processes. With one shared socket, the process that
    wakes first accepts every connection waiting (asyncio accepts up to the backlog at once): a
    client that opens its keep-alive connections together (a proxy's pool, a load generator) had
    them all on one process, the other idle (benchmarks/RESULTS.md, issue 21)."""

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Callable[[int, tuple[Any, ...]], socket.socket], tuple[int, tuple[Any, ...]]]:
        return _bind_own, (int(self.family), self.getsockname())


def _bind_own(family: int, address: tuple[Any, ...]) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.set_inheritable(True)
    return sock


def per_process_socket(host: str, port: int) -> socket.socket | None:
    """The address for a server of several processes, each listening on its own socket; None where
    the system has no SO_REUSEPORT (the processes then share one socket, as uvicorn binds it). This
    process's socket reserves the port and never listens."""
    if not hasattr(socket, "SO_REUSEPORT"):
        return None
    # the address family as uvicorn chooses it (IPv6 for an address with a colon, else IPv4: 'localhost'
    # is 127.0.0.1 here too, whatever the resolver lists first)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = _PerProcessSocket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host.strip("[]"), port))
    except OSError:
        sock.close()
        return None
    return sock


def check_database(url: str) -> None:
    """Open the database (and bring its schema up to date) once before the server starts, so that
    an unreachable server, a file that cannot be created or a wrong password is one line, not a
    traceback from every server process."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from ..errors import InputError
    from ..store.db import make_engine, migrate

    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:
        shown = url.split("@")[-1]
    before = os.environ.get("PGCONNECT_TIMEOUT")
    os.environ.setdefault("PGCONNECT_TIMEOUT", "10")  # an unreachable server: an answer in seconds, not minutes
    engine = None
    try:
        engine = make_engine(url)
        with engine.connect():
            pass
        migrate(engine)
    except InputError:
        raise
    except (SQLAlchemyError, OSError, ValueError) as exc:
        orig = getattr(exc, "orig", None) or exc
        reason = getattr(orig, "strerror", None) if isinstance(orig, OSError) else None
        filename = getattr(orig, "filename", None)
        if reason and filename:
            reason = f"{reason}: {filename}"
        reason = " ".join(str(reason or orig).split())[:300] or type(orig).__name__
        raise InputError(_("cannot open the database {url} ({reason})", url=shown, reason=reason), where="database_url") from None
    except Exception as exc:
        raise InputError(_("cannot open the database {url} ({reason})", url=shown,
                           reason=" ".join(str(exc).split())[:300] or type(exc).__name__), where="database_url") from None
    finally:
        if engine is not None:
            engine.dispose()
        if before is None:
            os.environ.pop("PGCONNECT_TIMEOUT", None)
