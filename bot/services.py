"""What the bot's handlers share: settings, the ledger, the vault and the face service.

Built once by the process and stored in the application's ``bot_data``; handlers reach it with
:func:`services_of`, never through globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import CallbackContext

from attendance.ledger import Ledger
from attendance.vault import Vault
from config.settings import Settings
from recognition.service import FaceService

SERVICES_KEY = "sregep.services"


@dataclass(frozen=True, slots=True)
class BotServices:
    """The service objects a handler may use."""

    settings: Settings
    ledger: Ledger
    vault: Vault
    faces: FaceService | None


def services_of(context: CallbackContext[Any, Any, Any, Any]) -> BotServices:
    """Return the services stored in the application's bot_data."""
    services = context.application.bot_data.get(SERVICES_KEY)
    if not isinstance(services, BotServices):
        msg = "Bot services are missing from bot_data. Build the bot with build_application()."
        raise RuntimeError(msg)
    return services
