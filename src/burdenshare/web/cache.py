"""Answers that depend only on the request, the language and the bundled data, kept per process
(the data does not change while a server runs)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any, Callable

from pydantic import BaseModel

from ..i18n import current

SIZE = 512
_lock = threading.Lock()
_cache: "OrderedDict[str, Any]" = OrderedDict()


def key(kind: str, req: BaseModel | dict) -> str:
    d = req.model_dump(mode="json") if isinstance(req, BaseModel) else req
    return f"{kind}|{current()}|" + json.dumps(d, sort_keys=True, default=str)


def cached(kind: str, req: BaseModel | dict, compute: Callable[[], Any]) -> Any:
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
