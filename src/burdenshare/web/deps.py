"""Dependencies the routes declare once: the store, the job service, the client's key, a room
token, the request's language."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from ..ops.jobs import JobService, client_key
from ..store.db import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_jobs(request: Request) -> JobService:
    jobs: JobService = request.app.state.jobs
    return jobs


def get_client(request: Request) -> str:
    """The client's key for limits: its address, hashed (behind a proxy, the proxy's address)."""
    host = request.client.host if request.client else "unknown"
    return client_key(host)


def get_token(x_token: Annotated[str | None, Header(max_length=200, description="the secret token of a room link")] = None) -> str | None:
    return x_token


StoreDep = Annotated[Store, Depends(get_store)]
JobsDep = Annotated[JobService, Depends(get_jobs)]
ClientDep = Annotated[str, Depends(get_client)]
TokenDep = Annotated[str | None, Depends(get_token)]
