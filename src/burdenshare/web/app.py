"""The HTTP API (``/api/v1``, OpenAPI at ``/openapi.json``) and the dashboard pages.

Routes only parse, call the same functions as the CLI and the Python API, and format: no domain
logic here. Errors are JSON with a 4xx status (``{"error": ..., "where": ...}``), never a stack
trace. Every response that carries figures says which data version and assumptions produced them.
"""

from __future__ import annotations

import math
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from .. import api
from ..errors import BurdenshareError, InputError, UnknownNameError
from ..output import DATA_VERSION, records
from ..store import rooms
from ..store.db import Store

HERE = Path(__file__).resolve().parent
MAX_BODY = 256 * 1024
MAX_PATHS = 2_000_000  # one request's Monte Carlo; the CLI and the Python API have their own limit


class ScheduleRequest(BaseModel):
    agreement: str = Field(max_length=64)
    host: str = Field("kr", max_length=16)
    overrides: dict[str, dict[int, float]] = Field(default_factory=dict, max_length=20)
    real_base: int | None = Field(None, ge=1990, le=2100)


class CompareRequest(BaseModel):
    baseline: str = Field(max_length=64)
    scenarios: list[str] = Field(min_length=1, max_length=10)
    host: str = Field("kr", max_length=16)
    overrides: dict[str, dict[int, float]] = Field(default_factory=dict, max_length=20)


class SimulationRequest(BaseModel):
    target: str = Field(max_length=64)
    paths: int = Field(10_000, ge=1, le=MAX_PATHS)
    seed: int = Field(0, ge=0, le=2**32 - 1)
    model: Literal["var", "ar1", "bootstrap"] = "var"
    host: str = Field("kr", max_length=16)
    overrides: dict[str, dict[int, float]] = Field(default_factory=dict, max_length=20)
    quantiles: list[float] = Field(default_factory=lambda: [0.05, 0.25, 0.5, 0.75, 0.95], max_length=20)
    prob_above: list[tuple[int, float]] = Field(default_factory=list, max_length=20)


class ValueRequest(BaseModel):
    package: dict[str, Any] = Field(max_length=20)


class RoomRequest(BaseModel):
    case: str = Field(max_length=64)
    host: str = Field("kr", max_length=16)


class OfferRequest(BaseModel):
    package: dict[str, Any] = Field(max_length=20)
    round: int = Field(ge=1, le=rooms.MAX_ROUNDS)
    note: str = Field("", max_length=1000)


class PreferencesRequest(BaseModel):
    weights: dict[str, float] = Field(max_length=20)
    values: dict[str, Any] = Field(default_factory=dict, max_length=20)
    reservation: dict[str, Any]
    discount_rate: float = Field(0.0, gt=-100, lt=100)


