"""One process: database, vault, web server, Telegram bot and scheduler in one event loop.

Start order: settings (given) → database (migrated, synced with the config) → vault → face
models → web application → Telegram bot → scheduler; stop order is the reverse. SIGTERM and
SIGINT stop the process cleanly.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from aiohttp import web

from admin_web.keys import FACES_KEY
from attendance.database import open_database
from attendance.ledger import Ledger
from attendance.seed import sync_district
from attendance.vault import Vault, load_vault
from bot.application import add_webhook_route, build_application, running_bot
from bot.services import BotServices
from config.settings import Settings
from recognition.errors import RecognitionError
from recognition.service import FaceService
from scheduler.runner import running_scheduler
from service.web import create_web_app

logger = logging.getLogger(__name__)


def open_vault(settings: Settings) -> Vault:
    """Open the vault from the configured key file (created under data/ on first start)."""
    path = settings.privacy.key_file or settings.data_dir / "vault.key"
    vault, created = load_vault(path)
    if created:
        logger.warning("Created a new vault key file at %s; back it up offline", path)
    return vault


@asynccontextmanager
async def opened_faces(settings: Settings) -> AsyncIterator[FaceService | None]:
    """Load the face models once; without them check-ins are refused, never accepted."""
    try:
        faces = await FaceService.open(settings.recognition)
    except RecognitionError as err:
        logger.critical("Face engine unavailable (%s); chat check-ins will be refused", err.code)
        yield None
        return
    logger.info("Face engine loaded: %s", faces.verifier.model_key)
    try:
        yield faces
    finally:
        await faces.aclose()


@asynccontextmanager
async def serving_web(app: web.Application, host: str, port: int) -> AsyncIterator[None]:
    """Serve `app` on host:port until the block ends."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    logger.info("HTTP server listening on %s:%s", host, port)
    try:
        yield
    finally:
        await runner.cleanup()
        logger.info("HTTP server stopped")


async def run(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run the service until `stop` is set or the process gets SIGTERM/SIGINT."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    async with AsyncExitStack() as stack:
        await stack.enter_async_context(open_database(settings.database_url))
        await sync_district(settings.district)
        vault = open_vault(settings)
        ledger = Ledger(settings.district)
        faces = await stack.enter_async_context(opened_faces(settings))

        app = create_web_app(settings, ledger, vault)
        if faces is not None:
            app[FACES_KEY] = faces  # face enrollment uploads in the web admin
        bot = build_application(settings, BotServices(settings, ledger, vault, faces))
        if bot is None:
            logger.info("Telegram bot is off: no token configured (SREGEP_TELEGRAM__TOKEN)")
        elif settings.telegram.mode == "webhook" and settings.telegram.webhook_secret:
            add_webhook_route(app, bot, settings.telegram.webhook_secret.get_secret_value())

        await stack.enter_async_context(
            serving_web(app, settings.server.host, settings.server.port)
        )
        if bot is not None:
            await stack.enter_async_context(running_bot(bot, settings))
        await stack.enter_async_context(running_scheduler(ledger, settings, bot))

        logger.info("Si-Sregep is running for district %s", settings.district.code)
        await stop.wait()
        logger.info("Stopping")

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.remove_signal_handler(signum)
