"""A clock that tests set and move, for time-travel tests of the ledger and the scheduler."""

from __future__ import annotations

import datetime as dt


class TravellingClock:
    """A clock tests set and move; the ledger reads the time from it."""

    def __init__(self, start: dt.datetime) -> None:
        self.current = start

    def __call__(self) -> dt.datetime:
        return self.current

    def set(self, instant: dt.datetime) -> None:
        """Jump to `instant`."""
        self.current = instant

    def advance(self, **delta: float) -> None:
        """Move forward by a timedelta given as keyword arguments."""
        self.current += dt.timedelta(**delta)
