"""Guards that run before every handler: each update is handled once, and who is asking.

Telegram may deliver an update twice (a lost confirmation, a webhook retry); the first handler
group stores every update id and stops a second delivery before any handler sees it. The id is
stored before the update is handled, so a crash mid-way is answered by the error handler rather
than replayed. Update ids count per bot, so they are stored under the bot's id: a new bot token
starts its own count without colliding with the old bot's.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes
from tortoise.exceptions import IntegrityError

from attendance.models import Person, ProcessedUpdate
from attendance.registration import person_for_account

logger = logging.getLogger(__name__)

CHANNEL = "telegram"


async def drop_repeated_update(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop an update that was already handled."""
    if not isinstance(update, Update):
        return
    try:
        await ProcessedUpdate.create(
            channel=f"{CHANNEL}:{context.bot.id}", update_id=update.update_id
        )
    except IntegrityError:
        logger.info("Update %s delivered again; ignored", update.update_id)
        raise ApplicationHandlerStop from None


async def sender_person(update: Update) -> Person | None:
    """Return the registered person who sent `update`, if any."""
    user = update.effective_user
    if user is None:
        return None
    return await person_for_account(CHANNEL, str(user.id))


def user_id_of(update: Update) -> int | None:
    """Return the sender's Telegram id (safe to log: an id, not a name)."""
    return update.effective_user.id if update.effective_user else None


def chat_kind(update: Update) -> Any:
    """Return the chat type of the update, or None."""
    return update.effective_chat.type if update.effective_chat else None
