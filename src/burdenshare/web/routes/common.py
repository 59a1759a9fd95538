"""What the routes share: the query and path parameters that carry request fields, and their parsing."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from ...errors import InputError
from ...i18n import _

HostQ = Annotated[str | None, Query(max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$", description="host nation")]
YearQ = Annotated[int | None, Query(ge=1900, le=2200)]
NameP = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
OverridesQ = Annotated[str | None, Query(max_length=4000, description='overrides as JSON, e.g. {"cpi": {"2027": 3.1}}')]


def overrides_param(raw: str | None) -> dict[str, Any]:
    """Overrides given as a JSON query parameter (for links and downloads)."""
    if not raw:
        return {}
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise ValueError
        return data
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        raise InputError(_('overrides must be JSON such as {{"cpi": {{"2027": 3.1}}}}'), where="overrides") from None


ScenarioForQ = Annotated[list[str] | None, Query(max_length=20, description="HOST:SCENARIO: a host's id and one of its scenarios' ids")]


def scenario_for_param(items: list[str] | None) -> dict[str, str]:
    """Per-host scenarios given as repeated HOST:SCENARIO query parameters."""
    out = {}
    for item in items or ():
        if ":" not in item:
            raise InputError(_("'{item}' must look like HOST:SCENARIO", item=item), where="scenario_for")
        k, v = item.split(":", 1)
        out[k] = v
    return out


def sent(result: BaseModel, *, exclude_unset: bool = False) -> Response:
    """A typed result sent as JSON as it is: its fields were set by the operation, so a route declares
    the model as its ``response_model`` (for the OpenAPI document) but does not have FastAPI validate
    and encode it again (a job's result can hold every year of a simulation)."""
    return Response(result.model_dump_json(exclude_unset=exclude_unset), media_type="application/json")


def public_base(request: Request) -> str:
    """The address readers use for this server: the public address the server was started with (BURDENSHARE_PUBLIC_URL) when set,
    else the address the request came to; without a trailing slash."""
    return getattr(request.app.state, "public_url", None) or str(request.base_url).rstrip("/")
