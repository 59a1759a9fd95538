"""``burdenshare serve``: the web dashboard and the HTTP API.

The CLI does not import the web interface: it hands uvicorn the web app's factory by name, with the
settings in the environment, as every server process of ``--workers`` reads them."""


import os
import sys
from typing import Annotated

import typer

from .common import t

LOCAL = ("localhost", "127.0.0.1", "[::1]")


def register(app: typer.Typer) -> None:
    @app.command(help=t("Start the web dashboard and the HTTP API (OpenAPI at /docs)."))
    def serve(
        host: Annotated[str, typer.Option("--host", help=t("Address to listen on."))] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help=t("Port to listen on."))] = 8000,
        database_url: Annotated[str | None, typer.Option("--database-url", envvar="BURDENSHARE_DATABASE_URL",
                                                            help=t("sqlite:///FILE (default sqlite:///burdenshare.db) or postgresql://..."))] = None,
        workers: Annotated[int, typer.Option("--workers", min=1, max=16, help=t("Server processes (one per core serves most requests)."))] = 1,
        allowed_host: Annotated[list[str] | None, typer.Option("--allowed-host", help=t("A host name the server answers to (repeatable; default: the listening address, localhost and 127.0.0.1)."))] = None,
        public_url: Annotated[str | None, typer.Option("--public-url", envvar="BURDENSHARE_PUBLIC_URL", metavar="URL",
                                                          help=t("The address readers use (e.g. https://burdenshare.example.org): cite lines, "
                                                                 "downloads' 'cite as' and embed codes name it instead of the listening address. "
                                                                 "An http or https URL without a query (also BURDENSHARE_PUBLIC_URL)."))] = None,
        update_every: Annotated[str | None, typer.Option("--update-every", metavar="INTERVAL", help=t(
            "Refresh the series from their publishers every INTERVAL (e.g. 1d, 12h) into the overlay data folder, as "
            "`burdenshare update` does; the server answers from the new data without a restart."))] = None,
    ) -> None:
        import uvicorn

        from ..ops.common import public_url as check_public_url
        from ..store.db import database_url as resolve, make_engine

        public = check_public_url(public_url, where="public_url")  # refused here (exit code 2), before anything starts
        every = None
        if update_every is not None:
            from ..ops.dataupdate import parse_every

            every = parse_every(update_every)
        url = resolve(database_url)
        make_engine(url).dispose()  # a bad URL is reported here, as one line
        check_listen(host, port)  # so are an address this machine cannot listen on and a database it cannot open
        check_database(url)
        hosts = list(allowed_host or [])
        if not hosts:
            if host in ("0.0.0.0", "::"):
                hosts = ["*"]
                sys.stderr.write(t("warning: listening on every address without --allowed-host: any Host header is "
                                   "accepted (name this server with --allowed-host)") + "\n")
            else:
                hosts = [host, *LOCAL]
        os.environ["BURDENSHARE_DATABASE_URL"] = url
        os.environ["BURDENSHARE_ALLOWED_HOSTS"] = ",".join(hosts)
        if public:
            os.environ["BURDENSHARE_PUBLIC_URL"] = public
        else:
            os.environ.pop("BURDENSHARE_PUBLIC_URL", None)
        shown = url.split("@")[-1] if "@" in url else url
        typer.echo(t("burdenshare dashboard on http://{host}:{port} (API: /api/v1, docs: /docs; database: {db}); Ctrl-C to stop",
                     host=host, port=port, db=shown))
        if every is not None:
            start_refresh(every)
        uvicorn.run("burdenshare.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", proxy_headers=False)


def start_refresh(every: int) -> None:
    """A thread of this process that refreshes the data every `every` seconds (one, whatever the number
    of server processes: each of them reads the overlay folder and sees its new version by itself)."""
    import threading

    def loop() -> None:
        from ..errors import BurdenshareError
        from ..ops.dataupdate import refresh

        stop = threading.Event()
        wait = 5.0  # the first refresh soon after the start, then every `every` seconds
        while not stop.wait(wait):
            wait = every
            try:
                _plan, line = refresh()
            except BurdenshareError as exc:
                line = t("data refresh failed: {message}", message=str(exc))
            except Exception as exc:
                line = t("data refresh failed: {message}", message=f"{type(exc).__name__}: {exc}")
            sys.stderr.write(line + "\n")

    threading.Thread(target=loop, name="burdenshare-refresh", daemon=True).start()


def check_listen(host: str, port: int) -> None:
    """Refuse, in one line, an address this machine cannot listen on (256.1.1.1, a name that does
    not resolve, an address of another machine, a port in use) before the server starts."""
    import socket

    from ..errors import InputError
    from ..i18n import _

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


def check_database(url: str) -> None:
    """Open the database (and bring its schema up to date) once before the server starts, so that
    an unreachable server, a file that cannot be created or a wrong password is one line, not a
    traceback from every server process."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from ..errors import InputError
    from ..i18n import _
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
        if reason and getattr(orig, "filename", None):
            reason = f"{reason}: {orig.filename}"
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
