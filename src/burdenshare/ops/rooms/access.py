"""Who holds a link: the access a token gives to a room (the facilitator or a party), checked once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...errors import AuthError
from ...i18n import _
from ...store import rooms as rows
from ...store.db import Store

__all__ = ["Access", "authorize", "party_of"]

FACILITATOR = "facilitator"


@dataclass(frozen=True)
class Access:
    room: rows.RoomRow
    role: str  # "facilitator" or a party id

    @property
    def facilitator(self) -> bool:
        return self.role == FACILITATOR


def authorize(store: Store, room_id: str, token: str | None, kind: Literal["room", "practice"] = "room") -> Access:
    """The access a token gives to a room of that kind; the same error for no token, a wrong token,
    a room of the other kind and a room that does not exist (no oracle on room ids)."""
    if not token or len(token) > 200 or not isinstance(room_id, str) or len(room_id) > 64:
        raise AuthError(_("a valid token is required"), where="token")
    found = rows.role_of(store, room_id, token)
    if found is None or found[0].kind != kind:
        raise AuthError(_("a valid token is required"), where="token")
    return Access(*found)


def party_of(access: Access) -> str:
    """The party acting (a command a party makes with its own link, never the facilitator's)."""
    if access.facilitator:
        raise AuthError(_("this is done by a party, with that party's link"), where="token")
    return access.role
