"""Where a route's work runs (web/cache.py `answer`): kept answers and small, bounded work on the
event loop; work that grows with the request in the thread pool; the same bytes either way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from burdenshare.web import cache
from burdenshare.web.app import create_app
from burdenshare.web.routes import figures as routes

DOC = {"id": "mine", "title": "Mine", "host": "kr", "parties": ["A", "B"], "currency": "KRW", "term": {"start": 2031, "end": 2032},
       "follows": "sma-12", "years": [{"years": "2031-2032", "rule": "change", "pct": 2.0}]}


@pytest.fixture
def client(tmp_path):
    # (where work runs does not depend on the database: SQLite only)
    with TestClient(create_app(f"sqlite:///{tmp_path / 'dispatch.db'}"), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def hops(monkeypatch) -> list[Callable[[], Any]]:
    """The work handed to the thread pool, recorded (and still done there)."""
    seen: list[Callable[[], Any]] = []
    real = cache.run_in_threadpool

    async def counted(func: Callable[[], Any]) -> Any:
        seen.append(func)
        return await real(func)

    monkeypatch.setattr(cache, "run_in_threadpool", counted)
    return seen


def test_a_bundled_schedule_with_a_new_assumption_is_computed_on_the_event_loop(client, hops):
    r = client.post("/api/v1/schedule", json={"agreement": "sma-12", "overrides": {"cpi": {"2026": 2.3456}}})
    assert r.status_code == 200 and {row["year"] for row in r.json()["rows"]} == set(range(2026, 2031))
    assert hops == []


def test_work_that_grows_with_the_request_goes_to_the_thread_pool(client, hops):
    r = client.post("/api/v1/schedule", json={"agreement": DOC, "overrides": {"cpi": {"2026": 2.3457}}})
    assert r.status_code == 200 and len(hops) == 1
    r = client.get("/api/v1/history", params={"overrides": '{"cpi": {"2026": 2.3458}}'})
    assert r.status_code == 200 and len(hops) == 2


def test_a_schedule_is_small_work_only_for_a_bundled_agreement_and_a_few_values():
    from burdenshare.ops.figures import ScheduleRequest

    def req(agreement: object, values: int) -> ScheduleRequest:
        return ScheduleRequest.model_validate({"agreement": agreement, "overrides": {"cpi": {str(2000 + i): 2.0 for i in range(values)}}})

    assert routes._small(req("sma-12", 0)) and routes._small(req("sma-12", routes.SMALL_OVERRIDES))
    assert not routes._small(req("sma-12", routes.SMALL_OVERRIDES + 1))
    assert not routes._small(req(DOC, 1))


def test_a_kept_answer_is_sent_from_the_event_loop(client, hops):
    first = client.post("/api/v1/compare", json={"baseline": "sma-12", "scenarios": ["freeze-2025"], "overrides": {"cpi": {"2026": 2.3459}}})
    assert first.status_code == 200 and len(hops) == 1  # a comparison: in the pool, once
    again = client.post("/api/v1/compare", json={"baseline": "sma-12", "scenarios": ["freeze-2025"], "overrides": {"cpi": {"2026": 2.3459}}})
    assert again.content == first.content and len(hops) == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_same_bytes_wherever_the_work_runs(client, hops, monkeypatch, lang):
    body = {"agreement": "sma-12", "overrides": {"cpi": {"2026": 4.0 + (lang == "ko") / 100}}}
    on_loop = client.post(f"/api/v1/schedule?lang={lang}", json=body)
    assert on_loop.status_code == 200 and hops == []
    cache._cache.clear()
    monkeypatch.setattr(routes, "_small", lambda req: False)
    in_pool = client.post(f"/api/v1/schedule?lang={lang}", json=body)
    assert len(hops) == 1 and in_pool.content == on_loop.content
    assert in_pool.headers["content-language"] == lang


def test_an_error_in_work_on_the_event_loop_is_a_clear_4xx(client, hops):
    r = client.post("/api/v1/schedule", json={"agreement": "sma-12", "overrides": {"no-such-series": {"2026": 1.0}}})
    assert r.status_code in (404, 422) and "no-such-series" in r.json()["error"] and hops == []
    assert client.get("/api/v1/scenarios").status_code == 200  # the loop goes on serving
