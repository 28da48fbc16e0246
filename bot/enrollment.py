"""Face enrollment by chat: three selfies, each checked at once, then stored as templates.

Each photo goes through the quality gate as it arrives, so the person learns straight away what
to fix (light, distance, one face only). Once three good photos are in, the engine checks they
show the same person and the templates are stored sealed, replacing any earlier ones. Photos are
held in memory for the conversation only and never stored.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from attendance.face_templates import TemplateRecord, replace_templates
from bot import texts
from bot.guard import sender_person
from bot.keyboard import main_menu
from bot.photo import download_photo, photo_problem
from bot.services import services_of
from recognition.errors import RecognitionError
from recognition.messages import hint_for

logger = logging.getLogger(__name__)

COLLECT = 0
PHOTOS_NEEDED = 3
PHOTOS_KEY = "enrollment.photos"

ASK_FIRST = (
    "Pendaftaran wajah: kirim 3 swafoto, satu per satu, langsung dari kamera.\n"
    "Tips: wajah menghadap kamera, cahaya cukup, tanpa masker atau kacamata hitam, hanya satu "
    "wajah di foto. Kirim /batal untuk membatalkan."
)
ENGINE_OFF = "Maaf, pemeriksaan wajah sedang tidak tersedia. Coba lagi nanti."


async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Start collecting enrollment photos."""
    message = update.effective_message
    if message is None:
        return ConversationHandler.END
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(texts.PRIVATE_ONLY)
        return ConversationHandler.END
    if await sender_person(update) is None:
        await message.reply_text(texts.NOT_REGISTERED)
        return ConversationHandler.END
    if services_of(context).faces is None:
        await message.reply_text(ENGINE_OFF)
        return ConversationHandler.END

    _photos(context).clear()
    await message.reply_text(ASK_FIRST)
    return COLLECT


async def collect(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Check one photo; after the third, enroll."""
    message = update.effective_message
    person = await sender_person(update)
    services = services_of(context)
    if message is None or person is None or services.faces is None:
        return ConversationHandler.END

    problem = photo_problem(message, services.ledger.now(), services.settings)
    if problem is not None:
        await message.reply_text(problem)
        return COLLECT

    data = await download_photo(message)
    try:
        await services.faces.capture(data)
    except RecognitionError as err:
        logger.info("Enrollment photo of person %s refused: %s", person.id, err.code)
        await message.reply_text(
            f"{hint_for(err)}\nKirim ulang foto ke-{len(_photos(context)) + 1}."
        )
        return COLLECT

    photos = _photos(context)
    photos.append(data)
    if len(photos) < PHOTOS_NEEDED:
        await message.reply_text(f"Foto ke-{len(photos)} bagus. Kirim foto ke-{len(photos) + 1}.")
        return COLLECT

    return await _enroll(message, person.id, context)


async def _enroll(message: Message, person_id: int, context: ContextTypes.DEFAULT_TYPE) -> int:
    services = services_of(context)
    assert services.faces is not None
    photos = _photos(context)
    try:
        templates = await services.faces.enroll(list(photos))
    except RecognitionError as err:
        photos.clear()
        logger.info("Enrollment of person %s refused: %s", person_id, err.code)
        await message.reply_text(f"{hint_for(err)}\nUlangi dari awal: kirim foto ke-1.")
        return COLLECT

    records = [
        TemplateRecord(t.engine, t.model_version, t.to_bytes(), {"photo": index + 1})
        for index, t in enumerate(templates)
    ]
    await replace_templates(person_id, records, services.vault, f"telegram:{message.chat.id}")
    photos.clear()
    logger.info("Person %s enrolled with %s templates", person_id, len(records))
    await message.reply_text(
        "Wajah Anda berhasil didaftarkan. Sekarang Anda bisa Absen Masuk dan Absen Pulang.",
        reply_markup=main_menu(),
    )
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Stop the enrollment and forget the photos."""
    _photos(context).clear()
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            "Pendaftaran wajah dibatalkan.", reply_markup=main_menu()
        )
    return ConversationHandler.END


async def not_a_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Explain that a photo is expected."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            "Kirim swafoto sebagai foto (bukan file), atau /batal untuk membatalkan."
        )
    return COLLECT


def _photos(context: ContextTypes.DEFAULT_TYPE) -> list[bytes]:
    user_data: dict[str, Any] = context.user_data  # type: ignore[assignment]
    photos: list[bytes] = user_data.setdefault(PHOTOS_KEY, [])
    return photos


def enrollment_handler() -> BaseHandler[Update, Any, Any]:
    """Return the conversation handler of /daftarwajah."""
    return ConversationHandler(
        entry_points=[CommandHandler("daftarwajah", begin)],
        states={
            COLLECT: [
                MessageHandler(
                    (filters.PHOTO | filters.Document.IMAGE) & filters.UpdateType.MESSAGE, collect
                ),
                MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, not_a_photo),
            ]
        },
        fallbacks=[
            CommandHandler("batal", cancel),
            MessageHandler(filters.Text([texts.BUTTON_CANCEL]), cancel),
        ],
        name="enrollment",
        conversation_timeout=15 * 60,
    )