class SavedScenarioRequest(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    scenario: dict[str, Any]


def _meta(host: str = "kr", overrides: dict | None = None, **extra) -> dict:
    from ..model.catalog import catalog

    return {"data_version": DATA_VERSION, "host": host, "assumptions": catalog(host).assumptions.id,
            "overrides": {k: {str(y): v for y, v in d.items()} for k, d in (overrides or {}).items()}, **extra}


def _clean(obj):
    """JSON-safe: NaN and infinities become null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item"):
        return _clean(obj.item())
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


class Jobs:
    """Monte Carlo runs in the background, with progress to poll."""

    def __init__(self, workers: int = 2, keep: int = 100):
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.jobs: dict[str, dict] = {}
        self.lock = threading.Lock()
        self.keep = keep

    def submit(self, req: SimulationRequest) -> str:
        jid = uuid.uuid4().hex
        with self.lock:
            if len(self.jobs) >= self.keep:
                for k in [k for k, j in self.jobs.items() if j["status"] in ("done", "failed")][: len(self.jobs) - self.keep + 1]:
                    del self.jobs[k]
            self.jobs[jid] = {"status": "queued", "done": 0, "total": req.paths}

        def progress(done: int, total: int) -> None:
            self.jobs[jid].update(done=done, total=total, status="running")

        def work() -> None:
            try:
                sim = api.simulate(req.target, paths=req.paths, seed=req.seed, model=req.model, host=req.host,
                                   overrides=req.overrides or None, quantiles=req.quantiles, progress=progress)
                probs = [{"year": y, "amount": a, "probability": sim.prob_above(y, a)} for y, a in req.prob_above]
                self.jobs[jid].update(status="done", done=sim.paths, result=_clean({
                    "meta": {**_meta(req.host, req.overrides), **sim.meta()},
                    "by_year": records(sim.by_year()), "term": records(sim.term()), "probabilities": probs}))
            except BurdenshareError as exc:
                self.jobs[jid].update(status="failed", error=str(exc))
            except Exception:  # noqa: BLE001 - reported without internals
                self.jobs[jid].update(status="failed", error="internal error")

        self.pool.submit(work)
        return jid


@lru_cache(maxsize=512)
def _cached(kind: str, key: str) -> dict:
    """Responses that depend only on the request and the bundled data (static within a process)."""
    import json

    from ..analysis.scenarios import totals

    req = json.loads(key)
    ov = {k: {int(y): v for y, v in d.items()} for k, d in req.get("overrides", {}).items()} or None
    if kind == "schedule":
        df = api.schedule(req["agreement"], host=req["host"], overrides=ov, real_base=req.get("real_base"))
        return _clean({"meta": _meta(req["host"], req.get("overrides"), agreement=df.attrs.get("agreement")), "rows": records(df)})
    if kind == "compare":
        long = api.compare(req["baseline"], req["scenarios"], host=req["host"], overrides=ov)
        return _clean({"meta": _meta(req["host"], req.get("overrides"), titles=long.attrs.get("titles")),
                       "rows": records(long), "totals": records(totals(long))})
    if kind == "history":
        df = api.history(host=req["host"], real_base=req.get("real_base"))
        return _clean({"meta": _meta(req["host"], real_base_year=df.attrs.get("real_base_year")), "rows": records(df)})
    raise ValueError(kind)


def _key(model: BaseModel | dict) -> str:
    import json

    d = model.model_dump() if isinstance(model, BaseModel) else model
    return json.dumps(d, sort_keys=True, default=str)


def create_app(database_url: str | None = None) -> FastAPI:
    store = Store(database_url)
    jobs = Jobs()
    app = FastAPI(title="burdenshare", version="0.1.0",
                  description="An open, auditable model of defence cost-sharing between allies. JSON API under /api/v1.")
    app.state.store = store
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static/app", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_BODY):
            return JSONResponse({"error": f"request body larger than {MAX_BODY} bytes", "where": "body"}, status_code=413)
        return await call_next(request)

    @app.exception_handler(BurdenshareError)
    async def _bad(request: Request, exc: BurdenshareError):
        status = 400
        if isinstance(exc, rooms.AuthError):
            status = 403
        elif isinstance(exc, (UnknownNameError, rooms.NotFound)):
            status = 404
        elif isinstance(exc, rooms.Conflict):
            status = 409
        return JSONResponse({"error": getattr(exc, "detail", str(exc)), "where": getattr(exc, "where", None)}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errs = exc.errors()
        first = errs[0] if errs else {}
        return JSONResponse({"error": first.get("msg", "invalid request"), "where": ".".join(map(str, first.get("loc", ()))),
                             "problems": len(errs)}, status_code=422)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        return JSONResponse({"error": "internal error"}, status_code=500)

    # ---- the API -------------------------------------------------------------------------
    @app.get("/api/v1/agreements")
    def agreements(host: str = Query("kr", max_length=16)):
        return {"meta": _meta(host), "rows": records(api.agreements(host=host))}

    @app.get("/api/v1/series")
    def series_list(host: str = Query("kr", max_length=16)):
        return _clean({"meta": _meta(host), "rows": records(api.series(host=host))})

    @app.get("/api/v1/series/{name}")
    def series(name: str, host: str = Query("kr", max_length=16)):
        return _clean({"meta": _meta(host), "rows": records(api.series(name, host=host))})

    @app.get("/api/v1/sources")
    def sources(host: str = Query("kr", max_length=16)):
        return {"meta": _meta(host), "rows": records(api.sources(host=host))}

    @app.get("/api/v1/scenarios")
    def scenarios(host: str = Query("kr", max_length=16)):
        return {"meta": _meta(host), "rows": records(api.scenarios(host=host))}

    @app.get("/api/v1/history")
    def history(host: str = Query("kr", max_length=16), real_base: int | None = Query(None, ge=1990, le=2100)):
        return _cached("history", _key({"host": host, "real_base": real_base}))

    @app.post("/api/v1/schedule")
    def schedule(req: ScheduleRequest):
        return _cached("schedule", _key(req))

    def _download_overrides(raw: str | None) -> dict | None:
        import json

        if not raw:
            return None
        try:
            data = json.loads(raw)
            return {str(k): {int(y): float(v) for y, v in d.items()} for k, d in data.items()}
        except (ValueError, TypeError, AttributeError):
            raise InputError("overrides must be JSON such as {\"cpi\": {\"2027\": 3.1}}", where="overrides") from None

    @app.get("/api/v1/schedule/{agreement}.csv")
    def schedule_csv(agreement: str, host: str = Query("kr", max_length=16), overrides: str | None = Query(None, max_length=2000)):
        df = api.schedule(agreement, host=host, overrides=_download_overrides(overrides))
        return Response(df.to_csv(index=False), media_type="text/csv",
                        headers={"content-disposition": f'attachment; filename="{agreement}.csv"'})

    @app.get("/api/v1/schedule/{agreement}.xlsx")
    def schedule_xlsx(agreement: str, host: str = Query("kr", max_length=16), overrides: str | None = Query(None, max_length=2000)):
        import io

        df = api.schedule(agreement, host=host, overrides=_download_overrides(overrides))
        buf = io.BytesIO()
        df.to_excel(buf, index=False, sheet_name=agreement[:31])
        return Response(buf.getvalue(), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"content-disposition": f'attachment; filename="{agreement}.xlsx"'})

    @app.post("/api/v1/compare")
    def compare(req: CompareRequest):
        return _cached("compare", _key(req))

    @app.post("/api/v1/simulations", status_code=202)
    def simulate(req: SimulationRequest):
        from ..analysis.uncertainty.summary import check_quantiles

        check_quantiles(req.quantiles)
        return {"job": jobs.submit(req)}

    @app.get("/api/v1/simulations/{job}")
    def simulation(job: str):
        j = jobs.jobs.get(job)
        if j is None:
            raise rooms.NotFound(f"no simulation job '{job[:40]}'", where="job")
        return j

    @app.get("/api/v1/hosts")
    def hosts():
        return _clean({"meta": _meta(), "rows": records(api.hosts())})

    @app.get("/api/v1/negotiations")
    def cases(host: str = Query("kr", max_length=16)):
        return {"meta": _meta(host), "rows": records(api.negotiation_cases(host=host))}

    @app.get("/api/v1/negotiations/{case}")
    def case(case: str, host: str = Query("kr", max_length=16)):
        sp = api.negotiation_space(case, host=host)
        gap, fc = api.negotiation_gap(case, host=host)
        return _clean({"meta": _meta(host), "case": sp.case.model_dump(mode="json", exclude={"parties"}),
                       "offers": records(api.negotiation_offers(case, host=host)), "gap": records(gap), "forecast": fc})

    @app.post("/api/v1/negotiations/{case}/value")
    def value(case: str, req: ValueRequest, host: str = Query("kr", max_length=16)):
        return _clean({"meta": _meta(host), **api.negotiation_value(case, req.package, host=host)})

    @app.get("/api/v1/negotiations/{case}/frontier")
    def frontier(case: str, host: str = Query("kr", max_length=16), limit: int = Query(500, ge=1, le=10_000)):
        df = api.negotiation_frontier(case, host=host)
        return _clean({"meta": _meta(host, packages=df.attrs["packages"]), "rows": records(df.head(limit))})

    @app.get("/api/v1/negotiations/{case}/solutions")
    def solutions(case: str, host: str = Query("kr", max_length=16)):
        df = api.negotiation_solutions(case, host=host)
        return _clean({"meta": _meta(host, **df.attrs), "rows": records(df)})

    # ---- saved scenarios ------------------------------------------------------------------
    @app.post("/api/v1/saved-scenarios", status_code=201)
    def save_scenario(req: SavedScenarioRequest):
        from ..analysis.scenarios import Scenario
        from ..model.catalog import catalog
        from ..store.models import SavedScenario

        try:
            sc = Scenario.model_validate(req.scenario)
        except Exception as exc:  # pydantic ValidationError
            raise InputError(str(exc).splitlines()[0], where="scenario") from None
        catalog(sc.host).agreement(sc.baseline)
        with store.session() as s:
            row = SavedScenario(host=sc.host, name=req.name, baseline=sc.baseline, body=sc.model_dump(mode="json"))
            s.add(row)
            s.flush()
            return {"id": row.id, "name": row.name}

    @app.get("/api/v1/saved-scenarios")
    def saved_scenarios():
        from sqlalchemy import select

        from ..store.models import SavedScenario

        with store.session() as s:
            return {"rows": [{"id": r.id, "name": r.name, "host": r.host, "baseline": r.baseline, "scenario": r.body}
                             for r in s.scalars(select(SavedScenario).order_by(SavedScenario.id))]}

    # ---- negotiation rooms -------------------------------------------------------------------
    @app.post("/api/v1/rooms", status_code=201)
    def new_room(req: RoomRequest):
        return rooms.create_room(store, req.case, req.host)

    @app.get("/api/v1/rooms/{room}")
    def room_view(room: str, x_token: str | None = Header(None, max_length=200)):
        return _clean(rooms.view(store, rooms.authorize(store, room, x_token)))

    @app.put("/api/v1/rooms/{room}/parties/{party}/preferences")
    def put_prefs(room: str, party: str, req: PreferencesRequest, x_token: str | None = Header(None, max_length=200)):
        return rooms.set_preferences(store, rooms.authorize(store, room, x_token), party, req.model_dump())

    @app.get("/api/v1/rooms/{room}/parties/{party}/preferences")
    def get_prefs(room: str, party: str, x_token: str | None = Header(None, max_length=200)):
        return {"party": party, "preferences": rooms.get_preferences(store, rooms.authorize(store, room, x_token), party)}

    @app.post("/api/v1/rooms/{room}/offers", status_code=201)
    def offer(room: str, req: OfferRequest, x_token: str | None = Header(None, max_length=200)):
        return _clean(rooms.add_offer(store, rooms.authorize(store, room, x_token), req.package, req.round, req.note))

    # ---- pages -------------------------------------------------------------------------------
    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js():
        import plotly

        # served from the installed plotly package: no CDN, nothing copied into the repository
        return FileResponse(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", media_type="text/javascript")

    def page(name: str, request: Request, **ctx):
        return templates.TemplateResponse(request, f"{name}.html", {"page": name, "data_version": DATA_VERSION, **ctx})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request):
        return page("history", request)

    def page_route(name: str):
        def route(request: Request):
            return page(name, request)

        return route

    for name in ("calculator", "compare", "uncertainty", "negotiation", "hosts"):
        app.add_api_route(f"/{name}", page_route(name), methods=["GET"], response_class=HTMLResponse, include_in_schema=False)

    @app.get("/room/{room}", response_class=HTMLResponse, include_in_schema=False)
    def room_page(request: Request, room: str):
        return page("room", request, room=room)

    return app


def app_from_env() -> FastAPI:
    """The app factory for several server processes (they read the database URL from the env)."""
    return create_app(os.environ.get("BURDENSHARE_DATABASE_URL"))


def serve(host: str = "127.0.0.1", port: int = 8000, database_url: str | None = None, workers: int = 1) -> None:
    import uvicorn

    if workers > 1:
        create_app(database_url)  # migrate once before the workers start
        os.environ["BURDENSHARE_DATABASE_URL"] = database_url or ""
        uvicorn.run("burdenshare.web.app:app_from_env", factory=True, host=host, port=port, workers=workers, log_level="warning")
    else:
        uvicorn.run(create_app(database_url), host=host, port=port, log_level="warning")
