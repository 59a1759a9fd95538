"""Tables of saved work. Party tokens are stored only as SHA-256 hashes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class SavedScenario(Base):
    __tablename__ = "saved_scenarios"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    baseline: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)  # the validated scenario document
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    key: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)  # the unguessable id in links
    edit_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)  # SHA-256 of the edit token
    listed: Mapped[bool] = mapped_column(Boolean, default=False)  # shown in the public list


class Room(Base):
    __tablename__ = "rooms"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64))
    host: Mapped[str] = mapped_column(String(16))
    facilitator_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    kind: Mapped[str] = mapped_column(String(16), default="room")  # "room" (two parties) or "practice" (against an agent)
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # set when the room is opened (blind bidding, the agent)


class RoomParty(Base):
    __tablename__ = "room_parties"
    __table_args__ = (UniqueConstraint("room_id", "party"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[str] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    party: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    preferences: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # private to the party


class RoomOffer(Base):
    __tablename__ = "room_offers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[str] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    party: Mapped[str] = mapped_column(String(32))
    round: Mapped[int] = mapped_column(Integer)
    package: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class RoomEvent(Base):
    """What happens in a room besides offers: an offer accepted, a blind bid, an answer to a
    post-settlement proposal, a party leaving."""

    __tablename__ = "room_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[str] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    round: Mapped[int | None] = mapped_column(Integer, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # private to the room: a bid never leaves the server
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Job(Base):
    """Long work (a Monte Carlo run, a tournament) queued, run by any server process, polled by any."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    client: Mapped[str] = mapped_column(String(64), index=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(16), index=True)  # queued, running, done, failed
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    done: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    worker: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    started: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    heartbeat: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # a running job's worker holds it until then
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # times a worker took it (a job handed back does not count)


class StoreLock(Base):
    """A named lock (SQLite: a write to this table takes the database's write lock; see store.db.serialize)."""

    __tablename__ = "store_locks"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)


class RateEvent(Base):
    """One use of a rate-limited action by a client (creating a room, saving a scenario)."""

    __tablename__ = "rate_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
