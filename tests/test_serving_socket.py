"""How the server runs: a multi-process server's listening socket (each process opens its own with
SO_REUSEPORT, so the kernel spreads connections over the processes: ops.serving.per_process_socket),
and the HTTP parser and event loop uvicorn picks."""

from __future__ import annotations

import pickle
import socket
import sys

import pytest

from burdenshare.ops.serving import per_process_socket

pytestmark = pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="no SO_REUSEPORT on this system")


def test_each_process_binds_its_own_socket_on_the_reserved_port() -> None:
    sock = per_process_socket("127.0.0.1", 0)
    assert sock is not None
    with sock:
        port = sock.getsockname()[1]
        # what a worker process receives: a new socket on the same address, not a copy of this one
        mine = pickle.loads(pickle.dumps(sock))
        theirs = pickle.loads(pickle.dumps(sock))
        with mine, theirs:
            assert mine.fileno() != sock.fileno()
            assert mine.getsockname() == theirs.getsockname() == ("127.0.0.1", port)
            mine.listen()
            theirs.listen()
            with socket.create_connection(("127.0.0.1", port), timeout=5):
                pass


def test_a_port_in_use_by_another_socket_is_not_taken() -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        assert per_process_socket("127.0.0.1", other.getsockname()[1]) is None


def test_a_name_binds_as_uvicorn_would() -> None:
    sock = per_process_socket("localhost", 0)
    assert sock is not None
    with sock:
        assert sock.family == socket.AF_INET and sock.getsockname()[0] == "127.0.0.1"


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop has no Windows build")
def test_the_server_parses_http_and_runs_its_loop_in_c():
    """What uvicorn picks when left to choose, as `serve` leaves it: httptools' parser and uvloop's
    loop (declared dependencies: half a small request's CPU under load, benchmarks/RESULTS.md)."""
    import uvloop
    from uvicorn.loops.auto import auto_loop_factory
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    assert AutoHTTPProtocol is HttpToolsProtocol
    loop = auto_loop_factory()()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()
