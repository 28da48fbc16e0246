"""The Telegram side of the process: building the python-telegram-bot Application and running it.

The bot runs inside the service's event loop, beside the aiohttp server. In polling mode its
updater long-polls Telegram; in webhook mode Telegram posts to ``/telegram/webhook`` on our own
server, which checks the secret-token header before handing the update over.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from config.settings import Settings

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name

HELP_TEXT = (
    "Si-Sregep: absensi Kepala Desa dan perangkat desa.\n"
    "• /start KODE — hubungkan akun Telegram Anda dengan kode dari kecamatan.\n"
    "• /bantuan — tampilkan bantuan ini."
)

BotApplication = Application[Any, Any, Any, Any, Any, Any]


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /bantuan and /start with what the bot does."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(HELP_TEXT)


def build_application(settings: Settings) -> BotApplication | None:
    """Build the bot application, or return None when no token is configured."""
    telegram = settings.telegram
    if telegram.token is None:
        return None

    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = ApplicationBuilder().token(
        telegram.token.get_secret_value()
    )
    if telegram.base_url:
        builder = builder.base_url(telegram.base_url)
    if telegram.base_file_url:
        builder = builder.base_file_url(telegram.base_file_url)
    if telegram.mode == "webhook":
        builder = builder.updater(None)

    application = builder.build()
    application.add_handler(CommandHandler(["start", "bantuan", "help"], help_command))
    return application


def add_webhook_route(app: web.Application, bot: BotApplication, secret: str) -> None:
    """Route Telegram's webhook posts into the bot after checking the secret token."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            logger.warning("Webhook post refused: secret token header missing or wrong")
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), bot.bot)
        except (ValueError, KeyError, TypeError, AttributeError):
            logger.warning("Webhook post refused: body is not a Telegram update")
            return web.Response(status=400, text="Body is not a Telegram update.")
        await bot.update_queue.put(update)
        return web.Response()

    app.router.add_post(WEBHOOK_PATH, receive)


@asynccontextmanager
async def running_bot(bot: BotApplication, settings: Settings) -> AsyncIterator[None]:
    """Start the bot (polling, or webhook registration) and stop it on exit."""
    await bot.initialize()
    await bot.start()
    if bot.updater is not None:
        await bot.updater.start_polling(drop_pending_updates=False)
        logger.info("Telegram bot started in polling mode")
    else:
        await _register_webhook(bot, settings)

    try:
        yield
    finally:
        if bot.updater is not None and bot.updater.running:
            await bot.updater.stop()
        await bot.stop()
        await bot.shutdown()
        logger.info("Telegram bot stopped")


async def _register_webhook(bot: BotApplication, settings: Settings) -> None:
    public_url = settings.server.public_url
    secret = settings.telegram.webhook_secret
    if public_url is None or secret is None:
        msg = "Webhook mode needs server.public_url and telegram.webhook_secret."
        raise RuntimeError(msg)
    await bot.bot.set_webhook(
        url=public_url.rstrip("/") + WEBHOOK_PATH,
        secret_token=secret.get_secret_value(),
        allowed_updates=Update.ALL_TYPES,
    )
    logger.info("Telegram bot started in webhook mode")
