"""Which step may follow which (DOMAIN.md §1, seed 004's journey).

received → acknowledged → assigned → under study → answered → closed, where
steps may be skipped forward (an inquiry answered on the spot goes straight
to answered); reassigning is allowed while open; answered, closed and
cancelled items can be reopened, which sends them back to study; cancelling
needs a reason and is possible from any open or answered state.
"""

from __future__ import annotations

from app.complaints.vocab import OPEN_STATUSES

_FORWARD = ("received", "acknowledged", "assigned", "under_study", "answered", "closed")
REOPEN_TO = "under_study"
# A pseudo-target for the command line and the buttons: back to study.
REOPEN = "reopen"

MOVES: dict[str, tuple[str, ...]] = {
    "received": ("acknowledged", "assigned", "under_study", "answered", "cancelled"),
    "acknowledged": ("assigned", "under_study", "answered", "cancelled"),
    "assigned": ("assigned", "under_study", "answered", "cancelled"),
    "under_study": ("assigned", "answered", "cancelled"),
    "answered": ("closed", REOPEN, "cancelled"),
    "closed": (REOPEN,),
    "cancelled": (REOPEN,),
}


def allowed_moves(status: str) -> tuple[str, ...]:
    return MOVES.get(status, ())


def can_move(status: str, target: str) -> bool:
    return target in allowed_moves(status)


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


__all__ = ["MOVES", "REOPEN", "REOPEN_TO", "allowed_moves", "can_move", "is_open"]
