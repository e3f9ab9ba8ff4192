"""Hybrid logical clock (Kulkarni et al.): wall time in ms, a counter, the site.

Stamps are strings that sort in clock order (``0001732300000000.0000.JED``), so
"the highest clock wins" is a plain string comparison in SQL and in Python,
and ties between sites break deterministically on the site code.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    site: str

    def encode(self) -> str:
        return f"{self.wall_ms:016d}.{self.counter:04d}.{self.site}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        wall, counter, site = text.split(".", 2)
        return cls(int(wall), int(counter), site)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def tick(last: Stamp | None, site: str, wall_ms: int | None = None) -> Stamp:
    """The next local stamp: never earlier than ``last`` even if the wall clock went back."""
    wall = now_ms() if wall_ms is None else wall_ms
    if last is None or wall > last.wall_ms:
        return Stamp(wall, 0, site)
    return Stamp(last.wall_ms, last.counter + 1, site)


def receive(last: Stamp | None, remote: Stamp, site: str, wall_ms: int | None = None) -> Stamp:
    """The local stamp after seeing ``remote``: moves forward past both clocks."""
    wall = now_ms() if wall_ms is None else wall_ms
    last_wall = -1 if last is None else last.wall_ms
    top = max(wall, last_wall, remote.wall_ms)
    if top == last_wall == remote.wall_ms and last is not None:
        counter = max(last.counter, remote.counter) + 1
    elif last is not None and top == last_wall:
        counter = last.counter + 1
    elif top == remote.wall_ms:
        counter = remote.counter + 1
    else:
        counter = 0
    return Stamp(top, counter, site)
