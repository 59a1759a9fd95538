"""Negotiation rooms: two parties and a facilitator, each with a secret link.

Privacy model (see docs/privacy.md): a party sees the case, every offer made in the room with its
payments (public figures from the engine), the gap between the latest offers, whether each party
has entered preferences, and its own preferences and what is computed from them alone (its own
utility of each offer). It never sees anything computed from another party's private inputs
(preferences, reservation, blind bids), except what the model releases:

- after a deal, the post-settlement proposals: packages that both parties prefer to the deal, or
  (marked weak) that one prefers and the other values equally (computed from both preferences; a
  party learns that the other does not lose by them, and for a weak one which side gains, nothing
  more; they are listed by their payments, a public order), and whether one was adopted;
- in blind bidding, per closed round only whether the bids overlap (and the rounds left), and
  when they overlap the deal set by the room's rule.

The facilitator sees everything. Without a valid token nothing is shown, and the answer does not
say whether the room exists. A party's preferences are validated in full when that party saves
them (the error goes to that party only), so that nothing one party enters can break the room
for the others; they are locked once there is a deal (the proposals are computed from them).

Every change is appended with a compare-and-set on the room's version after the rules are checked
against the state read at that version; when another change came first, the state is read again
and the rules checked again (two parties accepting at once make one deal). That counter is the
room's, never shown to a party: each view carries its own version (a digest of what its holder
sees), so a party cannot tell that or when the other bid blind or answered a proposal.

The modules, one concern each: :mod:`.models` (requests and answers), :mod:`.access` (who holds a
link), :mod:`.space` (the case's space and its caches), :mod:`.state` (the pure fold of the events),
:mod:`.commands` (what the holders do), :mod:`.preferences` (a party's private inputs),
:mod:`.shown` (packages in words and money), :mod:`.view` (a party's view) and
:mod:`.facilitator` (what only the facilitator sees).
"""

from __future__ import annotations

# the package's names are its modules' own (each module's __all__), listed once, there
from . import (
    access as _access,
    commands as _commands,
    facilitator as _facilitator,
    models as _models,
    preferences as _preferences,
    shown as _shown,
    space as _space,
    state as _state,
    view as _view,
)
from .access import *  # noqa: F403
from .commands import *  # noqa: F403
from .facilitator import *  # noqa: F403
from .models import *  # noqa: F403
from .preferences import *  # noqa: F403
from .shown import *  # noqa: F403
from .space import *  # noqa: F403
from .state import *  # noqa: F403
from .view import *  # noqa: F403

__all__: list[str] = []
__all__ += _access.__all__
__all__ += _commands.__all__
__all__ += _facilitator.__all__
__all__ += _models.__all__
__all__ += _preferences.__all__
__all__ += _shown.__all__
__all__ += _space.__all__
__all__ += _state.__all__
__all__ += _view.__all__
