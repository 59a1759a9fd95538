"""Answers that depend only on the request, the language and the data, kept per process and keyed
by the data version (computed from the content): an overlay updated on disk (`burdenshare update`)
gives new answers without a restart. JSON answers are kept as the bytes sent: a repeated
request costs a lookup, and a new one is encoded once, by json.dumps, not walked again by FastAPI's
generic encoder (a third of a schedule request's time)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel

from ..i18n import current

SIZE = 512
_lock = threading.Lock()
_cache: OrderedDict[str, Any] = OrderedDict()


def key(kind: str, req: BaseModel | dict[str, Any]) -> str:
    from ..ops.common import data_version

    d = req.model_dump(mode="json") if isinstance(req, BaseModel) else req
    return f"{kind}|{current()}|{data_version()}|" + json.dumps(d, sort_keys=True, default=str)


def cached(kind: str, req: BaseModel | dict[str, Any], compute: Callable[[], Any]) -> Response:
    """The JSON answer to a request (computed and encoded the first time)."""
    return Response(cached_value(kind, req, lambda: encode(compute())), media_type="application/json")


def encode(doc: Any) -> bytes:
    """JSON as FastAPI's JSONResponse writes it (UTF-8, no NaN); objects it does not know (texts to
    translate, dates, numpy numbers, models) go through FastAPI's encoder."""
    return json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=jsonable_encoder).encode("utf-8")


def cached_value(kind: str, req: BaseModel | dict[str, Any], compute: Callable[[], Any]) -> Any:
    """Any value computed from a request (e.g. a page's table)."""
    k = key(kind, req)
    with _lock:
        if k in _cache:
            _cache.move_to_end(k)
            return _cache[k]
    value = compute()
    with _lock:
        _cache[k] = value
        while len(_cache) > SIZE:
            _cache.popitem(last=False)
    return value
