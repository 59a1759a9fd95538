"""Property-based fuzzing of the API from its own OpenAPI schema (schemathesis, every check): no
server error, no status code or content type the schema does not document, answers that match it:
every success body too (``response_schema_conformance``), since every route declares its 2xx schema
(tests/test_openapi_schemas.py keeps that so).

One check is left out: that every schema-valid request is accepted. A schema cannot say every rule
of the domain (a year outside an agreement's term, an override the computation does not read), and
those requests are refused with a documented 400 that names the field."""

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from burdenshare.web.app import create_app

app = create_app(f"sqlite:///{Path(tempfile.mkdtemp()) / 'fuzz.db'}", jobs=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.include(method=["GET", "POST", "PUT", "DELETE"]).parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_keeps_to_its_schema(case):
    from schemathesis.checks import positive_data_acceptance, response_schema_conformance

    # every check, and the success bodies' conformance named so that it cannot be left out unseen
    case.call_and_validate(additional_checks=[response_schema_conformance], excluded_checks=[positive_data_acceptance])
