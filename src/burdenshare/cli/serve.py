"""``burdenshare serve``: the web dashboard and the HTTP API.

The CLI does not import the web interface: it hands uvicorn the web app's factory by name, with the
settings in the environment, as every server process of ``--workers`` reads them."""


import contextlib
import os
import sys
from typing import Annotated

import typer

from .common import t

LOCAL = ("localhost", "127.0.0.1", "[::1]")


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
    from ..ops.serving import check_database, check_listen, per_process_socket, start_refresh
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
    app = "burdenshare.web.app:app_from_env"
    config = uvicorn.Config(app, factory=True, host=host, port=port, workers=workers,
                            log_level="warning", proxy_headers=False)
    sock = per_process_socket(host, port) if workers > 1 else None
    if sock is None:
        uvicorn.run(app, factory=True, host=host, port=port, workers=workers, log_level="warning", proxy_headers=False)
        return
    # uvicorn's own supervisor (restarts, signals), each process on its own socket (ops.serving)
    from uvicorn.supervisors import Multiprocess

    with contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[sock]).run()


def register(app: typer.Typer) -> None:
    app.command(help=t("Start the web dashboard and the HTTP API (OpenAPI at /docs)."))(serve)
