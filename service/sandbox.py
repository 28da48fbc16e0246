"""The sandbox: the whole service against the built-in fake Telegram, for trying it without a bot.

`sregep sandbox serve` starts the fake Bot API on localhost and the service with its bot pointed
at it (polling), a camat group (id -1000000000001) and one camat admin (user 500). It listens on
port 8082 (the real service's 8080 stays free) and keeps its data under ``data/sandbox/``. Then
`sregep sandbox send` acts as any user: it posts a text, a photo file or a location to the fake's
control route and prints what the bot answered.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from typing import Any

import aiohttp
from pydantic import SecretStr

from bot.sandbox import SANDBOX_ADMIN, SANDBOX_GROUP, FakeBotApi
from config.settings import Settings
from service.process import run

logger = logging.getLogger(__name__)

SANDBOX_DIR = "sandbox"


def sandbox_settings(settings: Settings, fake: FakeBotApi) -> Settings:
    """Return `settings` with the bot pointed at the fake and the sandbox camat group.

    The sandbox keeps its own SQLite file and vault key under ``<data_dir>/sandbox/``, whatever
    ``DATABASE_URL`` says: its made-up people and its fake bot must never meet a real database,
    whose queued messages the fake would otherwise swallow.
    """
    data_dir = settings.data_dir / SANDBOX_DIR
    telegram = settings.telegram.model_copy(
        update={
            "token": SecretStr(fake.token),
            "mode": "polling",
            "base_url": fake.base_url,
            "base_file_url": fake.base_file_url,
            "camat_chat_id": SANDBOX_GROUP,
            "admin_user_ids": (SANDBOX_ADMIN,),
        }
    )
    return settings.model_copy(
        update={
            "telegram": telegram,
            "data_dir": data_dir,
            "database_url": f"sqlite://{data_dir / 'sregep.sqlite3'}",
            "privacy": settings.privacy.model_copy(update={"key_file": None}),
        }
    )


async def run_sandbox(
    settings: Settings, telegram_port: int, stop: asyncio.Event | None = None
) -> None:
    """Run the fake Bot API and the service against it until stopped."""
    fake = FakeBotApi()
    await fake.start(port=telegram_port)
    fake.members[(SANDBOX_GROUP, SANDBOX_ADMIN)] = "administrator"
    logger.info("Fake Telegram Bot API listening on 127.0.0.1:%s", telegram_port)
    try:
        await run(sandbox_settings(settings, fake), stop)
    finally:
        await fake.stop()


async def send_as_user(
    telegram_port: int,
    user_id: int,
    *,
    group: bool = False,
    text: str | None = None,
    photo: bytes | None = None,
    location: dict[str, Any] | None = None,
    wait_s: float = 20.0,
) -> list[str]:
    """Post one message as `user_id` to the sandbox and return the bot's replies."""
    body: dict[str, Any] = {"user_id": user_id, "group": group, "wait_s": wait_s}
    if text:
        body["text"] = text
    if photo is not None:
        body["photo_b64"] = base64.b64encode(photo).decode()
    if location is not None:
        body["location"] = location

    url = f"http://127.0.0.1:{telegram_port}/sandbox/message"
    timeout = aiohttp.ClientTimeout(total=wait_s + 30)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(url, json=body) as response,
    ):
        payload = await response.json()
        if response.status != 200:
            raise ValueError(str(payload.get("error", payload)))
    replies: list[str] = payload["replies"]
    return replies
