"""The rooms' and practice sessions' answers are typed: /openapi.json gives every success body of their
routes a schema, and the answers of a played room conform to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from burdenshare.ops import practice, rooms
from burdenshare.web.app import create_app

CASE = "sma-11-talks"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'test.db'}"), raise_server_exceptions=False) as c:
        yield c


def test_every_success_of_a_room_route_has_a_schema(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    routes = {(path, method): op for path, ops in doc["paths"].items() if path.startswith(("/api/v1/rooms", "/api/v1/practice"))
              for method, op in ops.items()}
    assert len(routes) == 16  # 10 room routes, 6 practice routes
    missing = [f"{m.upper()} {p} {code}" for (p, m), op in routes.items() for code, r in op["responses"].items()
               if code.startswith("2") and not r.get("content", {}).get("application/json", {}).get("schema")]
    assert not missing, missing
    view = routes[("/api/v1/rooms/{room}", "get")]["responses"]["200"]["content"]["application/json"]["schema"]
    assert view == {"$ref": "#/components/schemas/RoomView"}
    assert {"version", "offers", "parties"} <= set(doc["components"]["schemas"]["RoomView"]["required"])


def test_a_played_room_answers_as_its_schema_says(client: TestClient) -> None:
    made = client.post("/api/v1/rooms", json={"case": CASE, "blind_bidding": {"rounds": 2}})
    assert made.status_code == 201, made.text
    room = rooms.RoomCreated.model_validate(made.json())
    kr, us = ({"x-token": room.tokens[p]} for p in ("kr", "us"))
    base = f"/api/v1/rooms/{room.room}"
    answers = [
        (rooms.ShownPackage, client.post(f"{base}/describe", headers=kr, json={"package": {"first_year": "1조 5,000억"}})),
        (rooms.OfferMade, client.post(f"{base}/offers", headers=kr, json={"package": {"first_year": "1조 5,000억"}})),
        (rooms.BidSaved, client.post(f"{base}/bids", headers=us, json={"amount": "1조 6,000억"})),
        (rooms.OfferMade, client.post(f"{base}/offers", headers=us, json={"package": {"first_year": "1조 6,000억"}})),
        (rooms.DealMade, client.post(f"{base}/accept", headers=kr, json={"offer": 2})),
        (rooms.PreferencesShown, client.get(f"{base}/parties/kr/preferences", headers=kr)),
    ]
    for model, r in answers:
        assert r.status_code in (200, 201), r.text
        assert set(r.json()) == set(model.model_fields), model  # every field the schema names, nothing more
        model.model_validate(r.json())
    for token in (kr, us, {"x-token": room.tokens["facilitator"]}):
        v = rooms.RoomView.model_validate(client.get(base, headers=token).json())
        assert v.status == "agreed" and len(v.offers) == 2
    assert client.get(base, headers={"x-token": "nonsense"}).status_code == 403
    assert client.post(f"{base}/offers", headers={"x-token": room.tokens["facilitator"]},
                       json={"package": {"first_year": "1조 5,000억"}}).status_code == 403  # a party's act


def test_a_practice_session_answers_as_its_schema_says(client: TestClient) -> None:
    made = client.post("/api/v1/practice", json={"case": CASE, "deadline": 3})
    assert made.status_code == 201, made.text
    s = practice.PracticeCreated.model_validate(made.json())
    student = {"x-token": s.tokens["student"]}
    base = f"/api/v1/practice/{s.room}"
    v = practice.PracticeView.model_validate(client.get(base, headers=student).json())
    assert v.status == "open" and v.rounds_left == 3
    r = client.post(f"{base}/offers", headers=student, json={"package": {"first_year": "1조 7,000억"}})
    assert r.status_code == 201, r.text
    practice.PracticeAnswer.model_validate(r.json())
    assert practice.PracticeLeft.model_validate(client.post(f"{base}/leave", headers=student).json()).left
    assert client.get(f"/api/v1/rooms/{s.room}", headers=student).status_code == 403  # a session is not a room
