"""Registration by chat: `/start KODE` binds the Telegram account to a person."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from attendance.models import FaceTemplate, Village
from attendance.registration import RegistrationError, redeem_code
from bot import texts
from bot.guard import CHANNEL, sender_person
from bot.keyboard import main_menu
from bot.services import services_of

logger = logging.getLogger(__name__)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Register with a code, or greet someone already registered."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(texts.PRIVATE_ONLY)
        return

    person = await sender_person(update)
    if not context.args:
        if person is None:
            await message.reply_text(texts.START_NEEDS_CODE)
        else:
            await message.reply_text(texts.HELP, reply_markup=main_menu())
        return

    now = services_of(context).ledger.now()
    try:
        person = await redeem_code(context.args[0], CHANNEL, str(user.id), now)
    except RegistrationError as err:
        logger.info("Registration refused for user %s: %s", user.id, err.reason)
        await message.reply_text(texts.REGISTRATION_ERRORS[err.reason])
        return

    village = await Village.get(id=person.village_id)
    enrolled = await FaceTemplate.exists(person_id=person.id)
    logger.info("User %s registered as person %s", user.id, person.id)
    await message.reply_text(
        texts.registered(person.name, person.role, f"Desa {village.name}", enrolled),
        reply_markup=main_menu(),
    )
