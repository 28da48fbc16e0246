"""What handling a terminal's upload needs, handed from the routes (or the CLI) to the work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from attendance.ledger import Ledger
from attendance.vault import Vault
from config.terminals import TerminalSettings


@dataclass(frozen=True, slots=True)
class TerminalContext:
    """The ledger, the vault, the terminal settings and how long terminal photos are kept."""

    ledger: Ledger
    vault: Vault
    settings: TerminalSettings
    photo_retention: dt.timedelta

    @property
    def district_timezone(self) -> str:
        """Return the district's zone, used when neither terminal nor village names one."""
        return self.ledger.district.timezone
