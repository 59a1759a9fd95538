"""Every success the API answers is described in /openapi.json (issue 20): each 2xx response of each
operation names its body's schema, for every media type it may be sent in; and the answers the
routes give match the models they declare."""

import tempfile
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from burdenshare.web.app import create_app


@pytest.fixture(scope="module")
def app():
    return create_app(f"sqlite:///{Path(tempfile.mkdtemp()) / 'schemas.db'}", jobs=False)


def test_every_success_has_a_schema(app):
    doc = TestClient(app).get("/openapi.json").json()
    missing, seen = [], 0
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            for code, response in op.get("responses", {}).items():
                if not str(code).startswith("2"):
                    continue
                seen += 1
                content = response.get("content") or {}
                if not content:
                    missing.append(f"{method.upper()} {path} {code}: no content")
                missing += [f"{method.upper()} {path} {code} {media}: no schema" for media, body in content.items() if not body.get("schema")]
    assert seen > 40  # the walk found the API's operations
    assert not missing, "\n".join(missing)


def test_a_success_without_a_schema_is_found(app):
    """The walk above is real: a route declared without a response model is reported."""
    from fastapi import FastAPI

    bare = FastAPI()

    @bare.get("/api/v1/bare")
    def bare_route():
        return {"a": 1}

    ok = bare.openapi()["paths"]["/api/v1/bare"]["get"]["responses"]["200"]["content"]["application/json"]
    assert not ok.get("schema")


def _plain_gets(app):
    """The API's GET routes that need no path parameter, with the model they declare."""
    for route in (r for router in app.state.routers for r in router.routes):
        if (isinstance(route, APIRoute) and route.include_in_schema and "GET" in route.methods and "{" not in route.path
                and route.response_model is not None):
            yield route.path, route.response_model


def test_answers_match_their_models(app):
    """The JSON a route sends validates against the model it declares (the cached answers are sent
    as bytes, never through the model: this is where their shape is checked)."""
    from pydantic import TypeAdapter

    client = TestClient(app)
    checked = []
    for path, model in _plain_gets(app):
        r = client.get(path, params={"year": 2027} if path.endswith("/explain") else None)
        assert r.status_code == 200, (path, r.text[:300])
        TypeAdapter(model).validate_python(r.json())
        checked.append(path)
    assert {"/api/v1/history", "/api/v1/ledger", "/api/v1/limits", "/api/v1/saved-scenarios", "/api/v1/tournaments/latest"} <= set(checked)


def test_posted_answers_match_their_models(app):
    from burdenshare.ops.jobs import JobTicket
    from burdenshare.ops.result import CompareDoc, FindingDoc
    from burdenshare.ops.saved import Deleted, Saved, SavedList, SavedScenario

    client = TestClient(app)
    FindingDoc.model_validate(client.post("/api/v1/schedule", json={"agreement": "sma-12"}).json())
    CompareDoc.model_validate(client.post("/api/v1/compare", json={"baseline": "sma-12", "scenarios": ["us-demand-5bn"]}).json())
    ticket = JobTicket.model_validate(client.post("/api/v1/simulations", json={"target": "sma-12", "paths": 100}).json())
    queued = client.get(f"/api/v1/simulations/{ticket.job}").json()
    assert queued["status"] == "queued" and queued["position"] >= 1 and "result" not in queued and "error" not in queued
    saved = client.post("/api/v1/saved-scenarios", json={"name": "x", "listed": True, "scenario": {
        "id": "mine", "host": "kr", "baseline": "sma-12", "title": "mine",
        "changes": [{"years": "2027-2030", "rule": "change", "pct": 0}]}})
    assert saved.status_code == 201, saved.text
    s = Saved.model_validate(saved.json())
    SavedScenario.model_validate(client.get(f"/api/v1/saved-scenarios/{s.id}").json())
    assert s.id in [r.id for r in SavedList.model_validate(client.get("/api/v1/saved-scenarios").json()).rows]
    gone = client.delete(f"/api/v1/saved-scenarios/{s.id}", headers={"x-token": s.edit_token})
    assert Deleted.model_validate(gone.json()).deleted
