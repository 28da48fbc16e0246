"""The Telegram side of the process: building the python-telegram-bot Application and running it.

The bot runs inside the service's event loop, beside the aiohttp server. In polling mode its
updater long-polls Telegram; in webhook mode Telegram posts to ``/telegram/webhook`` on our own
server, which checks the secret-token header before handing the update over.

Handler groups: ``-1`` drops updates delivered twice; ``0`` holds the conversations and commands,
then the fallbacks that answer any other private message; ``1`` follows live-location updates.
One error handler logs what broke (ids only) and makes sure the person always gets an answer.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import group, status, texts
from bot.checkin import checkin_handlers, location_outside_flow
from bot.enrollment import enrollment_handler
from bot.guard import drop_repeated_update
from bot.leave import leave_handlers
from bot.registration import start
from bot.review import review_handler
from bot.services import SERVICES_KEY, BotServices
from config.settings import Settings

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name

BotApplication = Application[Any, Any, Any, Any, Any, Any]
Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS


def build_application(
    settings: Settings, services: BotServices | None = None
) -> BotApplication | None:
    """Build the bot with all its handlers, or return None when no token is configured."""
    telegram = settings.telegram
    if telegram.token is None:
        return None

    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(telegram.token.get_secret_value())
        .rate_limiter(AIORateLimiter(max_retries=3))
    )
    if telegram.base_url:
        builder = builder.base_url(telegram.base_url)
    if telegram.base_file_url:
        builder = builder.base_file_url(telegram.base_file_url)
    if telegram.mode == "webhook":
        builder = builder.updater(None)

    application = builder.build()
    if services is not None:
        application.bot_data[SERVICES_KEY] = services
    add_handlers(application)
    return application


def add_handlers(application: BotApplication) -> None:
    """Register every handler of the bot."""
    application.add_handler(TypeHandler(Update, drop_repeated_update), group=-1)

    conversation, live_location = checkin_handlers()
    application.add_handler(CommandHandler("start", start, filters=PRIVATE))
    application.add_handler(conversation)
    application.add_handler(enrollment_handler())
    application.add_handler(review_handler())
    application.add_handlers(leave_handlers())

    private_commands: tuple[tuple[str, Callback], ...] = (
        ("status", status.status),
        ("riwayat", status.history),
        ("bantuan", status.help_text),
        ("help", status.help_text),
    )
    for command, callback in private_commands:
        application.add_handler(CommandHandler(command, callback, filters=PRIVATE))
    buttons: tuple[tuple[str, Callback], ...] = (
        (texts.BUTTON_STATUS, status.status),
        (texts.BUTTON_HISTORY, status.history),
        (texts.BUTTON_HELP, status.help_text),
    )
    for label, callback in buttons:
        application.add_handler(MessageHandler(PRIVATE & filters.Text([label]), callback))

    group_commands: tuple[tuple[str, Callback], ...] = (
        ("rekap", group.recap),
        ("belum", group.missing),
        ("terlambat", group.late),
        ("desa", group.village_detail),
        ("daftar", group.register_person),
        ("umumkan", group.announce),
        ("bantuan", group.group_help),
    )
    for command, callback in group_commands:
        application.add_handler(CommandHandler(command, callback, filters=GROUPS))

    # Last in its group: a private message nothing above took still gets an answer. A new
    # location message is answered by the check-in module (it knows whether a check-in waits);
    # live-location updates are edited messages, left to group 1.
    fresh = PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(fresh & filters.LOCATION, location_outside_flow))
    application.add_handler(MessageHandler(fresh & ~filters.LOCATION, status.unknown_message))

    application.add_handler(live_location, group=1)
    application.add_error_handler(on_error)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with ids only, and tell the person something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error(
        "Update %s failed; the sender was told to retry", update_id, exc_info=context.error
    )
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.SOMETHING_WENT_WRONG)
        except Exception:
            logger.exception("Could not tell chat of update %s about the failure", update_id)


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
        await bot.updater.start_polling(
            allowed_updates=Update.ALL_TYPES, drop_pending_updates=False, timeout=10
        )
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
