"""Answers that depend only on the request, the language and the data, kept per process and keyed
by the data version (computed from the content): an overlay updated on disk (`burdenshare update`)
gives new answers without a restart. JSON answers are kept as the bytes sent: a repeated
request costs a lookup, and a new one is encoded once, by json.dumps, not walked again by FastAPI's
generic encoder (a third of a schedule request's time).

Where the work runs (`answer`): a kept answer is sent from the event loop, and so is a new one whose
work is small and bounded (`inline`: e.g. a bundled agreement's schedule, about a millisecond).
Handing such work to the thread pool costs more than the work itself under load: the hop and the
threads' contention for the interpreter lock took about 1.1 ms of CPU a request under wrk at 32
connections (benchmarks/RESULTS.md, round 5), against a hold of the loop of about a millisecond.
Work that can grow with the request (long agreement documents, many scenarios, whole histories,
simulations) still goes to the thread pool, so that no request holds every other connection."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from ..i18n import current

SIZE = 512
_lock = threading.Lock()
_cache: OrderedDict[str, Any] = OrderedDict()


def key(kind: str, req: BaseModel | dict[str, Any]) -> str:
    """The key of an answer: its kind, the language, the data version and the request. A typed request
    is written by pydantic (its fields in the model's order, 3 µs against 15 for a sorted json.dumps);
    two requests that differ only in the order of a mapping's keys are kept apart, which costs a
    second computation, never a wrong answer."""
    from ..ops.common import data_version

    text = req.model_dump_json() if isinstance(req, BaseModel) else json.dumps(req, sort_keys=True, default=str)
    return f"{kind}|{current()}|{data_version()}|{text}"


def cached(kind: str, req: BaseModel | dict[str, Any], compute: Callable[[], Any]) -> Response:
    """The JSON answer to a request (computed and encoded the first time), for a route that runs in
    the thread pool (see `answer` for one on the event loop)."""
    return Response(cached_value(kind, req, lambda: encode(compute())), media_type="application/json")


async def answer(kind: str, req: BaseModel | dict[str, Any], compute: Callable[[], Any], *, inline: bool = False) -> Response:
    """The JSON answer to a request, for a route on the event loop: a kept answer is a lookup there;
    a new one is computed on the loop when `inline` (small, bounded work), else in the thread pool."""
    k = key(kind, req)
    data = _get(k)
    if data is None:
        def make() -> bytes:
            return encode(compute())

        data = make() if inline else await run_in_threadpool(make)
        _put(k, data)
    return Response(data, media_type="application/json")


def encode(doc: Any) -> bytes:
    """JSON as FastAPI's JSONResponse writes it (UTF-8, compact); objects it does not know (texts to
    translate, dates, models) go through FastAPI's encoder. By orjson (the same bytes for every
    answer, in an eighth of the time: 0.02 against 0.17 ms for a schedule's 8 KB), else by json.dumps."""
    return _fast(doc) if _fast is not None else _standard(doc)


def _standard(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=jsonable_encoder).encode("utf-8")


def _orjson() -> Callable[[Any], bytes] | None:
    try:
        import orjson  # a declared dependency; an environment installed before it was may lack it
    except ImportError:
        return None
    option = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY  # keys and numbers as json.dumps writes them

    def dumps(doc: Any) -> bytes:
        return orjson.dumps(doc, default=jsonable_encoder, option=option)

    return dumps


_fast = _orjson()


def cached_value(kind: str, req: BaseModel | dict[str, Any], compute: Callable[[], Any]) -> Any:
    """Any value computed from a request (e.g. a page's table)."""
    k = key(kind, req)
    value = _get(k)
    if value is None:
        value = compute()
        _put(k, value)
    return value


def _get(k: str) -> Any:
    with _lock:
        if k in _cache:
            _cache.move_to_end(k)
            return _cache[k]
    return None


def _put(k: str, value: Any) -> None:
    if value is None:  # (never kept: None means "not kept" to _get)
        return
    with _lock:
        _cache[k] = value
        while len(_cache) > SIZE:
            _cache.popitem(last=False)
