"""Property-based fuzzing of the API from its own OpenAPI schema (schemathesis): no 5xx."""

import schemathesis
from hypothesis import HealthCheck, settings

from burdenshare.web.app import create_app

import tempfile
from pathlib import Path

app = create_app(f"sqlite:///{Path(tempfile.mkdtemp()) / 'fuzz.db'}")
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.include(method=["GET", "POST", "PUT"]).exclude(path_regex="simulations").parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
